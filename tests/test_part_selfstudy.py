"""The self-study start page (lesson page 07): every part done, started or not yet as the document
says, how long each takes, what to do next; following another laptop's work; in nl and en."""
from __future__ import annotations

import html
import re

import pytest

from helpers import agenda, i18n, model
from helpers.i18n import t
from helpers.strategy import status
from helpers.ui.selfstudy_form import selfstudy

from factories import complete_strategy
from widgetkit import reopened


def words(widget) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", widget.value))).strip()


def test_a_new_group_starts_at_the_check_in_and_every_part_has_its_time(session):
    form = selfstudy(session)
    assert words(form.next) == t("selfstudy.next", "nl", part=t("app.part.checkin", "nl"))
    rows = words(form.table)
    for part in model.PARTS:
        assert t(f"app.part.{part}", "nl") in rows
    assert t("selfstudy.minutes", "nl", count=agenda.minutes_of("goals")) in rows
    assert t("selfstudy.minutes", "nl", count=status.minutes("competitors")) in rows
    assert status.minutes("competitors") == 45  # data/selfstudy.yaml


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_finished_strategy_is_done_everywhere_but_the_measuring(workspace, lang):
    from helpers.ui.base import Session

    doc = complete_strategy(lang=lang)
    workspace.create(doc.group, lang)
    workspace.update(doc.group, {k: v for k, v in doc.model_dump(mode="json").items()
                                 if k not in ("schema_version", "group", "revision", "created_at", "updated_at")})
    s = Session(workspace, delay=0.01)
    s.open(doc.group)
    Session.reset(s)
    i18n.set_language(lang)
    try:
        form = selfstudy(s)
        assert words(form.next) == t("selfstudy.next", lang, part=t("app.part.measure", lang))
        states = {item.part: item.state for item in status.overview(s.doc)}
        assert all(states[p] == "done" for p in (*model.STEPS, *status.status(s.doc)) if p != "measure")
        assert states["measure"] == "todo" and states["start"] == states["report"] == ""
        assert words(form.table).count(t("selfstudy.state.done", lang)) == len(model.PARTS) - 3
    finally:
        i18n.set_language("nl")


def test_the_overview_follows_what_another_laptop_fills_in(session):
    form = selfstudy(session)
    other = reopened(session)
    other.insert(("deep_dives", "risks"), {"title": "Account gehackt", "response": "Wachtwoord wijzigen", "owner": "Noor"})
    other.flush()
    session.reload()
    form.follow(session.doc)
    assert status.status(session.doc)["risks"] == "busy"
    row = next(r for r in form.table.value.split("<tr") if html.escape(t("app.part.risks", "nl")) in r)
    assert t("selfstudy.state.busy", "nl") in row


def test_each_part_is_started_then_done_by_what_it_holds():
    doc = model.new_document("Team Stap")
    assert set(status.status(doc).values()) == {"todo"}
    doc = model.apply_changes(doc, {"deep_dives.budget.0": {"item": "Advertenties", "amount": 0}})
    assert status.status(doc)["budget"] == "busy"
    doc = model.apply_changes(doc, {f"deep_dives.budget.{doc.deep_dives.budget[0].id}.amount": 250})
    assert status.status(doc)["budget"] == "done"
    doc = model.apply_changes(doc, {"deep_dives.policy.tasks": ["Reageren"],
                                    "deep_dives.policy.raci": {"Reageren": {"Noor": "R"}},
                                    "deep_dives.guidelines_do": ["Snel reageren"],
                                    "deep_dives.guidelines_dont": ["Discussie op straat"]})
    assert status.status(doc)["policy"] == "busy"          # a task without exactly one A
    doc = model.apply_changes(doc, {"deep_dives.policy.raci": {"Reageren": {"Noor": "R", "Sem": "A"}}})
    assert status.status(doc)["policy"] == "done"
