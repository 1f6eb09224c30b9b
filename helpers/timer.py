"""The agenda timer: a pure state machine over the agenda's blocks, driven by an injected clock.

Time runs across blocks: when a block's time is up the timer moves on to the next block by itself
and records the end once (an event), so a widget can cue the room exactly once. Nothing here
touches widgets, threads or the real clock unless it is handed one::

    timer = Timer(agenda.load_blocks(), clock=time.monotonic)
    timer.start()
    state = timer.state()        # what to show now; state.events: blocks that ended since last call

The planned start of every block is computed from the moment the timer started (before that: from
now), so a trainer who edits ``data/agenda.yaml`` for a 45- or 120-minute session sees other times.
"""
from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import io
import math
import struct
import time
from typing import Callable, Literal
import wave

from .agenda import title as agenda_title
from .i18n import t

Status = Literal["idle", "running", "paused", "finished"]
IDLE, RUNNING, PAUSED, FINISHED = "idle", "running", "paused", "finished"


@dataclass(frozen=True)
class PlannedBlock:
    """One agenda block as planned: its offsets from the start (seconds) and its clock times."""

    index: int
    key: str
    part: str
    minutes: float
    title: str
    offset: float          # seconds from the start of the session
    duration: float        # seconds
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class TimerEvent:
    """A block ended: by its time running out (``reason="time"``) or by a skip (``"skip"``)."""

    index: int
    key: str
    reason: Literal["time", "skip"]
    elapsed: float         # total seconds on the clock of the session when it ended
    next_index: int | None  # the block that follows, ``None`` after the last one


@dataclass(frozen=True)
class TimerState:
    status: Status
    index: int
    key: str
    title: str
    remaining: float       # seconds left in the current block
    block_elapsed: float   # seconds spent in the current block
    elapsed: float         # seconds spent in the session so far (pauses not counted)
    total: float           # planned seconds of the whole session
    plan: tuple[PlannedBlock, ...]
    events: tuple[TimerEvent, ...] = ()

    @property
    def just_ended(self) -> bool:
        """A block ran out of time since the previous :meth:`Timer.state` call."""
        return any(e.reason == "time" for e in self.events)

    @property
    def block(self) -> PlannedBlock:
        return self.plan[self.index]

    @property
    def next_block(self) -> PlannedBlock | None:
        return self.plan[self.index + 1] if self.index + 1 < len(self.plan) else None


def mmss(seconds: float) -> str:
    """``seconds`` as ``mm:ss`` (``h:mm:ss`` from an hour), rounded up: 0.2 s left shows 00:01."""
    whole = max(0, math.ceil(seconds - 1e-9))
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class Timer:
    """Start, pause, resume, skip and reset over ``blocks`` (dicts with ``key``, ``minutes``, ``part``).

    ``clock`` gives seconds (monotonic); ``wall`` gives the clock time used for the planned start times.
    """

    def __init__(self, blocks: list[dict], clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], dt.datetime] | None = None):
        blocks = [dict(b) for b in blocks or []]
        if not blocks:
            raise ValueError(t("timer.no_blocks"))
        for b in blocks:
            try:
                minutes = float(b["minutes"])
            except (KeyError, TypeError, ValueError):
                raise ValueError(t("timer.bad_block", name=str(b.get("key", "?")))) from None
            if not minutes > 0 or "key" not in b:
                raise ValueError(t("timer.bad_block", name=str(b.get("key", "?"))))
            b["minutes"] = minutes
            b.setdefault("part", "steps")
        self.blocks = blocks
        self.clock = clock
        self.wall = wall or (lambda: dt.datetime.now().replace(microsecond=0))
        self.reset()

    # -- commands --------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the first block, not running, nothing elapsed."""
        self.status: Status = IDLE
        self.index = 0
        self._base = 0.0          # seconds in the current block before the last (re)start
        self._anchor: float | None = None  # clock value when the current run began
        self._done = 0.0          # seconds spent in the blocks before the current one
        self.started_at: dt.datetime | None = None
        self._pending: list[TimerEvent] = []
        self.log: list[TimerEvent] = []

    def start(self, now: float | None = None) -> None:
        """Start the session (or resume it when paused). Does nothing when running or finished."""
        if self.status == PAUSED:
            self.resume(now)
            return
        if self.status != IDLE:
            return
        self.status = RUNNING
        self._anchor = self._now(now)
        self.started_at = self.wall()

    def pause(self, now: float | None = None) -> None:
        if self.status != RUNNING:
            return
        now = self._now(now)
        self._advance(now)
        if self.status == RUNNING:
            self._base += now - self._anchor
            self._anchor = None
            self.status = PAUSED

    def resume(self, now: float | None = None) -> None:
        if self.status != PAUSED:
            return
        self._anchor = self._now(now)
        self.status = RUNNING

    def skip(self, now: float | None = None) -> None:
        """End the current block now and go to the next one (after the last: finished)."""
        if self.status == FINISHED:
            return
        now = self._now(now)
        self._advance(now)
        if self.status == FINISHED:
            return
        spent = self._block_elapsed(now)
        self._end_block(self.index, "skip", self._done + spent)
        self._done += spent
        self._base = 0.0
        if self._anchor is not None:
            self._anchor = now
        self._next()

    # -- reading ---------------------------------------------------------------------------------------
    def state(self, now: float | None = None, lang: str | None = None) -> TimerState:
        """The timer at ``now`` (default: the clock). Moves on past blocks whose time is up; the
        ``events`` of the result are the block ends since the previous call, each reported once."""
        now = self._now(now)
        self._advance(now)
        plan = self.plan(lang)
        block = plan[self.index]
        spent = min(self._block_elapsed(now), block.duration)
        if self.status == FINISHED:
            spent = block.duration
        events, self._pending = tuple(self._pending), []
        return TimerState(status=self.status, index=self.index, key=block.key, title=block.title,
                          remaining=max(0.0, block.duration - spent), block_elapsed=spent,
                          elapsed=self._done + (0.0 if self.status == FINISHED else spent),
                          total=self.total_seconds, plan=plan, events=events)

    @property
    def total_seconds(self) -> float:
        return sum(b["minutes"] for b in self.blocks) * 60.0

    def plan(self, lang: str | None = None) -> tuple[PlannedBlock, ...]:
        """Every block with its offset and its planned clock times, from the start (or from now)."""
        start = self.started_at or self.wall()
        out, offset = [], 0.0
        for i, b in enumerate(self.blocks):
            duration = b["minutes"] * 60.0
            out.append(PlannedBlock(i, b["key"], b["part"], b["minutes"], agenda_title(b["key"], lang),
                                    offset, duration, start + dt.timedelta(seconds=offset),
                                    start + dt.timedelta(seconds=offset + duration)))
            offset += duration
        return tuple(out)

    # -- internals -------------------------------------------------------------------------------------
    def _now(self, now: float | None) -> float:
        return self.clock() if now is None else now

    def _duration(self, index: int) -> float:
        return self.blocks[index]["minutes"] * 60.0

    def _block_elapsed(self, now: float) -> float:
        if self.status == RUNNING and self._anchor is not None:
            return self._base + max(0.0, now - self._anchor)
        return self._base

    def _advance(self, now: float) -> None:
        """Move past every block whose time ran out by ``now``, recording each end once."""
        while self.status == RUNNING:
            over = self._block_elapsed(now) - self._duration(self.index)
            if over < 0:
                return
            self._done += self._duration(self.index)
            self._end_block(self.index, "time", self._done)
            # the time beyond the end belongs to the next block
            self._base = 0.0
            self._anchor = now - over
            self._next()

    def _end_block(self, index: int, reason: str, elapsed: float) -> None:
        following = index + 1 if index + 1 < len(self.blocks) else None
        event = TimerEvent(index, self.blocks[index]["key"], reason, elapsed, following)
        self._pending.append(event)
        self.log.append(event)

    def _next(self) -> None:
        if self.index + 1 < len(self.blocks):
            self.index += 1
        else:
            self.status = FINISHED
            self._anchor = None
            self._base = self._duration(self.index)


def beep_wav(seconds: float = 0.3, frequency: float = 880.0, rate: int = 16000, volume: float = 0.5) -> bytes:
    """A short sine tone as a WAV file (16-bit mono), with a soft start and end so it does not click."""
    frames = int(seconds * rate)
    fade = max(1, int(0.02 * rate))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        samples = []
        for i in range(frames):
            envelope = min(1.0, i / fade, (frames - 1 - i) / fade)
            samples.append(int(32767 * volume * envelope * math.sin(2 * math.pi * frequency * i / rate)))
        w.writeframes(struct.pack(f"<{frames}h", *samples))
    return out.getvalue()
