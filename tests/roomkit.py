"""A participant of a room without a browser: the page's own requests, then its kernel's websocket.

:class:`Participant` does what a participant's browser does with the app of ``make room`` or of a
JupyterHub user server: it logs in with the room code, opens the page (which hands it a kernel
that Voila started ahead), connects to that kernel's websocket, asks for the widgets' state
(``jupyter.widget.control``, as the page's widget manager does) and then sends only what the page
sends: widget state changes and button clicks. Tests and ``bench/room.py`` run many of these at
once, in threads or processes; each keeps the widgets' state as the kernel reports it.

Nothing here touches the kernel any other way: what a participant cannot do from a page, this
cannot do either (:meth:`Participant.execute` sends a code request to show that it runs nothing).
"""
from __future__ import annotations

import datetime as dt
import html
import http.cookiejar
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Callable

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from websockets.sync.client import connect

from helpers.i18n import t
from helpers.store import Workspace

KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


class RoomError(AssertionError):
    pass


class Participant:
    """One browser on the room: ``join()``, then find widgets and change them like a person."""

    def __init__(self, base: str, code: str | None = None, name: str = "participant", timeout: float = 120.0,
                 headers: dict[str, str] | None = None, opener: urllib.request.OpenerDirector | None = None):
        self.base = base.rstrip("/") + "/"
        self.code, self.name, self.timeout = code, name, timeout
        self.headers = dict(headers or {})
        self.jar = http.cookiejar.CookieJar()
        self.opener = opener or urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.session_id = uuid.uuid4().hex
        self.kernel_id: str | None = None
        self.page_url: str | None = None
        self.states: dict[str, dict] = {}      # model id -> state, as the kernel last said
        self.models: dict[str, str] = {}       # model id -> model name
        self.closed: set[str] = set()
        self._ws = None
        self._lock = threading.Condition()
        self._reader: threading.Thread | None = None
        self._control = uuid.uuid4().hex
        self.replies: list[dict] = []          # every other message from the kernel (execute replies, errors)
        self.timings: dict[str, float] = {}

    # -- joining ------------------------------------------------------------------------------------
    def get(self, path: str) -> tuple[str, str]:
        """GET ``path`` (relative to the room's address); returns (final address, body)."""
        req = urllib.request.Request(urllib.parse.urljoin(self.base, path), headers=self.headers)
        with self.opener.open(req, timeout=self.timeout) as resp:
            return resp.geturl(), resp.read().decode("utf-8", errors="replace")

    def join(self, query: dict[str, str] | None = None, path: str = "") -> "Participant":
        """Open the app (with ``query`` and the room code in the address) and connect to its kernel."""
        start = time.monotonic()
        query = dict(query or {})
        if self.code:
            query["token"] = self.code
        self.page_url, page = self.get(path + ("?" + urllib.parse.urlencode(query) if query else ""))
        found = KERNEL_ID.search(page)
        if not found:
            raise RoomError(f"{self.name}: no kernel on the page {self.page_url}: {page[:300]!r}")
        self.kernel_id = found[1]
        self.timings["page"] = time.monotonic() - start
        self.connect()
        self.timings["ready"] = time.monotonic() - start
        return self

    def ws_url(self) -> str:
        parts = urllib.parse.urlsplit(self.page_url or self.base)
        scheme = "wss" if parts.scheme == "https" else "ws"
        prefix = self.ws_prefix()
        return f"{scheme}://{parts.netloc}{prefix}api/kernels/{self.kernel_id}/channels?session_id={self.session_id}"

    def ws_prefix(self) -> str:
        """The server's base path (``/`` for a room; ``/user/<name>/`` on JupyterHub)."""
        return urllib.parse.urlsplit(self.base).path or "/"

    def connect(self) -> None:
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        headers = dict(self.headers)
        if cookies:
            headers["Cookie"] = cookies
        headers["Sec-Fetch-Mode"] = "websocket"   # as a browser says (JupyterHub reads it)
        self._ws = connect(self.ws_url(), additional_headers=headers, open_timeout=self.timeout,
                           max_size=None, ping_interval=None, close_timeout=2)
        self._reader = threading.Thread(target=self._read, name=f"room-{self.name}", daemon=True)
        self._reader.start()
        self.send("comm_open", {"comm_id": self._control, "target_name": "jupyter.widget.control", "data": {}},
                  metadata={"version": "1.0.0"})   # ipywidgets' control protocol, as the page's manager says
        self.send("comm_msg", {"comm_id": self._control, "data": {"method": "request_states"}})
        self.wait(lambda: self.states, what="the widgets' state")

    def close(self) -> None:
        if self._ws is not None:
            try:
                self._ws.close()
            except Exception:
                pass
            self._ws = None

    # -- talking to the kernel ------------------------------------------------------------------------
    def send(self, msg_type: str, content: dict, channel: str = "shell", metadata: dict | None = None) -> str:
        msg_id = uuid.uuid4().hex
        self._ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.name, "session": self.session_id, "msg_type": msg_type,
                       "version": "5.3", "date": dt.datetime.now(dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": channel, "buffers": []}))
        return msg_id

    def _read(self) -> None:
        ws = self._ws
        try:
            while True:
                raw = ws.recv()
                if isinstance(raw, bytes):
                    continue  # binary frames (buffers) carry nothing the tests read
                msg = json.loads(raw)
                self._take(msg)
        except Exception:
            pass
        finally:
            with self._lock:
                self._lock.notify_all()

    def _take(self, msg: dict) -> None:
        kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
        content = msg.get("content", {})
        with self._lock:
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                data = content.get("data", {})
                state = data.get("state", {})
                self.states[content["comm_id"]] = dict(state)
                self.models[content["comm_id"]] = state.get("_model_name", "")
            elif kind == "comm_msg":
                data = content.get("data", {})
                method = data.get("method")
                if method == "update_states":
                    for mid, st in data.get("states", {}).items():
                        self.states.setdefault(mid, {}).update(st.get("state", {}))
                        self.models[mid] = st.get("model_name", self.models.get(mid, ""))
                elif method in ("update", "echo_update"):
                    self.states.setdefault(content["comm_id"], {}).update(data.get("state", {}))
            elif kind == "comm_close":
                self.closed.add(content.get("comm_id"))
            elif kind in ("execute_reply", "execute_result", "error", "stream", "execute_input"):
                self.replies.append(msg)
            self._lock.notify_all()

    def wait(self, predicate: Callable[[], Any], what: str = "", timeout: float | None = None) -> Any:
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._lock:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RoomError(f"{self.name}: waited {timeout or self.timeout:.0f} s for {what}")
                self._lock.wait(min(left, 0.5))

    # -- widgets --------------------------------------------------------------------------------------
    def find_all(self, model: str | None = None, **match: Any) -> list[str]:
        with self._lock:
            return [mid for mid, st in self.states.items()
                    if mid not in self.closed and (model is None or self.models.get(mid) == model)
                    and all(st.get(k) == v for k, v in match.items())]

    def find(self, model: str | None = None, timeout: float | None = None, **match: Any) -> str:
        """The id of the (newest) live widget whose state has ``match`` (waits for it to appear)."""
        found = self.wait(lambda: self.find_all(model, **match), what=f"a {model or 'widget'} with {match}",
                          timeout=timeout)
        return found[-1]

    def set(self, model_id: str, **state: Any) -> None:
        """Change a widget as the page does when a person types, picks or ticks."""
        with self._lock:
            self.states.setdefault(model_id, {}).update(state)
        self.send("comm_msg", {"comm_id": model_id, "data": {"method": "update", "state": state, "buffer_paths": []}})

    def click(self, model_id: str) -> None:
        self.send("comm_msg", {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}})

    def type(self, model_id: str, text: str, delay: float = 0.0) -> None:
        """Type ``text`` into a text field key by key (each key a message, as with ``continuous_update``)."""
        for i in range(1, len(text) + 1):
            self.set(model_id, value=text[:i])
            if delay:
                time.sleep(delay)

    def execute(self, code: str) -> str:
        """Send a code request as a page could try to: Voila lets none through (see the tests)."""
        return self.send("execute_request", {"code": code, "silent": False, "store_history": False,
                                             "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})


XSRF_FIELD = re.compile(r'name="_xsrf"\s+value="([^"]+)"')
HUB_USER = re.compile(r"/(?:user|spawn-pending|spawn)/([^/?#]+)")
PROGRESS_URL = re.compile(r'new EventSource\("([^"]+)"\)')


class HubParticipant(Participant):
    """A participant on the room's JupyterHub: the join page first (a name and the room code, posted
    with the page's ``_xsrf`` field and cookie as a browser does), then, while the hub starts the
    participant's own server, the app's address again until the app is there (what the hub's waiting
    page does in a browser); then the kernel's websocket through the proxy, as :class:`Participant`."""

    def __init__(self, hub: str, person: str, code: str, app_path: str = "voila/render/notebooks/app.ipynb",
                 **kwargs):
        super().__init__(hub, None, name=person, **kwargs)
        self.headers.setdefault("Sec-Fetch-Mode", "navigate")   # a browser's page requests say so
        self.hub, self.person, self.room_code, self.app_path = self.base, person, code, app_path
        self.user: str | None = None
        self.waiting_page: str | None = None

    def login(self) -> str:
        """Post the join page; returns the hub's user name for this person."""
        _url, page = self.get("hub/login")
        found = XSRF_FIELD.search(page)
        if not found:
            raise RoomError(f"{self.name}: no _xsrf field on the join page: {page[:300]!r}")
        form = urllib.parse.urlencode({"_xsrf": found[1], "username": self.person, "password": self.room_code})
        req = urllib.request.Request(urllib.parse.urljoin(self.hub, "hub/login?next="), data=form.encode(),
                                     headers={**self.headers, "Content-Type": "application/x-www-form-urlencoded"})
        with self.opener.open(req, timeout=self.timeout) as resp:
            final = resp.geturl()
            self.waiting_page = resp.read().decode("utf-8", errors="replace")
        user = HUB_USER.search(urllib.parse.urlsplit(final).path)
        if not user:
            raise RoomError(f"{self.name}: the join page did not let {self.person!r} in (ended at {final})")
        self.user = urllib.parse.unquote(user[1])
        return self.user

    def api(self, method: str, path: str) -> dict | None:
        """Call the hub's REST API as the logged-in person's browser does: the hub's cookie, with its
        ``_xsrf`` cookie echoed in ``X-XSRFToken``."""
        xsrf = next((c.value for c in self.jar if c.name == "_xsrf" and c.path.startswith("/hub")), "")
        req = urllib.request.Request(urllib.parse.urljoin(self.hub, "hub/api/" + path), method=method,
                                     headers={**self.headers, "X-XSRFToken": xsrf, "Sec-Fetch-Mode": "cors"})
        with self.opener.open(req, timeout=self.timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def remember(self, name: str, value: str) -> None:
        """A cookie this browser keeps (as the app keeps the chosen group in ``workshop_group``)."""
        host = urllib.parse.urlsplit(self.hub).hostname
        self.jar.set_cookie(http.cookiejar.Cookie(
            0, name, value, None, False, host, False, False, "/", True, False, None, False, None, None, {}))

    def follow_progress(self) -> None:
        """While the server starts, listen to the hub's progress events as the waiting page does (one
        long request, no polling) until it says the server is ready."""
        found = PROGRESS_URL.search(self.waiting_page or "")
        if not found:
            return   # the server was ready before the hub showed its waiting page
        url = urllib.parse.urljoin(self.hub, html.unescape(found[1]))
        req = urllib.request.Request(url, headers={**self.headers, "Accept": "text/event-stream",
                                                   "Sec-Fetch-Mode": "cors"})
        with self.opener.open(req, timeout=self.timeout) as resp:
            for raw in resp:
                line = raw.decode("utf-8", errors="replace").strip()
                if not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                if event.get("failed"):
                    raise RoomError(f"{self.name}: the hub could not start the server: {event.get('message')}")
                if event.get("ready"):
                    return

    def join(self, query: dict[str, str] | None = None, path: str = "") -> "HubParticipant":
        start = time.monotonic()
        self.login()
        self.timings["login"] = time.monotonic() - start
        self.base = urllib.parse.urljoin(self.hub, f"user/{urllib.parse.quote(self.user)}/")
        self.follow_progress()
        deadline = start + self.timeout
        while True:
            try:
                self.page_url, page = self.get(path or self.app_path)
            except urllib.error.HTTPError as err:   # the hub answers while the server starts
                if err.code < 500 and err.code not in (404, 424):
                    raise
                self.page_url, page = err.geturl(), ""
            found = KERNEL_ID.search(page)
            if found:
                break
            if time.monotonic() > deadline:
                raise RoomError(f"{self.name}: no app after {self.timeout:.0f} s; last at {self.page_url}: "
                                f"{page[:300]!r}")
            time.sleep(1.0)
        self.kernel_id = found[1]
        self.timings["page"] = time.monotonic() - start
        self.connect()
        self.timings["ready"] = time.monotonic() - start
        return self


# -- what participants do, for the room's tests and benches ---------------------------------------------

def fill(p: Participant, group: str, person: str, word: str, step1: dict[str, str]) -> None:
    """One participant: choose the group, check in, and (``step1``) answer step 1's fields."""
    p.set(p.find("ComboboxModel", placeholder=t("checkin.group_placeholder", "nl")), value=group)
    p.click(p.find("ButtonModel", description=t("checkin.open", "nl")))
    p.find("HTMLModel", value=f"<b>{t('checkin.working_as', 'nl', group=group)}</b>")
    p.type(p.find("TextModel", description=t("checkin.your_name", "nl")), person, delay=0.05)
    p.set(p.find("ToggleButtonsModel", description=t("fields.mood", "nl")), index=3)
    p.type(p.find("TextModel", description=t("fields.word", "nl")), word, delay=0.05)
    if step1:
        menu = p.find("ToggleButtonsModel", **{"_dom_classes": ["workshop-menu"]})
        p.set(menu, index=1)
        for key, value in step1.items():
            p.type(p.find("TextModel", description=t(f"fields.audience.{key}", "nl")), value, delay=0.05)


def check_in(p: Participant, i: int) -> Participant:
    """A bench's participant: open "Groep <i>" and check in with a name and a word."""
    group = f"Groep {i:03d}"
    p.set(p.find("ComboboxModel", placeholder=t("checkin.group_placeholder", "nl")), value=group)
    p.click(p.find("ButtonModel", description=t("checkin.open", "nl")))
    p.find("HTMLModel", value=f"<b>{t('checkin.working_as', 'nl', group=group)}</b>")
    p.type(p.find("TextModel", description=t("checkin.your_name", "nl")), f"Naam{i}")
    p.type(p.find("TextModel", description=t("fields.word", "nl")), f"woord{i}")
    return p


def room_plan() -> dict[str, tuple[str, str, str, dict[str, str]]]:
    """20 participants (the name each types where one is asked -> group, check-in name, word, step 1
    answers): 17 groups of one, and "Team Samen" of three people on three laptops."""
    plan = {f"Deelnemer {i + 1}": (f"Groep {i + 1:02d}", f"Deelnemer{i + 1}", f"woord{i + 1}",
                                   {"occupation": f"beroep {i + 1}"}) for i in range(17)}
    plan["Anna B."] = ("Team Samen", "Anna", "nieuwsgierig", {"occupation": "bakker"})
    plan["Bas"] = ("Team Samen", "Bas", "moe", {"persona_name": "Sanne (34)"})
    plan["Cem Ö."] = ("Team Samen", "Cem", "blij", {"location": "Utrecht"})
    return plan


def expected_answers(plan: dict) -> dict[str, dict]:
    """Per group: its people's words and the step 1 answers of all its members."""
    expected: dict[str, dict] = {}
    for group, person, word, step1 in plan.values():
        e = expected.setdefault(group, {"people": {}, "audience": {}})
        e["people"][person] = word
        e["audience"].update(step1)
    return expected


def join_all(people: dict[str, Participant], plan: dict) -> dict[str, str]:
    """Every participant joins and fills their part at the same moment; returns the errors by name."""
    def run(name: str) -> None:
        people[name].join()
        fill(people[name], *plan[name])

    with ThreadPoolExecutor(len(people)) as pool:
        results = {name: pool.submit(run, name) for name in people}
        return {name: repr(f.exception()) for name, f in results.items() if f.exception() is not None}


def join_many(make: Callable[[int], Participant], size: int) -> tuple[list[Participant], int]:
    """A bench: ``size`` participants made by ``make(i)`` join and check in at once; returns those
    that made it and the number that failed (each failure printed)."""
    people, failed = [], 0
    with ThreadPoolExecutor(size) as pool:
        for f in [pool.submit(lambda i=i: check_in(make(i).join(), i)) for i in range(size)]:
            try:
                people.append(f.result())
            except Exception as err:
                failed += 1
                print(f"  a participant failed: {err}")
    return people, failed


def wait_for_checkins(folder: str | Path, count: int, timeout: float = 120.0) -> None:
    """Wait until ``count`` groups in ``folder`` have a check-in (or ``timeout`` seconds pass)."""
    ws = Workspace(folder)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        docs, _ = ws.read_documents()
        if sum(1 for _s, d in docs if d.checkin.people) >= count:
            return
        time.sleep(0.2)
