"""The whole workshop in a real JupyterLab (the Dutch notebooks, then the English ones): one participant opens each notebook,
runs it and answers by clicking and typing; the answers reach the disk, every chart draws, a new
kernel (a reloaded page with Restart Kernel and Run All, or a notebook opened again) shows the
answers again, no Python failure is visible and no request leaves this computer.
Screenshots: ``artifacts/screenshots/lab-nl-*.png`` and ``lab-en-*.png``."""
from __future__ import annotations

import time

import pytest

from .conftest import (ANSWERS, NOTEBOOKS, Walk, open_lab_notebook, record_timing, restart_and_run_all,
                       run_all, shutdown_lab_sessions, wait_cells_run)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_whole_walk_in_jupyterlab(lang, page, lab_server):
    start = time.monotonic()
    # a learner starting on this machine: no group chosen yet (the page's folder gives the language)
    (lab_server.workspace / ".session.json").unlink(missing_ok=True)

    def open_notebook(name: str):
        panel = open_lab_notebook(page, lab_server, f"{lang}/{name}")
        run_all(page)
        wait_cells_run(page)
        return panel

    walk = Walk(page, lab_server, ANSWERS[lang], f"lab-{lang}", open=open_notebook,
                close=lambda: shutdown_lab_sessions(page, lab_server))
    walk.walk()                                       # ends with the debrief open
    walk.check_document()

    # The debrief after a page reload and Kernel > Restart Kernel and Run All Cells: the new
    # kernel can only know the answers from disk.
    page.reload()
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.wait_for(state="visible")
    restart_and_run_all(page)
    walk.check_rose_shown(panel)
    walk.done(panel, 6, "debrief-restarted", target=panel.locator(".workshop-onepager"))
    shutdown_lab_sessions(page, lab_server)

    # Step 1 again, in a new kernel.
    panel = open_notebook(NOTEBOOKS[lang][1])
    walk.check_audience_shown(panel)
    walk.done(panel, 1, "audience-reopened", target=panel.locator(".workshop-persona-card"))
    shutdown_lab_sessions(page, lab_server)

    assert page.offsite == []
    print("\n" + walk.report())
    record_timing(f"JupyterLab whole walk ({lang})", time.monotonic() - start)
