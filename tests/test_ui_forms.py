"""Widget tests for check-in, team, calendar, goals and debrief: type as a person would, then
read the document on disk, reopen the form and see the answers again."""
from __future__ import annotations

import datetime as dt
import html
import time

import pytest

from helpers.i18n import set_language

from helpers.store import Workspace
from helpers.ui.base import Session, message_of

HOSTILE = ["", "x" * 10_000, "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "🌱🔥👩‍👩‍👧", "a\x00b"]


def on_disk(session, group="Team Test"):
    session.flush()
    return Workspace(session.workspace.root).load(group)


def reopen(session) -> Session:
    """A new kernel on the same machine: a fresh session that finds the current group itself."""
    s = Session(Workspace(session.workspace.root), delay=0.01)
    Session.reset(s)
    return s


# -- check-in ----------------------------------------------------------------------------------------

def test_checkin_creates_the_group_and_later_notebooks_know_it(workspace):
    from helpers.ui.checkin_form import checkin

    s = Session(workspace, delay=0.01)
    form = checkin(s)
    form.picker.name.value = "Groep Zoë 🌱"
    form.picker.button.click()
    form.person.value = "Anna"
    form.mood.value = 4
    form.word.value = "nieuwsgierig"
    doc = on_disk(s, "Groep Zoë 🌱")
    assert doc.checkin.people["Anna"].mood == 4 and doc.checkin.people["Anna"].word == "nieuwsgierig"

    again = reopen(s)
    assert again.group == "Groep Zoë 🌱"
    form2 = checkin(again)
    form2.person.value = "Anna"
    assert (form2.mood.value, form2.word.value) == (4, "nieuwsgierig")
    assert "Anna" in form2.people.value


def test_several_people_check_in_to_one_group(session):
    from helpers.ui.checkin_form import checkin

    form = checkin(session)
    for name, mood in (("Anna", 5), ("Bas", 2), ("Cem", 3)):
        form.person.value = name
        form.mood.value = mood
        form.word.value = f"woord van {name}"
    doc = on_disk(session)
    assert {n: p.mood for n, p in doc.checkin.people.items()} == {"Anna": 5, "Bas": 2, "Cem": 3}


@pytest.mark.parametrize("word", HOSTILE)
def test_checkin_hostile_words_give_messages_not_exceptions(session, word):
    from helpers.ui.checkin_form import checkin

    form = checkin(session)
    form.person.value = "Anna"
    form.mood.value = 3
    form.word.value = "eerst goed"
    form.word.value = word
    doc = on_disk(session)
    if len(word) > 200 or "\x00" in word:
        assert form.message.value and "⚠" in form.message.value
        assert doc.checkin.people["Anna"].word == "eerst goed"  # nothing saved is lost
    else:
        assert doc.checkin.people["Anna"].word == word.strip()
    assert "<script>" not in form.people.value and "<img" not in form.people.value


def test_checkin_needs_a_name_and_a_group_name(workspace, monkeypatch):
    from helpers.ui.checkin_form import checkin

    set_language("en")  # the group's language (WORKSHOP_LANG only holds until a group is open)
    s = Session(workspace, delay=0.01)
    form = checkin(s)
    form.picker.button.click()
    assert "Please fill in Your group's name" in html.unescape(form.picker.message.value)
    form.picker.name.value = "x" * 500
    form.picker.button.click()
    assert "too long" in form.picker.message.value
    form.picker.name.value = "Team Fine"
    form.picker.button.click()
    form.mood.value = 2
    assert "Please fill in Your name" in form.message.value


def test_agenda_shows_blocks_with_computed_times():
    from helpers.ui.checkin_form import agenda_table

    table = agenda_table(dt.datetime(2026, 11, 23, 9, 0)).value
    assert "09:00–09:10" in table and "09:10–09:22" in table and "10:10–10:30" in table
    assert "90" in table


# -- team ------------------------------------------------------------------------------------------------

def _row(rowlist, i) -> str:
    """The id of the row shown ``i``-th."""
    return list(rowlist.rows)[i]


def test_team_members_and_tasks_are_saved_and_shown_again(session):
    from helpers.ui.team_form import team

    form = team(session)
    form.members.add_button.click()
    form.members.add_button.click()
    first, second = _row(form.members, 0), _row(form.members, 1)
    form.members.cell(first, "name").value = "Anna"
    form.members.cell(first, "role").value = "copywriter"
    form.members.cell(second, "name").value = "Bas"
    form.tasks.add_button.click()
    title, owner, due, done = (form.tasks.cell(_row(form.tasks, 0), c) for c in ("title", "owner", "due", "done"))
    title.value = "Fotoshoot plannen"
    owner.value = "Anna"
    week = dt.date.today() + dt.timedelta(days=7)
    due.text.value = f"{week.day}-{week.month}-{week.year}"  # typed as a Dutch participant writes it
    done.value = True
    doc = on_disk(session)
    assert [(m.name, m.role) for m in doc.team.members] == [("Anna", "copywriter"), ("Bas", "")]
    assert doc.team.tasks[0].title == "Fotoshoot plannen" and doc.team.tasks[0].owner == "Anna"
    assert doc.team.tasks[0].due == dt.date.today() + dt.timedelta(days=7) and doc.team.tasks[0].done

    form2 = team(reopen(session))
    member, task = _row(form2.members, 0), _row(form2.tasks, 0)
    assert [form2.members.cell(member, c).value for c in ("name", "role")] == ["Anna", "copywriter"]
    assert form2.tasks.cell(task, "title").value == "Fotoshoot plannen"
    assert "Anna" in form2.tasks.cell(task, "owner").options
    assert form2.tasks.cell(task, "due").value == week


def test_removing_a_member_then_typing_lands_on_the_right_row(session):
    from helpers.ui.team_form import team

    form = team(session)
    for _ in range(3):
        form.members.add_button.click()
    for i, name in enumerate(("Anna", "Bas", "Cem")):
        form.members.cell(_row(form.members, i), "name").value = name
    form.members.remove_buttons[_row(form.members, 0)].click()  # remove Anna
    form.members.cell(_row(form.members, 0), "role").value = "fotograaf"  # Bas's role, typed right away
    doc = on_disk(session)
    assert [(m.name, m.role) for m in doc.team.members] == [("Bas", "fotograaf"), ("Cem", "")]


def test_a_due_date_in_the_past_is_saved_with_a_warning(session):
    from helpers.ui.team_form import team

    form = team(session)
    form.tasks.add_button.click()
    due = form.tasks.cell(_row(form.tasks, 0), "due")
    due.text.value = "1-1-2020"
    assert message_of(due) == "Deze datum ligt in het verleden."
    assert on_disk(session).team.tasks[0].due == dt.date(2020, 1, 1)


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_task_titles_give_messages_not_exceptions(session, title):
    from helpers.ui.team_form import team

    form = team(session)
    form.tasks.add_button.click()
    box = form.tasks.cell(_row(form.tasks, 0), "title")
    box.value = "eerst dit"
    box.value = title
    doc = on_disk(session)
    message = message_of(box)
    if len(title) > 200 or "\x00" in title:
        assert message and doc.team.tasks[0].title == "eerst dit"
    else:
        assert doc.team.tasks[0].title == title.strip() and message == ""


# -- calendar ------------------------------------------------------------------------------------------

def _plan(session):
    session.change_many({
        "content.posts_per_week": {"Instagram": 3, "LinkedIn": 1},
        "content.days": {"Instagram": ["mon", "wed", "fri"], "LinkedIn": ["tue"]},
        "content.themes": ["Achter de schermen", "Tips"],
        "channels.chosen": ["Instagram", "LinkedIn"],
        "team.members": [{"name": "Anna", "role": ""}, {"name": "Bas", "role": ""}],
    })
    session.flush()


def test_calendar_is_generated_from_step_4_edited_and_downloadable(session):
    from helpers.ui.team_form import calendar

    _plan(session)
    form = calendar(session)
    form.start.text.value = "4-1-2027"
    form.weeks.value = 2
    form.generate.click()
    doc = on_disk(session)
    assert len(doc.calendar.entries) == (3 + 1) * 2
    assert doc.calendar.start == dt.date(2027, 1, 4) and doc.calendar.weeks == 2
    assert {e.owner for e in doc.calendar.entries} == {"Anna", "Bas"}
    assert form.chart.outputs, "the calendar chart is drawn"

    form.row.value = form.row.options[0][1]
    form.fields["title"].value = "Kijkje in de keuken"
    form.fields["status"].value = "ready"
    doc = on_disk(session)
    assert doc.calendar.entries[0].title == "Kijkje in de keuken" and doc.calendar.entries[0].status == "ready"

    form.fields["time"].value = "25:99"
    assert "09:30" in form.row_message.value  # the right form is explained
    assert on_disk(session).calendar.entries[0].time != "25:99"

    form._downloads()
    for ext in ("csv", "xlsx", "ics"):
        assert f".{ext}" in form.downloads.value and "data:" in form.downloads.value

    # regenerating asks before it replaces the edits
    form.generate.click()
    assert "Vink eerst" in form.message.value
    assert on_disk(session).calendar.entries[0].title == "Kijkje in de keuken"

    form2 = calendar(reopen(session))
    form2.row.value = form2.row.options[0][1]
    assert form2.fields["title"].value == "Kijkje in de keuken"


def _csv_in(downloads_html: str) -> str:
    """The CSV a download link hands out (a data: link, base64)."""
    import base64
    import re

    m = re.search(r'href="data:text/csv[^;"]*;base64,([^"]+)"', downloads_html)
    assert m, "no CSV link"
    return base64.b64decode(m[1]).decode("utf-8-sig")


def test_the_downloads_never_hand_out_an_older_calendar(session):
    from helpers.ui.team_form import calendar

    _plan(session)
    form = calendar(session)
    assert "Nog geen kalender" in form.downloads.value
    form.generate.click()
    first = on_disk(session).calendar.entries[0]
    assert first.title and first.title in _csv_in(form.downloads.value)  # ready at once, not "none yet"

    form.row.value = form.row.options[0][1]
    form.fields["title"].value = "Bestel je stol"
    assert "data:" not in form.downloads.value and "veranderd" in form.downloads.value
    form.prepare.click()
    assert "Bestel je stol" in _csv_in(form.downloads.value)


def test_the_one_pager_downloads_never_hand_out_older_answers(session):
    from helpers.ui.debrief_form import onepager, rose

    page, reflection = onepager(session), rose(session)
    assert "data:text/html" in page.downloads.value
    reflection.rose.value = "Samen de persona bedenken"
    session.flush()
    assert "data:" not in page.downloads.value and "veranderd" in page.downloads.value
    page.refresh_button.click()
    assert "Samen de persona bedenken" in html.unescape(page.page.value)
    assert "data:text/html" in page.downloads.value


def test_calendar_without_a_plan_says_what_to_do_first(session):
    from helpers.ui.team_form import calendar

    form = calendar(session)
    form.generate.click()
    assert "stap 4" in form.message.value
    assert on_disk(session).calendar.entries == []


def test_calendar_rows_can_be_added_and_removed(session):
    from helpers.ui.team_form import calendar

    form = calendar(session)
    form.add_row.click()
    form.add_row.click()
    assert len(on_disk(session).calendar.entries) == 2
    form.row.value = form.row.options[0][1]
    form.remove_row.click()
    assert len(on_disk(session).calendar.entries) == 1


def test_a_calendar_row_removed_elsewhere_while_edited_here_takes_no_typing_to_another_row(session):
    from helpers.ui.team_form import calendar

    form = calendar(session)
    for _ in range(3):
        form.add_row.click()
    session.flush()
    first, second = form.row.options[0][1], form.row.options[1][1]
    form.row.value = second
    form.fields["title"].value = "Mijn post"
    session.flush()

    other = Session(Workspace(session.workspace.root), group="Team Test", watch=None)  # another laptop
    assert other.remove(("calendar", "entries"), second) is None
    other.flush()
    time.sleep(2.1)  # the participant paused: the title field no longer counts as being edited
    session.reload()

    assert form.row.value is None, "no other row is put under the participant's fingers"
    assert all(w.disabled for w in form.fields.values())
    assert "andere laptop" in form.row_message.value
    form.fields["title"].value = "Mijn post, verder getypt"
    titles = [e.title for e in on_disk(session).calendar.entries]
    assert titles == ["", ""] and [e.id for e in on_disk(session).calendar.entries] == [first, form.row.options[1][1]]
    other.close()


# -- debrief -------------------------------------------------------------------------------------------

def test_rose_is_saved_and_shown_again_and_the_onepager_escapes_it(session):
    from helpers.ui.debrief_form import onepager, rose

    form = rose(session)
    form.rose.value = "Samen een plan in één uur 🌹"
    form.thorn.value = "<script>alert('x')</script>"
    form.bud.value = "<img src=x onerror=alert(1)>"
    form.presented.value = True
    doc = on_disk(session)
    assert doc.debrief.rose == "Samen een plan in één uur 🌹" and doc.debrief.presented
    assert doc.debrief.thorn == "<script>alert('x')</script>"

    again = reopen(session)
    form2 = rose(again)
    assert form2.bud.value == "<img src=x onerror=alert(1)>"

    page = onepager(again)
    assert "sandbox" in page.page.value and "srcdoc=" in page.page.value
    assert "<script>" not in page.page.value and "<img src=x" not in page.page.value
    assert ".html" in page.downloads.value and ".json" in page.downloads.value


def test_a_10000_character_rose_is_refused_in_words_and_the_old_text_kept(session, monkeypatch):
    from helpers.ui.debrief_form import rose

    session.change(("language",), "en")
    set_language("en")  # the group's language
    form = rose(session)
    form.rose.value = "short"
    form.rose.value = "x" * 10_000
    message = message_of(form["rose"])
    assert "too long" in message and "2000" in message
    assert on_disk(session).debrief.rose == "short"


def test_forms_without_a_group_point_to_the_checkin(workspace):
    from helpers.ui.debrief_form import onepager, rose
    from helpers.ui.team_form import calendar, team

    s = Session(workspace)
    for make in (team, calendar, onepager, rose):
        form = make(s)
        assert "check-in" in form.children[-1].value


def test_an_unexpected_error_shows_a_sentence_not_a_traceback(session, monkeypatch):
    from helpers import schedule
    from helpers.ui.team_form import calendar

    _plan(session)
    form = calendar(session)

    def boom(*a, **k):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(schedule, "generate", boom)
    form.generate.click()
    assert "Er ging iets mis" in form.message.value and "internal detail" not in form.message.value
    assert "RuntimeError" in (session.workspace.root / "errors.log").read_text()


def test_sentences_with_commas_stay_whole_but_short_lists_split(session):
    from helpers.ui.audience_form import audience

    form = audience(session)
    form.gains.value = "a reliable answer, fast"
    form.interests.value = "koken, reizen"
    doc = on_disk(session)
    assert doc.audience.gains == ["a reliable answer, fast"]
    assert doc.audience.interests == ["koken", "reizen"]


# -- the step-form base ----------------------------------------------------------------------------------

def _live(refs) -> list:
    return [r() for r in refs if r() is not None]


def test_running_two_form_cells_five_times_leaves_only_the_last_forms_listening(session):
    import helpers.ui as ui

    def listening():
        owners = {id(getattr(fn, "__self__", None)) for fn in _live(session._listeners)}
        return owners, len(session.bindings())

    first_goals, first_team = ui.goals(), ui.team()  # the notebook's cells, as first run
    _owners, bindings_once = listening()
    kept = [first_goals, first_team]  # the notebook's output history keeps every form it showed
    for _ in range(4):
        kept += [ui.goals(), ui.team()]
    goals, team = kept[-2], kept[-1]
    owners, bindings = listening()
    assert id(goals) in owners and id(first_goals) not in owners
    assert bindings == bindings_once, "the closed forms' fields are no longer bound"
    assert all(f.comm is None for f in kept[:-2]) and goals.comm is not None and team.comm is not None

    # a change saved elsewhere reaches the live form only, and nothing fails on the closed ones
    other = Session(Workspace(session.workspace.root), group="Team Test", watch=None)
    other.insert("goals", {"sentence": "Van elders"})
    other.flush()
    session.reload()
    assert [c.sentence.value for c in goals.cards.children][-1] == "Van elders"
    other.close()


def test_a_step_form_gives_its_answers_as_value_and_its_fields_by_name(session):
    from helpers.ui.debrief_form import rose

    form = rose(session)
    form["rose"].value = "Samen schrijven werkte"
    form["presented"].value = True
    session.flush()
    assert form.value["rose"] == "Samen schrijven werkte" and form.value["presented"] is True
    assert on_disk(session).debrief.rose == "Samen schrijven werkte"
    assert "workshop-step-rose" in form._dom_classes


def test_retitling_a_row_never_shows_another_row_chosen_for_a_moment(session, monkeypatch):
    """A title typed key by key leaves the row list alone while the typing goes on (new labels at
    every key made the page redraw the list and, now and then, answer with another row chosen:
    the title's first letter was lost in JupyterLab, and once in CI the field filled with another
    row's title); afterwards the list is relabelled, and the page is never told, even for a
    moment, that another row is chosen."""
    from helpers.ui.team_form import calendar

    _plan(session)
    form = calendar(session)
    form.start.text.value = "4-1-2027"
    form.generate.click()
    form.row.value = form.row.options[1][1]
    sent: list[dict] = []
    monkeypatch.setattr(form.row, "send_state", lambda key=None: sent.append(form.row.get_state(key)))
    for typed in ("", "B", "Be", "Bes"):
        form.fields["title"].value = typed
    assert sent == [], "the list is redrawn under the typist"
    assert on_disk(session).calendar.entries[1].title == "Bes"
    deadline = time.monotonic() + 10               # the typing stopped: the list is relabelled by itself
    while "Bes" not in form.row.options[1][0] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sent and all(s.get("index", 1) == 1 for s in sent), sent
    assert "Bes" in form.row.options[1][0]
    assert form.row.value == form.row.options[1][1] and form.fields["title"].value == "Bes"


def test_outside_a_kernel_the_threads_update_the_widgets_one_at_a_time():
    """The follow and autosave threads hand widget updates to ``on_main``; in a kernel they wait
    for its one main thread. Outside one (a script, these tests) they must not overlap either: a
    redraw with the document from before a save finished after the redraw with the saved one."""
    import threading

    from helpers.ui.base import on_main

    spans: list[tuple[float, float]] = []

    def redraw() -> None:
        start = time.monotonic()
        time.sleep(0.2)
        spans.append((start, time.monotonic()))

    threads = [threading.Thread(target=on_main, args=(redraw,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    on_main(redraw)  # the main thread too
    for thread in threads:
        thread.join()
    spans.sort()
    assert len(spans) == 3
    assert all(later[0] >= earlier[1] for earlier, later in zip(spans, spans[1:])), spans
