"""The mergeable state behind a Strategy document: stable row ids, operations, and a merge that
no clock decides.

A document's answers are kept as a flat map of *leaves*: path -> entry. The path of a leaf is a
JSON list: ``["audience", "age_min"]``, a row's field ``["goals", "r3f2...", "sentence"]``, a
row's existence ``["goals", "r3f2..."]`` (its value ``{"$row": order}``), an item of a
checkbox group ``["channels", "chosen", ["$", "instagram"]]`` (its value: its order). An entry
is ``[counter, replica, value]``, or ``[counter, replica]`` once deleted (a tombstone, so that an
older copy cannot bring the value back).

Every change is an operation on the latest state: set one leaf (or replace a subtree), insert a
row under a new id, remove or move a row by id, add or discard one item of a set. Each operation
stamps the leaves it touches with ``(counter, replica)``: ``counter`` is one more than any
counter the state has seen (a Lamport counter, not a clock); ``replica`` names the workspace that
made the change. Merging two states keeps, per leaf, the entry with the higher stamp (ties are
broken by the value), so a merge is commutative, associative and idempotent: files from several
laptops may be imported in any order and any number of times.

The document a participant sees is :func:`materialize` of the state: a pure function, validated
by the model; a combination that only a merge can produce and that the model refuses (two ages
in the wrong order, say) is shown without the older of the leaves involved, deterministically.

This module is pure: no files, no widgets. See ``docs/architecture.md`` for why this design and
not pycrdt.
"""
from __future__ import annotations

import copy
import functools
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any, Iterable

from pydantic import ValidationError
from pydantic_core import to_jsonable_python

from . import model

# -- what is a leaf ------------------------------------------------------------------------------

#: Lists whose items are rows with their own fields and a stable id.
ROW_LISTS: tuple[tuple[str, ...], ...] = (
    ("goals",), ("team", "members"), ("team", "tasks"), ("calendar", "entries"),
    ("deep_dives", "competitors"), ("deep_dives", "budget"), ("deep_dives", "risks"), ("measure", "tests"),
    ("deep_dives", "accounts"), ("deep_dives", "rivals"), ("deep_dives", "messages"),
    ("deep_dives", "distribution", "formula"), ("deep_dives", "distribution", "stages"),
)
#: Lists that are sets of choices (checkbox groups): one tick adds or removes one item.
SET_LISTS: tuple[tuple[str, ...], ...] = (
    ("audience", "online_where"), ("audience", "online_when"), ("channels", "features_wanted"),
    ("channels", "chosen"), ("content", "tone"), ("content", "formats", "*"), ("content", "days", "*"),
    ("deep_dives", "tactics", "ugc"),
)
#: Fields that change together, stored as one leaf: the Hero-Hub-Help mix always adds up to 100.
ATOMIC = {("content",): ("hero", "hub", "help")}
#: Fields of the document that are the store's, not the participant's.
META = ("schema_version", "group", "revision", "created_at", "updated_at")

MAX_COUNTER = 2 ** 53
MAX_LEAVES = 100_000
MAX_KEY = 2_000
_REPLICA = re.compile(r"^[0-9a-z]{1,32}$")
_ITEM = "$"
_SET_MARK = {"$set": 1}


def _matches(path: tuple, pattern: tuple) -> bool:
    return len(path) == len(pattern) and all(p == "*" or p == q for p, q in zip(pattern, path))


@functools.lru_cache(maxsize=1 << 14)
def is_row_list(path: tuple) -> bool:
    return any(_matches(path, p) for p in ROW_LISTS)


@functools.lru_cache(maxsize=1 << 14)
def is_set(path: tuple) -> bool:
    return any(_matches(path, p) for p in SET_LISTS)


def new_row_id() -> str:
    return model.new_row_id()


def key(path: Iterable) -> str:
    return json.dumps(list(path), ensure_ascii=False, separators=(",", ":"))


@functools.lru_cache(maxsize=1 << 16)
def unkey(text: str) -> tuple:
    """The path of a leaf key (cached: the same keys are read at every save)."""
    return tuple(tuple(p) if isinstance(p, list) else p for p in json.loads(text))


# -- operations ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Op:
    """One change. ``kind``: ``set`` (``value`` may be :data:`helpers.model.DELETE`), ``insert``
    (``row_id``, ``value`` the row's fields, ``before`` an optional row id), ``remove``
    (``row_id``), ``move`` (``row_id``, ``before``: a row id or ``None`` for the end), ``add`` and
    ``discard`` (``value`` one item of a set)."""

    kind: str
    path: tuple
    value: Any = None
    row_id: str | None = None
    before: str | None = None
    order: float | None = None


def _plain(value: Any) -> Any:
    """A value as the document's JSON holds it: a date as "2027-07-01" (a form may hand over a
    ``datetime.date``; the history is JSON, and a value it cannot write would stop every save)."""
    if value is model.DELETE or value is None or isinstance(value, (str, bool, int, float)):
        return value
    return to_jsonable_python(value)


def set_(path, value) -> Op:
    return Op("set", model.parse_path(path), _plain(value))


def insert(list_path, row: dict | None = None, row_id: str | None = None, before: str | None = None) -> Op:
    return Op("insert", model.parse_path(list_path), _plain(dict(row or {})), row_id or new_row_id(), before)


def remove(list_path, row_id: str) -> Op:
    return Op("remove", model.parse_path(list_path), None, row_id)


def move(list_path, row_id: str, before: str | None = None) -> Op:
    return Op("move", model.parse_path(list_path), None, row_id, before)


def add(set_path, item, order: float | None = None) -> Op:
    """Tick ``item``; ``order`` its place among the choices (default: after the others)."""
    return Op("add", model.parse_path(set_path), item, order=order)


def discard(set_path, item) -> Op:
    return Op("discard", model.parse_path(set_path), item)


def as_ops(changes) -> list[Op]:
    """``{path: value}`` or ``[(path, value), ...]`` or a list of :class:`Op` as operations."""
    if isinstance(changes, dict):
        changes = list(changes.items())
    return [c if isinstance(c, Op) else set_(c[0], c[1]) for c in changes]


# -- the state -----------------------------------------------------------------------------------

class BadState(ValueError):
    """A sync state that is not well formed (a damaged or hostile file)."""


def empty(replica: str) -> dict:
    return {"clock": 0, "leaves": {}}


def check(state: Any) -> dict:
    """``state`` when it is a well-formed sync state with bounded numbers; raise :class:`BadState`."""
    if not isinstance(state, dict) or not isinstance(state.get("leaves"), dict):
        raise BadState("not a sync state")
    clock = state.get("clock")
    if not isinstance(clock, int) or isinstance(clock, bool) or not 0 <= clock <= MAX_COUNTER:
        raise BadState("clock out of range")
    leaves = state["leaves"]
    if len(leaves) > MAX_LEAVES:
        raise BadState("too many leaves")
    replicas: set[str] = set()
    for k, entry in leaves.items():
        if not isinstance(k, str) or len(k) > MAX_KEY or not k.startswith("[") or not k.endswith("]") \
                or not isinstance(entry, list) or len(entry) not in (2, 3):
            raise BadState("bad leaf")
        c, r = entry[0], entry[1]
        if type(c) is not int or not 0 <= c <= clock or type(r) is not str:
            raise BadState("bad stamp")
        replicas.add(r)
    if not all(_REPLICA.match(r) for r in replicas):
        raise BadState("bad stamp")
    try:  # every key a JSON list: parsed in one go (a key that is not one spoils the whole list)
        paths = json.loads("[" + ",".join(leaves) + "]")
    except (ValueError, RecursionError):
        raise BadState("bad key") from None
    if len(paths) != len(leaves) or not all(type(p) is list and p and p[0] not in META for p in paths):
        raise BadState("bad key")
    return state


def _rank(entry: list) -> tuple:
    return (entry[0], entry[1], len(entry), json.dumps(entry[2] if len(entry) == 3 else None, sort_keys=True))


def _wins(new: list, old: list | None) -> bool:
    return old is None or _rank(new) > _rank(old)


class _Builder:
    """Applies operations to a copy of a state, stamping each touched leaf."""

    def __init__(self, state: dict, replica: str):
        self.state = {"clock": state["clock"], "leaves": dict(state["leaves"])}
        self.replica = replica
        self.delta: list[tuple[str, list, list | None]] = []

    @property
    def leaves(self) -> dict:
        return self.state["leaves"]

    def stamp(self) -> int:
        self.state["clock"] += 1
        return self.state["clock"]

    def put(self, k: str, value: Any = None, deleted: bool = False) -> None:
        old = self.leaves.get(k)
        if deleted:
            if old is None or len(old) == 2:
                return
            entry = [self.stamp(), self.replica]
        else:
            if old is not None and len(old) == 3 and old[2] == value:
                return
            entry = [self.stamp(), self.replica, value]
        self.leaves[k] = entry
        self.delta.append((k, entry, old))

    def drop(self, k: str) -> None:
        """Forget a leaf of a removed row (its row's tombstone keeps it out of every view)."""
        old = self.leaves.pop(k, None)
        if old is not None:
            self.delta.append((k, None, old))

    # -- reading the current state by path ----------------------------------------------------------
    def under(self, path: tuple) -> list[str]:
        prefix = key(path)[:-1]
        return [k for k in self.leaves if k.startswith(prefix + ",") or k == key(path)]

    def alive(self, k: str) -> bool:
        e = self.leaves.get(k)
        return e is not None and len(e) == 3

    def rows(self, list_path: tuple) -> list[tuple[float, str]]:
        out = []
        depth = len(list_path) + 1
        prefix = key(list_path)[:-1] + ","
        for k, e in self.leaves.items():
            if k.startswith(prefix) and len(e) == 3 and isinstance(e[2], dict) and "$row" in e[2]:
                p = unkey(k)
                if len(p) == depth:
                    out.append((float(e[2]["$row"]), p[-1]))
        return sorted(out)

    def resolve(self, path: tuple) -> tuple:
        """Replace list indexes by row ids (index == number of rows means a new row at the end)."""
        out: list = []
        for i, part in enumerate(path):
            if isinstance(part, int) and is_row_list(tuple(out)):
                rows = self.rows(tuple(out))
                if 0 <= part < len(rows):
                    part = rows[part][1]
                elif part == len(rows):
                    part = ("$new", part)
                else:
                    raise IndexError(path)
            out.append(part)
        return tuple(out)

    # -- writing ------------------------------------------------------------------------------------------
    def set_value(self, path: tuple, value: Any) -> None:
        if not path or path[0] in META:
            raise KeyError(path)
        if any(isinstance(p, tuple) for p in path[:-1]):
            raise IndexError(path)
        if is_row_list(path[:-1]):
            self._set_row(path, value)
            return
        for parent, group in ATOMIC.items():
            if len(path) == len(parent) + 1 and path[:-1] == parent and path[-1] in group:
                k = key(parent + ("$" + "+".join(group),))
                current = dict(self.leaves[k][2]) if self.alive(k) else {}
                current[path[-1]] = value
                self.put(k, current)
                return
            if path == parent and isinstance(value, dict) and any(f in value for f in group):
                self.set_value(parent, {f: v for f, v in value.items() if f not in group} or model.DELETE)
                k = key(parent + ("$" + "+".join(group),))
                current = dict(self.leaves[k][2]) if self.alive(k) else {}
                current.update({f: value[f] for f in group if f in value})
                self.put(k, current)
                return
        if is_row_list(path):
            for _order, rid in self.rows(path):
                self.remove_row(path, rid)
            if value is not model.DELETE:
                if not isinstance(value, list):
                    raise TypeError(path)
                for row in value:
                    self.insert_row(path, row, None, None)
            return
        if is_set(path):
            current = {unkey(k)[-1][1] for k in self.under(path) if self.alive(k) and len(unkey(k)) == len(path) + 1}
            wanted = [] if value is model.DELETE else list(value)
            if not isinstance(wanted, list):
                raise TypeError(path)
            for item in current - set(wanted):
                self.put(key(path + ((_ITEM, item),)), deleted=True)
            for i, item in enumerate(wanted):
                if item not in current:
                    self.put(key(path + ((_ITEM, item),)), i)
            if value is model.DELETE:
                self.put(key(path), deleted=True)
            elif not self.alive(key(path)):
                self.put(key(path), dict(_SET_MARK))
            return
        if isinstance(value, dict) and not _is_row_marker(value):
            # a subtree: its leaves replace whatever was there
            for k in self.under(path):
                p = unkey(k)
                if len(p) > len(path) and self.alive(k):
                    self.put(k, deleted=True)
            if self.alive(key(path)):
                self.put(key(path), deleted=True)
            for sub, v in value.items():
                self.set_value(path + (sub,), v)
            return
        if value is model.DELETE:
            for k in self.under(path):
                if self.alive(k):
                    self.put(k, deleted=True)
            return
        self.put(key(path), value)

    def _set_row(self, path: tuple, value: Any) -> None:
        list_path, rid = path[:-1], path[-1]
        if isinstance(rid, tuple):  # index == number of rows: a new row at the end
            if value is model.DELETE:
                raise IndexError(path)
            self.insert_row(list_path, value, None, None)
            return
        if value is model.DELETE:
            self.remove_row(list_path, rid)
            return
        if not isinstance(value, dict):
            raise TypeError(path)
        if not self.alive(key(path)):
            raise LookupError(rid)
        for k in self.under(path):
            if len(unkey(k)) > len(path) and self.alive(k):
                self.put(k, deleted=True)
        for name, v in value.items():
            if name != "id":
                self.set_value(path + (name,), v)

    def insert_row(self, list_path: tuple, row: Any, row_id: str | None, before: str | None) -> str:
        if not is_row_list(list_path):
            raise KeyError(list_path)
        if not isinstance(row, dict):
            raise TypeError(list_path)
        row = dict(row)
        rid = row_id or row.pop("id", None) or new_row_id()
        row.pop("id", None)
        if not isinstance(rid, str) or not model.ROW_ID.match(rid):
            raise ValueError("bad row id")
        if self.alive(key(list_path + (rid,))) or key(list_path + (rid,)) in self.leaves:
            raise ValueError("row id in use")
        self.put(key(list_path + (rid,)), {"$row": self._order(list_path, before)})
        for name, v in row.items():
            self.set_value(list_path + (rid, name), v)
        return rid

    def _order(self, list_path: tuple, before: str | None) -> float:
        rows = self.rows(list_path)
        if before is not None:
            ids = [r for _o, r in rows]
            if before in ids:
                i = ids.index(before)
                hi = rows[i][0]
                lo = rows[i - 1][0] if i > 0 else hi - 2.0
                return (lo + hi) / 2
        return (rows[-1][0] + 1.0) if rows else 1.0

    def remove_row(self, list_path: tuple, rid: str) -> None:
        k = key(list_path + (rid,))
        if not self.alive(k):
            raise LookupError(rid)
        self.put(k, deleted=True)
        prefix = k[:-1] + ","
        for other in [o for o in self.leaves if o.startswith(prefix)]:
            self.drop(other)

    def move_row(self, list_path: tuple, rid: str, before: str | None) -> None:
        k = key(list_path + (rid,))
        if not self.alive(k):
            raise LookupError(rid)
        if before == rid:
            return
        self.put(k, {"$row": self._order(list_path, before)})

    def apply(self, op: Op) -> str | None:
        path = self.resolve(op.path)
        if op.kind == "set":
            self._check_row_alive(path)
            self.set_value(path, op.value)
        elif op.kind == "insert":
            return self.insert_row(path, op.value, op.row_id, op.before)
        elif op.kind == "remove":
            self.remove_row(path, op.row_id)
        elif op.kind == "move":
            self.move_row(path, op.row_id, op.before)
        elif op.kind in ("add", "discard"):
            if not is_set(path):
                raise KeyError(path)
            k = key(path + ((_ITEM, op.value),))
            if op.kind == "add":
                if not self.alive(key(path)):
                    self.put(key(path), dict(_SET_MARK))
                if not self.alive(k):
                    self.put(k, op.order if isinstance(op.order, (int, float)) else self.state["clock"] + 1)
            else:
                self.put(k, deleted=True)
        else:
            raise ValueError(op.kind)
        return None

    def _check_row_alive(self, path: tuple) -> None:
        """A field of a row can only be set while the row exists."""
        for i in range(1, len(path) - 1):
            if is_row_list(path[:i]):
                if isinstance(path[i], tuple) or not self.alive(key(path[: i + 1])):
                    raise LookupError(path[i])
                return


def _is_row_marker(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"$row"}


class RowGone(LookupError):
    """An operation on a row that no longer exists (another laptop removed it)."""


def apply(state: dict, ops: Iterable[Op], replica: str) -> tuple[dict, list, list[str | None]]:
    """``(new_state, delta, ids)``: the operations applied in order to a copy of ``state``.

    ``delta`` lists ``(key, new_entry, old_entry)`` per touched leaf (``new_entry`` is ``None`` for a
    forgotten leaf); ``ids`` the row id each operation inserted. Raises ``KeyError``,
    ``IndexError``, ``TypeError`` or ``ValueError`` for an operation that does not fit the
    document, :class:`RowGone` for a row that is not there (any more)."""
    b = _Builder(state, replica)
    ids = []
    for op in ops:
        try:
            ids.append(b.apply(op))
        except LookupError as err:
            if isinstance(err, (KeyError, IndexError)):
                raise
            raise RowGone(str(err)) from None
    return b.state, b.delta, ids


def merge(ours: dict, theirs: dict) -> tuple[dict, list]:
    """Per leaf the entry with the higher stamp; ``(merged, delta)`` where ``delta`` lists what
    changed in ``ours``. Commutative, associative, idempotent."""
    leaves = dict(ours["leaves"])
    delta = []
    for k, entry in theirs["leaves"].items():
        old = leaves.get(k)
        if _wins(entry, old):
            leaves[k] = entry
            delta.append((k, entry, old))
    return {"clock": max(ours["clock"], theirs["clock"]), "leaves": leaves}, delta


def apply_delta(state: dict, delta: Iterable, undo: bool = False) -> dict:
    """``state`` with a recorded delta redone (or undone, with ``undo``)."""
    leaves = dict(state["leaves"])
    clock = state["clock"]
    for k, new, old in delta:
        entry = old if undo else new
        if entry is None:
            leaves.pop(k, None)
        else:
            leaves[k] = entry
            clock = max(clock, entry[0])
    return {"clock": clock, "leaves": leaves}


# -- from a plain document, and back --------------------------------------------------------------

def from_document(data: dict, replica: str) -> dict:
    """The state of a plain document (a file without a sync state, an old version): every answer a
    leaf stamped by ``replica``. Rows keep their ids (the model gives old rows stable ones)."""
    b = _Builder(empty(replica), replica)
    for name, value in data.items():
        if name in META or name.startswith("_") or name == "id":
            continue
        b.set_value((name,), value)
    return b.state


def materialize(state: dict, meta: dict) -> dict:
    """The plain document (JSON-like) that ``state`` stands for, with ``meta`` (group, revision,
    dates) on top. Invalid combinations are resolved by :func:`view`."""
    tree: dict = {}
    rows: dict[tuple, dict[str, tuple[float, dict]]] = {}
    sets: dict[tuple, list[tuple[Any, Any]]] = {}
    fields: list[tuple[tuple, Any]] = []
    for k, e in state["leaves"].items():
        if len(e) != 3:
            continue
        path = unkey(k)
        value = e[2]
        if path and isinstance(path[-1], tuple):
            sets.setdefault(path[:-1], []).append((value, path[-1][1]))
            continue
        if isinstance(value, dict) and value == _SET_MARK:
            sets.setdefault(path, [])
            continue
        if _is_row_marker(value) and is_row_list(path[:-1]):
            rows.setdefault(path[:-1], {})
            rows[path[:-1]][path[-1]] = (value["$row"], {"id": path[-1]})
            continue
        fields.append((path, value))
    for path, value in sorted(fields, key=lambda pv: len(pv[0])):
        row_at = next((i for i in range(1, len(path)) if is_row_list(path[:i])), None)
        if row_at is not None:
            entry = rows.get(path[:row_at], {}).get(path[row_at])
            if entry is None:
                continue  # a field of a removed row
            _put(entry[1], path[row_at + 1:], value)
            continue
        if isinstance(path[-1], str) and path[-1].startswith("$") and "+" in path[-1]:
            for f, v in (value or {}).items():
                _put(tree, path[:-1] + (f,), v)
            continue
        _put(tree, path, value)
    for path, items in sets.items():
        _put(tree, path, [item for _o, item in sorted(items, key=lambda oi: (_num(oi[0]), json.dumps(oi[1])))])
    for path, found in rows.items():
        ordered = sorted(found.items(), key=lambda kv: (_num(kv[1][0]), kv[0]))
        _put(tree, path, [row for _rid, (_o, row) in ordered])
    out = {k: v for k, v in meta.items()}
    out.update(tree)
    return out


def _num(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _put(tree: dict, path: tuple, value: Any) -> None:
    node = tree
    for part in path[:-1]:
        if not isinstance(node, dict):
            return
        nxt = node.get(part)
        if not isinstance(nxt, dict):
            nxt = node[part] = {}
        node = nxt
    if isinstance(node, dict) and path:
        node[path[-1]] = copy.deepcopy(value) if isinstance(value, (dict, list)) else value


def view(state: dict, meta: dict, lang: str | None = None) -> model.Strategy:
    """The validated document of ``state``. A combination the model refuses (only a merge can make
    one) is shown without the offending leaf: the older of those involved, deterministically."""
    dropped: set[str] = set()
    for _attempt in range(200):
        live = {"clock": state["clock"], "leaves": {k: e for k, e in state["leaves"].items() if k not in dropped}}
        data = materialize(live, meta)
        try:
            return model.load_document(data)
        except ValidationError as err:
            culprit = _oldest_involved(live, err)
            if culprit is None:
                raise
            dropped.add(culprit)
    raise ValueError("document cannot be shown")


def _oldest_involved(state: dict, err: ValidationError) -> str | None:
    best = None
    for e in err.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith(("function-", "constrained-"))))
        for k, entry in state["leaves"].items():
            if len(entry) != 3:
                continue
            path = unkey(k)
            if _loc_matches(path, loc, state) and (best is None or _rank(entry) < _rank(state["leaves"][best])):
                best = k
    return best


def _loc_matches(path: tuple, loc: tuple, state: dict) -> bool:
    """Does the leaf at ``path`` lie at or under the error location ``loc`` (where list indexes in
    ``loc`` stand for rows in their order)?"""
    if not loc:
        return True
    plain = []
    for i, part in enumerate(path):
        if isinstance(part, str) and is_row_list(tuple(path[:i])) and i < len(path):
            b = _Builder(state, "x")
            ids = [rid for _o, rid in b.rows(tuple(path[:i]))]
            plain.append(ids.index(part) if part in ids else -1)
        elif isinstance(part, tuple):
            plain.append(None)
        elif isinstance(part, str) and part.startswith("$") and "+" in part:
            plain.append(None)
        else:
            plain.append(part)
    for i, want in enumerate(loc):
        if i >= len(plain):
            return True
        if plain[i] is None:
            return True
        if plain[i] != want:
            return False
    return True


def replica_id() -> str:
    return secrets.token_hex(6)



def rebase(current: dict, old: dict, replica: str) -> tuple[dict, list]:
    """Operations that bring ``current`` back to the answers of ``old`` (a restore), as new
    stamped changes on top of ``current``: ``(state, delta)``."""
    b = _Builder(current, replica)
    for k in sorted(set(current["leaves"]) | set(old["leaves"])):
        was, now = old["leaves"].get(k), current["leaves"].get(k)
        was_alive, now_alive = was is not None and len(was) == 3, now is not None and len(now) == 3
        if was_alive and (not now_alive or now[2] != was[2]):
            b.put(k, was[2])
        elif now_alive and not was_alive:
            b.put(k, deleted=True)
    return b.state, b.delta


def revert(current: dict, delta: Iterable, replica: str,
           keep: Iterable[str] = ()) -> tuple[dict, list, list[str]]:
    """Take back one recorded change (``delta``: its ``(key, new, old)`` entries, as a merge or an
    import returns them) as new stamped changes on top of ``current``: ``(state, delta, kept)``.

    A leaf is put back to its entry before the change only while it still holds what the change
    wrote; a leaf changed since (by anyone) is kept as it is and listed in ``kept``. A row the change
    added stays whole while anything inside it changed since, or was added to it since: a later
    answer is never hidden or left without its row by taking back an earlier one. ``keep``: leaves
    to keep as they are all the same (a later upload that is not undone carries them too)."""
    delta = [(k, new, old) for k, new, old in delta]
    leaves = current["leaves"]
    touched = {k for k, _new, _old in delta}
    keep = set(keep)
    kept = [k for k, new, _old in delta
            if k in keep or leaves.get(k) != (list(new) if new is not None else None)]
    later = set(kept) | {k for k in leaves if k not in touched}
    b = _Builder(current, replica)
    rows_kept: list[str] = []  # key prefixes of the rows that stay whole
    for k, new, old in sorted(delta, key=lambda d: len(d[0])):
        if k in kept or any(k.startswith(prefix) for prefix in rows_kept):
            continue
        alive_before = old is not None and len(old) == 3
        path = unkey(k)
        if not alive_before and len(path) >= 2 and is_row_list(path[:-1]):
            prefix = k[:-1] + ","
            if any(other.startswith(prefix) for other in later):
                kept.append(k)  # the row holds a later answer: it stays, whole
                rows_kept.append(prefix)
                continue
        if alive_before:
            b.put(k, old[2])
        else:
            b.put(k, deleted=True)
    return b.state, b.delta, kept


def problems_of(state: dict, meta: dict) -> set:
    """The error locations of the plain materialization of ``state`` (empty when valid)."""
    try:
        model.load_document(materialize(state, meta))
        return set()
    except ValidationError as err:
        return set(model.explain(err))


def rows_loc(data: dict, loc: tuple) -> tuple:
    """An error location with list positions of rows replaced by the rows' ids."""
    out, node = [], data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node) \
                and isinstance(node[part], dict) and isinstance(node[part].get("id"), str):
            node = node[part]
            out.append(node["id"])
            continue
        out.append(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(out)


def preview(doc: model.Strategy, ops: Iterable[Op], lang: str | None = None,
            replica: str = "local") -> tuple[model.Strategy, list, list]:
    """``doc`` with ``ops`` applied, validated: ``(new document, inserted ids, delta)``. Raises
    :class:`helpers.model.InvalidChange` (its paths address rows by id) or :class:`RowGone`.
    A problem the document already had (only a merge makes one) is not blamed on ``ops``."""
    meta = {k: v for k, v in doc.model_dump(mode="json").items() if k in META}
    state = doc.sync_state
    if state is None:
        plain = {k: v for k, v in doc.model_dump(mode="json").items() if k not in META}
        state = from_document(plain, "0")
    try:
        new_state, delta, ids = apply(state, ops, replica)
    except RowGone:
        raise
    except (KeyError, IndexError, TypeError, ValueError):
        ops = list(ops)
        path = ops[0].path if ops else ()
        raise model.InvalidChange({path: model.explain_path_error(path, lang)}) from None
    if not delta:
        return doc, ids, delta
    data = materialize(new_state, meta)
    try:
        new = model.load_document(data)
    except ValidationError as err:
        before = problems_of(state, meta)
        problems = {rows_loc(data, p): m for p, m in model.explain(err, lang).items() if p not in before}
        if problems:
            raise model.InvalidChange(problems) from None
        new = view(new_state, meta)
    new.sync_state = new_state
    return new, ids, delta


def adopt(ours: dict, plain: dict, replica: str) -> tuple[dict, list]:
    """Take in a plain document's answers (a file without a sync state: an older toolkit, a file
    made by hand), which carries no way to tell which answer is newer: it fills what is still
    blank here and adds the rows (by id) that are not here, but never overwrites an answer, never
    brings back a removed row, and its blanks never erase anything. ``plain`` is
    :func:`from_document` of that file. Importing the same file twice changes nothing."""
    defaults = {k: e[2] for k, e in from_document(_blank_document(), "0")["leaves"].items() if len(e) == 3}
    b = _Builder(ours, replica)
    def blank(k: str, value: Any) -> bool:
        return value in ("", None, [], {}) or (k in defaults and defaults[k] == value)

    for k, entry in sorted(plain["leaves"].items(), key=lambda kv: len(kv[0])):
        if len(entry) != 3 or blank(k, entry[2]):
            continue
        old = b.leaves.get(k)
        if old is not None and (len(old) == 2 or not blank(k, old[2])):
            continue  # answered (or removed) here: kept
        value = entry[2]
        path = unkey(k)
        row_at = next((i for i in range(1, len(path)) if is_row_list(path[:i])), None)
        if row_at is not None and len(path) > row_at + 1 and not b.alive(key(path[: row_at + 1])):
            continue  # a field of a row that is not here (removed, or its marker comes first)
        if _is_row_marker(value):
            value = {"$row": b._order(path[:-1], None)}
        b.put(k, value)
    return b.state, b.delta


def _blank_document() -> dict:
    data = model.new_document("x").model_dump(mode="json")
    return {k: v for k, v in data.items() if k not in META}


def _is_row_tombstone(k: str, entry: list) -> bool:
    if len(entry) != 2:
        return False
    path = unkey(k)
    return len(path) >= 2 and isinstance(path[-1], str) and is_row_list(path[:-1])


def split(state: dict) -> tuple[dict, dict]:
    """``(hot, removed)``: the state without, and with only, the tombstones of removed rows. The
    hot part is what saving and showing need; the removed rows matter only to a merge (they keep an
    older copy from bringing a row back), so the store keeps them apart and the document's size
    follows its answers, not the number of rows ever removed."""
    gone = {k: e for k, e in state["leaves"].items() if len(e) == 2 and _is_row_tombstone(k, e)}
    if not gone:
        return state, {"clock": state["clock"], "leaves": {}}
    hot = {k: e for k, e in state["leaves"].items() if k not in gone}
    return {"clock": state["clock"], "leaves": hot}, {"clock": state["clock"], "leaves": gone}


def join(hot: dict, removed: dict) -> dict:
    """The whole state again (per leaf the higher stamp, so a row brought back stays back)."""
    if not removed["leaves"]:
        return hot
    return merge(removed, hot)[0]
