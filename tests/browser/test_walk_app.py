"""The whole workshop in app mode (Voila, English notebooks, as ``make app LANG_DIR=en`` serves
them): one participant opens each page and answers by clicking and typing; the answers reach the
disk, every chart draws, a reload (a new kernel in app mode) shows the answers again, no Python
failure is visible and no request leaves this computer (no CDN). Screenshots:
``artifacts/screenshots/app-en-*.png``."""
from __future__ import annotations

import time

from .conftest import ANSWERS, NOTEBOOKS, WIDGET_TIMEOUT, Walk, open_app_notebook, record_timing


def test_whole_walk_in_app_mode(page, app_server_en):
    start = time.monotonic()
    lang = "en"
    server = app_server_en

    def open_notebook(name: str):
        scope, _ = open_app_notebook(page, server, name)
        return scope

    # Voila 0.5 keeps a page's kernel after the page is left; about:blank is all a page can do.
    walk = Walk(page, server, ANSWERS[lang], f"app-{lang}", open=open_notebook,
                close=lambda: page.goto("about:blank"))
    scope = walk.walk()                               # ends with the debrief open
    walk.check_document()

    # A reload is a new kernel in app mode: the forms know the answers only from disk.
    page.reload()
    page.locator(".widget-box").first.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
    walk.check_rose_shown(scope)
    walk.done(scope, 6, "debrief-reloaded", target=scope.locator(".workshop-onepager"))

    scope = open_notebook(NOTEBOOKS[lang][1])
    walk.check_audience_shown(scope)
    walk.done(scope, 1, "audience-reopened", target=scope.locator(".workshop-persona-card"))
    page.goto("about:blank")

    assert page.offsite == []
    print("\n" + walk.report())
    record_timing("app mode whole walk", time.monotonic() - start)
