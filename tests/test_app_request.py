"""A kernel started ahead asks Voila which participant came (``helpers.ui.app_form._request_info``).

It may wait for hours on one socket; a socket that closes under it, or a server that is gone,
must never leave the participant a blank page (CI: twice a page that never showed its form)."""
from __future__ import annotations

import json
import logging
import threading

import pytest
from websockets.sync.server import serve

from helpers.ui import app_form
from helpers.ui.base import keep_logs_off_the_page


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
