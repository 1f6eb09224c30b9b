"""Pacing: the agenda timer of the trainer's view, shared through the room's folder.

The trainer's timer (:class:`helpers.timer.Timer` on the wall clock, ``time.time``) is written to
``.timer.json`` in the results folder on every command (start, pause, +time, next part, reset). Any
other page reads it back and knows the block that runs now: a second trainer window (the projector
and the trainer's own screen), and every participant's app, which shows the block in one line.
Nothing else is shared; a missing or broken file means "no timer here", never an error.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path
import time

from .i18n import t
from .store import atomic_write, file_stamp
from .timer import FINISHED, IDLE, PAUSED, Timer, TimerState

log = logging.getLogger("helpers.pacing")

__all__ = ["FILE", "save", "load", "stamp", "now_line"]

#: the timer's file in the results folder (a dot file: never listed as a group)
FILE = ".timer.json"


def _path(folder: str | os.PathLike) -> Path:
    return Path(folder) / FILE


def save(folder: str | os.PathLike, timer: Timer) -> bool:
    """Write ``timer`` for the other pages; ``False`` (logged) when the folder cannot be written."""
    try:
        atomic_write(_path(folder), json.dumps(timer.to_dict()).encode("utf-8"))
        return True
    except OSError:
        log.warning("could not share the timer in %s", folder, exc_info=True)
        return False


def stamp(folder: str | os.PathLike) -> int | None:
    """Something that changes whenever the shared timer is written (``None``: there is none)."""
    return file_stamp(_path(folder))


def load(folder: str | os.PathLike) -> Timer | None:
    """The shared timer on the wall clock, carried on to now, or ``None`` (no file, or a broken one)."""
    try:
        data = json.loads(_path(folder).read_bytes())
        timer = Timer(data["blocks"], clock=time.time)
        timer.restore(data)
        return timer
    except (OSError, ValueError, KeyError, TypeError) as err:
        if not isinstance(err, FileNotFoundError):
            log.warning("the shared timer in %s cannot be read: %s", folder, err)
        return None


def now_line(state: TimerState | None, lang: str | None = None) -> str:
    """The block that runs now in one sentence for a participant ("" before the start and after the
    end): its title, the minutes left and what comes next."""
    if state is None or state.status in (IDLE, FINISHED):
        return ""
    minutes = max(1, round(state.remaining / 60))
    text = t("pacing.now", lang, number=state.index + 1, blocks=len(state.plan), title=state.title,
             minutes=minutes)
    if state.status == PAUSED:
        text += " " + t("pacing.paused", lang)
    elif state.next_block is not None:
        text += " " + t("pacing.next", lang, title=state.next_block.title)
    return text
