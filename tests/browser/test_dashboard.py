"""The trainer's dashboard in a real JupyterLab, started as `make trainer` does (root folder with
workshop/ in it, WORKSHOP_SHARED_DIR on a generated class of 30 groups with two corrupt files and one
hostile group): run it, see the Rose wall and presentation mode, and check that no participant text
ran as markup (no dialog, no img or script from group text) and that no request left this computer.

Screenshots: ``artifacts/screenshots/dashboard-<lang>-<step>.png``.
"""
from __future__ import annotations

from pathlib import Path
import re
import secrets
import shutil

import pytest

from helpers.classroom import MAX_UPLOAD_BYTES
from helpers.i18n import t
from helpers.store import Workspace
from tests.factories import make_class

from .conftest import (ROOT, Server, _isolated_env, _start, free_port, open_lab_notebook, run_all,
                       screenshot)

N = 30
WIDGET_TIMEOUT = 90_000  # ms: kernel start, the first chart drawn offline and the first one-pager

#: Elements that participant text would create if it ran as markup; counted in every frame.
HOSTILE_DOM = """() => ({
  img_x: document.querySelectorAll('img[src="x"]').length,
  onerror: document.querySelectorAll('[onerror]').length,
  alert_scripts: [...document.querySelectorAll('script')].filter(s => /alert\\(/.test(s.textContent)).length,
})"""


@pytest.fixture(scope="module")
def trainer_server(chromium, tmp_path_factory):
    """JupyterLab as ``make trainer`` starts it (:func:`helpers.lab.command`, the configuration in
    ``lab/``): root folder with ``workshop/`` (a copy), and ``WORKSHOP_SHARED_DIR`` on a generated class."""
    from helpers import lab

    base = tmp_path_factory.mktemp("trainer")
    root = base / "root"
    shutil.copytree(ROOT / "workshop", root / "workshop", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    room = make_class(base / "results", N, seed=0)
    workspace = base / "workspace"
    # JupyterLab's own menus in English (the status bar's "Idle" that the helpers wait for); the
    # dashboard's language is the notebook's (dashboard.nl / dashboard.en)
    env = lab.environment("en", base=_isolated_env(base, workspace, "nl"))
    env.pop("WORKSHOP_LANG", None)  # the notebook's name says the language
    env["WORKSHOP_SHARED_DIR"] = str(room.folder)
    port, token = free_port(), secrets.token_hex(16)
    cmd = lab.command("--no-browser", f"--ServerApp.token={token}", f"--ServerApp.port={port}",
                      "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1", "--allow-root",
                      f"--ServerApp.root_dir={root}")
    url = f"http://127.0.0.1:{port}/"
    log = base / "server.log"
    proc = _start("JupyterLab (trainer)", cmd, env, root, f"{url}api/status?token={token}", log)
    server = Server("trainer", url, root, workspace, proc, log, token=token, extra={"room": room})
    yield server
    from helpers.app import stop

    stop(proc, grace=15)


def _tab(dash, title: str):
    """Click the dashboard tab ``title`` and wait until it is the current one."""
    tab = dash.locator(".lm-TabBar-tab", has_text=re.compile(rf"^\s*{re.escape(title)}\s*$")).first
    for _ in range(3):  # the first click after the one-pager's iframe may only take the focus
        tab.click()
        try:
            dash.page.wait_for_function("el => el.classList.contains('lm-mod-current')", arg=tab.element_handle(),
                                        timeout=5_000)
            return tab
        except Exception:
            continue
    raise AssertionError(f"the tab {title!r} could not be opened")


def _no_hostile_dom(page) -> None:
    for frame in page.frames:
        found = frame.evaluate(HOSTILE_DOM)
        assert found == {"img_x": 0, "onerror": 0, "alert_scripts": 0}, (frame.url[:80], found)


def _upload_dir(server) -> Path:
    folder = Path(server.workspace).parent / "uploads"
    folder.mkdir(exist_ok=True)
    return folder


def _group_file(server, group: str) -> Path:
    """The group file a participant would send (the debrief's JSON download) of a new group."""
    ws = Workspace(_upload_dir(server) / "laptop")
    ws.create(group, "nl")
    return ws.path_for(group)


def _drop(page, zone, files: list[dict]) -> None:
    """Drop files (``{"name", "text"}``) onto ``zone`` at once, as a file manager does: a
    DataTransfer built in the page, then dragenter, dragover and drop."""
    dropped = page.evaluate_handle(
        "files => { const dt = new DataTransfer();"
        " for (const f of files) dt.items.add(new File([f.text], f.name, {type: 'application/json'}));"
        " return dt; }", files)
    for event in ("dragenter", "dragover", "drop"):
        zone.dispatch_event(event, {"dataTransfer": dropped})


def _choose(page, button, *paths: Path) -> None:
    """As a trainer does: the button, then the files in the dialog."""
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files([str(p) for p in paths])


def _hooked(page) -> None:
    """Wait until the drop zone's script has found the upload widget's own file input."""
    page.wait_for_function("() => [...document.querySelectorAll('.wsm-collect-zone')].some(z => z.__wsmCollect)",
                           timeout=WIDGET_TIMEOUT)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dashboard_in_jupyterlab(page, trainer_server, lang):
    room = trainer_server.extra["room"]
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.set_viewport_size({"width": 1400, "height": 1100})
    open_lab_notebook(page, trainer_server, f"workshop/dashboard.{lang}.ipynb")
    run_all(page)

    dash = page.locator(".wsm-dashboard").first
    dash.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
    status = dash.locator(".wsm-dashboard-status")
    status.get_by_text(re.compile(rf"\b{N}\b")).first.wait_for(timeout=WIDGET_TIMEOUT)
    assert t("dashboard.summary_broken", lang, count=2) in status.inner_text()
    screenshot(page, f"dashboard-{lang}-01-clock", dash)

    # progress: every group, and the broken files named
    _tab(dash, t("dashboard.tab.progress", lang))
    grid = dash.locator(".wsm-progress-grid")
    grid.wait_for(state="visible")
    assert grid.locator("tbody tr").count() == N
    broken = dash.locator(".wsm-broken")
    for name in room.corrupt:
        assert name in broken.inner_text()
    screenshot(page, f"dashboard-{lang}-02-progress", grid)

    # the check-in and the choices: charts drawn offline, tables
    _tab(dash, t("dashboard.tab.checkin", lang))
    words = dash.locator(".wsm-words")
    words.wait_for(state="visible")
    assert "koffie" in words.inner_text()
    screenshot(page, f"dashboard-{lang}-03-checkin", words)
    _tab(dash, t("dashboard.tab.choices", lang))
    goals = dash.locator("table.wsm-table").nth(1)
    goals.wait_for(state="visible")
    screenshot(page, f"dashboard-{lang}-04-choices", goals)

    # the Rose wall: three columns with the groups' names; the hostile name shown as text
    _tab(dash, t("dashboard.tab.rose", lang))
    wall = dash.locator(".wsm-rose-wall")
    wall.wait_for(state="visible")
    text = wall.inner_text()
    finished = next(d for d in room.docs if d.debrief.rose and not d.group.startswith("<"))
    assert finished.group in text and finished.debrief.rose in text
    assert "<script>alert(1)</script><img src=x onerror=alert(1)>" in text
    for key in ("rose", "thorn", "bud"):
        assert wall.locator(f".wsm-rose-{key}").is_visible()
    screenshot(page, f"dashboard-{lang}-05-rose", wall)

    # presentation mode: one group's one-pager, Next goes to the next group
    _tab(dash, t("dashboard.tab.present", lang))
    frame = dash.locator(".wsm-dashboard-presentation iframe")
    frame.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
    first_title = frame.get_attribute("title")
    dash.get_by_text(t("dashboard.present.position", lang, number=1, count=N)).wait_for()
    screenshot(page, f"dashboard-{lang}-06-presentation-1", frame)
    dash.locator("button", has_text=t("dashboard.present.next", lang)).click()
    dash.get_by_text(t("dashboard.present.position", lang, number=2, count=N)).wait_for(timeout=WIDGET_TIMEOUT)
    # the widget replaces its HTML: ask the page for the iframe shown now
    page.wait_for_function("old => { const f = document.querySelector('.wsm-dashboard-presentation iframe');"
                           " return f !== null && f.title !== old; }", arg=first_title, timeout=WIDGET_TIMEOUT)
    # the one-pager is drawn inside its sandbox
    inner = page.frame_locator(".wsm-dashboard-presentation iframe").locator("body")
    inner.wait_for(timeout=WIDGET_TIMEOUT)
    assert inner.inner_text().strip()
    screenshot(page, f"dashboard-{lang}-07-presentation-2", frame)

    # files: the three downloads (the class's Excel, the one-pagers, the full reports), as data: links
    _tab(dash, t("dashboard.tab.files", lang))
    exports = dash.locator(".wsm-dashboard-exports a.workshop-download")
    exports.first.wait_for(timeout=WIDGET_TIMEOUT)
    assert exports.count() == 3
    assert all((exports.nth(i).get_attribute("href") or "").startswith("data:") for i in range(3))
    screenshot(page, f"dashboard-{lang}-08-files", exports)

    # collecting group files, at 1280x720 as on a trainer's laptop
    page.set_viewport_size({"width": 1280, "height": 720})
    zone = dash.locator(".wsm-collect-zone")
    zone.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
    assert t("collect.drop", lang) in zone.inner_text()
    _hooked(page)  # dropped and chosen files take one way
    results = dash.locator(".wsm-dashboard-upload-result")
    kept = dash.locator(".wsm-collect-uploads")
    groups = [f"Team Sleep {lang}", f"Team Upload {lang}", f"Team Daarna {lang}"]

    # two group files dropped onto the zone at once
    files = [{"name": f"groep-{i}.json", "text": _group_file(trainer_server, g).read_text("utf-8")}
             for i, g in enumerate(groups[:2], 1)]
    zone.scroll_into_view_if_needed()
    _drop(page, zone, files)
    for i, group in enumerate(groups[:2], 1):
        results.get_by_text(t("store.import_added", lang, file=f"groep-{i}.json", group=group)).wait_for(
            timeout=WIDGET_TIMEOUT)
    kept.get_by_text(re.compile(re.escape("groep-2.json"))).first.wait_for(timeout=WIDGET_TIMEOUT)
    screenshot(page, f"dashboard-{lang}-09-dropped", zone)

    # chosen through the file dialog: a file over 64 MiB (which the websocket cannot take: refused in
    # the browser), one of 7 MB (sent, refused by the kernel) and a group file, which gets its answer
    big = _upload_dir(trainer_server) / "enorm.json"
    with open(big, "wb") as fh:
        fh.truncate(65 * 1024 * 1024)  # sparse: no 65 MiB written to the disk
    middle = _upload_dir(trainer_server) / "middel.json"
    middle.write_bytes(b" " * (7 * 1024 * 1024))
    button = dash.locator(".widget-upload")
    _choose(page, button, big, middle, _group_file(trainer_server, groups[2]))
    limit = MAX_UPLOAD_BYTES // (1024 * 1024)
    results.get_by_text(t("collect.refused_size", lang, file="enorm.json", size="65", limit=limit)).wait_for(
        timeout=WIDGET_TIMEOUT)
    results.get_by_text(t("classroom.upload.too_large", lang, file="middel.json", limit=limit)).wait_for(
        timeout=WIDGET_TIMEOUT)
    results.get_by_text(re.compile(re.escape(groups[2]))).first.wait_for(timeout=WIDGET_TIMEOUT)
    screenshot(page, f"dashboard-{lang}-10-refused", results)
    # the websocket stayed open: the next file gets its answer
    _choose(page, button, _group_file(trainer_server, groups[2]))
    results.get_by_text(t("store.import_unchanged", lang, file=_group_file(trainer_server, groups[2]).name,
                          group=groups[2])).wait_for(timeout=WIDGET_TIMEOUT)
    ws = Workspace(room.folder)
    on_disk = {d.group for _s, d in ws.read_documents()[0]}
    assert set(groups) <= on_disk

    # undo the first dropped file: asked once more, then the group is out again, its file kept
    row = kept.locator(".wsm-collect-row", has_text="groep-1.json").first
    row.locator("button", has_text=t("collect.undo", lang)).click()
    row = kept.locator(".wsm-collect-row", has_text="groep-1.json").first
    row.locator("button", has_text=t("collect.undo_sure", lang)).click()
    results.get_by_text(t("store.undo_removed", lang, file="groep-1.json", group=groups[0])).wait_for(
        timeout=WIDGET_TIMEOUT)
    kept.locator(".wsm-collect-row", has_text="groep-1.json").first.get_by_text(
        t("collect.status.undone", lang)).wait_for(timeout=WIDGET_TIMEOUT)
    screenshot(page, f"dashboard-{lang}-11-undone", kept)
    on_disk = {d.group for _s, d in ws.read_documents()[0]}
    assert groups[0] not in on_disk and set(groups[1:]) <= on_disk
    uploads = {u.file: u for u in ws.uploads()}
    assert {"groep-1.json", "groep-2.json", _group_file(trainer_server, groups[2]).name} == set(uploads)
    assert uploads["groep-1.json"].undone is not None and uploads["groep-2.json"].undone is None
    for group in groups:  # the class as the next test expects it
        for path in room.folder.glob(ws.slug(group) + ".*"):
            path.unlink()
    shutil.rmtree(room.folder / ".uploads", ignore_errors=True)

    _no_hostile_dom(page)
    assert dialogs == [], dialogs
    assert page.offsite == [], page.offsite


@pytest.fixture(scope="module")
def voila_dashboard(chromium, tmp_path_factory):
    """The dashboard notebook in app mode (Voila, as :func:`helpers.app.command` starts it, with
    tornado's own websocket limit of 10 MiB), on a class of three groups."""
    from helpers import app

    base = tmp_path_factory.mktemp("voila-dashboard")
    folder = base / "workshop"
    shutil.copytree(ROOT / "workshop", folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    room = make_class(base / "results", 3, seed=1)
    workspace = base / "workspace"
    env = app.environment("nl", base=_isolated_env(base, workspace, "nl"))
    env["WORKSHOP_SHARED_DIR"] = str(room.folder)
    port = free_port()
    log = base / "server.log"
    proc = _start("Voila (dashboard)", app.command(port, folder / "dashboard.nl.ipynb", "nl", pool_size=0), env,
                  folder, app.url(port), log)
    server = Server("voila-dashboard", app.url(port), folder, workspace, proc, log, extra={"room": room})
    yield server
    app.stop(proc, grace=15)


def test_group_files_dropped_and_refused_in_app_mode(page, voila_dashboard):
    """The drop zone's script runs in Voila too: two files dropped at once, a file too large for the
    websocket refused in words, the next file answered."""
    room = voila_dashboard.extra["room"]
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(voila_dashboard.base_url, wait_until="commit")
    dash = page.locator(".wsm-dashboard").first
    dash.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
    _tab(dash, t("dashboard.tab.files", "nl"))
    zone = dash.locator(".wsm-collect-zone")
    zone.wait_for(state="visible", timeout=WIDGET_TIMEOUT)
    _hooked(page)
    laptop = Workspace(voila_dashboard.notebooks.parent / "laptop")
    files = []
    for i, group in enumerate(("Team Voila Een", "Team Voila Twee"), 1):
        laptop.create(group, "nl")
        files.append({"name": f"voila-{i}.json", "text": laptop.path_for(group).read_text("utf-8")})
    _drop(page, zone, files)
    results = dash.locator(".wsm-dashboard-upload-result")
    for i, group in enumerate(("Team Voila Een", "Team Voila Twee"), 1):
        results.get_by_text(t("store.import_added", "nl", file=f"voila-{i}.json", group=group)).wait_for(
            timeout=WIDGET_TIMEOUT)
    # 12 MB: over Voila's websocket limit, refused in the browser; then the next file is answered
    big = voila_dashboard.notebooks.parent / "twaalf.json"
    big.write_bytes(b" " * (12 * 1024 * 1024))
    button = dash.locator(".widget-upload")
    _choose(page, button, big)
    results.get_by_text(t("collect.refused_size", "nl", file="twaalf.json", size="12",
                          limit=MAX_UPLOAD_BYTES // (1024 * 1024))).wait_for(timeout=WIDGET_TIMEOUT)
    laptop.create("Team Voila Drie", "nl")
    _choose(page, button, laptop.path_for("Team Voila Drie"))
    results.get_by_text(re.compile(re.escape("Team Voila Drie"))).first.wait_for(timeout=WIDGET_TIMEOUT)
    screenshot(page, "dashboard-voila-nl-uploads", results)
    groups = {d.group for _s, d in Workspace(room.folder).read_documents()[0]}
    assert {"Team Voila Een", "Team Voila Twee", "Team Voila Drie"} <= groups
    assert page.offsite == [], page.offsite
