"""The store: nothing a participant typed is ever lost."""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import signal
import time
from pathlib import Path

import pytest

from helpers import model
from helpers.i18n import t
from helpers.model import InvalidChange
from helpers.autosave import Autosaver
from helpers.store import Workspace

GROUP = "Team Opslag"


# -- paths from names --------------------------------------------------------------------------------

HOSTILE_NAMES = ["../../etc/passwd", "/tmp/x", "a\0b", "x" * 500, "Groep Zoë 🌱", "CON", "con.txt",
                 "..", ".", "", "   ", "NUL", "COM1", "LPT9", "a/b\\c", "~root", "$(rm -rf /)", "%2e%2e%2f",
                 "\u202eevil", "Ω" * 100, ".hidden", "name\n", "ʻOkina", "日本語のグループ"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_no_group_name_leaves_the_workspace(workspace, name):
    path = workspace.path_for(name).resolve()
    root = workspace.root.resolve()
    assert path.parent == root
    assert path.name.endswith(".json") and not path.name.startswith(".")
    stem = path.name[:-5]
    assert stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                                                  *(f"LPT{i}" for i in range(10))}
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in stem)
    assert len(path.name) < 80
    # creating the group either works inside the workspace or says in words why not
    try:
        doc = workspace.create(name)
    except InvalidChange as err:
        assert all(isinstance(m, str) and m for m in err.problems.values())
    else:
        assert workspace.path_for(doc.group).resolve().parent == root
        assert workspace.load(doc.group).group == doc.group
    allowed = {root, root / "broken", root / "snapshots", root / "snapshots" / workspace.slug(name)}
    assert {p.resolve().parent for p in root.rglob("*")} <= allowed


def test_slugs_keep_similar_names_apart(workspace):
    names = ["Groep Zoë", "Groep Zoe", "groep zoe", "Groep  Zoë", "GROEP ZOË"]
    slugs = {workspace.slug(n) for n in names}
    assert len(slugs) >= 3  # case-folding may unite the same words; accents never merge
    assert workspace.slug("Groep Zoë") != workspace.slug("Groep Zoe")
    assert workspace.slug("Groep Zoë 🌱") == workspace.slug("Groep Zoë 🌱")


# -- saving changed fields only -----------------------------------------------------------------------

def test_a_save_changes_only_its_fields_on_the_latest_version(workspace):
    workspace.create(GROUP)
    other = Workspace(workspace.root)  # a second kernel, with its own view
    workspace.update(GROUP, {"audience.occupation": "docent"})
    other.update(GROUP, {"debrief.rose": "mooi"})
    doc = Workspace(workspace.root).load(GROUP)
    assert doc.audience.occupation == "docent" and doc.debrief.rose == "mooi"
    assert doc.revision == 3


def test_an_invalid_change_writes_nothing(workspace):
    workspace.create(GROUP)
    before = workspace.path_for(GROUP).read_bytes()
    with pytest.raises(InvalidChange):
        workspace.update(GROUP, {"audience.age_min": -4, "audience.occupation": "ok"})
    assert workspace.path_for(GROUP).read_bytes() == before
    assert len(workspace.history(GROUP)) == 1


def _writer(root: str, worker: int, count: int) -> None:
    ws = Workspace(root)
    for i in range(count):
        ws.update(GROUP, {("deep_dives", "notes", f"w{worker}-{i:03d}"): f"value {worker}/{i}"})


@pytest.mark.slow
def test_four_processes_times_200_changes_all_reach_the_disk(workspace):
    workspace.create(GROUP)
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(workspace.root), w, 200)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    doc = Workspace(workspace.root).load(GROUP)
    expected = {f"w{w}-{i:03d}": f"value {w}/{i}" for w in range(4) for i in range(200)}
    assert doc.deep_dives.notes == expected
    history = workspace.history(GROUP)
    assert len(history) == 801
    assert [e["rev"] for e in history] == list(range(1, 802))
    assert doc.revision == 801


def _endless_writer(root: str, seed: int) -> None:
    ws = Workspace(root)
    rnd = random.Random(seed)
    i = 0
    while True:
        i += 1
        ws.update(GROUP, {"debrief.bud": f"idea {seed}-{i} " + "x" * rnd.randint(0, 1500),
                          ("deep_dives", "notes", f"k{i % 50}"): "y" * rnd.randint(0, 1800)})


@pytest.mark.slow
def test_a_writer_killed_mid_save_never_leaves_an_unreadable_document(workspace):
    workspace.create(GROUP)
    ctx = mp.get_context("fork")
    rnd = random.Random(7)
    last_rev = 1
    for round_ in range(50):
        proc = ctx.Process(target=_endless_writer, args=(str(workspace.root), round_))
        proc.start()
        time.sleep(rnd.uniform(0.02, 0.12))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        # the file on disk is always a whole, valid document ...
        raw = json.loads(workspace.path_for(GROUP).read_text(encoding="utf-8"))
        on_disk = model.load_document(raw)
        assert on_disk.revision >= last_rev - 1
        # ... and reading through the store (with the killed writer's lock released) works too
        doc = Workspace(workspace.root).load(GROUP)
        assert doc is not None and doc.revision >= on_disk.revision
        last_rev = doc.revision
    assert last_rev > 50
    # no document was ever unreadable, so nothing had to be put aside
    assert not (workspace.root / "broken").exists()


def test_a_crash_between_history_and_document_is_replayed(workspace):
    workspace.create(GROUP)
    workspace.update(GROUP, {"audience.occupation": "bakker"})
    stale = workspace.path_for(GROUP).read_bytes()
    workspace.update(GROUP, {"audience.location": "Utrecht"})
    workspace.path_for(GROUP).write_bytes(stale)  # as if the writer died after the history line
    doc = Workspace(workspace.root).load(GROUP)
    assert doc.audience.location == "Utrecht" and doc.revision == 3


# -- unreadable files ----------------------------------------------------------------------------------

def _break_truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])


def _break_by_hand(p: Path) -> None:
    p.write_text(p.read_text(encoding="utf-8").replace('"group"', "group", 1), encoding="utf-8")


def _break_schema(p: Path) -> None:
    data = json.loads(p.read_text(encoding="utf-8"))
    data["audience"]["age_min"] = "old"
    data["content"]["hero"] = 400
    p.write_text(json.dumps(data), encoding="utf-8")


def _break_binary(p: Path) -> None:
    p.write_bytes(b"\xff\xfe\x00garbage\x00")


def _break_empty(p: Path) -> None:
    p.write_bytes(b"")


@pytest.mark.parametrize("breaker", [_break_truncate, _break_by_hand, _break_schema, _break_binary, _break_empty])
@pytest.mark.parametrize("lang,word", [("nl", "apart gezet"), ("en", "put aside")])
def test_an_unreadable_document_is_reported_kept_aside_and_recovered(workspace, monkeypatch, breaker, lang, word):
    monkeypatch.setenv("WORKSHOP_LANG", lang)
    workspace.create(GROUP)
    workspace.update(GROUP, {"audience.occupation": "bakker"})
    workspace.update(GROUP, {"debrief.rose": "mooi"})
    path = workspace.path_for(GROUP)
    breaker(path)
    broken_bytes = path.read_bytes()

    ws = Workspace(workspace.root)
    doc = ws.load(GROUP)

    assert doc.audience.occupation == "bakker" and doc.debrief.rose == "mooi"
    assert len(ws.problems) == 1
    problem = ws.problems[0]
    assert word in problem.message and path.name in problem.message
    assert "Traceback" not in problem.message
    assert problem.kept_at.read_bytes() == broken_bytes  # untouched
    # work goes on: the next save lands on the recovered state
    ws.update(GROUP, {"debrief.bud": "video"})
    again = Workspace(workspace.root).load(GROUP)
    assert (again.audience.occupation, again.debrief.rose, again.debrief.bud) == ("bakker", "mooi", "video")


def test_an_old_version_file_is_migrated_not_put_aside(workspace):
    workspace.root.mkdir(parents=True, exist_ok=True)
    path = workspace.path_for("Team Oud")
    path.write_text(json.dumps({"schema_version": 1, "name": "Team Oud", "goals": ["Meer leads"]}), encoding="utf-8")
    ws = Workspace(workspace.root)
    doc = ws.load("Team Oud")
    assert doc.goals[0].sentence == "Meer leads" and doc.schema_version == model.SCHEMA_VERSION
    assert ws.problems == []
    assert json.loads(path.read_text())["schema_version"] == model.SCHEMA_VERSION


def test_a_cut_history_line_is_skipped_and_repaired(workspace):
    workspace.create(GROUP)
    workspace.update(GROUP, {"audience.occupation": "bakker"})
    hist = workspace.root / f"{workspace.slug(GROUP)}.history.jsonl"
    with open(hist, "ab") as fh:
        fh.write(b'{"rev": 3, "at": "2026-01-01", "chan')  # a crash mid-line
    workspace.update(GROUP, {"audience.location": "Gouda"})
    revs = [e["rev"] for e in workspace.history(GROUP)]
    assert revs == [1, 2, 3]
    assert Workspace(workspace.root).load(GROUP).audience.location == "Gouda"


def test_groups_lists_broken_documents_without_failing(workspace):
    workspace.create("Team A")
    workspace.create("Team B")
    workspace.path_for("Team B").write_text("{not json", encoding="utf-8")
    (workspace.root / "team-b-00000000.history.jsonl").unlink(missing_ok=True)
    infos = {i.group if not i.problem else i.slug: i for i in workspace.groups()}
    assert "Team A" in infos and infos["Team A"].problem is None
    broken = [i for i in workspace.groups() if i.problem]
    assert len(broken) == 1 and workspace.slug("Team B") == broken[0].slug


# -- history and restore ---------------------------------------------------------------------------------

def test_any_earlier_state_can_be_restored_and_the_restore_undone(workspace):
    workspace.create(GROUP)
    for word in ("een", "twee", "drie"):
        workspace.update(GROUP, {"debrief.bud": word})
    assert workspace.restore(GROUP, 2).debrief.bud == "een"
    assert workspace.restore(GROUP, 1).debrief.bud == ""
    assert workspace.restore(GROUP, 4).debrief.bud == "drie"
    assert [e["rev"] for e in workspace.history(GROUP)] == list(range(1, 8))
    with pytest.raises(LookupError, match="99"):
        workspace.restore(GROUP, 99)


def test_delete_is_recorded_and_replayed(workspace):
    workspace.create(GROUP)
    workspace.update(GROUP, {"team.members.0": {"name": "Ann"}, "team.members.1": {"name": "Bo"}})
    workspace.update(GROUP, {"team.members.0": model.DELETE})
    workspace.path_for(GROUP).unlink()  # only the history is left
    doc = Workspace(workspace.root).load(GROUP)
    assert [m.name for m in doc.team.members] == ["Bo"]


# -- the current group -----------------------------------------------------------------------------------

def test_current_group_is_remembered_and_env_overrides_it(workspace, monkeypatch):
    assert workspace.current_group() is None
    workspace.set_current_group("Groep Zoë 🌱")
    assert Workspace(workspace.root).current_group() == "Groep Zoë 🌱"
    monkeypatch.setenv("WORKSHOP_GROUP", "Team Env")
    assert workspace.current_group() == "Team Env"


# -- debounced autosave -------------------------------------------------------------------------------------

def test_fast_typing_saves_once_and_keeps_the_last_keystroke(workspace):
    workspace.create(GROUP)
    saved = []
    saver = Autosaver(workspace, GROUP, delay=0.2, on_saved=saved.append)
    text = "Onze doelgroep is jong en creatief"
    for i in range(1, len(text) + 1):
        saver.changed("audience.description", text[:i])
        time.sleep(0.002)
    time.sleep(0.6)
    assert Workspace(workspace.root).load(GROUP).audience.description == text
    assert saver.saves == 1 and len(saved) == 1
    assert len(workspace.history(GROUP)) == 2


def test_flush_writes_what_is_pending_without_waiting(workspace):
    workspace.create(GROUP)
    saver = Autosaver(workspace, GROUP, delay=60)
    saver.changed("debrief.thorn", "tijd")
    saver.changed("debrief.rose", "samenwerking")
    assert saver.pending
    saver.flush()
    doc = Workspace(workspace.root).load(GROUP)
    assert (doc.debrief.thorn, doc.debrief.rose) == ("tijd", "samenwerking")


def test_an_invalid_field_is_reported_and_the_others_are_saved(workspace):
    workspace.create(GROUP)
    errors = []
    saver = Autosaver(workspace, GROUP, delay=60, on_error=lambda p, m: errors.append((p, m)))
    saver.changed("audience.age_min", 999)
    saver.changed("audience.occupation", "kapper")
    saver.flush()
    assert Workspace(workspace.root).load(GROUP).audience.occupation == "kapper"
    assert errors and errors[0][0] == ("audience", "age_min") and "120" in errors[0][1]


def test_a_fault_in_one_change_never_stops_the_saving_thread(workspace, monkeypatch):
    """A change the store fails on for a reason of ours (a bug, not the disk) is reported beside its
    field; the changes beside it are saved, and so is every later change, by the same thread."""
    import datetime as dt

    workspace.create(GROUP)
    errors = []
    real = workspace.apply

    def apply(group, ops, lang=None):
        if any(op.path == ("debrief", "thorn") for op in ops):
            raise TypeError("a bug of ours")
        return real(group, ops, lang)

    monkeypatch.setattr(workspace, "apply", apply)
    saver = Autosaver(workspace, GROUP, delay=0.05, on_error=lambda p, m: errors.append((p, m)))
    saver.changed("debrief.thorn", "dit gaat mis")
    saver.changed("debrief.rose", "dit blijft")
    saver.changed("measure.export.start", dt.date(2026, 6, 2))   # a date as a form hands it over
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Workspace(workspace.root).load(GROUP).debrief.rose != "dit blijft":
        time.sleep(0.05)
    saver.changed("debrief.bud", "en dit ook")                    # the thread still saves
    while time.monotonic() < deadline and Workspace(workspace.root).load(GROUP).debrief.bud != "en dit ook":
        time.sleep(0.05)
    doc = Workspace(workspace.root).load(GROUP)
    assert (doc.debrief.rose, doc.debrief.bud, doc.debrief.thorn) == ("dit blijft", "en dit ook", "")
    assert doc.measure.export.start == dt.date(2026, 6, 2)
    assert errors == [(("debrief", "thorn"), t("store.write_failed", "nl"))]
    saver.close()


def test_pending_changes_are_flushed_when_the_kernel_exits(workspace):
    workspace.create(GROUP)
    code = (
        "from helpers.store import Workspace\nfrom helpers.autosave import Autosaver\n"
        f"s = Autosaver(Workspace({str(workspace.root)!r}), {GROUP!r}, delay=600)\n"
        "s.changed('debrief.bud', 'laatste toetsaanslag')\n"
    )
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert Workspace(workspace.root).load(GROUP).debrief.bud == "laatste toetsaanslag"


def test_removed_rows_travel_in_the_group_file_and_stay_removed(tmp_path):
    """Removed rows are kept apart from the document (its size follows its answers), yet the group
    file carries them: a row removed on one laptop is removed at the trainer's, and an older file
    imported afterwards does not bring it back."""
    laptop, trainer = Workspace(tmp_path / "laptop"), Workspace(tmp_path / "trainer")
    laptop.create(GROUP)
    keep = laptop.insert(GROUP, "team.tasks", {"title": "Blijft"})
    gone = laptop.insert(GROUP, "team.tasks", {"title": "Gaat weg"})
    before = laptop.group_file(GROUP)
    assert trainer.import_file(before, "voor.json").ok
    laptop.remove(GROUP, "team.tasks", gone)
    doc_file = json.loads(laptop.path_for(GROUP).read_text())
    assert not any(gone in k for k, e in doc_file["_sync"]["leaves"].items() if len(e) == 2)  # kept apart
    after = laptop.group_file(GROUP)
    assert any(gone in k for k in json.loads(after)["_sync"]["leaves"])
    assert trainer.import_file(after, "na.json").status == "merged"
    assert [t.id for t in trainer.load(GROUP).team.tasks] == [keep]
    assert trainer.import_file(before, "voor.json").status == "unchanged"
    assert [t.title for t in Workspace(trainer.root).load(GROUP).team.tasks] == ["Blijft"]
    # the trainer's own group file passes the removal on again
    third = Workspace(tmp_path / "third")
    assert third.import_file(before, "voor.json").ok and third.import_file(trainer.group_file(GROUP), "t.json").ok
    assert [t.title for t in third.load(GROUP).team.tasks] == ["Blijft"]
