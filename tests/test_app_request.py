"""A kernel started ahead asks Voila which participant came (``helpers.ui.app_form._request_info``).

It may wait for hours on one socket; a socket that closes under it, or a server that is gone,
must never leave the participant a blank page (CI: a page that never showed its form, four times).
The page no longer waits for that socket at all: the app is built ahead, and the request, when it
comes, only opens the group the browser chose before (``when_participant_comes``)."""
from __future__ import annotations

import json
import logging
import threading

import pytest
from websockets.sync.server import serve

from helpers import ui
from helpers.i18n import t
from helpers.ui import app_form
from helpers.ui.base import Session, keep_logs_off_the_page

from widgetkit import texts


@pytest.fixture
def voila_query():
    """A stand-in for Voila's ``voila/query/<kernel>`` socket: the first ``drop`` connections are
    closed without a word, the next gets the request."""
    state = {"drop": 0, "seen": 0}

    def handler(ws):
        state["seen"] += 1
        if state["seen"] <= state["drop"]:
            ws.close()
            return
        ws.send(json.dumps({"QUERY_STRING": "group=Team%20Raam", "HTTP_COOKIE": "a=1"}))

    with serve(handler, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        port = server.socket.getsockname()[1]
        yield state, f"ws://127.0.0.1:{port}/voila/query/k1"
        server.shutdown()


def test_the_request_arrives(voila_query):
    _, url = voila_query
    assert app_form._request_info(url, pause=0) == {"QUERY_STRING": "group=Team%20Raam", "HTTP_COOKIE": "a=1"}


def test_a_socket_closed_under_the_kernel_is_opened_again(voila_query):
    state, url = voila_query
    state["drop"] = 2
    assert app_form._request_info(url, pause=0)["QUERY_STRING"] == "group=Team%20Raam"
    assert state["seen"] == 3


def test_no_server_builds_the_app_for_nobody_in_particular_after_a_few_tries(voila_query):
    state, url = voila_query
    state["drop"] = 99
    assert app_form._request_info(url, attempts=3, pause=0) == {}
    assert state["seen"] == 3
    assert app_form._request_info("ws://127.0.0.1:9/voila/query/k1", attempts=2, pause=0) == {}


def test_in_a_page_kernel_log_lines_go_to_a_file_not_under_the_form(tmp_path, monkeypatch, capsys, caplog):
    monkeypatch.setenv("WORKSHOP_DIR", str(tmp_path))
    monkeypatch.setattr(app_form.Session, "_instance", None)
    keep_logs_off_the_page()
    keep_logs_off_the_page()  # once is enough
    try:
        logging.getLogger("helpers.ui").warning("no request information from Voila: refused")
        logging.getLogger("websockets.client").warning("keepalive ping failed")
        out = capsys.readouterr()
        assert "refused" not in out.err + out.out and "keepalive" not in out.err + out.out
        lines = (tmp_path / "workshop.log").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 2 and "refused" in lines[0] and "keepalive" in lines[1]
        assert [r.getMessage() for r in caplog.records][-1] == "keepalive ping failed"  # still seen by the root
    finally:
        for name in ("helpers", "websockets"):
            logger = logging.getLogger(name)
            logger.handlers = [h for h in logger.handlers if type(h).__name__ != "_WorkspaceLog"]


def _kernel_started_ahead(monkeypatch, url: str) -> None:
    """The environment Voila gives a kernel of its pool (``voila_kernel_manager.fill_if_needed``)."""
    port = url.split(":")[2].split("/")[0]
    for key, value in {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k1", "VOILA_SERVER_URL": "/",
                       "VOILA_APP_IP": "127.0.0.1", "VOILA_APP_PORT": port}.items():
        monkeypatch.setenv(key, value)
    for key in ("VOILA_WS_BASE_URL", "QUERY_STRING", "HTTP_COOKIE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setattr(app_form, "_waiting", False)


def test_the_app_is_built_before_the_request_and_the_request_comes_after(voila_query, monkeypatch, workspace):
    state, url = voila_query
    state["drop"] = 99  # no request for now: the socket keeps closing
    _kernel_started_ahead(monkeypatch, url)
    monkeypatch.setattr(app_form, "ASK_ATTEMPTS", 4)
    s = Session(workspace, delay=0.01)
    Session.reset(s)
    came = threading.Event()
    monkeypatch.setattr(app_form.WorkshopApp, "participant_came", lambda self, info: came.set())
    a = ui.app(s)  # returns at once: the page is there whatever the socket does
    assert a.part == "checkin" and _group_box(a).options == ()
    assert not app_form.when_participant_comes(lambda info: None)  # one wait per kernel
    assert came.wait(30)  # the tries ran out: the page stays as built
    assert state["seen"] == 4


def test_the_request_opens_the_group_the_browser_chose_before(voila_query, monkeypatch, workspace):
    _, url = voila_query
    _kernel_started_ahead(monkeypatch, url)
    s = Session(workspace, delay=0.01)
    Session.reset(s)
    s.workspace.create("Team Raam")
    got = {}
    done = threading.Event()

    def came(info):
        got.update(info)
        done.set()

    assert app_form.when_participant_comes(came)
    assert done.wait(30)
    assert got["QUERY_STRING"] == "group=Team%20Raam"
    assert app_form.group_asked() == "Team Raam"  # the request is in os.environ, as Voila's own helper puts it


def test_a_page_built_ahead_shows_the_group_and_the_groups_made_since_in_place(monkeypatch, workspace):
    monkeypatch.setattr(app_form, "_waiting", True)  # as in a kernel already waiting: no socket here
    s = Session(workspace, delay=0.01)
    Session.reset(s)
    a = ui.app(s)
    old = a.page.children[0]
    s.workspace.create("Team Later")   # made on another laptop after this kernel started
    s.workspace.create("Team Raam")
    monkeypatch.setenv("HTTP_COOKIE", "x=1; workshop_group=Team%20Raam")
    monkeypatch.setenv("QUERY_STRING", "")
    a.participant_came({})
    assert s.group == "Team Raam"
    assert t("checkin.working_as", "nl", group="Team Raam") in texts(a.page)
    assert _group_box(a).options == ("Team Later", "Team Raam")
    assert a.page.children[0] is old and old.comm is not None  # changed in place: nothing closed or made


def test_a_page_built_ahead_for_nobody_stays_on_the_check_in_without_a_cookie(monkeypatch, workspace):
    monkeypatch.setattr(app_form, "_waiting", True)
    s = Session(workspace, delay=0.01)
    Session.reset(s)
    a = ui.app(s)
    for key in ("HTTP_COOKIE", "QUERY_STRING"):
        monkeypatch.delenv(key, raising=False)
    a.participant_came({})
    assert s.group is None and a.part == "checkin"
    assert _group_box(a).value == "" and t("checkin.working_as", "nl", group="") not in texts(a.page)


def test_the_request_never_undoes_what_the_person_did_meanwhile(monkeypatch, workspace):
    """A busy kernel may read the request late: a group chosen on the page by then stays open."""
    monkeypatch.setattr(app_form, "_waiting", True)
    s = Session(workspace, delay=0.01)
    Session.reset(s)
    a = ui.app(s)
    s.workspace.create("Team Raam")
    s.open("Team Zelf")  # typed and Start, before the request was read
    monkeypatch.setenv("HTTP_COOKIE", "workshop_group=Team%20Raam")
    monkeypatch.setenv("QUERY_STRING", "")
    a.participant_came({})
    assert s.group == "Team Zelf"
    assert "Team Raam" in _group_box(a).options


_walk = app_form._walk  # the app's own walk over a page's widgets


def _group_box(a):
    """The check-in's group field on the app's page (the one Combobox there)."""
    found = [w for w in _walk(a.page) if type(w).__name__ == "Combobox"]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("preheated", [True, False])
def test_a_page_opened_with_its_group_builds_the_next_part_only_ahead(preheated, monkeypatch, workspace):
    """A kernel Voila starts for a page being opened builds nothing more while that page loads its
    widgets (widgets made then left it at "Loading widget..."); a kernel started ahead does."""
    monkeypatch.setattr(app_form, "_waiting", True)
    monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
    monkeypatch.setenv("VOILA_PREHEAT", "True" if preheated else "False")
    s = Session(workspace, delay=0.01)
    s.open("Team Raam")
    Session.reset(s)
    a = ui.app(s)
    assert (("nl", "audience", "Team Raam") in a._views) is preheated
    a.next.click()  # asked for: built then
    assert a.part == "audience" and t("ui.no_group", "nl") not in texts(a.page)


def test_a_page_built_ahead_shows_the_trainers_clock_as_it_runs_when_someone_comes(monkeypatch, workspace):
    from helpers import agenda, pacing
    from helpers.timer import Timer

    monkeypatch.setattr(app_form, "_waiting", True)
    s = Session(workspace, delay=0.01)
    Session.reset(s)
    a = ui.app(s)
    assert a.pace.value == ""  # no clock when the kernel started
    timer = Timer(agenda.load_blocks(), clock=__import__("time").time)
    timer.start()
    timer.skip()  # the trainer is at step 1 by the time the participant comes
    s.workspace.root.mkdir(parents=True, exist_ok=True)
    pacing.save(s.workspace.root, timer)
    a.participant_came({})
    assert timer.plan("nl")[1].title in a.pace.value


def test_a_page_built_ahead_counts_the_agenda_from_when_someone_comes(monkeypatch, workspace):
    import datetime as dt
    import re

    monkeypatch.setattr(app_form, "_waiting", True)
    s = Session(workspace, delay=0.01)
    Session.reset(s)
    a = ui.app(s)
    (table,) = [w for w in _walk(a.page) if "workshop-agenda" in w._dom_classes]
    table.value = table.value.replace(re.findall(r"\d\d:\d\d", table.value)[0], "03:33")  # as built long ago
    a.participant_came({})
    now = dt.datetime.now()
    first = re.findall(r"\d\d:\d\d", table.value)[0]
    assert first != "03:33" and abs((dt.datetime.combine(now.date(), dt.time.fromisoformat(first)) - now.replace(second=0, microsecond=0)).total_seconds()) <= 60
