"""The workspace on disk: the only code that reads or writes participants' documents.

Layout of a workspace folder (``WORKSHOP_DIR``, else ``<project>/workspace``)::

    <slug>.json            the latest document, written atomically
    <slug>.history.jsonl   every change, one JSON line each: {"rev", "at", "changes"}
    <slug>.lock            the file lock that serialises writers across processes
    broken/                documents that could not be read, kept aside untouched

A save takes the lock, reads the latest document on disk, applies only the changed fields,
validates, appends the change to the history, then replaces the document atomically. A crash at
any point leaves either the old or the new document whole; a history line the document lacks
(a crash between the two writes) is replayed on the next read.
"""
from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import tempfile
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from filelock import FileLock
from pydantic import ValidationError

from . import model
from .i18n import t
from .model import DELETE, InvalidChange, Strategy

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LOCK_TIMEOUT = 30.0


def default_workspace() -> Path:
    env = os.environ.get("WORKSHOP_DIR", "").strip()
    return Path(env).expanduser() if env else PROJECT_ROOT / "workspace"


@dataclass
class Problem:
    """A document that could not be read: what went wrong, and where the original now lies."""

    group_slug: str
    message: str
    kept_at: Path | None = None


@dataclass
class GroupInfo:
    slug: str
    group: str
    revision: int
    updated_at: dt.datetime | None
    steps: dict[str, str] = field(default_factory=dict)
    problem: str | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _encode(value: Any) -> Any:
    if value is DELETE:
        return {"$delete": True}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and value.get("$delete") is True and len(value) == 1:
        return DELETE
    return value


class Workspace:
    """A folder of group documents. Every method is safe to call from several processes."""

    def __init__(self, root: str | os.PathLike | None = None):
        self.root = Path(root) if root is not None else default_workspace()
        self.problems: list[Problem] = []

    # -- paths ------------------------------------------------------------------------------------
    def slug(self, group: str) -> str:
        return model.slug(group)

    def _paths(self, slug: str) -> tuple[Path, Path, Path]:
        if not slug or "/" in slug or "\\" in slug or slug.startswith("."):
            raise ValueError("bad slug")
        return (self.root / f"{slug}.json", self.root / f"{slug}.history.jsonl", self.root / f"{slug}.lock")

    def path_for(self, group: str) -> Path:
        return self._paths(self.slug(group))[0]

    def _lock(self, slug: str) -> FileLock:
        self.root.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self._paths(slug)[2]), timeout=LOCK_TIMEOUT)

    # -- reading ----------------------------------------------------------------------------------
    def exists(self, group: str) -> bool:
        doc_path, hist_path, _ = self._paths(self.slug(group))
        return doc_path.exists() or hist_path.exists()

    def history(self, group: str) -> list[dict[str, Any]]:
        """Every recorded change of ``group``, oldest first (unreadable lines are skipped)."""
        return self._read_history(self.slug(group))

    def _read_history(self, slug: str) -> list[dict[str, Any]]:
        path = self._paths(slug)[1]
        entries: list[dict[str, Any]] = []
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return entries
        for line in raw.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash
            if isinstance(entry, dict) and isinstance(entry.get("rev"), int) and isinstance(entry.get("changes"), list):
                entries.append(entry)
        return entries

    def _replay(self, entries: Iterable[dict[str, Any]], upto: int | None = None, start: Strategy | None = None) -> Strategy | None:
        doc = start
        for entry in entries:
            if upto is not None and entry["rev"] > upto:
                break
            if start is not None and entry["rev"] <= start.revision:
                continue
            changes = [(tuple(c["path"]), _decode(c.get("value"))) for c in entry["changes"]]
            try:
                if changes and changes[0][0] == ():
                    doc = model.load_document(changes[0][1])
                    changes = changes[1:]
                if doc is None:
                    continue
                doc = model.apply_changes(doc, changes) if changes else doc
                doc = doc.model_copy(update={"revision": entry["rev"]})
            except (InvalidChange, ValidationError, ValueError, TypeError):
                continue  # a change that no longer applies is skipped, the rest goes on
        return doc

    def _read_document(self, slug: str) -> Strategy | None:
        """The latest good state of ``slug``, recovering from the history when the file is broken.

        Call with the lock held when the result will be written back."""
        doc_path, _, _ = self._paths(slug)
        doc: Strategy | None = None
        try:
            raw = doc_path.read_bytes()
        except FileNotFoundError:
            raw = None
        if raw is not None:
            try:
                doc = model.load_document(json.loads(raw.decode("utf-8")))
            except (ValueError, ValidationError, UnicodeDecodeError) as err:
                self._keep_aside(slug, doc_path, err)
                doc = None
        history = self._read_history(slug)
        if doc is None:
            return self._replay(history)
        if history and history[-1]["rev"] > doc.revision:
            doc = self._replay(history, start=doc)
        return doc

    def _keep_aside(self, slug: str, doc_path: Path, err: Exception) -> None:
        broken = self.root / "broken"
        broken.mkdir(parents=True, exist_ok=True)
        stamp = _now().strftime("%Y%m%dT%H%M%S%fZ")
        target = broken / f"{slug}.{stamp}.json"
        try:
            os.replace(doc_path, target)
        except OSError:
            target = None
        self.problems.append(Problem(slug, t("store.unreadable", file=doc_path.name, reason=_reason(err)), target))

    def load(self, group: str) -> Strategy | None:
        """The latest document of ``group`` (``None`` if there is none). Never raises on a bad file:
        it is kept aside, reported in :attr:`problems`, and the last good state is returned."""
        slug = self.slug(group)
        if not self._paths(slug)[0].exists() and not self._paths(slug)[1].exists():
            return None
        with self._lock(slug):
            doc = self._read_document(slug)
            if doc is not None:
                self._write_document(slug, doc)
        return doc

    def load_slug(self, slug: str) -> Strategy | None:
        """Read-only access by file name, for dashboards: never writes, never moves a file."""
        doc_path, _, _ = self._paths(slug)
        try:
            return model.load_document(json.loads(doc_path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None

    def groups(self) -> list[GroupInfo]:
        """Every group in the workspace with its last change and step progress (read-only)."""
        out: list[GroupInfo] = []
        if not self.root.is_dir():
            return out
        slugs = {p.name[: -len(".history.jsonl")] for p in self.root.glob("*.history.jsonl")}
        slugs |= {p.stem for p in self.root.glob("*.json")}
        for slug in sorted(slugs):
            try:
                doc = self.load_slug(slug)
                if doc is None:
                    doc = self._replay(self._read_history(slug))
                if doc is None:
                    continue
                out.append(GroupInfo(slug, doc.group, doc.revision, doc.updated_at, model.step_status(doc)))
            except (ValueError, ValidationError, UnicodeDecodeError, OSError) as err:
                out.append(GroupInfo(slug, slug, -1, None, {}, t("store.unreadable", file=f"{slug}.json", reason=_reason(err))))
        return out

    # -- the participant's current group ----------------------------------------------------------
    def current_group(self) -> str | None:
        """The group chosen at check-in on this machine (``WORKSHOP_GROUP`` overrides it)."""
        env = os.environ.get("WORKSHOP_GROUP", "").strip()
        if env:
            return env
        try:
            data = json.loads((self.root / ".session.json").read_text(encoding="utf-8"))
            group = data.get("group")
            return group if isinstance(group, str) and group.strip() else None
        except (OSError, ValueError, AttributeError):
            return None

    def set_current_group(self, group: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".session.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"group": group}, fh, ensure_ascii=False)
        os.replace(tmp, self.root / ".session.json")

    # -- writing ----------------------------------------------------------------------------------
    def create(self, group: str, language: str = "nl") -> Strategy:
        """Open ``group``, creating its document when it does not exist yet."""
        try:
            fresh = model.new_document(group, language)
        except ValidationError as err:
            raise InvalidChange(model.explain(err, language)) from None
        slug = self.slug(fresh.group)
        with self._lock(slug):
            doc = self._read_document(slug)
            if doc is not None:
                return doc
            fresh = fresh.model_copy(update={"revision": 1})
            self._append_history(slug, 1, [((), fresh.model_dump(mode="json"))])
            self._write_document(slug, fresh)
            return fresh

    def update(self, group: str, changes: dict | list[tuple[Any, Any]], lang: str | None = None) -> Strategy:
        """Apply ``changes`` (path -> value) to the latest version on disk and save.

        Raises :class:`~helpers.model.InvalidChange` (nothing is written) when a value is invalid."""
        items = [(model.parse_path(p), v) for p, v in (changes.items() if isinstance(changes, dict) else changes)]
        slug = self.slug(group)
        with self._lock(slug):
            doc = self._read_document(slug)
            if doc is None:
                raise KeyError(group)
            new = model.apply_changes(doc, items, lang)
            if new.model_dump(mode="json") == doc.model_dump(mode="json"):
                return doc
            rev = doc.revision + 1
            new = new.model_copy(update={"revision": rev, "updated_at": _now()})
            self._append_history(slug, rev, items)
            self._write_document(slug, new)
            return new

    def restore(self, group: str, rev: int) -> Strategy:
        """Bring back the state after change ``rev``, as a new change (so it can be undone too)."""
        slug = self.slug(group)
        with self._lock(slug):
            history = self._read_history(slug)
            revs = [e["rev"] for e in history]
            if rev not in revs:
                raise LookupError(t("store.no_revision", rev=rev, last=max(revs) if revs else 0))
            old = self._replay(history, upto=rev)
            current = self._read_document(slug)
            if old is None or current is None:
                raise LookupError(t("store.no_revision", rev=rev, last=max(revs) if revs else 0))
            new_rev = current.revision + 1
            data = old.model_dump(mode="json")
            data.update(revision=new_rev, updated_at=_now().isoformat(), created_at=current.created_at.isoformat())
            new = model.load_document(data)
            self._append_history(slug, new_rev, [((), new.model_dump(mode="json"))])
            self._write_document(slug, new)
            return new

    def _append_history(self, slug: str, rev: int, changes: list[tuple[tuple, Any]]) -> None:
        path = self._paths(slug)[1]
        entry = {"rev": rev, "at": _now().isoformat(),
                 "changes": [{"path": list(p), "value": _encode(v)} for p, v in changes]}
        line = json.dumps(entry, ensure_ascii=False, default=str).encode("utf-8") + b"\n"
        with open(path, "ab") as fh:
            if fh.tell() > 0:
                with open(path, "rb") as rd:  # a crash may have cut the last line short
                    rd.seek(-1, os.SEEK_END)
                    if rd.read(1) != b"\n":
                        fh.write(b"\n")
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())

    def _write_document(self, slug: str, doc: Strategy) -> None:
        doc_path = self._paths(slug)[0]
        payload = doc.model_dump_json(indent=1).encode("utf-8")
        try:
            if doc_path.read_bytes() == payload:
                return
        except FileNotFoundError:
            pass
        atomic_write(doc_path, payload)


def atomic_write(target: Path, payload: bytes) -> None:
    """Write ``payload`` to ``target`` so that a crash at any moment leaves either the old file or
    the new one, whole: a synced temporary file beside it, then an atomic rename."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _reason(err: Exception) -> str:
    if isinstance(err, ValidationError):
        return t("store.reason_invalid", count=err.error_count())
    if isinstance(err, (json.JSONDecodeError, UnicodeDecodeError)):
        return t("store.reason_not_json")
    return t("store.reason_other")


# ------------------------------------------------------------------------------------------------
# Debounced autosave for forms

class Autosaver:
    """Collects "this field changed" from a form and saves after a quiet ``delay``.

    Fast typing produces one save, not one per keystroke; the newest value of every field is
    always the one written, and :meth:`flush` (also run at interpreter exit) writes what is
    still pending. ``on_saved(doc)`` and ``on_error(path, message)`` report back to the form."""

    _live: "weakref.WeakSet[Autosaver]" = weakref.WeakSet()

    def __init__(self, workspace: Workspace, group: str, delay: float = 0.5,
                 on_saved: Callable[[Strategy], None] | None = None,
                 on_error: Callable[[tuple, str], None] | None = None):
        self.workspace, self.group, self.delay = workspace, group, delay
        self.on_saved, self.on_error = on_saved, on_error
        self._pending: dict[tuple, Any] = {}
        self._lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self.saves = 0
        Autosaver._live.add(self)

    def changed(self, path: Any, value: Any) -> None:
        with self._lock:
            self._pending[model.parse_path(path)] = value
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.flush)
            self._timer.daemon = True
            self._timer.start()

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> Strategy | None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            changes, self._pending = self._pending, {}
            doc = None
            while changes:
                try:
                    doc = self.workspace.update(self.group, list(changes.items()))
                    self.saves += 1
                    break
                except InvalidChange as err:
                    bad = [p for p in changes if any(p[: len(q)] == q or q[: len(p)] == p for q in err.problems)]
                    for path in bad or list(changes):
                        changes.pop(path, None)
                        if self.on_error:
                            msg = next((m for q, m in err.problems.items() if path[: len(q)] == q or q[: len(path)] == path),
                                       next(iter(err.problems.values())))
                            self.on_error(path, msg)
            if doc is not None and self.on_saved:
                self.on_saved(doc)
            return doc


@atexit.register
def _flush_all() -> None:
    for saver in list(Autosaver._live):
        try:
            saver.flush()
        except Exception:  # at exit there is nobody left to tell
            pass
