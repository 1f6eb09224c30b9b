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
    #: seconds the session runs behind its plan (negative: ahead): time added, pauses, skips
    behind: float = 0.0
    #: seconds added to the current block (+time)
    added: float = 0.0

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
        self._start_clock: float | None = None   # clock value at the start
        self._finish_clock: float | None = None  # clock value when the last block ended
        self.extra = [0.0] * len(self.blocks)     # seconds added to each block (+time)
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
        self._start_clock = self._anchor
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
        if self.index + 1 >= len(self.blocks):
            self._finish_clock = now
        self._end_block(self.index, "skip", self._done + spent)
        self._done += spent
        self._base = 0.0
        if self._anchor is not None:
            self._anchor = now
        self._next()

    def add_time(self, seconds: float, now: float | None = None) -> None:
        """Give the current block ``seconds`` more (+time); the blocks after it move later."""
        if self.status in (IDLE, FINISHED) or not seconds > 0:
            return
        self._advance(self._now(now))
        if self.status != FINISHED:
            self.extra[self.index] += float(seconds)

    # -- sharing ---------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """Everything needed to carry on elsewhere (JSON-ready). Clock values are the clock's own:
        share a timer between processes only with a wall clock such as ``time.time``."""
        return {"version": 1, "status": self.status, "index": self.index, "base": self._base,
                "anchor": self._anchor, "done": self._done, "extra": list(self.extra),
                "start_clock": self._start_clock, "finish_clock": self._finish_clock,
                "started_at": self.started_at.isoformat() if self.started_at else None,
                "blocks": [{"key": b["key"], "minutes": b["minutes"], "part": b["part"]} for b in self.blocks]}

    def restore(self, data: dict) -> None:
        """Carry on from :meth:`to_dict` (blocks included). Block ends that happened meanwhile are
        not reported as events. Raises ``ValueError`` for data that does not fit."""
        try:
            blocks = Timer(data["blocks"]).blocks
            status = data["status"]
            index = int(data["index"])
            extra = [float(x) for x in data["extra"]]
            if status not in (IDLE, RUNNING, PAUSED, FINISHED) or not 0 <= index < len(blocks) \
                    or len(extra) != len(blocks):
                raise ValueError(status)
            base, done = float(data["base"]), float(data["done"])
            anchor, start, finish = (None if data.get(k) is None else float(data[k])
                                     for k in ("anchor", "start_clock", "finish_clock"))
            started = dt.datetime.fromisoformat(data["started_at"]) if data.get("started_at") else None
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ValueError(t("timer.bad_state")) from err
        self.blocks, self.status, self.index, self.extra = blocks, status, index, extra
        self._base, self._done, self._anchor = base, done, anchor
        self._start_clock, self._finish_clock, self.started_at = start, finish, started
        self._advance(self._now(None))
        self._pending = []

    # -- reading ---------------------------------------------------------------------------------------
    def state(self, now: float | None = None, lang: str | None = None) -> TimerState:
        """The timer at ``now`` (default: the clock). Moves on past blocks whose time is up; the
        ``events`` of the result are the block ends since the previous call, each reported once."""
        now = self._now(now)
        self._advance(now)
        plan = self.plan(lang)
        block = plan[self.index]
        duration = self._duration(self.index)
        spent = min(self._block_elapsed(now), duration)
        if self.status == FINISHED:
            spent = duration
        remaining = max(0.0, duration - spent)
        events, self._pending = tuple(self._pending), []
        return TimerState(status=self.status, index=self.index, key=block.key, title=block.title,
                          remaining=remaining, block_elapsed=spent,
                          elapsed=self._done + (0.0 if self.status == FINISHED else spent),
                          total=self.total_seconds, plan=plan, events=events,
                          behind=self._behind(now, remaining, plan), added=self.extra[self.index])

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
        return self.blocks[index]["minutes"] * 60.0 + self.extra[index]

    def _behind(self, now: float, remaining: float, plan: tuple[PlannedBlock, ...]) -> float:
        """Seconds between the end the session is heading for and its planned end (clock time:
        a pause counts, so do time added and blocks ended early)."""
        if self._start_clock is None or self.status == IDLE:
            return 0.0
        planned_end = self._start_clock + self.total_seconds
        if self.status == FINISHED:
            return (self._finish_clock if self._finish_clock is not None else now) - planned_end
        rest = sum(b.duration for b in plan[self.index + 1:])
        return now + remaining + rest - planned_end

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
            self._finish_clock = self._anchor if self._anchor is not None else self._finish_clock
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
