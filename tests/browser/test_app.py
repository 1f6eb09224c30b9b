"""The participant's app (Voila, as `make app` starts it): one page with a step menu, kernels
started ahead, the check-in's answers on disk and back after a reload, the language switched at
once, the kernel stopped when the page is left, and no request leaving this computer."""
from __future__ import annotations

import os
from pathlib import Path
import re
import time
import urllib.request

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError, expect
import pytest

from helpers import app, model
from helpers.i18n import t

from .conftest import (app_part, button, click_button, field, fill, is_local, open_app, record_timing, screenshot,
                       start_group, wait_saved, what_the_server_saw)

GROUP = "Team Groen App"
PERSON = "Bram"
WORD = "benieuwd"
MOOD = (5, "😄")
# ipywidgets 8.1 renders a Combobox as `.widget-text` with a datalist: find it by its placeholder.
COMBO = f'input[placeholder="{t("checkin.group_placeholder", lang="nl")}"]'


def _checked_in(doc) -> bool:
    person = doc.checkin.people.get(PERSON)
    return person is not None and person.mood == MOOD[0] and person.word == WORD


def test_app_command_serves_the_app_on_loopback_with_kernels_started_ahead(tmp_path):
    cmd = app.command(8123, lang="en")
    assert cmd[:4] == [cmd[0], "-m", "voila", str(app.APP_NOTEBOOK)]
    assert {"--port=8123", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--template=workshop",
            "--no-browser", "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.default_pool_size={app.POOL_SIZE}"} <= set(cmd)
    assert not any("preheat" in part for part in app.command(8123, tmp_path, "en"))  # a folder: a list
    env = app.environment("en", base={"JUPYTER_PATH": "/elsewhere"})
    assert env["WORKSHOP_LANG"] == "en"
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(app.TEMPLATE_ROOT), "/elsewhere"]
    template = app.TEMPLATE_ROOT / "voila" / "templates" / app.TEMPLATE
    assert {"conf.json", "index.html.j2", "page.html"} <= {p.name for p in template.iterdir()}


def test_app_page_links_nothing_outside_localhost(app_server):
    """The HTML itself names no outside address to load from."""
    with urllib.request.urlopen(app_server.base_url, timeout=120) as resp:
        html = resp.read().decode("utf-8", errors="replace")
    loads = re.findall(r"""<(?:link|script)[^>]+(?:href|src)=["'](https?:)?//[^"']+""", html)
    assert loads == [], f"the app loads from outside: {loads}"
    assert "cdn.jsdelivr.net" not in html and "fontawesome" not in html.lower()


def test_the_step_menu_previous_and_next_and_the_language(page, app_server):
    scope, seconds = open_app(page, app_server)
    record_timing("app mode first form (kernels started ahead)", seconds)
    menu = scope.locator(".workshop-menu button")
    assert [b.strip() for b in menu.all_inner_texts()] == [t(f"app.part.{p}", "nl") for p in model.PARTS]
    assert button(scope, t("app.start", "nl")).is_disabled()
    assert "Inchecken" in scope.locator(".workshop-lesson h1").first.inner_text()

    # Next and Previous, without loading a page: the address stays the same
    address = page.url
    click_button(scope, t("app.next", "nl", part=t("app.part.audience", "nl")))
    scope.locator(".workshop-part-audience").wait_for()
    assert "Doelgroep" in scope.locator(".workshop-lesson h1").first.inner_text()
    # the page's parts arrive one message after another: wait for the line, as a reader's eye does
    expect(scope.locator(".workshop-where")).to_contain_text(t("app.where", "nl", at=2, total=len(model.PARTS), done=0))
    assert scope.get_by_text(t("ui.no_group", "nl")).count() == 1  # no group yet: the form says where to start
    click_button(scope, t("app.previous", "nl", part=t("app.part.checkin", "nl")))
    scope.locator(".workshop-part-checkin").wait_for()
    app_part(page, "report", "nl")                    # the last part: the full report
    assert button(scope, t("app.end", "nl")).is_disabled()
    app_part(page, "checkin", "nl")
    assert page.url == address

    # the group chooses English in the check-in: the whole app speaks English at once
    start_group(scope, "Team Taal", "nl", app_server)
    click_button(scope, t("checkin.lang_en", "nl"))
    english = [t(f"app.part.{p}", "en") for p in model.PARTS]
    page.wait_for_function(
        "want => [...document.querySelectorAll('.workshop-menu button')].map(b => b.innerText.trim()).join('|') == want",
        arg="|".join(english), timeout=30_000)
    scope.locator(".workshop-lesson h1", has_text="Check-in").first.wait_for()
    doc = wait_saved(app_server.workspace, "Team Taal", lambda d: d.language == "en")
    assert doc.language == "en"
    app_part(page, "goals", "en")
    assert "SMART goals" in scope.locator(".workshop-lesson h1").first.inner_text()
    screenshot(page, "app-language-en-goals")
    app_part(page, "checkin", "en")  # and back: the next tests of this server start in Dutch
    click_button(scope, t("checkin.lang_nl", "en"))
    scope.locator(".workshop-lesson h1", has_text="Inchecken").first.wait_for()
    assert page.offsite == []


def kernel_running(kernel_id: str) -> bool:
    """Whether a kernel process with this id runs (its connection file ``kernel-<id>.json``)."""
    needle = f"kernel-{kernel_id}.json".encode()
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and needle in (proc / "cmdline").read_bytes():
                return True
        except OSError:
            continue
    return False


def test_leaving_the_page_stops_its_kernel(browser, app_server):
    """Voila asks the server to stop the kernel in the page's last moment (a beacon); a routed
    request would wait for the test's answer and die with the page, so this browser only watches
    its requests (any that left this computer fails the test)."""
    context = browser.new_context(service_workers="block")
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    try:
        open_app(page, app_server)
        # the page's own kernel, by its id (counting kernels raced with the pool filling up behind and
        # with the kernel of an earlier test's page stopping late, on a loaded CI machine)
        ids = {m.group(1) for u in sockets if (m := re.search(r"/api/kernels/([0-9a-f-]{36})/channels", u))}
        assert len(ids) == 1, sockets
        (kernel_id,) = ids
        assert kernel_running(kernel_id), "the page's kernel is not among the server's kernels"
        page.goto("about:blank")
        deadline = time.monotonic() + 60
        while kernel_running(kernel_id) and time.monotonic() < deadline:
            time.sleep(0.25)
        assert not kernel_running(kernel_id), "the page's kernel still runs after the page was left"
    finally:
        context.close()
    assert [u for u in requests if not is_local(u)] == []


def test_checkin_in_app_mode(page, app_server, shot):
    scope, seconds = open_app(page, app_server, ready=COMBO)
    shot(page, "opened")

    start_group(scope, GROUP, "nl", app_server)
    fill(scope, t("checkin.name_placeholder", lang="nl"), PERSON)
    click_button(scope, MOOD[1])
    fill(scope, t("checkin.word_placeholder", lang="nl"), WORD)
    shot(page, "answered")

    doc = wait_saved(app_server.workspace, GROUP, _checked_in)
    assert doc.group == GROUP
    assert (app_server.workspace / f"{model.slug(GROUP)}.json").exists()

    # A reload is a new kernel in app mode: the form knows the answers only from disk.
    page.reload(wait_until="commit")
    group_box = field(scope, t("checkin.group_placeholder", lang="nl"))
    try:
        group_box.wait_for(timeout=60_000)
    except PlaywrightTimeoutError:
        pytest.fail("after the reload the check-in did not show\n" + what_the_server_saw(page, app_server),
                    pytrace=False)
    page.wait_for_function("el => el.value.length > 0", arg=group_box.element_handle(), timeout=30_000)
    assert group_box.input_value() == GROUP
    people = scope.locator(".widget-html", has_text=t("checkin.who_is_here", lang="nl"))
    people.wait_for()
    assert re.search(rf"{PERSON}\s*:\s*{WORD}", people.inner_text())
    fill(scope, t("checkin.name_placeholder", lang="nl"), PERSON)
    word = field(scope, t("checkin.word_placeholder", lang="nl"))
    page.wait_for_function("el => el.value.length > 0", arg=word.element_handle())
    assert word.input_value() == WORD
    assert "mod-active" in (button(scope, MOOD[1]).get_attribute("class") or "")
    shot(page, "reloaded")

    assert page.offsite == []
