"""The agenda timer: the state machine with a fake clock, and the widget clicked as a trainer would."""
from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re
import string
import time
import wave

import pytest

from helpers import agenda
from helpers.i18n import catalogue, t
from helpers.timer import FINISHED, IDLE, PAUSED, RUNNING, Timer, beep_wav, mmss

NINE = dt.datetime(2026, 11, 23, 9, 0)
AGENDA_90 = agenda.load_blocks()
AGENDA_45 = [{"key": "checkin", "minutes": 5, "part": "start"}] + [
    {"key": k, "minutes": 6, "part": "steps"} for k in ("audience", "goals", "channels", "content", "team")
] + [{"key": "debrief", "minutes": 10, "part": "debrief"}]


class FakeClock:
    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


def make(clock, blocks=None) -> Timer:
    return Timer(AGENDA_90 if blocks is None else blocks, clock=clock, wall=lambda: NINE)


# -- the state machine ---------------------------------------------------------------------------------

def test_the_real_agenda_is_ten_five_times_twelve_twenty():
    assert [b["minutes"] for b in AGENDA_90] == [10, 12, 12, 12, 12, 12, 20]
    assert make(FakeClock()).total_seconds == 90 * 60


def test_before_start_nothing_runs(clock):
    timer = make(clock)
    clock.advance(500)
    s = timer.state()
    assert (s.status, s.index, s.key, s.remaining, s.elapsed, s.events) == (IDLE, 0, "checkin", 600, 0, ())


def test_start_counts_down(clock):
    timer = make(clock)
    timer.start()
    clock.advance(61.5)
    s = timer.state()
    assert s.status == RUNNING and s.key == "checkin"
    assert s.remaining == pytest.approx(600 - 61.5) and s.elapsed == pytest.approx(61.5)
    assert mmss(s.remaining) == "08:59"
    assert s.title == t("agenda.checkin") and not s.just_ended


def test_time_runs_into_the_next_block_and_the_end_is_reported_once(clock):
    timer = make(clock)
    timer.start()
    clock.advance(600 + 30)  # 30 s into step 1
    s = timer.state()
    assert (s.index, s.key) == (1, "audience")
    assert s.remaining == pytest.approx(12 * 60 - 30) and s.elapsed == pytest.approx(630)
    assert s.just_ended and [(e.key, e.reason, e.next_index) for e in s.events] == [("checkin", "time", 1)]
    assert s.events[0].elapsed == pytest.approx(600)
    again = timer.state()
    assert again.events == () and not again.just_ended  # cue once


def test_several_blocks_can_end_between_two_reads(clock):
    timer = make(clock)
    timer.start()
    clock.advance(600 + 720 + 720 + 5)
    s = timer.state()
    assert s.key == "channels" and s.remaining == pytest.approx(715)
    assert [e.key for e in s.events] == ["checkin", "audience", "goals"]


def test_pause_keeps_the_remaining_time_and_resume_goes_on(clock):
    timer = make(clock)
    timer.start()
    clock.advance(100)
    timer.pause()
    clock.advance(10_000)  # a long pause: nothing moves
    s = timer.state()
    assert s.status == PAUSED and s.index == 0 and s.remaining == pytest.approx(500) and s.events == ()
    timer.resume()
    clock.advance(20)
    s = timer.state()
    assert s.status == RUNNING and s.remaining == pytest.approx(480) and s.elapsed == pytest.approx(120)


def test_start_when_paused_resumes(clock):
    timer = make(clock)
    timer.start()
    clock.advance(100)
    timer.pause()
    clock.advance(50)
    timer.start()
    clock.advance(1)
    assert timer.state().remaining == pytest.approx(499)


def test_pause_after_a_block_ran_out_pauses_in_the_next_block(clock):
    timer = make(clock)
    timer.start()
    clock.advance(605)
    timer.pause()
    s = timer.state()
    assert s.status == PAUSED and s.key == "audience" and s.remaining == pytest.approx(715)
    assert [e.key for e in s.events] == ["checkin"]


def test_skip_goes_to_the_next_block_with_its_full_time(clock):
    timer = make(clock)
    timer.start()
    clock.advance(200)
    timer.skip()
    s = timer.state()
    assert s.key == "audience" and s.remaining == pytest.approx(720) and s.elapsed == pytest.approx(200)
    assert [(e.key, e.reason) for e in s.events] == [("checkin", "skip")] and not s.just_ended
    clock.advance(720)
    assert timer.state().key == "goals"


def test_skip_while_paused_stays_paused(clock):
    timer = make(clock)
    timer.start()
    clock.advance(30)
    timer.pause()
    timer.skip()
    clock.advance(300)
    s = timer.state()
    assert s.status == PAUSED and s.key == "audience" and s.remaining == pytest.approx(720)


def test_skip_before_start_chooses_where_to_begin(clock):
    timer = make(clock)
    timer.skip()
    timer.start()
    clock.advance(60)
    s = timer.state()
    assert s.key == "audience" and s.remaining == pytest.approx(660)


def test_finishes_after_the_last_block(clock):
    timer = make(clock)
    timer.start()
    clock.advance(90 * 60 + 100)
    s = timer.state()
    assert s.status == FINISHED and s.key == "debrief" and s.remaining == 0
    assert s.elapsed == pytest.approx(90 * 60)
    assert s.events[-1].key == "debrief" and s.events[-1].next_index is None
    assert len(s.events) == 7 and s.just_ended
    clock.advance(100)
    assert timer.state().events == ()
    timer.start()  # nothing to start once finished
    timer.skip()
    assert timer.state().status == FINISHED


def test_skipping_the_last_block_finishes(clock):
    timer = make(clock)
    timer.start()
    for _ in range(7):
        timer.skip()
    s = timer.state()
    assert s.status == FINISHED and [e.reason for e in s.events] == ["skip"] * 7


def test_reset_goes_back_to_the_start(clock):
    timer = make(clock)
    timer.start()
    clock.advance(2000)
    timer.reset()
    s = timer.state()
    assert (s.status, s.index, s.remaining, s.elapsed, s.events) == (IDLE, 0, 600, 0, ())
    assert timer.log == []


def test_planned_start_times_follow_the_agenda(clock):
    timer = make(clock)
    plan = timer.state().plan
    assert [f"{b.start:%H:%M}" for b in plan] == ["09:00", "09:10", "09:22", "09:34", "09:46", "09:58", "10:10"]
    assert f"{plan[-1].end:%H:%M}" == "10:30"
    assert [b.offset for b in plan][:3] == [0, 600, 1320]


def test_a_45_minute_agenda_gives_other_start_times(clock):
    timer = make(clock, AGENDA_45)
    plan = timer.state().plan
    assert timer.total_seconds == 45 * 60
    assert [f"{b.start:%H:%M}" for b in plan] == ["09:00", "09:05", "09:11", "09:17", "09:23", "09:29", "09:35"]
    timer.start()
    clock.advance(5 * 60 + 1)
    assert timer.state().key == "audience"


def test_changing_minutes_changes_the_plan(clock):
    longer = [dict(b) for b in AGENDA_90]
    longer[2]["minutes"] = 20
    before = [b.start for b in make(clock).plan()]
    after = [b.start for b in make(clock, longer).plan()]
    assert before[:3] == after[:3] and all(a - b == dt.timedelta(minutes=8) for a, b in zip(after[3:], before[3:]))


def test_plan_is_counted_from_the_moment_of_starting(clock):
    moments = iter([dt.datetime(2026, 1, 1, 13, 30)])
    timer = Timer(AGENDA_90, clock=clock, wall=lambda: next(moments, dt.datetime(2026, 1, 1, 23, 59)))
    timer.start()
    assert f"{timer.state().plan[1].start:%H:%M}" == "13:40"  # not the later wall time


@pytest.mark.parametrize("blocks", [[], [{"key": "x", "minutes": 0}], [{"key": "x", "minutes": "many"}],
                                    [{"minutes": 5}], [{"key": "x"}]])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_bad_agenda_is_a_plain_message(blocks, lang, monkeypatch):
    monkeypatch.setenv("WORKSHOP_LANG", lang)
    with pytest.raises(ValueError) as info:
        Timer(blocks)
    assert info.value.args[0] in {t("timer.no_blocks", lang)} | {t("timer.bad_block", lang, name=k) for k in ("x", "?")}


@pytest.mark.parametrize("seconds, text", [(0, "00:00"), (0.2, "00:01"), (59.5, "01:00"), (600, "10:00"),
                                           (3599, "59:59"), (5400, "1:30:00"), (-3, "00:00")])
def test_mmss(seconds, text):
    assert mmss(seconds) == text


def test_the_beep_is_a_short_wav():
    data = beep_wav()
    with wave.open(io.BytesIO(data)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        assert 0.25 <= w.getnframes() / w.getframerate() <= 0.35
    assert len(data) < 20_000


# -- the widget ----------------------------------------------------------------------------------------

def widget(clock, blocks=None, **kw):
    from helpers.ui.timer_form import timer_widget

    return timer_widget(blocks, clock=clock, wall=lambda: NINE, autotick=False, **kw)


def big_number(w) -> str:
    return re.search(r'role="timer"[^>]*>([^<]+)<', w.countdown.value).group(1)


def test_widget_shows_the_agenda_with_times_and_a_large_countdown(clock):
    w = widget(clock)
    assert big_number(w) == "10:00"
    assert "font-size:clamp(56px, 22vw, 112px)" in w.countdown.value  # large on a projector, whole on a phone
    for b in ("09:00", "09:10", "09:22", "10:10"):
        assert b in w.bar.value
    assert w.bar.value.count('role="listitem"') == 7
    # widths proportional to minutes
    grow = [float(g) for g in re.findall(r"flex:([\d.]+) 1 0", w.bar.value)]
    assert [round(g * 90 / 100, 2) for g in grow] == [10, 12, 12, 12, 12, 12, 20] and sum(grow) == pytest.approx(100, abs=0.01)
    assert w.bar.value.count('aria-current="step"') == 1
    assert html.escape(t("agenda.checkin")) in w.countdown.value
    assert w.audio.value == "" and w.banner.value == ""


def test_buttons_change_the_state_and_the_countdown(clock):
    w = widget(clock)
    assert w.pause_button.disabled and not w.start_button.disabled
    w.start_button.click()
    assert w.value.status == RUNNING and w.start_button.disabled and not w.pause_button.disabled
    clock.advance(75)
    w.refresh()
    assert big_number(w) == "08:45"
    w.pause_button.click()
    assert w.value.status == PAUSED and w.start_button.description == t("timer.resume")
    assert t("timer.status.paused") in w.info.value
    clock.advance(300)
    w.refresh()
    assert big_number(w) == "08:45"
    w.start_button.click()
    assert w.value.status == RUNNING and w.start_button.description == t("timer.start")
    w.skip_button.click()
    assert w.value.key == "audience" and big_number(w) == "12:00"
    assert html.escape(t("agenda.audience")) in w.countdown.value
    assert w.banner.value == ""  # a skip is the trainer's own choice: no cue
    w.reset_button.click()
    assert w.value.status == IDLE and big_number(w) == "10:00"


def test_the_end_of_a_block_shows_a_banner_and_beeps_only_with_sound_on(clock):
    w = widget(clock, cue_seconds=20)
    w.start_button.click()
    clock.advance(601)
    w.refresh()
    assert html.unescape(w.banner.value).count(t("agenda.checkin")) == 1 and 'role="alert"' in w.banner.value
    assert w.audio.value == ""  # sound is off by default
    w.sound.value = True
    clock.advance(5)
    w.refresh()
    assert w.audio.value == ""  # no block ended since
    clock.advance(720)
    w.refresh()
    assert "<audio" in w.audio.value and "autoplay" in w.audio.value
    uri = re.search(r'src="data:audio/wav;base64,([^"]+)"', w.audio.value).group(1)
    assert base64.b64decode(uri)[:4] == b"RIFF"
    assert "http" not in w.audio.value
    first = w.audio.value
    clock.advance(1)
    w.refresh()
    assert w.audio.value == ""  # played once
    clock.advance(30)
    w.refresh()
    assert w.banner.value == ""  # the banner goes after a while
    clock.advance(720)
    w.refresh()
    assert w.audio.value and w.audio.value != first  # a fresh element, so it plays again


def test_the_last_block_ending_says_the_session_is_over(clock):
    w = widget(clock)
    w.start_button.click()
    clock.advance(90 * 60 + 1)
    w.refresh()
    assert html.escape(t("timer.cue_finished")) in w.banner.value
    assert w.value.status == FINISHED and w.start_button.disabled and w.skip_button.disabled
    assert big_number(w) == "00:00"


def test_a_45_minute_agenda_in_the_widget(clock):
    w = widget(clock, AGENDA_45)
    assert big_number(w) == "05:00" and "09:35" in w.bar.value and "09:45" in w.info.value


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_text_comes_from_the_catalogue(clock, lang, monkeypatch):
    monkeypatch.setenv("WORKSHOP_LANG", lang)
    w = widget(clock)
    texts = {w.start_button.description, w.pause_button.description, w.skip_button.description,
             w.reset_button.description, w.sound.description}
    assert texts == {t(f"timer.{k}", lang) for k in ("start", "pause", "skip", "reset", "sound")}
    assert w.start_button.tooltip == t("timer.start_tip", lang)
    w.start_button.click()
    clock.advance(601)
    w.refresh()
    shown = html.unescape(w.banner.value + w.info.value + w.countdown.value + w.bar.value + w.children[0].value)
    expected = [t("timer.heading", lang), t("timer.cue", lang, ended=t("agenda.checkin", lang), current=t("agenda.audience", lang)),
                t("timer.position", lang, number=2, count=7), t("timer.status.running", lang),
                t("timer.next", lang, title=t("agenda.goals", lang), start="09:22"), t("agenda.audience", lang)]
    for text in expected:
        assert text in shown
    # what remains once every catalogue text (placeholders as wildcards) is taken out: numbers,
    # clock times and symbols only
    rest = re.sub(r"<[^>]+>", "\n", re.sub(r"<style>.*?</style>", "", shown, flags=re.S))
    for key, value in sorted(catalogue(lang).items(), key=lambda kv: -len(kv[1])):
        if key.startswith(("timer.", "agenda.")):
            pattern = "".join(re.escape(lit) + ("[^\n]*?" if name else "")
                              for lit, name, _, _ in string.Formatter().parse(value))
            rest = re.sub(pattern, " ", rest)
    assert re.fullmatch(r"[\s\d:·'’–()🔔.%-]*", rest), rest


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_broken_agenda_gives_a_message_not_a_traceback(clock, lang, monkeypatch, tmp_path):
    monkeypatch.setenv("WORKSHOP_LANG", lang)
    bad = tmp_path / "agenda.yaml"
    bad.write_text("blocks:\n  - {key: checkin, minutes: 0}\n", encoding="utf-8")
    monkeypatch.setattr(agenda, "AGENDA_FILE", bad)
    monkeypatch.setattr(agenda.load_blocks, "__defaults__", (bad,))
    w = widget(clock)
    assert w.timer is None and "data/agenda.yaml" in w.message.value
    assert html.escape(t("timer.agenda_problem", lang, reason="")[:20]) in w.message.value
    w2 = widget(clock, [])
    assert html.escape(t("timer.no_blocks", lang)) in w2.message.value


def test_the_clock_thread_ticks_and_stops_when_closed():
    from helpers.ui.timer_form import timer_widget

    fake = FakeClock()
    w = timer_widget(clock=fake, wall=lambda: NINE, interval=0.01)
    assert not w.ticking
    w.start_button.click()
    assert w.ticking
    fake.advance(65)
    deadline = time.monotonic() + 5
    while big_number(w) != "08:55" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert big_number(w) == "08:55"
    w.close()
    assert not w.ticking


def test_the_clock_thread_stops_when_paused():
    from helpers.ui.timer_form import timer_widget

    w = timer_widget(clock=FakeClock(), wall=lambda: NINE, interval=0.01)
    w.start_button.click()
    w.pause_button.click()
    deadline = time.monotonic() + 5
    while w.ticking and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not w.ticking
    w.close()


def test_an_error_while_ticking_never_reaches_the_page(monkeypatch):
    from helpers.ui.timer_form import timer_widget

    w = timer_widget(clock=FakeClock(), wall=lambda: NINE, interval=0.01)
    calls = []

    def broken(*a, **k):
        calls.append(1)
        raise RuntimeError("boom")

    w.start_button.click()
    monkeypatch.setattr(w, "refresh", broken)
    deadline = time.monotonic() + 5
    while len(calls) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(calls) >= 3 and w.ticking  # it keeps going
    w.close()
    assert not w.ticking
