"""The workshop agenda: blocks with minutes, start times computed from a start time.

``data/agenda.yaml`` is the only place that holds the minutes of a part: the timer, the check-in's
agenda, each step form's time box and the printable agenda (:func:`printable`,
``python -m helpers agenda``) read them from there.
"""
from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
from pathlib import Path

import yaml

from . import labels, render
from .i18n import has, t
from .model import STEPS

AGENDA_FILE = Path(__file__).resolve().parent.parent / "data" / "agenda.yaml"

#: the blocks of the agenda (data/agenda.yaml): check-in, the five steps, the debrief
title = labels.kind("agenda", "agenda.{}", STEPS)


@dataclass(frozen=True)
class Block:
    key: str
    minutes: int
    part: str
    start: dt.datetime
    end: dt.datetime

    def title(self, lang: str | None = None) -> str:
        return title(self.key, lang)


def load_blocks(path: Path | None = None) -> list[dict]:
    """The blocks of ``path`` (default: ``data/agenda.yaml``), read each time: a changed line shows at once."""
    data = yaml.safe_load((path or AGENDA_FILE).read_text(encoding="utf-8")) or {}
    blocks = data.get("blocks") or []
    out = []
    for b in blocks:
        minutes = int(b["minutes"])
        if minutes <= 0:
            raise ValueError(f"block {b['key']}: minutes must be positive")
        out.append({"key": str(b["key"]), "minutes": minutes, "part": str(b.get("part", "steps"))})
    return out


def schedule(start: dt.datetime, blocks: list[dict] | None = None) -> list[Block]:
    """Each block with its start and end, one after the other from ``start``."""
    blocks = load_blocks() if blocks is None else blocks
    out, at = [], start
    for b in blocks:
        end = at + dt.timedelta(minutes=b["minutes"])
        out.append(Block(b["key"], b["minutes"], b["part"], at, end))
        at = end
    return out


def total_minutes(blocks: list[dict] | None = None) -> int:
    return sum(b["minutes"] for b in (load_blocks() if blocks is None else blocks))


def minutes_of(key: str, blocks: list[dict] | None = None) -> int | None:
    """The minutes of the block ``key`` (``None`` when the agenda has no such block)."""
    return next((b["minutes"] for b in (load_blocks() if blocks is None else blocks) if b["key"] == key), None)


def _hm(minutes: float) -> str:
    whole = int(round(minutes))
    return f"{whole // 60}:{whole % 60:02d}"


def _handout(lang: str):
    """The printout's words: ``handout.<key>`` in ``lang``."""
    return lambda key, **kw: t("handout." + key, lang, **kw)


#: The clock of the printout without a start time (its clock column is left blank to fill in).
_NO_START = dt.datetime(2000, 1, 1)


def printable(lang: str, start: dt.datetime | None = None, blocks: list[dict] | None = None) -> str:
    """The printable one-page agenda (``helpers/templates/agenda.html``): A4, a print stylesheet, no
    external resources. Without ``start`` the clock column is left blank to fill in."""
    blocks = load_blocks() if blocks is None else blocks
    rows, offset = [], 0.0
    for b in schedule(start or _NO_START, blocks):
        rows.append({"block": b, "title": b.title(lang), "offset": f"{_hm(offset)}–{_hm(offset + b.minutes)}",
                     "css": b.part if b.part in ("start", "steps", "debrief") else "other",
                     "known": has(f"handout.blocks.{b.key}.what", lang)})
        offset += b.minutes
    return render.render("agenda.html", lang, rows=rows, start=start, total=total_minutes(blocks),
                         h=_handout(lang))
