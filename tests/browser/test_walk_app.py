"""The whole workshop in app mode (Voila, as ``make app LANG_DIR=en`` serves it): one participant
opens the app (in Dutch and in English), goes through every part with its step menu and answers by clicking and typing; the
answers reach the disk, every chart draws, a reload (a new kernel in app mode) shows the answers
again, no Python failure is visible and no request leaves this computer (no CDN). Screenshots:
``artifacts/screenshots/app-nl-*.png`` and ``app-en-*.png``."""
from __future__ import annotations

import time

import pytest

from helpers import model

from .conftest import ANSWERS, NOTEBOOKS, Walk, app_part, open_app, record_timing


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_whole_walk_in_app_mode(lang, page, request):
    start = time.monotonic()
    server = request.getfixturevalue("app_server" if lang == "nl" else "app_server_en")
    switches: list[float] = []

    def open_part(name: str):
        """A notebook of the walk is a part of the app: its entry in the step menu."""
        part = model.STEPS[NOTEBOOKS[lang].index(name)]
        if part == model.STEPS[0]:
            scope, seconds = open_app(page, server)
            record_timing("app mode first form", seconds)
            return scope
        scope, seconds = app_part(page, part, lang)
        switches.append(seconds)
        return scope

    walk = Walk(page, server, ANSWERS[lang], f"app-{lang}", open=open_part, close=lambda: None)
    scope = walk.walk()                               # ends with the debrief open
    walk.check_document()

    # A reload is a new kernel in app mode: the forms know the answers only from disk.
    page.reload(wait_until="commit")
    open_app(page, server)
    scope, _ = app_part(page, "debrief", lang)
    walk.check_rose_shown(scope)
    walk.done(scope, 6, "debrief-reloaded", target=scope.locator(".workshop-onepager"))

    scope, _ = app_part(page, "audience", lang)
    walk.check_audience_shown(scope)
    walk.done(scope, 1, "audience-reopened", target=scope.locator(".workshop-persona-card"))
    page.goto("about:blank")

    assert page.offsite == []
    print("\n" + walk.report())
    print(f"  step switches: {', '.join(f'{s:.2f}' for s in switches)} s")
    record_timing(f"app mode whole walk ({lang})", time.monotonic() - start)
    record_timing(f"app mode slowest first switch to a part ({lang})", max(switches))
