"""The workshop agenda: blocks with minutes, start times computed from a start time."""
from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
from pathlib import Path

import yaml

from . import labels
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


def load_blocks(path: Path = AGENDA_FILE) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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
