"""The trainer's projector view (``make trainer``) in real browsers: two windows on one room folder
(one steering, one in presentation mode for the projector), the clock with +time and ahead/behind,
moderation (a word, a Rose card and a group kept off the screen), a participant's save on the
screen within 3 s, pictures at 1280x720, 1024x768 and a phone, in both languages; and the block
that runs now in a participant's app. Nothing is fetched from outside."""
from __future__ import annotations

import time

import pytest

from helpers import classroom, pacing, trainer
from helpers.i18n import t
from helpers.moderation import Moderation
from helpers.store import Workspace
from helpers.timer import Timer
from tests.factories import make_class

from .conftest import (Server, _isolated_env, _start, app_part, free_port, local_context, open_app, record_timing,
                       screenshot)

pytestmark = pytest.mark.browser

SIZES = {"1280x720": (1280, 720), "1024x768": (1024, 768), "390x844": (390, 844)}


def _trainer(tmp_path_factory, lang: str):
    from helpers import app

    base = tmp_path_factory.mktemp(f"trainer-{lang}")
    made = make_class(base / "room", n=10, seed=7, corrupt=False, hostile=False)
    port = free_port()
    env = trainer.environment(lang, made.folder, base=_isolated_env(base, made.folder, lang))
    log = base / "server.log"
    proc = _start(f"trainer ({lang})", trainer.command(port, lang), env, base, app.url(port), log)
    yield Server(f"trainer-{lang}", app.url(port), base, made.folder, proc, log)
    app.stop(proc, grace=15)


@pytest.fixture(scope="module")
def trainer_nl(chromium, tmp_path_factory):
    yield from _trainer(tmp_path_factory, "nl")


@pytest.fixture(scope="module")
def trainer_en(chromium, tmp_path_factory):
    yield from _trainer(tmp_path_factory, "en")


def _window(browser, offsite, server: Server, size=(1280, 720)):
    context = local_context(browser, offsite, *size)
    page = context.new_page()
    page.set_default_timeout(60_000)
    opened = time.monotonic()
    page.goto(server.base_url, wait_until="commit")
    page.locator(".wsm-dashboard .wsm-dashboard-status").filter(has_text=":").wait_for()
    record_timing(f"{server.name}: the class on the screen after opening", time.monotonic() - opened)
    return context, page


def _tab(page, key: str, lang: str) -> None:
    page.locator(".lm-TabBar-tab", has_text=t(f"dashboard.tab.{key}", lang)).first.click()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_two_trainer_windows_share_the_clock_and_what_is_hidden(lang, browser, request):
    server = request.getfixturevalue(f"trainer_{lang}")
    offsite: list[str] = []
    steer_ctx, steer = _window(browser, offsite, server)
    screen_ctx, screen = _window(browser, offsite, server)
    try:
        cls = classroom.read_class(server.workspace)
        hidden_slug, shown_slug = cls.groups[0][0], cls.groups[4][0]   # group 5 has barely started
        card = next(c for c in classroom.rose_cards(cls) if c.slug != hidden_slug)
        shown = classroom.moderated(cls, Moderation(groups=frozenset({hidden_slug})))
        word = classroom.words(shown)[0][0]
        hidden_name = cls.name(hidden_slug)

        # the projector window: presentation mode hides the trainer's controls and two tabs
        screen.get_by_role("button", name=t("dashboard.projector", lang)).click()
        screen.get_by_role("button", name=t("dashboard.projector_off", lang)).wait_for()
        assert not screen.get_by_role("button", name=t("dashboard.refresh", lang)).is_visible()
        assert not screen.locator(".lm-TabBar-tab", has_text=t("dashboard.tab.moderate", lang)).is_visible()
        assert not screen.locator(".lm-TabBar-tab", has_text=t("dashboard.tab.files", lang)).is_visible()

        # the clock: started and given 5 minutes in the steering window, shown on the projector
        steer.get_by_role("button", name=t("timer.start", lang)).click()
        steer.get_by_role("button", name=t("timer.add", lang, minutes=5)).click()
        behind = t("timer.behind", lang, minutes=5)
        steer.get_by_text(behind).wait_for()
        screen.get_by_text(behind).wait_for(timeout=10_000)
        assert screen.locator('[data-schedule="behind"]').is_visible()
        assert screen.get_by_role("timer").inner_text().startswith(("14:", "15:00"))

        # moderation in the steering window, ticked as a trainer does
        _tab(steer, "moderate", lang)
        steer.get_by_role("checkbox", name=hidden_name, exact=True).check()
        steer.get_by_text(t("moderation.count", lang, count=1)).wait_for()
        steer.locator(".wsm-moderation .widget-checkbox", has_text=f"{word} (").get_by_role("checkbox").check()
        steer.get_by_text(t("moderation.count", lang, count=2)).wait_for()
        steer.locator(".wsm-moderation .widget-checkbox", has_text=f"{card.group} · ").filter(
            has_text=card.text[:40]).get_by_role("checkbox").check()
        steer.get_by_text(t("moderation.count", lang, count=3)).wait_for()

        _tab(screen, "checkin", lang)
        screen.locator(".wsm-words span").first.wait_for()
        screen.wait_for_function("w => ![...document.querySelectorAll('.wsm-words span')].some("
                                 "e => e.textContent.trim() === w)", arg=word, timeout=10_000)
        assert screen.locator(".wsm-words span").count() == len(classroom.words(shown)) - 1
        _tab(screen, "rose", lang)
        rose = screen.locator(".wsm-rose-wall")
        rose.wait_for()
        twins = sum(1 for c in classroom.rose_cards(shown) if c.text == card.text)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and rose.inner_text().count(card.text) != twins - 1:
            time.sleep(0.2)
        wall = rose.inner_text()
        assert hidden_name not in wall
        assert wall.count(card.text) == twins - 1
        shots = [screenshot(screen, f"trainer-{lang}-projector-rose-1280x720")]

        # a participant saves: the projector's progress shows it within 3 s
        _tab(screen, "progress", lang)
        cell = screen.locator(f'tr[data-slug="{shown_slug}"] td[data-status]').nth(1)
        assert cell.get_attribute("data-status") == "todo"
        group = cls.get(shown_slug).group
        saved = time.monotonic()
        Workspace(server.workspace).update(group, {"audience.occupation": "bakker", "audience.location": "Gouda"})
        screen.wait_for_function(
            "s => document.querySelector(`tr[data-slug='${s}'] td[data-status]:nth-of-type(2)`)"
            "?.dataset.status === 'busy'", arg=shown_slug, timeout=10_000)
        lag = time.monotonic() - saved
        print(f"\nprojector shows a participant's save after {lag:.2f} s")
        assert lag <= 3.0, f"the projector showed the save after {lag:.1f} s"
        assert hidden_name not in screen.locator(".wsm-dashboard-progress").inner_text()

        for size, (w, h) in SIZES.items():
            screen.set_viewport_size({"width": w, "height": h})
            for key in ("timer", "progress", "checkin", "rose"):
                _tab(screen, key, lang)
                screen.wait_for_timeout(400)
                shots.append(screenshot(screen, f"trainer-{lang}-projector-{key}-{size}"))
            if size != "390x844":  # nothing of the page is cut off sideways on a projector
                overflow = screen.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{size}: the page is {overflow} px wider than the window"
        steer.set_viewport_size({"width": 1024, "height": 768})
        _tab(steer, "moderate", lang)
        shots.append(screenshot(steer, f"trainer-{lang}-moderation-1024x768"))
        assert all(p.exists() for p in shots)
        text = screen.inner_text("body") + steer.inner_text("body")
        assert "Traceback" not in text and "Error" not in text
    finally:
        steer_ctx.close()
        screen_ctx.close()
    assert offsite == [], offsite


def test_a_participants_app_shows_the_block_the_trainers_clock_runs(app_server, page):
    timer = Timer(trainer_blocks(), clock=time.time)
    timer.start()
    timer.skip()  # the second block: step 1
    app_server.workspace.mkdir(parents=True, exist_ok=True)
    pacing.save(app_server.workspace, timer)
    try:
        scope = open_app(page, app_server)
        title = timer.plan("nl")[1].title
        line = page.locator(".workshop-pace")
        line.filter(has_text=title).wait_for(timeout=20_000)
        assert t("pacing.next", "nl", title=timer.plan("nl")[2].title) in line.inner_text()
        timer.skip()
        pacing.save(app_server.workspace, timer)      # the trainer moves on ...
        app_part(page, "audience", "nl")              # ... and the participant's next step shows it
        line.filter(has_text=timer.plan("nl")[2].title).wait_for(timeout=15_000)
        screenshot(page, "app-nl-pacing-1280", target=scope)
    finally:
        (app_server.workspace / pacing.FILE).unlink(missing_ok=True)
    assert page.offsite == []


def trainer_blocks():
    from helpers import agenda

    return agenda.load_blocks()
