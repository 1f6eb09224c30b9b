"""The room on JupyterHub: ``make hub``'s hub on loopback, 20 participants through the join page at once.

A real JupyterHub (``jupyterhub`` from PyPI, ``configurable-http-proxy`` from npm) started as ``make hub``
starts it (``python -m helpers hub`` in the environment of ``make hub-env``, every Unix user can read it),
with ``workshop/hub/jupyterhub_config.py``. Participants are :class:`tests.roomkit.HubParticipant`: each
posts the join page (name and room code, with its ``_xsrf``), waits for its own server, and fills steps
of the app over its kernel's websocket through the proxy. Each becomes a Unix user of its own, so the
test needs root (CI runs as root); everything it made is removed at the end.
"""
from __future__ import annotations

import grp
import os
import re
import time
import urllib.error
import urllib.request

import psutil
import pytest

import hubkit
from helpers import hub
from helpers.i18n import t
from helpers.store import Workspace
from hubkit import ADMIN_PASSWORD, CODE
from roomkit import HubParticipant, expected_answers, join_all, room_plan

IN_CI = bool(os.environ.get("CI"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hub_server():
    """``make hub-env``, then ``python -m helpers hub`` on loopback; yields (address, room folder, log).
    Stopped as Ctrl-C stops it; every Unix user, home and runtime folder it made is removed."""
    reason = hubkit.why_not()
    if reason:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    running = hubkit.Hub(lang="nl", code=CODE)
    try:
        running.start()
        yield running.base, running.folder, running.log
    finally:
        code, left, text = running.stop()
        print("\nthe hub stopped (seconds since Ctrl-C): " + ", ".join(f"{k} {v:.1f}" for k, v in running.stop_times.items()))
        assert code == 0, f"the hub stopped with {code}: {text[-3000:]}"
        assert not left, f"still running after the hub stopped: {left}"
        assert not running.users(), "Unix users left behind"


def test_a_participants_server_leaves_out_the_hubs_database_layer():
    """helpers.hub_server: jupyterhub-singleuser's own code with the hub's handlers and models left out
    (24 MiB a server); a name of ``jupyterhub.orm`` still works when asked for."""
    import subprocess

    if not hubkit.HUB_PY.exists():
        if IN_CI:
            pytest.fail(f"no hub environment at {hubkit.PREFIX} (.ci/run makes it: make hub-env)")
        pytest.skip("no hub environment (make hub-env)")
    probe = ("import sys; from helpers import hub_server; hub_server._leave_out_the_hub(); "
             "import jupyterhub.singleuser.extension, jupyterhub.log, jupyterhub.metrics; "
             "print(sorted({m.split('.')[0] + ('.orm' if '.orm' in m else '') for m in sys.modules "
             "if m.startswith(('alembic', 'sqlalchemy.orm', 'jupyterhub.handlers.base'))})); "
             "import jupyterhub.orm as orm; print(orm.User.__name__, 'alembic' in sys.modules)")
    out = subprocess.run([str(hubkit.HUB_PY), "-c", probe], capture_output=True, text=True, timeout=120,
                         cwd=hubkit.PREFIX / "toolkit")
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split("\n")[:2] == ["[]", "User True"]


def test_the_join_page_asks_a_name_and_the_room_code_in_the_rooms_language(hub_server):
    base, _folder, log = hub_server
    assert CODE in log.read_text() and base in log.read_text(), "make hub prints the address and the code"
    with urllib.request.urlopen(base, timeout=30) as resp:
        page = resp.read().decode()
    assert resp.geturl().startswith(base + "hub/login")
    for key in ("hub.join_title", "hub.join_intro", "hub.join_name", "hub.join_code", "hub.join_enter"):
        assert t(key, "nl") in page
    assert "Sign in" not in page and "Password" not in page and "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "nothing from the internet"
    # a wrong code, or no name: refused in words, on the join page
    for person, code in (("Eva", "WRONG123"), ("  ", CODE)):
        p = HubParticipant(base, person, code, timeout=30)
        with pytest.raises(urllib.error.HTTPError) as refused:
            p.login()
        body = refused.value.read().decode()
        assert refused.value.code == 403 and t("hub.join_wrong", "nl") in body and "Traceback" not in body
    # a page that is not there: the room's words, no joke, no traceback
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(base + "hub/nothing-here", timeout=30)
    body = missing.value.read().decode()
    assert missing.value.code == 404 and t("hub.error", "nl") in body and "moons" not in body
    assert "Traceback" not in body
    # a participant may not take the trainer's name
    with pytest.raises(urllib.error.HTTPError):
        HubParticipant(base, "Trainer", CODE, timeout=30).login()


def test_twenty_participants_join_at_once_each_a_unix_user_three_in_one_group(hub_server):
    """20 people post the join page at once; three share "Team Samen" from their own accounts. Every
    answer is in the room folder, the trainer's view (a dashboard on the folder, and the trainer's own
    server through the hub) shows every group with exactly its answers, and the hub logs no error."""
    from helpers.ui.dashboard_form import Dashboard

    base, folder, log = hub_server
    plan = room_plan()  # the name typed on the join page -> (group, person, word, step 1 answers)
    expected = expected_answers(plan)
    people = {name: HubParticipant(base, name, CODE if i % 2 else CODE.lower(), timeout=240)
              for i, name in enumerate(plan)}

    started = time.monotonic()
    try:
        errors = join_all(people, plan)
        assert not errors, errors
        filled = time.monotonic() - started
        # every participant is a Unix user of their own, running their own server
        users = {p.user for p in people.values()}
        assert users == {hub.unix_name(name) for name in plan} and len(users) == 20
        owners = {p.info["username"] for p in psutil.process_iter(["username", "cmdline"])
                  if "helpers.hub_server" in " ".join(p.info["cmdline"] or [])}
        assert users <= owners, users - owners
        # every answer on disk, exactly
        ws = Workspace(folder)
        deadline = time.monotonic() + 30
        while True:
            docs = {doc.group: doc for _s, doc in ws.read_documents()[0]}
            got = {g: ({n: p.word for n, p in d.checkin.people.items()},
                       {k: getattr(d.audience, k) for k in expected.get(g, {}).get("audience", {})})
                   for g, d in docs.items()}
            want = {g: (e["people"], e["audience"]) for g, e in expected.items()}
            if got == want or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert got == want
    finally:
        for p in people.values():
            p.close()
    # the trainer's view: the dashboard on the room folder ...
    dash = Dashboard(folder, lang="nl", interval=15, timer=False)
    try:
        cls = dash.value
        assert sorted(doc.group for _s, doc in cls.groups) == sorted(expected)
        samen = next(doc for _s, doc in cls.groups if doc.group == "Team Samen")
        assert (samen.audience.occupation, samen.audience.persona_name, samen.audience.location) == \
            ("bakker", "Sanne (34)", "Utrecht")
    finally:
        dash.close()
    # ... and the trainer's own server on the hub: the dashboard page lists every group
    trainer = HubParticipant(base, hub.ADMIN, ADMIN_PASSWORD, timeout=240,
                             app_path=hub.default_url(admin=True, lang="nl").lstrip("/"))
    try:
        trainer.join()
        assert trainer.user == hub.unix_name(hub.ADMIN)
        trainer.wait(lambda: any(all(g in str(st.get("value", "")) for g in expected)
                                 for st in list(trainer.states.values())),
                     what="every group on the trainer's dashboard", timeout=60)
    finally:
        trainer.close()   # its websocket; the trainer stays logged in on the hub
    # a participant whose server was stopped (as the idle culler does after an hour) comes back to the
    # room's words, logs in again with the same name and finds the group and every answer
    bas = people["Bas"]
    trainer.api("DELETE", f"users/{bas.user}/server")
    deadline = time.monotonic() + 60
    while trainer.api("GET", f"users/{bas.user}")["servers"] and time.monotonic() < deadline:
        time.sleep(0.5)
    try:
        with bas.opener.open(base + f"user/{bas.user}/" + bas.app_path, timeout=60) as resp:
            body = resp.read().decode()
    except urllib.error.HTTPError as err:   # JupyterHub answers "not running" with an error status
        body = err.read().decode()
    assert t("hub.not_running", "nl") in body and "Traceback" not in body
    again = HubParticipant(base, "Bas", CODE, timeout=240)
    again.remember("workshop_group", "Team%20Samen")   # what the app put in Bas's browser
    try:
        again.join()
        assert again.user == bas.user
        picker = again.find("ComboboxModel", placeholder=t("checkin.group_placeholder", "nl"))
        assert again.states[picker]["value"] == "Team Samen"
    finally:
        again.close()
    doc = Workspace(folder).load("Team Samen")
    assert doc.checkin.people["Bas"].word == "moe" and doc.audience.persona_name == "Sanne (34)"
    ready = sorted(p.timings["ready"] for p in people.values())
    print(f"\n20 participants on the hub: ready median {ready[len(ready) // 2]:.1f} s, last {ready[-1]:.1f} s; "
          f"all answered after {filled:.1f} s")
    # the room folder is shared through the group, never through the world
    assert folder.stat().st_mode & 0o7777 == 0o2770
    for path in folder.rglob("*"):
        assert path.stat().st_mode & 0o007 == 0, f"{path} is open to everyone"
        assert path.stat().st_gid == grp.getgrnam(hub.GROUP).gr_gid, path
    assert not (folder / ".session.json").exists()
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text[text.index("Traceback") - 500:][:3000]
    assert not re.search(r"^\[E ", text, re.M), re.findall(r"^\[E .*$", text, re.M)[:5]
