"""Widget tests for step 2: goals with a live SMART check."""
from __future__ import annotations

import datetime as dt

import pytest

from helpers.i18n import set_language

from helpers.store import Workspace
from helpers import smart
from helpers.ui.base import Session, message_of
from helpers.ui.goals_form import goals
from tests.widgetkit import on_disk

SMART_NL = "Tegen het einde van 2027 zal ik het aantal fans op de Facebook-pagina met 10% verhogen."
VAGUE_NL = "Ik zal mijn aantal fans op sociale mediaplatforms vergroten."


def test_a_new_form_starts_with_one_goal_and_checks_it_live(session):
    form = goals(session)
    card = form.cards.children[0]
    card.sentence.value = VAGUE_NL
    assert "0 van de 5" in card.verdict.value
    card.sentence.value = SMART_NL
    card.org_goal.value = "awareness"
    assert "5 van de 5" in card.verdict.value
    doc = on_disk(session)
    goal = doc.goals[0]
    assert goal.sentence == SMART_NL and goal.org_goal == "awareness"
    # the verdict is computed when shown (form, one-pager, exports), never frozen into the document
    assert smart.verdict(goal) == {k: True for k in ("specific", "measurable", "achievable", "relevant", "time_bound")}
    assert goal.smart.model_dump() == {k: False for k in ("specific", "measurable", "achievable", "relevant",
                                                          "time_bound")}
    assert goal.phase == "see"  # suggested from the organisation goal
    assert "bereik" in [k.lower() for k in card.kpi.options] or card.kpi.options


def test_structured_fields_are_saved_and_shown_again(session):
    form = goals(session)
    card = form.cards.children[0]
    card.kpi.value = "Aantal volgers"
    card.platform.value = "Instagram"
    card.baseline.value = "1.800" if False else "1800"
    card.target.value = "2500,5"
    card.deadline.text.value = "30-6-2027"
    form.add.click()
    form.cards.children[1].sentence.value = "Meer leads via LinkedIn"
    doc = on_disk(session)
    assert (doc.goals[0].kpi, doc.goals[0].platform, doc.goals[0].baseline, doc.goals[0].target) == (
        "Aantal volgers", "Instagram", 1800.0, 2500.5)
    assert doc.goals[0].deadline == dt.date(2027, 6, 30)
    assert doc.goals[1].sentence == "Meer leads via LinkedIn"

    again = Session(Workspace(session.workspace.root), delay=0.01)
    Session.reset(again)
    form2 = goals(again)
    assert len(form2.cards.children) == 2
    c = form2.cards.children[0]
    assert (c.kpi.value, c.baseline.value, c.target.value, c.deadline.value) == ("Aantal volgers", "1800", "2500.5",
                                                                                 dt.date(2027, 6, 30))
    assert c.deadline.text.value == "30 juni 2027"


def test_removing_a_goal_keeps_the_others(session):
    form = goals(session)
    form.add.click()
    form.add.click()
    for i, text in enumerate(("een", "twee", "drie")):
        form.cards.children[i].sentence.value = text
    form.cards.children[1].remove.click()
    assert [g.sentence for g in on_disk(session).goals] == ["een", "drie"]
    assert len(form.cards.children) == 2


@pytest.mark.parametrize("value,expected", [
    ("veel", "geen getal"), ("-5", "minstens 0"), ("1e400", "gewoon getal"),
])
def test_bad_numbers_get_a_message_beside_the_field(session, value, expected):
    form = goals(session)
    card = form.cards.children[0]
    card.baseline.value = "100"
    card.baseline.value = value
    assert expected in message_of(card.baseline)
    assert on_disk(session).goals[0].baseline == 100.0


def test_hostile_sentences_give_messages_and_escape(session, monkeypatch):
    set_language("en")  # the group's language (WORKSHOP_LANG only holds until a group is open)
    form = goals(session)
    card = form.cards.children[0]
    card.sentence.value = "<script>alert(1)</script> 10% more followers on Instagram by June 2027"
    assert "<script>" not in card.verdict.value
    card.sentence.value = "x" * 10_000
    assert "too long" in message_of(card.sentence)
    assert on_disk(session).goals[0].sentence.startswith("<script>")
    card.deadline.text.value = "1 January 2020"
    assert message_of(card.deadline) == "This date is in the past."
    assert on_disk(session).goals[0].deadline == dt.date(2020, 1, 1)


def test_a_goal_card_gives_its_goal_as_value(session):
    form = goals(session)
    card = form.cards.children[0]
    card.sentence.value = "Meer leads via LinkedIn"
    session.flush()
    assert card.value["sentence"] == "Meer leads via LinkedIn" and card.value["id"] == card.row_id
    assert form.value[0]["id"] == card.row_id
