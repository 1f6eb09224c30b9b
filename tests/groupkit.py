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
import time
from pathlib import Path

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
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(env=full_env, cwd=str(ROOT))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.run("import helpers, helpers.ui")
        # a kernel that stops answering writes every thread's stack to its stderr (the test's output):
        # what the next look at a hang needs
        self.run("import faulthandler as _fh, sys as _sys; _fh.dump_traceback_later(100, repeat=True, file=_sys.__stderr__)")

    @property
    def pid(self) -> int:
        return self.km.provisioner.process.pid

    def run(self, code: str, timeout: float = 120) -> str:
        """Execute ``code``; its printed output. A Python error in the kernel fails the test."""
        msg_id = self.kc.execute(code, store_history=False)
        out: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise KernelError(f"no answer in {timeout} s to:\n{code}") from None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                raise KernelError("\n".join(content["traceback"]) + f"\nin:\n{code}")
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(out)

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
        with contextlib.suppress(Exception):
            self.kc.stop_channels()
        with contextlib.suppress(Exception):
            self.km.shutdown_kernel(now=now)


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
