"""Check-in: choose or create the group, each person's mood and one word, the language, the agenda."""
from __future__ import annotations

import datetime as dt
import html

import ipywidgets as widgets

from .. import agenda, labels, model, render
from ..i18n import LANGUAGES, current_language, set_language, t
from ..store import SaveFailed
from .base import Session, message_label, on_main, safe, saved_indicator, show_message, stylesheet, time_box

MOODS = ((1, "😞"), (2, "🙁"), (3, "😐"), (4, "🙂"), (5, "😄"))
mood_label = labels.kind("mood", "checkin.mood_{}", [v for v, _ in MOODS])
language_name = labels.kind("language", "checkin.lang_{}", LANGUAGES)


class GroupPicker(widgets.VBox):
    """Type a new group name or pick an existing one; opening it makes it the current group."""

    def __init__(self, session: Session, on_open=None):
        self.session = session
        self._on_open = on_open
        self.name = widgets.Combobox(value=session.group or "", options=self._existing(),
                                     placeholder=t("checkin.group_placeholder"),
                                     description=t("checkin.group"), ensure_option=False,
                                     style={"description_width": "initial"},
                                     layout=widgets.Layout(width="420px"))
        self.button = widgets.Button(description=t("checkin.open"), button_style="primary", icon="")
        self.message = message_label()
        self.status = widgets.HTML(self._status_text())
        self.button.on_click(self._open)
        super().__init__([widgets.HBox([self.name, self.button]), self.message, self.status])

    def _existing(self) -> list[str]:
        return sorted({g.group for g in self.session.workspace.groups() if not g.problem})

    def refresh_groups(self) -> None:
        """The groups to pick from as they are now (made on other laptops since this was built)."""
        existing = self._existing()
        if list(self.name.options) != existing:
            self.name.options = existing

    def choose(self, name: str) -> None:
        """Open ``name`` as a person does: typed in the field, then Start."""
        self.name.value = name
        self._open()

    def _status_text(self) -> str:
        if not self.session.group:
            return ""
        return f"<b>{html.escape(t('checkin.working_as', group=self.session.group))}</b>"

    @safe
    def _open(self, *_):
        name = (self.name.value or "").strip()
        if not name:
            show_message(self.message, t("errors.required", field=t("fields.group")))
            return
        try:
            self.session.open(name, current_language())
        except model.InvalidChange as err:
            show_message(self.message, next(iter(err.problems.values())))
            return
        except SaveFailed as err:  # a new group cannot be written here (read-only folder, full disk): in words
            show_message(self.message, str(err))
            return
        show_message(self.message, None)
        self.status.value = self._status_text()
        if self._on_open:
            self._on_open()

    def show_problem(self, text: str) -> None:
        show_message(self.message, text)


class CheckinForm(widgets.VBox):
    """One person's check-in within the group: name, mood (five faces) and one word."""

    def __init__(self, session: Session | None = None):
        self.session = session or Session.get()
        self.picker = GroupPicker(self.session, on_open=self._group_opened)
        self.language = widgets.ToggleButtons(options=[(language_name(c), c) for c in LANGUAGES],
                                              value=current_language(), description=t("checkin.language"),
                                              style={"description_width": "initial"})
        # the name is sent once, when the participant leaves the box: sent key by key, a busy kernel gets
        # the rest of the name after a mood clicked meanwhile (the page holds back each widget's updates
        # on its own while the kernel is busy), and the mood was saved under "B" instead of "Bram"
        self.person = widgets.Text(description=t("checkin.your_name"), placeholder=t("checkin.name_placeholder"),
                                   style={"description_width": "initial"}, continuous_update=False)
        self.mood = widgets.ToggleButtons(options=[(face, value) for value, face in MOODS], value=None,
                                          description=t("fields.mood"), tooltips=[mood_label(v) for v, _ in MOODS],
                                          style={"description_width": "initial", "button_width": "48px"})
        self.word = widgets.Text(description=t("fields.word"), placeholder=t("checkin.word_placeholder"),
                                 style={"description_width": "initial"})
        self.message = message_label()
        self.saved = saved_indicator(self.session)
        self.people = widgets.HTML()
        self.language.observe(self._language_changed, names="value")
        self.person.observe(self._person_changed, names="value")
        self.mood.observe(self._answer_changed, names="value")
        self.word.observe(self._answer_changed, names="value")
        self.session.on_saved(self._saved)  # a method, held weakly: it goes when the form goes
        self._loading = False
        super().__init__([stylesheet(), time_box("checkin"), self.picker, self.language, self.person, self.mood, self.word,
                          self.message, self.saved, self.people])
        self._show_people()
        self.add_class("workshop-step")
        self.add_class("workshop-step-checkin")

    def show_problem(self, text: str) -> None:
        show_message(self.message, text)

    def _saved(self, _doc) -> None:
        on_main(self._show_people)

    def _group_opened(self):
        self._loading = True
        try:
            if self.session.doc:
                self.language.value = self.session.doc.language
        finally:
            self._loading = False
        self._person_changed({"new": self.person.value})
        self._show_people()

    @safe
    def _language_changed(self, change):
        if self._loading or not self.session.ready:
            return
        show_message(self.message, self.session.change(("language",), change["new"]))

        set_language(change["new"])

    @safe
    def _person_changed(self, change):
        name = (change["new"] or "").strip()
        entry = self.session.get_value(("checkin", "people", name)) if name else None
        self._loading = True
        try:
            self.mood.value = (entry or {}).get("mood")
            self.word.value = (entry or {}).get("word", "")
        finally:
            self._loading = False

    @safe
    def _answer_changed(self, change):
        if self._loading:
            return
        name = (self.person.value or "").strip()
        if not self.session.ready:
            show_message(self.message, t("ui.no_group"))
            return
        if not name:
            show_message(self.message, t("errors.required", field=t("checkin.your_name")))
            return
        entry = {"mood": self.mood.value, "word": (self.word.value or "").strip()}
        show_message(self.message, self.session.change(("checkin", "people", name), entry))
        self._show_people()

    def _show_people(self):
        doc = self.session.doc
        if not doc or not doc.checkin.people:
            self.people.value = ""
            return
        faces = dict(MOODS)
        rows = "".join(
            f"<li>{faces.get(p.mood, '·')} <b>{html.escape(name)}</b>: {html.escape(p.word)}</li>"
            for name, p in doc.checkin.people.items()
        )
        self.people.value = f"<p>{html.escape(t('checkin.who_is_here'))}</p><ul>{rows}</ul>"


#: The class of the agenda table, by which a page built ahead finds it again (``timed_from``).
AGENDA_CLASS = "workshop-agenda"


def agenda_table(start: dt.datetime | None = None) -> widgets.HTML:
    """Today's agenda with computed times (from ``start``, default now), as a table."""
    table = widgets.HTML()
    table.add_class(AGENDA_CLASS)
    return timed_from(table, start)


def timed_from(table: widgets.HTML, start: dt.datetime | None = None) -> widgets.HTML:
    """Compute the agenda's clock times again from ``start`` (default now): a page built ahead counts
    from when the participant opened it, not from when its kernel started."""
    start = start or dt.datetime.now().replace(second=0, microsecond=0)
    table.value = render.render("checkin_agenda.html", blocks=agenda.schedule(start))
    return table


def checkin(session: Session | None = None) -> CheckinForm:
    """The check-in form for the notebook."""
    return CheckinForm(session)
