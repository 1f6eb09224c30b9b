"""The room of ``make room`` in real browsers: the room code typed at a person's speed, each
browser with its own group (also after a reload and when the plain address is opened again), and
the login and join pages at three sizes, in both languages, with nothing fetched from outside."""
from __future__ import annotations

import re

import pytest

from helpers import room
from helpers.i18n import t

from .conftest import (Server, _isolated_env, _start, click_button, copy_notebooks, fill, free_port, local_context,
                       screenshot, start_group, wait_saved)

pytestmark = pytest.mark.browser

CODE = "ZAAL26"
SIZES = {"1280x720": (1280, 720), "1024x768": (1024, 768), "390x844": (390, 844)}


def _room(tmp_path_factory, lang: str):
    from helpers import app

    base = tmp_path_factory.mktemp(f"room-{lang}")
    notebooks = copy_notebooks(base / "notebooks")
    folder = base / "room"
    port = free_port()
    env = room.environment(lang, folder, base=_isolated_env(base, folder, lang))
    cmd = app.command(port, notebooks / "app.ipynb", lang, ip="127.0.0.1", extra=tuple(
        a for a in room.command(port, CODE, lang) if a.startswith(("--Voila.token", "--Voila.identity_provider"))))
    log = base / "server.log"
    proc = _start(f"room ({lang})", cmd, env, notebooks, f"http://127.0.0.1:{port}/login", log)
    yield Server(f"room-{lang}", f"http://127.0.0.1:{port}/", notebooks, folder, proc, log)
    app.stop(proc, grace=15)


@pytest.fixture(scope="module")
def room_nl(chromium, tmp_path_factory):
    yield from _room(tmp_path_factory, "nl")


@pytest.fixture(scope="module")
def room_en(chromium, tmp_path_factory):
    yield from _room(tmp_path_factory, "en")


def _login(page, server: Server, lang: str, typed: str) -> None:
    page.goto(server.base_url, wait_until="commit")
    page.get_by_role("heading", name=t("room.login_title", lang)).wait_for()
    box = page.get_by_label(t("room.login_code", lang))
    box.press_sequentially(typed, delay=120)  # as read off the wall: small letters, a space
    box.press("Enter")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_joining_a_room_by_typing_its_code(lang, page, request, tmp_path_factory):
    server = request.getfixturevalue(f"room_{lang}")
    # a wrong code: told so on the page, in the room's language
    _login(page, server, lang, "abc 123")
    page.get_by_text(t("room.login_wrong", lang)).wait_for()
    for name, (w, h) in SIZES.items():
        page.set_viewport_size({"width": w, "height": h})
        screenshot(page, f"room-{lang}-login-wrong-{name}")
    page.set_viewport_size({"width": 1280, "height": 720})
    text = page.inner_text("body")
    for key in ("room.login_title", "room.login_intro", "room.login_code", "room.login_enter"):
        assert t(key, lang) in text
    assert "Jupyter" not in text and "token" not in text.lower()
    # the right one, typed as a person reads it off the wall
    _login(page, server, lang, CODE[:3].lower() + " " + CODE[3:].lower())
    group_box = page.get_by_placeholder(t("checkin.group_placeholder", lang), exact=True)
    group_box.wait_for(timeout=60_000)
    assert "token" not in page.url


def test_each_browser_keeps_its_own_group(room_nl, page, browser):
    server = room_nl
    _login(page, server, "nl", CODE)
    scope = page
    start_group(scope, "Team Raam", "nl", server)
    fill(scope, t("checkin.name_placeholder", "nl"), "Fleur")
    click_button(scope, "🙂")
    fill(scope, t("checkin.word_placeholder", "nl"), "wakker")
    wait_saved(server.workspace, "Team Raam", lambda d: d.checkin.people["Fleur"].word == "wakker")
    page.wait_for_function("() => document.cookie.includes('workshop_group=Team%20Raam')")
    # a reload comes back to the group
    page.reload(wait_until="commit")
    page.get_by_text(t("checkin.working_as", "nl", group="Team Raam")).wait_for(timeout=60_000)
    # the plain address opened again in this browser: the same group
    page.goto(server.base_url, wait_until="commit")
    page.get_by_text(t("checkin.working_as", "nl", group="Team Raam")).wait_for(timeout=60_000)
    screenshot(page, "room-nl-app-own-group")
    # another browser (another laptop) starts with no group, and its choice is its own
    offsite: list[str] = []
    other = local_context(browser, offsite).new_page()
    try:
        _login(other, server, "nl", CODE)
        box = other.get_by_placeholder(t("checkin.group_placeholder", "nl"), exact=True)
        box.wait_for(timeout=60_000)
        assert box.input_value() == ""
        assert not other.get_by_text(re.compile(re.escape(t("checkin.working_as", "nl", group="")))).count()
        fill(other, t("checkin.group_placeholder", "nl"), "Team Deur")
        click_button(other, t("checkin.open", "nl"))
        other.get_by_text(t("checkin.working_as", "nl", group="Team Deur")).wait_for()
    finally:
        other.context.close()
    assert offsite == []
    page.reload(wait_until="commit")
    page.get_by_text(t("checkin.working_as", "nl", group="Team Raam")).wait_for(timeout=60_000)
    assert not (server.workspace / ".session.json").exists()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_join_page_for_the_projector(lang, page):
    page.set_content(room.join_page("192.168.1.20", 8866, CODE, lang))  # one file: no request at all
    text = page.inner_text("body")
    assert "http://192.168.1.20:8866/" in text and CODE in text
    for key in ("room.join_title", "room.join_scan", "room.join_type", "room.join_code", "room.join_group"):
        assert t(key, lang) in text
    qr = page.locator(".qr svg")
    for name, (w, h) in SIZES.items():
        page.set_viewport_size({"width": w, "height": h})
        box = qr.bounding_box()
        assert box["width"] >= 200 and box["x"] >= 0 and box["x"] + box["width"] <= w, (name, box)
        screenshot(page, f"room-{lang}-join-{name}")
