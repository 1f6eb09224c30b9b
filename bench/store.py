"""Benchmark of the store (helpers/store.py) on one long-lived group document, in one run:

1. save (``Workspace.update`` of one field), load (``Workspace(root).load`` in a fresh object, as a
   new kernel would) and restore (to a revision near the start, in the middle, near the end) at 10,
   10,000 and 50,000 revisions: medians, and the ratio 50,000 / 10 (the issue's goal: within 1.5x);
2. saves per second and the slowest single save for 1, 4, 8 and 16 writer processes on the same
   folder and group (the issue's goal: the slowest save with 16 writers under 1 s), then a check
   that every save reached the disk;
3. the sizes of the document, the history and the snapshots folder at each length.

Prints figures, asserts nothing about time (compare the ratios measured in one run).

    .venv/bin/python bench/store.py [--sizes 10,10000,50000] [--writers 1,4,8,16] [--seconds 5]

How the long history is built, honestly and quickly: every revision is one operation (8 in 10
field edits, 1 in 10 a row inserted, 1 in 10 a row removed) applied with :func:`helpers.crdt.apply`
and appended with the store's own ``Workspace._append``, in the line format ``Workspace._commit``
writes; every revision that is a multiple of ``SNAPSHOT_EVERY`` (and the last one of each length)
goes through the real ``Workspace.apply``, which reads the document and the history tail, writes
the document and the snapshot. Skipped for the other revisions: only re-reading and validating the
whole document, and rewriting it. Before that, ``--verify`` revisions are built both ways, with the
same operations and the same replica, and compared line by line and snapshot by snapshot (apart
from the times in them): the bench stops if they differ.

Measurements at a length run on the files as the store wrote them; after each timed save or
restore those files are put back exactly (document bytes, history truncated to its length, new
snapshots removed), so that every sample sees the same length.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers import crdt  # noqa: E402
from helpers import store as st  # noqa: E402
from helpers.store import SaveFailed, Workspace  # noqa: E402

GROUP = "Bench Store Groep"

# -- a realistic document and a realistic stream of edits --------------------------------------------

TEXT_FIELDS = [("audience", "description"), ("audience", "persona_quote"), ("audience", "occupation"),
               ("channels", "reason"), ("content", "tone_notes"), ("debrief", "rose"), ("debrief", "thorn"),
               ("debrief", "bud")]
ROW_FIELDS = {("goals",): ("sentence", "kpi", "platform"), ("team", "tasks"): ("title", "owner"),
              ("calendar", "entries"): ("title", "theme", "channel")}
# rows come and go around the filled-in counts (4 goals, 12 tasks, 24 calendar rows), so that the
# document a participant sees is about as big at 50,000 revisions as at 10: only the history grows
ROW_BOUNDS = {("goals",): (3, 5), ("team", "tasks"): (10, 14), ("calendar", "entries"): (21, 27)}
WORDS = ("Jonge ouders in de stad willen snel en persoonlijk geholpen worden; ze scrollen 's avonds op "
         "Instagram en in de trein op TikTok, en haken af bij te veel keuze of onduidelijke prijzen.").split()


class Editor:
    """A deterministic group at work: fills the document in, then edits it one change at a time."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.rows: dict[tuple, list[str]] = {lp: [] for lp in ROW_FIELDS}

    def _rid(self) -> str:
        return "r%012x" % self.rng.getrandbits(48)

    def _text(self, n: int, words: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(words)) + f" ({n})"

    def _row(self, lp: tuple, n: int) -> dict:
        if lp == ("goals",):
            return {"sentence": self._text(n, 14), "kpi": "volgers", "platform": "instagram",
                    "baseline": 1200.0, "target": 1500.0, "deadline": "2027-06-01"}
        if lp == ("team", "tasks"):
            return {"title": self._text(n, 4), "owner": self.rng.choice(["Anouk", "Bram", "Eva", "Noor"]),
                    "due": "2027-02-01"}
        return {"date": f"2027-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}", "time": "09:00",
                "channel": self.rng.choice(["instagram", "linkedin", "tiktok"]), "theme": self._text(n, 2),
                "layer": self.rng.choice(["hero", "hub", "help"]), "title": self._text(n, 5), "status": "idea"}

    def fill(self) -> dict:
        """The first save after check-in: text answers, 4 goals, 12 tasks, 24 calendar rows, a team."""
        changes: dict = {".".join(p): self._text(2, 30 if p[-1] in ("description", "reason") else 8)
                         for p in TEXT_FIELDS}
        changes["audience.age_min"], changes["audience.age_max"] = 25, 40
        changes["team.members"] = [{"id": self._rid(), "name": n, "role": "content"}
                                   for n in ("Anouk", "Bram", "Eva", "Noor")]
        for lp, count in ((("goals",), 4), (("team", "tasks"), 12), (("calendar", "entries"), 24)):
            rows = []
            for _ in range(count):
                rid = self._rid()
                self.rows[lp].append(rid)
                rows.append(dict(self._row(lp, 2), id=rid))
            changes[".".join(lp)] = rows
        return changes

    def next(self, n: int) -> crdt.Op:
        """The change that makes revision ``n``: 8 in 10 a field, 1 in 10 a new row, 1 in 10 a row removed."""
        r = self.rng.random()
        if r >= 0.8:
            lp = self.rng.choice(list(ROW_FIELDS))
            lo, hi = ROW_BOUNDS[lp]
            rows = self.rows[lp]
            if r < 0.9 and len(rows) < hi:
                rid = self._rid()
                before = self.rng.choice(rows) if rows and self.rng.random() < 0.3 else None
                rows.append(rid)
                return crdt.insert(lp, self._row(lp, n), row_id=rid, before=before)
            if r >= 0.9 and len(rows) > lo:
                rid = rows.pop(self.rng.randrange(len(rows)))
                return crdt.remove(lp, rid)
        if self.rng.random() < 0.5:
            path = self.rng.choice(TEXT_FIELDS)
            return crdt.set_(path, self._text(n, 30 if path[-1] in ("description", "reason") else 8))
        lp = self.rng.choice(list(ROW_FIELDS))
        rid = self.rng.choice(self.rows[lp])
        return crdt.set_(lp + (rid, self.rng.choice(ROW_FIELDS[lp])), self._text(n, 6))


def start(ws: Workspace, editor: Editor) -> dict:
    """Revision 1 (create) and 2 (the filled-in document), through the real store."""
    ws.create(GROUP)
    return ws.update(GROUP, editor.fill()).sync_state


def grow(ws: Workspace, editor: Editor, state: dict, have: int, upto: int) -> dict:
    """Revisions ``have + 1 .. upto`` (see the module's docstring); returns the state after ``upto``."""
    slug = ws.slug(GROUP)
    for rev in range(have + 1, upto + 1):
        op = editor.next(rev)
        if rev % st.SNAPSHOT_EVERY == 0 or rev == upto:
            doc, _ids = ws.apply(GROUP, [op])
            if doc.revision != rev:
                raise RuntimeError(f"expected revision {rev}, the store wrote {doc.revision}")
            state = doc.sync_state
        else:
            state, delta, _ids = crdt.apply(state, [op], ws.replica)
            if not delta:
                raise RuntimeError(f"revision {rev} changes nothing")
            # the line Workspace._commit writes for a change, by the store's own _append
            ws._append(slug, {"rev": rev, "at": st._now().isoformat(), "by": ws.replica,
                              "ops": [[k, new, old] for k, new, old in delta]})
            state, removed = crdt.split(state)  # removed rows are kept apart, as _commit does
            if removed["leaves"]:
                ws._keep_removed(slug, removed)
    return state


def _plain_line(raw: bytes) -> dict:
    e = json.loads(raw)
    e.pop("at", None)
    if "meta" in e:
        e["meta"] = {k: v for k, v in e["meta"].items() if k not in ("created_at", "updated_at")}
    return e


def _plain_snapshot(path: Path) -> dict:
    if path.suffix == ".jsonl":  # removed.jsonl: the tombstones of removed rows, a line per save
        # (the quick build writes no document between snapshots, so the store writes the same
        # tombstones in other lines when it catches up: compare what they add up to)
        leaves: dict = {}
        for x in path.read_bytes().splitlines():
            leaves.update(json.loads(x)["leaves"])
        return {"removed": leaves}
    s = json.loads(path.read_bytes())
    s.pop("offset")  # a byte offset: depends on the length of the times in earlier lines
    s["meta"] = {k: v for k, v in s["meta"].items() if k not in ("created_at", "updated_at")}
    return s


def verify(tmp: Path, revisions: int) -> float:
    """Build ``revisions`` revisions with Workspace.apply one by one and the quick way; compare."""
    t0 = time.perf_counter()
    real, quick = Workspace(tmp / "real"), Workspace(tmp / "quick")
    ed_real, ed_quick = Editor(11), Editor(11)
    start(real, ed_real)
    for rev in range(3, revisions + 1):
        real.apply(GROUP, [ed_real.next(rev)])
    quick.root.mkdir(parents=True)
    shutil.copyfile(real.root / ".replica", quick.root / ".replica")  # one room: one replica name
    state = start(quick, ed_quick)
    grow(quick, ed_quick, state, 2, revisions)
    slug = real.slug(GROUP)
    a = (real.root / f"{slug}.history.jsonl").read_bytes().splitlines()
    b = (quick.root / f"{slug}.history.jsonl").read_bytes().splitlines()
    if len(a) != len(b) or any(_plain_line(x) != _plain_line(y) for x, y in zip(a, b)):
        raise SystemExit("verify: the quickly built history differs from the one Workspace.apply writes")
    sa = sorted((real.root / "snapshots" / slug).iterdir())
    sb = sorted((quick.root / "snapshots" / slug).iterdir())
    if [p.name for p in sa] != [p.name for p in sb] or any(_plain_snapshot(x) != _plain_snapshot(y)
                                                           for x, y in zip(sa, sb)):
        raise SystemExit("verify: the quickly built snapshots differ from those Workspace.apply writes")
    da, db = Workspace(real.root).load(GROUP), Workspace(quick.root).load(GROUP)
    plain = lambda d: {k: v for k, v in d.model_dump(mode="json").items() if k not in ("created_at", "updated_at")}
    if plain(da) != plain(db) or da.sync_state != db.sync_state:
        raise SystemExit("verify: the quickly built document differs from the one Workspace.apply writes")
    return time.perf_counter() - t0


# -- measuring at one length -------------------------------------------------------------------------

class Frozen:
    """The group's files as the store wrote them at one length, to put back after a timed write."""

    def __init__(self, ws: Workspace):
        slug = ws.slug(GROUP)
        self.doc, self.hist, _lock = ws._paths(slug)
        self.snaps = ws.root / "snapshots" / slug
        self.doc_bytes = self.doc.read_bytes()
        self.hist_size = self.hist.stat().st_size
        self.snap_names = set(os.listdir(self.snaps))

    def reset(self) -> None:
        tmp = self.doc.with_name(".bench-reset.tmp")
        tmp.write_bytes(self.doc_bytes)
        os.replace(tmp, self.doc)
        os.truncate(self.hist, self.hist_size)
        for name in set(os.listdir(self.snaps)) - self.snap_names:
            os.unlink(self.snaps / name)


def sample(fn, after=None, repeat: int = 15, at_least: int = 3, budget: float = 4.0) -> list[float]:
    """Timings of ``fn`` (``after`` runs untimed after each): ``repeat`` of them, fewer (at least
    ``at_least``) when they take more than ``budget`` seconds together. One untimed warm-up first."""
    fn()
    if after:
        after()
    out: list[float] = []
    began = time.perf_counter()
    while len(out) < repeat and (len(out) < at_least or time.perf_counter() - began < budget):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
        if after:
            after()
    return out


def targets(n: int) -> dict[str, int]:
    """The revisions to restore: near the start, in the middle (between two snapshots), near the end."""
    half = st.SNAPSHOT_EVERY // 2
    return {"start": 3, "middle": n // 2 + (half if n >= 4 * st.SNAPSHOT_EVERY else 0),
            "end": n - (5 if n >= 100 else 2)}


def measure(root: Path, n: int, repeat: int, budget: float) -> dict:
    frozen = Frozen(Workspace(root))
    kernel = Workspace(root)  # a kernel's long-lived workspace object
    out: dict = {}
    counter = iter(range(10 ** 9))
    out["save"] = sample(lambda: kernel.update(GROUP, {"debrief.bud": f"nog een idee {next(counter)}"}),
                         frozen.reset, repeat, budget=budget)
    out["load"] = sample(lambda: Workspace(root).load(GROUP), None, repeat, budget=budget)
    out["targets"] = targets(n)
    out["undone"] = {}
    for where, rev in out["targets"].items():
        out[f"restore {where}"] = sample(lambda rev=rev: kernel.restore(GROUP, rev), frozen.reset, repeat,
                                         budget=budget)
        # how much the restore changes: the leaves in its history line (the work of a restore follows
        # the size of what it undoes, not the length of the history)
        kernel.restore(GROUP, rev)
        last = Workspace(root).history(GROUP)[-1]
        out["undone"][where] = len(last["changes"])
        frozen.reset()
    frozen.reset()
    if Workspace(root).load(GROUP).revision != n:
        raise RuntimeError("the files were not put back")
    return out


def sizes(root: Path) -> dict:
    slug = Workspace(root).slug(GROUP)
    snaps = list((root / "snapshots" / slug).iterdir())
    state = json.loads((root / f"{slug}.json").read_bytes())["_sync"]
    dead = sum(1 for e in state["leaves"].values() if len(e) == 2)
    return {"doc": (root / f"{slug}.json").stat().st_size, "history": (root / f"{slug}.history.jsonl").stat().st_size,
            "snapshots": sum(p.stat().st_size for p in snaps), "snapshot_files": len(snaps),
            "leaves": len(state["leaves"]), "tombstones": dead}


# -- concurrent writers ------------------------------------------------------------------------------

def _writer(root: str, index: int, seconds: float, barrier, results) -> None:
    """Even writers save their own text field, odd ones insert a calendar row and remove it again."""
    ws = Workspace(root)
    lat: list[float] = []
    failed, errors, n = 0, [], 0
    last, live, removed = None, [], []
    field = ".".join(TEXT_FIELDS[(index // 2) % len(TEXT_FIELDS)])
    barrier.wait()
    began = time.perf_counter()
    while time.perf_counter() - began < seconds:
        n += 1
        t0 = time.perf_counter()
        try:
            if index % 2 == 0:
                value = f"schrijver {index}, bewaring {n}"
                ws.update(GROUP, {field: value})
                last = value
            elif live:
                ws.remove(GROUP, "calendar.entries", live[-1])
                removed.append(live.pop())
            else:
                live.append(ws.insert(GROUP, "calendar.entries",
                                      {"date": "2027-03-01", "channel": "instagram", "title": f"w{index} {n}"}))
            lat.append(time.perf_counter() - t0)
        except SaveFailed:
            failed += 1
        except Exception as err:  # reported, never hidden
            errors.append(repr(err))
    results.put({"index": index, "lat": lat, "failed": failed, "errors": errors[:3], "field": field,
                 "last": last, "live": live, "removed": removed, "elapsed": time.perf_counter() - began})


def writers(base: Path, tmp: Path, count: int, seconds: float) -> dict:
    root = tmp / f"writers-{count}"
    shutil.copytree(base, root, symlinks=True)
    slug = Workspace(root).slug(GROUP)
    hist = root / f"{slug}.history.jsonl"
    base_rev = Workspace(root).load(GROUP).revision
    base_size = hist.stat().st_size
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(count + 1), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(str(root), i, seconds, barrier, results)) for i in range(count)]
    try:
        for p in procs:
            p.start()
        barrier.wait(timeout=60)
        got = [results.get(timeout=seconds + 120) for _ in procs]
        for p in procs:
            p.join(30)
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
                p.join(5)
    lat = sorted(x for r in got for x in r["lat"])
    saves = len(lat)
    # every save on disk: one history line per save, revisions without gap, each writer's last word
    with open(hist, "rb") as fh:
        fh.seek(base_size)
        revs = sorted(json.loads(line)["rev"] for line in fh if line.strip())
    doc = Workspace(root).load(GROUP)
    data = doc.model_dump(mode="json")
    ids = {row["id"] for row in data["calendar"]["entries"]}
    lost = []
    for r in got:
        if r["last"] is not None:
            node = data
            for part in r["field"].split("."):
                node = node[part]
            if node != r["last"]:
                lost.append(f"writer {r['index']}: last value")
        lost += [f"writer {r['index']}: row {rid}" for rid in r["live"] if rid not in ids]
        lost += [f"writer {r['index']}: removed row {rid} back" for rid in r["removed"] if rid in ids]
    ok = revs == list(range(base_rev + 1, base_rev + saves + 1)) and doc.revision == base_rev + saves and not lost
    shutil.rmtree(root)
    return {"writers": count, "saves": saves, "per_s": saves / max(r["elapsed"] for r in got),
            "median": statistics.median(lat) if lat else float("nan"),
            "p99": lat[min(len(lat) - 1, int(len(lat) * .99))] if lat else float("nan"),
            "max": lat[-1] if lat else float("nan"), "failed": sum(r["failed"] for r in got),
            "errors": [e for r in got for e in r["errors"]], "on_disk": len(revs), "ok": ok, "lost": lost[:5]}


# -- the report --------------------------------------------------------------------------------------

def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:9.2f}"


def _kib(n: int) -> str:
    return f"{n / 1024:10.1f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,10000,50000", help="history lengths, comma-separated")
    parser.add_argument("--writers", default="1,4,8,16", help="numbers of writer processes")
    parser.add_argument("--seconds", type=float, default=5.0, help="how long the writers save")
    parser.add_argument("--repeat", type=int, default=15, help="samples per operation (at most)")
    parser.add_argument("--budget", type=float, default=4.0, help="seconds per operation before fewer samples")
    parser.add_argument("--verify", type=int, default=300, help="revisions built both ways and compared (0: skip)")
    args = parser.parse_args(argv)
    lengths = sorted(int(x) for x in args.sizes.split(","))
    counts = [int(x) for x in args.writers.split(",")]
    if lengths[0] < 10:
        parser.error("the shortest history is 10 revisions")

    began = time.perf_counter()
    print(f"nproc {len(os.sched_getaffinity(0))} (cpu_count {os.cpu_count()}), python {sys.version.split()[0]}, "
          f"SNAPSHOT_EVERY {st.SNAPSHOT_EVERY}")
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp_name:
        tmp = Path(tmp_name)
        if args.verify:
            took = verify(tmp / "verify", args.verify)
            shutil.rmtree(tmp / "verify")
            print(f"  quick build checked: {args.verify} revisions built by Workspace.apply one by one and the quick "
                  f"way are the same lines, snapshots and document ({took:.1f} s)")

        root = tmp / "doc"
        ws = Workspace(root)
        editor = Editor()
        state, have, built = start(ws, editor), 2, 0.0
        results, size = {}, {}
        base = tmp / "base"
        for n in lengths:
            t0 = time.perf_counter()
            state = grow(ws, editor, state, have, n)
            built += time.perf_counter() - t0
            have = n
            print(f"  built {n:,} revisions in {built:.1f} s so far")
            size[n] = sizes(root)
            results[n] = measure(root, n, args.repeat, args.budget)
            if n == lengths[0]:
                shutil.copytree(root, base, symlinks=True)
        shutil.rmtree(root)

        conc = []
        for count in counts:
            conc.append(writers(base, tmp, count, args.seconds))

    first, last = lengths[0], lengths[-1]
    print()
    print(f"one group document, {' / '.join(f'{n:,}' for n in lengths)} revisions "
          f"(median of up to {args.repeat} samples, ms; each on the same files as the store wrote them):")
    head = "".join(f"{f'{n:,} revs':>12}" for n in lengths)
    print(f"  {'operation':<34}{head}   ratio {last:,}/{first}   goal")
    rows = [("save (update one field)", "save"), ("load (fresh Workspace)", "load"),
            ("restore near the start", "restore start"), ("restore in the middle", "restore middle"),
            ("restore near the end", "restore end")]
    for label, k in rows:
        cells = "".join(f"{_ms(results[n][k]):>12}" for n in lengths)
        ratio = statistics.median(results[last][k]) / statistics.median(results[first][k])
        verdict = "met" if ratio <= 1.5 else "NOT met"
        print(f"  {label:<34}{cells}   {ratio:11.1f}x   <= 1.5x {verdict}")
    print("  samples (save/load/restore start/middle/end): " + "; ".join(
        f"{n:,}: " + "/".join(str(len(results[n][k])) for _l, k in rows) for n in lengths))
    print("  restored revisions: " + "; ".join(
        f"{n:,}: " + ", ".join(f"{w} {r:,}" for w, r in results[n]["targets"].items()) for n in lengths))
    print("  fields a restore changes: " + "; ".join(
        f"{n:,}: " + ", ".join(f"{w} {c:,}" for w, c in results[n]["undone"].items()) for n in lengths))
    print()
    print("files (KiB):")
    print(f"  {'':<34}" + "".join(f"{f'{n:,} revs':>12}" for n in lengths))
    for label, k in (("document (.json)", "doc"), ("history (.history.jsonl)", "history"),
                     ("snapshots folder", "snapshots")):
        print(f"  {label:<34}" + "".join(f"{_kib(size[n][k]):>12}" for n in lengths))
    print(f"  {'snapshot files':<34}" + "".join(f"{size[n]['snapshot_files']:>12,}" for n in lengths))
    print(f"  {'leaves in the sync state':<34}" + "".join(f"{size[n]['leaves']:>12,}" for n in lengths))
    print(f"  {'  live (the document itself)':<34}" + "".join(f"{size[n]['leaves'] - size[n]['tombstones']:>12,}"
                                                          for n in lengths))
    print(f"  {'  tombstones (removed rows)':<34}" + "".join(f"{size[n]['tombstones']:>12,}" for n in lengths))
    print()
    print(f"concurrent writers on one group ({args.seconds:g} s each, starting from the {first}-revision document; "
          "even writers edit a field, odd ones insert or remove a calendar row):")
    print(f"  {'writers':>7} {'saves':>7} {'saves/s':>8} {'median ms':>10} {'p99 ms':>9} {'slowest ms':>11} "
          f"{'failed':>7}  on disk")
    for c in conc:
        disk = f"{c['on_disk']}/{c['saves']} {'ok' if c['ok'] else 'MISSING ' + ', '.join(c['lost'])}"
        print(f"  {c['writers']:>7} {c['saves']:>7} {c['per_s']:>8.1f} {c['median'] * 1000:>10.1f} "
              f"{c['p99'] * 1000:>9.1f} {c['max'] * 1000:>11.1f} {c['failed']:>7}  {disk}")
        for e in c["errors"]:
            print(f"          error: {e}")
    top = max(conc, key=lambda c: c["writers"])
    print(f"  goal: slowest save with {top['writers']} writers under 1 s: {top['max']:.2f} s "
          f"{'met' if top['max'] < 1 else 'NOT met'}")
    print(f"  (whole benchmark {time.perf_counter() - began:.0f} s; build {built:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
