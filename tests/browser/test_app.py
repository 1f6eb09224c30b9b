"""The check-in in app mode (Voila, as `make app` starts it): the form appears, answers reach the
disk, a reload shows them again, and no request leaves this computer (no Font Awesome CDN)."""
from __future__ import annotations

import os
import re
import urllib.request

from helpers import app, model
from helpers.i18n import t

from .conftest import (button, checkin_notebook, click_button, field, fill, open_app_notebook,
                       record_timing, wait_saved)

GROUP = "Team Groen App"
PERSON = "Bram"
WORD = "benieuwd"
MOOD = (5, "😄")
# ipywidgets 8.1 renders a Combobox as `.widget-text` with a datalist: find it by its placeholder.
COMBO = f'input[placeholder="{t("checkin.group_placeholder", lang="nl")}"]'


def _checked_in(doc) -> bool:
    person = doc.checkin.people.get(PERSON)
    return person is not None and person.mood == MOOD[0] and person.word == WORD


def test_app_command_serves_loopback_only_with_the_offline_template(tmp_path):
    cmd = app.command(8123, tmp_path, "en")
    assert cmd[:3] == [cmd[0], "-m", "voila"] and str(tmp_path) in cmd
    assert {"--port=8123", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--template=workshop",
            "--no-browser"} <= set(cmd)
    env = app.environment("en", base={"JUPYTER_PATH": "/elsewhere"})
    assert env["WORKSHOP_LANG"] == "en"
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(app.TEMPLATE_ROOT), "/elsewhere"]
    template = app.TEMPLATE_ROOT / "voila" / "templates" / app.TEMPLATE
    assert {"conf.json", "index.html.j2", "page.html"} <= {p.name for p in template.iterdir()}


def test_app_pages_link_nothing_outside_localhost(app_server):
    """The HTML itself (folder list and notebook page) names no outside address to load from."""
    notebook = checkin_notebook(app_server.notebooks, "nl").split("/", 1)[1]
    for address in (app_server.base_url, f"{app_server.base_url}voila/render/{notebook}"):
        with urllib.request.urlopen(address, timeout=120) as resp:
            html = resp.read().decode("utf-8", errors="replace")
        loads = re.findall(r"""<(?:link|script)[^>]+(?:href|src)=["'](https?:)?//[^"']+""", html)
        assert loads == [], f"{address} loads from outside: {loads}"
        assert "cdn.jsdelivr.net" not in html and "fontawesome" not in html.lower()


def test_app_folder_lists_the_notebooks(page, app_server, shot):
    page.goto(app_server.base_url)
    page.get_by_text("00-inchecken.ipynb").first.wait_for()
    shot(page, "tree")
    assert page.offsite == []


def test_checkin_in_app_mode(page, app_server, shot):
    notebook = checkin_notebook(app_server.notebooks, "nl").split("/", 1)[1]
    scope, seconds = open_app_notebook(page, app_server, notebook, ready=COMBO)
    record_timing("app mode first form", seconds)
    shot(page, "opened")

    fill(scope, t("checkin.group_placeholder", lang="nl"), GROUP)
    click_button(scope, t("checkin.open", lang="nl"))
    scope.get_by_text(t("checkin.working_as", lang="nl", group=GROUP)).wait_for()
    fill(scope, t("checkin.name_placeholder", lang="nl"), PERSON)
    click_button(scope, MOOD[1])
    fill(scope, t("checkin.word_placeholder", lang="nl"), WORD)
    shot(page, "answered")

    doc = wait_saved(app_server.workspace, GROUP, _checked_in)
    assert doc.group == GROUP
    assert (app_server.workspace / f"{model.slug(GROUP)}.json").exists()

    # A reload is a new kernel in app mode: the form knows the answers only from disk.
    page.reload()
    group_box = field(scope, t("checkin.group_placeholder", lang="nl"))
    group_box.wait_for(timeout=60_000)
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
