"""The room on one laptop (``make room``): how many participants it carries.

For each room size (20 and 40 by default), one run: a fresh ``python -m helpers room`` on loopback;
every participant (``tests/roomkit.py``: the page's own requests, then widget messages over its
kernel's websocket) joins at the same moment, opens a group and checks in. Prints, per size:

* seconds until each participant's app was ready (its widgets' state received): median, 90th
  percentile and the last one;
* seconds until every check-in was in the room folder;
* memory per participant: PSS (each shared page counted once, split among its users) and RSS of the
  kernels, plus Voila's own share.

    python bench/room.py [--sizes 20 40] [--ahead 4,all]

Each size is run twice: with 4 kernels started ahead (the default: participants beyond the fourth
wait for a kernel to start), and with as many as participants (``make room PEOPLE=40``, started a few
minutes before the session).

Prints figures only (these machines are noisy). Goal of the room issue: 40 ready within 60 s at under
250 MiB each on a 2-core laptop.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import psutil  # noqa: E402

from helpers import app  # noqa: E402
from roomkit import Participant, join_many, wait_for_checkins  # noqa: E402

CODE = "BENCH7"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _memory(server: psutil.Process) -> tuple[list[float], list[float], float]:
    """(PSS of each kernel, RSS of each kernel, PSS of Voila and the command around it) in MiB."""
    pss, rss, own = [], [], 0.0
    for proc in [server, *server.children(recursive=True)]:
        try:
            info = proc.memory_full_info()
            cmd = " ".join(proc.cmdline())
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if "ipykernel" in cmd:
            pss.append(info.pss / 2**20)
            rss.append(info.rss / 2**20)
        else:
            own += info.pss / 2**20
    return pss, rss, own


def run(size: int, ahead: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "room"
        port = _free_port()
        log = open(Path(tmp) / "server.log", "wb")
        proc = subprocess.Popen([sys.executable, "-m", "helpers", "room", "--port", str(port), "--code", CODE,
                                 "--folder", str(folder), "--ip", "127.0.0.1", "--no-browser",
                                 "--ahead", str(ahead)],
                                cwd=str(ROOT), env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=log,
                                stderr=subprocess.STDOUT)
        people: list[Participant] = []
        try:
            if not app.wait_ready(f"http://127.0.0.1:{port}/login", proc, timeout=120):
                print(f"{size}: the room did not start")
                return
            warm = time.monotonic()
            server = psutil.Process(proc.pid)
            while time.monotonic() - warm < 300:  # the kernels started ahead are ready, as when a trainer starts early
                if len(_memory(server)[0]) >= ahead and psutil.cpu_percent(interval=1.0) < 20:
                    break
            warmed = time.monotonic() - warm
            base = f"http://127.0.0.1:{port}/"
            start = time.monotonic()
            people, failed = join_many(lambda i: Participant(base, CODE, f"p{i}", timeout=300), size)
            wait_for_checkins(folder, len(people))
            saved = time.monotonic() - start
            ready = sorted(p.timings["ready"] for p in people)
            pss, rss, own = _memory(psutil.Process(proc.pid))
            n = max(len(people), 1)
            print(f"{size} participants, {ahead} kernels started ahead (ready {warmed:.0f} s after the server) "
                  f"({failed} failed):\n  ready median {statistics.median(ready):.1f} s, "
                  f"p90 {ready[int(0.9 * (len(ready) - 1))]:.1f} s, last {ready[-1]:.1f} s; "
                  f"every check-in on disk after {saved:.1f} s")
            print(f"  memory: {len(pss)} kernels, PSS {statistics.median(pss):.0f} MiB median each "
                  f"(RSS {statistics.median(rss):.0f} MiB); Voila {own:.0f} MiB; "
                  f"per participant {(sum(pss) + own) / n:.0f} MiB PSS")
        finally:
            for p in people:
                p.close()
            app.stop(proc, grace=60)
            log.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 40])
    parser.add_argument("--ahead", default="4,all", help="kernels started ahead: numbers, or 'all' (= size)")
    args = parser.parse_args(argv)
    print(f"room on one machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    for size in args.sizes:
        for ahead in args.ahead.split(","):
            run(size, size if ahead == "all" else int(ahead))


if __name__ == "__main__":
    main()
