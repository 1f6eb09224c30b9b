"""Browser tests: a real JupyterLab and a real app mode (Voila) driven by headless Chromium.

Infrastructure (session-scoped, shared by every browser test):

* ``chromium``: Debian's ``chromium`` from ``PATH``. Missing: the tests are skipped on a laptop,
  and FAIL when the environment variable ``CI`` is set (browser tests never skip in CI).
* ``lab_server`` / ``app_server``: a JupyterLab and an app-mode server on free loopback ports,
  each on its own temporary copy of ``notebooks/`` and its own temporary workspace
  (``WORKSHOP_DIR``). The app server runs exactly :func:`helpers.app.command` with
  :func:`helpers.app.environment`, as ``make app`` does. ``workshop_lab_server`` is JupyterLab as
  ``make lab`` starts it (:func:`helpers.lab.command` and :func:`helpers.lab.environment`: the
  save hook, the Dutch menus and the workshop's extension of ``lab/``); ``lab_server`` is a plain
  JupyterLab without that configuration.
* ``page``: a fresh browser context and page per test. Every request is routed: loopback,
  ``data:`` and ``blob:`` pass, anything else is recorded in ``page.offsite`` and aborted. Tests
  assert ``page.offsite == []``; the fixture checks it again at teardown.
* ``shot``: ``shot(page, "step")`` writes ``artifacts/screenshots/<test>-<nn>-<step>.png``.

Helpers for walking a notebook (the same in JupyterLab and app mode unless noted):

* :func:`open_lab_notebook` opens a notebook, :func:`open_app` the participant's app and
  :func:`app_part` a part of it; each returns the scope (a Locator) every other helper searches in.
* :func:`run_all` (JupyterLab) runs every cell; :func:`restart_and_run_all` (JupyterLab) starts a
  new kernel first, so that the form is rebuilt from the answers on disk.
* :func:`fill`, :func:`click_button`, :func:`field`, :func:`button` find widgets by what a
  participant sees: a placeholder, a description label or a button text.
* :func:`wait_saved` polls the workspace on disk until the group's document satisfies a predicate.

* :func:`choose` (drop-down), :func:`by_placeholder` + :func:`type_into` (text areas, placeholders
  with line breaks), :func:`tick` (checkbox), :func:`slide` (slider, by keyboard), :func:`open_fold`
  (click the title of a folded section, ``helpers.ui.fold``: a participant opens it before typing in it),
  :func:`wait_charts` / :func:`wait_redrawn` (SVG charts drawn in widget outputs: ``img.workshop-chart``
  in JupyterLab and in Voila), :func:`download_links`, :func:`assert_no_failure` (no
  traceback, exception name, error output or ``errors.log``), :func:`shutdown_lab_sessions`,
  :func:`screenshot` (``artifacts/screenshots/<name>.png``).
* :class:`Walk` with :data:`ANSWERS`: the whole workshop (check-in, five steps, debrief) as one
  participant clicks and types it, in either language; used by ``test_walk_lab.py`` and
  ``test_walk_app.py``. ``app_server_en`` serves the English notebooks in app mode.

To walk another notebook: copy ``test_checkin_*`` and replace the steps; a walk is a list of
``fill``/``click_button`` calls followed by one ``wait_saved``.
"""
from __future__ import annotations

import datetime as dt
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


def local_context(browser, offsite: list[str], width: int = 1280, height: int = 1000):
    """A new browser context (its own cookies: another laptop) whose requests never leave this
    computer: every other request is aborted and its URL added to ``offsite``."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block",
                                  locale="nl-NL")

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            offsite.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context


@pytest.fixture
def page(browser, request):
    """A fresh page whose requests never leave this computer.

    ``page.offsite`` lists every URL that tried to (the request was aborted);
    ``page.console_errors`` lists the browser console's errors, for failure messages."""
    offsite: list[str] = []
    context = local_context(browser, offsite)
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
    # The servers and their kernels run in a copy of notebooks/, where a relative PYTHONPATH (".")
    # finds nothing: without this they would import whichever checkout the environment was
    # installed from (an editable install), not the one under test (a git worktree, say).
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]])
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
def workshop_lab_server(chromium, tmp_path_factory):
    """JupyterLab exactly as ``make lab`` starts it (:func:`helpers.lab.command` with
    :func:`helpers.lab.environment`, language nl: the configuration in ``lab/``), on a free
    loopback port, its own copy of notebooks/ and its own workspace."""
    from helpers import lab

    base = tmp_path_factory.mktemp("workshop-lab")
    notebooks = copy_notebooks(base / "notebooks")
    workspace = base / "workspace"
    port, token = free_port(), secrets.token_hex(16)
    cmd = lab.command("--no-browser", f"--ServerApp.token={token}", f"--ServerApp.port={port}",
                      "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1", "--allow-root",
                      f"--ServerApp.root_dir={notebooks}")
    env = lab.environment("nl", base=_isolated_env(base, workspace, "nl"))
    env.pop("WORKSHOP_LANG")           # make lab leaves the kernels' language to each notebook's folder
    log = base / "server.log"
    url = f"http://127.0.0.1:{port}/"
    proc = _start("JupyterLab (make lab)", cmd, env, notebooks, f"{url}api/status?token={token}", log)
    server = Server("workshop-lab", url, notebooks, workspace, proc, log, token=token)
    yield server
    from helpers.app import stop

    stop(proc, grace=15)


def _app_server(tmp_path_factory, lang: str):
    """App mode exactly as ``make app`` starts it (helpers.app.command/environment): the app
    notebook of a copy of notebooks/, with its own workspace."""
    from helpers import app

    base = tmp_path_factory.mktemp(f"app-{lang}")
    notebooks = copy_notebooks(base / "notebooks")
    checkin_notebook(notebooks, lang)
    workspace = base / "workspace"
    port = free_port()
    env = app.environment(lang, base=_isolated_env(base, workspace, lang))
    log = base / "server.log"
    proc = _start(f"App mode (Voila, {lang})", app.command(port, notebooks / "app.ipynb", lang), env, notebooks,
                  app.url(port), log)
    server = Server(f"app-{lang}", app.url(port), notebooks, workspace, proc, log)
    yield server
    app.stop(proc, grace=15)


@pytest.fixture(scope="session")
def app_server(chromium, tmp_path_factory):
    """App mode as ``make app`` starts it, over notebooks/nl (language nl)."""
    yield from _app_server(tmp_path_factory, "nl")


@pytest.fixture(scope="session")
def app_server_en(chromium, tmp_path_factory):
    """App mode as ``python -m helpers app --lang en`` starts it, over notebooks/en (language en)."""
    yield from _app_server(tmp_path_factory, "en")


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


def wait_cells_run(page, timeout: float = KERNEL_TIMEOUT) -> None:
    """Wait until the cells queued by Run All have run, as a person waits for the stars to go (the
    workshop's notebooks hide their code, so the kernel's status is the sign): the kernel seen busy
    (unless it was done before this looked), then idle twice, half a second apart. The whole walk
    waits so before it types: twice in CI a task title typed in JupyterLab while the notebook's
    last cell still ran was saved cut short ("Fo"), the rest of the typing lost."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    status = page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\|\s*Busy")).first
    try:
        status.wait_for(timeout=5000)
    except PlaywrightTimeoutError:
        pass
    for _ in range(2):
        wait_kernel_idle(page, timeout)
        page.wait_for_timeout(500)
    wait_kernel_idle(page, timeout)


def open_app(page, server: Server, ready: str = ".workshop-app .workshop-time-box"):
    """Open the participant's app and wait until ``ready`` (a CSS selector: by default the check-in
    form's time box) is visible. Returns (scope, seconds until ready)."""
    start = time.monotonic()
    page.goto(server.base_url, wait_until="commit")  # Voila streams the page: ready is the widget below
    scope = page.locator("body")
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        scope.locator(ready).first.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
    except PlaywrightTimeoutError:
        pytest.fail(f"the app did not show {ready} within {WIDGET_TIMEOUT / 1000:.0f} s\n"
                    + what_the_server_saw(page, server), pytrace=False)
    return scope, time.monotonic() - start


def start_group(scope, group: str, lang: str, server: Server | None = None) -> None:
    """The check-in as a person does it: the group's name typed, *Start* clicked, and "You are now
    working on ..." read on the page; when it does not come, the failure says what the page and the
    server said."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    from helpers.i18n import t

    fill(scope, t("checkin.group_placeholder", lang), group)
    click_button(scope, t("checkin.open", lang))
    try:
        scope.get_by_text(t("checkin.working_as", lang, group=group)).wait_for(timeout=WIDGET_TIMEOUT)
    except PlaywrightTimeoutError:
        pytest.fail(f"after Start the check-in did not say it works on {group!r} within "
                    f"{WIDGET_TIMEOUT / 1000:.0f} s\n" + what_the_server_saw(_page(scope), server), pytrace=False)


def what_the_server_saw(page, server: Server | None = None) -> str:
    """For a failure: the page's text, and the server's log and the kernels' logs (``workshop.log``
    and ``errors.log`` in the workspace), each cut to its end."""
    try:
        text = page.locator("body").inner_text(timeout=5000)
    except Exception as err:  # noqa: BLE001 - a report, never a second failure
        text = f"(unreadable: {err})"
    parts = [f"--- the page says:\n{text[-2000:]}"]
    if server is None:
        return parts[0]
    parts.append(f"--- {server.name}'s log:\n{server.log_tail(60)}")
    for name in ("workshop.log", "errors.log"):
        for path in sorted(server.workspace.rglob(name)):
            parts.append(f"--- {path}:\n" + "\n".join(path.read_text(errors="replace").splitlines()[-30:]))
    return "\n".join(parts)


def app_part(page, part: str, lang: str, server: Server | None = None):
    """Click ``part`` (one of ``model.STEPS``) in the app's step menu and wait until its page is
    shown: the menu marks it and its form's part is laid out. Returns (scope, seconds)."""
    from helpers.i18n import t

    start = time.monotonic()
    label = t(f"app.part.{part}", lang=lang)
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.locator(".workshop-menu button", has_text=re.compile(rf"(^|\s){re.escape(label)}$")).click()
    try:
        page.locator(f".workshop-page .workshop-part-{part}").wait_for(state="visible", timeout=WIDGET_TIMEOUT)
        page.locator(".workshop-menu button.mod-active", has_text=label).wait_for(timeout=WIDGET_TIMEOUT)
    except PlaywrightTimeoutError:
        pytest.fail(f"the app did not show part {part!r} within {WIDGET_TIMEOUT / 1000:.0f} s\n"
                    + what_the_server_saw(page, server), pytrace=False)
    return page.locator("body"), time.monotonic() - start


# ---------------------------------------------------------------------------------------------
# Finding and using widgets

def _page(scope):
    """The page of ``scope`` (a Page or a Locator): an inner locator given as ``has=`` must start
    from the page, or it would repeat the scope's own selector inside the element."""
    return getattr(scope, "page", scope)


def field(scope, label_or_placeholder: str):
    """The text input, text area or select of a widget, found by its placeholder or by its
    description label (exact text). Searches inside ``scope`` (a Page or a Locator)."""
    by_placeholder = scope.locator(
        f'input[placeholder="{label_or_placeholder}"], textarea[placeholder="{label_or_placeholder}"]')
    label = re.compile(rf"^\s*{re.escape(label_or_placeholder)}\s*:?\s*$")
    # ipywidgets 8.1: Text and Combobox are `.widget-text`, the label a `label.widget-label`.
    by_label = (scope.locator(".widget-inline-hbox, .widget-textarea, .widget-text, .widget-dropdown, "
                              ".widget-combobox")
                .filter(has=_page(scope).locator("label.widget-label", has_text=label))
                .locator("input, textarea, select"))
    return by_placeholder.or_(by_label).first


def fill(scope, label_or_placeholder: str, text: str) -> None:
    """Type ``text`` into the field found by :func:`field`, as a participant would (key by key,
    so every widget sees its input events), then leave the field."""
    type_into(field(scope, label_or_placeholder), text, delay=15)


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


# ---------------------------------------------------------------------------------------------
# More widgets: drop-downs, text areas, checkboxes, sliders, charts, links

def choose(scope, label: str, option: str) -> None:
    """Pick ``option`` (its visible text) in the drop-down whose description label is ``label``."""
    box = field(scope, label)
    box.wait_for(state="visible")
    box.select_option(label=option)


def by_placeholder(scope, placeholder: str):
    """The visible text input or text area whose placeholder is exactly ``placeholder`` (which may
    hold line breaks, unlike a CSS attribute selector)."""
    return scope.get_by_placeholder(placeholder, exact=True).filter(visible=True).first


def type_into(box, text: str, delay: int = 10) -> None:
    """Type ``text`` (line breaks are Enter presses) into ``box`` key by key, then leave it."""
    box.wait_for(state="visible")
    box.click()
    box.press("Control+a")
    box.press("Delete")
    box.press_sequentially(text, delay=delay)
    box.press("Tab")


def checkbox(scope, label: str):
    """The visible checkbox whose description is exactly ``label``."""
    # ipywidgets puts an empty (zero-width space) description label before the box: not \s in JS.
    exact = re.compile(rf"^[\s\u200b]*{re.escape(label)}[\s\u200b]*$")
    return (scope.locator(".widget-checkbox", has_text=exact)
            .filter(visible=True).locator("input[type=checkbox]").first)


def tick(scope, label: str) -> None:
    """Tick the visible checkbox whose description is exactly ``label``."""
    box = checkbox(scope, label)
    box.wait_for(state="visible")
    box.check()


def slider_handle(scope, label: str):
    """The handle of the visible slider whose description label is exactly ``label``."""
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    return (scope.locator(".widget-slider", has=_page(scope).locator("label.widget-label", has_text=exact))
            .filter(visible=True).locator(".noUi-handle").first)


def slide(scope, label: str, steps: int) -> None:
    """Move a slider ``steps`` stops to the right (negative: left) with the keyboard, as a
    participant can; the value is sent when the handle is let go (blur)."""
    handle = slider_handle(scope, label)
    handle.wait_for(state="visible")
    handle.click()
    for _ in range(abs(steps)):
        handle.press("ArrowRight" if steps > 0 else "ArrowLeft")
    handle.press("Tab")


def fold_header(scope, title: str):
    """The clickable title of the fold (an ``Accordion`` section, ``helpers.ui.fold``) called ``title``."""
    return scope.locator(".workshop-fold .jupyter-widget-Collapse-header", has_text=title).first


def open_fold(scope, title: str) -> None:
    """Open the fold called ``title`` by clicking its title, as a participant does, and wait until
    what it holds is shown. A fold that is open already stays open (a second click would close it)."""
    header = fold_header(scope, title)
    header.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
    section = (scope.locator(".workshop-fold .jupyter-widget-Collapse")
               .filter(has=_page(scope).locator(".jupyter-widget-Collapse-header", has_text=title)).first)
    if "jupyter-widget-Collapse-open" not in (section.get_attribute("class") or ""):
        header.click()
    section.locator(".jupyter-widget-Collapse-contents").wait_for(state="visible", timeout=WIDGET_TIMEOUT)


def chart_images(scope):
    """Charts drawn as SVG inside widget outputs: an ``img.workshop-chart`` with its title as
    alternative text (in ``.jp-RenderedHTML``, in JupyterLab and Voila alike)."""
    return scope.locator(".widget-output img.workshop-chart")


def drawn(img) -> bool:
    """Whether the image has really been decoded and drawn (not a broken picture)."""
    return bool(img.evaluate("el => el.complete && el.naturalWidth > 0 && el.naturalHeight > 0"))


def wait_charts(scope, count: int = 1, timeout: float = 60_000) -> list[str]:
    """Wait until at least ``count`` charts are drawn; return their ``src`` (to tell a redraw)."""
    images = chart_images(scope)
    images.nth(count - 1).wait_for(state="attached", timeout=timeout)
    deadline = time.monotonic() + timeout / 1000
    while True:
        srcs = []
        ok = True
        for i in range(images.count()):
            img = images.nth(i)
            if not drawn(img):
                ok = False
                break
            srcs.append(img.get_attribute("src") or "")
        if ok and len(srcs) >= count:
            return srcs
        if time.monotonic() > deadline:
            raise AssertionError(f"{count} chart(s) expected, drawn: {len(srcs)} of {images.count()}")
        time.sleep(0.2)


def wait_redrawn(scope, before: list[str], index: int, timeout: float = 60_000) -> str:
    """Wait until chart ``index`` differs from ``before[index]`` (the form drew it again) and is drawn."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        srcs = wait_charts(scope, index + 1, timeout)
        if srcs[index] != before[index]:
            return srcs[index]
        if time.monotonic() > deadline:
            raise AssertionError(f"chart {index} was not drawn again")
        time.sleep(0.2)


def download_links(scope) -> dict[str, str]:
    """Visible download links as {file name: href}."""
    links = scope.locator("a[download]")
    return {links.nth(i).get_attribute("download"): links.nth(i).get_attribute("href") or ""
            for i in range(links.count())}


# ---------------------------------------------------------------------------------------------
# What a participant must never see

#: Python's own words for a failure: none may be visible on a page a participant sees.
PYTHON_FAILURE = re.compile(r"Traceback \(most recent call last\)|\b(?:[A-Z][A-Za-z]*)?(?:Error|Exception)\b")


def assert_no_failure(scope, server: Server, lang: str) -> None:
    """No Python traceback or exception name on the page, no error output, no "something went
    wrong" message from a form, and nothing in the workspace's ``errors.log``."""
    from helpers.i18n import t

    text = scope.inner_text()
    found = PYTHON_FAILURE.findall(text)
    assert not found, f"a Python failure is visible: {found[:3]}"
    assert t("ui.unexpected", lang=lang) not in text
    assert scope.locator('[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-executeError'
                         ).count() == 0, "an error output is visible"
    log = server.workspace / "errors.log"
    assert not log.exists(), f"a form logged an unexpected error:\n{log.read_text(errors='replace')[-3000:]}"


# ---------------------------------------------------------------------------------------------
# Closing notebooks (a 2-core machine: idle kernels of earlier steps are shut down)

def lab_api(server: Server, path: str, method: str = "GET"):
    import urllib.request

    req = urllib.request.Request(f"{server.base_url}api/{path}?token={server.token}", method=method)
    with urllib.request.urlopen(req, timeout=30) as resp:
        body = resp.read()
    return json.loads(body) if body else None


def shutdown_lab_sessions(page, server: Server) -> None:
    """Leave JupyterLab (about:blank) and shut down every kernel session of the lab server."""
    page.goto("about:blank")
    for s in lab_api(server, "sessions") or []:
        lab_api(server, f"sessions/{s['id']}", method="DELETE")


def screenshot(page, name: str, target=None, whole=None) -> Path:
    """``artifacts/screenshots/<name>.png``: the page (``target`` scrolled into view first), or
    all of the element ``whole`` however long it is (app mode scrolls inside the page, so a
    full-page picture would stop at the window's edge)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if whole is not None:  # a window as tall as the element, for one picture, then as it was
        path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_-]+', '-', name)}.png"
        size = page.viewport_size
        height = whole.first.evaluate("el => el.getBoundingClientRect().bottom + window.scrollY")
        page.set_viewport_size({"width": size["width"], "height": int(min(max(height + 40, size["height"]), 12000))})
        page.wait_for_timeout(300)
        page.screenshot(path=str(path))
        page.set_viewport_size(size)
        return path
    if target is not None:
        try:
            target.first.scroll_into_view_if_needed(timeout=5_000)
        except Exception:
            pass
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# ---------------------------------------------------------------------------------------------
# The whole workshop as one participant walks it (check-in, five steps, debrief)

#: The notebooks of the walk, in order, per language.
NOTEBOOKS = {
    "nl": ("00-inchecken.ipynb", "01-doelgroep.ipynb", "02-smart-doelen.ipynb", "03-kanalen.ipynb",
           "04-content.ipynb", "05-team-en-kalender.ipynb", "06-nabespreking.ipynb"),
    "en": ("00-check-in.ipynb", "01-audience.ipynb", "02-smart-goals.ipynb", "03-channels.ipynb",
           "04-content.ipynb", "05-team-and-calendar.ipynb", "06-debrief.ipynb"),
}


@dataclass(frozen=True)
class Answers:
    """What the participant types and clicks, in one language."""

    lang: str
    group: str
    person: str
    word: str
    occupation: str
    interests: tuple[str, ...]
    pains: tuple[str, ...]
    gains: tuple[str, ...]
    persona: str
    goal: str
    themes: tuple[str, ...]
    member: tuple[str, str]
    task: str
    rose: str
    thorn: str
    bud: str
    mood: tuple[int, str] = (4, "🙂")
    ages: tuple[int, int] = (25, 40)
    gender: str = "women"
    income: str = "middle"
    platform: str = "instagram"          # ticked in step 1, rated in step 3
    org_goal: str = "awareness"
    brand_fit: int = 4
    feature: str = "ads"
    chosen: tuple[str, ...] = ("instagram", "linkedin")
    posts: int = 3
    days: tuple[str, ...] = ("mon", "wed", "fri")
    times: tuple[str, str] = ("9:00, 19.30", "09:00 19:30")   # as typed, as saved (space-separated)
    due_refused: str = "31-2-2027"       # a task's due date the field refuses first, with a message
    due: str = "1-7-2027"                # then typed as a participant writes it
    due_saved: str = "2027-07-01"


ANSWERS = {
    "nl": Answers(
        lang="nl", group="Team Browser", person="Noor", word="gretig",
        occupation="zzp'er in de zorg", interests=("wandelen", "duurzaam leven"),
        pains=("te weinig tijd",), gains=("snel een betrouwbaar antwoord",), persona="Sanne (34)",
        goal="Tegen het einde van 2027 zal ik het aantal fans op de Facebook-pagina met 10% verhogen.",
        themes=("tips voor beginners", "klantverhalen"), member=("Noor", "contentmaker"),
        task="Foto's maken voor de eerste week", rose="Samen de persona bedenken",
        thorn="De tijd was krap", bud="Elke maand een klantverhaal"),
    "en": Answers(
        lang="en", group="Team Browser EN", person="Noor", word="curious",
        occupation="self-employed nurse", interests=("walking", "sustainable living"),
        pains=("too little time",), gains=("a reliable answer quickly",), persona="Sanne (34)",
        goal="By the end of 2027 I will increase the number of fans on the Facebook page by 10%.",
        themes=("tips for beginners", "customer stories"), member=("Noor", "content creator"),
        task="Take photos for the first week", rose="Making up the persona together",
        thorn="Time was tight", bud="A customer story every month",
        due_refused="1/7/2027", due="July 1, 2027"),   # day and month could swap: refused in English
}


class Walk:
    """One participant walking the notebooks of ``answers.lang`` on ``server``.

    ``open(notebook)`` opens a notebook (and runs it, in JupyterLab) and returns the scope to
    search in; ``close()`` leaves it (and shuts its kernel down). Each step types and clicks its
    answers, waits for them on disk, checks what the page shows (cards, verdicts, charts, links),
    that no failure is visible and that nothing left this computer, then takes a screenshot
    ``artifacts/screenshots/<prefix>-<nn>-<step>.png``."""

    def __init__(self, page, server: Server, answers: Answers, prefix: str,
                 open: Callable[[str], Any], close: Callable[[], None]):
        self.page, self.server, self.a, self.prefix = page, server, answers, prefix
        self._open, self._close = open, close
        self.timings: dict[str, tuple[float, float, float]] = {}   # open, answer, close (s)
        for old in SCREENSHOTS.glob(f"{prefix}-*.png"):   # no stale pictures of an earlier run
            old.unlink()

    # -- plumbing ----------------------------------------------------------------------------------
    def t(self, key: str, **kw) -> str:
        from helpers.i18n import t

        return t(key, lang=self.a.lang, **kw)

    def notebook(self, index: int) -> str:
        return NOTEBOOKS[self.a.lang][index]

    def saved(self, predicate: Callable[[Any], bool]):
        return wait_saved(self.server.workspace, self.a.group, predicate)

    def done(self, scope, index: int, step: str, target=None) -> None:
        assert_no_failure(scope, self.server, self.a.lang)
        assert self.page.offsite == [], f"requests left localhost: {self.page.offsite}"
        screenshot(self.page, f"{self.prefix}-{index:02d}-{step}", target=target)

    def run(self, index: int, step: Callable[[Any], None], close: bool = True):
        """Open notebook ``index``, walk ``step`` in it and (unless ``close`` is false) close it;
        return the scope. The time of each part is kept in :attr:`timings`."""
        start = time.monotonic()
        scope = self._open(self.notebook(index))
        opened = time.monotonic()
        try:
            step(scope)
        except BaseException:
            screenshot(self.page, f"{self.prefix}-{index:02d}-FAILED")
            raise
        answered = time.monotonic()
        if close:
            self._close()
        self.timings[self.notebook(index)] = (opened - start, answered - opened, time.monotonic() - answered)
        return scope

    def report(self) -> str:
        return "\n".join(f"  {name}: open {o:.1f} s, answer {a:.1f} s, close {c:.1f} s"
                         for name, (o, a, c) in self.timings.items())

    def walk(self):
        """Every step in order; the last notebook (the debrief) stays open: its scope is returned."""
        steps = (self.checkin, self.audience, self.goals, self.channels, self.content, self.team, self.debrief)
        scope = None
        for index, step in enumerate(steps):
            scope = self.run(index, step, close=index < len(steps) - 1)
        return scope

    # -- the steps ---------------------------------------------------------------------------------
    def checkin(self, scope) -> None:
        a = self.a
        group_box = field(scope, self.t("checkin.group_placeholder"))
        group_box.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
        start_group(scope, a.group, a.lang, self.server)
        fill(scope, self.t("checkin.name_placeholder"), a.person)
        click_button(scope, a.mood[1])
        fill(scope, self.t("checkin.word_placeholder"), a.word)
        doc = self.saved(lambda d: d.checkin.people[a.person].mood == a.mood[0]
                         and d.checkin.people[a.person].word == a.word)
        assert doc.group == a.group and doc.language == a.lang
        people = scope.locator(".widget-html", has_text=self.t("checkin.who_is_here"))
        expect_text(people, rf"{re.escape(a.person)}\s*:\s*{re.escape(a.word)}")
        self.done(scope, 0, "checkin", target=group_box)

    def audience(self, scope) -> None:
        a = self.a
        from helpers.channels import platform_label

        from playwright.sync_api import expect

        age_from = field(scope, self.t("fields.audience.age_min"))
        age_from.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
        # what the workshop needs comes first; the rest is folded away until its title is clicked
        pains = scope.get_by_placeholder(self.t("audience.pains_placeholder"), exact=True)
        expect(pains).to_be_hidden()
        fill(scope, self.t("fields.audience.age_min"), str(a.ages[0]))
        fill(scope, self.t("fields.audience.age_max"), str(a.ages[1]))
        choose(scope, self.t("fields.audience.gender"), self.t(f"audience.gender.{a.gender}"))
        fill(scope, self.t("fields.audience.occupation"), a.occupation)
        choose(scope, self.t("fields.audience.income"), self.t(f"audience.income.{a.income}"))
        type_into(by_placeholder(scope, self.t("audience.interests_placeholder")), "\n".join(a.interests))
        self.saved(lambda d: tuple(d.audience.interests) == a.interests and d.audience.income == a.income)
        card = scope.locator(".workshop-persona-card")
        expect_text(card, re.escape(a.occupation))   # the card works with the minimum alone
        more = fold_header(scope, self.t("audience.more_title"))
        screenshot(self.page, f"{self.prefix}-01-audience-minimum", target=more)
        open_fold(scope, self.t("audience.more_title"))
        tick(scope, platform_label(a.platform, self.a.lang))
        type_into(by_placeholder(scope, self.t("audience.pains_placeholder")), "\n".join(a.pains))
        type_into(by_placeholder(scope, self.t("audience.gains_placeholder")), "\n".join(a.gains))
        fill(scope, self.t("fields.audience.persona_name"), a.persona)
        doc = self.saved(lambda d: d.audience.persona_name == a.persona and tuple(d.audience.gains) == a.gains)
        au = doc.audience
        assert (au.age_min, au.age_max, au.gender, au.occupation) == (*a.ages, a.gender, a.occupation)
        assert tuple(au.interests) == a.interests and tuple(au.pains) == a.pains
        assert platform_label(a.platform, a.lang) in au.online_where
        for text in (a.persona, a.occupation, *a.interests, *a.pains, *a.gains):
            expect_text(card, re.escape(text))
        wait_charts(scope, 1)          # the platform-use chart
        self.done(scope, 1, "audience", target=card)

    def goals(self, scope) -> None:
        a = self.a
        from helpers import smart

        sentence = by_placeholder(scope, self.t("goals.sentence_placeholder"))
        sentence.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
        type_into(sentence, a.goal)
        label = next(g["label"] for g in smart.org_goals(a.lang) if g["key"] == a.org_goal)
        choose(scope, self.t("fields.org_goal"), label)
        verdict = scope.locator(".workshop-verdict")
        expect_text(verdict, re.escape(self.t("goals.score", score=5)))
        doc = self.saved(lambda d: d.goals[0].sentence == a.goal and d.goals[0].org_goal == a.org_goal
                         and all(smart.verdict(d.goals[0], a.lang).values()))
        assert len(doc.goals) == 1
        self.done(scope, 2, "goals", target=verdict)

    def channels(self, scope) -> None:
        from playwright.sync_api import expect

        from helpers.channels import component_label, platform_label, shortlist
        from helpers.store import Workspace

        a = self.a
        rated = platform_label(a.platform, a.lang)
        slider_handle(scope, rated).wait_for(state="visible", timeout=WIDGET_TIMEOUT)
        before = wait_charts(scope, 1)
        # the brand fit is asked of the platforms that fit the audience of step 1 best, the rest and
        # the weights are folded away
        asked = shortlist(Workspace(self.server.workspace).load(a.group))
        assert a.platform in asked, asked
        in_sight = scope.locator(".workshop-shortlist .widget-slider").filter(visible=True)
        expect(in_sight).to_have_count(len(asked))
        for p in asked:
            expect(in_sight.filter(has_text=platform_label(p, a.lang))).to_have_count(1)
        folded = (scope.locator(".workshop-fold .widget-slider")
                  .filter(has=_page(scope).locator("label.widget-label", has_text=component_label("brand", a.lang))))
        expect(folded).to_be_hidden()
        screenshot(self.page, f"{self.prefix}-03-channels-shortlist", target=in_sight.first)
        slide(scope, rated, a.brand_fit + 1)        # from "not rated" over 0, 1, ... to brand_fit
        tick(scope, self.t(f"platforms.features.{a.feature}"))
        for p in a.chosen:
            tick(scope, platform_label(p, a.lang))
        doc = self.saved(lambda d: tuple(d.channels.chosen) == a.chosen
                         and d.channels.brand_fit.get(a.platform) == a.brand_fit
                         and a.feature in d.channels.features_wanted)
        assert doc.channels.brand_fit == {a.platform: a.brand_fit}
        wait_redrawn(scope, before, 0)              # the score chart follows the choices
        table = scope.locator("table.workshop-table", has_text=self.t("channels.columns.total"))
        expect_text(table, re.escape(platform_label(a.chosen[0], a.lang)) + r" ✓")
        self.done(scope, 3, "channels", target=chart_images(scope).first)

    def content(self, scope) -> None:
        from helpers import labels

        a = self.a
        themes = by_placeholder(scope, self.t("contentform.themes_placeholder"))
        themes.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
        before = wait_charts(scope, 2)              # the Hero-Hub-Help mix and the weekly plan
        type_into(themes, "\n".join(a.themes))
        channel = a.chosen[0]                       # its plan is open; the others are folded
        fill(scope, self.t("fields.content.posts_per_week"), str(a.posts))
        for day in a.days:
            tick(scope, labels.weekday(day, a.lang, short=True))
        fill(scope, self.t("fields.content.times"), a.times[0])
        times = a.times[1].split()
        doc = self.saved(lambda d: d.content.times.get(channel) == times
                         and tuple(d.content.days.get(channel, ())) == a.days)
        assert tuple(doc.content.themes) == a.themes
        assert doc.content.posts_per_week[channel] == a.posts
        wait_redrawn(scope, before, 1)
        self.done(scope, 4, "content", target=chart_images(scope).nth(1))

    def team(self, scope) -> None:
        a = self.a
        click_button_wait(scope, self.t("team.add_member"))
        type_into(by_placeholder(scope, self.t("team.name_placeholder")), a.member[0])
        type_into(by_placeholder(scope, self.t("team.role_placeholder")), a.member[1])
        self.saved(lambda d: [(m.name, m.role) for m in d.team.members] == [a.member])
        click_button(scope, self.t("team.add_task"))
        type_into(by_placeholder(scope, self.t("team.task_placeholder")), a.task)
        type_into(by_placeholder(scope, self.t("team.owner_placeholder")), a.member[0])
        self.saved(lambda d: [(x.title, x.owner) for x in d.team.tasks] == [(a.task, a.member[0])])
        self.due_date(scope)
        click_button(scope, self.t("team.generate"))
        doc = self.saved(lambda d: len(d.calendar.entries) > 0)
        assert {e.channel for e in doc.calendar.entries} >= {a.chosen[0]}
        assert {e.time for e in doc.calendar.entries if e.channel == a.chosen[0]} <= set(a.times[1].split())
        wait_charts(scope, 1)                       # the calendar
        links = wait_links(scope, 3)                # ready at once after generating
        # one row of the calendar retitled at a person's speed (150 ms a key, spaces and all)
        field(scope, self.t("team.row")).select_option(index=1)
        # as a person does: the row's own title appears in the field before they retype it
        shown = self.saved(lambda d: len(d.calendar.entries) > 1).calendar.entries[1].title
        _page(scope).wait_for_function("([el, want]) => el.value === want && !el.disabled",
                                         arg=[field(scope, self.t("fields.title")).element_handle(), shown])
        title = "Bestel je stol bij de bakker" if a.lang == "nl" else "Order your stollen at the baker"
        type_into(field(scope, self.t("fields.title")), title, delay=150)
        try:
            self.saved(lambda d: len(d.calendar.entries) > 1 and d.calendar.entries[1].title == title)
        except AssertionError:
            saved = self.saved(lambda d: len(d.calendar.entries) > 1).calendar.entries[1].title
            on_page = field(scope, self.t("fields.title")).input_value()
            screenshot(_page(scope), f"{self.prefix}-retitle-failed")
            raise AssertionError(f"typed {title!r}; saved {saved!r}; the field shows {on_page!r}") from None
        click_button(scope, self.t("team.prepare_downloads"))
        deadline = time.monotonic() + 30
        while title not in _data_text(wait_links(scope, 3).get(next(n for n in links if n.endswith(".csv")), "")):
            assert time.monotonic() < deadline, "the CSV download does not hold the row as typed"
            time.sleep(0.2)
        links = wait_links(scope, 3)
        assert {name.rsplit(".", 1)[-1] for name in links} >= {"csv", "xlsx", "ics"}, links
        assert all(href.startswith("data:") for href in links.values()), links
        assert title in _data_text(next(h for n, h in links.items() if n.endswith(".ics"))).replace("\r\n ", "")
        self.done(scope, 5, "team-calendar", target=chart_images(scope).first)

    def due_date(self, scope) -> None:
        """The task's due date typed as text: a date the field cannot take is explained below it and
        not saved; the right one is saved, read back beside the box and written out in it."""
        from playwright.sync_api import expect

        from helpers import dates

        a = self.a
        box = scope.locator(".workshop-date").filter(visible=True).first   # the task's (the calendar's come later)
        due = box.get_by_placeholder(self.t("dates.placeholder"), exact=True)
        type_into(due, a.due_refused)
        with pytest.raises(dates.DateProblem) as refused:
            dates.parse_date(a.due_refused, a.lang)
        expect_text(box.locator(".workshop-error"), re.escape(refused.value.message))
        type_into(due, a.due)
        saved = dt.date.fromisoformat(a.due_saved)
        self.saved(lambda d: d.team.tasks[0].due == saved)
        expect_text(box.locator(".workshop-date-read"), re.escape(dates.show_day(saved, a.lang)))
        expect(box.locator("input")).to_have_value(dates.show_date(saved, a.lang))
        expect(box.locator(".workshop-error")).not_to_contain_text(refused.value.message)

    def debrief(self, scope) -> None:
        a = self.a
        frame = scope.locator(".workshop-onepager iframe")
        frame.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
        self.check_onepager(scope)
        type_into(by_placeholder(scope, self.t("debrief.rose_placeholder")), a.rose)
        type_into(by_placeholder(scope, self.t("debrief.thorn_placeholder")), a.thorn)
        type_into(by_placeholder(scope, self.t("debrief.bud_placeholder")), a.bud)
        self.saved(lambda d: (d.debrief.rose, d.debrief.thorn, d.debrief.bud) == (a.rose, a.thorn, a.bud))
        self.done(scope, 6, "debrief", target=by_placeholder(scope, self.t("debrief.rose_placeholder")))

    # -- checks shared by the steps and the reloads -------------------------------------------------
    def check_onepager(self, scope) -> None:
        """The one-pager shows in a sandboxed frame (scripts cannot run) with the group's answers
        and its charts drawn."""
        a = self.a
        frame = scope.locator(".workshop-onepager iframe")
        assert frame.get_attribute("sandbox") == "", "the one-pager frame must be fully sandboxed"
        inner = frame.content_frame
        body = inner.locator("body")
        for text in (a.group, a.persona, a.goal):
            expect_text(body, re.escape(text))
        images = inner.locator("img")
        images.first.wait_for(state="attached")
        for i in range(images.count()):
            assert drawn(images.nth(i)), f"one-pager image {i} is not drawn"

    def check_audience_shown(self, scope) -> None:
        """The audience form shows the saved answers (after a reload: from disk)."""
        from playwright.sync_api import expect

        a = self.a
        age_from = field(scope, self.t("fields.audience.age_min"))
        expect(age_from).to_have_value(str(a.ages[0]), timeout=WIDGET_TIMEOUT)
        expect(field(scope, self.t("fields.audience.age_max"))).to_have_value(str(a.ages[1]))
        expect(field(scope, self.t("fields.audience.occupation"))).to_have_value(a.occupation)
        expect(by_placeholder(scope, self.t("audience.interests_placeholder"))).to_have_value("\n".join(a.interests))
        # ipywidgets 8 gives each option of a drop-down its label as value
        expect(field(scope, self.t("fields.audience.gender"))).to_have_value(self.t(f"audience.gender.{a.gender}"))
        expect(field(scope, self.t("fields.audience.income"))).to_have_value(self.t(f"audience.income.{a.income}"))
        from helpers.channels import platform_label

        # the fold is closed again in a new kernel; what was typed in it is kept
        expect(by_placeholder(scope, self.t("audience.pains_placeholder"))).to_have_count(0)
        open_fold(scope, self.t("audience.more_title"))
        expect(field(scope, self.t("fields.audience.persona_name"))).to_have_value(a.persona)
        expect(checkbox(scope, platform_label(a.platform, a.lang))).to_be_checked()
        expect(by_placeholder(scope, self.t("audience.pains_placeholder"))).to_have_value("\n".join(a.pains))
        card = scope.locator(".workshop-persona-card")
        for text in (a.persona, *a.interests):
            expect_text(card, re.escape(text))
        wait_charts(scope, 1)

    def check_rose_shown(self, scope) -> None:
        from playwright.sync_api import expect

        a = self.a
        for key, value in (("rose", a.rose), ("thorn", a.thorn), ("bud", a.bud)):
            expect(by_placeholder(scope, self.t(f"debrief.{key}_placeholder"))).to_have_value(
                value, timeout=WIDGET_TIMEOUT)
        self.check_onepager(scope)

    def check_document(self) -> None:
        """After the whole walk every step's answers are still in the one document (no notebook
        overwrote another's answers)."""
        from helpers.store import Workspace

        a = self.a
        doc = Workspace(self.server.workspace).load(a.group)
        assert doc is not None
        assert doc.checkin.people[a.person].word == a.word
        assert doc.audience.persona_name == a.persona and (doc.audience.age_min, doc.audience.age_max) == a.ages
        assert doc.goals[0].sentence == a.goal and doc.goals[0].org_goal == a.org_goal
        assert tuple(doc.channels.chosen) == a.chosen
        assert doc.content.posts_per_week[a.chosen[0]] == a.posts
        assert [(m.name, m.role) for m in doc.team.members] == [a.member]
        assert doc.calendar.entries
        assert (doc.debrief.rose, doc.debrief.thorn, doc.debrief.bud) == (a.rose, a.thorn, a.bud)


def expect_text(locator, pattern: str, timeout: float = 30_000) -> None:
    """Wait until ``locator`` (its first match) shows text matching ``pattern``."""
    from playwright.sync_api import expect

    expect(locator.first).to_contain_text(re.compile(pattern), timeout=timeout)


def click_button_wait(scope, text: str) -> None:
    """:func:`click_button` after waiting (as long as a kernel start may take) for the button."""
    button(scope, text).wait_for(state="visible", timeout=WIDGET_TIMEOUT)
    click_button(scope, text)


def add_row(scope, button_text: str, placeholder: str):
    """Click an add button and wait, as a person does, for the new row to appear; its box with
    ``placeholder`` (typing before it is there lands in the row above)."""
    boxes = scope.get_by_placeholder(placeholder, exact=True)
    before = boxes.count()
    click_button(scope, button_text)
    deadline = time.monotonic() + WIDGET_TIMEOUT / 1000
    while boxes.count() <= before:
        if time.monotonic() > deadline:
            raise AssertionError(f"no new row after clicking {button_text!r}")
        time.sleep(0.05)
    return boxes.nth(before)


def _data_text(href: str) -> str:
    """The text a ``data:...;base64,`` download link hands out."""
    import base64

    return base64.b64decode(href.split(",", 1)[1]).decode("utf-8-sig") if "," in href else ""


def wait_links(scope, count: int, timeout: float = 30.0) -> dict[str, str]:
    """Wait for at least ``count`` download links; return them as {file name: href}."""
    deadline = time.monotonic() + timeout
    while True:
        links = download_links(scope)
        if len(links) >= count or time.monotonic() > deadline:
            return links
        time.sleep(0.2)
