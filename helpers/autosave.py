"""Saving a form's changes in the background, so that nothing a participant typed is lost.

An :class:`Autosaver` queues a form's operations and saves them through
:meth:`helpers.store.Workspace.apply` in a thread of its own: after ``delay`` seconds without
typing, and at least every ``max_wait`` seconds while typing goes on. A save that fails stays
queued and is retried; SIGTERM, SIGHUP and interpreter exit save what is queued first.
"""
from __future__ import annotations

import atexit
import logging
import os
import signal
import threading
import time
import weakref
from typing import Any, Callable

from . import crdt
from .i18n import t
from .model import InvalidChange, Strategy
from .store import SaveFailed, Workspace

log = logging.getLogger("helpers.autosave")

__all__ = ["Autosaver"]


class Autosaver:
    """Saves a form's changes off the widget thread, and never drops one.

    Changes are queued as operations; a worker thread saves them once typing pauses for ``delay``
    seconds, and at least every ``max_wait`` seconds while it goes on. A change that cannot be
    written (disk full, read-only folder, lock held) stays queued and is retried; ``on_status``
    tells the form in words. :meth:`flush` saves at once (also at exit, on SIGTERM and SIGHUP).
    ``on_saved(doc)`` reports each save; ``on_error(path, message)`` a value the model refuses
    (that change alone is dropped, the others are saved)."""

    _live: "weakref.WeakSet[Autosaver]" = weakref.WeakSet()

    def __init__(self, workspace: Workspace, group: str, delay: float = 0.5, max_wait: float = 0.8,
                 on_saved: Callable[[Strategy], None] | None = None,
                 on_error: Callable[[tuple, str], None] | None = None,
                 on_status: Callable[[str, str | None], None] | None = None,
                 retry: float = 1.0):
        self.workspace, self.group = workspace, group
        self.delay, self.max_wait, self.retry = delay, max_wait, retry
        self.on_saved, self.on_error, self.on_status = on_saved, on_error, on_status
        self._queue: list[crdt.Op] = []
        self._saving: list[crdt.Op] = []
        self._cond = threading.Condition()
        self._save_lock = threading.Lock()
        self._first: float | None = None
        self._last: float | None = None
        self._failing: str | None = None
        self._next_try = 0.0
        self._closed = False
        self.saves = 0
        self.status = "saved"
        self._thread = threading.Thread(target=_autosave_loop, args=(weakref.ref(self),), name="workshop-autosave",
                                        daemon=True)
        self._thread.start()
        Autosaver._live.add(self)
        _install_signal_handlers()

    # -- queueing -----------------------------------------------------------------------------------
    def changed(self, path: Any, value: Any) -> None:
        self.submit(crdt.set_(path, value))

    def submit(self, *ops: crdt.Op) -> None:
        with self._cond:
            for op in ops:
                if op.kind == "set" and self._queue and self._queue[-1].kind == "set" \
                        and self._queue[-1].path == op.path:
                    self._queue[-1] = op  # the newest value of a field being typed
                else:
                    self._queue.append(op)
            now = time.monotonic()
            self._first = self._first or now
            self._last = now
            self._cond.notify()

    @property
    def pending(self) -> bool:
        with self._cond:
            return bool(self._queue)

    def pending_paths(self) -> set[tuple]:
        with self._cond:
            return {op.path for op in self._queue} | {op.path for op in self._saving}

    def pending_ops(self) -> list:
        """The operations not saved yet (being saved, then queued), in order."""
        with self._cond:
            return list(self._saving) + list(self._queue)

    # -- saving -------------------------------------------------------------------------------------
    def _due(self) -> float | None:
        """Seconds until the queue should be saved (0: now), ``None`` when it is empty."""
        if not self._queue:
            return None
        due = min(self._last + self.delay, self._first + self.max_wait)
        if self._failing:
            due = max(due, self._next_try)
        return max(0.0, due - time.monotonic())

    def _save(self) -> Strategy | None:
        with self._save_lock:
            with self._cond:
                ops = list(self._queue)
                self._queue.clear()
                self._saving = list(ops)
                self._first = self._last = None
            if not ops:
                return None
            try:
                doc = self._save_ops(ops)
                if doc is not None:
                    self._failing = None
                    self._set_status("saved", None)
                    if self.on_saved:  # before the saved operations stop counting as pending, so
                        try:           # that no reader sees them neither pending nor saved
                            self.on_saved(doc)
                        except Exception:
                            pass
            finally:
                with self._cond:
                    self._saving = []
        return doc

    def _save_ops(self, ops: list) -> Strategy | None:
        """Save ``ops``; the saved document, or ``None`` when they were queued again."""
        doc = None
        batches = [ops]
        while batches:
            batch = batches.pop(0)
            try:
                doc, _ids = self.workspace.apply(self.group, batch)
                self.saves += 1
            except InvalidChange as err:
                rest = self._drop_invalid(batch, err)
                if rest:
                    batches.insert(0, rest)
            except crdt.RowGone:
                if len(batch) > 1:  # find the change on a removed row: one at a time
                    batches[:0] = [[op] for op in batch]
                # a single change on a row another laptop removed: nothing left to save
            except (SaveFailed, KeyError) as err:
                left = [op for b in [batch, *batches] for op in b]
                self._requeue(left, str(err) if isinstance(err, SaveFailed) else t("store.write_failed"))
                return None
            except Exception:  # a fault of ours: never the end of the saving thread (every later save with it)
                if len(batch) > 1:  # find the change that cannot be saved: one at a time
                    batches[:0] = [[op] for op in batch]
                    continue
                log.exception("a change that cannot be saved: %s", batch[0].path)
                if self.on_error:
                    try:
                        self.on_error(batch[0].path, t("store.write_failed"))
                    except Exception:
                        pass
        return doc or self.workspace.load(self.group)

    def _requeue(self, ops: list, message: str) -> None:
        with self._cond:
            self._queue[:0] = ops
            now = time.monotonic()
            self._first = self._first or now
            self._last = self._last or now
            self._failing = message
            self._next_try = now + self.retry
        self._set_status("failing", message)

    def _set_status(self, status: str, message: str | None) -> None:
        self.status = status
        if self.on_status:
            try:
                self.on_status(status, message)
            except Exception:
                pass

    def _drop_invalid(self, ops: list, err: InvalidChange) -> list:
        def concerns(op):
            return any(op.path[: len(q)] == q or q[: len(op.path)] == op.path for q in err.problems)

        bad = [op for op in ops if concerns(op)] or ops
        for op in bad:
            if self.on_error:
                msg = next((m for q, m in err.problems.items()
                            if op.path[: len(q)] == q or q[: len(op.path)] == op.path),
                           next(iter(err.problems.values()), ""))
                self.on_error(op.path, msg)
        return [op for op in ops if op not in bad]

    def flush(self, timeout: float | None = None) -> Strategy | None:
        """Save what is queued now, in this thread; retried until ``timeout`` seconds (default: one
        try). Returns the saved document, or ``None`` when nothing was saved."""
        end = time.monotonic() + (timeout or 0)
        while True:
            doc = self._save()
            if not self.pending or timeout is None or time.monotonic() >= end:
                return doc
            time.sleep(0.1)

    def close(self) -> None:
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify()


def _autosave_loop(ref: "weakref.ref[Autosaver]") -> None:
    """The thread of an autosaver: saves when the queue is due; ends when it is closed or gone."""
    while True:
        saver = ref()
        if saver is None:
            return
        with saver._cond:
            if saver._closed:
                return
            wait = saver._due()
            if wait is None or wait > 0:
                saver._cond.wait(min(wait if wait is not None else 5.0, 5.0))
                del saver
                continue
        saver._save()
        del saver


def _flush_all(timeout: float = 5.0) -> None:
    for saver in list(Autosaver._live):
        try:
            saver.flush(timeout=timeout)
        except Exception:  # at exit there is nobody left to tell
            pass


atexit.register(_flush_all)

_installed = False


def _install_signal_handlers() -> None:
    """SIGTERM and SIGHUP first save what is queued, then do what they did before."""
    global _installed
    if _installed or threading.current_thread() is not threading.main_thread():
        return
    _installed = True
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            previous = signal.getsignal(sig)
        except (ValueError, OSError):
            continue

        def handler(signum, frame, previous=previous):
            _flush_all(timeout=3.0)
            if callable(previous):
                previous(signum, frame)
            elif previous == signal.SIG_IGN:
                return
            else:
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)

        try:
            signal.signal(sig, handler)
        except (ValueError, OSError):
            pass
