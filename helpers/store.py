"""The workspace on disk: the only code that reads or writes participants' documents.

Layout of a workspace or room folder (``WORKSHOP_DIR``, else ``<project>/workspace``)::

    <slug>.json              the latest document plus its sync state ("_sync"), written atomically
    <slug>.history.jsonl     every change, one JSON line each: {"rev", "at", "by", "ops"} or a
                             whole state {"rev", "at", "base", "meta"}
    snapshots/<slug>/        the whole state every SNAPSHOT_EVERY revisions, with the history offset
    <slug>.lock              the file lock that serialises writers across processes and accounts
    broken/                  files that could not be read, kept aside byte-identical

A change is a list of operations (:mod:`helpers.crdt`) applied under the lock to the latest
state on disk; it is appended to the history (fsync), then the document is replaced atomically.
Saving, loading and restoring read the document, the end of the history and at most one
snapshot's worth of lines, never the whole history. Files and locks take the folder's group
permissions (``0666`` less the umask), so every Unix account of a room can read and save; no path
inside the folder is ever followed through a symlink.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import dataclasses
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
from pathlib import Path
import re
import secrets
import stat
import tempfile
import threading
import time
from typing import Any, Iterable, Iterator

from pydantic import ValidationError

from . import crdt, model
from .i18n import t
from .model import DELETE, InvalidChange, Strategy
from .names import shown_file_name

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LOCK_TIMEOUT = 3.0
SNAPSHOT_EVERY = 100
MAX_FILE_BYTES = 8 * 1024 * 1024
TEMP_MAX_AGE = 300.0
LEGACY_REPLICA = "0"
#: the hidden folder of a workspace where every upload is kept (bytes and record), see keep_upload
UPLOADS = ".uploads"
#: copies of the analytics exports a group read in the measuring path, one folder per group
EXPORTS = ".exports"
_KEPT_EXPORT = re.compile(r"^[0-9a-f]{24}\.(csv|tsv|txt|xlsx|xls|zip)$")
_UPLOAD_ID = re.compile(r"^[0-9]{8}T[0-9]{12}Z-[0-9a-f]{6}$")

__all__ = ["Workspace", "in_room", "Problem", "GroupInfo", "ImportResult", "UploadRecord", "UndoResult",
           "SaveFailed", "InvalidChange", "atomic_write", "default_workspace", "DELETE", "EXPORTS", "UPLOADS"]


def default_workspace() -> Path:
    env = os.environ.get("WORKSHOP_DIR", "").strip()
    return Path(env).expanduser() if env else PROJECT_ROOT / "workspace"


class SaveFailed(Exception):
    """A change could not be written (disk full, folder read-only, lock held too long). Nothing
    is lost: the caller keeps the change and tries again. ``args[0]`` is a plain sentence."""

    def __init__(self, message: str, read_only: bool = False):
        super().__init__(message)
        self.read_only = read_only


class EmptyFile(ValueError):
    """A file with nothing in it."""


class TooLarge(ValueError):
    """A file larger than a document can be."""


class UnsafePath(OSError):
    """A file of the workspace is a symlink (or not a regular file): never followed."""


@dataclass
class Problem:
    """A file that could not be read: what went wrong, and where the original now lies."""

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


@dataclass
class ImportResult:
    ok: bool
    group: str | None
    status: str  # "added", "merged", "unchanged", "refused"
    message: str
    slug: str | None = None
    changed: int = 0
    #: the document's revision after the import (0 when nothing was written)
    revision: int = 0
    #: what the import changed, ``(key, new, old)`` per leaf: what :meth:`Workspace.undo_upload` takes back
    delta: list = field(default_factory=list, repr=False)


@dataclass
class UploadRecord:
    """One upload kept in the folder's ``.uploads/`` (:meth:`Workspace.keep_upload`)."""

    id: str
    at: dt.datetime
    file: str
    group: str | None
    slug: str | None
    status: str  # the import's: "added", "merged", "unchanged"
    revision: int
    size: int
    changed: int
    #: when it was undone, with the revision that undid it and how many answers changed since were kept
    undone: dict | None = None

    @property
    def undoable(self) -> bool:
        return self.undone is None and self.status in ("added", "merged") and self.slug is not None


@dataclass
class UndoResult:
    ok: bool
    message: str
    #: "undone", "removed" (an added group with no change since, its files moved aside), "refused"
    status: str
    kept: int = 0


@dataclass
class _Current:
    meta: dict
    state: dict
    revision: int
    doc: Strategy
    history_rev: int  # the last revision the history holds (0: none)
    legacy: bool = False  # read from a file without a sync state


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _meta_of(doc: Strategy) -> dict:
    return {"schema_version": model.SCHEMA_VERSION, "group": doc.group, "revision": doc.revision,
            "created_at": doc.created_at.isoformat(), "updated_at": doc.updated_at.isoformat()}


def _check_meta(meta: Any) -> dict:
    if not isinstance(meta, dict) or not isinstance(meta.get("group"), str):
        raise ValueError("bad meta")
    return {k: meta[k] for k in crdt.META if k in meta}


# ------------------------------------------------------------------------------------------------

def in_room() -> bool:
    """Whether this kernel serves a room (``WORKSHOP_ROOM`` set by ``make room`` and the hub):
    many participants share the workspace, so the group is chosen per browser, not per folder."""
    return os.environ.get("WORKSHOP_ROOM", "").strip() not in ("", "0")


class Workspace:
    """A folder of group documents. Every method is safe to call from several processes, threads
    and Unix accounts at once."""

    def __init__(self, root: str | os.PathLike | None = None):
        self.root = Path(root) if root is not None else default_workspace()
        self.problems: list[Problem] = []
        self._replica: str | None = None
        self._cache: dict[str, tuple[tuple, _Current]] = {}
        self._cleaned = False
        self._mode = 0o666 & ~_umask()

    # -- paths ------------------------------------------------------------------------------------
    def slug(self, group: str) -> str:
        return model.slug(group)

    def _paths(self, slug: str) -> tuple[Path, Path, Path]:
        if not slug or "/" in slug or "\\" in slug or slug.startswith(".") or "\0" in slug:
            raise ValueError("bad slug")
        return (self.root / f"{slug}.json", self.root / f"{slug}.history.jsonl", self.root / f"{slug}.lock")

    def _snapdir(self, slug: str) -> Path:
        return self.root / "snapshots" / slug

    def path_for(self, group: str) -> Path:
        return self._paths(self.slug(group))[0]

    @property
    def writable(self) -> bool:
        """Can this account save here? (A read-only folder can still be read and exported.)"""
        if self.root.exists():
            return os.access(self.root, os.W_OK | os.X_OK) and not _read_only_fs(self.root)
        parent = self.root.parent
        return parent.exists() and os.access(parent, os.W_OK | os.X_OK)

    def _ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise self._failed(err) from None

    def _locked(self, slug: str) -> "_GroupLock":
        """The group's lock, held (a ``with`` block releases it); :class:`SaveFailed` in words when
        it cannot be had in ``LOCK_TIMEOUT`` seconds or the lock file is unsafe."""
        try:
            self._ensure_root()
            path = self._paths(slug)[2]
            _refuse_symlink(path)  # a symlinked lock file: a SaveFailed in words, like every other fault
            return _GroupLock(path, self._mode, LOCK_TIMEOUT)
        except TimeoutError:
            raise SaveFailed(t("store.busy"), read_only=False) from None
        except OSError as err:
            raise self._failed(err) from None

    def _failed(self, err: OSError) -> SaveFailed:
        if isinstance(err, UnsafePath) or err.errno == errno.ELOOP:
            return SaveFailed(t("store.symlink"))
        if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return SaveFailed(t("store.read_only"), read_only=True)
        if err.errno in (errno.ENOSPC, errno.EDQUOT):
            return SaveFailed(t("store.disk_full"))
        return SaveFailed(t("store.write_failed"))

    @property
    def replica(self) -> str:
        """This folder's name in stamps (kept in ``.replica``; every account of a room shares it)."""
        if self._replica is None:
            path = self.root / ".replica"
            try:
                text = _read(path, 100).decode("ascii").strip()
                if crdt._REPLICA.match(text):
                    self._replica = text
            except (OSError, UnicodeDecodeError):
                pass
            if self._replica is None:
                rid = crdt.replica_id()
                try:
                    self._ensure_root()
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, self._mode)
                    with os.fdopen(fd, "w", encoding="ascii") as fh:
                        fh.write(rid)
                    self._replica = rid
                except FileExistsError:
                    time.sleep(0.01)
                    try:
                        text = _read(path, 100).decode("ascii").strip()
                        self._replica = text if crdt._REPLICA.match(text) else rid
                    except (OSError, UnicodeDecodeError):
                        self._replica = rid
                except (OSError, SaveFailed):
                    self._replica = rid
        return self._replica

    # -- reading ----------------------------------------------------------------------------------
    def exists(self, group: str) -> bool:
        doc_path, hist_path, _ = self._paths(self.slug(group))
        return doc_path.exists() or hist_path.exists()

    def load(self, group: str) -> Strategy | None:
        """The latest document of ``group`` (``None`` if there is none). Never raises on a bad file:
        it is kept aside (when the folder is writable), reported in :attr:`problems`, and the last
        good state is returned. Reading never needs the lock and never writes a good document."""
        slug = self.slug(group)
        doc_path, hist_path, _ = self._paths(slug)
        if not _lexists(doc_path) and not _lexists(hist_path):
            return None
        writable = self.writable
        cur = self._current(slug, repair=writable)
        if cur is not None and writable and (cur.history_rev < cur.revision or cur.legacy):
            # an old, copied or uploaded file: its state goes into the history now, so that no later
            # repair can start from nothing
            try:
                with self._locked(slug):
                    cur = self._current(slug, repair=True)
                    if cur is not None and (cur.history_rev < cur.revision or cur.legacy):
                        self._commit(slug, None, cur.state, cur.meta, base=True)
                        cur = self._current(slug, repair=True)
            except SaveFailed:
                pass
        return cur.doc if cur else None

    def stamp(self, group: str) -> tuple | None:
        """Something that changes whenever ``group``'s document is written (cheap: one stat)."""
        try:
            st = os.lstat(self._paths(self.slug(group))[0])
            return (st.st_ino, st.st_mtime_ns, st.st_size)
        except (OSError, ValueError):
            return None

    def folder_stamp(self) -> frozenset:
        """Something that changes whenever any group document in the folder is written, added or
        removed (cheap: one directory listing, no file read), for a view that follows a room."""
        found = []
        try:
            with os.scandir(self.root) as entries:
                for entry in entries:
                    if entry.name.endswith(".json") and not entry.name.startswith("."):
                        try:
                            st = entry.stat(follow_symlinks=False)
                        except OSError:
                            continue
                        found.append((entry.name, st.st_ino, st.st_mtime_ns, st.st_size))
        except OSError:
            pass
        return frozenset(found)

    def load_slug(self, slug: str) -> Strategy | None:
        """Read-only access by file name, for dashboards: never writes, never moves a file."""
        cur = self._current(slug, repair=False)
        return cur.doc if cur else None

    def groups(self) -> list[GroupInfo]:
        """Every group in the workspace with its last change and step progress (read-only)."""
        out: list[GroupInfo] = []
        if not self.root.is_dir():
            return out
        slugs = set()
        for p in self.root.iterdir():
            if p.name.endswith(".history.jsonl"):
                slugs.add(p.name[: -len(".history.jsonl")])
            elif p.suffix == ".json" and not p.name.startswith("."):
                slugs.add(p.stem)
        for slug in sorted(slugs):
            try:
                self._paths(slug)
            except ValueError:
                continue
            try:
                cur = self._current(slug, repair=False)
            except Exception as err:  # one bad file never stops the list
                cur = None
                self._problem(slug, t("store.unreadable_kept", file=f"{slug}.json", reason=_reason(err)))
            problem = "; ".join(p.message for p in self.problems if p.group_slug == slug) or None
            if cur is None:
                if problem:
                    out.append(GroupInfo(slug, slug, -1, None, {}, problem))
                continue
            doc = cur.doc
            out.append(GroupInfo(slug, doc.group, doc.revision, doc.updated_at, model.step_status(doc), problem))
        return out

    def read_documents(self, limit: int = MAX_FILE_BYTES) -> tuple[list[tuple[str, Strategy]], list[tuple[str, Exception]]]:
        """Every group document in the folder, for the trainer's class views: ``(documents as
        (slug, document), files that could not be read as (file name, error))``. Read-only: never
        writes, never moves a file, never follows a symlink; hidden files and folders are skipped."""
        docs: list[tuple[str, Strategy]] = []
        broken: list[tuple[str, Exception]] = []
        try:
            paths = sorted(p for p in self.root.iterdir() if p.suffix == ".json" and not p.name.startswith("."))
        except OSError:
            return docs, broken
        for path in paths:
            try:
                st = os.lstat(path)
                if stat.S_ISDIR(st.st_mode):
                    continue
                raw = _read(path, limit)
                if not raw.strip():
                    raise EmptyFile(path.name)
                docs.append((path.stem, model.load_document(json.loads(raw.decode("utf-8-sig")))))
            except (OSError, ValueError, ValidationError, UnicodeDecodeError, RecursionError, TypeError,
                    KeyError) as err:
                broken.append((path.name, err))
        return docs, broken

    def history(self, group: str) -> list[dict[str, Any]]:
        """Every readable change of ``group``, oldest first: ``{"rev", "at", "changes"}``, where
        ``changes`` lists ``{"path": [...]}`` (an empty path: the whole document). A damaged line
        is reported in :attr:`problems` and the history file kept aside byte-identical."""
        slug = self.slug(group)
        out = []
        for _offset, _end, entry in self._lines(slug):
            if entry is None:
                continue
            if "base" in entry:
                changes = [{"path": []}]
            elif "legacy" in entry:
                changes = [{"path": c.get("path", [])} for c in entry["changes"] if isinstance(c, dict)]
            else:
                paths = []
                for k, _new, _old in entry["ops"]:
                    p = [x if not isinstance(x, list) else x[1] for x in json.loads(k)]
                    p = [x for x in p if not (isinstance(x, str) and x.startswith("$") and "+" in x)]
                    if p not in paths:
                        paths.append(p)
                changes = [{"path": p} for p in paths]
            out.append({"rev": entry["rev"], "at": entry.get("at", ""), "changes": changes})
        return out

    # -- the participant's current group ----------------------------------------------------------
    def current_group(self) -> str | None:
        """The group chosen at check-in on this machine (``WORKSHOP_GROUP`` overrides it). In a
        room (``WORKSHOP_ROOM``) there is no such thing: each browser keeps its own choice."""
        env = os.environ.get("WORKSHOP_GROUP", "").strip()
        if env:
            return env
        if in_room():
            return None
        try:
            data = json.loads(_read(self.root / ".session.json", 10_000).decode("utf-8"))
            group = data.get("group")
            return group if isinstance(group, str) and group.strip() else None
        except (OSError, ValueError, AttributeError, UnicodeDecodeError):
            return None

    def set_current_group(self, group: str) -> None:
        if in_room():
            return  # one participant's choice must never become the room's
        try:
            self._ensure_root()
            atomic_write(self.root / ".session.json", json.dumps({"group": group}, ensure_ascii=False).encode(),
                         self._mode)
        except (OSError, SaveFailed):
            pass  # remembering the group is a convenience; the document is what matters

    # -- writing ----------------------------------------------------------------------------------
    def create(self, group: str, language: str = "nl") -> Strategy:
        """Open ``group``, creating its document when it does not exist yet."""
        try:
            fresh = model.new_document(group, language)
        except ValidationError as err:
            raise InvalidChange(model.explain(err, language)) from None
        slug = self.slug(fresh.group)
        with self._locked(slug):
            cur = self._current(slug, repair=True)
            if cur is not None:
                return cur.doc
            state, _delta, _ids = crdt.apply(crdt.empty(self.replica), [crdt.set_("language", language)], self.replica)
            meta = _meta_of(fresh)
            meta["revision"] = 1
            return self._commit(slug, None, state, meta, base=True)

    def apply(self, group: str, ops: Iterable[crdt.Op], lang: str | None = None) -> tuple[Strategy, list]:
        """Apply operations to the latest state on disk and save; ``(document, inserted row ids)``.

        Raises :class:`~helpers.model.InvalidChange` (nothing is written) when a value is invalid,
        :class:`~helpers.crdt.RowGone` when a row is not there any more, :class:`SaveFailed` when
        it cannot be written (nothing is lost: try again), ``KeyError`` for an unknown group."""
        ops = list(ops)
        slug = self.slug(group)
        with self._locked(slug):
            cur = self._current(slug, repair=True)
            if cur is None:
                raise KeyError(group)
            cur.doc.sync_state = cur.state
            new, ids, delta = crdt.preview(cur.doc, ops, lang, self.replica)
            if new is cur.doc:
                return cur.doc, ids
            state = new.sync_state
            meta = dict(cur.meta, revision=cur.revision + 1, updated_at=_now().isoformat())
            doc = self._commit(slug, cur, state, meta, delta=delta, doc=new)
            return doc, ids

    def update(self, group: str, changes: dict | list, lang: str | None = None) -> Strategy:
        """Set fields (``{path: value}``; a path may pass through a row id: ``"goals.<id>.sentence"``;
        the value :data:`DELETE` removes) on the latest version on disk and save."""
        return self.apply(group, crdt.as_ops(changes), lang)[0]

    def insert(self, group: str, list_path: str | tuple, row: dict | None = None, before: str | None = None) -> str:
        """Add a row to a list (``"goals"``, ``"team.tasks"``...); returns its new stable id."""
        op = crdt.insert(list_path, row, before=before)
        self.apply(group, [op])
        return op.row_id

    def remove(self, group: str, list_path: str | tuple, row_id: str) -> Strategy:
        return self.apply(group, [crdt.remove(list_path, row_id)])[0]

    def move(self, group: str, list_path: str | tuple, row_id: str, before: str | None = None) -> Strategy:
        return self.apply(group, [crdt.move(list_path, row_id, before)])[0]

    def restore(self, group: str, rev: int) -> Strategy:
        """Bring back the state after change ``rev``, as a new change (so it can be undone too)."""
        slug = self.slug(group)
        with self._locked(slug):
            cur = self._current(slug, repair=True)
            last = cur.history_rev if cur else 0
            if cur is None or not isinstance(rev, int) or not 1 <= rev <= max(last, cur.revision):
                raise LookupError(t("store.no_revision", rev=rev, last=last))
            old = self._recent_state_at(slug, cur, rev) or self._state_at(slug, rev)
            if old is None:
                raise LookupError(t("store.no_revision", rev=rev, last=last))
            state, delta = crdt.rebase(cur.state, old, self.replica)
            if not delta:
                return cur.doc
            meta = dict(cur.meta, revision=cur.revision + 1, updated_at=_now().isoformat())
            return self._commit(slug, cur, state, meta, delta=delta)

    def import_file(self, content: bytes, filename: str = "", lang: str | None = None) -> ImportResult:
        """Merge a group file (from another laptop, an upload, an older version) into this folder.

        The file names its group; only that group's document is touched. Two laptops' files keep
        every answer of both, in either order; the same file twice changes nothing. Never raises
        for bad input: the result says in words what happened."""
        shown = shown_file_name(filename)
        if isinstance(content, memoryview):
            content = content.tobytes()
        if not isinstance(content, (bytes, bytearray)):
            return ImportResult(False, None, "refused", t("store.import_not_json", lang, file=shown))
        if len(content) > MAX_FILE_BYTES:
            return ImportResult(False, None, "refused", t("store.import_too_large", lang, file=shown,
                                                          limit=MAX_FILE_BYTES // (1024 * 1024)))
        if not bytes(content).strip():
            return ImportResult(False, None, "refused", t("store.import_empty", lang, file=shown))
        try:
            data = json.loads(bytes(content).decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            return ImportResult(False, None, "refused", t("store.import_not_json", lang, file=shown))
        try:
            doc, state = _parse_document(data)
            plain = not (isinstance(data, dict) and "_sync" in data)
        except ValidationError as err:
            first = next(iter(model.explain(err, lang).values()), "")
            return ImportResult(False, None, "refused", t("store.import_invalid", lang, file=shown, problem=first))
        except crdt.BadState:
            return ImportResult(False, None, "refused", t("store.import_damaged", lang, file=shown))
        except (ValueError, TypeError, KeyError, RecursionError) as err:
            key = "store.import_too_new" if "schema_version" in str(err) else "store.import_not_document"
            return ImportResult(False, None, "refused", t(key, lang, file=shown))
        if state["clock"] > crdt.MAX_COUNTER // 2:
            # no real workshop counts that far: merged in, it would leave no room for the next change
            # (a counter beyond the limit makes the saved document unreadable)
            return ImportResult(False, None, "refused", t("store.import_damaged", lang, file=shown))
        slug = self.slug(doc.group)
        try:
            crdt.view(state, _meta_of(doc))
        except (ValidationError, ValueError):
            return ImportResult(False, doc.group, "refused", t("store.import_damaged", lang, file=shown), slug)
        try:
            with self._locked(slug):
                cur = self._current(slug, repair=True)
                if cur is None:
                    meta = dict(_meta_of(doc), revision=1, updated_at=_now().isoformat())
                    self._commit(slug, None, state, meta, base=True)
                    return ImportResult(True, doc.group, "added",
                                        t("store.import_added", lang, file=shown, group=doc.group), slug,
                                        revision=1, delta=[(k, e, None) for k, e in state["leaves"].items()])
                if not _same_name(cur.doc.group, doc.group):
                    return ImportResult(False, doc.group, "refused", t("store.import_other_group", lang, file=shown,
                                                                       group=doc.group, other=cur.doc.group), slug)
                ours = crdt.join(cur.state, self._removed(slug))
                if plain:  # a file without what a merge needs: its answers, not its blanks, are taken in
                    merged, delta = crdt.adopt(ours, state, self.replica)
                else:
                    merged, delta = crdt.merge(ours, state)
                if not delta:
                    return ImportResult(True, doc.group, "unchanged",
                                        t("store.import_unchanged", lang, file=shown, group=doc.group), slug,
                                        revision=cur.revision)
                meta = dict(cur.meta, revision=cur.revision + 1, updated_at=_now().isoformat())
                try:  # the group began when its first laptop began, whatever the order of the imports
                    if doc.created_at < cur.doc.created_at:
                        meta["created_at"] = doc.created_at.isoformat()
                except TypeError:
                    pass
                self._commit(slug, cur, merged, meta, delta=delta, note=shown)
                return ImportResult(True, doc.group, "merged",
                                    t("store.import_merged", lang, file=shown, group=doc.group, count=len(delta)),
                                    slug, len(delta), revision=meta["revision"], delta=list(delta))
        except SaveFailed as err:
            return ImportResult(False, doc.group, "refused", str(err), slug)

    # -- uploads: every one kept, each one undoable -------------------------------------------------
    def _uploads_dir(self, create: bool = False) -> Path:
        folder = self.root / UPLOADS
        if os.path.islink(folder) or (_lexists(folder) and not folder.is_dir()):
            raise UnsafePath(errno.ELOOP, "symlink", str(folder))
        if create:
            self._ensure_root()
            folder.mkdir(mode=0o777 & ~_umask(), exist_ok=True)
        return folder

    def keep_export(self, group: str, content: bytes, filename: str) -> str:
        """Keep a copy of an analytics export a group read (``.exports/<slug>/``), named by its
        content: the same file read twice is kept once. Returns the name the document records
        (:attr:`model.ExportFound.kept`); raises :class:`SaveFailed` in words."""
        suffix = Path(str(filename)).suffix.lower().lstrip(".")
        suffix = suffix if suffix in ("csv", "tsv", "txt", "xlsx", "xls", "zip") else "csv"
        name = f"{hashlib.sha256(bytes(content)).hexdigest()[:24]}.{suffix}"
        try:
            folder = self._exports_dir(group, create=True)
            if not (folder / name).exists():
                atomic_write(folder / name, bytes(content), self._mode)
        except OSError as err:
            raise self._failed(err) from None
        return name

    def export_file(self, group: str, kept: str) -> bytes | None:
        """The copy :meth:`keep_export` kept (``None`` when it is not here: a group file that
        came without it, or a name that is not one of ours)."""
        if not _KEPT_EXPORT.match(str(kept or "")):
            return None
        try:
            path = self._exports_dir(group) / kept
            if os.path.islink(path) or not path.is_file():
                return None
            return path.read_bytes()
        except OSError:
            return None

    def _exports_dir(self, group: str, create: bool = False) -> Path:
        top = self.root / EXPORTS
        folder = top / self.slug(group)
        for path in (top, folder):
            if os.path.islink(path) or (_lexists(path) and not path.is_dir()):
                raise UnsafePath(errno.ELOOP, "symlink", str(path))
        if create:
            self._ensure_root()
            for path in (top, folder):
                path.mkdir(mode=0o777 & ~_umask(), exist_ok=True)
        return folder

    def keep_upload(self, content: bytes, filename: str, result: ImportResult,
                    at: dt.datetime | None = None) -> UploadRecord | None:
        """Keep an upload that was taken in (``result`` of :meth:`import_file`): its bytes as sent
        (``.uploads/<id>.upload.json``), a record with the time, file name and group
        (``<id>.record.json``) and what the import changed (``<id>.delta.json``), so that
        :meth:`undo_upload` can take it back.
        Returns ``None`` (nothing kept) for a refused file; raises :class:`SaveFailed` in words."""
        if not result.ok or result.slug is None:
            return None
        at = at or _now()
        record = UploadRecord(id=f"{at:%Y%m%dT%H%M%S%f}Z-{secrets.token_hex(3)}", at=at,
                              file=str(filename)[:300], group=result.group, slug=result.slug, status=result.status,
                              revision=result.revision, size=len(content), changed=len(result.delta))
        try:
            folder = self._uploads_dir(create=True)
            atomic_write(folder / f"{record.id}.upload.json", bytes(content), self._mode)
            self._write_record(record, result.delta)
        except OSError as err:
            raise self._failed(err) from None
        return record

    def _write_record(self, record: UploadRecord, delta: list | None = None) -> None:
        """The record (small: the list reads every one) and, once, what the import changed."""
        folder = self._uploads_dir()
        if delta is not None:
            atomic_write(folder / f"{record.id}.delta.json", json.dumps(
                [[k, new, old] for k, new, old in delta], ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                self._mode)
        data = dict(dataclasses.asdict(record), at=record.at.isoformat())
        atomic_write(folder / f"{record.id}.record.json",
                     json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), self._mode)

    def _read_record(self, upload_id: str) -> UploadRecord | None:
        if not isinstance(upload_id, str) or not _UPLOAD_ID.match(upload_id):
            return None
        try:
            data = json.loads(_read(self._uploads_dir() / f"{upload_id}.record.json", 1 << 16))
            names = {f.name for f in dataclasses.fields(UploadRecord)}
            record = UploadRecord(**{k: v for k, v in data.items() if k in names})
            record.at = dt.datetime.fromisoformat(data["at"])
            return record if record.id == upload_id else None
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
            return None

    def _read_delta(self, upload_id: str) -> list | None:
        try:
            raw = _read(self._uploads_dir() / f"{upload_id}.delta.json", MAX_FILE_BYTES * 4)
            return [(k, new, old) for k, new, old in json.loads(raw)]
        except (OSError, ValueError, TypeError, UnicodeDecodeError, RecursionError):
            return None

    def uploads(self) -> list[UploadRecord]:
        """Every upload kept in ``.uploads/``, newest first (a damaged record is skipped)."""
        try:
            names = os.listdir(self._uploads_dir())
        except (OSError, ValueError):
            return []
        found = [self._read_record(n[: -len(".record.json")]) for n in names if n.endswith(".record.json")]
        return sorted(filter(None, found), key=lambda r: (r.at, r.id), reverse=True)

    def undo_upload(self, upload_id: str, lang: str | None = None) -> UndoResult:
        """Take back one upload: its group's answers as they were before it, as a new change (so the
        undo is in the history too, and can be restored). An answer changed since the upload is kept
        (:func:`helpers.crdt.revert`); a group that the upload added and that holds nothing else
        afterwards is taken out of the folder, its files moved into ``.uploads/`` (never deleted). Never raises:
        the result says in words what happened."""
        record = self._read_record(upload_id)
        delta = self._read_delta(upload_id) if record is not None else None
        if record is None or (delta is None and record.undoable):
            return UndoResult(False, t("store.undo_unknown", lang), "refused")
        shown = shown_file_name(record.file)
        if record.undone is not None:
            return UndoResult(False, t("store.undo_already", lang, file=shown), "refused")
        if not record.undoable:
            return UndoResult(False, t("store.undo_nothing", lang, file=shown), "refused")
        try:
            with self._locked(record.slug):
                cur = self._current(record.slug, repair=True)
                if cur is None:
                    return UndoResult(False, t("store.undo_gone", lang, file=shown, group=record.group), "refused")
                ours = crdt.join(cur.state, self._removed(record.slug))
                state, undo, kept = crdt.revert(ours, delta, self.replica, self._carried_later(record, ours))
                if record.status == "added" and all(len(e) == 2 for e in state["leaves"].values()):
                    # the upload brought the group and nothing else is left: out of the folder again
                    self._set_aside(record)
                    record.undone = {"at": _now().isoformat(), "revision": None, "kept": 0}
                    self._write_record(record)
                    return UndoResult(True, t("store.undo_removed", lang, file=shown, group=record.group), "removed")
                revision = cur.revision
                if undo:
                    revision = cur.revision + 1
                    meta = dict(cur.meta, revision=revision, updated_at=_now().isoformat())
                    self._commit(record.slug, cur, state, meta, delta=undo, note=f"undo {record.id}")
                record.undone = {"at": _now().isoformat(), "revision": revision, "kept": len(kept)}
                self._write_record(record)
        except SaveFailed as err:
            return UndoResult(False, str(err), "refused")
        except OSError as err:
            return UndoResult(False, str(self._failed(err)), "refused")
        if kept:
            message = t("store.undo_done_kept", lang, file=shown, group=record.group, revision=revision,
                        count=len(kept))
        else:
            message = t("store.undo_done", lang, file=shown, group=record.group, revision=revision)
        return UndoResult(True, message, "undone", len(kept))

    def _carried_later(self, record: UploadRecord, state: dict) -> set[str]:
        """The leaves of ``state`` that a later upload of the same group, not undone, carries as they
        are (a newer file from the same laptop holds the older file's answers too: taking back the
        older upload must not take them from the newer one)."""
        carried: set[str] = set()
        leaves = state["leaves"]
        for later in self.uploads():
            if later.slug != record.slug or later.undone is not None or (later.at, later.id) <= (record.at, record.id):
                continue
            try:
                raw = _read(self._uploads_dir() / f"{later.id}.upload.json", MAX_FILE_BYTES)
                _doc, theirs = _parse_document(json.loads(raw.decode("utf-8-sig")))
            except (OSError, ValueError, ValidationError, UnicodeDecodeError, RecursionError, TypeError, KeyError,
                    crdt.BadState):
                continue
            carried.update(k for k, e in theirs["leaves"].items() if leaves.get(k) == e)
        return carried

    def _set_aside(self, record: UploadRecord) -> None:
        """Move a group's files (document, history, snapshots) into ``.uploads/<id>.undone/``."""
        slug = record.slug
        target = self._uploads_dir(create=True) / f"{record.id}.undone"
        target.mkdir(mode=0o777 & ~_umask(), exist_ok=True)
        doc_path, hist_path, _lock = self._paths(slug)
        for path in (doc_path, hist_path):
            if _lexists(path):
                _refuse_symlink(path)
                os.replace(path, target / path.name)
        snaps = self._snapdir(slug)
        if _lexists(snaps):
            _refuse_symlink(snaps)
            os.replace(snaps, target / "snapshots")
        self._cache.pop(slug, None)

    # -- inside -------------------------------------------------------------------------------------
    def _problem(self, slug: str, message: str, kept: Path | None = None) -> None:
        """Report a problem once (the same file read again does not repeat it)."""
        if not any(p.group_slug == slug and p.message == message for p in self.problems):
            self.problems.append(Problem(slug, message, kept))

    def _commit(self, slug: str, cur: _Current | None, state: dict, meta: dict, delta: list | None = None,
                base: bool = False, note: str | None = None, doc: Strategy | None = None) -> Strategy:
        """Append the change to the history, then replace the document. Call with the lock held.
        ``doc``: the document of ``state`` when the caller has it validated already."""
        if doc is None:
            doc = crdt.view(state, meta)
        else:
            doc = doc.model_copy(update={"revision": meta["revision"],
                                         "updated_at": dt.datetime.fromisoformat(meta["updated_at"])})
        hot, removed = crdt.split(state)
        doc.sync_state = hot
        doc_path, hist_path, _ = self._paths(slug)
        try:
            self._cleanup_temp()
            if cur is not None and cur.history_rev < cur.revision:
                # a document with a missing or shorter history: its state goes in first
                self._append(slug, {"rev": cur.revision, "at": _now().isoformat(), "base": cur.state,
                                    "meta": cur.meta})
            if base:
                entry = {"rev": meta["revision"], "at": _now().isoformat(), "base": state, "meta": meta}
            else:
                entry = {"rev": meta["revision"], "at": _now().isoformat(), "by": self.replica,
                         "ops": [[k, new, old] for k, new, old in delta or []]}
                if note:
                    entry["import"] = note
            end = self._append(slug, entry)
            if removed["leaves"]:
                self._keep_removed(slug, removed)
            payload = dict(doc.model_dump(mode="json"), _sync=hot)
            atomic_write(doc_path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                         self._mode)
            self._cache[slug] = (_stat(doc_path), _Current(dict(meta), hot, meta["revision"], doc, meta["revision"]))
            if meta["revision"] % SNAPSHOT_EVERY == 0 or base:
                try:
                    self._snapshot(slug, meta, hot, end)
                except OSError as err:  # the change is saved; a snapshot only makes reading faster
                    self._problem(slug, str(self._failed(err)))
        except OSError as err:
            raise self._failed(err) from None
        return doc

    def _append(self, slug: str, entry: dict) -> int:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return _append_line(self._paths(slug)[1], line, self._mode)

    def _removed_path(self, slug: str) -> Path:
        return self._snapdir(slug) / "removed.jsonl"

    def _removed(self, slug: str) -> dict:
        """The tombstones of the group's removed rows (see :func:`helpers.crdt.split`): one line per
        save that removed rows, appended, so that removing a row costs the same however many were
        removed before. A damaged line is reported; the others still count."""
        state = crdt.empty(self.replica)
        try:
            raw = _read(self._removed_path(slug), MAX_FILE_BYTES * 16)
        except FileNotFoundError:
            return state
        except (OSError, ValueError) as err:
            self._problem(slug, t("store.unreadable_kept", file="removed.jsonl", reason=_reason(err)))
            return state
        leaves = state["leaves"]
        for line in raw.splitlines():
            try:
                part = crdt.check(json.loads(line))
            except (ValueError, RecursionError, crdt.BadState):
                if line.strip():
                    self._problem(slug, t("store.unreadable_kept", file="removed.jsonl",
                                          reason=t("store.reason_not_json")))
                continue
            for k, e in part["leaves"].items():
                if len(e) == 2 and (k not in leaves or crdt._rank(e) > crdt._rank(leaves[k])):
                    leaves[k] = e
            state["clock"] = max(state["clock"], part["clock"])
        return state

    def _keep_removed(self, slug: str, removed: dict) -> None:
        """Append tombstones of removed rows to the group's removed.jsonl (with the lock held)."""
        folder = self._snapdir(slug)
        if os.path.islink(folder.parent) or (_lexists(folder) and (folder.is_symlink() or not folder.is_dir())):
            raise UnsafePath(errno.ELOOP, "symlink", str(folder))
        folder.mkdir(parents=True, exist_ok=True)
        part = {"clock": max((e[0] for e in removed["leaves"].values()), default=0), "leaves": removed["leaves"]}
        _append_line(self._removed_path(slug), json.dumps(part, separators=(",", ":")).encode("utf-8"), self._mode)

    def group_file(self, group: str) -> bytes | None:
        """The group file to send to a trainer or another laptop: the document with everything a
        merge needs (``None`` when there is no such group)."""
        slug = self.slug(group)
        cur = self._current(slug, repair=False)
        if cur is None:
            return None
        data = dict(cur.doc.model_dump(mode="json"), _sync=crdt.join(cur.state, self._removed(slug)))
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    def _snapshot(self, slug: str, meta: dict, state: dict, offset: int) -> None:
        folder = self._snapdir(slug)
        if _lexists(folder) and (folder.is_symlink() or not folder.is_dir()):
            raise UnsafePath(errno.ELOOP, "symlink", str(folder))
        if os.path.islink(folder.parent):
            raise UnsafePath(errno.ELOOP, "symlink", str(folder.parent))
        folder.mkdir(parents=True, exist_ok=True)
        payload = {"rev": meta["revision"], "offset": offset, "meta": meta, "state": state}
        atomic_write(folder / f"{meta['revision']:012d}.json",
                     json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), self._mode)

    def _cleanup_temp(self) -> None:
        """Remove temporary files that a crash left behind (older than a few minutes)."""
        if self._cleaned:
            return
        self._cleaned = True
        limit = time.time() - TEMP_MAX_AGE
        snaps = self.root / "snapshots"
        extra = [p for p in snaps.iterdir() if not p.is_symlink()] if snaps.is_dir() and not snaps.is_symlink() else []
        for folder in [self.root, *extra]:
            try:
                for p in folder.glob(".*.tmp"):
                    st = p.lstat()
                    if stat.S_ISREG(st.st_mode) and st.st_mtime < limit:
                        p.unlink()
            except OSError:
                pass

    def _current(self, slug: str, repair: bool) -> _Current | None:
        """The latest state of ``slug``: the document, plus any history line it lacks (a crash
        between the two writes); from the history and snapshots when the document is unreadable."""
        doc_path, hist_path, _ = self._paths(slug)
        cur = None
        seen = _stat(doc_path)
        cached = self._cache.get(slug)
        if cached is not None and seen is not None and cached[0] == seen:
            # the document as this object last read or wrote it: not read and checked again
            cur = dataclasses.replace(cached[1])
            raw = None
        else:
            try:
                raw = _read(doc_path, MAX_FILE_BYTES)
            except FileNotFoundError:
                raw = None
            except OSError as err:
                self._problem(slug, t("store.unreadable_kept", file=doc_path.name, reason=_reason(err)))
                raw = None
                repair = False
        if raw is not None:
            try:
                data = json.loads(raw.decode("utf-8"))
                doc, state = _parse_document(data)
                meta = _meta_of(doc)
                cur = _Current(meta, state, doc.revision, doc, 0)
                if not (isinstance(data, dict) and "_sync" in data):
                    # an old or copied file: its answers, as they are, become the state
                    cur.doc = crdt.view(state, meta)
                    cur.legacy = True
            except (ValueError, ValidationError, UnicodeDecodeError, RecursionError, crdt.BadState, TypeError) as err:
                self._keep_aside(slug, doc_path, err, repair)
                cur = None
        if cur is None:
            cur = self._recover(slug)
            if cur is None:
                return None
        else:
            cur.history_rev, newer = self._tail(slug, cur.revision)
            if newer:
                state, meta = cur.state, cur.meta
                for e in newer:
                    if "base" in e:
                        state, meta = e["base"], _check_meta(e["meta"])
                    else:
                        state = crdt.apply_delta(state, e["ops"])
                    meta = dict(meta, revision=e["rev"], updated_at=_at(e, meta))
                cur = _Current(meta, state, meta["revision"], crdt.view(state, meta), newer[-1]["rev"])
                if repair:
                    self._rewrite(slug, cur)
        cur.doc.sync_state = cur.state
        if raw is not None and not cur.legacy and cur.revision == cur.history_rev:
            self._cache[slug] = (seen, dataclasses.replace(cur))
        return cur

    def _rewrite(self, slug: str, cur: _Current) -> None:
        try:
            hot, removed = crdt.split(cur.state)
            if removed["leaves"]:
                self._keep_removed(slug, removed)
            payload = dict(cur.doc.model_dump(mode="json"), _sync=hot)
            atomic_write(self._paths(slug)[0], json.dumps(payload, ensure_ascii=False,
                                                          separators=(",", ":")).encode("utf-8"), self._mode)
        except OSError:
            pass

    def _recover(self, slug: str) -> _Current | None:
        """The last good state from the snapshots and the history (the document was unreadable)."""
        last = self._snapshot_near(slug, model.MAX_REVISION, below=True)
        state, meta, rev, start = None, None, 0, 0
        if last is not None:
            rev, start, snap = last
            state, meta = snap["state"], _check_meta(snap["meta"])
        for _off, _end, e in self._lines(slug, start):
            if e is None or e["rev"] <= rev or "legacy" in e:
                continue
            if "base" in e:
                state, meta = e["base"], _check_meta(e["meta"])
            elif state is not None:
                state = crdt.apply_delta(state, e["ops"])
            else:
                continue
            rev = e["rev"]
            meta = dict(meta, revision=rev, updated_at=_at(e, meta))
        if state is None:
            return None
        return _Current(meta, state, rev, crdt.view(state, meta), rev)

    def _recent_state_at(self, slug: str, cur: _Current, rev: int) -> dict | None:
        """The state after a recent revision ``rev``: the current state with the later changes
        undone, read backwards from the end of the history (``None`` when that is not the short
        way, or a line on it is missing or damaged)."""
        if cur.revision != cur.history_rev or not 0 <= cur.revision - rev <= SNAPSHOT_EVERY // 2:
            return None
        _last, later = self._tail(slug, rev)
        if [e["rev"] for e in later] != list(range(rev + 1, cur.revision + 1)) or any("ops" not in e for e in later):
            return None
        state = cur.state
        for e in reversed(later):
            state = crdt.apply_delta(state, e["ops"], undo=True)
        return state

    def _state_at(self, slug: str, rev: int) -> dict | None:
        """The state right after revision ``rev``: from the nearest snapshot at or before it,
        forward; when a damaged line lies on that way, back from the next snapshot after it."""
        near = self._snapshot_near(slug, rev, below=True)
        below = [near] if near else []
        near = self._snapshot_near(slug, rev, below=False)
        above = [near] if near else []
        start_rev, start_off, state = 0, 0, None
        if below:
            start_rev, start_off, snap = below[-1]
            state = snap["state"]
            if start_rev == rev:
                return state
        damaged = False
        reached = False
        stop = above[0][1] if above else None
        seen: list[dict] = []
        for off, end, e in self._lines(slug, start_off):
            if stop is not None and off >= stop:
                break
            if e is None:
                damaged = True
                continue
            if e["rev"] <= start_rev:
                continue
            if "legacy" in e:
                if e["rev"] == rev:
                    return _legacy_state(self._lines(slug), rev)
                continue
            seen.append(e)
            if e["rev"] <= rev:
                if "base" in e:
                    state = e["base"]
                elif state is not None:
                    state = crdt.apply_delta(state, e["ops"])
                reached = reached or e["rev"] == rev
            if reached and not damaged:
                break  # there, on an undamaged way: the lines after it are not needed
        if reached and not damaged:
            return state
        if not any(e["rev"] == rev for e in seen) and not (above and above[0][0] == rev):
            return None
        if above:
            back = above[0][2]["state"]
            later = [e for e in seen if rev < e["rev"] <= above[0][0]]
            if all("ops" in e for e in later) and (not damaged or _no_gap(later, rev, above[0][0])):
                for e in reversed(later):
                    back = crdt.apply_delta(back, e["ops"], undo=True)
                return back
        return state

    def _snapshot_near(self, slug: str, rev: int, below: bool) -> tuple[int, int, dict] | None:
        """The readable snapshot nearest to ``rev`` (at or before it, or at or after it):
        ``(rev, history offset, snapshot)``. Only the file names are listed; one file is read."""
        folder = self._snapdir(slug)
        if not folder.is_dir() or folder.is_symlink() or folder.parent.is_symlink():
            return None
        revs = []
        for name in os.listdir(folder):
            stem, dot, ext = name.partition(".")
            if dot and ext == "json" and stem.isascii() and stem.isdigit():
                revs.append(int(stem))
        candidates = sorted((r for r in revs if r <= rev), reverse=True) if below else sorted(r for r in revs if r >= rev)
        for r in candidates:
            try:
                snap = json.loads(_read(folder / f"{r:012d}.json", MAX_FILE_BYTES * 4).decode("utf-8"))
                crdt.check(snap["state"])
                _check_meta(snap["meta"])
                off = snap["offset"]
                if snap["rev"] == r and isinstance(off, int) and not isinstance(off, bool) and off >= 0:
                    return r, off, snap
            except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError, crdt.BadState):
                continue
        return None

    def _lines(self, slug: str, start: int = 0) -> Iterator[tuple[int, int, dict | None]]:
        """``(offset, end, entry)`` for each history line from byte ``start``; ``entry`` is ``None``
        for a damaged line (reported once, and the file kept aside byte-identical)."""
        path = self._paths(slug)[1]
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            return
        except OSError as err:
            self._problem(slug, t("store.unreadable_kept", file=path.name, reason=_reason(err)))
            return
        reported = False
        with os.fdopen(fd, "rb") as fh:
            fh.seek(start)
            offset = start
            for raw in fh:
                end = offset + len(raw)
                complete = raw.endswith(b"\n")
                entry = _entry(raw) if raw.strip() else "blank"
                if entry == "blank":
                    offset = end
                    continue
                if entry is None and complete and not reported:
                    reported = True
                    self._report_damaged_history(slug, path)
                if entry is not None or complete:
                    yield offset, end, entry
                offset = end

    def _tail(self, slug: str, after: int) -> tuple[int, list[dict]]:
        """``(last revision of the history in this format, entries after revision after)``, read
        backwards from the end: the cost depends on what is new, not on the history's length."""
        path = self._paths(slug)[1]
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return 0, []
        newer: list[dict] = []
        last = None
        with os.fdopen(fd, "rb") as fh:
            pos = fh.seek(0, os.SEEK_END)
            buf = b""
            while pos > 0:
                step = min(65536, pos)
                pos -= step
                fh.seek(pos)
                buf = fh.read(step) + buf
                lines = buf.split(b"\n")
                buf = lines[0] if pos > 0 else b""
                for raw in reversed(lines[1:] if pos > 0 else lines):
                    e = _entry(raw) if raw.strip() else None
                    if e is None:
                        continue
                    if "legacy" in e:
                        return (last or 0), list(reversed(newer))
                    if last is None:
                        last = e["rev"]
                    if e["rev"] <= after:
                        return last, list(reversed(newer))
                    newer.append(e)
                    if "base" in e:
                        return last, list(reversed(newer))
        return (last or 0), list(reversed(newer))

    def _report_damaged_history(self, slug: str, path: Path) -> None:
        kept = None
        try:
            raw = _read(path, 1 << 31)
            digest = hashlib.sha256(raw).hexdigest()[:12]
            broken = self.root / "broken"
            target = broken / f"{slug}.history.{digest}.jsonl"
            if not _lexists(target) and self.writable:
                broken.mkdir(exist_ok=True)
                atomic_write(target, raw, self._mode)
            kept = target if _lexists(target) else None
        except OSError:
            kept = None
        msg = t("store.history_damaged", file=path.name, kept=str(kept.name) if kept else "-") if kept else \
            t("store.history_damaged_not_kept", file=path.name)
        self._problem(slug, msg, kept)

    def _keep_aside(self, slug: str, doc_path: Path, err: Exception, repair: bool) -> None:
        has_history = _lexists(self._paths(slug)[1])
        target = None
        if repair:
            broken = self.root / "broken"
            try:
                broken.mkdir(parents=True, exist_ok=True)
                stamp = _now().strftime("%Y%m%dT%H%M%S%fZ")
                target = broken / f"{slug}.{stamp}.json"
                os.replace(doc_path, target)
            except OSError:
                target = None
        if target is not None and has_history:
            key = "store.unreadable"
        elif target is not None:
            key = "store.unreadable_no_history"
        else:
            key = "store.unreadable_kept"
        self._problem(slug, t(key, file=doc_path.name, reason=_reason(err)), target)


class _GroupLock:
    """An exclusive ``flock`` on a group's lock file, across processes and Unix accounts.

    A writer that has to wait blocks in ``flock`` (in a helper thread, so that the wait can time
    out) and is woken by the kernel the moment the lock is released. Polling, as ``filelock`` does
    (a try every few milliseconds), let the writer that had just released the lock take it again
    and again: with 16 writers the slowest save waited over 2 s (bench/store.py)."""

    def __init__(self, path: Path, mode: int, timeout: float):
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not _wait_for_lock(fd, timeout):
                raise TimeoutError(str(path)) from None
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            os.close(self.fd)
        return False


def _wait_for_lock(fd: int, timeout: float) -> bool:
    """Block on ``fd``'s lock for at most ``timeout`` seconds; ``True`` once it is held. After a time
    out the waiting thread gives the lock back (and closes ``fd``) as soon as it gets it."""
    done = threading.Event()
    guard = threading.Lock()
    state = {"given_up": False, "held": False}

    def wait() -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            done.set()
            return
        with guard:
            if state["given_up"]:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            else:
                state["held"] = True
        done.set()

    threading.Thread(target=wait, name="workshop-lock", daemon=True).start()
    done.wait(timeout)
    with guard:
        if state["held"]:
            return True
        state["given_up"] = True
    return False


def _append_line(path: Path, line: bytes, mode: int) -> int:
    """Append one line to ``path`` (never through a symlink) and sync it; the file's new size. A
    crash that cut the last line short gets a line break first; a write that fails (a full disk)
    leaves no half line behind."""
    line += b"\n"
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, mode)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line
        try:
            if os.write(fd, line) != len(line):  # a full disk writes part of the line, then fails
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            os.fsync(fd)
        except OSError:
            try:
                os.ftruncate(fd, size)  # never leave half a line behind: it would read as damage
            except OSError:
                pass
            raise
        return os.fstat(fd).st_size
    finally:
        os.close(fd)


def _at(entry: dict, meta: dict) -> str:
    """When a history line was written (for "last change" only: no decision depends on it)."""
    at = entry.get("at")
    try:
        return dt.datetime.fromisoformat(at).isoformat() if isinstance(at, str) else meta.get("updated_at")
    except ValueError:
        return meta.get("updated_at")


def _no_gap(later: list[dict], rev: int, upto: int) -> bool:
    revs = sorted(e["rev"] for e in later)
    return revs == list(range(rev + 1, upto + 1))


def _entry(raw: bytes) -> dict | None:
    """A history line, checked: bounded revision, a base state or a list of leaf changes."""
    try:
        e = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(e, dict):
        return None
    rev = e.get("rev")
    if not isinstance(rev, int) or isinstance(rev, bool) or not 0 < rev <= model.MAX_REVISION:
        return None
    try:
        if "base" in e:
            crdt.check(e["base"])
            _check_meta(e.get("meta"))
        elif isinstance(e.get("changes"), list) and "ops" not in e:
            e["legacy"] = True  # a line of the first store format: listed, replayed only from the start
        elif isinstance(e.get("ops"), list):
            for item in e["ops"]:
                if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)):
                    return None
        else:
            return None
    except (crdt.BadState, ValueError):
        return None
    return e


def _legacy_state(lines: Iterable, rev: int) -> dict | None:
    """The state after ``rev`` of a history in the first store format (field patches), replayed
    from its start."""
    doc = None
    for _off, _end, e in lines:
        if e is None or "legacy" not in e or e["rev"] > rev:
            continue
        changes = [(tuple(c.get("path", [])), c.get("value")) for c in e["changes"] if isinstance(c, dict)]
        try:
            if changes and changes[0][0] == ():
                doc = model.load_document(changes[0][1])
                changes = changes[1:]
            if doc is not None and changes:
                changes = [(p, DELETE if isinstance(v, dict) and v.get("$delete") is True else v) for p, v in changes]
                doc = model.apply_changes(doc, changes)
        except (InvalidChange, ValidationError, ValueError, TypeError, KeyError):
            continue
        if e["rev"] == rev:
            break
    if doc is None:
        return None
    plain = {k: v for k, v in doc.model_dump(mode="json").items() if k not in crdt.META}
    return crdt.from_document(plain, LEGACY_REPLICA)


def _parse_document(data: Any) -> tuple[Strategy, dict]:
    """A document and its sync state from a file's JSON (an old file gets a state of its answers)."""
    if not isinstance(data, dict):
        raise ValueError("a document is a JSON object")
    doc = model.load_document(data)
    state = data.get("_sync")
    if state is None:
        plain = {k: v for k, v in doc.model_dump(mode="json").items() if k not in crdt.META}
        state = crdt.from_document(plain, LEGACY_REPLICA)
    else:
        crdt.check(state)
    return doc, state


def _read(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, never through a symlink; at most ``limit``."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise UnsafePath(errno.EINVAL, "not a regular file", str(path))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge("file too large")
    return data


def _stat(path: Path) -> tuple | None:
    """What changes whenever a file is replaced or written (inode, times, size)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


def _lexists(path: Path) -> bool:
    return os.path.lexists(path)


def _refuse_symlink(path: Path) -> None:
    if os.path.islink(path):
        raise UnsafePath(errno.ELOOP, "symlink", str(path))


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _same_name(a: str, b: str) -> bool:
    return model.slug(a) == model.slug(b)


def file_stamp(path: str | os.PathLike) -> int | None:
    """Something that changes whenever the file at ``path`` is written or replaced (``None``: no
    such file); one ``stat``, no read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns ^ (st.st_ino << 1) ^ st.st_size


def atomic_write(target: Path, payload: bytes, mode: int | None = None) -> None:
    """Write ``payload`` to ``target`` so that a crash at any moment leaves either the old file or
    the new one, whole: a synced temporary file beside it, then an atomic rename (which replaces a
    symlink itself, never its target). ``mode``: the file's permissions (default: 0666 less umask)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode if mode is not None else 0o666 & ~_umask())
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
    if isinstance(err, (json.JSONDecodeError, UnicodeDecodeError, crdt.BadState)):
        return t("store.reason_not_json")
    if isinstance(err, RecursionError):
        return t("store.reason_nested")
    if isinstance(err, UnsafePath) or (isinstance(err, OSError) and err.errno == errno.ELOOP):
        return t("store.reason_symlink")
    if isinstance(err, PermissionError):
        return t("store.reason_permission")
    if isinstance(err, ValueError) and "schema_version" in str(err):
        return t("store.reason_too_new")
    if isinstance(err, ValueError) and "too large" in str(err):
        return t("store.reason_too_large")
    return t("store.reason_other")
