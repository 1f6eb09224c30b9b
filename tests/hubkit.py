"""A room's JupyterHub on loopback, started as ``make hub`` starts it, for tests and ``bench/hub.py``.

:class:`Hub` runs ``make hub-env`` (the environment every Unix user can read), then ``python -m helpers
hub`` from it with its folders in a fresh world-traversable folder under ``/tmp`` and free ports;
:meth:`Hub.stop` stops it as Ctrl-C does and removes every Unix user, home and runtime folder it made.
Needs root (:func:`why_not` says why it cannot run).
"""
from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psutil

from helpers import app, hub

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
PREFIX = Path(os.environ.get("HUB_PREFIX", "/opt/workshop-hub"))
HUB_PY = PREFIX / "venv" / "bin" / "python"
CODE = "ZAAL2026"
ADMIN_PASSWORD = "trainer-" + "k" * 32


def why_not() -> str | None:
    """Why a hub cannot run here (``None``: it can)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "the hub makes a Unix user per participant (useradd): run as root, as CI does"
    if shutil.which("useradd") is None:
        return "useradd is missing"
    if shutil.which("configurable-http-proxy") is None:
        return "configurable-http-proxy is missing: npm install -g configurable-http-proxy (.ci/run does)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hub:
    """``python -m helpers hub`` on loopback; ``base``, ``folder`` (the room) and ``log`` once started."""

    def __init__(self, lang: str = "nl", code: str = CODE, admin_password: str = ADMIN_PASSWORD):
        self.lang, self.code, self.admin_password = lang, code, admin_password
        self.top = Path(tempfile.mkdtemp(prefix="ws-hub-", dir="/tmp"))
        self.top.chmod(0o755)   # participants pass through it to the room folder
        self.folder, self.homes, self.state = self.top / "room", self.top / "home", self.top / "state"
        self.log = self.top / "hub.log"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.proc: subprocess.Popen | None = None
        try:
            self.had_group = bool(grp.getgrnam(hub.GROUP))
        except KeyError:
            self.had_group = False

    def start(self) -> "Hub":
        made = subprocess.run(["make", "--no-print-directory", "hub-env", f"HUB_PREFIX={PREFIX}"], cwd=ROOT,
                              capture_output=True, text=True, timeout=900)
        assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
        env = dict(os.environ, WORKSHOP_HUB_STATE=str(self.state), WORKSHOP_HUB_HOMES=str(self.homes),
                   WORKSHOP_HUB_API_PORT=str(free_port()), WORKSHOP_HUB_PROXY_API_PORT=str(free_port()),
                   WORKSHOP_HUB_ADMIN_PASSWORD=self.admin_password)
        env.pop("WORKSHOP_DIR", None)
        self._out = open(self.log, "wb")
        self.proc = subprocess.Popen([str(HUB_PY), "-m", "helpers", "hub", "--port", str(self.port),
                                      "--code", self.code.lower(), "--folder", str(self.folder),
                                      "--ip", "127.0.0.1", "--lang", self.lang],
                                     cwd=str(PREFIX / "toolkit"), env=env, stdout=self._out, stderr=subprocess.STDOUT)
        assert app.wait_ready(self.base + "hub/login", self.proc, timeout=120, below=300), self.text()
        deadline = time.monotonic() + 10   # the trainer's lines (address, code) follow the first answer
        while self.code not in self.text() and time.monotonic() < deadline:
            time.sleep(0.2)
        return self

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def users(self) -> list[pwd.struct_passwd]:
        """The Unix users this hub made (their homes are in its folder)."""
        return [p for p in pwd.getpwall() if p.pw_dir.startswith(str(self.homes) + "/")]

    def processes(self) -> list[psutil.Process]:
        """Every process of this hub's participants and of its proxy."""
        names = {u.pw_name for u in self.users()}
        found = []
        for p in psutil.process_iter(["username", "cmdline"]):
            cmd = " ".join(p.info["cmdline"] or [])
            if p.info["username"] in names or ("configurable-http-proxy" in cmd and f"--port {self.port}" in cmd):
                found.append(p)
        return found

    def stop(self) -> tuple[int | None, list[str], str]:
        """Stop as Ctrl-C does, then remove what the hub made. Returns (exit code, processes that were
        still running 30 s after it ended, the log)."""
        code = None
        start = time.monotonic()
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(180)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self._out.close()
        self.stop_times = {"hub": time.monotonic() - start}
        deadline = time.monotonic() + 30   # kernels end a few seconds after their server
        while (left := self.processes()) and time.monotonic() < deadline:
            time.sleep(0.5)
        self.stop_times["processes"] = time.monotonic() - start
        described = []
        for p in left:
            try:
                described.append(f"{p.pid} {p.username()} {' '.join(p.cmdline())[:120]}")
                p.kill()
            except psutil.NoSuchProcess:
                pass
        for user in self.users():
            subprocess.run(hub.userdel_command(user.pw_name), capture_output=True)
            shutil.rmtree(hub.runtime_dir(user.pw_uid), ignore_errors=True)
        if not self.had_group:
            subprocess.run(["groupdel", hub.GROUP], capture_output=True)
        self.stop_times["users"] = time.monotonic() - start
        text = self.text()
        self._keep_stop_report(text)
        shutil.rmtree(self.top, ignore_errors=True)
        return code, described, text

    def _keep_stop_report(self, text: str) -> None:
        """``artifacts/hub-stop.txt``: how long each part of the stop took and what the hub logged
        while it stopped (its folder is removed). For information only."""
        times = ", ".join(f"{k} {v:.1f} s" for k, v in self.stop_times.items())
        lines = text.splitlines()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with open(ARTIFACTS / "hub-stop.txt", "a", encoding="utf-8") as fh:
            fh.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')}  stopped after Ctrl-C: {times}\n"
                     + "\n".join(lines[-40:]) + "\n\n")
