"""Benchmark of the analytics importer (helpers/analytics, issue 11) on a large Meta Business Suite
post export: 100,000 rows by default, 33 columns, a BOM, captions over two lines with quotes and
commas, "Lifetime" in Date, as the platform writes it; and the same rows re-saved by a Dutch Excel
(``;``, decimal commas, "1.200"). The issue's goal: under 2 s.

Prints, per file: its size, the median of ``--repeat`` timed reads of ``read_export(path)`` (a
fresh read each time, nothing cached), the peak of memory Python allocated during one more read
(tracemalloc, run apart from the timed reads because it slows them), and the process's resident
memory after it (psutil). Also the time a fresh interpreter takes to import the importer.
Asserts nothing about time.

    .venv/bin/python bench/kpi.py [--rows 100000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import codecs
import csv
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.analytics import read_export  # noqa: E402

HEAD = ('"Post ID","Page ID","Page name",Title,Description,"Duration (sec)","Publish time","Caption type",'
        'Permalink,"Is crosspost","Is share","Post type",Languages,"Custom labels","Funded content status",'
        '"Data comment",Date,Views,Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares,"Total clicks",'
        '"Other Clicks","Link Clicks","Negative feedback from users: Hide all","Negative feedback from users: Hide",'
        '"Negative feedback from users: Report as spam","Negative feedback from users: Unlike Page",'
        '"Matched Audience Targeting Consumption (Photo Click)","Matched Audience Targeting Consumption (Video Click)",'
        '"Matched Audience Targeting Consumption (Link Click)"')


def meta_export(rows: int, dutch_excel: bool = False) -> bytes:
    """A Meta post export of ``rows`` posts (seeded by the row number: every run writes the same file)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dutch_excel else ",", lineterminator="\n")
    for i in range(rows):
        views, reach = 500 + i % 9000, 400 + i % 7000
        reactions, comments, shares = i % 300, i % 40, i % 25
        when = f"{1 + i % 12:02d}/{1 + i % 28:02d}/2026 {i % 24:02d}:{i % 60:02d}"
        if dutch_excel:
            when = f"{1 + i % 28}-{1 + i % 12}-2026 {i % 24:02d}:{i % 60:02d}"
            views, reach = f"{views:,}".replace(",", "."), f"{reach:,}".replace(",", ".")
        writer.writerow([f"10{i:09d}", "123456789", "Bakkerij De Korf", "",
                         f"Post {i}: verse broodjes, \"vandaag\" nog!\nTot morgen", "", when, "", f"https://fb.com/{i}",
                         "No", "No", "Photos", "nl", "", "", "", "Lifetime", views, reach,
                         reactions + comments + shares, reactions, comments, shares, i % 90, i % 30, i % 60,
                         0, 0, 0, 0, i % 7, 0, i % 5])
    head = HEAD.replace(",", ";") if dutch_excel else HEAD
    text = head + "\n" + out.getvalue()
    return text.encode("cp1252") if dutch_excel else codecs.BOM_UTF8 + text.encode("utf-8")


def measure(path: Path, repeat: int) -> dict:
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        export = read_export(path)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    tracemalloc.start()
    read_export(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"rows": len(export.rows), "skipped": len(export.skipped), "median_s": statistics.median(times),
            "max_s": max(times), "cpu_s": statistics.median(cpu), "peak_mb": peak / 2**20, "rss_mb": psutil.Process().memory_info().rss / 2**20,
            "totals": export.totals()}


def import_time() -> float:
    code = "import time; s = time.perf_counter(); import helpers.analytics; print(time.perf_counter() - s)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout)


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    print(f"nproc {os.cpu_count()}, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"{args.rows:,} rows, {args.repeat} timed reads")
    print(f"import helpers.analytics in a fresh interpreter: {import_time():.2f} s")
    print(f"{'file':<26}{'MB':>7}{'rows':>9}{'skipped':>9}{'median s':>10}{'max s':>8}{'CPU s':>7}{'peak MB':>9}{'RSS MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, dutch in (("Meta export (UTF-8, ,)", False), ("Dutch Excel (cp1252, ;)", True)):
            path = Path(tmp) / f"{'nl' if dutch else 'en'}.csv"
            path.write_bytes(meta_export(args.rows, dutch))
            r = measure(path, args.repeat)
            print(f"{label:<26}{path.stat().st_size / 2**20:>7.1f}{r['rows']:>9,}{r['skipped']:>9}{r['median_s']:>10.2f}"
                  f"{r['max_s']:>8.2f}{r['cpu_s']:>7.2f}{r['peak_mb']:>9.0f}{r['rss_mb']:>8.0f}")
            print(f"  totals: {r['totals']}")
    print("goal (issue 11): a 100,000-row export read in under 2 s")


if __name__ == "__main__":
    main(sys.argv[1:])
