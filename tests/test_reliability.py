"""Reliability: real faults on real folders. Nothing a participant typed is ever lost.

Each test makes the fault for real: a full tmpfs, a lock held by another process, two laptops with
clocks an hour apart, a damaged history line, a document without its history, two Unix accounts
sharing a room folder, a read-only mount, symlinks pointing outside, and temporary files left by a
crash. Mounting and creating Unix users needs root: without root these tests are skipped, except
in CI (``CI=true``), where they fail.
"""
from __future__ import annotations

import datetime as dt
import errno
import html
import json
import os
import pwd
import re
import grp
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml

from helpers import model, store
from helpers.export import to_json
from helpers.store import Workspace
from helpers.ui.base import SavedIndicator, Session
from helpers.ui.debrief_form import rose

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NL = yaml.safe_load((ROOT / "helpers" / "locales" / "nl" / "store.yaml").read_text(encoding="utf-8"))
META = set(store.crdt.META)


# ------------------------------------------------------------------------------------------------
# helpers

def require_root(what: str) -> None:
    if os.geteuid() == 0:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI runs as root; this test needs root to {what}")
    pytest.skip(f"needs root to {what} (run as root, as CI does)")


def wait_for(predicate, timeout: float, step: float = 0.05):
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= end:
            return value
        time.sleep(step)


def indicator_of(form) -> SavedIndicator:
    todo = [form]
    while todo:
        w = todo.pop()
        if isinstance(w, SavedIndicator):
            return w
        todo.extend(getattr(w, "children", ()))
    raise AssertionError("the form has no saved indicator")


def words(indicator: SavedIndicator) -> str:
    """What the participant reads in the indicator: the text without markup."""
    return html.unescape(re.sub(r"<[^>]+>", "", indicator.value)).strip()


def answers(doc) -> dict:
    """A document's answers: everything but the store's own fields."""
    return {k: v for k, v in doc.model_dump(mode="json").items() if k not in META}


def on_disk(root: Path, group: str) -> dict:
    """The document file as saved (read directly, no store code involved)."""
    return json.loads((root / f"{model.slug(group)}.json").read_bytes())


def history_lines(root: Path, group: str) -> list[dict]:
    """Every line of the history parsed as JSON: fails on any damaged or half line."""
    raw = (root / f"{model.slug(group)}.history.jsonl").read_bytes()
    assert raw.endswith(b"\n")
    return [json.loads(line) for line in raw.splitlines() if line.strip()]


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("WORKSHOP_LANG", "WORKSHOP_GROUP")}
    return subprocess.run([PYTHON, "-m", "helpers", *map(str, args)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr


def tree_bytes(folder: Path) -> dict:
    """Every entry under ``folder`` with its bytes (links as their target): to prove nothing changed."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_symlink():
            out[str(p)] = ("link", os.readlink(p))
        elif p.is_file():
            out[str(p)] = p.read_bytes()
        else:
            out[str(p)] = "dir"
    return out


@pytest.fixture
def mount_tmpfs(tmp_path):
    """``mount_tmpfs(size)`` -> a fresh tmpfs mount point; unmounted afterwards."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        require_root("mount a tmpfs")
        point = tmp_path / f"mnt{len(mounted)}"
        point.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(point)], check=True)
        mounted.append(point)
        return point

    yield mount
    for point in reversed(mounted):
        if subprocess.run(["umount", str(point)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(point)], capture_output=True)


@pytest.fixture
def sessions():
    """Sessions opened by a test, closed (pending changes flushed) at its end."""
    opened: list[Session] = []
    yield opened
    for s in opened:
        try:
            s.close()
        except Exception:
            pass


def open_session(sessions, root: Path, group: str, delay: float = 0.05) -> Session:
    s = Session(Workspace(root), delay=delay)
    s.open(group)
    sessions.append(s)
    return s


@pytest.fixture
def thread_errors(monkeypatch):
    """Exceptions that escaped a background thread (a dead autosaver loses every later change)."""
    caught: list = []
    previous = threading.excepthook

    def hook(args):
        caught.append(args)
        previous(args)

    monkeypatch.setattr(threading, "excepthook", hook)
    return caught


# ------------------------------------------------------------------------------------------------
# 1. Disk full

def fill_up(folder: Path) -> Path:
    big = folder / "big.bin"
    with open(big, "wb") as fh:
        chunk = b"\0" * 65536
        try:
            while True:
                fh.write(chunk)
                fh.flush()
        except OSError as err:
            assert err.errno == errno.ENOSPC
    # the last, partly filled page of a file may still take a few bytes: take those too
    with open(big, "ab", buffering=0) as fh:
        for size in (4096, 512, 64, 8, 1):
            try:
                while fh.write(b"\0" * size):
                    pass
            except OSError:
                pass
    return big


def test_disk_full_change_waits_in_words_and_is_saved_when_room_returns(mount_tmpfs, sessions, thread_errors):
    mnt = mount_tmpfs("2m")
    root = mnt / "workspace"
    group = "Groep Zon"
    session = open_session(sessions, root, group)
    form = rose(session)
    indicator = indicator_of(form)

    form.rose.value = "We hebben samen één plan gemaakt."
    form.bud.value = "Volgende keer eerder beginnen."
    session.flush()
    assert on_disk(root, group)["debrief"]["rose"] == "We hebben samen één plan gemaakt."
    slug = model.slug(group)
    doc_before = (root / f"{slug}.json").read_bytes()
    hist_before = (root / f"{slug}.history.jsonl").read_bytes()
    rev_before = json.loads(doc_before)["revision"]

    big = fill_up(mnt)
    # a long answer (its history line is longer than a page, so a full disk cuts it in the middle)
    long_answer = "Fijne samenwerking, veel gelachen 🌹 " + "🌹" * 1500
    form.rose.value = long_answer
    form.thorn.value = "De wifi viel steeds weg."

    disk_full = NL["disk_full"]
    assert wait_for(lambda: words(indicator).endswith(disk_full), 5), words(indicator)
    assert "Nog niet opgeslagen" in words(indicator)  # plain Dutch words, no error code
    time.sleep(1.5)  # at least one retry while the disk is still full
    assert words(indicator).endswith(disk_full)
    # nothing already saved is lost or damaged: both files byte-identical, still readable
    assert (root / f"{slug}.json").read_bytes() == doc_before
    assert (root / f"{slug}.history.jsonl").read_bytes() == hist_before
    reader = Workspace(root)
    assert reader.load_slug(slug).debrief.rose == "We hebben samen één plan gemaakt."
    assert reader.problems == []
    # the participant still sees what was typed
    assert session.doc.debrief.rose == long_answer

    big.unlink()  # room again: no more typing, the autosaver's retry saves it
    assert wait_for(lambda: on_disk(root, group)["debrief"]["rose"] == long_answer, 6)
    saved = on_disk(root, group)
    assert saved["debrief"]["thorn"] == "De wifi viel steeds weg."
    assert saved["debrief"]["bud"] == "Volgende keer eerder beginnen."
    assert saved["revision"] > rev_before
    assert wait_for(lambda: words(indicator).startswith("✓"), 3), words(indicator)
    assert disk_full not in words(indicator)
    # the history is whole: every line parses, revisions count up by one, nothing reported damaged
    lines = history_lines(root, group)
    assert [e["rev"] for e in lines] == list(range(1, saved["revision"] + 1))
    after = Workspace(root)
    after.history(group)
    assert after.problems == [] and not (root / "broken").exists()
    assert after.load(group).debrief.rose == long_answer
    assert not thread_errors


# ------------------------------------------------------------------------------------------------
# 2. A lock held for 35 seconds by another process

LOCK_HOLDER = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
print("released", flush=True)
"""


@pytest.mark.slow
def test_lock_held_35s_typing_never_freezes_and_is_saved_after(tmp_path, sessions, thread_errors):
    root = tmp_path / "workspace"
    group = "Groep Maan"
    session = open_session(sessions, root, group)
    form = rose(session)
    indicator = indicator_of(form)
    form.rose.value = "begin"
    session.flush()
    statuses: list = []
    session.on_status(lambda status, message: statuses.append((status, message)))

    lock_path = root / f"{model.slug(group)}.lock"
    holder = subprocess.Popen([PYTHON, "-c", LOCK_HOLDER, str(lock_path), "35"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        held_at = time.monotonic()
        slowest = 0.0
        typed = 0
        last = None
        while holder.poll() is None and time.monotonic() - held_at < 45:
            last = f"Wat ging goed, versie {typed}"
            t0 = time.monotonic()
            form.rose.value = last
            if typed % 5 == 0:
                form.presented.value = not form.presented.value
            slowest = max(slowest, time.monotonic() - t0)
            typed += 1
            time.sleep(0.25)
        assert holder.wait(timeout=10) == 0
        released_at = time.monotonic()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert released_at - held_at >= 34
    assert slowest < 0.2, f"setting a widget value took {slowest:.2f} s"
    assert typed > 100
    busy = NL["busy"]
    assert any(s == "failing" and m == busy for s, m in statuses), statuses
    # the change is on disk soon after the lock is released, without more typing
    assert wait_for(lambda: on_disk(root, group)["debrief"]["rose"] == last, 5)
    assert on_disk(root, group)["debrief"]["presented"] == form.presented.value
    assert wait_for(lambda: words(indicator).startswith("✓"), 3), words(indicator)
    assert not thread_errors


def test_busy_indicator_is_in_words(tmp_path, sessions, monkeypatch):
    """The quick version of the above (a short lock timeout): the indicator shows the sentence."""
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.3)
    root = tmp_path / "workspace"
    group = "Groep Maan"
    session = open_session(sessions, root, group)
    form = rose(session)
    indicator = indicator_of(form)
    lock_path = root / f"{model.slug(group)}.lock"
    holder = subprocess.Popen([PYTHON, "-c", LOCK_HOLDER, str(lock_path), "3"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        form.rose.value = "tijdens het slot"
        assert wait_for(lambda: words(indicator).endswith(NL["busy"]), 2.5), words(indicator)
        assert holder.wait(timeout=10) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert wait_for(lambda: on_disk(root, group)["debrief"]["rose"] == "tijdens het slot", 4)


# ------------------------------------------------------------------------------------------------
# 3. Two laptops, five answers each, clocks an hour apart; the trainer imports in both orders

GROUP3 = "Groep Ster"


def laptop_answers():
    """Five questions per laptop: leaves, a set and list rows. ``(laptop, action)`` in the order typed."""
    def l1(ws):
        yield lambda: ws.update(GROUP3, {"audience.description": "Studenten die in de stad wonen"})
        yield lambda: ws.update(GROUP3, {"audience.age_min": 18})
        yield lambda: ws.insert(GROUP3, "goals", {"sentence": "Meer volgers op Instagram in mei", "kpi": "volgers"})
        yield lambda: ws.update(GROUP3, {"audience.age_max": 25})
        yield lambda: ws.insert(GROUP3, "goals", {"sentence": "Tien reacties per post", "kpi": "reacties"})

    def l2(ws):
        yield lambda: ws.update(GROUP3, {"content.themes": ["duurzaamheid", "lokaal eten"]})
        yield lambda: ws.insert(GROUP3, "team.tasks", {"title": "Posts plannen", "owner": "Sam"})
        yield lambda: ws.update(GROUP3, {"debrief.rose": "Goede samenwerking"})
        yield lambda: ws.apply(GROUP3, [store.crdt.add("channels.chosen", "instagram")])
        yield lambda: ws.update(GROUP3, {"audience.location": "Utrecht"})

    return l1, l2


def ten_answers_present(doc) -> list[str]:
    """The names of the ten answers that ``doc`` holds (all ten: the merge lost nothing)."""
    found = []
    if doc.audience.description == "Studenten die in de stad wonen":
        found.append("description")
    if doc.audience.age_min == 18:
        found.append("age_min")
    if doc.audience.age_max == 25:
        found.append("age_max")
    sentences = [g.sentence for g in doc.goals]
    found += [f"goal:{s}" for s in ("Meer volgers op Instagram in mei", "Tien reacties per post") if s in sentences]
    if doc.content.themes == ["duurzaamheid", "lokaal eten"]:
        found.append("themes")
    if [(t.title, t.owner) for t in doc.team.tasks] == [("Posts plannen", "Sam")]:
        found.append("task")
    if doc.debrief.rose == "Goede samenwerking":
        found.append("rose")
    if doc.channels.chosen == ["instagram"]:
        found.append("chosen")
    if doc.audience.location == "Utrecht":
        found.append("location")
    return found


def test_two_laptops_five_answers_each_merge_in_both_orders(tmp_path, monkeypatch):
    real_now = store._now
    later = lambda: real_now() + dt.timedelta(hours=1)  # noqa: E731 - laptop 2's clock runs an hour ahead
    lap1, lap2 = Workspace(tmp_path / "laptop1"), Workspace(tmp_path / "laptop2")
    lap1.create(GROUP3)
    with monkeypatch.context() as m:
        m.setattr(store, "_now", later)
        lap2.create(GROUP3)
    l1, l2 = laptop_answers()
    for a1, a2 in zip(l1(lap1), l2(lap2)):  # the two groups type at the same time
        a1()
        with monkeypatch.context() as m:
            m.setattr(store, "_now", later)
            a2()
    doc1, doc2 = lap1.load(GROUP3), lap2.load(GROUP3)
    assert len(ten_answers_present(doc1)) == 5 and len(ten_answers_present(doc2)) == 5
    assert doc2.updated_at - doc1.updated_at > dt.timedelta(minutes=55)
    f1, f2 = tmp_path / "groep-ster-laptop1.json", tmp_path / "groep-ster-laptop2.json"
    f1.write_bytes(to_json(doc1))
    f2.write_bytes(to_json(doc2))

    trainers = {}
    others = {}
    for name, files in (("t12", (f1, f2)), ("t21", (f2, f1))):
        root = tmp_path / name
        ws = Workspace(root)
        ws.create("Andere Groep")
        ws.update("Andere Groep", {"debrief.rose": "Niet aankomen"})
        others[name] = tree_bytes(root / "snapshots") | {
            p.name: p.read_bytes() for p in root.iterdir() if p.name.startswith(model.slug("Andere Groep"))}
        proc = run_cli("--workspace", root, "import", *files)
        no_traceback(proc)
        assert proc.returncode == 0, proc.stderr
        assert len(proc.stdout.strip().splitlines()) == 2  # one sentence per file
        trainers[name] = root

    docs = {name: Workspace(root).load(GROUP3) for name, root in trainers.items()}
    for name, doc in docs.items():
        assert sorted(ten_answers_present(doc)) == sorted(ten_answers_present(doc1) + ten_answers_present(doc2)), name
        assert len(ten_answers_present(doc)) == 10
    # the same document in both orders: answers, row order, revision and merge data
    assert answers(docs["t12"]) == answers(docs["t21"])
    assert docs["t12"].revision == docs["t21"].revision
    assert docs["t12"].created_at == docs["t21"].created_at == min(doc1.created_at, doc2.created_at)
    assert on_disk(trainers["t12"], GROUP3)["_sync"] == on_disk(trainers["t21"], GROUP3)["_sync"]
    assert [g.id for g in docs["t12"].goals] == [g.id for g in doc1.goals]

    # importing a file again changes nothing
    for name, root in trainers.items():
        before = (root / f"{model.slug(GROUP3)}.json").read_bytes()
        proc = run_cli("--workspace", root, "import", f1, f2)
        no_traceback(proc)
        assert proc.returncode == 0
        assert (root / f"{model.slug(GROUP3)}.json").read_bytes() == before
        assert Workspace(root).load(GROUP3).revision == docs[name].revision
    # a file never changes another group
    for name, root in trainers.items():
        now = tree_bytes(root / "snapshots") | {
            p.name: p.read_bytes() for p in root.iterdir() if p.name.startswith(model.slug("Andere Groep"))}
        assert {k: v for k, v in now.items() if model.slug(GROUP3) not in k} == \
            {k: v for k, v in others[name].items() if model.slug(GROUP3) not in k}
        assert {g.group for g in Workspace(root).groups()} == {GROUP3, "Andere Groep"}

    # hostile files: refused in words (exit code 2, no traceback), nothing changes
    genuine = json.loads(f1.read_bytes())
    hostile = {
        "revision": lambda d: d.update(revision=10**20),
        "clock": lambda d: d["_sync"].update(clock=10**20),
        "leaf-counter": lambda d: next(iter(d["_sync"]["leaves"].values())).__setitem__(0, 10**20),
        # at the limit the merge would accept: the next change would then pass the limit
        "clock-at-limit": lambda d: (d["_sync"].update(clock=2**53),
                                     [e.__setitem__(0, 2**53) for e in d["_sync"]["leaves"].values()]),
    }
    root = trainers["t12"]
    rev = Workspace(root).load(GROUP3).revision
    doc_bytes = (root / f"{model.slug(GROUP3)}.json").read_bytes()
    for label, spoil in hostile.items():
        data = json.loads(json.dumps(genuine))
        spoil(data)
        bad = tmp_path / f"hostile-{label}.json"
        bad.write_text(json.dumps(data), encoding="utf-8")
        proc = run_cli("--workspace", root, "import", bad)
        no_traceback(proc)
        assert proc.returncode == 2, (label, proc.stdout, proc.stderr)
        assert proc.stderr.strip() and f"hostile-{label}.json" in proc.stderr, label
        assert (root / f"{model.slug(GROUP3)}.json").read_bytes() == doc_bytes, label
    assert Workspace(root).load(GROUP3).revision == rev
    # a later genuine file is still accepted, and later changes still save
    lap1.update(GROUP3, {"audience.occupation": "student"})
    f1b = tmp_path / "groep-ster-laptop1-later.json"
    f1b.write_bytes(to_json(lap1.load(GROUP3)))
    proc = run_cli("--workspace", root, "import", f1b)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    trainer = Workspace(root)
    doc = trainer.load(GROUP3)
    assert doc.audience.occupation == "student" and doc.revision == rev + 1
    assert len(ten_answers_present(doc)) == 10
    trainer.update(GROUP3, {"debrief.bud": "Nabespreken"})
    again = Workspace(root)
    assert again.load(GROUP3).debrief.bud == "Nabespreken" and again.problems == []


# ------------------------------------------------------------------------------------------------
# 4. A damaged line in the middle of a history

def test_damaged_history_line_is_reported_kept_and_every_other_revision_restorable(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "SNAPSHOT_EVERY", 10)
    root = tmp_path / "workspace"
    group = "Groep Regen"
    ws = Workspace(root)
    ws.create(group)
    expected = {1: answers(ws.load(group))}
    goal = None
    for rev in range(2, 31):
        if rev == 5:
            goal = ws.insert(group, "goals", {"sentence": "Eerste doel"})
        elif rev == 12:
            ws.insert(group, "team.tasks", {"title": "Foto's maken"})
        elif rev == 25:
            ws.remove(group, "goals", goal)
        elif rev % 3 == 0:
            ws.update(group, {"audience.location": f"Stad {rev}"})
        else:
            ws.update(group, {"debrief.rose": f"Versie {rev}"})
        doc = ws.load(group)
        assert doc.revision == rev
        expected[rev] = answers(doc)
    slug = model.slug(group)
    snaps = sorted(int(p.stem) for p in (root / "snapshots" / slug).glob("*.json") if p.stem.isdigit())
    assert snaps == [1, 10, 20, 30]

    hist = root / f"{slug}.history.jsonl"
    lines = hist.read_bytes().splitlines(keepends=True)
    assert len(lines) == 30 and json.loads(lines[14])["rev"] == 15
    offset = sum(len(x) for x in lines[:14])
    with open(hist, "r+b") as fh:  # overwrite bytes in place, in the middle of line 15
        fh.seek(offset + 3)
        fh.write(b"\x00#beschadigd#\x00")
    damaged = hist.read_bytes()
    assert len(damaged) == sum(len(x) for x in lines)

    # the command line reports it in words and keeps a byte-identical copy
    proc = run_cli("--workspace", root, "history", group)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    listed = [int(line.split()[0]) for line in proc.stdout.splitlines() if line.strip()]
    assert listed == [r for r in range(1, 31) if r != 15]
    kept = list((root / "broken").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    said = NL["history_damaged"].format(file=hist.name, kept=kept[0].name)
    assert said in proc.stderr
    # and so does the store itself
    ws = Workspace(root)
    listing = ws.history(group)
    assert [e["rev"] for e in listing] == [r for r in range(1, 31) if r != 15]
    assert [p.message for p in ws.problems] == [said]
    assert list((root / "broken").iterdir()) == kept and hist.read_bytes() == damaged

    # every other revision comes back with the values written at that revision
    for rev in [r for r in range(1, 31) if r != 15]:
        restored = ws.restore(group, rev)
        assert answers(restored) == expected[rev], f"revision {rev}"
        assert answers(Workspace(root).load(group)) == expected[rev], f"revision {rev} on disk"
    try:
        restored = ws.restore(group, 15)
    except LookupError as err:
        assert str(err.args[0]).strip()
    else:
        assert answers(restored) == expected[15]
    # and from the command line (a new process, the default snapshot interval)
    proc = run_cli("--workspace", root, "restore", group, "--to", "17")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert answers(Workspace(root).load(group)) == expected[17]


# ------------------------------------------------------------------------------------------------
# 5. A document without its history

def test_document_without_history_changed_then_damaged_is_recovered_not_empty(tmp_path):
    group = "Groep Wind"
    first = Workspace(tmp_path / "first")
    first.create(group)
    first.update(group, {"audience.description": "Ouders van jonge kinderen", "audience.age_min": 25})
    first.insert(group, "goals", {"sentence": "Meer bezoekers op de website"})
    slug = model.slug(group)
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy2(first.root / f"{slug}.json", copy / f"{slug}.json")  # the document alone

    ws = Workspace(copy)
    ws.update(group, {"debrief.rose": "Eindelijk een plan"})  # changed once
    doc_path = copy / f"{slug}.json"
    garbage = doc_path.read_bytes()[:200] + b"\x00\x00 half opgeslagen"
    doc_path.write_bytes(garbage)  # then damaged

    ws = Workspace(copy)
    doc = ws.load(group)
    assert doc is not None
    assert doc.audience.description == "Ouders van jonge kinderen" and doc.audience.age_min == 25
    assert [g.sentence for g in doc.goals] == ["Meer bezoekers op de website"]
    assert doc.debrief.rose == "Eindelijk een plan"
    kept = [p for p in (copy / "broken").iterdir()]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    # the message says what happened: put aside, carrying on from the last good version
    assert [p.message for p in ws.problems] == [NL["unreadable"].format(file=doc_path.name,
                                                                         reason=NL["reason_not_json"])]
    assert ws.problems[0].kept_at == kept[0]
    ws.update(group, {"debrief.bud": "Verder"})
    again = Workspace(copy)
    assert again.load(group).debrief.rose == "Eindelijk een plan" and again.problems == []


def test_document_without_history_damaged_before_any_change_says_so(tmp_path):
    group = "Groep Wind"
    first = Workspace(tmp_path / "first")
    first.create(group)
    first.update(group, {"audience.description": "Ouders"})
    slug = model.slug(group)
    copy = tmp_path / "copy"
    copy.mkdir()
    garbage = (first.root / f"{slug}.json").read_bytes()[:100]
    (copy / f"{slug}.json").write_bytes(garbage)
    ws = Workspace(copy)
    assert ws.load(group) is None
    # no earlier version exists: the message must not promise one
    name = f"{slug}.json"
    assert [p.message for p in ws.problems] == [NL["unreadable_no_history"].format(file=name,
                                                                                    reason=NL["reason_not_json"])]
    kept = list((copy / "broken").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == garbage


# ------------------------------------------------------------------------------------------------
# 6. Two Unix users in one Unix group share a room folder

# The interpreter lives under /root (mode 0700 here), so a process started as another user cannot
# run it. Each participant's process therefore starts as root only to import the code, then becomes
# that user for good (initgroups, setgid, setuid, umask) before touching the room folder.
ROOM_USER = r"""
import json, os, pwd, sys, tempfile, shutil
args = json.loads(sys.argv[1])
from helpers import store, model
from helpers.export import to_json
from helpers.store import Workspace
from helpers.ui.base import Session
from helpers.ui.debrief_form import rose
# warm every lazy import and catalogue while still allowed to read them
scratch = tempfile.mkdtemp()
w = Workspace(scratch); w.create("x"); w.update("x", {"debrief.rose": "y"}); w.insert("x", "goals", {})
w.import_file(to_json(w.load("x")), "x.json"); w.history("x"); w.restore("x", 1)
s = Session(w, delay=0.01); s.open("x"); f = rose(s); f.rose.value = "z"; s.flush(); s.close()
for key in ("store.busy", "store.read_only", "store.disk_full", "store.write_failed", "store.symlink"):
    store.t(key)
shutil.rmtree(scratch)

pw = pwd.getpwnam(args["user"])
os.initgroups(pw.pw_name, pw.pw_gid)
os.setgid(pw.pw_gid)
os.setuid(pw.pw_uid)
os.umask(int(args["umask"], 8))
assert os.getuid() == os.geteuid() == pw.pw_uid and not os.access("/root", os.R_OK)
store.SNAPSHOT_EVERY = 2
ws = Workspace(args["room"])
g = args["group"]
out = {"uid": os.getuid()}
step = args["step"]
if step == "a1":
    ws.create(g)
    ws.update(g, {"audience.description": "Van A"})
    ws.insert(g, "goals", {"sentence": "Doel van A"})
elif step == "b":
    doc = ws.load(g)
    out["seen"] = doc.audience.description
    ws.update(g, {"content.themes": ["van B"]})
    with open(args["file"], "rb") as fh:
        r = ws.import_file(fh.read(), "laptop.json")
    out["import"] = [r.ok, r.status, r.message]
elif step == "a2":
    s = Session(ws, delay=0.05); s.open(g)
    form = rose(s)
    form.rose.value = "Van A, later"
    doc = s.flush(timeout=5)
    out["status"] = list(s.status)
    s.close()
out["problems"] = [p.message for p in ws.problems]
out["doc"] = ws.load(g).model_dump(mode="json")
print(json.dumps(out))
"""


@pytest.fixture
def room_accounts():
    """Two Unix users (each with their own primary group) who are both in one room group."""
    require_root("create Unix users and groups")
    tag = secrets.token_hex(3)
    room_group, users = f"wsroom{tag}", [f"wsa{tag}", f"wsb{tag}"]
    made_users, made_group = [], False
    try:
        subprocess.run(["groupadd", room_group], check=True, capture_output=True)
        made_group = True
        for name in users:
            subprocess.run(["useradd", "-M", "-U", "-s", "/usr/sbin/nologin", "-G", room_group, name], check=True,
                           capture_output=True)
            made_users.append(name)
        yield room_group, users
    finally:
        for name in made_users:
            subprocess.run(["userdel", name], capture_output=True)
            subprocess.run(["groupdel", name], capture_output=True)  # its own group, if userdel left it
        if made_group:
            subprocess.run(["groupdel", room_group], capture_output=True)


def as_user(user: str, umask: str, step: str, room: Path, group: str, file: Path | None = None) -> dict:
    args = {"user": user, "umask": umask, "step": step, "room": str(room), "group": group,
            "file": str(file) if file else None}
    env = {k: v for k, v in os.environ.items() if k not in ("WORKSHOP_LANG", "WORKSHOP_GROUP")}
    env["WORKSHOP_DIR"] = str(room)
    proc = subprocess.run([PYTHON, "-c", ROOM_USER, json.dumps(args)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, f"{user} {step}: {proc.stderr}"
    no_traceback(proc)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_room_folder_shared_by_two_unix_users(room_accounts, tmp_path):
    room_group, (user_a, user_b) = room_accounts
    gid = grp.getgrnam(room_group).gr_gid
    base = Path(tempfile.mkdtemp(prefix="workshop-room-", dir="/tmp"))
    try:
        os.chmod(base, 0o755)  # every directory on the way is o+rx
        room = base / "room"
        room.mkdir()
        os.chown(room, 0, gid)
        os.chmod(room, 0o2770)  # the room group's folder; new files take its group
        group = "Groep Kamer"
        laptop = Workspace(tmp_path / "laptop")
        laptop.create(group)
        laptop.update(group, {"debrief.bud": "Van een laptop"})
        upload = base / "laptop.json"
        upload.write_bytes(to_json(laptop.load(group)))
        os.chmod(upload, 0o644)

        a1 = as_user(user_a, "007", "a1", room, group)
        assert a1["uid"] == pwd.getpwnam(user_a).pw_uid and a1["problems"] == []
        b = as_user(user_b, "002", "b", room, group, upload)
        assert b["uid"] == pwd.getpwnam(user_b).pw_uid
        assert b["seen"] == "Van A" and b["problems"] == []
        assert b["import"][:2] == [True, "merged"], b["import"]
        a2 = as_user(user_a, "007", "a2", room, group)
        assert a2["status"][0] == "saved", a2["status"]
        assert a2["problems"] == []

        final = a2["doc"]
        assert final["audience"]["description"] == "Van A"
        assert [g["sentence"] for g in final["goals"]] == ["Doel van A"]
        assert final["content"]["themes"] == ["van B"]
        assert final["debrief"]["bud"] == "Van een laptop"
        assert final["debrief"]["rose"] == "Van A, later"
        assert Workspace(room).load(group).model_dump(mode="json") == final

        owners = set()
        entries = [room, *room.rglob("*")]
        names = {p.name for p in entries}
        slug = model.slug(group)
        assert {f"{slug}.json", f"{slug}.history.jsonl", f"{slug}.lock", "snapshots"} <= names
        for p in entries:
            st = os.lstat(p)
            owners.add(st.st_uid)
            assert not stat.S_ISLNK(st.st_mode), p
            assert st.st_gid == gid, f"{p} belongs to group {st.st_gid}, not the room's"
            if stat.S_ISDIR(st.st_mode):
                assert st.st_mode & 0o2070 == 0o2070, f"{p}: {oct(st.st_mode)}"
            else:
                assert st.st_mode & 0o060 == 0o060, f"{p}: {oct(st.st_mode)} is not group read-write"
        assert {pwd.getpwnam(user_a).pw_uid, pwd.getpwnam(user_b).pw_uid} <= owners
        assert not (room / "broken").exists()
        assert not list(room.glob(".*.tmp"))
    finally:
        shutil.rmtree(base, ignore_errors=True)


# ------------------------------------------------------------------------------------------------
# 7. A read-only folder

def test_read_only_folder_reads_exports_and_says_saving_is_off(mount_tmpfs, sessions, tmp_path, thread_errors,
                                                              caplog):
    mnt = mount_tmpfs("4m")
    root = mnt / "workspace"
    group = "Groep Lezen"
    ws = Workspace(root)
    ws.create(group)
    ws.update(group, {"audience.description": "Alleen lezen", "debrief.rose": "Bewaard"})
    ws.insert(group, "goals", {"sentence": "Een doel"})
    before = tree_bytes(mnt)
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)

    ro = Workspace(root)
    assert not ro.writable
    doc = ro.load(group)
    assert doc.debrief.rose == "Bewaard" and [g.sentence for g in doc.goals] == ["Een doel"]
    assert [g.group for g in ro.groups()] == [group]
    assert json.loads(to_json(doc))["debrief"]["rose"] == "Bewaard"
    out = tmp_path / "export.json"
    proc = run_cli("--workspace", root, "export", group, "--out", out)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_bytes())["audience"]["description"] == "Alleen lezen"
    proc = run_cli("--workspace", root, "groups")
    no_traceback(proc)
    assert proc.returncode == 0 and group in proc.stdout

    read_only = NL["read_only"]
    session = Session(Workspace(root), delay=0.05)
    sessions.append(session)
    session.open(group)
    assert session.status == ("read_only", read_only)
    form = rose(session)
    indicator = indicator_of(form)
    assert words(indicator).endswith(read_only)
    form.rose.value = "Probeer toch te typen"  # never raises
    form.presented.value = True
    time.sleep(1.5)  # a save was tried (and retried) meanwhile
    assert words(indicator).endswith(read_only), words(indicator)
    assert session.status[0] == "read_only"
    assert session.doc.debrief.rose == "Probeer toch te typen"  # kept in the session
    assert tree_bytes(mnt) == before
    # a new group cannot be made here: the check-in says why, in words
    from helpers.ui.checkin_form import GroupPicker

    picker = GroupPicker(session)
    picker.name.value = "Nieuwe Groep"
    picker.button.click()
    assert html.unescape(re.sub(r"<[^>]+>", "", picker.message.value)).strip().endswith(read_only)
    assert tree_bytes(mnt) == before
    assert not thread_errors
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]


# ------------------------------------------------------------------------------------------------
# 8. Symlinks planted in a shared folder, pointing outside

@pytest.mark.parametrize("planted", ["history", "document", "snapshots", "lock"])
def test_symlink_in_shared_folder_never_leads_outside(tmp_path, sessions, monkeypatch, thread_errors, planted):
    monkeypatch.setattr(store, "SNAPSHOT_EVERY", 1)  # every save writes a snapshot
    root = tmp_path / "room"
    outside = tmp_path / "outside"
    outside.mkdir()
    group = "Groep Link"
    slug = model.slug(group)
    ws = Workspace(root)
    ws.create(group)
    ws.update(group, {"debrief.rose": "Van voor de link"})
    elsewhere = Workspace(tmp_path / "elsewhere")  # a valid document, so a followed link would be read
    elsewhere.create(group)
    elsewhere.update(group, {"debrief.rose": "Van buiten"})
    target = outside / "target.json"
    target.write_bytes((elsewhere.root / f"{slug}.json").read_bytes())
    (outside / "snap" / slug).mkdir(parents=True)
    (outside / "snap" / slug / "keep.txt").write_text("niet aankomen")
    shutil.copy2(elsewhere.root / f"{slug}.history.jsonl", outside / "history.jsonl")

    link = {"history": root / f"{slug}.history.jsonl", "document": root / f"{slug}.json",
            "snapshots": root / "snapshots", "lock": root / f"{slug}.lock"}[planted]
    points_to = {"history": outside / "history.jsonl", "document": target, "snapshots": outside / "snap",
                 "lock": target}[planted]
    if link.is_dir():
        shutil.rmtree(link)
    elif link.exists():
        link.unlink()
    os.symlink(points_to, link)
    outside_before = tree_bytes(outside)

    session = open_session(sessions, root, group)
    statuses: list = []
    session.on_status(lambda status, message: statuses.append((status, message)))
    form = rose(session)
    indicator = indicator_of(form)
    opened_with = words(indicator)
    assert form.rose.value == "Van voor de link"  # the folder's own answer, never the linked file's
    form.rose.value = "Na de link"
    time.sleep(1.5)
    session.saver.flush()
    assert tree_bytes(outside) == outside_before, "something was written outside the folder"
    assert not thread_errors

    symlink = NL["symlink"]
    if planted in ("history", "lock"):
        # saving stops, in words; what was typed stays queued, nothing is lost
        assert ("failing", symlink) in statuses, statuses
        assert words(indicator).endswith(symlink)
        assert session.saver.pending and session.doc.debrief.rose == "Na de link"
        assert os.path.islink(link)
    elif planted == "document":
        # the link is never read: the answer comes from the folder's own history and saving replaces
        # the link itself (inside the folder) with the document
        said = NL["unreadable_kept"].format(file=link.name, reason=NL["reason_symlink"])
        assert {p.message for p in session.workspace.problems} == {said}  # at opening, and at the save
        assert opened_with.endswith(said)  # the participant is told at opening
        assert not os.path.islink(link) and on_disk(root, group)["debrief"]["rose"] == "Na de link"
    else:
        # the snapshot is not written through the link; the change itself is saved (a snapshot only
        # makes reading faster), so the participant is not told a lie; the trainer sees the problem
        assert ("failing", symlink) not in statuses and not session.saver.pending
        assert symlink in {p.message for p in session.workspace.problems}
        assert os.path.islink(link)
        assert on_disk(root, group)["debrief"]["rose"] == "Na de link"
    assert on_disk(root, group)["group"] == group


def test_symlinked_history_at_creation_is_refused_in_words(tmp_path):
    root = tmp_path / "room"
    root.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("geheim")
    group = "Nieuwe Groep"
    os.symlink(outside, root / f"{model.slug(group)}.history.jsonl")
    ws = Workspace(root)
    with pytest.raises(store.SaveFailed) as err:
        ws.create(group)
    assert str(err.value) == NL["symlink"]
    assert outside.read_text() == "geheim"
    proc = run_cli("--workspace", root, "groups")
    no_traceback(proc)
    assert outside.read_text() == "geheim"


# ------------------------------------------------------------------------------------------------
# 9. Temporary files left by a crash

def test_old_temporary_files_are_removed_on_next_save_fresh_ones_kept(tmp_path):
    root = tmp_path / "workspace"
    group = "Groep Rommel"
    slug = model.slug(group)
    ws = Workspace(root)
    ws.create(group)
    ws.update(group, {"debrief.rose": "eerst"})
    old_time = time.time() - store.TEMP_MAX_AGE - 60
    snapdir = root / "snapshots" / slug
    old = [root / f".{slug}.a1b2c3.tmp", root / f".{slug}.history.zz9.tmp", snapdir / ".000000000001.q1w2.tmp",
           root / ".session.x7y8.tmp"]
    fresh = [root / f".{slug}.d4e5f6.tmp", snapdir / ".000000000100.r5t6.tmp"]
    for p in old + fresh:
        p.write_bytes(b'{"half":')
    for p in old:
        os.utime(p, (old_time, old_time))
    outside = tmp_path / "outside.txt"
    outside.write_text("niet weghalen")
    os.utime(outside, (old_time, old_time))
    link = root / f".{slug}.link.tmp"
    os.symlink(outside, link)
    os.utime(link, (old_time, old_time), follow_symlinks=False)
    keep = root / "notities.tmp"  # not a temporary file of the store
    keep.write_text("eigen bestand")
    os.utime(keep, (old_time, old_time))

    Workspace(root).update(group, {"debrief.rose": "daarna"})  # the next save (a new process would be the same)
    assert [p for p in old if p.exists()] == []
    assert all(p.exists() for p in fresh)
    assert outside.read_text() == "niet weghalen" and os.path.lexists(link)
    assert keep.read_text() == "eigen bestand"
    assert Workspace(root).load(group).debrief.rose == "daarna"


def test_disk_full_at_check_in_of_a_new_group_keeps_saving_the_current_one(mount_tmpfs, sessions, thread_errors):
    """A new group cannot be created on a full disk: the check-in says so, and the group the
    participant is still working in keeps saving (its autosaver was not stopped)."""
    from helpers.ui.checkin_form import GroupPicker

    mnt = mount_tmpfs("2m")
    root = mnt / "workspace"
    session = open_session(sessions, root, "Groep Zon")
    form = rose(session)
    picker = GroupPicker(session)
    big = fill_up(mnt)
    picker.name.value = "Groep Nieuw"
    picker.button.click()
    assert html.unescape(re.sub(r"<[^>]+>", "", picker.message.value)).strip().endswith(NL["disk_full"])
    assert session.group == "Groep Zon"
    form.rose.value = "Na de mislukte check-in"
    big.unlink()
    assert wait_for(lambda: on_disk(root, "Groep Zon")["debrief"]["rose"] == "Na de mislukte check-in", 5)
    assert not thread_errors
