"""The participant's app as a widget (no browser): the step menu, Previous and Next, the lesson
pages laid out with their forms, a part built once, the language followed at once."""
from __future__ import annotations

import json

import pytest

from helpers import i18n, lessons, model
from helpers.i18n import t
from helpers.ui import FORMS, app
from helpers.ui.base import Session

from widgetkit import on_disk, texts



def test_the_app_opens_at_the_check_in_with_every_part_in_the_menu(session):
    a = app(session)
    assert a.part == "checkin"
    assert [v for _label, v in a.menu.options] == list(model.PARTS)
    assert [label for label, _v in a.menu.options][1] == t("app.part.audience", "nl")
    assert a.previous.disabled and not a.next.disabled
    assert a.next.description == t("app.next", "nl", part=t("app.part.audience", "nl"))
    assert "Inchecken" in texts(a.page)


def test_previous_next_and_the_menu_move_through_the_parts(session):
    a = app(session)
    a.next.click()
    assert a.part == "audience" and a.menu.value == "audience"
    assert "Doelgroep" in texts(a.page) and t("app.where", "nl", at=2, total=len(model.PARTS), done=0) in a.where.value
    a.menu.value = "debrief"
    assert a.part == "debrief" and a.next.description == t("app.next", "nl", part=t("app.part.start", "nl"))
    a.next.click()                                  # after the workshop: the self-study start page
    assert a.part == "start" and t("selfstudy.col.part", "nl") in texts(a.page)
    a.menu.value = "report"                         # the last part: the full report
    assert a.part == "report" and a.next.disabled and a.next.description == t("app.end", "nl")
    a.previous.click()
    assert a.part == "measure" and t("measureform.nothing_yet", "nl") in texts(a.page)
    a.menu.value = "debrief"
    a.previous.click()
    assert a.part == "team"


def test_a_part_shows_its_lesson_page_and_its_forms_where_the_page_places_them(session):
    a = app(session)
    a.show("channels")
    view = a.page.children[0]
    page = [c for c in lessons.cells("channels", "nl")]
    assert len(view.children) == sum(1 if c.html else len(c.forms) for c in page)
    assert view.children[0].value == page[0].html            # the header of the page, as written there
    assert any(type(child).__name__ == "ChannelsForm" for child in view.children)
    assert "Volgende:" not in texts(view)                     # the page's link onwards: the app has Next


def test_a_part_is_built_once_and_comes_back_as_it_was_left(session):
    a = app(session)
    a.show("goals")
    first = a.page.children[0]
    a.show("audience")
    a.show("goals")
    assert a.page.children[0] is first


def test_the_next_part_is_built_while_this_one_is_read(session):
    a = app(session)
    a.show("audience")
    ready = a._views.get(("nl", "goals", session.group))
    assert ready is not None and ready.comm is not None
    a.next.click()
    assert a.page.children[0] is ready


def test_a_part_built_earlier_shows_what_other_parts_changed_since(session):
    """Step 4 is built while step 3 is read; the channels chosen in step 3 are its rows."""
    a = app(session)
    a.show("channels")                      # step 4 is built now, before any channel is chosen
    content = a._views[("nl", "content", session.group)]
    assert "LinkedIn" not in texts(content)
    session.change(("channels", "chosen"), ["linkedin"])
    a.next.click()
    assert a.page.children[0] is content and "LinkedIn" in texts(content)


def test_a_part_opened_before_the_group_asks_for_one_and_is_built_again_after(workspace):
    s = Session(workspace, delay=0.01)
    Session.reset(s)
    a = app(s)
    a.show("audience")
    assert t("ui.no_group", "nl") in texts(a.page)
    s.open("Team Later")
    a.show("checkin")
    a.show("audience")
    assert t("ui.no_group", "nl") not in texts(a.page)



def test_the_first_page_loads_no_charts_and_step_1_is_built_once_a_group_is_chosen(tmp_path):
    """A room opens the app all at once, one kernel per participant: the check-in page needs no
    pandas, Altair or chart renderer, and step 1 is not built for nothing before the group is chosen.
    In a fresh interpreter, since this one has long imported them all."""
    import subprocess
    import sys

    script = """
import sys
from helpers import ui
from helpers.store import Workspace
from helpers.ui.base import Session
s = Session(Workspace(sys.argv[1]), delay=0.01)
Session.reset(s)
a = ui.app(s)
heavy = ["pandas", "altair", "vl_convert", "openpyxl", "helpers.charts", "helpers.ui.audience_form"]
print("first:", sorted(m for m in heavy if m in sys.modules), a.part, len(a._views))
s.open("Team Vroeg")
print("after:", "helpers.ui.audience_form" in sys.modules, ("nl", "audience", "Team Vroeg") in a._views)
"""
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "ws")], capture_output=True, text=True,
                         timeout=120, env={**__import__("os").environ, "WORKSHOP_LANG": "nl"})
    assert out.returncode == 0, out.stderr[-2000:]
    said = {line.split(":")[0]: line for line in out.stdout.splitlines() if line.startswith(("first:", "after:"))}
    assert said["first"] == "first: [] checkin 1", out.stdout
    assert said["after"] == "after: True True", out.stdout

def test_a_part_done_is_marked_and_the_participant_stays_where_they_are(session):
    """Marking a part done relabels the menu; that must not send the participant to the first part."""
    a = app(session)
    a.show("audience")
    session.change(("checkin", "people", "Noor"), {"mood": 4, "word": "gretig"})
    session.flush()
    a._show_menu()
    assert a.part == "audience" and a.menu.value == "audience"
    assert [label for label, _v in a.menu.options][0].startswith("✓ ")
    assert t("app.where", "nl", at=2, total=len(model.PARTS), done=1) in a.where.value
    assert on_disk(session).checkin.people["Noor"].word == "gretig"


def test_the_app_speaks_the_groups_language_at_once(session):
    a = app(session)
    a.show("goals")
    before = a.page.children[0]
    session.change(("language",), "en")
    i18n.set_language("en")
    assert [label for label, _v in a.menu.options][2] == t("app.part.goals", "en")
    assert "SMART goals" in texts(a.page) and a.part == "goals"
    assert before.comm is None   # the Dutch page is closed, with its forms and listeners


def test_every_form_a_lesson_page_calls_exists():
    for lang in i18n.LANGUAGES:
        for part in model.PARTS:
            for cell in lessons.cells(part, lang):
                assert set(cell.forms) <= set(FORMS), (part, lang, cell.forms)


def test_a_lesson_page_is_read_as_written_and_raw_html_is_not_run(tmp_path, monkeypatch):
    (tmp_path / "nl").mkdir()
    page = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Stap 3 · Test\n", "\n", "**Vraag:** <script>x()</script> Wat?"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["from helpers import ui\n", "ui.channels()"]},
        {"cell_type": "markdown", "metadata": {}, "source": "**Kernpunten**\n\n- een\n\n**Volgende:** [Stap 4](04-x.ipynb)"},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "nl" / "03-test.ipynb").write_text(json.dumps(page), encoding="utf-8")
    monkeypatch.setattr(lessons, "NOTEBOOKS", tmp_path)
    cells = lessons.cells("channels", "nl")
    assert [bool(c.html) for c in cells] == [True, False, True]
    assert "<h1>Stap 3 · Test</h1>" in cells[0].html and "<script>" not in cells[0].html
    assert "&lt;script&gt;" in cells[0].html
    assert cells[1].forms == ("channels",)
    assert "Volgende" not in cells[2].html and "<li>een</li>" in cells[2].html
    assert lessons.title("channels", "nl") == "Stap 3 · Test"
    assert lessons.cells("goals", "nl") == [] and lessons.title("nope", "nl") == ""


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_part_has_a_page_in_both_languages(lang):
    assert all(lessons.page(part, lang) is not None for part in model.PARTS)
