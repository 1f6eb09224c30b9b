"""Benchmark of the trainer's dashboard logic: read a results folder and compute every view, for a
class of 200 and of 2,000 groups, in one run. Prints figures, asserts nothing (compare the ratio).

    .venv/bin/python bench/classroom.py [--small 200] [--large 2000] [--repeat 3]

The folders are generated once in a temporary directory (tests/factories.py: 3 in 5 groups finished,
1 in 5 half-way, 1 in 5 barely started, one hostile group, two corrupt files).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _views(cls) -> None:
    from helpers import classroom as cl

    cl.progress(cls)
    cl.moods(cls)
    cl.word_cloud_html(cl.words(cls))
    cl.audiences(cls)
    cl.channels_chosen(cls)
    cl.goals(cls)
    cl.mixes(cls)
    cl.frequency(cls)
    cl.rose_wall_html(cls)
    cl.progress_html(cls)
    cl.summary(cls)


def _measure(folder: Path, repeat: int) -> dict[str, float]:
    from helpers import classroom as cl

    reads, views, cpus, xlsx = [], [], [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        cls = cl.read_class(folder)
        t1 = time.perf_counter()
        _views(cls)
        t2 = time.perf_counter()
        cpus.append(time.process_time() - c0)
        reads.append(t1 - t0)
        views.append(t2 - t1)
    t0 = time.perf_counter()
    cl.export_xlsx(cls)
    xlsx.append(time.perf_counter() - t0)
    size = sum(p.stat().st_size for p in folder.glob("*.json"))
    return {"read": statistics.median(reads), "views": statistics.median(views),
            "total": statistics.median(r + v for r, v in zip(reads, views)), "xlsx": xlsx[0],
            "cpu": statistics.median(cpus),
            "groups": len(cls.groups), "broken": len(cls.broken), "mib": size / 2**20}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from tests.factories import make_class

    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for n in (args.small, args.large):
            t0 = time.perf_counter()
            make_class(Path(tmp) / str(n), n, seed=n)
            print(f"  generated {n} groups in {time.perf_counter() - t0:.1f} s")
        for n in (args.small, args.large):
            results[n] = _measure(Path(tmp) / str(n), args.repeat)

    print(f"class dashboard: read_class + every view (median of {args.repeat}):")
    for n, r in results.items():
        print(f"  {r['groups']:5d} groups ({r['mib']:5.1f} MiB, {r['broken']} broken): "
              f"read {r['read']:6.2f} s  views {r['views']:6.2f} s  total {r['total']:6.2f} s  "
              f"({r['total'] / r['groups'] * 1000:5.2f} ms/group)  cpu {r['cpu']:6.2f} s   export_xlsx {r['xlsx']:6.2f} s")
    small, large = results[args.small], results[args.large]
    print(f"  ratio {args.large}/{args.small}: wall {large['total'] / small['total']:5.1f}x   "
          f"cpu {large['cpu'] / small['cpu']:5.1f}x   (groups {large['groups'] / small['groups']:.0f}x; "
          "linear means about the same; cpu time is steadier on a busy machine)")


if __name__ == "__main__":
    main(sys.argv[1:])
