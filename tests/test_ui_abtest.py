"""Widget tests for the A/B test form (ui.abtest(), the measuring path): type as a person would,
read the document on disk and the result box's words, in Dutch and in English."""
from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest

from helpers import abtest, model
from helpers.i18n import set_language
from helpers.store import Workspace
from helpers.ui import FORMS
from helpers.ui.abtest_form import MAX_TESTS, abtest as abtest_form
from helpers.ui.base import Session, message_of
from tests.widgetkit import on_disk, texts

from conftest import ROOT

#: a newsletter's subject line, with and without an emoji: 36 of 1,200 against 59 of 1,180
COUNTS = {("a", "shown"): 1200, ("a", "converted"): 36, ("b", "shown"): 1180, ("b", "converted"): 59}
TYPED = {"nl": {("a", "shown"): "1.200", ("a", "converted"): "36", ("b", "shown"): "1.180", ("b", "converted"): "59"},
         "en": {("a", "shown"): "1,200", ("a", "converted"): "36", ("b", "shown"): "1,180", ("b", "converted"): "59"}}


def words(widget) -> list[str]:
    """The lines an HTML widget shows, as read (tags out, entities back)."""
    text = html.unescape(re.sub(r"<[^>]+>", "\n", widget.value))
    return [line.strip() for line in text.splitlines() if line.strip()]


def expected(lang: str) -> list[str]:
    """What helpers.abtest says about COUNTS, line by line."""
    result = abtest.compare(36, 1200, 59, 1180)
    return [line for line in abtest.summary(result, lang).split("\n") if line]


def fill(card, lang: str = "nl") -> None:
    card.name.value = "Onderwerpregel nieuwsbrief"
    card.variant_name["a"].value = "Zonder emoji"
    card.variant_name["b"].value = "Met emoji 🎉"
    for where, text in TYPED[lang].items():
        card.counts[where].value = text


def english_session(workspace) -> Session:
    s = Session(workspace, delay=0.01)
    s.open("Team Test", language="en")
    Session.reset(s)
    return s


def test_ui_abtest_is_a_form_imported_only_when_asked_for():
    from helpers import ui

    assert "abtest" in ui.__all__ and "abtest" in FORMS and ui.abtest is abtest_form
    code = "import sys, helpers.ui; print('helpers.ui.abtest_form' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr[-2000:]


def test_a_new_form_has_no_test_yet_and_says_how_to_start(session):
    form = abtest_form(session)
    assert form.cards.children == () and form.empty.layout.display != "none"
    assert "Nog geen tests" in texts(form.empty)
    assert on_disk(session).measure.tests == []  # looking at the form writes nothing
    form.add.click()
    assert len(form.cards.children) == 1 and form.empty.layout.display == "none"


def test_a_test_typed_in_dutch_is_saved_and_read_back_in_plain_words(session):
    form = abtest_form(session)
    form.add.click()
    card = form.cards.children[0]
    fill(card, "nl")
    test = on_disk(session).measure.tests[0]
    assert (test.name, test.variant_a, test.variant_b) == ("Onderwerpregel nieuwsbrief", "Zonder emoji", "Met emoji 🎉")
    assert (test.a_shown, test.a_converted, test.b_shown, test.b_converted) == (1200, 36, 1180, 59)
    assert card.value["a_shown"] == 1200 and form.value[0]["id"] == card.row_id

    shown = words(card.result)
    assert shown[0] == "Wat zeggen de cijfers?"
    assert "A is ‘Zonder emoji’ en B is ‘Met emoji 🎉’." in shown
    assert "Variant A: 3% (36 van 1.200)" in shown and "Variant B: 5% (59 van 1.180)" in shown
    for line in expected("nl"):  # rates, difference with its interval, p-value, verdict: as abtest says them
        assert line in shown
    result = abtest.compare(36, 1200, 59, 1180)
    assert result.significant and abtest.verdict(result, "nl").startswith("B doet het beter dan A")
    assert abtest.verdict(result, "nl") in shown
    assert f"<b>{html.escape(abtest.verdict(result, 'nl'))}</b>" in card.result.value  # the verdict stands out
    needed = f"{result.needed_per_variant:,}".replace(",", ".")  # 1.506, as a Dutch reader writes it
    assert f"Om een verschil van deze grootte betrouwbaar te zien, heeft elke variant ongeveer {needed} mensen nodig." \
        in shown


def test_a_test_typed_in_english_reads_1_200_and_speaks_english(workspace):
    s = english_session(workspace)
    form = abtest_form(s)
    form.add.click()
    card = form.cards.children[0]
    fill(card, "en")
    test = on_disk(s).measure.tests[0]
    assert (test.a_shown, test.a_converted, test.b_shown, test.b_converted) == (1200, 36, 1180, 59)
    shown = words(card.result)
    assert shown[0] == "What do the numbers say?"
    assert "Variant A: 3% (36 of 1,200)" in shown and "Variant B: 5% (59 of 1,180)" in shown
    for line in expected("en"):
        assert line in shown
    assert any(line.startswith("B does better than A") for line in shown)
    assert "each variant needs about 1,506 people." in card.result.value
    assert card.counts["a", "shown"].description == "Seen by" and card.counts["a", "converted"].description == "Did it"
    # "1.200" is one point two in English: not a whole number, said beside the field, nothing saved
    card.counts["b", "shown"].value = "1.200"
    assert message_of(card.counts["b", "shown"]) == "1.200 is not a whole number; type a number of people or " \
                                                    "conversions, such as 1,200."
    assert on_disk(s).measure.tests[0].b_shown == 1180


def test_the_result_follows_the_typing_and_waits_for_all_four_numbers(session):
    form = abtest_form(session)
    form.add.click()
    card = form.cards.children[0]
    assert words(card.result)[1].startswith("Vul bij beide varianten in")
    card.counts["a", "shown"].value = "1.200"
    card.counts["a", "converted"].value = "36"
    card.counts["b", "shown"].value = "1.180"
    assert words(card.result)[1].startswith("Vul bij beide varianten in")
    card.counts["b", "converted"].value = "5"
    assert "Variant B: 0,42% (5 van 1.180)" in words(card.result)
    card.counts["b", "converted"].value = "59"
    assert "Variant B: 5% (59 van 1.180)" in words(card.result)
    card.counts["b", "converted"].value = ""  # emptied: saved as no number, the result waits again
    assert on_disk(session).measure.tests[0].b_converted is None
    assert words(card.result)[1].startswith("Vul bij beide varianten in")
    card.counts["b", "shown"].value = "0"
    card.counts["b", "converted"].value = "0"  # nobody saw B: the sentence of abtest, not a figure
    assert words(card.result)[1] == "⚠ Variant B is nog aan niemand getoond: typ hoeveel mensen hem zagen."


def test_another_kernel_sees_the_test_and_its_changes_reach_this_form(session):
    form = abtest_form(session)
    form.add.click()
    fill(form.cards.children[0], "nl")
    session.flush()

    other = Session(Workspace(session.workspace.root), delay=0.01)  # another kernel, same workspace
    assert other.group == "Team Test"
    form2 = abtest_form(other)
    assert len(form2.cards.children) == 1
    card2 = form2.cards.children[0]
    assert card2.name.value == "Onderwerpregel nieuwsbrief" and card2.variant_name["b"].value == "Met emoji 🎉"
    assert [card2.counts[w].value for w in COUNTS] == ["1.200", "36", "1.180", "59"]  # as a Dutch reader writes them
    assert words(card2.result) == words(form.cards.children[0].result)
    other.close()


def test_counts_typed_on_another_laptop_reach_the_result_here(session):
    form = abtest_form(session)
    form.add.click()
    card = form.cards.children[0]
    card.counts["a", "shown"].value = "1.200"
    card.counts["a", "converted"].value = "36"
    session.flush()

    other = Session(Workspace(session.workspace.root), delay=0.01)
    form2 = abtest_form(other)
    form2.cards.children[0].counts["b", "shown"].value = "1.180"
    form2.cards.children[0].counts["b", "converted"].value = "40"
    form2.add.click()
    form2.cards.children[1].name.value = "Knoptekst"
    other.flush()
    session.reload()  # what the follow thread does within a second
    assert card.counts["b", "shown"].value == "1.180" and card.counts["b", "converted"].value == "40"
    assert "Variant B: 3,39% (40 van 1.180)" in words(card.result)
    assert abtest.verdict(abtest.compare(36, 1200, 40, 1180), "nl") in words(card.result)
    assert len(form.cards.children) == 2 and form.cards.children[1].name.value == "Knoptekst"
    other.close()


@pytest.mark.parametrize("where, typed, said", [
    (("a", "shown"), "veel", "veel is geen getal; typ het bijvoorbeeld als 1.200 of 2,5."),
    (("a", "converted"), "-5", "-5 is kleiner dan nul; een aantal mensen kan dat niet zijn."),
    (("b", "shown"), "1,5", "1,5 is geen heel getal; typ een aantal mensen of conversies, zoals 1.200."),
    (("b", "shown"), "1.20", "1.20 is geen getal; typ het bijvoorbeeld als 1.200 of 2,5."),
    (("a", "converted"), "2.000",
     "Meer mensen deden het (2.000) dan er deze variant zagen (1.200); dat kan niet. Kijk beide getallen na."),
    (("b", "shown"), "50",
     "Minder mensen zagen deze variant (50) dan er het deden (59); dat kan niet. Kijk beide getallen na."),
])
def test_bad_input_is_said_beside_its_field_and_the_saved_number_stays(session, where, typed, said):
    form = abtest_form(session)
    form.add.click()
    card = form.cards.children[0]
    fill(card, "nl")
    card.counts[where].value = typed
    assert message_of(card.counts[where]) == said
    assert [message_of(card.counts[w]) for w in COUNTS if w != where] == ["", "", ""]
    test = on_disk(session).measure.tests[0]
    assert (test.a_shown, test.a_converted, test.b_shown, test.b_converted) == tuple(COUNTS.values())
    assert "Variant A: 3% (36 van 1.200)" in words(card.result)  # the result is of what is saved
    card.counts[where].value = TYPED["nl"][where]  # typed right again: the message goes
    assert message_of(card.counts[where]) == ""


def test_a_refused_count_is_saved_once_the_other_count_makes_it_fit(session):
    form = abtest_form(session)
    form.add.click()
    card = form.cards.children[0]
    card.counts["a", "shown"].value = "100"
    card.counts["a", "converted"].value = "150"
    assert message_of(card.counts["a", "converted"]).startswith("Meer mensen deden het (150)")
    assert on_disk(session).measure.tests[0].a_converted is None
    card.counts["a", "shown"].value = "1.000"  # the participant finds the typo in the other field
    assert message_of(card.counts["a", "converted"]) == ""
    test = on_disk(session).measure.tests[0]
    assert (test.a_shown, test.a_converted) == (1000, 150)


def test_removing_a_test_asks_a_second_click_and_keeps_the_others(session):
    form = abtest_form(session)
    for _ in range(3):
        form.add.click()
    for card, name in zip(form.cards.children, ("een", "twee", "drie")):
        card.name.value = name
    middle = form.cards.children[1]
    middle.remove.click()
    assert middle.remove.description == "Zeker weten? Klik nog eens"
    assert [t.name for t in on_disk(session).measure.tests] == ["een", "twee", "drie"]
    middle.name.value = "twee!"  # typing on in the card: the question is off
    assert middle.remove.description == "Test weghalen"
    middle.remove.click()
    middle.remove.click()
    assert [t.name for t in on_disk(session).measure.tests] == ["een", "drie"]
    assert len(form.cards.children) == 2
    assert [words(c.title) for c in form.cards.children] == [["Test 1"], ["Test 2"]]


def test_a_plan_holds_twenty_tests_at_most(session):
    form = abtest_form(session)
    for _ in range(MAX_TESTS):
        form.add.click()
    assert len(on_disk(session).measure.tests) == MAX_TESTS and form.add.disabled


def test_names_are_escaped_and_a_too_long_name_is_refused_in_words(session):
    form = abtest_form(session)
    form.add.click()
    card = form.cards.children[0]
    fill(card, "nl")
    card.variant_name["a"].value = "<script>alert(1)</script>"
    assert "<script>" not in card.result.value and "‘<script>alert(1)</script>’" in " ".join(words(card.result))
    card.name.value = "x" * 1000
    assert message_of(card.name)
    assert on_disk(session).measure.tests[0].name == "Onderwerpregel nieuwsbrief"


@pytest.mark.parametrize("lang, baseline, difference", [("nl", "2,5%", "0,5"), ("en", "2.5%", "0.5")])
def test_the_planning_box_gives_the_people_abtest_plan_gives_and_stores_nothing(workspace, lang, baseline,
                                                                                 difference):
    s = Session(workspace, delay=0.01)
    s.open("Team Test", language=lang)
    Session.reset(s)
    form = abtest_form(s)
    before = on_disk(s).model_dump(mode="json", exclude={"updated_at"})
    assert words(form.planner.answer)[0].startswith("Vul beide getallen in" if lang == "nl" else "Fill in both numbers")
    form["baseline"].value = baseline
    form["difference"].value = difference
    needed = abtest.plan(0.025, 0.005)
    assert needed == 16792
    assert words(form.planner.answer) == [abtest.plan_summary(0.025, 0.005, lang)]
    assert (f"{needed:,}" if lang == "en" else f"{needed:,}".replace(",", ".")) in form.planner.answer.value
    assert on_disk(s).model_dump(mode="json", exclude={"updated_at"}) == before  # a calculator only
    assert "baseline" not in str(model.Measure.model_fields)


def test_the_planning_box_says_what_is_wrong_beside_the_field_or_in_the_answer(session):
    form = abtest_form(session)
    planner = form.planner
    planner.baseline.value = "veel"
    planner.difference.value = "0,5"
    assert message_of(planner.baseline) == "" and "veel is geen getal" in texts(planner.baseline_message)
    assert words(planner.answer)[0].startswith("Vul beide getallen in")
    planner.baseline.value = "150%"
    assert texts(planner.baseline_message) == ""
    assert words(planner.answer) == ["⚠ Geef het basispercentage als percentage tussen 0 en 100, bijvoorbeeld 2,5."]
    planner.baseline.value = "2,5"
    planner.difference.value = "0"
    assert words(planner.answer)[0].startswith("⚠ Geef het kleinste verschil")
    for typed in ("0,5%", "0,5 procentpunt"):  # with the unit typed too
        planner.difference.value = typed
        assert words(planner.answer) == [abtest.plan_summary(0.025, 0.005, "nl")]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_form_speaks_one_language(workspace, lang):
    from test_language_scan import problems, widget_texts

    s = Session(workspace, delay=0.01)
    s.open("Team Test", language=lang)
    Session.reset(s)
    form = abtest_form(s)
    form.add.click()
    card = form.cards.children[0]
    for where, text in TYPED[lang].items():
        card.counts[where].value = text
    form["baseline"].value = "2,5" if lang == "nl" else "2.5"
    form["difference"].value = "0,5" if lang == "nl" else "0.5"
    shown = "\n".join(widget_texts(form))
    assert problems(shown, lang, set()) == []
    assert "abtestform." not in shown and "abtest." not in shown  # no key shows


def test_without_a_group_the_form_points_to_the_checkin(workspace):
    form = abtest_form(Session(workspace, delay=0.01))
    assert "inchecken" in texts(form).lower() or "check-in" in texts(form).lower()
