"""The trainer's dashboard on a generated class (30 groups: most done, some half-way, some barely
started, one hostile; two corrupt files): it builds, shows what the documents hold, cycles through the
groups, exports, takes uploads, lists the broken files, never shows participant markup unescaped and
picks up changes by itself. Expected values come from the generated documents where they can."""
from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
import random
import re
import time
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as widgets
import pytest
from openpyxl import load_workbook

from helpers import classroom, model, render
from helpers.i18n import t
from helpers.model import STEPS
from helpers.ui import dashboard_form as dfm
from tests.factories import make_class, make_group, write_group

N = 30
HOSTILE_MARKUP = re.compile(r"<script|<img\s+src=x\s+onerror", re.I)


@pytest.fixture
def room(tmp_path):
    return make_class(tmp_path / "results", N, seed=0)


@pytest.fixture
def dash(room):
    d = dfm.dashboard(room.folder, auto=False)
    yield d
    d.close()


def descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from descendants(child)


def html_values(widget) -> list[str]:
    return [w.value for w in descendants(widget) if isinstance(w, (widgets.HTML, widgets.HTMLMath))]


class _Rows(HTMLParser):
    """(group name, [data-status of each cell]) of every row of the progress grid."""

    def __init__(self):
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self._in_th = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-slug" in a:
            self.rows.append(("", []))
        elif tag == "th" and self.rows and not self.rows[-1][0]:
            self._in_th = True
        elif tag == "td" and "data-status" in a and self.rows:
            self.rows[-1][1].append(a["data-status"])

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_th = False

    def handle_data(self, data):
        if self._in_th and self.rows:
            name, cells = self.rows[-1]
            self.rows[-1] = (name + data, cells)


def chart_values(chart) -> list[dict]:
    dct = chart.to_dict()
    data = dct.get("data") or dct["layer"][0].get("data")
    return data["values"] if "values" in data else dct["datasets"][data["name"]]


def upload_item(name: str, doc_or_bytes) -> dict:
    """One file as an ipywidgets 8 FileUpload holds it."""
    raw = doc_or_bytes if isinstance(doc_or_bytes, bytes) else doc_or_bytes.model_dump_json().encode("utf-8")
    return {"name": name, "type": "application/json", "size": len(raw), "content": memoryview(raw),
            "last_modified": dt.datetime(2026, 3, 9, 10, 30, tzinfo=dt.timezone.utc)}


# -- building ----------------------------------------------------------------------------------------

def test_the_dashboard_builds_on_the_class_and_reads_every_group(room, dash):
    cls = dash.value
    assert len(cls.groups) == N
    assert sorted(name for name, _ in cls.broken) == room.corrupt
    assert [t(f"dashboard.tab.{k}") for k in dfm.TABS] == list(dash.tabs.titles)
    assert t("dashboard.summary_broken", count=2) in html.unescape(dash.status.value)
    assert f"{N} groepen" in dash.status.value
    assert not dash.ticking  # auto=False


def test_an_empty_or_missing_folder_shows_plain_sentences(tmp_path):
    d = dfm.dashboard(tmp_path / "nothing-here", auto=False, timer=False)
    try:
        assert len(d.value) == 0
        assert t("classroom.no_groups") in d.progress.value
        assert t("dashboard.present.none") in d.presentation.value
        assert d.mood_chart is not None and d.channels_chart is None and d.mix_chart is None
        assert t("dashboard.none") in d.channels_none.value
        assert d.next_group() is None
    finally:
        d.close()


# -- what it shows ------------------------------------------------------------------------------------

def test_the_progress_grid_shows_each_groups_steps_and_last_change(room, dash):
    parser = _Rows()
    parser.feed(dash.progress.value)
    shown = {name: cells for name, cells in parser.rows}
    assert len(parser.rows) == N
    for doc in room.docs:
        status = model.step_status(doc)
        assert shown[doc.group] == [status[s] for s in STEPS], doc.group
    for doc in room.docs[:5]:
        assert f"{doc.updated_at.astimezone():%H:%M}" in dash.progress.value
    assert t("dashboard.progress.last_change") in dash.progress.value
    # the finished groups and the barely started ones are both there
    assert Counter(room.states.values())[True] > 0 and Counter(room.states.values())[False] > 0


def test_the_mood_chart_counts_every_person_by_mood(room, dash):
    counts = {r["mood"]: r["count"] for r in chart_values(dash.mood_chart)}
    assert counts == classroom.moods(dash.value)
    expected = Counter(p.mood for doc in room.docs for p in doc.checkin.people.values() if p.mood is not None)
    assert counts == {m: expected.get(m, 0) for m in range(1, 6)}
    assert sum(counts.values()) > 0
    svg = dash.moods.outputs[0]["data"]["image/svg+xml"]
    assert svg.lstrip().startswith("<svg")


def test_the_check_in_words_are_counted_case_insensitively(dash):
    assert ">koffie<" in dash.words.value and ">Koffie<" not in dash.words.value


def test_the_channels_chart_counts_the_groups_per_channel(room, dash):
    shown = {r["channel"]: r["groups"] for r in chart_values(dash.channels_chart)}
    frame = classroom.channels_chosen(dash.value)
    assert shown == dict(zip(frame["channel"], frame["groups"]))
    instagram = sum(1 for doc in room.docs if any(c.casefold() == "instagram" for c in doc.channels.chosen))
    assert shown["Instagram"] == instagram > 0
    assert dash.channels.outputs and dash.channels_none.value == ""


def test_the_mix_chart_holds_each_started_groups_mix(room, dash):
    rows = chart_values(dash.mix_chart)
    started = [d for d in room.docs if model.step_status(d)["content"] != "todo"]
    assert len(rows) == 3 * len(started)
    hero = {r["group"]: r["percent"] for r in rows if r["layer"] == t("content.layers.hero")}
    for doc in started:
        if not doc.group.startswith("<"):
            assert hero[doc.group] == doc.content.hero


def test_the_goals_audience_and_frequency_tables(room, dash):
    goals = html.unescape(dash.goals.value)
    finished = [d for d in room.docs if room.states[d.group] is True and not d.group.startswith("<")]
    for doc in finished[:5]:
        for goal in doc.goals:
            assert goal.sentence in goals
    assert "✓" in goals and "✗" in goals
    audience = html.unescape(dash.audiences.value)
    assert finished[0].audience.occupation in audience
    frequency = html.unescape(dash.frequency.value)
    assert t("dashboard.choices.total") in frequency
    total = sum(finished[0].content.posts_per_week.values())
    row = re.search(rf"<td>{re.escape(finished[0].group)}</td>(.*?)</tr>", frequency, re.S)
    assert row and re.findall(r"<td[^>]*>(\d*)</td>", row.group(1))[-1] == str(total)


def test_the_rose_wall_shows_each_text_with_its_group(room, dash):
    wall = dash.rose.value
    for doc in room.docs:
        for key in classroom.ROSE_KEYS:
            text = getattr(doc.debrief, key).strip()
            if text:
                # escaped by the renderer (which also writes "//" as "/&#47;": the same text, no address)
                assert render.text(text) in wall and "<script" not in wall
                assert html.escape(doc.group, quote=True) in wall
    assert all(f"wsm-rose-{k}" in wall for k in classroom.ROSE_KEYS)


# -- presentation mode ------------------------------------------------------------------------------

def test_presentation_mode_cycles_through_every_group(dash):
    slugs = [slug for slug, _ in dash.value.groups]
    first = dash.group.value
    assert first == slugs[0]
    seen = [first]
    for _ in range(len(slugs) - 1):
        seen.append(dash.next_group())
    assert sorted(seen) == sorted(slugs) and len(set(seen)) == len(slugs)
    assert dash.next_group() == first  # after the last: the first again
    assert dash.previous_group() == slugs[-1]
    assert dash.previous_group() == slugs[-2]
    assert dash.position.value == html.escape(t("dashboard.present.position", number=len(slugs) - 1,
                                                 count=len(slugs)))


def test_the_buttons_and_the_dropdown_show_that_groups_one_pager(dash):
    slugs = [slug for slug, _ in dash.value.groups]
    dash.next_button.click()
    assert dash.group.value == slugs[1]
    doc = dash.value.get(slugs[1])
    assert '<iframe sandbox=""' in dash.presentation.value
    assert f'title="{html.escape(doc.group, quote=True)}"' in dash.presentation.value
    dash.previous_button.click()
    assert dash.group.value == slugs[0]
    dash.group.value = slugs[5]
    assert f'title="{html.escape(dash.value.get(slugs[5]).group, quote=True)}"' in dash.presentation.value
    assert dash.position.value == html.escape(t("dashboard.present.position", number=6, count=len(slugs)))


# -- files ----------------------------------------------------------------------------------------

def _links(value: str) -> dict[str, bytes]:
    return {name: base64.b64decode(data)
            for name, data in re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', value)}


def test_the_exports_are_offered_when_the_files_tab_opens(room, dash):
    assert dash.exports.value == ""  # nothing made before it is wanted
    dash.tabs.selected_index = dfm.TABS.index("files")
    files = _links(dash.exports.value)
    assert len(files) == 3
    xlsx = next(data for name, data in files.items() if name.endswith(".xlsx"))
    wb = load_workbook(io.BytesIO(xlsx), read_only=True)
    assert len(wb.sheetnames) == len(classroom.SHEETS)
    zipped = next(data for name, data in files.items() if name.endswith("-onepagers.zip"))
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        names = zf.namelist()
    assert "index.html" in names and sum(n.endswith(".html") for n in names) == N + 1
    reports = next(data for name, data in files.items() if name.endswith("-reports.zip"))
    with zipfile.ZipFile(io.BytesIO(reports)) as zf:  # every group's full report
        pages = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".html") and n != "index.html"]
    assert len(pages) == N and all('<body class="full">' in p for p in pages)
    assert t("dashboard.files.excel") in dash.exports.value and t("dashboard.files.zip") in dash.exports.value
    assert t("dashboard.files.reports") in dash.exports.value


def _upload(dash, *items):
    dash.upload.value = tuple(items)


def test_an_upload_from_a_second_laptop_is_merged(room, dash):
    from helpers import export
    from helpers.store import Workspace

    old = room.docs[0]
    # the group's file as the app sends it (with what a merge needs), changed on a second laptop
    laptop = Workspace(room.folder.parent / "laptop")
    assert laptop.import_file((room.folder / f"{model.slug(old.group)}.json").read_bytes(), "mee.json").ok
    laptop.update(old.group, {"debrief.rose": "Bijgewerkt op de eigen laptop"})
    sent = export.to_json(laptop.load(old.group))
    _upload(dash, upload_item("strategie (1).json", sent))
    assert dash.upload.value == ()  # ready for the next files
    assert "✓" in dash.upload_result.value and "strategie (1).json" in dash.upload_result.value
    on_disk = model.load_document(json.loads((room.folder / f"{model.slug(old.group)}.json").read_text()))
    assert on_disk.debrief.rose == "Bijgewerkt op de eigen laptop"
    assert "Bijgewerkt op de eigen laptop" in dash.rose.value  # refreshed
    assert len(dash.value.groups) == N

    # the older file afterwards changes nothing
    _upload(dash, upload_item("oud.json", old))
    assert "✓" in dash.upload_result.value
    assert model.load_document(json.loads((room.folder / f"{model.slug(old.group)}.json").read_text())).debrief.rose \
        == "Bijgewerkt op de eigen laptop"


def test_an_upload_of_another_group_never_replaces_it(room, dash):
    a, b = room.docs[0], room.docs[1]
    path_a, path_b = (room.folder / f"{model.slug(d.group)}.json" for d in (a, b))
    before_a = path_a.read_bytes()
    # B's document under A's file name, far newer: it goes to B's place, never to A's
    b_newer = b.model_copy(update={"revision": b.revision + 50, "debrief": b.debrief.model_copy(
        update={"bud": b.debrief.bud or "nieuw idee"})})
    _upload(dash, upload_item(path_a.name, b_newer))
    assert path_a.read_bytes() == before_a
    assert model.load_document(json.loads(path_b.read_text())).debrief.bud == (b.debrief.bud or "nieuw idee")
    # a file holding group A lies where group C belongs (renamed by hand): C's upload is refused
    c = make_group(77, random.Random(3), finished=True)
    path_c = room.folder / f"{model.slug(c.group)}.json"
    path_c.write_bytes(before_a)
    dash.refresh()
    _upload(dash, upload_item("c.json", c.model_copy(update={"revision": 999})))
    assert path_c.read_bytes() == before_a
    assert "⚠" in dash.upload_result.value and "✓" not in dash.upload_result.value


def test_many_files_at_once_and_bad_files_each_get_a_message(room, dash):
    new1 = make_group(50, random.Random(1), finished=True)
    new2 = make_group(51, random.Random(2), finished="partial")
    _upload(dash, upload_item("a.json", new1), upload_item("b.json", new2), upload_item("kapot.json", b"{"),
            upload_item("leeg.json", b""))
    items = re.findall(r"<li[^>]*>(.*?)</li>", dash.upload_result.value)
    assert len(items) == 4
    assert [i.startswith("✓") for i in items] == [True, True, False, False]
    assert len(dash.value.groups) == N + 2
    assert new1.group in [doc.group for doc in dash.value.docs]


def test_the_broken_files_are_listed_and_stop_nothing(room, dash):
    for name in room.corrupt:
        assert f"<code>{html.escape(name)}</code>" in dash.broken.value
    assert "(2)" in dash.broken.value
    assert len(dash.value.groups) == N


# -- safety -----------------------------------------------------------------------------------------

def test_hostile_text_never_appears_unescaped_in_any_html_widget(room, dash):
    assert room.hostile is not None
    dash.tabs.selected_index = dfm.TABS.index("files")
    hostile_slug = next(slug for slug, doc in dash.value.groups if doc.group == room.hostile.group)
    seen_hostile_onepager = False
    for _ in range(len(dash.value.groups)):
        values = html_values(dash)
        assert values and not [v[:200] for v in values if HOSTILE_MARKUP.search(v)]
        if dash.group.value == hostile_slug:
            seen_hostile_onepager = True
            assert "&amp;lt;script&amp;gt;" in dash.presentation.value  # escaped inside srcdoc
        dash.next_group()
    assert seen_hostile_onepager
    # the hostile text is there, as text
    assert html.escape(room.hostile.group, quote=True) in dash.rose.value
    assert render.text(room.hostile.group) in dash.goals.value
    # charts: text in SVG is escaped too
    for out in (dash.moods, dash.channels, dash.mixes):
        for o in out.outputs:
            assert not HOSTILE_MARKUP.search(o["data"]["image/svg+xml"])
    # the dropdown holds plain strings (shown as text by the browser)
    assert room.hostile.group in [label for label, _ in dash.group.options]


def test_an_upload_with_hostile_file_name_and_text_is_shown_as_text(room, dash):
    evil = make_group(60, random.Random(5), finished=True)
    evil = evil.model_copy(update={"group": "<img src=x onerror=alert(2)>"})
    _upload(dash, upload_item("<script>alert(3)</script>.json", evil), upload_item("<img src=x onerror=1>.json", b"x"))
    assert not HOSTILE_MARKUP.search(dash.upload_result.value)
    assert "&lt;img src=x onerror=alert(2)&gt;" in dash.upload_result.value
    assert not [v[:200] for v in html_values(dash) if HOSTILE_MARKUP.search(v)]


def test_a_failing_section_shows_a_sentence_and_the_rest_goes_on(room, dash, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(classroom, "rose_wall_html", boom)
    monkeypatch.setattr(classroom, "words", boom)
    dash.refresh(force=True)
    assert t("dashboard.section_failed") in dash.rose.value
    assert t("dashboard.section_failed") in dash.words.value
    assert "data-status" in dash.progress.value and dash.mood_chart is not None

    monkeypatch.setattr(classroom, "read_class", boom)
    dash.refresh_button.click()  # no traceback reaches the page: one plain sentence
    assert html.escape(t("ui.unexpected")) in dash.message.value


# -- refreshing -------------------------------------------------------------------------------------

def test_refresh_picks_up_a_group_written_after_construction(room, dash):
    new = make_group(40, random.Random(9), finished=True)
    new = new.model_copy(update={"updated_at": dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=3, seconds=5)})
    write_group(room.folder, new)
    assert new.group not in dash.progress.value
    dash.refresh_button.click()
    assert len(dash.value.groups) == N + 1
    assert html.escape(new.group) in dash.progress.value
    assert render.ago(new.updated_at, now=new.updated_at + dt.timedelta(minutes=3)) in dash.progress.value  # minutes ago, by Babel
    assert model.slug(new.group) in [slug for _, slug in dash.group.options]
    assert html.escape(new.debrief.rose, quote=True) in dash.rose.value


def test_a_changed_group_is_shown_again_and_an_unchanged_class_is_not_redrawn(room, dash):
    before = dash.rose.value
    charts_before = dash.moods.outputs
    dash.refresh()
    assert dash.rose.value == before and dash.moods.outputs is charts_before
    doc = room.docs[0]
    changed = doc.model_copy(update={"revision": doc.revision + 1,
                                     "debrief": doc.debrief.model_copy(update={"thorn": "Nieuwe doorn"})})
    write_group(room.folder, changed)
    dash.refresh()
    assert "Nieuwe doorn" in dash.rose.value


def test_the_timer_thread_refreshes_by_itself_and_stops_when_closed(room):
    d = dfm.dashboard(room.folder, interval=0.2, auto=True, timer=False)
    try:
        assert d.ticking
        write_group(room.folder, make_group(41, random.Random(11), finished=True))
        deadline = time.monotonic() + 10
        while len(d.value.groups) == N and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(d.value.groups) == N + 1
        d.auto.value = False  # the box cleared: the thread ends
        deadline = time.monotonic() + 5
        while d.ticking and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not d.ticking
        d.auto.value = True
        assert d.ticking
    finally:
        d.close()
    assert not d.ticking


def test_errors_in_the_thread_never_reach_the_view(room, monkeypatch):
    d = dfm.dashboard(room.folder, interval=0.1, auto=False, timer=False)
    calls = []

    def boom(*a, **k):
        calls.append(1)
        raise OSError("disk gone")

    try:
        monkeypatch.setattr(classroom, "read_class", boom)
        d.auto.value = True
        deadline = time.monotonic() + 5
        while len(calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(calls) >= 3 and d.ticking  # it goes on trying
        assert d.message.value == ""
    finally:
        d.close()


# -- language and the pure parts ---------------------------------------------------------------------

def test_the_notebook_name_sets_the_language(room, monkeypatch):
    assert dfm.notebook_language("/x/workshop/dashboard.en.ipynb") == "en"
    assert dfm.notebook_language("dashboard.nl.ipynb") == "nl"
    assert dfm.notebook_language("dashboard.fr.ipynb") is None
    assert dfm.notebook_language("dashboard.ipynb") is None
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/trainer/workshop/dashboard.en.ipynb")
    d = dfm.dashboard(room.folder, auto=False)
    try:
        assert list(d.tabs.titles) == [t(f"dashboard.tab.{k}", "en") for k in dfm.TABS]
        assert any(t("dashboard.heading", "en") in v for v in html_values(d))
        assert d.timer.start_button.description == t("timer.start", "en")
    finally:
        d.close()


def test_channels_chart_is_a_pure_function_of_its_frame():
    import pandas as pd

    frame = pd.DataFrame({"channel": ["Instagram", "LinkedIn"], "key": ["instagram", "linkedin"], "groups": [5, 2]})
    chart = dfm.channels_chart(frame, "en", choosers=6)
    dct = chart.to_dict()
    assert chart_values(chart) == [{"channel": "Instagram", "groups": 5}, {"channel": "LinkedIn", "groups": 2}]
    assert dct["title"]["text"] == t("dashboard.chart.channels_title", "en")
    assert dct["title"]["subtitle"] == t("dashboard.chart.channels_subtitle", "en", count=6)
    assert dfm.channels_chart(frame, "nl").to_dict()["title"]["text"] == t("dashboard.chart.channels_title", "nl")


def test_mix_chart_keeps_groups_with_the_same_name_apart():
    import pandas as pd

    frame = pd.DataFrame({"group": ["A", "A", "B"], "hero": [10, 20, 30], "hub": [30, 30, 30], "help": [60, 50, 40]})
    rows = chart_values(dfm.mix_chart(frame, "en"))
    assert {r["group"] for r in rows} == {"A", "A (2)", "B"}
    assert sum(r["percent"] for r in rows if r["group"] == "A (2)") == 100


def test_table_html_escapes_and_says_when_empty():
    import pandas as pd

    out = dfm.table_html(pd.DataFrame({"<b>x</b>": ["<script>alert(1)</script>"]}), "en")
    assert "<script" not in out and "&lt;script&gt;" in out and "&lt;b&gt;" in out
    assert t("dashboard.none", "en") in dfm.table_html(pd.DataFrame(), "en")


# -- the notebooks ------------------------------------------------------------------------------------

WORKSHOP = Path(__file__).resolve().parent.parent / "workshop"


def _notebook(lang: str):
    import nbformat

    return nbformat.read(WORKSHOP / f"dashboard.{lang}.ipynb", as_version=4)


def test_both_dashboard_notebooks_are_thin_alike_and_clean():
    import nbformat

    nl, en = _notebook("nl"), _notebook("en")
    for nb in (nl, en):
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code, "no code cell"
        for cell in code:
            lines = [ln for ln in cell.source.splitlines() if ln.strip()]
            assert 1 <= len(lines) <= 2 and all(ln.startswith(("from helpers", "ui.")) for ln in lines)
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True
            assert cell.outputs == [] and cell.execution_count is None
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    code_nl, code_en = ([c.source for c in nb.cells if c.cell_type == "code"] for nb in (nl, en))
    assert code_nl == code_en
    assert [c.cell_type for c in nl.cells] == [c.cell_type for c in en.cells]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_notebook_links_resolve_and_stay_offline(lang):
    text = "\n".join(c.source for c in _notebook(lang).cells if c.cell_type == "markdown")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links
    for target in links:
        assert "://" not in target and (WORKSHOP / target).is_file(), target


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_notebook_code_builds_the_dashboard(lang, room, monkeypatch):
    """What the notebook runs, in the notebook's language, on the shared results folder."""
    monkeypatch.setenv("WORKSHOP_SHARED_DIR", str(room.folder))
    monkeypatch.setenv("JPY_SESSION_NAME", f"workshop/dashboard.{lang}.ipynb")
    scope: dict = {}
    for cell in _notebook(lang).cells:
        if cell.cell_type == "code":
            *body, last = cell.source.splitlines()
            exec("\n".join(body), scope)
            d = eval(last, scope)
    try:
        assert isinstance(d, dfm.Dashboard)
        assert d.folder == room.folder and len(d.value.groups) == N
        assert list(d.tabs.titles) == [t(f"dashboard.tab.{k}", lang) for k in dfm.TABS]
    finally:
        d.close()
