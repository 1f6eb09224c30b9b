"""The room on JupyterHub (``make hub``): how many participants one machine carries.

For each room size (20 and 40 by default), one run, as root: a fresh hub on loopback as ``make hub``
starts it (``tests/hubkit.py``); every participant (``tests/roomkit.HubParticipant``) posts the join page
at the same moment, waits for their own server (a Unix user each), opens the app, chooses a group and
checks in over the kernel's websocket through the proxy. Prints, per size:

* seconds from posting the join page until each participant's app was ready (its widgets' state
  received): median, 90th percentile and the last one; and until every check-in was in the room folder;
* memory per participant: PSS (each shared page counted once, split among its users) of each
  participant's processes (their server and kernel), the median and the total with the hub and proxy's
  share; RSS for comparison.

    sudo .venv/bin/python bench/hub.py [--sizes 20 40]

Prints figures only (these machines are noisy). Goal of the room issue: 40 ready within 60 s at under
250 MiB each on a 2-core machine.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import psutil  # noqa: E402

import hubkit  # noqa: E402
from roomkit import HubParticipant, join_many, wait_for_checkins  # noqa: E402


def _memory(running: hubkit.Hub) -> tuple[dict[str, float], dict[str, float], float, dict[str, list[float]]]:
    """(PSS per participant, RSS per participant, PSS of the hub, proxy and culler, PSS of each
    participant's process by kind: "server" or "kernel") in MiB, and the CPU seconds each has used
    ("server cpu", "kernel cpu")."""
    names = {u.pw_name for u in running.users()}
    pss: dict[str, float] = {}
    rss: dict[str, float] = {}
    kinds: dict[str, list[float]] = {"server": [], "kernel": [], "server cpu": [], "kernel cpu": []}
    own = 0.0
    hub_proc = psutil.Process(running.proc.pid)
    for proc in psutil.process_iter(["username", "cmdline"]):
        try:
            user = proc.info["username"]
            if user in names:
                info = proc.memory_full_info()
                pss[user] = pss.get(user, 0.0) + info.pss / 2**20
                rss[user] = rss.get(user, 0.0) + info.rss / 2**20
                kind = "kernel" if "ipykernel" in " ".join(proc.info["cmdline"] or []) else "server"
                kinds[kind].append(info.pss / 2**20)
                cpu = proc.cpu_times()
                kinds[kind + " cpu"].append(cpu.user + cpu.system)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    for proc in [hub_proc, *hub_proc.children(recursive=True)]:
        try:
            if proc.username() == "root":
                own += proc.memory_full_info().pss / 2**20
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return pss, rss, own, kinds


def run(size: int) -> None:
    running = hubkit.Hub(lang="nl")
    people: list[HubParticipant] = []
    try:
        running.start()
        start = time.monotonic()
        people, failed = join_many(
            lambda i: HubParticipant(running.base, f"Bench Deelnemer {i}", hubkit.CODE, timeout=300), size)
        wait_for_checkins(running.folder, len(people))
        saved = time.monotonic() - start
        ready = sorted(p.timings["ready"] for p in people)
        pss, rss, own, kinds = _memory(running)
        n = max(len(people), 1)
        print(f"{size} participants ({failed} failed):\n  ready median {statistics.median(ready):.1f} s, "
              f"p90 {ready[int(0.9 * (len(ready) - 1))]:.1f} s, last {ready[-1]:.1f} s; "
              f"every check-in on disk after {saved:.1f} s")
        print(f"  memory: {len(pss)} Unix users, PSS {statistics.median(pss.values()):.0f} MiB median each "
              f"(RSS {statistics.median(rss.values()):.0f} MiB); hub, proxy and culler {own:.0f} MiB; "
              f"per participant {(sum(pss.values()) + own) / n:.0f} MiB PSS")
        print(f"  of which: {len(kinds['server'])} servers, PSS {statistics.median(kinds['server']):.0f} MiB median; "
              f"{len(kinds['kernel'])} kernels, PSS {statistics.median(kinds['kernel']):.0f} MiB median")
        print(f"  CPU so far: server {statistics.median(kinds['server cpu']):.1f} s, "
              f"kernel {statistics.median(kinds['kernel cpu']):.1f} s median per participant "
              f"({os.cpu_count()} cores)")
    finally:
        for p in people:
            p.close()
        code, left, _text = running.stop()
        if code != 0 or left:
            print(f"  the hub stopped with {code}; left running: {left}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 40])
    args = parser.parse_args(argv)
    reason = hubkit.why_not()
    if reason:
        sys.exit(f"bench/hub.py cannot run here: {reason}")
    print(f"room on JupyterHub, one machine: {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB")
    for size in args.sizes:
        run(size)


if __name__ == "__main__":
    main()
