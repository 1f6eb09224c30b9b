"""The trainer's dashboard: every group of the class in one place, refreshed by itself.

It reads every group document in the results folder (:func:`helpers.classroom.results_dir`:
``WORKSHOP_SHARED_DIR``, else the workspace) with :func:`helpers.classroom.read_class` (read-only) and
shows, in tabs: the agenda timer, the progress grid, the check-in (moods and words), the choices across
groups (audiences, goals with their SMART verdict, channels, Hero-Hub-Help mix, posting frequency),
presentation mode (one group's one-pager at a time), the Rose wall, and the files (downloads of the whole
class, uploads of group files, files that could not be read).

- **Refreshing.** On the *Refresh* button, and live from a background thread while the *auto* box is
  ticked: a look at the folder's listing twice a second (:data:`WATCH_EVERY`; stat only, so it works on a
  network share too, where file events do not arrive), a refresh when a document was written, and one
  every ``interval`` seconds (15 by default) anyway. The thread stops when the box is cleared and when
  the widget is closed; an error in it is logged, never shown.
- **Cheap when nothing changed.** A refresh reads the folder again; the sections are rendered again only
  when a group document changed (see :func:`fingerprint`), the one-pager only when the group shown
  changed, and the downloads only while the *Files* tab is open.
- **Safe.** Participant text is escaped wherever it becomes HTML (the classroom functions escape their
  own; the tables and grid here use :func:`html.escape` and ``to_html(escape=True)``, after
  :func:`helpers.names.visible` made bidi and invisible characters visible), and group names are the
  class's names as the trainer must see them (:meth:`helpers.classroom.Class.names`). A section that
  fails shows one plain sentence; the others go on.

The pure parts (:func:`channels_chart`, :func:`mix_chart`, :func:`progress_grid_html`,
:func:`table_html`, :func:`broken_html`, :func:`fingerprint`, :func:`notebook_language`) take data and
return a chart or a string.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path
import re
import threading
import time
from typing import Any, Callable, Iterable

import altair as alt
import ipywidgets as widgets
import pandas as pd

from .. import charts, classroom, labels, moderation, render
from ..store import Workspace
from ..export import download_link
from ..i18n import LANGUAGES, current_language, set_language, t
from ..model import STEPS
from .base import keep_logs_off_the_page, message_label, safe, show_chart, show_message
from .collect_form import Collection
from .moderation_form import ModerationPanel
from .timer_form import TimerWidget, timer_widget

log = logging.getLogger("helpers.ui.dashboard")

__all__ = ["Dashboard", "dashboard", "channels_chart", "mix_chart", "progress_grid_html", "table_html",
           "broken_html", "fingerprint", "notebook_language", "TABS", "DEFAULT_INTERVAL"]

#: seconds between two automatic refreshes when nothing changed
DEFAULT_INTERVAL = 15.0
#: seconds between two looks at the folder's listing: a participant's save shows within about this
WATCH_EVERY = 0.5
#: the tabs, in order
TABS = ("timer", "progress", "checkin", "choices", "present", "rose", "moderate", "files")
#: the tabs that presentation mode keeps off the screen
TRAINER_TABS = ("moderate", "files")
tab_title = labels.kind("dashboard_tab", "dashboard.tab.{}", TABS)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MIME = "application/zip"

_STATUS_COLOURS = {"todo": "#f1f1f1", "busy": "#fff3cd", "done": "#d4edda"}
_STATUS_MARKS = {"todo": "–", "busy": "…", "done": "✓"}

#: Tables and grid inside the dashboard: borders, wrapping of long text, and a scroll box.
STYLE = """<style>
.wsm-dashboard table { border-collapse: collapse; font-size: 13px; margin: 4px 0 12px; }
.wsm-dashboard th, .wsm-dashboard td { border: 1px solid #d0d7de; padding: 3px 7px; text-align: left;
  vertical-align: top; }
.wsm-dashboard td { max-width: 30em; white-space: pre-wrap; }
.wsm-dashboard td, .wsm-dashboard th { overflow-wrap: normal; word-break: keep-all; hyphens: manual; }
.wsm-dashboard td.wsm-num { text-align: right; white-space: nowrap; }
.wsm-dashboard thead th { background: #eef2f6; position: sticky; top: 0; }
.wsm-dashboard .wsm-scroll { max-height: 460px; overflow: auto; }
.wsm-dashboard .widget-html-content { width: 100%; line-height: 1.4; }
.wsm-dashboard a.workshop-download { color: #0b57d0; text-decoration: underline; font-weight: 600; }
.wsm-dashboard tbody th { min-width: 10em; max-width: 18em; }
.wsm-dashboard.wsm-projecting .wsm-trainer-only { display: none !important; }
.wsm-dashboard.wsm-projecting { font-size: 120%; }
.wsm-dashboard.wsm-projecting .wsm-scroll { max-height: none; }
.wsm-dashboard.wsm-projecting table { font-size: 15px; }
.wsm-dashboard.wsm-projecting .wsm-rose-wall { font-size: 17px; }
""" + "".join(f".wsm-dashboard.wsm-projecting .lm-TabBar-tab:nth-child({TABS.index(k) + 1}) {{ display: none; }}\n"
              for k in TRAINER_TABS) + "</style>"


_esc = render.text  # the few one-line messages of the widget; the tables and grids are templates


# --------------------------------------------------------------------------------------------------
# Pure parts

_NOTEBOOK_LANG = re.compile(r"\.(?P<lang>[a-z]{2})\.ipynb$")


def notebook_language(session_name: str | None = None) -> str | None:
    """The language in the name of the notebook the kernel runs (``dashboard.en.ipynb`` -> ``en``),
    from ``session_name`` or JupyterLab's ``JPY_SESSION_NAME``; ``None`` when it names none."""
    name = os.environ.get("JPY_SESSION_NAME", "") if session_name is None else session_name
    m = _NOTEBOOK_LANG.search(name or "")
    return m["lang"] if m and m["lang"] in LANGUAGES else None


def fingerprint(cls: classroom.Class) -> tuple:
    """What changes when any group document or broken file changes: (file, revision, last change) of
    every group, and the broken files with their reasons."""
    return (tuple((slug, doc.revision, doc.updated_at.isoformat()) for slug, doc in cls.groups),
            tuple(cls.broken))


def channels_chart(frame: pd.DataFrame, lang: str | None = None, choosers: int | None = None) -> alt.LayerChart:
    """How many groups chose each channel (a frame from :func:`helpers.classroom.channels_chosen`):
    a horizontal bar per channel, most chosen on top, the number written on the bar. ``choosers``
    (how many groups chose any channel) goes in the subtitle."""
    records = frame.to_dict("records") if frame is not None else []
    rows = [{"channel": str(r["channel"]), "groups": int(r["groups"])} for r in records]
    order = [r["channel"] for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("channel:N", sort=order, title=None, axis=alt.Axis(labelLimit=180)))
    bars = base.mark_bar(color="#30638e").encode(
        x=alt.X("groups:Q", title=t("dashboard.chart.channels_x", lang),
                axis=alt.Axis(tickMinStep=1, format="d"), scale=alt.Scale(domainMin=0, nice=True)))
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(x=alt.X("groups:Q"), text=alt.Text("groups:Q"))
    subtitle = (t("dashboard.chart.channels_subtitle", lang, count=choosers) if choosers is not None
                else alt.Undefined)
    return alt.layer(bars, text).properties(
        width=charts.WIDTH - 120, height=alt.Step(24),
        title=alt.TitleParams(t("dashboard.chart.channels_title", lang), anchor="start", subtitle=subtitle,
                              subtitleColor="#555555", subtitleFontSize=11))


MIX_LAYERS = ("hero", "hub", "help")


def mix_chart(frame: pd.DataFrame, lang: str | None = None) -> alt.Chart:
    """The Hero-Hub-Help mix of each group (a frame with ``group``, ``hero``, ``hub``, ``help``, as
    :func:`helpers.classroom.mixes`): one stacked bar of 100 % per group, in the frame's order."""
    records = frame.to_dict("records") if frame is not None else []
    names: list[str] = []
    seen: dict[str, int] = {}
    rows = []
    for r in records:
        name = str(r["group"])
        seen[name] = seen.get(name, 0) + 1
        label = name if seen[name] == 1 else f"{name} ({seen[name]})"
        names.append(label)
        for i, layer in enumerate(MIX_LAYERS):
            share = int(r[layer])
            rows.append({"group": label, "layer": labels.layer(layer, lang), "order": i,
                         "percent": share, "text": f"{share}%" if share >= 8 else ""})
    domain = [labels.layer(layer, lang) for layer in MIX_LAYERS]
    colours = [charts.LAYER_COLORS[layer] for layer in MIX_LAYERS]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("group:N", sort=names, title=None, axis=alt.Axis(labelLimit=180)),
        order=alt.Order("order:Q"))
    bars = base.mark_bar().encode(
        x=alt.X("percent:Q", stack="zero", title=t("dashboard.chart.mix_x", lang), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("layer:N", scale=alt.Scale(domain=domain, range=colours),
                        legend=alt.Legend(title=t("dashboard.chart.layer", lang), orient="top")))
    text = base.mark_text(align="right", dx=-4, color="white", fontSize=11).encode(
        x=alt.X("percent:Q", stack="zero"), text=alt.Text("text:N"))
    return alt.layer(bars, text).properties(
        width=charts.WIDTH - 120, height=alt.Step(20),
        title=alt.TitleParams(t("dashboard.chart.mix_title", lang), anchor="start",
                              subtitle=t("dashboard.chart.mix_subtitle", lang, count=len(records)),
                              subtitleColor="#555555", subtitleFontSize=11))


def _local(moment: dt.datetime) -> dt.datetime:
    moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone()


def progress_grid_html(cls: classroom.Class, lang: str | None = None, now: dt.datetime | None = None) -> str:
    """Groups x steps coloured by status (not yet, busy, done), the steps done and each group's last
    change (local time and how long ago, from ``now``, default the moment the class was read)."""
    lang = current_language(lang)
    now = now or cls.read_at
    names = cls.names()
    rows = []
    for slug, doc in cls.groups:
        status = cls.status(doc)
        states = [status.get(s, "todo") for s in STEPS]
        rows.append({"slug": slug, "name": names[slug], "states": states, "done": states.count("done"),
                     "since": _since(_local(doc.updated_at), _local(now), lang)})
    return render.render("dashboard_progress.html", lang, rows=rows, steps=STEPS, colours=_STATUS_COLOURS,
                         marks=_STATUS_MARKS)


def _since(changed: dt.datetime, now: dt.datetime, lang: str) -> str:
    """When a group last changed, as the trainer reads it: "10:42 · 3 minuten geleden" within the
    hour, the time today, the date and time before."""
    clock = render.time(changed.time(), lang)
    if changed.date() != now.date():
        return f"{render.date(changed, lang, 'd MMM y')} {clock}"
    seconds = max(0.0, (now - changed).total_seconds())
    if seconds < 60:
        return f"{clock} · {t('dashboard.progress.just_now', lang)}"
    if seconds >= 3600:
        return clock
    return f"{clock} · {render.ago(changed, lang, now)}"


def _cell(value: Any, lang: str) -> dict:
    """One table cell for people: numbers and dates as the reader writes them, empty for missing."""
    if value is None or (not isinstance(value, (str, list, tuple, dict)) and pd.isna(value)):
        return {"text": "", "number": False}
    if isinstance(value, bool):
        return {"text": labels.yes_no(value, lang), "number": False}
    if isinstance(value, (int, float)) or (hasattr(value, "dtype") and pd.api.types.is_number(value)):
        return {"text": render.number(value, lang), "number": True}
    if isinstance(value, dt.datetime):  # pd.Timestamp too
        return {"text": f"{render.date(value, lang, 'd MMM y')} {render.time(value.time(), lang)}", "number": False}
    if isinstance(value, dt.date):
        return {"text": render.date(value, lang, "d MMM y"), "number": False}
    if isinstance(value, (list, tuple)):
        return {"text": ", ".join(str(v) for v in value), "number": False}
    return {"text": value, "number": False}


def table_html(frame: pd.DataFrame, lang: str | None = None, empty: str | None = None) -> str:
    """A frame as an escaped HTML table in a scroll box (``empty``: the sentence shown when it has no
    rows); numbers ("1.200", "2,5") and dates in the reader's language."""
    lang = current_language(lang)
    rows = [] if frame is None or frame.empty else [
        [_cell(v, lang) for v in row] for row in frame.itertuples(index=False, name=None)]
    columns = [] if frame is None else [str(c) for c in frame.columns]
    return render.render("dashboard_table.html", lang, rows=rows, columns=columns,
                         empty=empty or t("dashboard.none", lang))


def broken_html(cls: classroom.Class, lang: str | None = None) -> str:
    """The files that could not be read, each with the reason in plain words (escaped)."""
    return render.render("dashboard_broken.html", lang, broken=cls.broken)


def _mood_values(counts: dict[int, int]) -> list[int]:
    return [mood for mood, n in sorted(counts.items()) for _ in range(n)]


def _audience_frame(cls: classroom.Class, lang: str) -> pd.DataFrame:
    frame = classroom.audiences(cls)
    started = [cls.status(doc)["audience"] != "todo" for doc in cls.docs]
    # .loc with a boolean list: an empty class gives an empty list, which [] would take for columns
    frame = frame.loc[started, ["group", "age_range", "gender", "occupation", "location", "persona_name", "interests"]]
    return classroom.display_frame(frame, lang)


def _goals_frame(cls: classroom.Class, lang: str) -> pd.DataFrame:
    frame = classroom.goals(cls)
    letters = [letter for letter, _ in classroom.SMART]
    out = frame[["group", "number", "sentence", *letters, "score"]].copy()
    for letter in letters:
        out[letter] = ["✓" if v else "✗" for v in out[letter]]
    out.columns = [c if c in letters else classroom.column_label(c, lang) for c in out.columns]
    return out


def _frequency_frame(cls: classroom.Class, lang: str) -> pd.DataFrame:
    frame = classroom.frequency(cls, lang)
    if frame.empty:
        return frame
    order = list(frame.groupby("channel", sort=False)["posts_per_week"].sum().sort_values(ascending=False).index)
    groups = list(dict.fromkeys(frame["slug"]))
    table = frame.pivot_table(index="slug", columns="channel", values="posts_per_week", aggfunc="sum")
    table = table.reindex(index=groups, columns=order)
    names = dict(zip(frame["slug"], frame["group"]))
    out = pd.DataFrame({classroom.column_label("group", lang): [names[s] for s in groups]})
    for channel in order:
        out[channel] = [("" if pd.isna(v) else int(v)) for v in table[channel]]
    out[t("dashboard.choices.total", lang)] = [int(table.loc[s].sum(skipna=True)) for s in groups]
    return out


def _mix_frame(cls: classroom.Class) -> pd.DataFrame:
    frame = classroom.mixes(cls)
    started = [cls.status(doc)["content"] != "todo" for doc in cls.docs]
    return frame[started].reset_index(drop=True)


def _choosers(cls: classroom.Class) -> int:
    return sum(1 for doc in cls.docs if any(c.strip() for c in doc.channels.chosen))


# --------------------------------------------------------------------------------------------------
# The widget

class Dashboard(widgets.VBox):
    """The trainer's dashboard as one widget; ``value`` is the :class:`~helpers.classroom.Class` last read."""

    def __init__(self, folder: str | os.PathLike | None = None, *, lang: str | None = None,
                 interval: float = DEFAULT_INTERVAL, auto: bool = True, timer: bool = True,
                 timer_options: dict | None = None):
        self.folder = Path(folder) if folder is not None else classroom.results_dir()
        self.lang = current_language(lang or notebook_language())
        if self.lang != current_language():
            set_language(self.lang)  # the timer and other shared parts speak the notebook's language
        self.interval = float(interval)
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._cls: classroom.Class | None = None
        self._fingerprint: tuple | None = None
        self._rendered: dict[str, Any] = {}
        self._exports_for: tuple | None = None
        self._updating_groups = False
        self.moderation = moderation.load(self.folder)
        self._moderation_seen = moderation.stamp(self.folder)
        self._view: classroom.Class | None = None
        L = self.lang

        # -- header ---------------------------------------------------------------------------------
        self.refresh_button = widgets.Button(description=t("dashboard.refresh", L), icon="refresh",
                                             tooltip=t("dashboard.refresh_tip", L), button_style="primary",
                                             layout=widgets.Layout(width="auto"))
        self.auto = widgets.Checkbox(value=auto, description=t("dashboard.auto", L), indent=False,
                                     tooltip=t("dashboard.auto_tip", L), layout=widgets.Layout(width="auto"))
        self.status = widgets.HTML()
        self.status.add_class("wsm-dashboard-status")
        self.message = message_label()
        self.projector = widgets.ToggleButton(value=False, description=t("dashboard.projector", L), icon="television",
                                              tooltip=t("dashboard.projector_tip", L),
                                              layout=widgets.Layout(width="auto"))
        self.projector.add_class("wsm-projector-toggle")
        self.refresh_button.on_click(self._on_refresh)
        self.auto.observe(self._on_auto, names="value")
        self.projector.observe(self._on_projector, names="value")
        title = widgets.HTML(f"{STYLE}<h2 style='margin:4px 0'>{_esc(t('dashboard.heading', L))}</h2>",
                             layout=widgets.Layout(flex="1 1 auto"))
        folder = widgets.HTML(f"<div style='color:#555'>{_esc(t('dashboard.folder', L, folder=self.folder))}</div>")
        controls = widgets.HBox([self.refresh_button, self.auto], layout=widgets.Layout(align_items="center",
                                                                                       grid_gap="12px"))
        for part in (title, folder, controls, self.status, self.message):
            part.add_class("wsm-trainer-only")
        header = widgets.VBox([
            widgets.HBox([title, self.projector], layout=widgets.Layout(align_items="center", width="100%",
                                                                        justify_content="space-between")),
            folder, controls, self.status, self.message])

        # -- the tabs -------------------------------------------------------------------------------
        if timer:
            options = dict(timer_options or {})
            if "clock" not in options:  # the real clock: shared with every window on the folder (pacing)
                options.setdefault("shared", self.folder)
            self.timer = timer_widget(**options)
        else:
            self.timer = widgets.HTML("")

        full = widgets.Layout(width="100%")
        self.progress = widgets.HTML(layout=full)
        self.progress.add_class("wsm-dashboard-progress")
        self.broken = widgets.HTML(layout=full)
        self.broken.add_class("wsm-dashboard-broken")

        self.moods = widgets.Output()
        self.words = widgets.HTML(layout=full)
        self.mood_chart: alt.TopLevelMixin | None = None

        self.audiences = widgets.HTML(layout=full)
        self.goals = widgets.HTML(layout=full)
        self.channels = widgets.Output()
        self.channels_none = widgets.HTML()
        self.channels_chart: alt.TopLevelMixin | None = None
        self.mixes = widgets.Output()
        self.mixes_none = widgets.HTML()
        self.mix_chart: alt.TopLevelMixin | None = None
        self.frequency = widgets.HTML(layout=full)

        self.group = widgets.Dropdown(options=[], description=t("dashboard.present.group", L),
                                      layout=widgets.Layout(width="420px"))
        self.previous_button = widgets.Button(description=t("dashboard.present.previous", L),
                                              tooltip=t("dashboard.present.previous_tip", L),
                                              layout=widgets.Layout(width="auto"))
        self.next_button = widgets.Button(description=t("dashboard.present.next", L),
                                          tooltip=t("dashboard.present.next_tip", L), button_style="info",
                                          layout=widgets.Layout(width="auto"))
        self.position = widgets.HTML()
        self.presentation = widgets.HTML(layout=full)
        self.presentation.add_class("wsm-dashboard-presentation")
        self.group.observe(self._on_group, names="value")
        self.previous_button.on_click(lambda *_: self.previous_group())
        self.next_button.on_click(lambda *_: self.next_group())

        self.rose = widgets.HTML(layout=full)
        self.rose.add_class("wsm-dashboard-rose")

        self.exports = widgets.HTML(layout=full)
        self.exports.add_class("wsm-dashboard-exports")
        # collecting group files: drop or choose many at once, each upload kept and undoable
        self.collect = Collection(self.folder, L, accept=self.accept, changed=self.refresh)
        self.upload = self.collect.upload
        self.upload_result = self.collect.result

        self.moderation_panel = ModerationPanel(self._on_moderate, L)

        def heading(key: str, intro: str | None = None) -> widgets.HTML:
            text = f"<h3 style='margin:8px 0 2px'>{_esc(t(key, L))}</h3>"
            if intro:
                text += f"<p style='margin:0 0 6px;color:#444'>{_esc(t(intro, L))}</p>"
            return widgets.HTML(text)

        pages = {
            "timer": self.timer,
            "progress": widgets.VBox([heading("dashboard.progress.heading", "dashboard.progress.intro"),
                                      self.progress, self.broken]),
            "checkin": widgets.VBox([heading("dashboard.checkin.moods"), self.moods,
                                     heading("dashboard.checkin.words"), self.words]),
            "choices": widgets.VBox([heading("dashboard.choices.audience"), self.audiences,
                                     heading("dashboard.choices.goals"), self.goals,
                                     heading("dashboard.choices.channels"), self.channels_none, self.channels,
                                     heading("dashboard.choices.mix"), self.mixes_none, self.mixes,
                                     heading("dashboard.choices.frequency"), self.frequency]),
            "present": widgets.VBox([heading("dashboard.present.heading", "dashboard.present.intro"),
                                     widgets.HBox([self.previous_button, self.group, self.next_button, self.position],
                                                  layout=widgets.Layout(align_items="center", grid_gap="8px",
                                                                        flex_flow="row wrap")),
                                     self.presentation]),
            "rose": widgets.VBox([heading("dashboard.rose.heading", "dashboard.rose.intro"), self.rose]),
            "moderate": widgets.VBox([heading("dashboard.moderate.heading", "dashboard.moderate.intro"),
                                      self.moderation_panel]),
            "files": widgets.VBox([heading("dashboard.files.export_heading", "dashboard.files.export_intro"),
                                   self.exports,
                                   heading("dashboard.files.upload_heading", "dashboard.files.upload_intro"),
                                   self.collect]),
        }
        self.pages = pages
        self.tabs = widgets.Tab(children=[pages[k] for k in TABS], titles=[tab_title(k, L) for k in TABS])
        self.tabs.observe(self._on_tab, names="selected_index")

        super().__init__([header, self.tabs], layout=widgets.Layout(width="100%"))
        self.add_class("wsm-dashboard")
        self.refresh()
        if auto:
            self._ensure_ticking()

    # -- reading -------------------------------------------------------------------------------------
    @property
    def value(self) -> classroom.Class | None:
        return self._cls

    def show_problem(self, text: str) -> None:
        show_message(self.message, text)

    def refresh(self, force: bool = False) -> classroom.Class:
        """Read the folder again and update what changed (``force``: every section)."""
        with self._lock:
            cls = classroom.read_class(self.folder, self.lang)
            self._cls = cls
            view = self._view = classroom.moderated(cls, self.moderation)
            self._section(self.status, self._status_html, cls)
            self._section(self.progress, lambda c: progress_grid_html(c, self.lang), view)
            fp = (fingerprint(cls), self.moderation)
            if force or fp != self._fingerprint:
                self._fingerprint = fp
                self._render_all(view)
                try:
                    self.moderation_panel.update(cls, view, self.moderation)
                except Exception:
                    log.exception("dashboard moderation")
            if self.tabs.selected_index == TABS.index("files"):
                self._render_exports(cls, force)
            return cls

    def _section(self, target: widgets.HTML, render: Callable[[classroom.Class], str], cls: classroom.Class) -> None:
        """Render one section; a failure shows one plain sentence there and never stops the others."""
        try:
            target.value = render(cls)
        except Exception:
            log.exception("dashboard section")
            target.value = f'<p style="color:#b00020">⚠ {_esc(t("dashboard.section_failed", self.lang))}</p>'

    def _render_all(self, cls: classroom.Class) -> None:
        L = self.lang
        self._section(self.broken, lambda c: broken_html(c, L), cls)
        self._chart(self.moods, None, "mood_chart",
                    lambda: charts.mood_distribution(_mood_values(classroom.moods(cls)), L))
        self._section(self.words, lambda c: classroom.word_cloud_html(classroom.words(c, self.moderation.words), L),
                      cls)
        self._section(self.audiences, lambda c: table_html(_audience_frame(c, L), L), cls)
        self._section(self.goals, lambda c: table_html(_goals_frame(c, L), L), cls)
        chosen = classroom.channels_chosen(cls, L)
        self._chart(self.channels, self.channels_none, "channels_chart",
                    lambda: channels_chart(chosen, L, _choosers(cls)) if not chosen.empty else None)
        mix = _mix_frame(cls)
        self._chart(self.mixes, self.mixes_none, "mix_chart", lambda: mix_chart(mix, L) if not mix.empty else None)
        self._section(self.frequency, lambda c: table_html(_frequency_frame(c, L), L), cls)
        self._section(self.rose, lambda c: classroom.rose_wall_html(c, L, self.moderation.cards), cls)
        try:
            self._update_groups(cls)
        except Exception:
            log.exception("dashboard groups")
        self._exports_for = None

    def _chart(self, out: widgets.Output, none: widgets.HTML | None, attr: str, make: Callable) -> None:
        """Draw a chart into ``out`` only when its spec changed; ``None`` shows the 'nothing yet' line."""
        try:
            chart = make()
            setattr(self, attr, chart)
            if chart is None:
                if none is not None:
                    none.value = f"<p><em>{_esc(t('dashboard.none', self.lang))}</em></p>"
                if self._rendered.get(attr) is not None:
                    show_chart(out, None)
                self._rendered[attr] = None
                return
            if none is not None:
                none.value = ""
            key = json.dumps(chart.to_dict(), sort_keys=True, default=str)
            if self._rendered.get(attr) != key:
                show_chart(out, chart)
                self._rendered[attr] = key
        except Exception:
            log.exception("dashboard chart")
            self._rendered[attr] = None
            out.outputs = ()
            if none is not None:
                none.value = f'<p style="color:#b00020">⚠ {_esc(t("dashboard.section_failed", self.lang))}</p>'

    def _status_html(self, cls: classroom.Class) -> str:
        info = classroom.summary(cls)
        text = _esc(t("dashboard.summary", self.lang, time=f"{_local(cls.read_at):%H:%M:%S}", groups=info["groups"],
                      finished=info["finished"], people=info["people"]))
        if cls.broken:
            text += (f' <span style="color:#b45309">⚠ '
                     f'{_esc(t("dashboard.summary_broken", self.lang, count=len(cls.broken)))}</span>')
        if self.moderation:
            text += f' <span style="color:#555">· {_esc(t("dashboard.summary_hidden", self.lang, count=len(self.moderation)))}</span>'
        return f"<div>{text}</div>"

    # -- moderation and presentation mode ----------------------------------------------------------------
    def _on_moderate(self, kind: str, item: str, hidden: bool) -> None:
        """A tick box of the moderation panel: keep the choice for every window, redraw the screen."""
        try:
            with self._lock:
                self.moderation = self.moderation.hide(kind, item, hidden)
                moderation.save(self.folder, self.moderation)
                self._moderation_seen = moderation.stamp(self.folder)
            show_message(self.message, None)
        except OSError:
            log.exception("saving the moderation")
            show_message(self.message, t("dashboard.moderate.unsaved", self.lang))
        self.refresh()

    def hide(self, kind: str, item: str, hidden: bool = True) -> None:
        """Hide (or show again) a group (slug), a check-in word or a Rose card (id), as the panel does."""
        self._on_moderate(kind, item if kind != "words" else classroom.normalise_word(item), hidden)

    def _follow_moderation(self) -> bool:
        """Take over a change another trainer window made; returns whether there was one."""
        seen = moderation.stamp(self.folder)
        if seen == self._moderation_seen:
            return False
        with self._lock:
            self._moderation_seen = seen
            self.moderation = moderation.load(self.folder)
        return True

    @safe
    def _on_projector(self, change) -> None:
        if change["new"]:
            self.add_class("wsm-projecting")
            if TABS[self.tabs.selected_index or 0] in TRAINER_TABS:
                self.tabs.selected_index = TABS.index("timer")
        else:
            self.remove_class("wsm-projecting")
        self.projector.description = t("dashboard.projector_off" if change["new"] else "dashboard.projector", self.lang)

    # -- presentation mode ----------------------------------------------------------------------------
    def _group_options(self, cls: classroom.Class) -> list[tuple[str, str]]:
        names = cls.names()  # told apart: lookalikes get a fingerprint, twins their file name
        return [(names[slug], slug) for slug, _ in cls.groups]

    def _update_groups(self, cls: classroom.Class) -> None:
        options = self._group_options(cls)
        current = self.group.value
        if list(self.group.options) != options:
            self._updating_groups = True
            try:
                self.group.options = options
                slugs = [slug for _, slug in options]
                self.group.value = current if current in slugs else (slugs[0] if slugs else None)
            finally:
                self._updating_groups = False
        self._render_presentation()

    def _on_group(self, change) -> None:
        if not self._updating_groups:
            with self._lock:
                self._render_presentation()

    def _render_presentation(self) -> None:
        cls, slug = self._view, self.group.value
        slugs = [s for _, s in self.group.options]
        self.previous_button.disabled = self.next_button.disabled = len(slugs) < 2
        if cls is None or slug is None:
            self.position.value = ""
            self.presentation.value = f"<p><em>{_esc(t('dashboard.present.none', self.lang))}</em></p>"
            self._rendered["presentation"] = None
            return
        self.position.value = _esc(t("dashboard.present.position", self.lang, number=slugs.index(slug) + 1,
                                     count=len(slugs)))
        doc = cls.get(slug)
        key = (slug, doc.revision if doc else None, doc.updated_at.isoformat() if doc else None)
        if self._rendered.get("presentation") == key:
            return
        # lang=None: the one-pager in the group's own language, as the group wrote it
        self._section(self.presentation, lambda c: classroom.presentation_html(c, slug, None), cls)
        self._rendered["presentation"] = key

    def show_group(self, slug: str) -> None:
        """Show the one-pager of the group in ``<slug>.json``."""
        if slug in [s for _, s in self.group.options]:
            self.group.value = slug

    def _step(self, by: int) -> str | None:
        slugs = [s for _, s in self.group.options]
        if not slugs:
            return None
        index = slugs.index(self.group.value) if self.group.value in slugs else -by
        self.group.value = slugs[(index + by) % len(slugs)]
        return self.group.value

    @safe
    def next_group(self) -> str | None:
        """The next group's one-pager (after the last: the first). Returns its slug."""
        return self._step(1)

    @safe
    def previous_group(self) -> str | None:
        """The previous group's one-pager (before the first: the last). Returns its slug."""
        return self._step(-1)

    # -- files ----------------------------------------------------------------------------------------
    def _on_tab(self, change) -> None:
        if change["new"] == TABS.index("files") and self._cls is not None:
            try:
                with self._lock:
                    self._render_exports(self._cls)
            except Exception:
                log.exception("dashboard exports")

    def _render_exports(self, cls: classroom.Class, force: bool = False) -> None:
        """The download links for the whole class, made again only when a group changed."""

        fp = fingerprint(cls)
        if not force and self._exports_for == fp:
            return

        def render(c: classroom.Class) -> str:
            stamp = _local(c.read_at)
            stem = f"{t('dashboard.files.file_stem', self.lang)}-{stamp:%Y-%m-%d-%H%M}"
            xlsx = download_link(classroom.export_xlsx(c, self.lang), f"{stem}.xlsx", XLSX_MIME,
                                 t("dashboard.files.excel", self.lang))
            zipped = download_link(classroom.export_onepagers_zip(c, self.lang), f"{stem}-onepagers.zip", ZIP_MIME,
                                   t("dashboard.files.zip", self.lang))
            reports = download_link(classroom.export_onepagers_zip(c, self.lang, full=True), f"{stem}-reports.zip",
                                    ZIP_MIME, t("dashboard.files.reports", self.lang))
            made = _esc(t("dashboard.files.made", self.lang, time=f"{stamp:%H:%M:%S}", groups=len(c.groups)))
            return (f'<ul style="font-size:15px;line-height:1.9"><li>⬇ {xlsx}</li><li>⬇ {zipped}</li>'
                    f'<li>⬇ {reports}</li></ul>'
                    f'<p style="color:#555">{made}</p>')

        try:
            self.exports.value = render(cls)
            self._exports_for = fp
        except Exception:
            log.exception("dashboard exports")
            self.exports.value = f'<p style="color:#b00020">⚠ {_esc(t("dashboard.files.export_failed", self.lang))}</p>'

    def accept(self, files: Iterable[Any]) -> list[classroom.UploadResult]:
        """Take in uploaded group files as the upload button does (``(name, bytes)`` pairs or the
        dicts of a FileUpload): each merged and kept (:mod:`helpers.ui.collect_form`), its result
        shown, then a refresh. Returns the results."""
        with self._lock:
            results = classroom.accept_uploads(self.folder, list(files), self.lang)
        self.collect.show_results(results)
        self.refresh()
        return results

    # -- the buttons and the clock --------------------------------------------------------------------
    @safe
    def _on_refresh(self, *_):
        show_message(self.message, None)
        self.refresh()

    @safe
    def _on_auto(self, change):
        if change["new"]:
            self._ensure_ticking()

    def _ensure_ticking(self) -> None:
        if self._stop.is_set() or self.interval <= 0:
            return
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self._tick_loop, name="workshop-dashboard", daemon=True)
        self._thread.start()

    def _tick_loop(self) -> None:
        """Follow the folder: every :data:`WATCH_EVERY` seconds a look at its listing (no file read);
        a refresh when a group's document was written, and every ``interval`` seconds anyway (the
        progress grid says how long ago each group changed)."""
        workspace = Workspace(self.folder)
        seen = workspace.folder_stamp()
        last = time.monotonic()
        every = pause = min(WATCH_EVERY, self.interval)
        while not self._stop.wait(pause):
            pause = every
            if self.comm is None or not self.auto.value:  # closed, or the box was cleared
                return
            try:
                if isinstance(self.timer, TimerWidget):  # another window moved the clock
                    self.timer.follow()
                moderated = self._follow_moderation()
            except Exception:
                log.exception("dashboard follow")
                moderated = False
            now = workspace.folder_stamp()
            if now == seen and not moderated and time.monotonic() - last < self.interval:
                continue
            seen, last = now, time.monotonic()
            try:
                self.refresh()
            except Exception:  # never let a refresh raise into the page
                log.exception("dashboard refresh")
            # a document written while the refresh ran is looked for at once (a refresh takes over a
            # second on a busy server: with a full pause after it, the view fell 3 s behind the folder)
            pause = max(0.05, pause - (time.monotonic() - last))

    @property
    def ticking(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def close(self) -> None:
        """Stop the refresh thread and the timer, then close the widget."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=min(self.interval, 5.0) + 5)
        try:
            self.timer.close()
        except Exception:
            log.exception("closing the timer")
        super().close()


def dashboard(folder: str | os.PathLike | None = None, *, lang: str | None = None,
              interval: float = DEFAULT_INTERVAL, auto: bool = True, timer: bool = True) -> Dashboard:
    """The trainer's dashboard on ``folder`` (default :func:`helpers.classroom.results_dir`).

    ``lang``: default the language in the notebook's name (``dashboard.en.ipynb``), else the current
    language. ``interval``: seconds between automatic refreshes while ``auto`` is ticked. ``timer=False``
    leaves the agenda timer out (its tab stays, empty)."""
    keep_logs_off_the_page()
    return Dashboard(folder, lang=lang, interval=interval, auto=auto, timer=timer)
