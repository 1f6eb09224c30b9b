"""The check-in in a real JupyterLab: run it, answer, find the answers on disk and back in the
form after a reload and a fresh kernel, with no request leaving this computer. And self-study in
JupyterLab as ``make lab`` starts it: Dutch menus, a page that draws its form by itself, saving
that stores no outputs or widget state, and a reopened page without "Error displaying widget"."""
from __future__ import annotations

import json
import re
import time
import uuid
from urllib.parse import quote

from helpers import model
from helpers.i18n import t

from .conftest import (KERNEL_TIMEOUT, WIDGET_TIMEOUT, button, checkin_notebook, click_button, field, fill,
                       open_lab_notebook, restart_and_run_all, run_all, shutdown_lab_sessions, wait_saved)

GROUP = "Team Groen Lab"
PERSON = "Anna"
WORD = "nieuwsgierig"
MOOD = (4, "🙂")


def _checked_in(doc) -> bool:
    person = doc.checkin.people.get(PERSON)
    return person is not None and person.mood == MOOD[0] and person.word == WORD


def test_checkin_in_jupyterlab(page, lab_server, shot):
    path = checkin_notebook(lab_server.notebooks, "nl")
    panel = open_lab_notebook(page, lab_server, path)
    shot(page, "opened")

    run_all(page)
    fill(panel, t("checkin.group_placeholder", lang="nl"), GROUP)
    click_button(panel, t("checkin.open", lang="nl"))
    panel.get_by_text(t("checkin.working_as", lang="nl", group=GROUP)).wait_for()
    fill(panel, t("checkin.name_placeholder", lang="nl"), PERSON)
    click_button(panel, MOOD[1])
    fill(panel, t("checkin.word_placeholder", lang="nl"), WORD)
    shot(page, "answered", target=field(panel, t("checkin.group_placeholder", lang="nl")))

    doc = wait_saved(lab_server.workspace, GROUP, _checked_in)
    assert doc.group == GROUP
    assert (lab_server.workspace / f"{model.slug(GROUP)}.json").exists()

    # A reload and a new kernel: the form can only know the answers from disk.
    page.reload()
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.wait_for(state="visible")
    restart_and_run_all(page)
    group_box = field(panel, t("checkin.group_placeholder", lang="nl"))
    group_box.wait_for()
    page.wait_for_function("el => el.value.length > 0", arg=group_box.element_handle(), timeout=60_000)
    assert group_box.input_value() == GROUP
    people = panel.locator(".widget-html", has_text=t("checkin.who_is_here", lang="nl"))
    people.wait_for()
    assert re.search(rf"{PERSON}\s*:\s*{WORD}", people.inner_text())
    fill(panel, t("checkin.name_placeholder", lang="nl"), PERSON)
    word = field(panel, t("checkin.word_placeholder", lang="nl"))
    page.wait_for_function("el => el.value.length > 0", arg=word.element_handle())
    assert word.input_value() == WORD
    assert "mod-active" in (button(panel, MOOD[1]).get_attribute("class") or "")
    shot(page, "reloaded", target=field(panel, t("checkin.group_placeholder", lang="nl")))

    assert page.offsite == []


# ---------------------------------------------------------------------------------------------
# Self-study: JupyterLab as `make lab` starts it

STEP = "nl/01-doelgroep.ipynb"
SELF_STUDY_GROUP = "Zelfstudie Lab"
OCCUPATION = "zzp'er in de zorg"  # a field of the minimum, in sight without opening a fold


def _form_field(panel, label: str):
    """The form's field ``label`` once it is drawn, scrolled into view (JupyterLab draws only the
    part of a long notebook that is on screen)."""
    box = field(panel, label)
    box.wait_for(state="attached", timeout=WIDGET_TIMEOUT)
    box.scroll_into_view_if_needed()
    box.wait_for(state="visible")
    return box


def _open_page(page, server, path: str):
    """Open ``path`` as a participant does (a link, a fresh JupyterLab workspace), and nothing else:
    no Run All, no dialog. Returns the visible notebook panel."""
    page.goto(f"{server.base_url}lab/workspaces/t{uuid.uuid4().hex[:10]}/tree/{quote(path)}?token={server.token}")
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.wait_for(state="visible", timeout=KERNEL_TIMEOUT)
    return panel


def _saved_notebook(page, path, before: float, timeout: float = 60.0) -> dict:
    """The notebook on disk once it has been written after ``before`` (a modification time).
    Waits with ``page.wait_for_timeout``: the routed requests (the save) go out only while
    Playwright runs, not during a ``time.sleep``."""
    deadline = time.monotonic() + timeout
    while path.stat().st_mtime <= before:
        assert time.monotonic() < deadline, f"{path.name} was not saved"
        page.wait_for_timeout(200)
    return json.loads(path.read_text(encoding="utf-8"))


def test_self_study_in_jupyterlab_as_make_lab_starts_it(page, workshop_lab_server, shot):
    from helpers.store import Workspace

    server = workshop_lab_server
    Workspace(server.workspace).set_current_group(SELF_STUDY_GROUP)   # chosen at check-in
    on_disk = server.notebooks / STEP
    occupation = t("fields.audience.occupation", lang="nl")

    panel = _open_page(page, server, STEP)
    # JupyterLab's own menus speak Dutch (jupyterlab-language-pack-nl-NL).
    menus = page.locator(".lm-MenuBar-item")
    menus.first.wait_for()
    assert "Bestand" in menus.all_inner_texts() and "File" not in menus.all_inner_texts()

    # The form draws itself: nothing to run, no dialog, no code in sight.
    _form_field(panel, occupation)
    assert page.locator(".jp-Dialog").count() == 0
    code_cells = panel.locator(".jp-CodeCell")
    assert code_cells.count() == panel.locator(".jp-CodeCell.workshop-helpers-cell").count() >= 1
    code_inputs = panel.locator(".jp-CodeCell .jp-Cell-inputWrapper")
    assert code_inputs.count() == code_cells.count()
    assert all(not code_inputs.nth(i).is_visible() for i in range(code_inputs.count()))
    shot(page, "form-drawn", target=field(panel, occupation))

    fill(panel, occupation, OCCUPATION)
    wait_saved(server.workspace, SELF_STUDY_GROUP, lambda d: d.audience.occupation == OCCUPATION)
    assert panel.locator(".jp-OutputArea-output").count() > 0     # what the save hook must strip

    # Ctrl+S, as a participant saves, still in the text box just filled in.
    before = on_disk.stat().st_mtime
    field(panel, occupation).click()
    page.keyboard.press("Control+s")
    saved = _saved_notebook(page, on_disk, before)
    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert "widgets" not in saved["metadata"]
    assert "widget-view" not in on_disk.read_text(encoding="utf-8")

    # The browser tab reloaded, its kernel still running: the form is drawn again (in a new kernel).
    page.reload()
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    box = _form_field(panel, occupation)
    page.wait_for_function("el => el.value.length > 0", arg=box.element_handle(), timeout=WIDGET_TIMEOUT)
    assert box.input_value() == OCCUPATION
    assert page.get_by_text("Error displaying widget").count() == 0

    # The next session: the page shows the answer again, drawn from disk, and no broken widget.
    shutdown_lab_sessions(page, server)
    panel = _open_page(page, server, STEP)
    box = _form_field(panel, occupation)
    page.wait_for_function("el => el.value.length > 0", arg=box.element_handle(), timeout=WIDGET_TIMEOUT)
    assert box.input_value() == OCCUPATION
    assert page.get_by_text("Error displaying widget").count() == 0
    shot(page, "reopened", target=box)

    # The toolbar's restart-and-run-all button asks nothing and draws the form again.
    restart = panel.locator('.jp-Toolbar [data-command="notebook:restart-run-all"]')
    old = box.element_handle()
    restart.click()
    page.wait_for_function("el => !el.isConnected", arg=old, timeout=WIDGET_TIMEOUT)   # gone with the old kernel
    assert page.locator(".jp-Dialog").count() == 0
    box = _form_field(panel, occupation)
    page.wait_for_function("el => el.value.length > 0", arg=box.element_handle(), timeout=WIDGET_TIMEOUT)
    assert box.input_value() == OCCUPATION
    assert page.get_by_text("Error displaying widget").count() == 0
    shutdown_lab_sessions(page, server)
    assert page.offsite == []
