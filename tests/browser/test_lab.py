"""The check-in in a real JupyterLab: run it, answer, find the answers on disk and back in the
form after a reload and a fresh kernel, with no request leaving this computer."""
from __future__ import annotations

import re

from helpers import model
from helpers.i18n import t

from .conftest import (button, checkin_notebook, click_button, field, fill, open_lab_notebook,
                       restart_and_run_all, run_all, wait_saved)

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
