"""Step 5: team members and roles, tasks with owner and due date, the content calendar."""
from __future__ import annotations

import datetime as dt
import html
import threading

import ipywidgets as widgets

from .. import charts, export, labels, render, schedule
from ..i18n import current_language, t
from .base import Session, date_from_doc, date_to_doc, message_label, safe, show_chart, show_message, on_main
from .dates_field import DateField
from .lists import Column, RowList, html_table, text
from .step import StepForm


class TeamForm(StepForm):
    """Members with roles, and tasks with an owner and a due date."""

    name = "team"
    section = ("team",)

    def build(self) -> list[widgets.Widget]:
        self.members = RowList(
            self.session, ("team", "members"),
            [Column("name", text(t("team.name_placeholder"))), Column("role", text(t("team.role_placeholder")))],
            new_row=lambda: {"name": "", "role": ""}, add_label=t("team.add_member"), max_rows=30,
            on_change=self._members_changed)
        self.tasks = RowList(
            self.session, ("team", "tasks"),
            [Column("title", text(t("team.task_placeholder"), "260px")),
             Column("owner", self._owner_widget),
             Column("due", lambda: DateField(width="150px", read_width="230px"), to_doc=date_to_doc, from_doc=date_from_doc),
             Column("done", lambda: widgets.Checkbox(description=t("fields.done"), indent=False),
                    to_doc=bool)],
            new_row=lambda: {"title": "", "owner": "", "due": None, "done": False},
            add_label=t("team.add_task"), max_rows=200)
        return [widgets.HTML(f"<h3>{html.escape(t('team.members_heading'))}</h3>"), self.members,
                widgets.HTML(f"<h3>{html.escape(t('team.tasks_heading'))}</h3>"), self.tasks]

    def _owner_widget(self) -> widgets.Combobox:
        names = [m.name for m in self.session.doc.team.members if m.name] if self.session.doc else []
        return widgets.Combobox(options=names, placeholder=t("team.owner_placeholder"), ensure_option=False,
                                layout=widgets.Layout(width="160px"))

    def _members_changed(self):
        names = [m.name for m in self.session.doc.team.members if m.name] if self.session.doc else []
        for rid in self.tasks.rows:  # owners to choose from follow the members
            self.tasks.cell(rid, "owner").options = names


class CalendarForm(StepForm):
    """Generate a content calendar from step 4, edit it row by row, see it, download it."""

    name = "calendar"
    section = ("calendar",)
    COLUMNS = ("date", "time", "channel", "theme", "layer", "format", "owner", "title", "status")

    def build(self) -> list[widgets.Widget]:
        doc = self.session.doc
        self.start = DateField(description=t("fields.calendar.start"), value=doc.calendar.start
                               or schedule.next_monday(), width="340px", style={"description_width": "initial"})
        self.weeks = widgets.BoundedIntText(description=t("fields.calendar.weeks"), value=doc.calendar.weeks,
                                            min=1, max=52, style={"description_width": "initial"},
                                            layout=widgets.Layout(width="220px"))
        self.generate = widgets.Button(description=t("team.generate"), button_style="primary")
        self.generate.add_class("workshop-generate")
        self.confirm = widgets.Checkbox(value=False, description=t("team.confirm_replace"), indent=False)
        self.table = widgets.HTML()
        self.chart = widgets.Output()
        self.downloads = widgets.HTML()
        self._links_for: list | None = None
        self.prepare = widgets.Button(description=t("team.prepare_downloads"), icon="download")
        self.prepare.on_click(lambda _b: self._downloads())
        self.editor = self._build_editor()
        self.generate.on_click(self._generate)
        self.start.observe(self._settings_changed, names="value")
        self.weeks.observe(self._settings_changed, names="value")
        return [
            widgets.HTML(f"<p>{html.escape(t('team.calendar_intro'))}</p>"),
            widgets.HBox([self.start, self.weeks]), widgets.HBox([self.generate, self.confirm]), self.message,
            self.chart, self.table, widgets.HTML(f"<h4>{html.escape(t('team.edit_heading'))}</h4>"),
            self.editor, self.prepare, self.downloads]

    def begin(self) -> None:
        self.refresh()
        self._downloads()

    # -- generating ------------------------------------------------------------------------------
    @safe
    def _settings_changed(self, change):
        start = self.start.value
        problems = self.session.change_many({("calendar", "start"): start.isoformat() if start else None,
                                             ("calendar", "weeks"): self.weeks.value})
        show_message(self.message, next(iter(problems.values()), None))

    @safe
    def _generate(self, *_):
        doc = self.session.doc
        if doc.calendar.entries and not self.confirm.value:
            show_message(self.message, t("team.confirm_first"))
            return
        entries = schedule.generate(doc, start=self.start.value, weeks=self.weeks.value)
        if not entries:
            show_message(self.message, t("team.nothing_to_plan"))
            return
        problem = self.session.change(("calendar", "entries"), [e.model_dump(mode="json") for e in entries])
        self.confirm.value = False
        show_message(self.message, problem)
        self.refresh()
        self._downloads()  # the new calendar, ready to download

    # -- editing one row ---------------------------------------------------------------------------
    def _build_editor(self) -> widgets.VBox:
        self.row = widgets.Dropdown(description=t("team.row"), options=[], style={"description_width": "initial"},
                                    layout=widgets.Layout(width="420px"))
        self.fields = {
            "date": DateField(description=t("fields.date"), width="300px"),
            "time": widgets.Text(description=t("fields.time"), placeholder="09:00"),
            "channel": widgets.Text(description=t("fields.channel")),
            "theme": widgets.Text(description=t("fields.theme")),
            "layer": widgets.Dropdown(description=t("fields.layer"),
                                      options=[("", ""), *((labels.label("layer", x), x) for x in labels.LAYERS)]),
            "format": widgets.Text(description=t("fields.format")),
            "owner": widgets.Text(description=t("fields.owner")),
            "title": widgets.Text(description=t("fields.title")),
            "status": widgets.Dropdown(description=t("fields.status"),
                                       options=[(labels.label("status", x), x) for x in labels.CALENDAR_STATUSES]),
        }
        self.add_row = widgets.Button(description=t("team.add_row"), icon="plus")
        self.remove_row = widgets.Button(description=t("team.remove_row"), icon="trash")
        self.row_message = message_label()
        self._filling = False
        # a row chosen by the participant fills the editor; new options (a row's label follows its
        # title) select another row for a moment while refresh() is busy: that must not refill the
        # fields with what was saved a keystroke ago (it ate the first letter typed)
        self.row.observe(lambda c: None if self._filling else self._fill_row(), names="value")
        for name, w in self.fields.items():
            w.observe(lambda c, name=name: self._row_field_changed(name, c["new"]), names="value")
        self.add_row.on_click(self._add_row)
        self.remove_row.on_click(self._remove_row)
        return widgets.VBox([self.row, widgets.HBox([widgets.VBox(list(self.fields.values())[:5]),
                                                     widgets.VBox(list(self.fields.values())[5:])]),
                             self.row_message, widgets.HBox([self.add_row, self.remove_row])])

    def _entry(self, rid):
        return next((e for e in self.session.doc.calendar.entries if e.id == rid), None) if rid else None

    def _fill_row(self, busy: set | None = None):
        """Show the chosen row in the editor; a field being typed in (``busy``) is left alone, so
        no character typed is ever replaced by what was saved a moment ago."""
        rid = self.row.value
        e = self._entry(rid)
        self._filling = True
        try:
            for w in self.fields.values():
                w.disabled = e is None
            if e is None:
                return
            for name, w in self.fields.items():
                if busy and ("calendar", "entries", rid, name) in busy:
                    continue
                if w.value != getattr(e, name):
                    w.value = getattr(e, name)
        finally:
            self._filling = False
        if busy is None:
            show_message(self.row_message, None)

    @safe
    def _row_field_changed(self, name, value):
        if self._filling or self.row.value is None:
            return
        if name == "date":
            if value is None:
                show_message(self.row_message, t("errors.required", field=t("fields.date")))
                return
            value = value.isoformat()
        problem = self.session.change(("calendar", "entries", self.row.value, name), value)
        show_message(self.row_message, problem)
        if problem is None:
            self.refresh(keep_row=True, editing=True)
            self._relabel_later()

    @safe
    def _relabel_now(self) -> None:
        if self.comm is not None:  # a form closed meanwhile has nothing to relabel
            self.refresh(keep_row=True, editing=True)

    def _relabel_later(self) -> None:
        """The row list's labels, once the typing has stopped (they wait while it goes on)."""
        if getattr(self, "_relabel", None) is not None:
            self._relabel.cancel()
        self._relabel = threading.Timer(2.5, on_main, (self._relabel_now,))
        self._relabel.daemon = True
        self._relabel.start()

    @safe
    def _add_row(self, *_):
        entries = self.session.doc.calendar.entries
        date = (entries[-1].date if entries else self.start.value or dt.date.today()).isoformat()
        rid, problem = self.session.insert(("calendar", "entries"), {"date": date})
        show_message(self.row_message, problem)
        self.refresh()
        if rid is not None:
            self.row.value = rid

    @safe
    def _remove_row(self, *_):
        if self.row.value is None:
            return
        show_message(self.row_message, self.session.remove(("calendar", "entries"), self.row.value))
        self.refresh()

    # -- showing -------------------------------------------------------------------------------------
    def follow(self, _doc) -> None:
        self.refresh(keep_row=True, editing=True)

    def refresh(self, keep_row: bool = False, editing: bool = False) -> None:
        doc = self.session.doc
        entries = doc.calendar.entries
        lang = current_language()
        options = [(f"{i + 1}. {render.day(e.date, lang)} {render.time(e.time, lang)} "
                    f"{labels.platform(e.channel, lang)} – {e.title}"[:80], e.id)
                   for i, e in enumerate(entries)]
        current = self.row.value
        busy = self.session.busy_paths() if editing else None
        typing = bool(busy) and any(p[:2] == ("calendar", "entries") for p in busy)
        same_rows = [v for _l, v in options] == [v for _l, v in self.row.options]
        # while a row is being typed in, its label in the list waits: new options at every keystroke
        # (the label holds the title) made the page redraw the list and, now and then, answer with
        # another row chosen, whose title then filled the field under the typist's fingers (CI, once)
        if list(options) != list(self.row.options) and not (typing and same_rows):
            self._filling = True
            # one message to the page with the new labels and the row still chosen: options alone
            # select the first row for a moment, and a page that answered that moment moved the
            # participant's typing to another row (seen in JupyterLab: the title's first letter lost)
            try:
                with self.row.hold_sync():
                    self.row.options = options
                    ids = [e.id for e in entries]
                    if current in ids and (keep_row or editing):
                        self.row.value = current
                    elif not options or (editing and current is not None):
                        # the row being edited was removed elsewhere: no other row takes its place
                        # under the participant's fingers (their typing would land there)
                        self.row.value = None
                        if editing and current is not None:
                            show_message(self.row_message, t("lists.removed_elsewhere"))
            finally:
                self._filling = False
        self._fill_row(busy)
        if self._links_for is not None and self._links_for != self._calendar_now():
            # links made before this change would hand out the old calendar: they go
            self._links_for = None
            self.downloads.value = html.escape(t("team.downloads_changed"))
        lang = current_language()
        headers = [export.header(c, lang) for c in export.CALENDAR_COLUMNS]
        # the date and time as the reader writes them ("ma 4 jan", "19:30"), the rest already labels
        rows = [[render.day(r[0], lang), render.time(r[1], lang), *r[2:]]
                for r in export.calendar_rows(doc, lang)[:200]]
        self.table.value = html_table(headers, rows) if rows else ""
        if entries and hasattr(charts, "calendar"):
            show_chart(self.chart, charts.calendar(schedule.to_frame(entries)))
        else:
            self.chart.clear_output()

    @safe
    def _downloads(self) -> None:
        """Download links for CSV, Excel and iCalendar (data: links: nothing leaves the machine)."""

        self.session.flush()
        doc = self.session.doc
        entries = doc.calendar.entries
        links = []
        for fmt, mime, label in (("csv", "text/csv", "team.download_csv"),
                                 ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                  "team.download_xlsx"),
                                 ("ics", "text/calendar", "team.download_ics")):
            if fmt in export.FORMATS and entries:
                links.append(export.download_link(export.export(doc, fmt), export.filename(doc, fmt), mime, t(label)))
        self.downloads.value = " · ".join(links) if links else html.escape(t("team.no_downloads"))
        self._links_for = self._calendar_now() if links else None

    def _calendar_now(self) -> list:
        """The calendar as the document holds it now (what the download links were made from)."""
        return [e.model_dump(mode="json") for e in self.session.doc.calendar.entries]


def team(session: Session | None = None) -> TeamForm:
    return TeamForm(session)


def calendar(session: Session | None = None) -> CalendarForm:
    return CalendarForm(session)
