"""What every form shares: the participant's session, binding a widget to a document field,
messages beside the field, safe callbacks and offline charts.

A form is a ``widgets.VBox`` subclass whose children are built from :func:`bind`; it keeps no
state of its own beyond the widgets: the document (through :class:`Session`) is the truth.
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
import html
import logging
from pathlib import Path
import re
import sys
import threading
import time
import traceback
from typing import Any, Callable
import weakref

import ipywidgets as widgets

from .. import agenda, crdt, model
from ..autosave import Autosaver
from ..i18n import current_language, set_language, t
from ..smart import read_number
from ..store import Workspace

log = logging.getLogger("helpers.ui")

ERROR_CLASS = "workshop-error"
SAVED_CLASS = "workshop-saved"


#: The file in the workspace where an unexpected error is written for the trainer (see :func:`safe`).
ERRORS_LOG = "errors.log"


def _append_to_workspace(name: str, text: str) -> None:
    """Append ``text`` to ``<workspace>/<name>`` (the open group's workspace, else the default one),
    for the trainer; a failure to write is never a participant's problem."""
    try:
        ws = Session.get().workspace if Session._instance else Workspace()
        ws.root.mkdir(parents=True, exist_ok=True)
        with open(ws.root / name, "a", encoding="utf-8") as fh:
            fh.write(text)
    except Exception:
        pass


class _WorkspaceLog(logging.Handler):
    """Log lines to ``<workspace>/workshop.log``: the trainer's to read, never the page's."""

    def emit(self, record: logging.LogRecord) -> None:
        _append_to_workspace("workshop.log", f"{dt.datetime.now().isoformat(timespec='seconds')} "
                                             f"{record.levelname} {record.name}: {record.getMessage()}\n")


def keep_logs_off_the_page() -> None:
    """In a page's kernel (app mode), send the toolkit's and websockets' log lines to a file.

    Without a handler Python prints warnings on standard error, which a kernel shows under the
    cell that runs: in app mode under the participant's form. Records still reach the root
    logger's handlers (tests read them there)."""
    for name in ("helpers", "websockets"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, _WorkspaceLog) for h in logger.handlers):
            handler = _WorkspaceLog(logging.WARNING)
            logger.addHandler(handler)


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
            _append_to_workspace(ERRORS_LOG, f"--- {dt.datetime.now().isoformat()}\n{text}\n")
            owner = args[0] if args else None
            show = getattr(owner, "show_problem", None)
            if callable(show):
                show(t("ui.unexpected"))
            return None

    return wrapper


class Session:
    """The participant's group and its document, shared by every form in one kernel.

    A change is validated at once against the document in memory (so a message can appear beside
    the field as the participant types), queued as an operation and saved off the widget thread
    by an :class:`~helpers.autosave.Autosaver`. The session follows the document on disk: a change
    saved by another kernel or laptop reaches every bound widget within a second, except a field
    the participant is editing here."""

    _instance: "Session | None" = None

    def __init__(self, workspace: Workspace | None = None, group: str | None = None, delay: float = 0.5,
                 max_wait: float = 0.8, watch: float | None = 0.5):
        self.workspace = workspace or Workspace()
        self.group: str | None = None
        self.doc: model.Strategy | None = None
        self.saver: Autosaver | None = None
        self.delay, self.max_wait, self.watch = delay, max_wait, watch
        self.status: tuple[str, str | None] = ("saved", None)
        self._lock = threading.RLock()
        self._base: model.Strategy | None = None  # the latest document from disk
        self._shown = -1  # the revision the widgets were last refreshed to
        self._bindings: list[weakref.ref] = []
        self._listeners: list[Any] = []
        self._saved_listeners: list[Any] = []
        self._status_listeners: list[Any] = []
        self._open_listeners: list[Any] = []
        self._error_listeners: dict[tuple, Callable[[str], None]] = {}
        self._recent: dict[tuple, float] = {}
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._seen: Any = None
        self._held: set[tuple] = set()  # fields a change from disk was not shown in (being edited)
        self._forms: dict[type, weakref.ref] = {}  # the live form of each step
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
        if cls._instance is not None and cls._instance is not session:
            cls._instance.close()
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
        self.close()  # only now: when opening fails, the current group keeps saving
        with self._lock:
            self.group, self.doc, self._base, self._shown = doc.group, doc, doc, doc.revision
            self._seen = self.workspace.stamp(doc.group)
        self.workspace.set_current_group(doc.group)
        set_language(doc.language)
        self.saver = Autosaver(self.workspace, doc.group, delay=self.delay, max_wait=self.max_wait,
                               on_saved=self._on_saved, on_error=self._on_error, on_status=self._on_status)
        if not self.workspace.writable:
            self._on_status("read_only", t("store.read_only"))
        else:
            slug = self.workspace.slug(doc.group)
            said = [p.message for p in self.workspace.problems if p.group_slug == slug]
            if said:  # a file of this group could not be read: the participant is told, until the next save
                self._on_status("problem", said[-1])
        self._stop = threading.Event()
        _call_all(self._open_listeners, doc)
        if self.watch:
            self._watcher = threading.Thread(target=_follow, args=(weakref.ref(self), self._stop, self.watch),
                                             name="workshop-follow", daemon=True)
            self._watcher.start()
        return doc

    def close(self) -> None:
        """Save what is pending and stop following the document."""
        self._stop.set()
        if self.saver is not None:
            self.saver.close()

    @property
    def ready(self) -> bool:
        return self.doc is not None

    def reload(self) -> model.Strategy | None:
        """The latest document on disk (another notebook or laptop may have changed it)."""
        if self.group is None:
            return None
        if self.saver is not None:
            self.saver.flush()
        latest = self.workspace.load(self.group)
        if latest is not None:
            self._take(latest)
        return self.doc

    # -- reading and changing fields ---------------------------------------------------------------
    def get_value(self, path: Any, default: Any = None) -> Any:
        doc = self.doc
        if doc is None:
            return default
        try:
            return model.get_at(doc.model_dump(mode="json"), model.parse_path(path))
        except (KeyError, IndexError, TypeError):
            return default

    def row_ids(self, list_path: Any) -> list[str]:
        """The ids of the rows of a list, in their order."""
        rows = self.get_value(list_path, []) or []
        return [r["id"] for r in rows if isinstance(r, dict) and "id" in r]

    def change(self, path: Any, value: Any) -> str | None:
        """Validate and queue one field; return the plain-words problem, or ``None`` when it is saved."""
        return self.change_many({path: value}).get(model.parse_path(path))

    def change_many(self, changes: dict[Any, Any]) -> dict[tuple, str]:
        items = {model.parse_path(p): v for p, v in changes.items()}
        problems = self.submit([crdt.set_(p, v) for p, v in items.items()])
        if not problems:
            return {}
        out = {}
        for path in items:
            msg = _problem_for(path, problems)
            if msg:
                out[path] = msg
        return out or {p: next(iter(problems.values())) for p in items}

    def submit(self, ops: list) -> dict[tuple, str]:
        """Validate operations against the document here, then queue them to be saved.
        Returns path -> plain-words problem (nothing is queued then)."""
        if self.doc is None or self.saver is None:
            return {op.path: t("ui.no_group") for op in ops}
        with self._lock:
            now = time.monotonic()
            for op in ops:  # being edited here, saved or not: a value refused (a mix of 140%) stays
                self._recent[op.path] = now  # shown with its message, not replaced by another laptop's
            try:
                new, _ids, delta = crdt.preview(self.doc, ops)
            except model.InvalidChange as err:
                return dict(err.problems)
            except crdt.RowGone:
                return {op.path: t("lists.row_gone") for op in ops}
            if not delta:
                return {}
            self.doc = new
            self.saver.submit(*ops)
        return {}

    def insert(self, list_path: Any, row: dict | None = None, before: str | None = None) -> tuple[str | None, str | None]:
        """Add a row; ``(its id, None)`` or ``(None, problem)``."""
        op = crdt.insert(list_path, row, before=before)
        problems = self.submit([op])
        return (None, next(iter(problems.values()))) if problems else (op.row_id, None)

    def remove(self, list_path: Any, row_id: str) -> str | None:
        problems = self.submit([crdt.remove(list_path, row_id)])
        return next(iter(problems.values()), None)

    def move(self, list_path: Any, row_id: str, before: str | None = None) -> str | None:
        problems = self.submit([crdt.move(list_path, row_id, before)])
        return next(iter(problems.values()), None)

    def flush(self, timeout: float | None = None) -> model.Strategy | None:
        return self.saver.flush(timeout) if self.saver else None

    # -- following the document --------------------------------------------------------------------
    def bindings(self) -> list["Binding"]:
        alive = [r() for r in self._bindings]
        keep = [b is not None and not _closed(b.widget) for b in alive]
        self._bindings = [r for r, k in zip(self._bindings, keep) if k]
        return [b for b, k in zip(alive, keep) if k]

    def adopt(self, form: widgets.Widget) -> None:
        """Make ``form`` the live form of its step here: an older one (the cell run again) is
        closed, and its bindings and listeners stop being called."""
        ref = self._forms.get(type(form))
        old = ref() if ref is not None else None
        if old is not None and old is not form:
            close_tree(old)
        self._forms[type(form)] = weakref.ref(form)
        self.bindings()
        for refs in (self._listeners, self._saved_listeners, self._status_listeners, self._open_listeners):
            _prune(refs)

    def register(self, binding: "Binding") -> None:
        self._bindings.append(weakref.ref(binding))

    def on_change(self, fn: Callable[[model.Strategy], None]) -> None:
        """Call ``fn(doc)`` whenever another kernel's or laptop's change has been taken in (``fn``
        may be a bound method: it is held weakly, so a form that is gone stops being called)."""
        self._listeners.append(_weak(fn))

    def busy_paths(self) -> set[tuple]:
        """Fields with a change that is not saved yet, or edited here in the last two seconds."""
        limit = time.monotonic() - 2.0
        recent = {p for p, when in list(self._recent.items()) if when >= limit}
        return recent | (self.saver.pending_paths() if self.saver else set())

    def _check(self) -> None:
        """Take in the document from disk when another kernel or laptop has changed it."""
        self._release()
        seen = self.workspace.stamp(self.group)
        if seen != self._seen:
            self._seen = seen
            latest = self.workspace.load_slug(self.workspace.slug(self.group))
            if latest is not None and latest.revision > self._shown:
                self._take(latest)

    def _take(self, latest: model.Strategy) -> None:
        """Make ``latest`` (from disk) the document, with the changes still queued here on top, and
        show it in every bound widget the participant is not editing."""
        with self._lock:
            if self._base is not None and latest.revision < self._base.revision:
                latest = self._base  # read before a save of ours that has landed since: show that save
            if latest.revision <= self._shown:
                return
            self._base, self._shown = latest, latest.revision
            self.doc = self._with_pending(latest)
        on_main(self._show_taken)

    def _show_taken(self) -> None:
        """(On the widget thread.) Show the document in every bound widget but those being edited,
        which are held back until they are not (:meth:`_release`)."""
        busy = self.busy_paths()
        with self._lock:
            self._held |= busy
            doc = self.doc
        for binding in self.bindings():
            binding.refresh(self, busy)
        _call_all(self._listeners, doc)

    def _release(self) -> None:
        """Show what :meth:`_take` held back in a field being edited, once it is not any more: a
        change from another kernel that came in meanwhile must not stay hidden."""
        with self._lock:
            if not self._held:
                return
        on_main(self._show_released)

    def _show_released(self) -> None:
        with self._lock:
            busy = self.busy_paths()
            done = self._held - busy
            self._held -= done
            doc = self.doc
        if not done:
            return
        for binding in self.bindings():
            if binding.path in done:
                binding.refresh(self, busy)
        _call_all(self._listeners, doc)

    # -- listeners -----------------------------------------------------------------------------------
    def on_open(self, fn: Callable[[model.Strategy], None]) -> None:
        """Call ``fn(doc)`` when a group is opened here (held weakly when a method)."""
        self._open_listeners.append(_weak(fn))

    def on_saved(self, fn: Callable[[model.Strategy], None]) -> None:
        """Call ``fn(doc)`` after each save of this session's changes (held weakly when a method)."""
        self._saved_listeners.append(_weak(fn))

    def on_status(self, fn: Callable[[str, str | None], None]) -> None:
        """Call ``fn(status, message)`` when saving starts failing (``failing``, ``read_only``) or
        works again (``saved``), and at opening when a file of the group could not be read
        (``problem``)."""
        self._status_listeners.append(_weak(fn))

    def _on_saved(self, doc: model.Strategy) -> None:
        with self._lock:
            # (the watcher still reads the file once: a change saved elsewhere right after ours
            # must not hide behind it)
            remote = self._base is not None and doc.revision > self._base.revision + 1
        if remote:
            self._take(doc)
        else:
            self._take_quietly(doc)
        on_main(_call_all, self._saved_listeners, doc)

    def _take_quietly(self, doc: model.Strategy) -> None:
        """After a save of ours: the document without refreshing the widgets (they show what was
        typed). The watcher still shows the saved file once, since it may hold changes from elsewhere
        (a row another laptop removed while our change to it was dropped)."""
        with self._lock:
            if self._base is not None and doc.revision < self._base.revision:
                return
            self._base = doc
            self.doc = self._with_pending(doc)

    def _with_pending(self, doc: model.Strategy) -> model.Strategy:
        """``doc`` with the changes still queued here on top (one that no longer fits is left out)."""
        for op in self.saver.pending_ops() if self.saver else []:
            try:
                doc, _ids, _delta = crdt.preview(doc, [op])
            except (model.InvalidChange, crdt.RowGone):
                continue
        return doc

    def _on_status(self, status: str, message: str | None) -> None:
        if self.status[0] == "read_only" and status == "failing":
            status = "read_only"
        self.status = (status, message)
        on_main(_call_all, self._status_listeners, status, message)

    def _on_error(self, path: tuple, message: str) -> None:
        fn = self._error_listeners.get(path)
        if fn:
            on_main(fn, message)


def on_main(fn: Callable, *args) -> None:
    """Run ``fn(*args)`` on the kernel's main thread, the one that handles the browser's widget
    messages; at once when called there, or when there is no kernel (a script, a test: then one
    call at a time, whichever thread makes it).

    Widgets are not thread-safe: the follow thread and the autosave thread setting a widget while
    the participant ticks a box dropped the tick (a flag that silences a form while it shows the
    document is shared by every thread) and could hang the kernel. So those threads read and save
    the document, and hand every widget update to the main thread's event loop."""
    loop = _kernel_loop()
    if loop is None:
        _one_at_a_time(fn, *args)
    elif threading.current_thread() is threading.main_thread():
        fn(*args)
    else:
        loop.add_callback(_call_logged, fn, *args)


# Outside a kernel every thread calls in person; one at a time, as the kernel's one main thread
# would: a form redrawn by the follow thread with the document as it was before a save must not
# finish after the autosave thread's redraw with the saved one (a test read the older drawing).
# A call waits at most a few seconds, so that two threads each holding what the other waits for
# (a save, the widgets) slow down instead of hanging.
_WIDGET_TURN = threading.RLock()
_TURN_WAIT = 5.0


def _one_at_a_time(fn: Callable, *args) -> None:
    mine = _WIDGET_TURN.acquire(timeout=_TURN_WAIT)
    try:
        fn(*args)
    finally:
        if mine:
            _WIDGET_TURN.release()


def after_this(fn: Callable, *args) -> None:
    """Run ``fn(*args)`` on the kernel's main thread once the current callback is over (at once
    outside a kernel): for a change that replaces the widget whose callback is running."""
    loop = _kernel_loop()
    if loop is None:
        fn(*args)
        return
    loop.add_callback(_call_logged, fn, *args)


def _kernel_loop():
    """The event loop of the IPython kernel this runs in, or ``None`` outside a kernel."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(getattr(shell, "kernel", None), "io_loop", None)


def _call_logged(fn: Callable, *args) -> None:
    try:
        fn(*args)
    except Exception:  # a widget update never breaks the kernel's loop
        log.exception("showing the document")


def _follow(ref: "weakref.ref[Session]", stop: threading.Event, interval: float) -> None:
    """The watcher thread of a session; it ends with the session (closed or gone)."""
    while not stop.wait(interval):
        session = ref()
        if session is None:
            return
        try:
            session._check()
        except Exception:  # following is a convenience; a failure never reaches the participant
            log.exception("following the document")
        del session


def close_tree(widget: widgets.Widget) -> None:
    """Close ``widget`` and every widget inside it."""
    for child in getattr(widget, "children", ()) or ():
        close_tree(child)
    widget.close()


def _closed(widget: Any) -> bool:
    return isinstance(widget, widgets.Widget) and widget.comm is None


def _owner_closed(ref) -> bool:
    fn = ref()
    return fn is None or _closed(getattr(fn, "__self__", None))


def _prune(refs: list) -> None:
    refs[:] = [r for r in refs if not _owner_closed(r)]


def _weak(fn: Callable) -> Callable[[], Callable | None]:
    return weakref.WeakMethod(fn) if hasattr(fn, "__self__") else (lambda: fn)


def _call_all(refs: list, *args) -> None:
    for ref in list(refs):
        if _owner_closed(ref):
            if ref in refs:  # another thread may have pruned it (outside a kernel, threads call here)
                refs.remove(ref)
            continue
        fn = ref()
        try:
            fn(*args)
        except Exception:
            log.exception("listener")


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


class Binding:
    """One widget shown from, and saved to, one field of the document."""

    def __init__(self, widget: widgets.ValueWidget, path: tuple, from_doc: Callable[[Any], Any]):
        self.widget, self.path, self.from_doc = widget, path, from_doc
        self.quiet = False

    def show(self, value: Any) -> None:
        """Put ``value`` (from the document) in the widget without saving it back."""
        try:
            shown = self.from_doc(value)
        except Exception:
            if value is not None:  # a field the document does not hold yet keeps what it shows
                log.exception("cannot show %s", self.path)
            return
        if shown is None and value is None and not (isinstance(self.widget, widgets.DatePicker)
                                                     or getattr(self.widget, "shows_none", False)):
            return  # (a text box cannot show None; a date field shows it empty)
        try:
            if self.widget.value != shown:
                self.quiet = True
                try:
                    self.widget.value = shown
                finally:
                    self.quiet = False
        except Exception:
            log.exception("cannot show %s", self.path)

    def refresh(self, session: "Session", busy: set[tuple]) -> None:
        if self.path in busy:
            return
        self.show(session.get_value(self.path))


def bind(widget: widgets.ValueWidget, path: Any, session: Session | None = None, *,
         to_doc: Callable[[Any], Any] = lambda v: v,
         from_doc: Callable[[Any], Any] = lambda v: v,
         check: Callable[[Any], str | None] | None = None) -> widgets.VBox:
    """Show the document's value of ``path`` in ``widget`` and save every change to it.

    ``to_doc``/``from_doc`` convert between the widget's value and the document's; ``check`` may
    return an extra plain-words problem (a soft warning: the value is still saved; default: the
    widget's own ``soft_check``, as a date field's warning for a date in the past). A path may pass
    through a row id (``("goals", "r1a2b3c4d5e6", "sentence")``). A checkbox group (a set in the
    document) sends only the ticks that changed. The widget follows the document: a change saved
    elsewhere is shown, unless the participant is editing this field. Returns the widget with its
    message line underneath (a widget with a ``message_line`` of its own, as a date field, shares
    it), to place in a form."""
    session = session or Session.get()
    path = model.parse_path(path)
    own_line = getattr(widget, "message_line", None)
    label = own_line if own_line is not None else message_label()
    if check is None:
        check = getattr(widget, "soft_check", None)
    binding = Binding(widget, path, from_doc)
    current = session.get_value(path)
    if current is not None:
        binding.show(current)

    @safe
    def on_change(change):
        if binding.quiet:
            return
        try:
            value = to_doc(change["new"])
        except ValueError as err:
            show_message(label, str(err) or t("errors.invalid", field=model.field_label(path)))
            return
        if crdt.is_set(path) and isinstance(value, (list, tuple)):
            # the ticks the participant changed: from what the widget showed, not from the document
            # (which may hold another kernel's tick the widget does not show yet)
            try:
                before = to_doc(change["old"])
            except (ValueError, TypeError):
                before = None
            if not isinstance(before, (list, tuple)):
                before = session.get_value(path) or []
            ops = [crdt.discard(path, item) for item in before if item not in value]
            ops += [crdt.add(path, item, order=i) for i, item in enumerate(value) if item not in before]
            problems = session.submit(ops) if ops else {}
            problem = next(iter(problems.values()), None)
        else:
            problem = session.change(path, value)
        if problem is None and check is not None:
            problem = check(value)
        show_message(label, problem)

    widget.observe(on_change, names="value")
    session.register(binding)
    session._error_listeners[path] = lambda msg: show_message(label, msg)
    box = widgets.VBox([widget] if own_line is not None else [widget, label])
    box.add_class("workshop-field")
    box._binding = binding  # the box keeps its binding alive; the session holds it weakly
    widget._message_line = label
    return box


def message_of(widget: widgets.Widget) -> str:
    """The words of the message shown beside a bound field (``""`` when there is none)."""
    label = getattr(widget, "_message_line", None)
    return html.unescape(re.sub(r"<[^>]+>", "", label.value)).removeprefix("⚠ ").strip() if label else ""


def date_from_doc(value):
    """A stored ISO date as the ``datetime.date`` a date field shows (``None`` when empty)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def date_to_doc(value):
    """A date field's ``datetime.date`` as the document stores it: an ISO date (``None`` when empty)."""
    return value.isoformat() if isinstance(value, dt.date) else None


def number_to_doc(text: str):
    """A number as typed ("1.200", "2,5%", "duizend") for the document; "" is none."""
    text = (text or "").strip()
    if not text:
        return None
    value = read_number(text)
    if value is not None:
        return value
    try:
        return float(text)  # "1e400": the field's own check then names what is wrong
    except ValueError:
        raise ValueError(t("goals.not_a_number", value=text[:20])) from None


def number_from_doc(value) -> str:
    if value is None:
        return ""
    return f"{value:g}"


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


class SavedIndicator(widgets.HTML):
    """A small line that says when the form was last saved, or in words why it is not saved yet."""

    def __init__(self, session: Session):
        super().__init__(value="")
        self.add_class(SAVED_CLASS)
        session.on_saved(self.update)
        session.on_status(self.show_status)
        if session.status[0] != "saved":
            self.show_status(*session.status)

    def update(self, doc: model.Strategy | None = None) -> None:
        when = dt.datetime.now().strftime("%H:%M:%S")
        self.value = f'<span style="color:#2e7d32">✓ {html.escape(t("ui.saved", time=when))}</span>'

    def show_status(self, status: str, message: str | None) -> None:
        if status == "saved":
            return
        self.value = f'<span style="color:#b00020" role="status">⚠ {html.escape(message or "")}</span>'


def saved_indicator(session: Session | None = None) -> SavedIndicator:
    return SavedIndicator(session or Session.get())


_CSS = Path(__file__).with_name("workshop.css")


@functools.lru_cache(maxsize=1)
def _css() -> str:
    return _CSS.read_text(encoding="utf-8")


def stylesheet() -> widgets.HTML:
    """The workshop's stylesheet (``helpers/ui/workshop.css``) as a widget: every form carries it,
    so the look is the same in app mode and in JupyterLab without any configuration."""
    sheet = widgets.HTML(f"<style>{_css()}</style>", layout=widgets.Layout(display="none"))
    sheet.add_class("workshop-stylesheet")
    return sheet


def time_box(block: str) -> widgets.HTML:
    """The part's time box ("Tijd: 12 minuten"), its minutes from ``data/agenda.yaml``; empty when
    the agenda has no such part."""
    minutes = agenda.minutes_of(block)
    box = widgets.HTML("" if minutes is None else f"<b>⏱ {html.escape(t('ui.time_box', count=minutes))}</b>")
    box.add_class("workshop-time-box")
    return box


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
    if chart is None:
        out.outputs = ()
        return
    from ..charts import describe, to_svg  # with the first chart: a page without one loads no renderer

    svg = to_svg(chart)
    picture = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt = html.escape(describe(chart) or t("ui.chart"), quote=True)
    # shown as an <img> with its title as alternative text (a screen reader says what the chart is);
    # the SVG itself stays beside it for whoever reads the output
    out.outputs = ({"output_type": "display_data", "metadata": {},
                    "data": {"text/html": f'<img class="workshop-chart" alt="{alt}" src="data:image/svg+xml;base64,{picture}">',
                             "image/svg+xml": svg, "text/plain": t("ui.chart")}},)

