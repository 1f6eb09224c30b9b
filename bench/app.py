"""The participant's app in a real browser: seconds to the first usable form (kernels started ahead,
and cold), seconds to switch parts, kernels and memory per participant; beside it, in the same run,
the old way of app mode (one notebook page per part, each with its own kernel).

    python bench/app.py

Prints figures only (these machines are noisy: compare ratios from one run). Needs Debian's
chromium (``apt-get install chromium``).
"""
from __future__ import annotations

import os
from pathlib import Path
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from helpers import app, model  # noqa: E402
from helpers.i18n import t  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
READY = ".workshop-app .workshop-time-box"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kernels(pid: int) -> list[int]:
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
                cmd = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"ipykernel" in cmd:
                out.append(int(proc.name))
    return out


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _settle(pid: int, seconds: float = 3.0, timeout: float = 90.0) -> int:
    last, since, end = len(_kernels(pid)), time.monotonic(), time.monotonic() + timeout
    while time.monotonic() - since < seconds and time.monotonic() < end:
        time.sleep(0.25)
        now = len(_kernels(pid))
        if now != last:
            last, since = now, time.monotonic()
    return last


class Server:
    def __init__(self, target: Path, pool: int, tmp: Path):
        self.port = _free_port()
        env = app.environment("nl")
        env["WORKSHOP_DIR"] = str(tmp / f"ws-{self.port}")
        env["JUPYTER_RUNTIME_DIR"] = str(tmp / f"rt-{self.port}")
        self.proc = subprocess.Popen(app.command(self.port, target, "nl", pool_size=pool), env=env, cwd=str(ROOT),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not app.wait_ready(app.url(self.port), self.proc, timeout=120):
            raise SystemExit("the app server did not start")
        self.url = app.url(self.port)

    def stop(self):
        app.stop(self.proc)


def _first_form(browser, url: str) -> tuple[float, object]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    start = time.monotonic()
    page.goto(url)
    page.locator(READY).first.wait_for(state="visible", timeout=120_000)
    return time.monotonic() - start, page


def _check_in(page, group: str) -> None:
    page.get_by_placeholder(t("checkin.group_placeholder", "nl")).fill(group)
    page.get_by_role("button", name=t("checkin.open", "nl")).click()
    page.get_by_text(t("checkin.working_as", "nl", group=group)).wait_for()


def _switch(page, part: str) -> float:
    start = time.monotonic()
    page.locator(".workshop-menu button", has_text=t(f"app.part.{part}", "nl")).click()
    page.locator(f".workshop-page .workshop-part-{part} .workshop-step").first.wait_for(state="visible", timeout=60_000)
    return time.monotonic() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        tmp = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])

        # the app with kernels started ahead
        server = Server(app.APP_NOTEBOOK, app.POOL_SIZE, tmp)
        _settle(server.proc.pid)
        warm = []
        for i in range(3):
            seconds, page = _first_form(browser, server.url)
            warm.append(seconds)
            if i < 2:
                page.goto("about:blank")
                page.close()
                _settle(server.proc.pid)
        before = set(_kernels(server.proc.pid))
        _check_in(page, "Team Bench")
        page.wait_for_timeout(3000)
        jump = _switch(page, "team")       # a jump to a part that was not prepared
        _switch(page, "checkin")
        first_visit, again = {}, {}
        for part in model.STEPS[1:]:
            page.wait_for_timeout(3000)  # a participant reads and answers before moving on
            first_visit[part] = _switch(page, part)
        for part in model.STEPS[1:]:
            again[part] = _switch(page, part)
        _settle(server.proc.pid)
        mine = [k for k in _kernels(server.proc.pid)]
        rss = [_rss_mb(k) for k in mine]
        page.goto("about:blank")
        page.close()
        left = _settle(server.proc.pid)
        server.stop()

        # the app cold (no kernels started ahead)
        server = Server(app.APP_NOTEBOOK, 0, tmp)
        cold, page = _first_form(browser, server.url)
        page.close()
        server.stop()

        # the old way: a notebook page per part, each with a kernel of its own
        server = Server(ROOT / "notebooks" / "nl", 0, tmp)
        pages, per_page = [], []
        for path in sorted((ROOT / "notebooks" / "nl").glob("0*.ipynb")):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            start = time.monotonic()
            page.goto(f"{server.url}voila/render/{path.name}")
            page.locator(".workshop-step, .widget-box").first.wait_for(state="visible", timeout=120_000)
            per_page.append(time.monotonic() - start)
            pages.append(page)  # a participant moving on by the link keeps the old page's kernel
        old_kernels = len(_kernels(server.proc.pid))
        for page in pages:
            page.close()
        server.stop()
        browser.close()

    print("The participant's app (one page, bench/app.py)")
    print(f"  first usable form, kernels started ahead: median {statistics.median(warm):.2f} s "
          f"({', '.join(f'{s:.2f}' for s in warm)})")
    print(f"  first usable form, cold (no kernel ahead): {cold:.2f} s")
    print(f"  Next to a part not seen yet (built while the previous one was read): median {statistics.median(first_visit.values()):.2f} s, "
          f"slowest {max(first_visit.values()):.2f} s ({max(first_visit, key=first_visit.get)})")
    print(f"  jumping by the menu to a part not prepared (step 5): {jump:.2f} s")
    print(f"  switching to a part, visited before: median {statistics.median(again.values()):.2f} s, "
          f"slowest {max(again.values()):.2f} s")
    new = [k for k in mine if k not in before]
    print(f"  kernels for one participant: 1 (the server runs {len(mine)}: theirs and {len(mine) - 1} "
          f"started ahead{'' if not new else f', {len(new)} new'}); after the page is left: {left}")
    print(f"  memory per kernel after the whole walk: {max(rss):.0f} MB (largest), {min(rss):.0f} MB (smallest)")
    print("The old app mode (a notebook page per part)")
    print(f"  first usable form per page: median {statistics.median(per_page):.2f} s, "
          f"{min(per_page):.2f}-{max(per_page):.2f} s; kernels after one walk: {old_kernels}")
    print(f"  ratio, first form: old first page / app with kernels ahead = {per_page[0] / statistics.median(warm):.1f}x; "
          f"a step: old page / app first visit = {statistics.median(per_page) / statistics.median(first_visit.values()):.1f}x")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
