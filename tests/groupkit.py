"""A group at work: real Jupyter kernels (separate processes), each running the real forms on one
group document, driven the way a participant's browser drives them (setting widget values,
clicking buttons).

    with kernels(workspace, "Team Samen", 2) as (a, b):
        a.run("form = helpers.ui.goals()")
        a.run("form.add.click()")
        a.value("len(form.cards.children)")

Every kernel starts with ``import helpers`` done and the group chosen through ``WORKSHOP_GROUP``.
"""
from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import tempfile
import threading
import time
from pathlib import Path

import zmq
from jupyter_client import KernelManager

ROOT = Path(__file__).resolve().parent.parent


class KernelError(AssertionError):
    pass


class Kernel:
    """One real kernel process with the workshop's environment."""

    def __init__(self, workspace: Path, group: str, lang: str = "nl", env: dict | None = None):
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "WORKSHOP_"))}
        full_env.update({"WORKSHOP_DIR": str(workspace), "WORKSHOP_GROUP": group, "WORKSHOP_LANG": lang,
                         "PYTHONPATH": str(ROOT)})
        full_env.update(env or {})
        # IPC sockets in a folder of its own: no TCP port to collide with another test's kernel
        self._sockets = tempfile.mkdtemp(prefix="kernel-")
        self.km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(self._sockets, "k"))
        self.km.start_kernel(env=full_env, cwd=str(ROOT))
        # no limit on the output waiting to be read here: ZeroMQ's default (1,000 messages) is less
        # than one form's burst of widget messages (1,679 for the audience, channel and content
        # forms), and past it the kernel drops the newest, the end of a run included
        self._context = zmq.Context()
        self._context.setsockopt(zmq.RCVHWM, 0)
        self.kc = self.km.client(context=self._context)
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        # read the kernel's output all the time, as a browser does
        self._lock = threading.Lock()
        self._waiting: dict[str, queue.Queue] = {}
        self._stop = threading.Event()
        self.messages = 0
        self._reader = threading.Thread(target=self._read, name="iopub-reader", daemon=True)
        self._reader.start()
        self.run("import helpers, helpers.ui")
        # a kernel that stops answering writes every thread's stack to its stderr (the test's output):
        # what the next look at a hang needs
        self.run("import faulthandler as _fh, sys as _sys; _fh.dump_traceback_later(100, repeat=True, file=_sys.__stderr__)")

    def _probe(self) -> str:
        """After a run got no answer: does the kernel answer a new request?"""
        inbox: queue.Queue = queue.Queue()
        with self._lock:
            msg_id = self.kc.execute("pass", store_history=False)
            self._waiting[msg_id] = inbox
        try:
            while True:
                msg = inbox.get(timeout=10)
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return "a new request is answered"
        except queue.Empty:
            return "a new request is not answered either"
        finally:
            with self._lock:
                self._waiting.pop(msg_id, None)

    @property
    def pid(self) -> int:
        return self.km.provisioner.process.pid

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                msg = self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            except Exception:  # the channels are being closed
                if self._stop.is_set():
                    return
                continue
            self.messages += 1
            with self._lock:
                inbox = self._waiting.get(msg["parent_header"].get("msg_id"))
            if inbox is not None:
                inbox.put(msg)

    def run(self, code: str, timeout: float = 120) -> str:
        """Execute ``code``; its printed output. A Python error in the kernel fails the test."""
        inbox: queue.Queue = queue.Queue()
        with self._lock:
            msg_id = self.kc.execute(code, store_history=False)
            self._waiting[msg_id] = inbox
        out: list[str] = []
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    msg = inbox.get(timeout=max(0.1, deadline - time.monotonic()))
                except queue.Empty:
                    raise KernelError(f"no answer in {timeout} s ({len(seen)} messages of this run: "
                                      f"{seen[:3]}...{seen[-3:]}; {self.messages} in all; "
                                      f"{self._probe()}) to:\n{code}") from None
                kind, content = msg["msg_type"], msg["content"]
                seen.append(kind)
                if kind == "stream":
                    out.append(content["text"])
                elif kind == "error":
                    raise KernelError("\n".join(content["traceback"]) + f"\nin:\n{code}")
                elif kind == "status" and content["execution_state"] == "idle":
                    return "".join(out)
        finally:
            with self._lock:
                self._waiting.pop(msg_id, None)

    def value(self, expr: str):
        """The value of ``expr`` in the kernel (JSON-serialisable)."""
        text = self.run(f"import json as _j; print('@@' + _j.dumps({expr}, default=str))")
        line = [x for x in text.splitlines() if x.startswith("@@")][-1]
        return json.loads(line[2:])

    def wait_for(self, expr: str, timeout: float = 5.0, interval: float = 0.1):
        """Poll ``expr`` in the kernel until it is true; ``(value, seconds it took)``."""
        start = time.monotonic()
        while True:
            v = self.value(expr)
            if v or time.monotonic() - start > timeout:
                return v, time.monotonic() - start
            time.sleep(interval)

    def shutdown(self, now: bool = False) -> None:
        """Shut the kernel down as JupyterLab's "Shut Down Kernel" does (a shutdown request), or
        kill it (``now``)."""
        self._stop.set()
        self._reader.join(timeout=2)
        with contextlib.suppress(Exception):
            self.kc.stop_channels()
        with contextlib.suppress(Exception):
            self.km.shutdown_kernel(now=now)
        shutil.rmtree(self._sockets, ignore_errors=True)
        self._context.destroy(linger=0)


@contextlib.contextmanager
def kernels(workspace: Path, group: str, n: int, lang: str = "nl"):
    started: list[Kernel] = []
    try:
        for _ in range(n):
            started.append(Kernel(workspace, group, lang))
        yield started
    finally:
        for k in started:
            k.shutdown(now=True)
