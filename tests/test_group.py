"""A group never loses work: real Jupyter kernels (one process each) run the real forms on one
group document, the way several laptops of one group do in the workshop.

Every check is made twice: on disk (``Workspace(root).load(group)``) and in every kernel's form
(the widgets a participant sees), because a form that shows a stale row is how work gets lost next.
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers.store import Workspace

from groupkit import ROOT, kernels

GROUP = "Team Samen"

# ------------------------------------------------------------------------------------------------
# What a participant does, in a kernel: the real forms, driven through their widgets.

FORMS = r'''
import helpers.ui.base as _base
S = _base.Session.get()
G = helpers.ui.goals()
T = helpers.ui.team()
C = helpers.ui.calendar()
S.flush()

def _cell(rows, rid):
    """The text box of a member's name or a task's title."""
    return rows.cell(rid, "name" if rows is T.members else "title")

def _clicked(button):
    """Click ``button`` (an add button); the id of the row it inserted (another kernel's rows may
    come in at the same moment, so the id is the one the form asked the session for)."""
    got = []
    insert = S.insert
    def spy(*args, **kwargs):
        result = insert(*args, **kwargs)
        got.append(result[0])
        return result
    S.insert = spy
    try:
        button.click()
    finally:
        del S.insert
    assert len(got) == 1 and got[0], got
    return got[0]

def add(kind, text):
    """Click the form's add button, then type ``text`` into the new row; the new row's id."""
    if kind == "goals":
        rid = _clicked(G.add)
        G.by_id[rid].sentence.value = text
    elif kind in ("members", "tasks"):
        rows = getattr(T, kind)
        rid = _clicked(rows.add_button)
        _cell(rows, rid).value = text
    else:
        rid = _clicked(C.add_row)
        assert C.row.value == rid
        C.fields["title"].value = text
    return rid

def edit(kind, rid, text):
    if kind == "goals":
        G.by_id[rid].sentence.value = text
    elif kind in ("members", "tasks"):
        _cell(getattr(T, kind), rid).value = text
    else:
        C.row.value = rid
        C.fields["title"].value = text

def remove(kind, rid):
    if kind == "goals":
        G.by_id[rid].remove.click()
    elif kind in ("members", "tasks"):
        getattr(T, kind).remove_buttons[rid].click()
    else:
        C.row.value = rid
        C.remove_row.click()

def shown():
    """What the forms show: per list, [row id, text] in the order shown."""
    out = {}
    out["goals"] = [[c.row_id, c.sentence.value] for c in G.cards.children]
    by_row = {id(w): r for r, w in T.members.rows.items()}
    out["members"] = [[by_row[id(w)], _cell(T.members, by_row[id(w)]).value] for w in T.members.rows_box.children]
    by_row = {id(w): r for r, w in T.tasks.rows.items()}
    out["tasks"] = [[by_row[id(w)], _cell(T.tasks, by_row[id(w)]).value] for w in T.tasks.rows_box.children]
    out["calendar"] = [[rid, label.rsplit(" – ", 1)[-1]] for label, rid in C.row.options]
    return out
'''

KINDS = ("goals", "members", "tasks", "calendar")


def on_disk(root: Path) -> dict:
    doc = Workspace(root).load(GROUP)
    return {"goals": [[g.id, g.sentence] for g in doc.goals],
            "members": [[m.id, m.name] for m in doc.team.members],
            "tasks": [[t.id, t.title] for t in doc.team.tasks],
            "calendar": [[e.id, e.title] for e in doc.calendar.entries]}


def at_once(jobs) -> list:
    """Run ``[(kernel, code), ...]`` at the same moment (one thread per kernel); their outputs."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list = []

    def work(i, k, code):
        try:
            barrier.wait(timeout=30)
            results[i] = k.run(code)
        except BaseException as err:  # reported below, in the test's thread
            errors.append(err)

    threads = [threading.Thread(target=work, args=(i, k, c)) for i, (k, c) in enumerate(jobs)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    if errors:
        raise errors[0]
    return results


def check_rows(state: dict, expected: dict, where: str) -> None:
    """``state`` (disk or a form) holds exactly ``expected``: no row lost, none twice, the right text."""
    for kind in KINDS:
        ids = [rid for rid, _text in state[kind]]
        assert len(ids) == len(set(ids)), f"{where}: a {kind} row shown twice: {state[kind]}"
        got = {rid: text for rid, text in state[kind]}
        lost = set(expected[kind]) - set(got)
        extra = set(got) - set(expected[kind])
        assert not lost, f"{where}: {kind} rows lost: {[expected[kind][r] for r in lost]}"
        assert not extra, f"{where}: {kind} rows that should not be there: {[got[r] for r in extra]}"
        wrong = {r: (got[r], expected[kind][r]) for r in got if got[r] != expected[kind][r]}
        assert not wrong, f"{where}: {kind} rows with the wrong text (got, expected): {wrong}"


def converge(ks, root: Path, expected: dict, timeout: float = 6.0) -> None:
    """Every kernel's forms, and the disk, end up showing exactly ``expected``."""
    for k in ks:
        k.run("S.flush(timeout=5)")
    want = json.dumps({kind: sorted(expected[kind].items()) for kind in KINDS})
    probe = (f"json.dumps({{k: sorted((r, t) for r, t in v) for k, v in shown().items()}}) == "
             f"json.dumps({{k: sorted(tuple(x) for x in v) for k, v in json.loads({want!r}).items()}})")
    check_rows(on_disk(root), expected, "on disk")
    for i, k in enumerate(ks):
        k.wait_for("__import__('json') and " + probe.replace("json.", "__import__('json')."), timeout=timeout)
        check_rows(k.value("shown()"), expected, f"kernel {i}'s forms")


# ------------------------------------------------------------------------------------------------
# 1. Rows added, edited and removed from every kernel, in turns and at the same moment


@pytest.mark.slow
@pytest.mark.parametrize("n", [2, 4])
def test_rows_added_edited_removed_from_every_kernel(tmp_path, n):
    root = tmp_path / "ws"
    Workspace(root).create(GROUP)
    with kernels(root, GROUP, n) as ks:
        for k in ks:  # one after the other: the first builds the empty first goal, the others see it
            k.run(FORMS)
        expected = {kind: {rid: text for rid, text in rows} for kind, rows in on_disk(root).items()}
        assert len(expected["goals"]) == 1, "the goals form starts with one empty goal, made once"

        # in turns: each kernel adds three rows to every list, and saves
        made: dict = {kind: [[None] * 3 for _ in range(n)] for kind in KINDS}
        for i, k in enumerate(ks):
            for kind in KINDS:
                for j in range(3):
                    text = f"{kind} {i}.{j}"
                    made[kind][i][j] = k.value(f"add({kind!r}, {text!r})")
                    expected[kind][made[kind][i][j]] = text
            k.run("S.flush(timeout=5)")
        converge(ks, root, expected)

        # in turns: each kernel edits a row another kernel made, and removes one of its own
        for i, k in enumerate(ks):
            other = (i + 1) % n
            for kind in KINDS:
                rid = made[kind][other][0]
                k.run(f"edit({kind!r}, {rid!r}, 'turn edit by {i}')")
                expected[kind][rid] = f"turn edit by {i}"
            k.run("S.flush(timeout=5)")
            converge(ks, root, expected)  # the next kernel starts from what it sees
        for i, k in enumerate(ks):
            for kind in KINDS:
                rid = made[kind][i][2]
                k.run(f"remove({kind!r}, {rid!r})")
                del expected[kind][rid]
            k.run("S.flush(timeout=5)")
        converge(ks, root, expected)

        # at the same moment: kernel i removes row X of kernel i+1 while kernel i+1 edits its own
        # row Y, and every kernel adds a row
        jobs = []
        for i, k in enumerate(ks):
            nxt = (i + 1) % n
            code = []
            for kind in KINDS:
                x = made[kind][nxt][1]
                code.append(f"remove({kind!r}, {x!r})")
                del expected[kind][x]
                y = made[kind][i][0]
                if n > 2:
                    code.append(f"edit({kind!r}, {y!r}, 'same moment by {i}')")
                    expected[kind][y] = f"same moment by {i}"
                code.append(f"print('@new', {kind!r}, add({kind!r}, 'new by {i}'))")
            code.append("S.flush(timeout=5)")
            jobs.append((k, "\n".join(code)))
        for i, out in enumerate(at_once(jobs)):
            for line in out.splitlines():
                if line.startswith("@new"):
                    _mark, kind, rid = line.split()
                    expected[kind][rid] = f"new by {i}"
        converge(ks, root, expected)
        for kind in KINDS:  # every kernel's own new row, once
            assert sum(t.startswith("new by") for t in expected[kind].values()) == n

        # B edits a row A has just removed: nothing else changes, and B's form drops the row
        a, b = ks[0], ks[1]
        victims = {kind: made[kind][0][0] for kind in KINDS}  # edited by kernel n-1 before
        grab = "\n".join(f"_w_{kind} = " + {
            "goals": f"G.by_id[{victims['goals']!r}].sentence",
            "members": f"_cell(T.members, {victims['members']!r})",
            "tasks": f"_cell(T.tasks, {victims['tasks']!r})",
            "calendar": "C.fields['title']"} [kind] for kind in KINDS)
        b.run(grab + f"\nC.row.value = {victims['calendar']!r}")
        a.run("\n".join(f"remove({kind!r}, {rid!r})" for kind, rid in victims.items()) + "\nS.flush(timeout=5)")
        for kind, rid in victims.items():
            del expected[kind][rid]
        b.run("\n".join(f"_w_{kind}.value = 'late edit by B'" for kind in KINDS) + "\nS.flush(timeout=5)")
        converge(ks, root, expected)
        assert "late edit by B" not in json.dumps(on_disk(root))


# ------------------------------------------------------------------------------------------------
# 2. Checkbox groups, the age range and the Hero-Hub-Help mix: both kernels' changes are kept

CHOICES = r'''
import json
import helpers.ui.base as _base
S = _base.Session.get()
AU = helpers.ui.audience()
CH = helpers.ui.channels()
CO = helpers.ui.content()
S.flush()

def choices():
    """What the forms show."""
    return {"chosen": sorted(CH.chosen.value), "where": sorted(AU.online_where.value),
            "ages": [AU.age_min.value, AU.age_max.value], "mix": [CO.mix[k].value for k in ("hero", "hub", "help")],
            "themes": CO.themes.value}
'''


def choices_on_disk(root: Path) -> dict:
    doc = Workspace(root).load(GROUP)
    a = doc.audience
    return {"chosen": sorted(doc.channels.chosen), "where": sorted(a.online_where),
            "ages": ["" if a.age_min is None else str(a.age_min), "" if a.age_max is None else str(a.age_max)],
            "mix": [doc.content.hero, doc.content.hub, doc.content.help], "themes": "\n".join(doc.content.themes)}


def settle(ks, root: Path, expected: dict, timeout: float = 5.0) -> None:
    """Disk and every kernel's forms show ``expected``."""
    for k in ks:
        k.run("S.flush(timeout=5)")
    assert choices_on_disk(root) == expected, "on disk"
    want = json.dumps(expected, sort_keys=True)
    for i, k in enumerate(ks):
        k.wait_for(f"json.dumps(choices(), sort_keys=True) == {want!r}", timeout=timeout)
        assert k.value("choices()") == expected, f"kernel {i}'s forms"


def tick(group: str, value: str, on: bool = True) -> str:
    return f"{group}.box({value!r}).value = {on}"


@pytest.mark.slow
def test_checkboxes_ages_and_mix_of_two_kernels_are_merged(tmp_path):
    root = tmp_path / "ws"
    Workspace(root).create(GROUP)
    with kernels(root, GROUP, 2) as (a, b):
        for k in (a, b):
            k.run(CHOICES)
        state = choices_on_disk(root)
        assert state["mix"] == [10, 30, 60] and state["chosen"] == [] and state["ages"] == ["", ""]

        # in turns
        a.run(tick("CH.chosen", "facebook") + "\n" + tick("CH.chosen", "instagram"))
        state["chosen"] = ["facebook", "instagram"]
        settle((a, b), root, state)

        # at the same moment: A unticks one box, B ticks another; each ticks a place online; A types
        # the lowest age, B the highest
        at_once([(a, "\n".join([tick("CH.chosen", "facebook", False), tick("AU.online_where", "Instagram"),
                                "AU.age_min.value = '20'", "S.flush(timeout=5)"])),
                 (b, "\n".join([tick("CH.chosen", "linkedin"), tick("AU.online_where", "TikTok"),
                                "AU.age_max.value = '40'", "S.flush(timeout=5)"]))])
        state.update(chosen=["instagram", "linkedin"], where=["Instagram", "TikTok"], ages=["20", "40"])
        settle((a, b), root, state)

        # B goes on ticking while A's untick comes in: B's next tick must not bring A's box back
        b.run(tick("CH.chosen", "tiktok") + "\nAU.age_max.value = '45'\nS.flush(timeout=5)")
        a.run(tick("CH.chosen", "instagram", False) + "\nAU.age_min.value = '25'\nS.flush(timeout=5)")
        b.wait_for("json.loads(open(S.workspace.path_for(S.group)).read())['channels']['chosen'] == "
                   "['linkedin', 'tiktok'] and S.doc.channels.chosen == ['linkedin', 'tiktok']", timeout=3)
        b.run(tick("CH.chosen", "x") + "\nAU.age_max.value = '50'\nS.flush(timeout=5)")
        state.update(chosen=["linkedin", "tiktok", "x"], ages=["25", "50"])
        settle((a, b), root, state)

        # the mix in turns: A moves Hero (Help makes up the difference), then B moves Hub
        a.run("CO.mix['hero'].value = 20")
        b.wait_for("choices()['mix'] == [20, 30, 50]")
        b.run("CO.mix['hub'].value = 40")
        state["mix"] = [20, 40, 40]
        settle((a, b), root, state)

        # at the same moment A moves Hero and B types a theme: B writes no stale mix back
        at_once([(a, "CO.mix['hero'].value = 30\nS.flush(timeout=5)"),
                 (b, "CO.themes.value = 'Recepten'\nS.flush(timeout=5)")])
        state.update(mix=[30, 40, 30], themes="Recepten")
        settle((a, b), root, state)

        # both move the mix at the same moment: one of the two mixes, whole, everywhere
        at_once([(a, "CO.mix['hero'].value = 10\nS.flush(timeout=5)"),
                 (b, "CO.mix['hub'].value = 50\nS.flush(timeout=5)")])
        mix = choices_on_disk(root)["mix"]
        assert mix in ([10, 40, 50], [30, 50, 20]), mix
        state["mix"] = mix
        settle((a, b), root, state)


# ------------------------------------------------------------------------------------------------
# 3. Every form shows the other kernel's saved change within 2 seconds


@pytest.mark.slow
def test_each_form_shows_the_other_kernels_change_within_2_seconds(tmp_path):
    root = tmp_path / "ws"
    Workspace(root).create(GROUP)
    with kernels(root, GROUP, 2) as (a, b):
        for k in (a, b):
            k.run(FORMS)
            k.run(CHOICES)
        goal = a.value("G.cards.children[0].row_id")
        member = a.value("add('members', 'Sanne')")
        row = a.value("add('calendar', 'Eerste post')")
        a.run("S.flush(timeout=5)")
        b.wait_for(f"{row!r} in [v for _l, v in C.row.options]")
        changes = {  # what A does -> what B's form then shows
            "goal sentence": (f"edit('goals', {goal!r}, 'Meer volgers')",
                              f"G.by_id[{goal!r}].sentence.value == 'Meer volgers'"),
            "member added": ("add('members', 'Noor')", "'Noor' in [t for _r, t in shown()['members']]"),
            "member renamed": (f"edit('members', {member!r}, 'Sanne de Vries')",
                               f"_cell(T.members, {member!r}).value == 'Sanne de Vries'"),
            "task removed": (None, None),
            "calendar title": (f"edit('calendar', {row!r}, 'Lancering')",
                               "'Lancering' in [t for _r, t in shown()['calendar']]"),
            "age": ("AU.age_min.value = '33'", "AU.age_min.value == '33'"),
            "mix": ("CO.mix['hero'].value = 40", "[CO.mix[k].value for k in ('hero', 'hub', 'help')] == [40, 30, 30]"),
            "checkbox": (tick("CH.chosen", "youtube"), "'youtube' in CH.chosen.value"),
            "persona text": ("AU.persona_name.value = 'Lisa'", "AU.persona_name.value == 'Lisa'"),
        }
        task = a.value("add('tasks', 'Foto maken')")
        a.run("S.flush(timeout=5)")
        b.wait_for(f"{task!r} in T.tasks.rows", timeout=3)
        changes["task removed"] = (f"remove('tasks', {task!r})", f"{task!r} not in T.tasks.rows")
        seconds = {}
        for what, (do, shows) in changes.items():
            assert not b.value(shows), f"{what}: B shows it before A made it"
            a.run(do)
            start = time.monotonic()
            a.run("S.flush()")
            shown_, _took = b.wait_for(shows, timeout=5, interval=0.05)
            seconds[what] = round(time.monotonic() - start, 2)
            assert shown_, f"{what}: kernel B never showed A's change"
        print("seconds until the other kernel showed the change:", seconds)
        slow = {w: s for w, s in seconds.items() if s >= 2.0}
        assert not slow, f"shown later than 2 s after the save: {slow}"


# ------------------------------------------------------------------------------------------------
# 4. Many processes inserting into one list at once: no row lost, every revision in the history

#: The issue's 8 x 300: 2,400 inserts. A list holds at most 2,000 calendar rows (the model's bound
#: against hostile files), so each process also removes its own oldest row once it has KEEP of
#: them: inserts and removals race, and the list stays the size of a real calendar.
PROCESSES = 8
INSERTS = int(os.environ.get("WORKSHOP_STRESS_INSERTS", "300"))
KEEP = 10

INSERTER = r'''
import json, os, sys, time
from helpers.store import Workspace
root, group, me, n, keep, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
ws = Workspace(root)
while not os.path.exists(go):
    time.sleep(0.005)
mine = []
for j in range(n):
    rid = ws.insert(group, "calendar.entries", {"date": "2026-03-02", "title": f"p{me}-{j}"})
    print(json.dumps(["insert", j, rid]), flush=True)
    mine.append(rid)
    if len(mine) > keep:
        old = mine.pop(0)
        ws.remove(group, "calendar.entries", old)
        print(json.dumps(["remove", j, old]), flush=True)
'''


@pytest.mark.slow
def test_processes_inserting_at_once_lose_no_row(tmp_path):
    root = tmp_path / "ws"
    ws = Workspace(root)
    ws.create(GROUP)
    go = tmp_path / "go"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", INSERTER, str(root), GROUP, str(i), str(INSERTS), str(KEEP),
                               str(go)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
             for i in range(PROCESSES)]
    time.sleep(1.0)  # every process started and waiting
    start = time.monotonic()
    go.touch()
    outs = [p.communicate(timeout=900) for p in procs]
    seconds = time.monotonic() - start
    for p, (_out, err) in zip(procs, outs):
        assert p.returncode == 0, err
    made: dict[str, str] = {}
    removed: set[str] = set()
    for i, (out, _err) in enumerate(outs):
        lines = [json.loads(x) for x in out.splitlines()]
        inserts = [x for x in lines if x[0] == "insert"]
        assert [j for _k, j, _r in inserts] == list(range(INSERTS)), f"process {i} did not report every insert"
        for kind, j, rid in lines:
            if kind == "insert":
                assert rid not in made, f"row id {rid} given twice"
                made[rid] = f"p{i}-{j}"
            else:
                removed.add(rid)
    assert len(made) == PROCESSES * INSERTS and len(removed) == PROCESSES * (INSERTS - KEEP)

    doc = Workspace(root).load(GROUP)
    rows = {e.id: e.title for e in doc.calendar.entries}
    assert len(doc.calendar.entries) == len(rows), "a row twice on disk"
    kept = {rid: title for rid, title in made.items() if rid not in removed}
    lost = set(kept) - set(rows)
    assert not lost, f"{len(lost)} rows lost, e.g. {[made[r] for r in list(lost)[:5]]}"
    assert rows == kept, "rows on disk that nobody inserted, that were removed, or with another title"
    assert sorted(rows.values()) == sorted(f"p{i}-{j}" for i in range(PROCESSES) for j in range(INSERTS - KEEP, INSERTS))

    # every insert and every removal is one revision of the history, none missing or repeated
    history = Workspace(root).history(GROUP)
    revs = [h["rev"] for h in history]
    assert revs == list(range(1, 1 + len(made) + len(removed) + 1)), "the history misses or repeats a revision"
    inserted_in_history = {c["path"][2] for h in history[1:] for c in h["changes"]
                           if len(c["path"]) == 3 and c["path"][:2] == ["calendar", "entries"]}
    assert set(made) <= inserted_in_history
    assert doc.revision == revs[-1]
    print(f"{PROCESSES} processes x {INSERTS} inserts and {len(removed)} removals: {len(rows)} rows kept, "
          f"{len(revs)} revisions, {seconds:.1f} s")


# ------------------------------------------------------------------------------------------------
# 5. kill -9 during steady typing: at most the last second of typing is lost

TYPING = r'''
import random, time
_w = G.by_id[{rid!r}].sentence
_log = open({log!r}, "a")
_text = ""
for _i in range(400):
    _text += "abcdefghijklmnopqrstuvwxyz "[_i % 27]
    _w.value = _text
    _log.write(f"{{time.time()!r}} {{_text}}\n")
    _log.flush()
    time.sleep(random.uniform(0.10, 0.15))
'''


@pytest.mark.slow
def test_kill_9_during_typing_loses_at_most_the_last_second(tmp_path):
    import random

    root = tmp_path / "ws"
    Workspace(root).create(GROUP)
    log = tmp_path / "keystrokes.log"
    with kernels(root, GROUP, 1) as (k,):
        k.run("import helpers.ui.base as _base\nS = _base.Session.get()\nG = helpers.ui.goals()\nS.flush()")
        rid = k.value("G.cards.children[0].row_id")
        k.kc.execute(TYPING.format(rid=rid, log=str(log)), store_history=False)  # typing goes on
        deadline = time.monotonic() + 30
        while (not log.exists() or len(log.read_text().splitlines()) < 20) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(random.uniform(0.0, 1.2))  # the kill may come at any moment of the autosave cycle
        killed_at = time.time()
        os.kill(k.pid, signal.SIGKILL)
        k.km.provisioner.process.wait(10)
    strokes = []
    for line in log.read_text().splitlines():
        when, _sp, text = line.partition(" ")
        strokes.append((float(when), text))
    strokes = [s for s in strokes if s[0] <= killed_at]
    assert len(strokes) >= 20
    on_disk_text = next(g.sentence for g in Workspace(root).load(GROUP).goals if g.id == rid)
    typed = {text: when for when, text in strokes}
    assert on_disk_text in typed, f"on disk: {on_disk_text!r}, which was never typed"
    age = killed_at - typed[on_disk_text]
    lost = [text for when, text in strokes if when > typed[on_disk_text]]
    print(f"kill -9 after {len(strokes)} keystrokes: on disk the value typed {age:.2f} s before the kill "
          f"({len(lost)} keystrokes lost)")
    assert age <= 1.0, f"the value on disk was typed {age:.2f} s before the kill"


# ------------------------------------------------------------------------------------------------
# 6. SIGTERM, SIGHUP and a shutdown with a change still queued: the change is saved

@contextlib.contextmanager
def default_signals():
    """SIGTERM and SIGHUP as a terminal leaves them, for the kernels started inside: a kernel inherits
    an ignored signal (a test run started with ``nohup``), and the autosave rightly leaves an ignored
    signal ignored, so such a kernel would never end on SIGHUP."""
    previous = {sig: signal.signal(sig, signal.SIG_DFL) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


LONG_WAIT = ("import helpers.ui.base as _base\n"
             "S = _base.Session.reset(_base.Session(delay=30, max_wait=60))\n"
             "T = helpers.ui.team()\n")


@pytest.mark.slow
def test_termination_saves_what_is_queued(tmp_path):
    root = tmp_path / "ws"
    Workspace(root).create(GROUP)
    with default_signals(), kernels(root, GROUP, 3) as ks:
        names = {"SIGTERM": ks[0], "SIGHUP": ks[1], "shutdown": ks[2]}
        for name, k in names.items():
            k.run(LONG_WAIT)
            k.run("T.members.add_button.click()\n"
                  f"_rid = list(T.members.rows)[-1]\nT.members.cell(_rid, 'name').value = {name!r}")
            assert k.value("S.saver.pending"), f"{name}: the change should still be queued"
        assert Workspace(root).load(GROUP).team.members == [], "nothing saved before the end"
        for sig, name in ((signal.SIGTERM, "SIGTERM"), (signal.SIGHUP, "SIGHUP")):
            os.kill(names[name].pid, sig)
        names["shutdown"].shutdown(now=False)
        for name in ("SIGTERM", "SIGHUP"):
            assert names[name].km.provisioner.process.wait(60) is not None, f"{name}: the kernel did not end"
        saved = sorted(m.name for m in Workspace(root).load(GROUP).team.members)
    assert saved == ["SIGHUP", "SIGTERM", "shutdown"], saved
