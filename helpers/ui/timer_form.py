"""The agenda timer for the trainer's dashboard: the agenda as coloured blocks, a large countdown,
start / pause / next part / reset, and a cue (a banner, and a short tone when *Sound* is on) when a
block ends. The logic is :class:`helpers.timer.Timer`; this module only shows it.

The countdown is refreshed once a second by a background thread while the clock runs (ipywidgets
sends values set from a thread to the page, in JupyterLab and in Voila). The thread stops when the
clock stops and when the widget is closed; an error in it is logged, never shown as a traceback.
"""
from __future__ import annotations

import base64
import html
import itertools
import logging
import threading
import time
from typing import Callable

import ipywidgets as widgets

from pathlib import Path

from .. import agenda, labels, pacing
from ..i18n import t
from ..timer import FINISHED, IDLE, PAUSED, RUNNING, Timer, TimerState, beep_wav, mmss
from .base import message_label, safe, show_message

button_label = labels.kind("timer_button", "timer.{}", ("start", "pause", "skip", "reset"))
button_tip = labels.kind("timer_tip", "timer.{}_tip", ("start", "pause", "skip", "reset"))
status_label = labels.kind("timer_status", "timer.status.{}", (IDLE, RUNNING, PAUSED, FINISHED))

log = logging.getLogger("helpers.ui.timer")

#: Colour of a block per agenda part (``part`` in data/agenda.yaml); others are grey.
PART_COLOURS = {"start": "#5c6bc0", "steps": "#00897b", "debrief": "#c2185b"}
OTHER_COLOUR = "#757575"
#: How long (clock seconds) the banner stays after a block ended.
CUE_SECONDS = 30.0
#: The minutes of the +time buttons.
ADD_MINUTES = (1, 5)
#: Behind or ahead by less than this (seconds) is on schedule.
ON_TIME = 60.0

#: The agenda bar and the banner take the full width of the page (the HTML widget's inner box
#: otherwise shrinks to its content).
STYLE = ("<style>.workshop-timer-agenda > .widget-html-content, .workshop-timer-cue > .widget-html-content"
         " { width: 100%; }</style>")

_BEEP_URI: str | None = None


def beep_uri() -> str:
    """The tone as a ``data:`` URI (made once, in Python: nothing is fetched)."""
    global _BEEP_URI
    if _BEEP_URI is None:
        _BEEP_URI = "data:audio/wav;base64," + base64.b64encode(beep_wav()).decode("ascii")
    return _BEEP_URI


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


class TimerWidget(widgets.VBox):
    """The timer as one widget. ``value`` is the latest :class:`~helpers.timer.TimerState`."""

    def __init__(self, blocks: list[dict] | None = None, *, clock: Callable[[], float] | None = None,
                 wall=None, autotick: bool = True, interval: float = 1.0, cue_seconds: float = CUE_SECONDS,
                 shared: str | Path | None = None):
        self.message = message_label()
        #: the folder the timer is shared through (:mod:`helpers.pacing`); it then runs on the wall clock
        self.shared = Path(shared) if shared is not None else None
        self._seen: int | None = None
        self.timer: Timer | None = None
        self.autotick = autotick
        self.interval = interval
        self.cue_seconds = cue_seconds
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._cue_until: float | None = None
        self._beeps = itertools.count(1)
        self._state: TimerState | None = None
        try:
            self.timer = Timer(agenda.load_blocks() if blocks is None else blocks,
                               clock=clock or (time.time if self.shared is not None else time.monotonic), wall=wall)
        except Exception as err:  # a broken agenda file: say so in plain words, show no timer
            reason = err.args[0] if isinstance(err, ValueError) and err.args else type(err).__name__
            show_message(self.message, t("timer.agenda_problem", reason=str(reason)))
            super().__init__([widgets.HTML(f"<h3>{_esc(t('timer.heading'))}</h3>"), self.message])
            self.add_class("workshop-timer")
            return

        full = widgets.Layout(width="100%")
        self.bar = widgets.HTML(layout=full)
        self.bar.add_class("workshop-timer-agenda")
        self.banner = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.banner.add_class("workshop-timer-cue")
        self.countdown = widgets.HTML()
        self.countdown.add_class("workshop-timer-countdown")
        self.info = widgets.HTML()
        self.audio = widgets.HTML()
        self.audio.add_class("workshop-timer-audio")

        def button(key: str, style: str = "") -> widgets.Button:
            return widgets.Button(description=button_label(key), tooltip=button_tip(key),
                                  button_style=style,
                                  layout=widgets.Layout(width="auto", height="40px", margin="0 8px 0 0"))

        self.start_button = button("start", "success")
        self.pause_button = button("pause", "warning")
        self.skip_button = button("skip", "info")
        self.reset_button = button("reset")
        self.add_buttons = []
        for minutes in ADD_MINUTES:
            add = widgets.Button(description=t("timer.add", minutes=minutes), tooltip=t("timer.add_tip", minutes=minutes),
                                 layout=widgets.Layout(width="auto", height="40px", margin="0 8px 0 0"))
            add.on_click(lambda _, seconds=60.0 * minutes: self.add_time(seconds))
            self.add_buttons.append(add)
        self.sound = widgets.Checkbox(value=False, description=t("timer.sound"), indent=False,
                                      tooltip=t("timer.sound_tip"), layout=widgets.Layout(width="auto"))
        self.start_button.on_click(self._on_start)
        self.pause_button.on_click(self._on_pause)
        self.skip_button.on_click(self._on_skip)
        self.reset_button.on_click(self._on_reset)
        buttons = widgets.HBox([self.start_button, self.pause_button, *self.add_buttons, self.skip_button,
                                self.reset_button, self.sound],
                               layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        super().__init__([widgets.HTML(f"<h3>{_esc(t('timer.heading'))}</h3>{STYLE}"), self.bar, self.banner,
                          self.countdown, self.info, buttons, self.message, self.audio])
        self.add_class("workshop-timer")
        self.follow()
        self.refresh()
        if self.timer.status == RUNNING:
            self._ensure_ticking()

    # -- what the page shows ---------------------------------------------------------------------------
    @property
    def value(self) -> TimerState | None:
        return self._state

    def show_problem(self, text: str) -> None:
        show_message(self.message, text)

    def refresh(self, now: float | None = None) -> TimerState | None:
        """Read the timer at ``now`` (default: its clock) and update every part of the widget."""
        if self.timer is None:
            return None
        with self._lock:
            now = self.timer.clock() if now is None else now
            state = self.timer.state(now)
            self._state = state
            ended = [e for e in state.events if e.reason == "time"]
            if ended:
                self._cue_until = now + self.cue_seconds
                self.banner.value = self._banner_html(state, ended[-1])
                self.audio.value = self._audio_html() if self.sound.value else ""
            else:
                self.audio.value = ""
                if self._cue_until is not None and now >= self._cue_until:
                    self._cue_until = None
                    self.banner.value = ""
            self.bar.value = self._bar_html(state)
            self.countdown.value = self._countdown_html(state)
            self.info.value = self._info_html(state)
            self.start_button.description = t("timer.resume" if state.status == PAUSED else "timer.start")
            self.start_button.disabled = state.status in (RUNNING, FINISHED)
            self.pause_button.disabled = state.status != RUNNING
            self.skip_button.disabled = state.status == FINISHED
            for add in self.add_buttons:
                add.disabled = state.status not in (RUNNING, PAUSED)
            return state

    def follow(self) -> bool:
        """Take over the shared timer when another window changed it (see :mod:`helpers.pacing`).
        Returns whether it did; block ends that happened meanwhile are not cued again."""
        if self.timer is None or self.shared is None:
            return False
        seen = pacing.stamp(self.shared)
        if seen is None or seen == self._seen:
            return False
        with self._lock:
            self._seen = seen
            other = pacing.load(self.shared)
            if other is None:
                return False
            self.timer.restore(other.to_dict())
        self.refresh()
        if self.timer.status == RUNNING:
            self._ensure_ticking()
        return True

    def _share(self) -> None:
        if self.shared is not None and pacing.save(self.shared, self.timer):
            self._seen = pacing.stamp(self.shared)

    def _bar_html(self, state: TimerState) -> str:
        cells = []
        for b in state.plan:
            colour = PART_COLOURS.get(b.part, OTHER_COLOUR)
            current = b.index == state.index and state.status != FINISHED
            done = b.index < state.index or state.status == FINISHED
            progress = ""
            if current:
                length = b.duration + state.added
                share = min(100.0, 100.0 * state.block_elapsed / length) if length else 0.0
                progress = (f'<div style="height:6px;background:rgba(255,255,255,.35);margin-top:4px">'
                            f'<div style="height:6px;width:{share:.1f}%;background:#fff"></div></div>')
            # grow factors as shares of the whole (they must add up to at least 1 to fill the row)
            share_of_day = 100.0 * b.duration / state.total
            style = (f"flex:{share_of_day:.3f} 1 0;min-width:0;background:{colour};color:#fff;padding:6px 6px 4px;"
                     f"border-radius:4px;overflow:hidden;opacity:{'0.45' if done else '1'};"
                     + ("outline:4px solid #212121;outline-offset:-4px;" if current else ""))
            mark = ' aria-current="step"' if current else ""
            cells.append(
                f'<div role="listitem" title="{_esc(b.title)} ({b.minutes:g}\')" style="{style}"{mark}>'
                f'<div style="font-weight:700">{b.start:%H:%M}</div>'
                f'<div style="font-size:12px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">'
                f'{_esc(b.title)}</div><div style="font-size:12px">{b.minutes:g}\'</div>{progress}</div>')
        return (f'<div role="list" aria-label="{_esc(t("timer.bar_label"))}" '
                f'style="display:flex;gap:3px;width:100%;font-family:sans-serif">{"".join(cells)}</div>')

    def _countdown_html(self, state: TimerState) -> str:
        colour = {PAUSED: "#757575", FINISHED: "#9e9e9e", IDLE: "#424242"}.get(state.status, "#212121")
        if state.status == RUNNING and state.remaining <= 60:
            colour = "#d84315"
        return (f'<div role="timer" aria-live="off" style="font-size:clamp(56px, 22vw, 112px);font-weight:700;line-height:1.05;'
                f'font-family:ui-monospace,Menlo,Consolas,monospace;font-variant-numeric:tabular-nums;'
                f'color:{colour}">{mmss(state.remaining)}</div>'
                f'<div style="font-size:26px;font-weight:600">{_esc(state.title)}</div>')

    def _info_html(self, state: TimerState) -> str:
        b, following = state.block, state.next_block
        lines = [f"{_esc(t('timer.position', number=state.index + 1, count=len(state.plan)))} · "
                 f"{_esc(t('timer.planned', start=f'{b.start:%H:%M}', end=f'{b.end:%H:%M}'))} · "
                 f"<b>{_esc(status_label(state.status))}</b>"]
        if state.status == FINISHED:
            lines.append(_esc(t("timer.finished")))
        elif following is not None:
            lines.append(_esc(t("timer.next", title=following.title, start=f"{following.start:%H:%M}")))
        else:
            lines.append(_esc(t("timer.last")))
        lines.append(_esc(t("timer.elapsed", elapsed=mmss(state.elapsed), total=mmss(state.total),
                            end=f"{state.plan[-1].end:%H:%M}")))
        return f'<div style="font-size:15px;line-height:1.5">{self._schedule_html(state)}{"<br>".join(lines)}</div>'

    @staticmethod
    def _schedule_html(state: TimerState) -> str:
        """Ahead of or behind the plan, in words and colour (green, amber, red), once started."""
        if state.status == IDLE:
            return ""
        minutes = round(abs(state.behind) / 60)
        if abs(state.behind) < ON_TIME or minutes == 0:
            text, colour, key = t("timer.on_time"), "#2e7d32", "on-time"
        elif state.behind > 0:
            text, key = t("timer.behind", minutes=minutes), "behind"
            colour = "#c62828" if state.behind >= 300 else "#b26a00"
        else:
            text, colour, key = t("timer.ahead", minutes=minutes), "#1565c0", "ahead"
        return (f'<div class="workshop-timer-schedule" data-schedule="{key}" style="display:inline-block;'
                f'background:{colour};color:#fff;font-weight:700;font-size:18px;padding:4px 12px;'
                f'border-radius:14px;margin:4px 0 6px">{_esc(text)}</div><br>')

    def _banner_html(self, state: TimerState, event) -> str:
        if event.next_index is None:
            text = t("timer.cue_finished")
        else:
            text = t("timer.cue", ended=state.plan[event.index].title, current=state.plan[event.next_index].title)
        return (f'<div role="alert" style="background:#ffeb3b;color:#212121;font-size:24px;font-weight:700;'
                f'padding:12px 16px;border-radius:6px;border:3px solid #f57f17">🔔 {_esc(text)}</div>')

    def _audio_html(self) -> str:
        # a fresh element each time (the counter), so every block end plays once
        return (f'<audio autoplay data-cue="{next(self._beeps)}" aria-label="{_esc(t("timer.sound_label"))}" '
                f'src="{beep_uri()}"></audio>')

    # -- buttons ---------------------------------------------------------------------------------------
    @safe
    def _on_start(self, *_):
        with self._lock:
            self.timer.start()
            self._share()
        self.refresh()
        self._ensure_ticking()

    @safe
    def _on_pause(self, *_):
        with self._lock:
            self.timer.pause()
            self._share()
        self.refresh()

    @safe
    def _on_skip(self, *_):
        with self._lock:
            self.timer.skip()
            self._share()
        self.refresh()
        self._ensure_ticking()

    @safe
    def _on_reset(self, *_):
        with self._lock:
            self.timer.reset()
            self._cue_until = None
            self.banner.value = ""
            self._share()
        self.refresh()

    @safe
    def add_time(self, seconds: float) -> None:
        """+time: the current block gets ``seconds`` more (shared with the other windows)."""
        with self._lock:
            self.timer.add_time(seconds)
            self._share()
        self.refresh()

    # -- ticking ---------------------------------------------------------------------------------------
    def _ensure_ticking(self) -> None:
        if not self.autotick or self._stop.is_set():
            return
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self._tick_loop, name="workshop-timer", daemon=True)
        self._thread.start()

    def _tick_loop(self) -> None:
        while not self._stop.wait(self.interval):
            if self.comm is None:  # closed
                return
            try:
                state = self.refresh()
            except Exception:  # never let the clock raise into the page
                log.exception("timer tick")
                continue
            if state is None or (state.status != RUNNING and self._cue_until is None):
                return

    @property
    def ticking(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def close(self) -> None:
        """Stop the clock thread, then close the widget."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2 * self.interval + 1)
        super().close()


def timer_widget(blocks: list[dict] | None = None, **options) -> TimerWidget:
    """The agenda timer; ``blocks`` default to ``data/agenda.yaml`` (see :func:`helpers.agenda.load_blocks`).

    ``options`` (for tests and special set-ups): ``clock``, ``wall``, ``autotick``, ``interval``,
    ``cue_seconds`` of :class:`TimerWidget`."""
    return TimerWidget(blocks, **options)
