"""Shared fixtures: every test gets its own empty workspace and a fresh session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """No test ever touches the real workspace, the language or the current group of the machine."""
    monkeypatch.setenv("WORKSHOP_DIR", str(tmp_path / "workspace"))
    monkeypatch.delenv("WORKSHOP_LANG", raising=False)
    monkeypatch.delenv("WORKSHOP_GROUP", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    from helpers import i18n

    i18n.set_language(None)
    before = set(_open_widgets())
    yield
    _close_widgets_made_since(before)
    i18n.set_language(None)
    try:
        from helpers.ui.base import Session

        Session.reset(None)
    except ImportError:
        pass


def _open_widgets() -> dict:
    """ipywidgets' registry of the widgets not closed yet (empty when no test imported ipywidgets)."""
    import sys

    module = sys.modules.get("ipywidgets.widgets.widget")
    return getattr(module, "_instances", {}) if module is not None else {}


def _close_widgets_made_since(before: set) -> None:
    """Close what a test built, as a page that is left: the registry keeps every widget alive, and
    an app left open redrew itself at each later language change (seconds per test, late in a run)."""
    for key, widget in list(_open_widgets().items()):
        if key not in before:
            try:
                widget.close()
            except Exception:  # noqa: BLE001 - a test's teardown never fails on another's widget
                pass


@pytest.fixture
def workspace(tmp_path):
    from helpers.store import Workspace

    return Workspace(tmp_path / "workspace")


@pytest.fixture
def session(workspace):
    """A session on group 'Team Test' with a short autosave delay; flush() before reading disk."""
    from helpers.ui.base import Session

    s = Session(workspace, delay=0.01)
    s.open("Team Test")
    Session.reset(s)
    return s


@pytest.fixture(params=["nl", "en"])
def lang(request):
    """Each language in turn as the current one (Dutch again afterwards)."""
    from helpers import i18n

    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(None)


@pytest.fixture
def lang_session(workspace, lang):
    """A session on a group whose document speaks ``lang`` (a restart keeps the language)."""
    from helpers.ui.base import Session

    s = Session(workspace, delay=0.01)
    s.open("Team Test", language=lang)
    Session.reset(s)
    return s


def import_every_module() -> None:
    """Import every module of ``helpers`` (each declares its codes and labels on import; the forms
    are imported only when first asked for, so a test that reads the registry imports them first)."""
    import importlib
    import pkgutil

    import helpers

    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if not info.name.startswith(("helpers.voila", "helpers.__main__")):
            importlib.import_module(info.name)
