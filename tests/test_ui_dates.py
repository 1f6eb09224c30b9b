"""Widget tests for the date field (helpers.ui.dates_field): type a date as a participant writes
it, read the document on disk, and see what the field says beside and below it."""
from __future__ import annotations

import datetime as dt

import ipywidgets as widgets

from helpers.i18n import set_language
from helpers.store import Workspace
from helpers.ui.base import Session, message_of
from helpers.ui.dates_field import DateField
from tests.widgetkit import on_disk, reopened

TODAY = dt.date(2026, 12, 2)


def _task_due(session):
    """A new task row in the team form, and its due date field (its today fixed)."""
    from helpers.ui.team_form import team

    form = team(session)
    form.tasks.add_button.click()
    rid = list(form.tasks.rows)[-1]
    due = form.tasks.cell(rid, "due")
    due.today = TODAY
    return form, rid, due


def test_a_dutch_date_typed_in_the_due_field_is_saved_and_written_out(session):
    _form, _rid, due = _task_due(session)
    assert isinstance(due, DateField) and due.text.placeholder == "bijv. 1-7-2027"
    due.text.value = "1-7-2027"
    assert on_disk(session).team.tasks[0].due == dt.date(2027, 7, 1)
    assert due.value == dt.date(2027, 7, 1)
    assert "= donderdag 1 juli 2027" in due.read_as.value
    assert due.text.value == "1 juli 2027"   # after leaving the box: the date written out
    assert message_of(due) == ""


def test_a_bad_date_says_why_beside_the_field_and_keeps_what_was_saved(session):
    _form, _rid, due = _task_due(session)
    due.text.value = "1-7-2027"
    due.text.value = "31-2-2027"
    assert message_of(due) == "Dag 31 bestaat niet: februari 2027 heeft 28 dagen. Bewaard blijft: 1 juli 2027."
    assert due.value == dt.date(2027, 7, 1) and due.read_as.value == ""
    assert due.text.value == "31-2-2027", "what the participant typed stays to be corrected"
    assert on_disk(session).team.tasks[0].due == dt.date(2027, 7, 1)
    due.text.value = "28-2-2027"
    assert message_of(due) == "" and on_disk(session).team.tasks[0].due == dt.date(2027, 2, 28)


def test_a_date_in_the_past_warns_and_is_saved(session):
    _form, _rid, due = _task_due(session)
    due.text.value = "1-1-2020"
    assert message_of(due) == "Deze datum ligt in het verleden."
    assert on_disk(session).team.tasks[0].due == dt.date(2020, 1, 1)
    assert "woensdag 1 januari 2020" in due.read_as.value
    # a new kernel shows the saved date, with the same warning
    from helpers.ui.team_form import team

    form2 = team(reopened(session))
    due2 = form2.tasks.cell(list(form2.tasks.rows)[0], "due")
    assert due2.text.value == "1 januari 2020" and message_of(due2) == "Deze datum ligt in het verleden."


def test_emptying_the_field_removes_the_date(session):
    _form, _rid, due = _task_due(session)
    due.text.value = "1 juli 2027"
    due.text.value = "  "
    assert on_disk(session).team.tasks[0].due is None
    assert due.value is None and message_of(due) == "" and due.read_as.value == ""


def test_english_refuses_a_day_and_month_that_could_swap(session, monkeypatch):
    set_language("en")  # the group's language (WORKSHOP_LANG only holds until a group is open)
    _form, _rid, due = _task_due(session)
    assert due.text.placeholder == "e.g. 1 July 2027"
    due.text.value = "1/7/2027"
    assert message_of(due) == ("'1/7/2027' could be 1 July 2027 or 7 January 2027. "
                               "Write the month as a word, for example 1 July 2027.")
    assert due.value is None and on_disk(session).team.tasks[0].due is None
    due.text.value = "July 1, 2027"
    assert on_disk(session).team.tasks[0].due == dt.date(2027, 7, 1)
    assert due.text.value == "1 July 2027" and "= Thursday, 1 July 2027" in due.read_as.value
    assert message_of(due) == ""


def test_the_box_is_read_only_when_left_and_keeps_what_is_typed_when_others_save(session):
    """Nothing is read while typing (the text comes from the browser when the box is left); a
    change saved on another laptop leaves a text being corrected alone unless it changes this date."""
    _form, rid, due = _task_due(session)
    assert due.text.continuous_update is False
    session.flush()
    due.text.value = "32-1"
    problem = message_of(due)
    assert problem.startswith("Dag 32 bestaat niet")

    other = Session(Workspace(session.workspace.root), group="Team Test", watch=None)  # another laptop
    assert other.change(("team", "tasks", rid, "title"), "Foto's maken") is None
    other.flush()
    session.reload()
    assert due.text.value == "32-1" and message_of(due) == problem

    assert other.change(("team", "tasks", rid, "due"), "2027-08-01") is None
    other.flush()
    session.reload()
    assert due.value == dt.date(2027, 8, 1) and due.text.value == "1 augustus 2027"
    assert message_of(due) == "" and "zondag 1 augustus 2027" in due.read_as.value

    assert other.change(("team", "tasks", rid, "due"), None) is None   # removed elsewhere: empty here
    other.flush()
    session.reload()
    assert due.value is None and due.text.value == ""
    other.close()


def test_a_deadline_without_a_year_is_the_next_one(session):
    from helpers.ui.goals_form import goals

    card = goals(session).cards.children[0]
    card.deadline.today = TODAY
    card.deadline.text.value = "1 juli"
    assert on_disk(session).goals[0].deadline == dt.date(2027, 7, 1)
    assert card.deadline.text.value == "1 juli 2027"


def test_a_calendar_row_date_is_typed_checked_and_required(session):
    from helpers.ui.team_form import calendar

    form = calendar(session)
    date = form.fields["date"]
    assert isinstance(date, DateField) and date.text.disabled, "no row chosen: nothing to type in"
    form.add_row.click()
    assert not date.text.disabled
    date.today = TODAY
    date.text.value = "3-3-2027"
    assert on_disk(session).calendar.entries[0].date == dt.date(2027, 3, 3)
    assert date.text.value == "3 maart 2027"

    date.text.value = "3-13-2027"
    assert message_of(date).startswith("Er is geen maand 13.")
    assert on_disk(session).calendar.entries[0].date == dt.date(2027, 3, 3)

    date.text.value = ""
    assert "Datum" in form.row_message.value
    assert on_disk(session).calendar.entries[0].date == dt.date(2027, 3, 3)


def test_the_calendar_start_is_typed(session):
    from helpers.ui.team_form import calendar

    form = calendar(session)
    assert form.start.value is not None and form.start.text.value  # next Monday, written out
    form.start.text.value = "4 januari 2027"
    assert on_disk(session).calendar.start == dt.date(2027, 1, 4)
    form.start.text.value = "4 janvier 2027"
    assert "'janvier' is geen maand" in message_of(form.start)
    assert on_disk(session).calendar.start == dt.date(2027, 1, 4)


def test_hostile_text_is_a_message_not_markup_nor_an_exception(session):
    _form, _rid, due = _task_due(session)
    due.text.value = "<img src=x onerror=alert(1)>"
    assert "<img" not in due.message_line.value and "&lt;img" in due.message_line.value
    due.text.value = "9" * 10_000
    assert message_of(due) and len(due.message_line.value) < 500
    assert on_disk(session).team.tasks[0].due is None
    assert not (session.workspace.root / "errors.log").exists()


def test_a_date_field_on_its_own():
    field = DateField(description="Datum", value=dt.date(2027, 7, 1), lang="nl", today=TODAY)
    assert field.text.value == "1 juli 2027" and "donderdag" in field.read_as.value
    seen = []
    field.observe(lambda c: seen.append(c["new"]), names="value")
    field.text.value = "2-7-2027"
    field.text.value = "02-07-2027"   # the same day: no second change
    assert seen == [dt.date(2027, 7, 2)]
    field.value = None
    assert field.text.value == "" and field.read_as.value == ""
    field.disabled = True
    assert field.text.disabled
    assert isinstance(field.children[0], widgets.HBox)
