"""Moderation: what the trainer keeps off the projector, without deleting anything.

The trainer hides a check-in word, a Rose card or a whole group; the choice is kept in
``.moderation.json`` in the results folder, so every trainer window on that folder (the projector
and the trainer's own screen) shows the same, and it survives a reload. Groups' documents are
never touched: showing an item again brings it back as it was, and exports keep everything.

:func:`apply` gives the class as the projector shows it (hidden groups left out);
:func:`hidden_words` and :func:`hidden_cards` are what the word cloud and the Rose wall leave out.
A card is known by its group, its kind and its text (:func:`card_id`): a card that the group
rewrites after it was hidden is a new card, shown until the trainer hides it again.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
import hashlib
import json
import logging
import os
from pathlib import Path

from .store import atomic_write, file_stamp

log = logging.getLogger("helpers.moderation")

__all__ = ["FILE", "Moderation", "load", "save", "stamp", "card_id"]

#: the moderation file in the results folder (a dot file: never listed as a group)
FILE = ".moderation.json"
KINDS = ("words", "cards", "groups")


def card_id(slug: str, kind: str, text: str) -> str:
    """A Rose card's identity: its group's file name, its kind (rose, thorn, bud) and its text."""
    return hashlib.sha1(f"{slug}\n{kind}\n{text.strip()}".encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Moderation:
    """What is hidden: normalised check-in words, card ids and group file names (slugs)."""

    words: frozenset[str] = field(default_factory=frozenset)
    cards: frozenset[str] = field(default_factory=frozenset)
    groups: frozenset[str] = field(default_factory=frozenset)

    def hide(self, kind: str, item: str, hidden: bool = True) -> "Moderation":
        """A copy with ``item`` of ``kind`` (``words``, ``cards`` or ``groups``) hidden or shown."""
        if kind not in KINDS:
            raise ValueError(kind)
        items = set(getattr(self, kind))
        (items.add if hidden else items.discard)(item)
        return replace(self, **{kind: frozenset(items)})

    def __len__(self) -> int:
        return len(self.words) + len(self.cards) + len(self.groups)

    def to_dict(self) -> dict:
        return {"version": 1, **{k: sorted(getattr(self, k)) for k in KINDS}}

    @classmethod
    def from_dict(cls, data: dict) -> "Moderation":
        return cls(**{k: frozenset(str(x) for x in data.get(k, ()) if isinstance(x, str)) for k in KINDS})


def _path(folder: str | os.PathLike) -> Path:
    return Path(folder) / FILE


def load(folder: str | os.PathLike) -> Moderation:
    """The folder's moderation (nothing hidden when there is no file, or a broken one: logged)."""
    try:
        data = json.loads(_path(folder).read_bytes())
        if isinstance(data, dict):
            return Moderation.from_dict(data)
        raise ValueError("not an object")
    except FileNotFoundError:
        return Moderation()
    except (OSError, ValueError) as err:
        log.warning("the moderation file in %s cannot be read: %s", folder, err)
        return Moderation()


def save(folder: str | os.PathLike, moderation: Moderation) -> None:
    """Keep ``moderation`` for every trainer window on ``folder`` (raises ``OSError`` when it cannot)."""
    atomic_write(_path(folder), json.dumps(moderation.to_dict(), ensure_ascii=False).encode("utf-8"))


def stamp(folder: str | os.PathLike) -> int | None:
    """Something that changes whenever the moderation file is written (``None``: there is none)."""
    return file_stamp(_path(folder))
