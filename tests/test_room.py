"""The room of ``make room``: a real server on loopback, many participants at once, the trainer's view.

Participants are :class:`tests.roomkit.Participant`: each logs in with the room code, opens the app
(its own kernel) and sends only what a page sends (widget changes and clicks) over its kernel's
websocket. The trainer's view is the dashboard, reading the room folder in this process.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import app, room
from helpers.i18n import t
from helpers.store import Workspace
from roomkit import Participant, expected_answers, fill, join_all, room_plan

ROOT = Path(__file__).resolve().parent.parent
CODE = "K7QMX4"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def room_server(tmp_path_factory):
    """``python -m helpers room`` on loopback with a fixed code; yields (address, room folder, output)."""
    folder = tmp_path_factory.mktemp("room") / "room"
    port = free_port()
    log = folder.parent / "server.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "helpers", "room", "--port", str(port), "--code", CODE.lower(),
                                 "--folder", str(folder), "--ip", "127.0.0.1", "--no-browser", "--lang", "nl"],
                                cwd=str(ROOT), env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            assert app.wait_ready(f"http://127.0.0.1:{port}/login", proc, timeout=120), log.read_text()
            yield f"http://127.0.0.1:{port}/", folder, log
        finally:
            app.stop(proc, grace=30)   # SIGTERM, as Ctrl-C in the trainer's terminal does
    assert proc.returncode == 0, log.read_text()[-3000:]


@pytest.mark.slow
def test_the_room_asks_for_its_code_in_the_rooms_language(room_server):
    base, _folder, _log = room_server
    opener = urllib.request.build_opener()
    with opener.open(base, timeout=30) as resp:           # no code: the room's own login page
        page = resp.read().decode()
    assert resp.geturl().startswith(base + "login")
    for key in ("room.login_title", "room.login_intro", "room.login_code", "room.login_enter"):
        assert t(key, "nl") in page
    assert "Jupyter" not in page and "token" not in page.lower().replace('name="password"', "")
    # a wrong code: refused, in words, on the same page
    req = urllib.request.Request(base + "login?next=/", data=b"password=WRONG1")
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(req, timeout=30)
    assert refused.value.code == 401 and t("room.login_wrong", "nl") in refused.value.read().decode()
    # the code as a person types it off the wall (small letters, a space) lets them in
    jar = urllib.request.HTTPCookieProcessor()
    person = urllib.request.build_opener(jar)
    with person.open(urllib.request.Request(base + "login?next=/", data=b"password=k7q+mx4"), timeout=60) as resp:
        assert resp.status == 200 and '"kernelId"' in resp.read().decode()


def test_the_join_page_shows_address_code_and_the_qr_code_of_the_join_address():
    page = room.join_page("192.168.1.20", 8866, CODE, "en")
    assert "http://192.168.1.20:8866/" in page and CODE in page and "<svg" in page
    # the QR code is that of the address with the code (segno draws the same symbol for the same data)
    assert room.qr_svg(f"http://192.168.1.20:8866/?token={CODE}") in page
    assert room.qr_svg("http://192.168.1.20:8866/") not in page
    assert "http" not in page.replace("http://192.168.1.20:8866/", "").replace("http://www.w3.org/2000/svg", "")
    for key in ("room.join_title", "room.join_scan", "room.join_type", "room.join_code", "room.join_group"):
        assert t(key, "en") in page
    assert room.normal_code(" k7-qm x4 ") == CODE
    assert room.join_url("10.0.0.2", 8866, CODE) == f"http://10.0.0.2:8866/?token={CODE}"


@pytest.mark.slow
def test_twenty_participants_at_once_three_in_one_group(room_server):
    """20 browsers join at once; three share "Team Samen" from three laptops. Every answer reaches
    the room folder, and the trainer's view shows each group with exactly its answers within 3 s
    of the answer being saved."""
    from helpers.ui.dashboard_form import Dashboard

    base, folder, log = room_server
    plan = room_plan()  # participant -> (group, person, word, step 1 answers)
    expected = expected_answers(plan)

    def complete(doc) -> bool:
        e = expected.get(doc.group)
        return (e is not None and {n: p.word for n, p in doc.checkin.people.items()} == e["people"]
                and all(getattr(doc.audience, k) == v for k, v in e["audience"].items()))

    folder.mkdir(parents=True, exist_ok=True)
    dash = Dashboard(folder, lang="nl", interval=15, timer=False)
    assert dash.ticking
    on_disk: dict[str, float] = {}
    on_view: dict[str, float] = {}
    stop = threading.Event()

    def watch():
        ws = Workspace(folder)
        while not stop.is_set():
            now = time.monotonic()
            docs, _broken = ws.read_documents()
            for _slug, doc in docs:
                if complete(doc):
                    on_disk.setdefault(doc.group, now)
            cls = dash.value
            for _slug, doc in (cls.groups if cls else []):
                if complete(doc):
                    on_view.setdefault(doc.group, now)
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    people = {name: Participant(base, CODE, name, timeout=240) for name in plan}
    started = time.monotonic()
    try:
        errors = join_all(people, plan)
        assert not errors, errors
        ready = sorted(p.timings["ready"] for p in people.values())
        deadline = time.monotonic() + 60
        while set(on_view) != set(expected) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop.set()
        watcher.join(5)
        dash.close()
        for p in people.values():
            p.close()
    print(f"\n20 participants: ready median {ready[len(ready) // 2]:.1f} s, last {ready[-1]:.1f} s; "
          f"all answered after {time.monotonic() - started:.1f} s")
    assert set(on_disk) == set(expected), f"on disk: {sorted(on_disk)}"
    assert set(on_view) == set(expected), f"in the trainer's view: {sorted(on_view)}"
    lags = {g: on_view[g] - on_disk[g] for g in expected}
    print("trainer's view behind the folder: max %.2f s" % max(lags.values()))
    assert max(lags.values()) <= 3.0, lags
    # the view's words are those of every group, each once
    cls = dash.value
    assert sorted(doc.group for _s, doc in cls.groups) == sorted(expected)
    samen = next(doc for _s, doc in cls.groups if doc.group == "Team Samen")
    assert (samen.audience.occupation, samen.audience.persona_name, samen.audience.location) == \
        ("bakker", "Sanne (34)", "Utrecht")
    # no participant's group became anyone else's: no shared session file in the room folder
    assert not (folder / ".session.json").exists()
    assert "Traceback" not in log.read_text()


@pytest.mark.slow
def _saved(ws: Workspace, group: str, predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    doc = None
    while time.monotonic() < deadline:
        doc = ws.load(group)
        if doc is not None and predicate(doc):
            return doc
        time.sleep(0.2)
    raise AssertionError(f"{group}: not saved as expected; last: {doc and doc.model_dump(mode='json')}")


def test_a_page_cannot_run_code(room_server, tmp_path):
    """A page may send its kernel widget messages only: a code request runs nothing."""
    base, _folder, _log = room_server
    p = Participant(base, CODE, "intruder", timeout=120).join()
    target = tmp_path / "ran.txt"
    try:
        p.execute(f"open({str(target)!r}, 'w').write('ran')")
        p.execute("import os; os._exit(1)")
        time.sleep(3)
        assert not target.exists()
        assert not [m for m in p.replies if (m.get("msg_type") or m["header"]["msg_type"]) == "execute_reply"]
        # the kernel is alive and still does what the page asks through its forms
        fill(p, "Team Veilig", "Eva", "kalm", {"occupation": "kapper"})
        doc = _saved(Workspace(_folder), "Team Veilig", lambda d: d.audience.occupation == "kapper")
        assert doc.checkin.people["Eva"].word == "kalm"
    finally:
        p.close()


@pytest.mark.slow
def test_a_reloaded_page_comes_back_to_its_group(room_server):
    """The app remembers the group per browser (a cookie it sets): a page opened again with it opens
    that group; another browser starts at the check-in."""
    base, _folder, _log = room_server
    first = Participant(base, CODE, "first", timeout=120).join()
    try:
        fill(first, "Team Terug", "Dirk", "rustig", {})
    finally:
        first.close()
    again = Participant(base, CODE, "again", timeout=120)
    again.headers["Cookie"] = "workshop_group=Team%20Terug"   # what the app put in this browser
    again.join()
    try:
        picker = again.find("ComboboxModel", placeholder=t("checkin.group_placeholder", "nl"))
        assert again.states[picker]["value"] == "Team Terug"
    finally:
        again.close()
    other = Participant(base, CODE, "other", timeout=120).join()
    try:
        picker = other.find("ComboboxModel", placeholder=t("checkin.group_placeholder", "nl"))
        assert other.states[picker]["value"] == "", "a browser that chose nothing gets no one else's group"
    finally:
        other.close()


def test_in_a_room_no_kernel_reads_or_writes_a_shared_current_group(tmp_path, monkeypatch):
    """On one laptop the workspace remembers its group (``.session.json``); in a room many
    participants share the folder, so that file would hand laptop 1's group to laptop 2."""
    ws = Workspace(tmp_path / "room")
    ws.set_current_group("Team Thuis")
    assert ws.current_group() == "Team Thuis"
    monkeypatch.setenv("WORKSHOP_ROOM", "1")
    assert ws.current_group() is None
    ws.set_current_group("Team Zaal")
    monkeypatch.delenv("WORKSHOP_ROOM")
    assert ws.current_group() == "Team Thuis", "a room's choice was written for everyone"


def test_the_page_address_names_the_group_the_browser_chose():
    from helpers.ui.app_form import group_asked

    assert group_asked("group=Team%20Groen&token=X", "") == "Team Groen"
    assert group_asked("token=X", "") is None and group_asked("group=%20%20", "") is None
    # the browser's own cookie, beside the room's login cookie
    jar = 'username-127-0-0-1-8866="2|1:0|10:17|x"; _xsrf=2|ab|cd; workshop_group=Team%20%C3%89%C3%A9n'
    assert group_asked("", jar) == "Team Één"
    assert group_asked("", "other=1") is None and group_asked("", "") is None


def test_the_room_environment_keeps_groups_per_browser_and_answers_in_the_room_folder(tmp_path):
    env = room.environment("en", tmp_path / "r", base={"WORKSHOP_GROUP": "Team X", "PATH": "/bin"})
    assert env["WORKSHOP_ROOM"] == "1" and env["WORKSHOP_DIR"] == str(tmp_path / "r")
    assert "WORKSHOP_GROUP" not in env and env["WORKSHOP_LANG"] == "en"
    cmd = room.command(8866, CODE, "en")
    assert f"--Voila.token={CODE}" in cmd and "--Voila.ip=0.0.0.0" in cmd
    assert "--Voila.identity_provider_class=helpers.room_login.RoomIdentityProvider" in cmd
