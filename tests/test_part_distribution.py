"""Part 8, distribution and workflow (lesson page 15): the editorial formula and the workflow typed
and saved, the usual stages filled only into an empty workflow, the calendar as Hootsuite and Buffer
bulk files (their layouts, their rules said in words per post, formula text defused), hostile
values, the forms and the report section in Dutch and in English."""
from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
import re

import pytest

from helpers import model
from helpers.i18n import t
from helpers.strategy import distribution as logic
from helpers.ui.base import message_of
from helpers.ui.distribution_form import formula, publish, workflow

from widgetkit import on_disk, reopened, texts

NOW = dt.datetime(2030, 1, 1, 12, 0)


def entry(date, time, channel, title, **more) -> model.CalendarEntry:
    return model.CalendarEntry(date=dt.date.fromisoformat(date), time=time, channel=channel, title=title, **more)


ENTRIES = [entry("2030-01-07", "09:00", "instagram", "Tip van de week", audience="starters", keywords="zomer"),
           entry("2030-01-07", "09:03", "instagram", "Achter de schermen"),
           entry("2029-12-30", "10:00", "instagram", "Oud nieuws"),
           entry("2030-01-08", "10:00", "linkedin", "=HYPERLINK(\"http://x\",\"klik\")"),
           entry("2030-01-08", "10:00", "linkedin", "Tweede op hetzelfde moment"),
           entry("2030-01-09", "10:00", "linkedin", "")]


def links(widget) -> dict[str, bytes]:
    """File name -> the bytes of each download link in an HTML widget."""
    return {name: base64.b64decode(data) for name, data in
            re.findall(r'download="([^"]+)" href="data:text/csv;base64,([^"]+)"', widget.value)}


def test_hootsuite_file_layout_and_rules():
    data = logic.hootsuite_csv(ENTRIES, NOW).decode("utf-8")
    rows = list(csv.reader(io.StringIO(data)))
    # no header; date and time as dd/mm/yyyy hh:mm, the message, an empty link; only posts it accepts
    assert rows == [["07/01/2030 09:00", "Tip van de week", ""],
                    ["08/01/2030 10:00", "'=HYPERLINK(\"http://x\",\"klik\")", ""]]
    found = logic.problems(ENTRIES, "hootsuite", NOW)
    ids = [e.id for e in ENTRIES]
    assert found == {ids[1]: ["minute"], ids[2]: ["past"], ids[4]: ["slot"], ids[5]: ["empty"]}
    assert not data.startswith("\ufeff")


def test_buffer_file_layout_and_rules():
    rows = list(csv.reader(io.StringIO(logic.buffer_csv(ENTRIES, NOW).decode("utf-8"))))
    assert rows[0] == ["Text", "Image URL", "Tags", "Posting Time"]
    assert rows[1] == ["Tip van de week", "", "starters, zomer", "2030-01-07 09:00"]
    assert rows[2] == ["Achter de schermen", "", "", "2030-01-07 09:03"]  # Buffer takes any minute
    assert ["'=HYPERLINK(\"http://x\",\"klik\")", "", "", "2030-01-08 10:00"] in rows
    assert all(r[0] != "Oud nieuws" for r in rows) and len(rows) == 5


def test_a_post_is_published_as_written_only_a_formula_is_guarded():
    assert [logic.cell(t) for t in ("@bakkerij_jansen tips", "- 20% korting", "+31 6 12345678", "=1+1", "＝1")] == \
        ["@bakkerij_jansen tips", "- 20% korting", "+31 6 12345678", "'=1+1", "'＝1"]


def test_a_post_too_soon_is_refused_and_said_in_words(lang):
    soon = [entry("2030-01-01", "12:05", "instagram", "Zo meteen")]
    assert logic.problems(soon, "buffer", NOW) == {soon[0].id: ["past"]}
    said = logic.problem_sentences(soon, "buffer", NOW, lang)
    assert said == [t("distribution.left_out", lang, post=said[0].split(": ")[0], why=t("distribution.problem.past", lang))]
    assert "Instagram Zo meteen" in said[0]


def test_publish_form_gives_a_file_per_tool_and_channel_and_says_what_is_left_out(session, lang):
    for e in ENTRIES:
        session.insert(("calendar", "entries"), e.model_dump(mode="json"))
    form = publish(session)
    form.make(now=NOW)
    files = links(form.files)
    assert sorted(n.split("-")[0] for n in files) == ["buffer", "buffer", "hootsuite", "hootsuite"]
    hoot = next(v for n, v in files.items() if n.startswith("hootsuite") and "instagram" in n)
    assert hoot.decode() == "07/01/2030 09:00,Tip van de week,\r\n"
    shown = html.unescape(form.files.value)
    assert t("distribution.problem.minute", lang) in shown and t("distribution.problem.empty", lang) in shown
    assert t("distribution.download", lang, tool="Buffer", channel="Instagram", count=2) in shown
    assert "<script" not in form.files.value
    session.insert(("calendar", "entries"), entry("2030-02-01", "09:00", "x", "Nieuw").model_dump(mode="json"))
    form.follow(session.doc)
    assert html.unescape(form.files.value) == t("distribution.changed", lang)


def test_publish_without_a_calendar_says_so(session, lang):
    form = publish(session)
    form.make(now=NOW)
    assert t("distribution.no_calendar", lang) in html.unescape(form.message.value)
    assert links(form.files) == {}


def test_formula_rows_typed_saved_and_shown_again(session, lang):
    form = formula(session)
    form.slots.add_button.click()
    rid = form.slots.ids()[0]
    form.slots.cell(rid, "weekday").value = "tue"
    form.slots.cell(rid, "topic").value = "Tip van de week"
    form.slots.cell(rid, "platform").value = "Instagram"
    form.slots.cell(rid, "format").value = "carousel"
    slot = on_disk(session).deep_dives.distribution.formula[0]
    assert (slot.weekday, slot.topic, slot.platform, slot.format) == ("tue", "Tip van de week", "Instagram", "carousel")
    again = formula(reopened(session))
    assert again.slots.cell(rid, "weekday").value == "tue"
    assert again.slots.cell(rid, "topic").value == "Tip van de week"
    form.slots.cell(rid, "weekday").value = ""
    assert on_disk(session).deep_dives.distribution.formula[0].weekday is None


@pytest.mark.parametrize("typed, refused", [("<script>alert(1)</script>", False), ("=1+1", False),
                                            ("x" * 5000, True), ("a\x1bb", True)])
def test_hostile_topics_are_refused_or_kept_as_text(session, typed, refused):
    form = formula(session)
    form.slots.add_button.click()
    rid = form.slots.ids()[0]
    form.slots.cell(rid, "topic").value = "ok"
    form.slots.cell(rid, "topic").value = typed
    assert on_disk(session).deep_dives.distribution.formula[0].topic == ("ok" if refused else typed)
    assert bool(message_of(form.slots.cell(rid, "topic"))) is refused


def test_workflow_fills_the_usual_stages_only_when_empty(session, lang):
    form = workflow(session)
    form.fill.click()
    stages = on_disk(session).deep_dives.distribution.stages
    assert [s.name for s in stages] == [logic.stage_label(c, lang) for c in logic.STAGES]
    assert {s.status for s in stages} == {"todo"}
    rid = stages[0].id
    form.stages.cell(rid, "owner").value = "Sanne"
    form.stages.cell(rid, "status").value = "done"
    form.fill.click()
    assert t("distribution.already_stages", lang) in html.unescape(form.message.value)
    assert len(on_disk(session).deep_dives.distribution.stages) == len(logic.STAGES)
    again = workflow(reopened(session))
    assert again.stages.cell(rid, "owner").value == "Sanne"
    assert again.stages.cell(rid, "status").value == "done"


def test_the_section_in_both_languages():
    doc = model.Strategy(group="x")
    assert logic.section(doc, "nl") is None
    doc.deep_dives.distribution.formula = [model.FormulaSlot(weekday="fri", topic="Achter de schermen",
                                                             platform="instagram", format="story"),
                                           model.FormulaSlot(weekday="tue", topic="Tip", platform="linkedin")]
    doc.deep_dives.distribution.stages = [model.Stage(name="Idee", owner="Sanne", status="doing")]
    nl, en = logic.section(doc, "nl"), logic.section(doc, "en")
    assert (nl.key, nl.title, en.title) == ("distribution", "Distributie en werkstroom", "Distribution and workflow")
    assert nl.blocks[0].rows == (("dinsdag", "Tip", "LinkedIn", ""),
                                 ("vrijdag", "Achter de schermen", "Instagram", "Story"))
    assert en.blocks[0].rows[0] == ("Tuesday", "Tip", "LinkedIn", "")
    assert en.blocks[1].rows == (("1", "Idee", "Sanne", "in progress"),)
    assert en.blocks[1].head == ("Step", "What", "Owner", "Status")


def test_the_forms_speak_the_language(session, lang):
    assert t("distribution.formula_intro", lang) in html.unescape(texts(formula(session)))
    assert workflow(session).fill.description == t("distribution.fill_usual", lang)
    assert t("distribution.hootsuite_hint", lang) in html.unescape(texts(publish(session)))


def test_a_file_holds_no_more_posts_than_its_tool_takes():
    """Buffer takes 100 posts a file (one channel), Hootsuite 350: the 101st post for Buffer is left
    out and said in words, and the Hootsuite file still holds it."""
    start = dt.datetime(2027, 3, 1, 9, 0)
    entries = [model.CalendarEntry(date=(start + dt.timedelta(hours=6 * k)).date(),
                                   time=(start + dt.timedelta(hours=6 * k)).strftime("%H:%M"), channel="instagram",
                                   title=f"Bericht {k}") for k in range(101)]
    now = dt.datetime(2027, 2, 1, 12, 0)
    buffer = logic.problems(entries, "buffer", now)
    assert list(buffer.values()) == [["full_buffer"]] and entries[-1].id in buffer
    assert logic.problems(entries, "hootsuite", now) == {}
    said = logic.problem_sentences(entries, "buffer", now, "nl")
    assert len(said) == 1 and "Buffer neemt hoogstens 100 berichten" in said[0] and "Bericht 100" in said[0]
