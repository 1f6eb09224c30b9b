"""Browser tests: a real JupyterLab and a real app mode (Voila) driven by headless Chromium.

Infrastructure (session-scoped, shared by every browser test):

* ``chromium``: Debian's ``chromium`` from ``PATH``. Missing: the tests are skipped on a laptop,
  and FAIL when the environment variable ``CI`` is set (browser tests never skip in CI).
* ``lab_server`` / ``app_server``: a JupyterLab and an app-mode server on free loopback ports,
  each on its own temporary copy of ``notebooks/`` and its own temporary workspace
  (``WORKSHOP_DIR``). The app server runs exactly :func:`helpers.app.command` with
  :func:`helpers.app.environment`, as ``make app`` does.
* ``page``: a fresh browser context and page per test. Every request is routed: loopback,
  ``data:`` and ``blob:`` pass, anything else is recorded in ``page.offsite`` and aborted. Tests
  assert ``page.offsite == []``; the fixture checks it again at teardown.
* ``shot``: ``shot(page, "step")`` writes ``artifacts/screenshots/<test>-<nn>-<step>.png``.

Helpers for walking a notebook (the same in JupyterLab and app mode unless noted):

* :func:`open_lab_notebook` / :func:`open_app_notebook` open a notebook and return the scope
  (a Locator) that every other helper searches in.
* :func:`run_all` (JupyterLab) runs every cell; :func:`restart_and_run_all` (JupyterLab) starts a
  new kernel first, so that the form is rebuilt from the answers on disk.
* :func:`fill`, :func:`click_button`, :func:`field`, :func:`button` find widgets by what a
  participant sees: a placeholder, a description label or a button text.
* :func:`wait_saved` polls the workspace on disk until the group's document satisfies a predicate.

To walk another notebook: copy ``test_checkin_*`` and replace the steps; a walk is a list of
``fill``/``click_button`` calls followed by one ``wait_saved``.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_PREFIXES = ("http://127.0.0.1:", "http://localhost:", "ws://127.0.0.1:", "ws://localhost:",
                  "data:", "blob:", "about:")

#: The check-in notebook of each language (a stand-in is generated when it does not exist yet).
CHECKIN = {"nl": "00-inchecken.ipynb", "en": "00-check-in.ipynb"}

# Generous limits for a busy 2-core machine; a healthy run stays far below them.
SERVER_START_TIMEOUT = 90.0
KERNEL_TIMEOUT = 60_000       # ms: a kernel start plus `import helpers.ui`
WIDGET_TIMEOUT = 60_000       # ms: app mode shows the first widget after 11-16 s here
SAVE_TIMEOUT = 15.0           # s: the autosave waits 0.5 s after the last change


# ---------------------------------------------------------------------------------------------
# Marking

def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# ---------------------------------------------------------------------------------------------
# Chromium

@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of Debian's Chromium; skip without it (FAIL when ``CI`` is set)."""
    path = shutil.which("chromium")
    if path:
        return path
    message = ("Debian's chromium is not installed (apt-get install chromium); "
               "the browser tests drive it and never download a browser.")
    if os.environ.get("CI"):
        pytest.fail(message + " Browser tests never skip in CI.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
    except Exception as err:
        pw.stop()
        message = f"Chromium did not start: {err}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    yield b
    b.close()
    pw.stop()


def is_local(url: str) -> bool:
    return url.startswith(LOCAL_PREFIXES)


@pytest.fixture
def page(browser, request):
    """A fresh page whose requests never leave this computer.

    ``page.offsite`` lists every URL that tried to (the request was aborted);
    ``page.console_errors`` lists the browser console's errors, for failure messages."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, service_workers="block",
                                  locale="nl-NL")
    offsite: list[str] = []

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            offsite.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    p = context.new_page()
    p.offsite = offsite
    p.console_errors = []
    p.on("console", lambda m: m.type == "error" and p.console_errors.append(m.text))
    p.on("websocket", lambda ws: None if is_local(ws.url) else offsite.append(ws.url))
    p.set_default_timeout(30_000)
    yield p
    context.close()
    assert offsite == [], f"requests left localhost: {offsite}"


# ---------------------------------------------------------------------------------------------
# Screenshots and timings

@pytest.fixture
def shot(request) -> Callable[..., Path]:
    """``shot(page, "step", target=None)`` saves a full-page PNG under ``artifacts/screenshots/`` and returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    counter = iter(range(1, 1000))

    def take(p, step: str, target=None) -> Path:
        """``target`` (a Locator) is scrolled into view first: JupyterLab scrolls inside its
        panels, so a full-page shot alone may miss the form."""
        if target is not None:
            try:
                target.first.scroll_into_view_if_needed(timeout=5_000)
            except Exception:
                pass
        path = SCREENSHOTS / f"{stem}-{next(counter):02d}-{re.sub(r'[^A-Za-z0-9_-]+', '-', step)}.png"
        p.screenshot(path=str(path), full_page=True)
        return path

    return take


def record_timing(name: str, seconds: float) -> None:
    """Print ``<name>: 12.3 s`` and append it, with the date and time, to
    ``artifacts/app-timing.txt``. For information only: never assert on time."""
    line = f"{name}: {seconds:.1f} s"
    print("\n" + line)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(ARTIFACTS / "app-timing.txt", "a", encoding="utf-8") as fh:
        fh.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')}  {line}\n")


# ---------------------------------------------------------------------------------------------
# Servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running server: where it is, what it serves and where its answers are saved."""

    name: str
    base_url: str
    notebooks: Path            # the temporary copy of notebooks/ it serves
    workspace: Path            # its WORKSHOP_DIR
    proc: subprocess.Popen
    log: Path
    token: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


def copy_notebooks(dest: Path) -> Path:
    """A copy of the project's ``notebooks/`` (tests never touch the originals: JupyterLab saves)."""
    src = ROOT / "notebooks"
    if src.is_dir():
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for lang in CHECKIN:
        (dest / lang).mkdir(parents=True, exist_ok=True)
    return dest


def checkin_notebook(notebooks: Path, lang: str = "nl") -> str:
    """The check-in notebook's path relative to ``notebooks`` (``nl/00-inchecken.ipynb``).

    Until the real notebook exists a stand-in with the same two code cells is written."""
    path = notebooks / lang / CHECKIN[lang]
    if not path.exists():
        import nbformat

        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("from helpers import ui"),
                    nbformat.v4.new_code_cell("ui.checkin()")]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                     "language": "python"}
        nbformat.write(nb, path)
    return f"{lang}/{CHECKIN[lang]}"


def _isolated_env(base: Path, workspace: Path, lang: str) -> dict[str, str]:
    """The test's own Jupyter config, runtime, settings and workspaces folders, and workspace."""
    env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "rt"),
                     ("JUPYTERLAB_SETTINGS_DIR", "settings"), ("JUPYTERLAB_WORKSPACES_DIR", "lab-ws")):
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    env["WORKSHOP_DIR"] = str(workspace)
    env["WORKSHOP_LANG"] = lang
    env.pop("WORKSHOP_GROUP", None)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # No "get notified about Jupyter news?" toast over the widgets.
    notification = base / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True, exist_ok=True)
    notification.write_text(json.dumps({"fetchNews": "false"}))
    return env


def _start(name: str, cmd: list[str], env: dict[str, str], cwd: Path, ready_url: str, log: Path) -> subprocess.Popen:
    from helpers.app import stop, wait_ready

    fh = open(log, "wb")
    proc = subprocess.Popen(cmd, env=env, cwd=str(cwd), stdout=fh, stderr=subprocess.STDOUT)
    if not wait_ready(ready_url, proc, timeout=SERVER_START_TIMEOUT):
        stop(proc, grace=5)
        fh.close()
        pytest.fail(f"{name} did not start:\n{log.read_text(errors='replace')[-3000:]}", pytrace=False)
    return proc


@pytest.fixture(scope="session")
def lab_server(chromium, tmp_path_factory):
    """A real JupyterLab on a free loopback port, on a copy of notebooks/ (language nl)."""
    base = tmp_path_factory.mktemp("lab")
    notebooks = copy_notebooks(base / "notebooks")
    workspace = base / "workspace"
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.token={token}",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
           "--allow-root", f"--ServerApp.root_dir={notebooks}",
           "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    log = base / "server.log"
    url = f"http://127.0.0.1:{port}/"
    proc = _start("JupyterLab", cmd, _isolated_env(base, workspace, "nl"), notebooks,
                  f"{url}api/status?token={token}", log)
    server = Server("lab", url, notebooks, workspace, proc, log, token=token)
    yield server
    from helpers.app import stop

    stop(proc, grace=15)


@pytest.fixture(scope="session")
def app_server(chromium, tmp_path_factory):
    """App mode exactly as ``make app`` starts it (helpers.app.command/environment), on a copy of
    notebooks/nl and its own workspace."""
    from helpers import app

    base = tmp_path_factory.mktemp("app")
    notebooks = copy_notebooks(base / "notebooks")
    checkin_notebook(notebooks, "nl")
    workspace = base / "workspace"
    port = free_port()
    env = app.environment("nl", base=_isolated_env(base, workspace, "nl"))
    log = base / "server.log"
    proc = _start("App mode (Voila)", app.command(port, notebooks / "nl", "nl"), env, notebooks / "nl",
                  app.url(port), log)
    server = Server("app", app.url(port), notebooks, workspace, proc, log)
    yield server
    app.stop(proc, grace=15)


# ---------------------------------------------------------------------------------------------
# Opening notebooks

def open_lab_notebook(page, server: Server, path: str):
    """Open ``path`` (relative to the server's notebooks folder) in a fresh JupyterLab workspace,
    wait until its kernel is idle, and return the visible notebook panel (the scope for the
    other helpers)."""
    workspace = f"t{uuid.uuid4().hex[:10]}"
    page.goto(f"{server.base_url}lab/workspaces/{workspace}/tree/{quote(path)}?token={server.token}")
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.wait_for(state="visible", timeout=KERNEL_TIMEOUT)
    wait_kernel_idle(page)
    return panel


def wait_kernel_idle(page, timeout: float = KERNEL_TIMEOUT) -> None:
    """Wait until JupyterLab's status bar says the kernel is idle (clicks before that are lost)."""
    page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\|\s*Idle")).first.wait_for(timeout=timeout)


def _lab_command(page, menu: str, command: str) -> None:
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def run_all(page) -> None:
    """JupyterLab: Run > Run All Cells (command ``runmenu:run-all``), after the kernel is idle."""
    wait_kernel_idle(page)
    _lab_command(page, "Run", "runmenu:run-all")


def restart_and_run_all(page) -> None:
    """JupyterLab: Kernel > Restart Kernel and Run All Cells, confirming the dialog. The new
    kernel has no memory of the old one: forms then show only what is on disk."""
    wait_kernel_idle(page)
    _lab_command(page, "Kernel", "runmenu:restart-and-run-all")
    page.locator(".jp-Dialog button.jp-mod-accept").click()


def open_app_notebook(page, server: Server, path: str, ready: str = ".widget-box"):
    """Open ``path`` (relative to the served folder, e.g. ``00-inchecken.ipynb``) in app mode and
    wait until ``ready`` (a CSS selector: by default the first widget box) is visible. Returns
    (scope, seconds until ready)."""
    start = time.monotonic()
    page.goto(f"{server.base_url}voila/render/{quote(path)}")
    scope = page.locator("body")
    scope.locator(ready).first.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
    return scope, time.monotonic() - start


# ---------------------------------------------------------------------------------------------
# Finding and using widgets

def field(scope, label_or_placeholder: str):
    """The text input, text area or select of a widget, found by its placeholder or by its
    description label (exact text). Searches inside ``scope`` (a Page or a Locator)."""
    by_placeholder = scope.locator(
        f'input[placeholder="{label_or_placeholder}"], textarea[placeholder="{label_or_placeholder}"]')
    label = re.compile(rf"^\s*{re.escape(label_or_placeholder)}\s*:?\s*$")
    # ipywidgets 8.1: Text and Combobox are `.widget-text`, the label a `label.widget-label`.
    by_label = (scope.locator(".widget-inline-hbox, .widget-textarea, .widget-text, .widget-dropdown, "
                              ".widget-combobox")
                .filter(has=scope.locator("label.widget-label", has_text=label))
                .locator("input, textarea, select"))
    return by_placeholder.or_(by_label).first


def fill(scope, label_or_placeholder: str, text: str) -> None:
    """Type ``text`` into the field found by :func:`field`, as a participant would (key by key,
    so every widget sees its input events), then leave the field."""
    box = field(scope, label_or_placeholder)
    box.wait_for(state="visible")
    box.click()
    box.press("Control+a")
    box.press("Delete")
    box.press_sequentially(text, delay=15)
    box.press("Tab")


def button(scope, text: str):
    """The widget button (also a ToggleButtons option such as a mood face) whose text is ``text``."""
    return scope.locator("button.jupyter-button, button.widget-toggle-button",
                         has_text=re.compile(rf"^\s*{re.escape(text)}\s*$")).first


def click_button(scope, text: str) -> None:
    """Click the widget button whose visible text is exactly ``text``."""
    b = button(scope, text)
    b.wait_for(state="visible")
    b.click()


def wait_saved(workspace: Path, group: str, predicate: Callable[[Any], bool], timeout: float = SAVE_TIMEOUT):
    """Poll the document of ``group`` in ``workspace`` (read-only) until ``predicate(doc)`` is
    true and return the document; fail with the last document seen otherwise."""
    from helpers.store import Workspace

    ws = Workspace(workspace)
    deadline = time.monotonic() + timeout
    doc = None
    while time.monotonic() < deadline:
        try:
            doc = ws.load_slug(ws.slug(group))
        except Exception:  # a document being replaced: read again
            doc = None
        try:
            if doc is not None and predicate(doc):
                return doc
        except (AttributeError, KeyError, TypeError):
            pass
        time.sleep(0.2)
    shown = json.dumps(doc.model_dump(mode="json"), ensure_ascii=False)[:2000] if doc else None
    raise AssertionError(f"the answers of {group!r} did not reach {workspace} within {timeout} s; last: {shown}")
