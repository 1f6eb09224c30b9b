"""The trainer's dashboard logic on a generated class: 30 groups (some unfinished, one hostile) and
two corrupt files. Expected values are computed here from the generated documents, independently of
the aggregation code."""
from __future__ import annotations

import datetime as dt
import html
import io
import json
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import classroom as cl
from helpers import smart
from helpers import model
from helpers.i18n import t
from helpers.model import STEPS
from tests.factories import group_name, make_class, make_group, write_group

N = 30


# -- the room ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def room(tmp_path_factory):
    folder = tmp_path_factory.mktemp("room")
    gen = make_class(folder, N, seed=0)
    # what else lies in a real workspace: none of it is a group document
    (folder / ".session.json").write_text('{"group": "Groep 01 Vos"}', encoding="utf-8")
    (folder / ".groep-01-vos-12345678.abc.tmp").write_text("{", encoding="utf-8")
    (folder / f"{model.slug(gen.docs[0].group)}.history.jsonl").write_text('{"rev": 1}\n', encoding="utf-8")
    (folder / f"{model.slug(gen.docs[0].group)}.lock").write_text("", encoding="utf-8")
    (folder / "broken").mkdir()
    (folder / "broken" / "old.json").write_text("{", encoding="utf-8")
    return gen


@pytest.fixture(scope="module")
def cls(room):
    return cl.read_class(room.folder)


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -- reading -----------------------------------------------------------------------------------------

def test_every_group_is_read_sorted_by_name_and_the_corrupt_files_are_listed(room, cls):
    names = [doc.group for _, doc in cls.groups]
    assert names == sorted((d.group for d in room.docs), key=str.casefold)
    assert [slug for slug, _ in cls.groups] == [model.slug(n) for n in names]
    assert [name for name, _ in cls.broken] == room.corrupt
    for _, reason in cls.broken:
        assert reason and "Error" not in reason and "{" not in reason
    assert dict(cls.broken)[room.corrupt[0]] == t("classroom.broken.not_json")  # groep-afgebroken
    assert "Stemming" in dict(cls.broken)[room.corrupt[1]]  # wrong schema: names a field in plain words
    assert cls.get(model.slug(room.docs[3].group)).group == room.docs[3].group
    assert cls.get("nope") is None and len(cls) == N


def test_reading_never_writes_moves_or_repairs_anything(room):
    import gc

    before = _snapshot(room.folder)
    cl.read_class(room.folder)
    assert _snapshot(room.folder) == before
    assert gc.isenabled()  # paused while reading, then restored


def test_results_dir_is_the_shared_folder_when_set_else_the_workspace(monkeypatch, tmp_path):
    from helpers.store import default_workspace

    monkeypatch.delenv("WORKSHOP_SHARED_DIR", raising=False)
    assert cl.results_dir() == default_workspace()
    monkeypatch.setenv("WORKSHOP_SHARED_DIR", str(tmp_path / "shared"))
    assert cl.results_dir() == tmp_path / "shared"
    assert cl.read_class().folder == tmp_path / "shared"  # a missing folder is an empty class


V1 = {"schema_version": 1, "name": "Pilotgroep", "goals": ["Meer volgers"], "checkin": {"mood": 4, "word": "Zon"},
      "rose": {"rose": "leuk", "thorn": "kort", "bud": "meer"}}
BAD_FILES = {
    "empty": b"",
    "spaces": b"  \n ",
    "binary": bytes(range(256)) * 4,
    "latin1": '{"group": "Café"}'.encode("latin-1"),
    "array": b"[1, 2, 3]",
    "string": b'"just text"',
    "null": b"null",
    "future": json.dumps({"schema_version": 99, "group": "Later"}).encode(),
    "nonsense_version": json.dumps({"schema_version": "twee", "group": "X"}).encode(),
    "empty_group": json.dumps({"schema_version": 2, "group": ""}).encode(),
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "mix": json.dumps({"schema_version": 2, "group": "Mix", "content": {"hero": 50, "hub": 50, "help": 50}}).encode(),
    "control": json.dumps({"schema_version": 2, "group": "Ctl\u0007"}).encode(),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_listed_in_plain_words_and_never_stops_the_reading(tmp_path, name):
    good = make_group(0, __import__("random").Random(1))
    write_group(tmp_path, good)
    (tmp_path / f"bad-{name}.json").write_bytes(BAD_FILES[name])
    result = cl.read_class(tmp_path)
    assert [d.group for d in result.docs] == [good.group]
    assert [n for n, _ in result.broken] == [f"bad-{name}.json"]
    reason = result.broken[0][1]
    assert reason.strip() and "Traceback" not in reason and "classroom." not in reason


def test_older_documents_are_migrated_and_a_bom_is_fine_and_odd_entries_are_skipped(tmp_path):
    (tmp_path / "pilot.json").write_text(json.dumps(V1), encoding="utf-8")
    doc = model.new_document("Met BOM")
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + doc.model_dump_json().encode())
    (tmp_path / "folder.json").mkdir()  # a folder with a document's name
    result = cl.read_class(tmp_path)
    assert [d.group for d in result.docs] == ["Met BOM", "Pilotgroep"]
    assert result.broken == []
    assert cl.moods(result)[4] == 1 and cl.words(result) == [("zon", 1)]


def test_a_file_too_large_to_be_a_document_is_listed_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(cl, "MAX_READ_BYTES", 100)
    (tmp_path / "big.json").write_bytes(b" " * 101)
    assert cl.read_class(tmp_path).broken == [("big.json", t("classroom.broken.too_large"))]


def test_an_empty_or_missing_folder_gives_empty_views_that_still_work(tmp_path):
    for folder in (tmp_path, tmp_path / "missing"):
        empty = cl.read_class(folder)
        assert empty.groups == [] and empty.broken == []
        assert list(cl.progress(empty).columns) == cl.PROGRESS_COLUMNS and cl.progress(empty).empty
        assert cl.moods(empty) == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
        assert cl.words(empty) == []
        assert t("classroom.words.none") in html.unescape(cl.word_cloud_html([]))
        for fn in (cl.audiences, cl.channels_chosen, cl.goals, cl.mixes, cl.frequency, cl.checkins,
                   cl.contents, cl.team_tasks, cl.calendars):
            assert fn(empty).empty
        assert cl.rose_wall(empty) == {"rose": [], "thorn": [], "bud": []}
        assert cl.summary(empty)["groups"] == 0
        load_workbook(io.BytesIO(cl.export_xlsx(empty)))
        assert "index.html" in zipfile.ZipFile(io.BytesIO(cl.export_onepagers_zip(empty))).namelist()
        assert t("classroom.no_groups") in html.unescape(cl.progress_html(empty))


# -- aggregations against values computed from the generated documents --------------------------------

def test_progress_per_group_and_step(room, cls):
    frame = cl.progress(cls).set_index("group")
    assert len(frame) == N
    for doc in room.docs:
        row = frame.loc[doc.group]
        state = room.states[doc.group]
        expected = model.step_status(doc)
        assert {s: row[s] for s in STEPS} == expected
        if state is True:
            assert set(expected.values()) == {"done"}
        elif state is False:
            assert all(row[s] == "todo" for s in STEPS if s != "checkin")
        assert row["steps_done"] == list(expected.values()).count("done")
        assert row["revision"] == doc.revision
        assert row["updated_at"].to_pydatetime() == doc.updated_at
    counts = Counter(v for s in STEPS for v in frame[s])
    assert counts["todo"] > 0 and counts["done"] > 0  # the room is mixed


def test_moods_count_every_checked_in_person(room, cls):
    expected = Counter(p.mood for d in room.docs for p in d.checkin.people.values() if p.mood)
    assert cl.moods(cls) == {m: expected.get(m, 0) for m in range(1, 6)}
    assert sum(cl.moods(cls).values()) > N


def test_words_are_normalised_counted_and_ordered(room, cls):
    expected = Counter(p.word.strip().casefold() for d in room.docs for p in d.checkin.people.values()
                       if p.word.strip())
    got = cl.words(cls)
    assert dict(got) == dict(expected)
    assert got == sorted(got, key=lambda kv: (-kv[1], kv[0]))
    assert "nieuwsgierig" in dict(got) and "Nieuwsgierig" not in dict(got)  # case folded together
    assert cl.normalise_word("  Koffie   Verkeerd ") == "koffie verkeerd"


def test_the_word_cloud_sizes_by_frequency(cls):
    ws = cl.words(cls)
    cloud = cl.word_cloud_html(ws, "en")
    top, rare = ws[0], ws[-1]
    sizes = {}
    for tag in _Tags.parse(cloud).tags:
        if tag[0] == "span":
            sizes[tag[1]["title"]] = float(tag[1]["style"].split("font-size:")[1].split("em")[0])
    assert sizes[t("classroom.words.times", "en", count=top[1])] == max(sizes.values())
    assert sizes[t("classroom.words.times", "en", count=rare[1])] == min(sizes.values())
    assert html.escape(top[0]) in cloud
    assert len(_Tags.parse(cl.word_cloud_html(ws, max_words=3)).tags) == 4  # the div and three words


def test_audiences(room, cls):
    frame = cl.audiences(cls).set_index("group")
    assert len(frame) == N
    for doc in room.docs:
        a = doc.audience
        row = frame.loc[doc.group]
        assert row["gender"] == a.gender and row["occupation"] == a.occupation
        assert row["persona_name"] == a.persona_name
        if a.age_min is not None:
            assert row["age_range"] == f"{a.age_min}-{a.age_max}"
        else:
            assert row["age_range"] == "" and row["age_min"] is __import__("pandas").NA


def test_channels_chosen_counts_each_group_once_per_channel(room, cls):
    from helpers.channels import platform_key

    expected = Counter()
    for doc in room.docs:
        expected.update({platform_key(c) or c.casefold() for c in doc.channels.chosen})
    frame = cl.channels_chosen(cls)
    assert dict(zip(frame["key"], frame["groups"])) == dict(expected)
    assert list(frame["groups"]) == sorted(frame["groups"], reverse=True)
    assert "Instagram" in set(frame["channel"])  # a label, not a key


def test_channels_in_other_spellings_are_merged():
    docs = [model.Strategy(group=f"G{i}", channels={"chosen": [name]}) for i, name in
            enumerate(["instagram", "Insta", "Instagram", "Ons eigen forum", "ons eigen  forum"])]
    frame = cl.channels_chosen(cl.Class(Path("."), [(model.slug(d.group), d) for d in docs]), "en")
    assert dict(zip(frame["channel"], frame["groups"])) == {"Instagram": 3, "Ons eigen forum": 2}


def test_goals_with_smart_verdicts_and_score(room, cls):
    frame = cl.goals(cls)
    assert len(frame) == sum(len(d.goals) for d in room.docs)
    by = {(r.group, r.number): r for r in frame.itertuples()}
    for doc in room.docs:
        for i, g in enumerate(doc.goals, 1):
            row = by[(doc.group, i)]
            # the verdict of the sentence as it stands today, computed here through the checker itself
            # (never a verdict stored in the document: the factory stores random ones to catch that)
            result = smart.check(g.sentence, org_goal=g.org_goal or None, baseline=g.baseline)
            flags = [bool(getattr(result, k).ok) for k in ("specific", "measurable", "achievable", "relevant",
                                                           "time_bound")]
            assert [row.S, row.M, row.A, row.R, row.T] == flags
            assert row.score == sum(flags)
            assert row.sentence == g.sentence and row.org_goal == g.org_goal


def test_mixes_and_frequency(room, cls):
    mix = cl.mixes(cls).set_index("group")
    for doc in room.docs:
        assert tuple(mix.loc[doc.group, ["hero", "hub", "help"]]) == (doc.content.hero, doc.content.hub,
                                                                     doc.content.help)
    assert (mix[["hero", "hub", "help"]].sum(axis=1) == 100).all()
    freq = cl.frequency(cls)
    assert len(freq) == sum(len(d.content.posts_per_week) for d in room.docs)
    assert freq["posts_per_week"].sum() == sum(sum(d.content.posts_per_week.values()) for d in room.docs)
    per_group = freq.groupby("group")["posts_per_week"].sum().to_dict()
    for doc in room.docs:
        if doc.content.posts_per_week:
            assert per_group[doc.group] == sum(doc.content.posts_per_week.values())


def test_checkins_tasks_and_calendars_hold_every_row(room, cls):
    assert len(cl.checkins(cls)) == sum(len(d.checkin.people) for d in room.docs)
    assert len(cl.team_tasks(cls)) == sum(len(d.team.tasks) for d in room.docs)
    cal = cl.calendars(cls)
    assert len(cal) == sum(len(d.calendar.entries) for d in room.docs)
    first = cal[cal["group"] == room.docs[0].group]
    assert list(first["date"]) == sorted(first["date"])


def test_rose_wall_skips_empty_answers(room, cls):
    wall = cl.rose_wall(cls)
    order = sorted(room.docs, key=lambda d: d.group.casefold())
    for key in cl.ROSE_KEYS:
        expected = [(d.group, getattr(d.debrief, key)) for d in order if getattr(d.debrief, key).strip()]
        assert wall[key] == expected
    assert len(wall["rose"]) > len(wall["thorn"])  # some half-way groups only wrote a rose


def test_summary(room, cls):
    s = cl.summary(cls)
    people = [p for d in room.docs for p in d.checkin.people.values()]
    assert s["groups"] == N and s["broken"] == 2
    assert s["people"] == len(people)
    assert s["moods_given"] == sum(p.mood is not None for p in people)
    assert s["finished"] == sum(state is True for state in room.states.values())
    for step in STEPS:
        assert s["steps_done"][step] == sum(model.step_status(d)[step] == "done" for d in room.docs)
    assert s["presented"] == sum(d.debrief.presented for d in room.docs)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_display_frames_are_translated(cls, lang):
    for frame in (cl.progress(cls), cl.goals(cls), cl.audiences(cls), cl.team_tasks(cls), cl.calendars(cls)):
        shown = cl.display_frame(frame, lang)
        assert "slug" not in frame.columns or len(shown.columns) == len(frame.columns) - 1
        assert not [c for c in shown.columns if "classroom." in c or "_" in c]
    prog = cl.display_frame(cl.progress(cls), lang)
    assert set(prog[cl.step_label("audience", lang)]) <= {cl.status_label(s, lang) for s in cl.STATUSES}
    assert prog[t("classroom.column.updated_at", lang)].dt.tz is None


# -- hostile text never becomes markup ----------------------------------------------------------------

class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    @classmethod
    def parse(cls, source: str) -> "_Tags":
        p = cls()
        p.feed(source)
        p.close()
        return p

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _assert_inert(source: str, allow: frozenset = frozenset()) -> _Tags:
    parsed = _Tags.parse(source)
    for tag, attrs in parsed.tags:
        assert tag not in {"script", "img", "iframe", "object", "embed", "svg", "a", "b"} - allow, tag
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith(("javascript:", "data:text")), attrs
    assert "<script" not in source.lower()
    assert "<img" not in source.lower()
    return parsed


def test_hostile_text_is_escaped_in_every_html_view(room, cls):
    hostile = room.hostile
    assert "<script>" in hostile.group and len(hostile.debrief.rose) == model.LONG
    views = {
        "words": cl.word_cloud_html(cl.words(cls)),
        "rose": cl.rose_wall_html(cls),
        "rose_en": cl.rose_wall_html(cls, "en"),
        "progress": cl.progress_html(cls),
    }
    for name, source in views.items():
        parsed = _assert_inert(source)
        text = "".join(parsed.text)
        if name == "progress":
            assert hostile.group in text
        if name.startswith("rose"):
            assert hostile.group in text and hostile.debrief.bud in text  # shown, as text
    word = next(iter(hostile.checkin.people.values())).word
    assert word.casefold() in "".join(_Tags.parse(views["words"]).text)


def test_presentation_mode_shows_the_one_pager_in_a_sandbox(room, cls):
    slug = model.slug(room.hostile.group)
    frame = cl.presentation_html(cls, slug, charts=False)
    outer = _assert_inert(frame, allow=frozenset({"iframe"}))
    assert [tag for tag, _ in outer.tags] == ["iframe"]
    attrs = outer.tags[0][1]
    assert attrs["sandbox"] == ""  # no script, no forms, no navigation inside
    inner = _assert_inert(attrs["srcdoc"])
    assert room.hostile.group in "".join(inner.text)
    assert t("classroom.no_such_group") in html.unescape(cl.presentation_html(cls, "../etc/passwd"))


# -- exports ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_class_workbook(room, cls, lang):
    wb = load_workbook(io.BytesIO(cl.export_xlsx(cls, lang)))
    assert wb.sheetnames == [t(f"classroom.sheet.{k}", lang)[:31] for k in cl.SHEETS]
    sheet = lambda key: wb[t(f"classroom.sheet.{key}", lang)[:31]]  # noqa: E731
    progress = sheet("progress")
    headers = [c.value for c in progress[1]]
    assert headers[:2] == [t("classroom.column.group", lang), cl.step_label("checkin", lang)]
    assert progress.max_row == N + 1
    groups = [row[0] for row in progress.iter_rows(min_row=2, values_only=True)]
    assert groups == [d.group for d in cls.docs]
    assert isinstance(progress.cell(2, headers.index(t("classroom.column.updated_at", lang)) + 1).value, dt.datetime)
    assert sheet("checkin").max_row == 1 + sum(len(d.checkin.people) for d in room.docs)
    assert sheet("goals").max_row == 1 + sum(len(d.goals) for d in room.docs)
    assert sheet("calendar").max_row == 1 + sum(len(d.calendar.entries) for d in room.docs)
    assert sheet("tasks").max_row == 1 + sum(len(d.team.tasks) for d in room.docs)
    assert sheet("rose").max_row == N + 1
    broken = [row for row in sheet("broken").iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in broken] == room.corrupt
    # participant text that looks like a formula stays text
    formulas = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=")]
    assert formulas and all(c.data_type == "s" for c in formulas)
    assert any(t(f"classroom.status.done", lang) == c.value for c in progress[2])


def test_the_zip_of_one_pagers(room, cls):
    zf = zipfile.ZipFile(io.BytesIO(cl.export_onepagers_zip(cls, "en")))
    names = zf.namelist()
    pages = sorted(n for n in names if n.endswith(".html") and n != "index.html")
    assert pages == sorted(f"{model.slug(d.group)}.html" for d in room.docs)
    assert "index.html" in names and t("classroom.export.broken_file", "en") in names
    for name in names:
        assert "/" not in name and not name.startswith(".")
    broken = zf.read(t("classroom.export.broken_file", "en")).decode("utf-8")
    assert all(name in broken for name in room.corrupt)
    hostile = zf.read(f"{model.slug(room.hostile.group)}.html").decode("utf-8")
    _assert_inert(hostile)
    assert html.escape(room.hostile.group) in hostile
    index = zf.read("index.html").decode("utf-8")
    parsed = _assert_inert(index, allow=frozenset({"a"}))
    assert sorted(a["href"] for tag, a in parsed.tags if tag == "a") == pages


def test_two_files_of_the_same_group_both_reach_the_zip(tmp_path):
    doc = model.new_document("Dubbel")
    write_group(tmp_path, doc)
    (tmp_path / "kopie.json").write_text(doc.model_dump_json(), encoding="utf-8")
    names = zipfile.ZipFile(io.BytesIO(cl.export_onepagers_zip(cl.read_class(tmp_path)))).namelist()
    assert {f"{model.slug('Dubbel')}.html", f"{model.slug('Dubbel')}-2.html"} <= set(names)


# -- uploads ------------------------------------------------------------------------------------------

def _doc(group: str, revision: int, minute: int = 0, **changes) -> model.Strategy:
    doc = model.new_document(group).model_copy(update={
        "revision": revision, "updated_at": dt.datetime(2026, 3, 9, 10, minute, tzinfo=dt.timezone.utc)})
    return model.apply_changes(doc, changes) if changes else doc


def _bytes(doc: model.Strategy) -> bytes:
    return doc.model_dump_json().encode("utf-8")


def test_a_new_group_is_added_under_its_slug(tmp_path):
    res = cl.accept_upload(tmp_path, "strategie (1).json", _bytes(_doc("Team Zon", 4)))
    assert res.ok and not res.replaced and res.group == "Team Zon" and res.slug == model.slug("Team Zon")
    assert "Team Zon" in res.message and "strategie (1).json" in res.message
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".json") == [f"{res.slug}.json"]
    # the revision is this folder's own count; the number in a file decides nothing
    assert cl.read_class(tmp_path).docs[0].revision == 1


def test_uploads_merge_and_an_old_file_never_overwrites_an_answer(tmp_path):
    path = tmp_path / f"{model.slug('Team Zon')}.json"
    assert cl.accept_upload(tmp_path, "a.json", _bytes(_doc("Team Zon", 4))).ok
    res = cl.accept_upload(tmp_path, "b.json", _bytes(_doc("Team Zon", 6, **{"debrief.rose": "nieuw"})))
    assert res.ok and res.replaced
    assert json.loads(path.read_text())["debrief"]["rose"] == "nieuw"
    # a plain file (no sync data) fills what is blank, whatever revision or time it claims
    res = cl.accept_upload(tmp_path, "c.json", _bytes(_doc("Team Zon", 10 ** 9, 30, **{
        "debrief.rose": "later", "debrief.bud": "idee"})))
    assert res.ok and res.replaced
    saved = json.loads(path.read_text())["debrief"]
    assert (saved["rose"], saved["bud"]) == ("nieuw", "idee")
    before = path.read_bytes()
    older = cl.accept_upload(tmp_path, "oud.json", _bytes(_doc("Team Zon", 1, 59)))
    assert older.ok and not older.replaced and "oud.json" in older.message
    again = cl.accept_upload(tmp_path, "c.json", _bytes(_doc("Team Zon", 6, 30, **{"debrief.rose": "later"})))
    assert again.ok and not again.replaced
    assert path.read_bytes() == before


def test_an_upload_never_replaces_another_group(tmp_path):
    b = _doc("B", 1, **{"debrief.rose": "van B"})
    assert cl.accept_upload(tmp_path, "b.json", _bytes(b)).ok
    b_path = tmp_path / f"{model.slug('B')}.json"
    b_bytes = b_path.read_bytes()
    # a document of group A, uploaded under B's file name and with a far higher revision
    res = cl.accept_upload(tmp_path, b_path.name, _bytes(_doc("A", 999)))
    assert res.ok and res.slug == model.slug("A") != model.slug("B")
    assert b_path.read_bytes() == b_bytes
    assert sorted(d.group for d in cl.read_class(tmp_path).docs) == ["A", "B"]
    # a file planted at A's place that holds another group is never overwritten either
    a_path = tmp_path / f"{model.slug('A')}.json"
    a_path.write_bytes(_bytes(_doc("Iemand anders", 1)))
    res = cl.accept_upload(tmp_path, "a.json", _bytes(_doc("A", 1000)))
    assert not res.ok and "Iemand anders" in res.message
    assert json.loads(a_path.read_text())["group"] == "Iemand anders"


GARBAGE = {
    "empty": b"",
    "text": b"hallo, dit is mijn strategie",
    "binary": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    "list": b"[]",
    "half": _doc("Half", 1).model_dump_json().encode()[:50],
    "wrong_schema": json.dumps({"schema_version": 2, "group": "X", "checkin": {"people": {"P": {"mood": 9}}}}).encode(),
    "future": json.dumps({"schema_version": 7, "group": "X"}).encode(),
    "history_line": b'{"rev": 1, "at": "2026-01-01", "changes": []}\n{"rev": 2}',
}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("kind", sorted(GARBAGE))
def test_garbage_is_refused_in_plain_words(tmp_path, kind, lang):
    res = cl.accept_upload(tmp_path, f"{kind}.json", GARBAGE[kind], lang=lang)
    assert not res.ok and not res.replaced
    assert f"{kind}.json" in res.message and "Traceback" not in res.message and "classroom." not in res.message
    assert list(tmp_path.iterdir()) == []


def test_the_size_limit(tmp_path, monkeypatch):
    res = cl.accept_upload(tmp_path, "groot.json", b" " * (cl.MAX_UPLOAD_BYTES + 1), lang="en")
    assert not res.ok and "5 MB" in res.message
    monkeypatch.setattr(cl, "MAX_UPLOAD_BYTES", 10)
    assert not cl.accept_upload(tmp_path, "x.json", _bytes(_doc("X", 1))).ok


@pytest.mark.parametrize("filename", [
    "../../evil.json", "/etc/passwd", "..\\..\\win.json", "a/../../b.json", "", ".hidden.json",
    "con.json", "x\x00y.json", "naam\nmet\nregels.json", "🎉" * 300,
])
def test_a_path_like_file_name_never_reaches_the_disk(tmp_path, filename):
    folder = tmp_path / "results"
    res = cl.accept_upload(folder, filename, _bytes(_doc("Team Pad", 1)))
    assert res.ok
    assert [p.name for p in tmp_path.iterdir()] == ["results"]
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".json") == [f"{model.slug('Team Pad')}.json"]
    assert "\n" not in res.message and "\x00" not in res.message and "/" not in res.message.split(":")[0]


def test_a_hostile_group_name_gets_a_plain_slug(tmp_path, room):
    res = cl.accept_upload(tmp_path, "h.json", _bytes(room.hostile))
    assert res.ok and [p.name for p in tmp_path.glob("*.json")] == [f"{res.slug}.json"]
    assert set(res.slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")


def test_an_old_version_is_migrated_and_a_naive_time_is_read_as_utc(tmp_path):
    assert cl.accept_upload(tmp_path, "pilot.json", json.dumps(V1).encode()).ok
    data = json.loads(_bytes(_doc("Naief", 2)))
    data["updated_at"] = "2026-03-09T10:00:00"
    assert cl.accept_upload(tmp_path, "n.json", json.dumps(data).encode()).ok
    data["revision"] = 3
    assert cl.accept_upload(tmp_path, "n2.json", json.dumps(data).encode()).ok
    assert sorted(d.group for d in cl.read_class(tmp_path).docs) == ["Naief", "Pilotgroep"]


def test_an_unreadable_file_in_the_way_is_kept_aside(tmp_path):
    path = tmp_path / f"{model.slug('Kapot')}.json"
    path.write_bytes(b'{"half')
    res = cl.accept_upload(tmp_path, "k.json", _bytes(_doc("Kapot", 1)))
    assert res.ok
    kept = list((tmp_path / "broken").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == b'{"half'


def test_an_upload_into_a_workspace_is_recorded_in_the_history(workspace):
    ws = workspace
    ws.create("Team Hist")
    ws.update("Team Hist", {"debrief.rose": "thuis"})  # revision 2, history 1..2
    upload = _doc("Team Hist", 10, **{"debrief.rose": "van de laptop", "debrief.bud": "idee"})
    res = cl.accept_upload(ws.root, "hist.json", _bytes(upload))
    assert res.ok and res.replaced
    history = ws.history("Team Hist")
    assert [e["rev"] for e in history] == [1, 2, 3]
    # a plain file fills the blanks and never overwrites an answer given here
    doc = type(ws)(ws.root).load("Team Hist")
    assert (doc.revision, doc.debrief.rose, doc.debrief.bud) == (3, "thuis", "idee")
    assert ws.update("Team Hist", {"debrief.thorn": "tijd"}).revision == 4
    restored = ws.restore("Team Hist", 2)  # and the upload can be undone
    assert (restored.debrief.rose, restored.debrief.bud, restored.debrief.thorn) == ("thuis", "", "")


def test_an_upload_below_the_history_gets_the_next_revision(workspace):
    ws = workspace
    ws.create("Team Laag")
    for i in range(5):
        ws.update("Team Laag", {"debrief.rose": f"versie {i}"})  # revision 6
    path = ws.path_for("Team Laag")
    stale = json.loads(path.read_text())
    stale["revision"] = 3  # a crash left the document behind its history
    path.write_text(json.dumps(stale))
    res = cl.accept_upload(ws.root, "x.json", _bytes(_doc("Team Laag", 4, **{"debrief.bud": "upload"})))
    assert res.ok
    doc = type(ws)(ws.root).load("Team Laag")
    assert doc.revision == 7 and doc.debrief.bud == "upload" and doc.debrief.rose == "versie 4"


def test_many_uploads_at_once_as_a_file_upload_widget_gives_them(tmp_path):
    files = (
        {"name": "een.json", "type": "application/json", "size": 10, "content": memoryview(_bytes(_doc("Een", 1)))},
        {"name": "twee.json", "content": memoryview(_bytes(_doc("Twee", 1)))},
        {"name": "kapot.json", "content": memoryview(b"{")},
    )
    results = cl.accept_uploads(tmp_path, files, lang="en")
    assert [r.ok for r in results] == [True, True, False]
    assert [r.ok for r in cl.accept_uploads(tmp_path, [("drie.json", _bytes(_doc("Drie", 1)))])] == [True]
    assert [r.ok for r in cl.accept_uploads(tmp_path, {"vier.json": _bytes(_doc("Vier", 1))})] == [True]
    assert sorted(d.group for d in cl.read_class(tmp_path).docs) == ["Drie", "Een", "Twee", "Vier"]


def test_the_factory_makes_what_it_promises(room):
    assert len(room.docs) == N and len(room.corrupt) == 2
    states = Counter(room.states.values())
    assert states[True] > states["partial"] > 0 and states[False] > 0
    assert group_name(0) == room.docs[0].group
    h = room.hostile
    assert len(h.debrief.rose) == model.LONG and len(h.audience.occupation) == model.SHORT
    assert all(len(w.word) == model.SHORT and "<script>" in w.word for w in h.checkin.people.values())
