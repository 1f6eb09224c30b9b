"""What every form shares: the participant's session, binding a widget to a document field,
messages beside the field, safe callbacks and offline charts.

A form is a ``widgets.VBox`` subclass whose children are built from :func:`bind`; it keeps no
state of its own beyond the widgets: the document (through :class:`Session`) is the truth.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import logging
import traceback
from pathlib import Path
from typing import Any, Callable

import ipywidgets as widgets

from .. import model
from ..i18n import current_language, set_language, t
from ..store import Autosaver, Workspace

log = logging.getLogger("helpers.ui")

ERROR_CLASS = "workshop-error"
SAVED_CLASS = "workshop-saved"


def _log_path(ws: Workspace) -> Path:
    return ws.root / "errors.log"


def safe(fn: Callable) -> Callable:
    """Run a widget callback so that no traceback ever reaches the participant.

    An unexpected error is written to ``<workspace>/errors.log`` for the trainer and the
    participant sees one plain sentence instead (through ``self.show_problem`` when present)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception:  # the last line of defence in front of a participant
            text = traceback.format_exc()
            log.error(text)
            try:
                ws = Session.get().workspace if Session._instance else Workspace()
                ws.root.mkdir(parents=True, exist_ok=True)
                with open(_log_path(ws), "a", encoding="utf-8") as fh:
                    fh.write(f"--- {dt.datetime.now().isoformat()}\n{text}\n")
            except Exception:
                pass
            owner = args[0] if args else None
            show = getattr(owner, "show_problem", None)
            if callable(show):
                show(t("ui.unexpected"))
            return None

    return wrapper


class Session:
    """The participant's group and its document, shared by every form in one kernel.

    Values are validated at once against the in-memory document (so a message can appear beside
    the field as the participant types) and saved by a debounced :class:`~helpers.store.Autosaver`.
    """

    _instance: "Session | None" = None

    def __init__(self, workspace: Workspace | None = None, group: str | None = None, delay: float = 0.5):
        self.workspace = workspace or Workspace()
        self.group: str | None = None
        self.doc: model.Strategy | None = None
        self.saver: Autosaver | None = None
        self.delay = delay
        self._saved_listeners: list[Callable[[model.Strategy], None]] = []
        self._error_listeners: dict[tuple, Callable[[str], None]] = {}
        group = group or self.workspace.current_group()
        if group:
            self.open(group)

    # -- the one session of this kernel -------------------------------------------------------------
    @classmethod
    def get(cls) -> "Session":
        if cls._instance is None:
            cls._instance = Session()
        return cls._instance

    @classmethod
    def reset(cls, session: "Session | None" = None) -> "Session | None":
        """Replace the kernel's session (tests use this with a temporary workspace)."""
        if cls._instance is not None and cls._instance.saver is not None:
            cls._instance.saver.flush()
        cls._instance = session
        return session

    # -- opening a group ------------------------------------------------------------------------------
    def open(self, group: str, language: str | None = None) -> model.Strategy:
        """Open (or create) ``group`` and make it the current group on this machine."""
        if self.saver is not None:
            self.saver.flush()
        doc = self.workspace.load(group)
        if doc is None:
            doc = self.workspace.create(group, language or current_language())
        self.group, self.doc = doc.group, doc
        self.workspace.set_current_group(doc.group)
        set_language(doc.language)
        self.saver = Autosaver(self.workspace, doc.group, delay=self.delay,
                               on_saved=self._on_saved, on_error=self._on_error)
        return doc

    @property
    def ready(self) -> bool:
        return self.doc is not None

    def reload(self) -> model.Strategy | None:
        """The latest document on disk (another notebook or laptop may have changed it)."""
        if self.group is None:
            return None
        if self.saver is not None:
            self.saver.flush()
        self.doc = self.workspace.load(self.group) or self.doc
        return self.doc

    # -- reading and changing fields ---------------------------------------------------------------
    def get_value(self, path: Any, default: Any = None) -> Any:
        if self.doc is None:
            return default
        try:
            return model.get_at(self.doc.model_dump(mode="json"), model.parse_path(path))
        except (KeyError, IndexError, TypeError):
            return default

    def change(self, path: Any, value: Any) -> str | None:
        """Validate and queue one field; return the plain-words problem, or ``None`` when it is saved."""
        return self.change_many({path: value}).get(model.parse_path(path))

    def change_many(self, changes: dict[Any, Any]) -> dict[tuple, str]:
        if self.doc is None or self.saver is None:
            return {model.parse_path(p): t("ui.no_group") for p in changes}
        items = {model.parse_path(p): v for p, v in changes.items()}
        try:
            self.doc = model.apply_changes(self.doc, items)
        except model.InvalidChange as err:
            problems = {}
            for path in items:
                msg = _problem_for(path, err.problems)
                if msg:
                    problems[path] = msg
            return problems or {p: next(iter(err.problems.values())) for p in items}
        for path, value in items.items():
            self.saver.changed(path, value)
        return {}

    def flush(self) -> model.Strategy | None:
        return self.saver.flush() if self.saver else None

    # -- listeners -----------------------------------------------------------------------------------
    def on_saved(self, fn: Callable[[model.Strategy], None]) -> None:
        self._saved_listeners.append(fn)

    def _on_saved(self, doc: model.Strategy) -> None:
        for fn in list(self._saved_listeners):
            try:
                fn(doc)
            except Exception:
                log.exception("saved listener")

    def _on_error(self, path: tuple, message: str) -> None:
        fn = self._error_listeners.get(path)
        if fn:
            fn(message)


def _problem_for(path: tuple, problems: dict[tuple, str]) -> str | None:
    """The message of ``problems`` that concerns ``path`` (the same field, or a part of it or
    the section around it, as for a check on two fields together)."""
    for where, msg in problems.items():
        if path[: len(where)] == where or where[: len(path)] == path:
            return msg
    return None


# ----------------------------------------------------------------------------------------------------
# Binding widgets to fields

def message_label() -> widgets.HTML:
    label = widgets.HTML(value="", layout=widgets.Layout(min_height="0"))
    label.add_class(ERROR_CLASS)
    return label


def show_message(label: widgets.HTML, message: str | None) -> None:
    label.value = f'<span style="color:#b00020">⚠ {html.escape(message)}</span>' if message else ""


def bind(widget: widgets.ValueWidget, path: Any, session: Session | None = None, *,
         to_doc: Callable[[Any], Any] = lambda v: v,
         from_doc: Callable[[Any], Any] = lambda v: v,
         check: Callable[[Any], str | None] | None = None) -> widgets.VBox:
    """Show the document's value of ``path`` in ``widget`` and save every change to it.

    ``to_doc``/``from_doc`` convert between the widget's value and the document's; ``check`` may
    return an extra plain-words problem (a soft warning: the value is still saved). Returns the
    widget with its message line underneath, to place in a form."""
    session = session or Session.get()
    path = model.parse_path(path)
    label = message_label()
    current = session.get_value(path)
    if current is not None:
        try:
            widget.value = from_doc(current)
        except Exception:
            log.exception("cannot show %s", path)

    @safe
    def on_change(change):
        try:
            value = to_doc(change["new"])
        except ValueError as err:
            show_message(label, str(err) or t("errors.invalid", field=model.field_label(path)))
            return
        problem = session.change(path, value)
        if problem is None and check is not None:
            problem = check(value)
        show_message(label, problem)

    widget.observe(on_change, names="value")
    session._error_listeners[path] = lambda msg: show_message(label, msg)
    box = widgets.VBox([widget, label])
    box.add_class("workshop-field")
    return box


def date_from_doc(value):
    """A stored ISO date as the ``datetime.date`` a DatePicker shows (``None`` when empty)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def date_to_doc(value):
    return value.isoformat() if isinstance(value, dt.date) else None


def not_in_past(field_key: str) -> Callable[[Any], str | None]:
    """A soft check for :func:`bind`: a date before today is saved, with a warning beside it."""
    def check(value) -> str | None:
        if isinstance(value, str) and value and dt.date.fromisoformat(value) < dt.date.today():
            return t("errors.in_the_past", field=t(field_key))
        return None

    return check


def split_lines(text: str) -> list[str]:
    """One item per line (or per comma when there is a single line), trimmed, no empties."""
    parts = text.splitlines() if "\n" in text else text.split(",")
    return [p.strip() for p in parts if p.strip()]


def split_sentences(text: str) -> list[str]:
    """One item per line only: for answers that are sentences with commas in them (pains, gains,
    key messages)."""
    return [p.strip() for p in text.splitlines() if p.strip()]


def join_lines(items: list[str] | None) -> str:
    return "\n".join(items or [])


def saved_indicator(session: Session | None = None) -> widgets.HTML:
    """A small line that says when the form was last saved."""
    session = session or Session.get()
    label = widgets.HTML(value="")
    label.add_class(SAVED_CLASS)

    def update(doc: model.Strategy) -> None:
        when = dt.datetime.now().strftime("%H:%M:%S")
        label.value = f'<span style="color:#2e7d32">✓ {html.escape(t("ui.saved", time=when))}</span>'

    session.on_saved(update)
    return label


def need_group() -> widgets.HTML:
    return widgets.HTML(f"<b>{html.escape(t('ui.no_group'))}</b>")


# ----------------------------------------------------------------------------------------------------
# Charts

def chart_output(chart) -> widgets.Output:
    """An Output widget showing ``chart`` as SVG, drawn offline by vl-convert."""
    out = widgets.Output()
    show_chart(out, chart)
    return out


def show_chart(out: widgets.Output, chart) -> None:
    """Put ``chart`` into ``out`` as an SVG output. The output is set on the widget's model
    directly, so it works the same in a kernel, in Voila and in tests (no display capture)."""
    from ..charts import to_svg

    if chart is None:
        out.outputs = ()
        return
    out.outputs = ({"output_type": "display_data", "metadata": {},
                    "data": {"image/svg+xml": to_svg(chart), "text/plain": t("ui.chart")}},)
