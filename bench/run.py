"""Benchmarks: print figures, never assert on time (these machines are noisy; compare ratios
measured in one run).

    python bench/run.py            # everything
    python bench/run.py autosave   # one part
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_autosave(n: int = 300) -> None:
    """One field saved through the store (lock, read latest, apply, validate, history, fsync,
    atomic replace) against a bare json.dump + os.replace of the same document."""
    from helpers.store import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp) / "ws")
        group = "Bench Groep"
        ws.create(group)
        # a realistic, filled-in document: five goals, a calendar of 4 weeks, a team
        ws.update(group, {
            "audience.description": "Jonge ouders in de stad " * 20,
            "goals": [{"sentence": f"Doel {i}: 10% meer volgers op Instagram voor eind 2027"} for i in range(5)],
            "team.members": [{"name": f"Lid {i}", "role": "content"} for i in range(4)],
            "calendar.entries": [{"date": f"2027-01-{d:02d}", "channel": "Instagram", "title": "Post"} for d in range(1, 29)],
        })
        store_times = []
        for i in range(n):
            t0 = time.perf_counter()
            ws.update(group, {"debrief.bud": f"idee {i}"})
            store_times.append(time.perf_counter() - t0)

        doc = ws.load(group).model_dump(mode="json")
        bare_path = Path(tmp) / "bare.json"
        bare_times = []
        for i in range(n):
            doc["debrief"]["bud"] = f"idee {i}"
            t0 = time.perf_counter()
            tmp_path = bare_path.with_suffix(".tmp")
            with open(tmp_path, "w", encoding="utf-8") as fh:
                json.dump(doc, fh)
            os.replace(tmp_path, bare_path)
            bare_times.append(time.perf_counter() - t0)
        size = ws.path_for(group).stat().st_size

    s, b = _median_ms(store_times), _median_ms(bare_times)
    print(f"autosave of one field ({n} saves, document {size / 1024:.1f} KiB):")
    print(f"  store.update           median {s:8.3f} ms   p95 {sorted(store_times)[int(n * .95)] * 1000:8.3f} ms")
    print(f"  bare json.dump+replace median {b:8.3f} ms")
    print(f"  ratio store / bare     {s / b:8.1f}x")


def _import_time(code: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c",
                              "import time; t=time.perf_counter(); " + code + "; print(time.perf_counter()-t)"],
                             capture_output=True, text=True, cwd=ROOT, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def bench_import() -> None:
    """Import time in a fresh process (median of 7) against a bare ``import ipywidgets, pandas``."""
    bare = _import_time("import ipywidgets, pandas")
    pkg = _import_time("import helpers")
    forms = _import_time("import helpers.ui.checkin_form")
    full = _import_time("import helpers.ui.checkin_form, helpers.charts, altair")
    print("import time in a fresh process (median of 7):")
    print(f"  import ipywidgets, pandas (bare)          {bare * 1000:8.1f} ms")
    print(f"  import helpers                            {pkg * 1000:8.1f} ms   ratio {pkg / bare:5.2f}x")
    print(f"  import helpers.ui.checkin_form (first form)    {forms * 1000:8.1f} ms   ratio {forms / bare:5.2f}x")
    print(f"  ... plus charts and altair                {full * 1000:8.1f} ms   ratio {full / bare:5.2f}x")


def bench_classroom() -> None:
    """Dashboard aggregation for 200 and 2,000 groups (bench/classroom.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import classroom

    classroom.main([])


def bench_store() -> None:
    """Save, load and restore at 10 / 10,000 / 50,000 revisions, concurrent writers, file sizes
    (bench/store.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import store

    store.main([])


def bench_smart() -> None:
    """The SMART check over its case table: ms per sentence and hit rates (bench/smart.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import smart as smart_bench

    smart_bench.main([])


def bench_app() -> None:
    """The participant's app in Chromium: first form, switching parts, kernels and memory per
    participant, beside the old page-per-part app mode (bench/app.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import app as app_bench

    app_bench.main()


BENCHES = {"autosave": bench_autosave, "import": bench_import, "classroom": bench_classroom, "store": bench_store,
           "smart": bench_smart, "app": bench_app}


def main(argv: list[str]) -> None:
    names = argv or list(BENCHES)
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores")
    for name in names:
        BENCHES[name]()
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
