"""The trainer's projector view without a browser: +time and ahead/behind on the clock, the clock
shared through the folder (a second trainer window and every participant's app follow it), and
moderation (a word, a Rose card or a group kept off the screen, nothing deleted)."""
from __future__ import annotations

import json
import re
import time

import pytest

from helpers import classroom, moderation, pacing
from helpers.i18n import t
from helpers.moderation import Moderation
from helpers.store import Workspace
from helpers.timer import FINISHED, PAUSED, RUNNING, Timer
from helpers.ui import FORMS
from helpers.ui import dashboard_form as dfm
from helpers.ui.app_form import WorkshopApp
from helpers.ui.timer_form import TimerWidget
from tests.factories import make_class
from tests.test_timer import AGENDA_90, NINE, FakeClock, make


# -- the clock: +time and how far ahead or behind ----------------------------------------------------

def test_time_added_lengthens_the_block_and_puts_the_session_behind():
    clock = FakeClock()
    timer = make(clock)
    timer.add_time(300)                       # before the start: nothing to lengthen
    assert timer.state().remaining == 600 and timer.state().behind == 0
    timer.start()
    clock.advance(120)
    timer.add_time(300)
    state = timer.state()
    assert state.remaining == 600 - 120 + 300
    assert state.behind == pytest.approx(300) and state.added == 300
    clock.advance(state.remaining - 1)
    assert timer.state().index == 0           # the block is still running in its extra time
    clock.advance(2)
    state = timer.state()
    assert state.index == 1 and state.remaining == pytest.approx(12 * 60 - 1)
    assert state.behind == pytest.approx(300)  # the next blocks moved later, none got shorter


def test_a_pause_puts_the_session_behind_and_a_skip_ahead():
    clock = FakeClock()
    timer = make(clock)
    timer.start()
    clock.advance(60)
    timer.pause()
    clock.advance(240)
    assert timer.state().status == PAUSED and timer.state().behind == pytest.approx(240)
    timer.resume()
    clock.advance(60)
    timer.skip()                               # 2 of 10 minutes used: 8 saved, 4 paused
    assert timer.state().behind == pytest.approx(240 - 480)


def test_the_last_block_ending_keeps_how_late_the_session_ended():
    clock = FakeClock()
    timer = make(clock)
    timer.start()
    timer.add_time(120)
    clock.advance(90 * 60 + 120 + 500)
    state = timer.state()
    assert state.status == FINISHED
    assert state.behind == pytest.approx(120)  # it ended at the end, however long ago


def test_a_timer_carries_on_elsewhere_from_its_dict():
    clock = FakeClock()
    timer = make(clock)
    timer.start()
    clock.advance(700)                          # into block 2
    timer.add_time(60)
    data = json.loads(json.dumps(timer.to_dict()))
    other = Timer([{"key": "checkin", "minutes": 1}], clock=clock)
    other.restore(data)
    mine, theirs = timer.state(), other.state()
    assert (theirs.index, theirs.remaining, theirs.behind, theirs.status) == \
        (mine.index, mine.remaining, mine.behind, mine.status)
    assert theirs.events == ()                  # the end of block 1 was cued where it happened
    with pytest.raises(ValueError, match=re.escape(t("timer.bad_state"))):
        other.restore({"blocks": data["blocks"], "status": "dancing"})


def test_the_widget_shows_ahead_and_behind_in_words_and_colour():
    clock = FakeClock()
    widget = TimerWidget(AGENDA_90, clock=clock, wall=lambda: NINE, autotick=False)
    assert "data-schedule" not in widget.info.value              # not started: nothing to say
    widget._on_start()
    assert 'data-schedule="on-time"' in widget.info.value and t("timer.on_time") in widget.info.value
    add_five = widget.add_buttons[1]
    assert add_five.description == t("timer.add", minutes=5) and not add_five.disabled
    add_five.click()
    assert 'data-schedule="behind"' in widget.info.value
    assert t("timer.behind", minutes=5) in widget.info.value
    assert "15:00" in widget.countdown.value
    widget.skip_button.click()
    assert t("timer.ahead", minutes=10) in widget.info.value
    widget.close()


# -- the clock shared through the folder ---------------------------------------------------------------

def test_the_shared_clock_reaches_a_second_window_and_survives_a_reload(tmp_path):
    first = TimerWidget(AGENDA_90, shared=tmp_path, autotick=False)
    assert pacing.load(tmp_path) is None                   # nothing shared before a command
    first._on_start()
    first.add_time(300)
    second = TimerWidget(AGENDA_90, shared=tmp_path, autotick=False)   # another window, or a reload
    assert second.timer.status == RUNNING
    assert second.value.remaining == pytest.approx(first.refresh().remaining, abs=2)
    second._on_pause()
    assert first.follow() is True and first.timer.status == PAUSED
    assert first.follow() is False                          # nothing new since
    first.close()
    second.close()


def test_a_broken_clock_file_means_no_clock(tmp_path):
    (tmp_path / pacing.FILE).write_text("{half")
    assert pacing.load(tmp_path) is None
    widget = TimerWidget(AGENDA_90, shared=tmp_path, autotick=False)
    assert widget.timer.status == "idle" and widget.message.value == ""
    widget.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_participant_line_names_the_block_the_minutes_left_and_what_comes_next(lang):
    clock = FakeClock()
    timer = make(clock)
    assert pacing.now_line(timer.state(lang=lang), lang) == ""
    timer.start()
    clock.advance(10 * 60 + 30)
    line = pacing.now_line(timer.state(lang=lang), lang)
    blocks = timer.plan(lang)
    assert line == t("pacing.now", lang, title=blocks[1].title, number=2, blocks=7, minutes=12) + " " + \
        t("pacing.next", lang, title=blocks[2].title)
    timer.pause()
    assert pacing.now_line(timer.state(lang=lang), lang).endswith(t("pacing.paused", lang))


def test_every_participants_app_shows_the_block_that_runs_now(session):
    app = WorkshopApp(FORMS, session)
    assert app.update_pace() == "" and app.pace.value == ""
    timer = Timer(AGENDA_90, clock=time.time)
    timer.start()
    pacing.save(session.workspace.root, timer)
    line = app.update_pace()
    assert line.startswith(t("pacing.now", title=timer.plan()[0].title, number=1, blocks=7, minutes=10)[:20])
    assert "⏱" in app.pace.value and line in app.pace.value.replace("&#x27;", "'")
    timer.skip()
    pacing.save(session.workspace.root, timer)
    app.next.click()                                  # the participant moves on: the line follows
    assert timer.plan()[1].title in app.pace.value
    app.close()


# -- moderation -----------------------------------------------------------------------------------------

def test_moderation_is_kept_in_the_folder_and_a_broken_file_hides_nothing(tmp_path):
    assert moderation.load(tmp_path) == Moderation()
    m = Moderation().hide("words", "saai").hide("groups", "groep-1").hide("cards", "abc")
    moderation.save(tmp_path, m)
    assert moderation.load(tmp_path) == m and len(m) == 3
    assert moderation.load(tmp_path).hide("words", "saai", False).words == frozenset()
    (tmp_path / moderation.FILE).write_text("[1, 2]")
    assert moderation.load(tmp_path) == Moderation()
    with pytest.raises(ValueError):
        m.hide("people", "x")


@pytest.fixture
def room(tmp_path):
    return make_class(tmp_path / "room", n=8, seed=4, corrupt=False, hostile=False)


def test_a_hidden_word_card_or_group_leaves_the_screen_and_nothing_is_deleted(room):
    folder = room.folder
    before = {p.name: p.read_bytes() for p in folder.glob("[!.]*.json")}
    dash = dfm.dashboard(folder, lang="nl", auto=False)
    cls = dash.value
    word = classroom.words(cls)[0][0]
    card = classroom.rose_cards(cls)[0]
    slug = cls.groups[-1][0]
    name = cls.name(slug)
    twins = sum(1 for c in classroom.rose_cards(cls) if c.text == card.text)
    assert f">{word}<" in dash.words.value and dash.rose.value.count(card.text) == twins
    assert name in dash.progress.value and slug in [s for _, s in dash.group.options]

    dash.moderation_panel.box("words", word).value = True          # as the trainer ticks the boxes
    dash.moderation_panel.box("cards", card.card).value = True
    dash.moderation_panel.box("groups", slug).value = True
    assert f">{word}<" not in dash.words.value
    assert dash.rose.value.count(card.text) == twins - 1
    assert name not in dash.progress.value and name not in dash.rose.value
    assert slug not in [s for _, s in dash.group.options]
    assert t("dashboard.summary_hidden", "nl", count=3) in dash.status.value
    assert {p.name: p.read_bytes() for p in folder.glob("[!.]*.json")} == before   # nothing written to a group
    assert len(classroom.read_class(folder)) == len(cls)
    assert moderation.load(folder).groups == {slug}

    projector = dfm.dashboard(folder, lang="nl", auto=False)        # a second window on the folder
    assert f">{word}<" not in projector.words.value and name not in projector.progress.value
    dash.moderation_panel.box("groups", slug).value = False         # shown again
    assert projector._follow_moderation() is True
    projector.refresh()
    assert name in projector.progress.value and name in dash.progress.value
    dash.close()
    projector.close()


def test_a_hidden_card_comes_back_when_its_group_rewrites_it(room):
    folder = room.folder
    dash = dfm.dashboard(folder, lang="en", auto=False)
    card = classroom.rose_cards(dash.value)[0]
    dash.hide("cards", card.card)
    assert card.card in dash.moderation.cards
    group = dash.value.get(card.slug).group
    Workspace(folder).update(group, {f"debrief.{card.kind}": "Something new to say"})
    dash.refresh()
    assert "Something new to say" in dash.rose.value


def test_presentation_mode_hides_the_trainers_controls_and_tabs(room):
    dash = dfm.dashboard(room.folder, lang="en", auto=False)
    dash.tabs.selected_index = dfm.TABS.index("moderate")
    dash.projector.value = True
    assert "wsm-projecting" in dash._dom_classes
    assert dfm.TABS[dash.tabs.selected_index] not in dfm.TRAINER_TABS
    assert dash.projector.description == t("dashboard.projector_off", "en")
    for k in dfm.TRAINER_TABS:
        assert f".lm-TabBar-tab:nth-child({dfm.TABS.index(k) + 1}) {{ display: none; }}" in dfm.STYLE
    dash.projector.value = False
    assert "wsm-projecting" not in dash._dom_classes
    dash.close()


# -- make trainer --------------------------------------------------------------------------------------

def test_the_trainers_view_is_app_mode_on_this_laptop_only_on_the_rooms_folder(tmp_path):
    from helpers import app, room, trainer

    cmd = trainer.command(8867, "en")
    assert cmd[:4] == [app.sys.executable, "-m", "voila", str(trainer.TRAINER_NOTEBOOK)]
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=8867" in cmd
    assert "--VoilaConfiguration.preheat_kernel=True" in cmd       # live at once: no Run All
    assert trainer.TRAINER_NOTEBOOK.exists()
    cells = json.loads(trainer.TRAINER_NOTEBOOK.read_text())["cells"]
    assert [c["source"] for c in cells if c["cell_type"] == "code"] == [["from helpers import ui\n", "ui.dashboard()"]]
    env = trainer.environment("en", tmp_path, base={})
    assert env["WORKSHOP_SHARED_DIR"] == str(tmp_path) and env["WORKSHOP_LANG"] == "en"
    expected = room.ROOM_FOLDER if room.ROOM_FOLDER.is_dir() else classroom.results_dir()
    assert trainer.folder(None) == expected
    makefile = (app.PROJECT_ROOT / "Makefile").read_text()
    recipe = makefile.split("\ntrainer:", 1)[1].split("\n\n", 1)[0]
    assert "-m helpers trainer" in recipe and "--folder $(ROOM)" in recipe


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_make_trainer_says_what_is_wrong_in_a_sentence(lang, tmp_path, capsys, monkeypatch):
    import socket

    from helpers import app, trainer

    assert trainer.serve(port=8867, lang=lang, results=tmp_path / "missing", open_browser=False) == 2
    err = capsys.readouterr().err
    assert err.strip() == t("trainer.no_folder", lang, path=str(tmp_path / "missing"))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert trainer.serve(port=port, lang=lang, results=tmp_path, open_browser=False) == 2
    err = capsys.readouterr().err
    assert err.strip() == t("trainer.port_busy", lang, port=port, other=port + 1)
    assert "Traceback" not in err


# -- the room's kernels -----------------------------------------------------------------------------

def test_a_rooms_pool_refills_one_lower_each_time_down_to_two():
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    from helpers import room, room_kernels

    assert "--VoilaConfiguration.multi_kernel_manager_class=helpers.room_kernels.RoomKernelManager" in \
        room.command(8866, "ABCDEF")
    # Voila's own pooling class, built on the room's base class, has its refill adjusted
    voila_class = voila_kernel_manager_factory(room_kernels.RoomKernelManager, True, 5)
    assert voila_class.fill_if_needed.__wrapped__.__qualname__.startswith("voila_kernel_manager_factory")

    class Pool(room_kernels.RoomKernelManager):      # Voila's pool logic, in miniature
        def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
            config = self.kernel_pools_config.get(notebook_name, self.kernel_pools_config["default"])
            while len(self.pool) < config["pool_size"]:
                self.pool.append("kernel")

    manager = Pool.__new__(Pool)
    manager.__dict__.update(kernel_pools_config={"default": {"pool_size": 5}}, pool=[])
    Pool.fill_if_needed(manager, delay=0, notebook_name="app.ipynb")     # the start: 5 ahead
    assert len(manager.pool) == 5
    sizes = []
    for _ in range(7):                                                   # 7 participants come
        manager.pool.pop()
        Pool.fill_if_needed(manager, delay=None, notebook_name="app.ipynb")
        sizes.append(len(manager.pool))
    assert sizes == [4, 3, 2, 2, 2, 2, 2]


def test_a_line_break_in_an_answer_is_a_line_break_in_a_table_never_a_literal_backslash_n():
    import pandas as pd

    out = dfm.table_html(pd.DataFrame({"goal": ["Meer volgers\nop Instagram"]}), "nl")
    assert "\\n" not in out and "Meer volgers\nop Instagram" in out
    assert "white-space: pre-wrap" in dfm.STYLE       # shown as two lines
