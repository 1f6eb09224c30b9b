"""Hostile names and files: what a participant can type into a name or a text, and what can lie in a
workspace, must never break an export, fool the trainer, run as a formula or end in a traceback."""
from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from helpers import classroom as cl
from helpers import export, model
from helpers.i18n import t
from helpers.names import display_name, display_names, skeleton, visible

ROOT = Path(__file__).resolve().parent.parent

HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u061c]")


def make_doc(group: str, text: str = "", n_entries: int = 2, language: str = "nl") -> model.Strategy:
    """A valid document whose participant text is ``text`` in every calendar and task field."""
    short = text[: model.SHORT]
    entries = [{"date": f"2027-01-0{i + 4}", "time": "10:30", "channel": "instagram", "title": short,
                "theme": short, "owner": short, "layer": "hub", "format": short} for i in range(n_entries)]
    tasks = [{"title": short, "owner": short, "due": "2027-01-08"}, {"title": "zonder datum"}]
    return model.load_document({"schema_version": 2, "group": group, "language": language,
                                "calendar": {"entries": entries}, "team": {"tasks": tasks},
                                "debrief": {"rose": text[: model.LONG] or "fijn"}})


# --------------------------------------------------------------------------------------------------
# 1. iCalendar

HOSTILE_TEXT = [
    "Groep\nA",
    "Groep\rA",
    "Groep\r\nBEGIN:VEVENT\r\nSUMMARY:ingeschoven\r\nEND:VEVENT",
    "Groep\rBEGIN:VEVENT",
    "a;b,c\\d:e",
    "\\n is geen regeleinde, \\; ook niet",
    "Groep 🚀 👩‍💻 ünïcödé",
    "x" * 500,
    "Groep\u2028A\u2029B\x85C",
]


def _one_line(text: str) -> str:
    """The documented replacement: each line break (CR LF, CR, LF, VT, FF, NEL, U+2028/9) is one space."""
    return re.sub(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", " ", text)


def _unescape(raw: str) -> str:
    """An RFC 5545 TEXT value as a reader decodes it (written here, independently of the exporter)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def _calendar_name(cal: Calendar, prop: str = "X-WR-CALNAME") -> str:
    """The calendar name as a calendar program reads it (icalendar keeps these as raw text)."""
    raw = cal[prop]
    return _unescape(raw.to_ical().decode("utf-8") if hasattr(raw, "to_ical") else str(raw))


@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
def test_ics_with_hostile_name_and_texts_parses_back_whole(text):
    doc = make_doc("Team", text, n_entries=3)
    # a name longer than the model allows (as an older or hand-made file could hold) still exports
    doc = doc.model_copy(update={"group": text})
    data = export.to_ics(doc)

    assert b"\r\n" in data and not re.search(rb"\r(?!\n)|(?<!\r)\n", data), "only CRLF line ends"
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "lines folded at 75 octets"
    cal = Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len(events) == 3 + 1  # three posts and the one task with a due date, nothing injected
    assert len(re.findall(rb"^BEGIN:VEVENT", data, re.M)) == 4

    expected_name = t("export.ics.calendar_name", "nl", group=_one_line(text))
    assert _calendar_name(cal) == expected_name
    assert _calendar_name(cal, "NAME") == expected_name
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries[0] == f"Instagram: {_one_line(text[: model.SHORT])}"
    owner_line = f"{t('export.column.owner', 'nl')}: {_one_line(text[: model.SHORT])}"
    posts = [e for e in events if str(e["SUMMARY"]).startswith("Instagram")]
    assert all(owner_line in str(e["DESCRIPTION"]).split("\n") for e in posts)


def test_ics_category_with_separators_stays_one_category():
    doc = make_doc("Team", "titel")
    data = export.to_ics(doc, "en")
    cal = Calendar.from_ical(data)
    cats = cal.walk("VEVENT")[0]["CATEGORIES"].cats
    assert [str(c) for c in cats] == [t("content.layers.hub", "en")]


# --------------------------------------------------------------------------------------------------
# 2. Names that look alike

LOOKALIKES = ["Groep A", "Groep\u200b A", "Groep А", "Groep \u202eA"]  # plain, zero-width, Cyrillic, RLO


def test_display_name_tells_lookalikes_apart():
    shown = [display_name(n, LOOKALIKES) for n in LOOKALIKES]
    assert len(set(shown)) == 4
    assert all(not HIDDEN.search(s) for s in shown)
    assert shown[1].startswith("Groep⟨U+200B⟩ A") and "⟨U+202E⟩" in shown[3]
    # each carries the fingerprint of its own file name
    for name, text in zip(LOOKALIKES, shown):
        assert f"(#{model.slug(name).rsplit('-', 1)[1]})" in text
    assert len({skeleton(n) for n in LOOKALIKES}) == 1


def test_display_name_leaves_ordinary_names_alone():
    names = ["Team Vos", "Team Uil", "Zoë", "Zoe", "👩‍💻 Devs", "فريق"]
    assert display_names(names) == {n: n for n in names}
    assert display_name("Team Vos") == "Team Vos"
    assert display_name("Groep A", ["Groep A"]) == "Groep A"  # itself among the others


def test_visible_marks_every_invisible_character():
    for char in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f":
        assert visible(f"a{char}b") == f"a⟨U+{ord(char):04X}⟩b"
    assert visible("regel 1\nregel 2") == "regel 1\nregel 2"
    assert visible("naam\nregel", keep_lines=False) == "naam⟨U+000A⟩regel"


@pytest.fixture
def lookalike_class(tmp_path):
    folder = tmp_path / "room"
    folder.mkdir()
    for i, name in enumerate(LOOKALIKES):
        doc = make_doc(name, f"roos {i}")
        (folder / f"{model.slug(name)}.json").write_text(doc.model_dump_json(), encoding="utf-8")
    return cl.read_class(folder, "nl")


def _bdi_texts(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<bdi>(.*?)</bdi>", page, re.S)]


def test_class_views_tell_lookalikes_apart(lookalike_class):
    cls = lookalike_class
    for frame in (cl.progress(cls), cl.rose_frame(cls), cl.calendars(cls), cl.team_tasks(cls)):
        names = set(frame["group"])
        assert len(set(frame.drop_duplicates("slug")["group"])) == 4 and len(names) == 4
        assert not any(HIDDEN.search(n) for n in names)
    assert len({g for g, _ in cl.rose_wall(cls)["rose"]}) == 4

    for page in (cl.progress_html(cls), cl.rose_wall_html(cls)):
        assert "\u202e" not in page and "\u200b" not in page
        shown = _bdi_texts(page)
        assert len(shown) == 4 and len(set(shown)) == 4

    titles = set()
    for slug, _ in cls.groups:
        page = cl.presentation_html(cls, slug, charts=False)
        assert "\u202e" not in page and "\u200b" not in page
        titles.add(html.unescape(re.search(r'title="([^"]*)"', page)[1]))
    assert len(titles) == 4


def test_class_excel_and_zip_tell_lookalikes_apart(lookalike_class):
    cls = lookalike_class
    wb = load_workbook(io.BytesIO(cl.export_xlsx(cls, "nl")))
    ws = wb[wb.sheetnames[0]]
    names = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert len(set(names)) == 4 and not any(HIDDEN.search(n) for n in names)

    z = zipfile.ZipFile(io.BytesIO(cl.export_onepagers_zip(cls, "nl")))
    index = z.read("index.html").decode("utf-8")
    assert len(set(_bdi_texts(index))) == 4 and "\u202e" not in index
    assert all(n.isascii() for n in z.namelist() if n.endswith(".html"))


def test_dashboard_tells_lookalikes_apart(lookalike_class):
    pytest.importorskip("ipywidgets")
    from helpers.ui import dashboard_form as dash

    grid = dash.progress_grid_html(lookalike_class, "nl")
    assert "\u202e" not in grid and len(set(_bdi_texts(grid))) == 4
    table = dash.table_html(cl.display_frame(cl.rose_frame(lookalike_class), "nl"), "nl")
    assert "\u202e" not in table and "\u200b" not in table
    options = dash.Dashboard._group_options(None, lookalike_class)  # presentation mode's choice of group
    assert len({label for label, _ in options}) == 4
    assert not any(HIDDEN.search(label) for label, _ in options)


def test_exact_twins_in_two_files_show_their_file_names(tmp_path):
    folder = tmp_path / "room"
    folder.mkdir()
    doc = make_doc("Team Vos", "x")
    (folder / "een.json").write_text(doc.model_dump_json(), encoding="utf-8")
    (folder / "twee.json").write_text(doc.model_dump_json(), encoding="utf-8")
    cls = cl.read_class(folder)
    assert set(cls.names().values()) == {"Team Vos (een)", "Team Vos (twee)"}


# --------------------------------------------------------------------------------------------------
# 4. Formulas in CSV and Excel

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1", "＝1+1",
            '=HYPERLINK("http://x.invalid","klik")']


def test_csv_never_starts_a_cell_with_a_formula_sign():
    entries = [{"date": "2027-01-04", "title": f, "owner": f, "theme": f, "format": f, "channel": f}
               for f in FORMULAS]
    doc = model.load_document({"schema_version": 2, "group": "Team", "calendar": {"entries": entries}})
    for lang in ("nl", "en"):
        rows = list(csv.reader(io.StringIO(export.to_csv(doc, lang).decode("utf-8-sig")),
                               delimiter=export.csv_separator(lang)))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(export.FORMULA_START), repr(cell)


def _assert_no_formula(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    wb = load_workbook(io.BytesIO(data))
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(export.FORMULA_START):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
                    seen += 1
    return seen


def test_xlsx_keeps_formula_text_as_text():
    entries = [{"date": "2027-01-04", "title": f, "owner": f, "theme": f} for f in FORMULAS]
    doc = model.load_document({"schema_version": 2, "group": "=Team", "calendar": {"entries": entries},
                               "team": {"tasks": [{"title": "=2+2", "owner": "@x"}]},
                               "debrief": {"rose": "=cmd|' /C calc'!A0"}})
    assert _assert_no_formula(export.to_xlsx(doc)) >= len(entries) * 3


def test_class_xlsx_keeps_formula_text_as_text(tmp_path):
    folder = tmp_path / "room"
    folder.mkdir()
    for i, f in enumerate(FORMULAS):
        group = f"{f.strip()}{i}" if f.strip() else f"g{i}"
        doc = make_doc(group, f"=1+{i}")
        doc = model.load_document({**doc.model_dump(mode="json"),
                                   "debrief": {"rose": f, "thorn": "+31 6 1234", "bud": "@team"}})
        (folder / f"{model.slug(group)}.json").write_text(doc.model_dump_json(), encoding="utf-8")
    cls = cl.read_class(folder)
    assert len(cls) == len(FORMULAS)
    assert _assert_no_formula(cl.export_xlsx(cls, "nl")) >= len(FORMULAS) * 3


# --------------------------------------------------------------------------------------------------
# 3. The command line

def run_cli(*args: str, workspace: Path | None = None, lang: str = "nl", stdin: str | None = None):
    env = {**os.environ, "WORKSHOP_LANG": lang, "PYTHONPATH": str(ROOT)}
    if workspace is not None:
        env["WORKSHOP_DIR"] = str(workspace)
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120, input=stdin if stdin is not None else "")


def assert_refused(out: subprocess.CompletedProcess, *words: str) -> str:
    text = out.stdout + out.stderr
    assert out.returncode == 2, text
    assert "Traceback" not in text and 'File "' not in text, text
    message = out.stderr.strip()
    assert message and len(message.splitlines()) <= 2, message
    for word in words:
        assert word in message, message
    return message


@pytest.fixture
def room(tmp_path):
    from helpers.store import Workspace

    ws = Workspace(tmp_path / "ws")
    ws.create("Team Groen")
    ws.update("Team Groen", {"debrief.rose": "samen"})
    return ws


def test_cli_unknown_empty_and_malformed_group_names(room):
    assert_refused(run_cli("export", "Niemand", workspace=room.root), "Niemand")
    assert_refused(run_cli("export", "", workspace=room.root))
    assert_refused(run_cli("export", "   ", workspace=room.root))
    assert_refused(run_cli("history", "Team\nGroen", workspace=room.root), "regeleinde")
    assert_refused(run_cli("restore", "Team\rGroen", "--to", "1", workspace=room.root))
    assert_refused(run_cli("export", "Niemand", workspace=room.root, lang="en"), "no group")


def test_cli_nul_in_a_name_or_path_is_a_sentence(room, capsys):
    from helpers.cli import main

    assert main(["--workspace", str(room.root), "export", "Team\x00Groen"]) == 2
    assert main(["--workspace", "a\x00b", "groups"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 2 and "Traceback" not in err


def test_cli_workspace_that_is_a_file_or_below_a_file(room, tmp_path):
    file = tmp_path / "gewoon-een-bestand.txt"
    file.write_text("x")
    for args in (["groups"], ["export", "Team Groen"], ["history", "Team Groen"]):
        assert_refused(run_cli("--workspace", str(file), *args), "geen map")
        assert_refused(run_cli("--workspace", str(file / "ws"), *args), "geen map")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every folder")
def test_cli_unreadable_workspace(room):
    os.chmod(room.root, 0)
    try:
        assert_refused(run_cli("groups", workspace=room.root), "gelezen")
    finally:
        os.chmod(room.root, 0o755)


@pytest.mark.parametrize("value", ["-1", "0", str(10**30), "abc", "1.5", "", "٣"])
def test_cli_bad_version_numbers(room, value):
    msg = assert_refused(run_cli("restore", "Team Groen", "--to", value, workspace=room.root))
    assert "--help" in msg
    assert room.load("Team Groen").revision == 2  # nothing restored


def test_cli_argparse_mistakes_are_sentences_in_the_users_language(room):
    assert "ontbreekt" in assert_refused(run_cli("export", workspace=room.root))
    assert "missing" in assert_refused(run_cli("export", workspace=room.root, lang="en"))
    assert_refused(run_cli("export", "Team Groen", "--format", "pdf", workspace=room.root), "pdf")
    assert_refused(run_cli("bestaat-niet", workspace=room.root))
    assert_refused(run_cli("app", "--port", "99999999", workspace=room.root))


def test_cli_deeply_nested_group_file(room):
    slug = model.slug("Diep")
    (room.root / f"{slug}.json").write_text("[" * 100000 + "]" * 100000)
    out = run_cli("groups", workspace=room.root)  # groups only reads: the file is listed, left where it is
    assert out.returncode == 0 and "Traceback" not in out.stderr + out.stdout
    assert "Team Groen" in out.stdout and slug in out.stdout
    for args in (["export", "Diep"], ["history", "Diep"], ["export", slug]):
        assert_refused(run_cli(*args, workspace=room.root))
    # another group is still found, and an unknown one is still unknown
    assert run_cli("export", "Team Groen", "--out", str(room.root.parent / "g.json"), workspace=room.root).returncode == 0
    assert_refused(run_cli("export", "Niemand", workspace=room.root), "nog geen groep", "Niemand")
    out = run_cli("groups", workspace=room.root)
    assert out.returncode == 0 and "Traceback" not in out.stderr + out.stdout and "Team Groen" in out.stdout


def test_cli_deeply_nested_history_line(room):
    hist = room.root / f"{model.slug('Team Groen')}.history.jsonl"
    with open(hist, "a") as fh:
        fh.write("[" * 100000 + "]" * 100000 + "\n")
    for args in (["history", "Team Groen"], ["restore", "Team Groen", "--to", "1"]):
        out = run_cli(*args, workspace=room.root)
        text = out.stdout + out.stderr
        assert "Traceback" not in text and out.returncode in (0, 2), text


def test_cli_binary_garbage_and_old_format(room):
    garbage = room.root / f"{model.slug('Rommel')}.json"
    garbage.write_bytes(bytes(range(256)) * 4)
    old = {"schema_version": 1, "name": "Oude groep", "goals": ["Meer volgers"],
           "checkin": {"mood": 4, "word": "zin"}, "rose": {"rose": "leuk", "thorn": "", "bud": ""}}
    (room.root / f"{model.slug('Oude groep')}.json").write_text(json.dumps(old))
    (room.root / "met-de-hand.json").write_text(json.dumps({**old, "name": "Handwerk"}))

    out = run_cli("groups", workspace=room.root)
    assert out.returncode == 0 and "Traceback" not in out.stdout + out.stderr
    assert "Oude groep" in out.stdout and "Handwerk" in out.stdout
    line = next(x for x in out.stdout.splitlines() if model.slug("Rommel") in x)
    assert "apart gezet" not in line and "gelaten" in line  # groups only reads: nothing was moved
    assert garbage.exists()

    for name in ("Oude groep", "Handwerk", "met-de-hand"):
        target = room.root.parent / f"{model.slug(name)}.json"
        out = run_cli("export", name, "--out", str(target), workspace=room.root)
        assert out.returncode == 0, out.stderr
        assert json.loads(target.read_text())["schema_version"] == model.SCHEMA_VERSION

    out = run_cli("export", "Rommel", workspace=room.root)
    assert "apart gezet" in assert_refused(out)  # export opens the group: the store puts the file aside
    assert not garbage.exists() and list((room.root / "broken").iterdir())


def test_cli_export_never_writes_into_the_workspace(room, tmp_path):
    slug = model.slug("Team Groen")
    before = {p.name: p.read_bytes() for p in room.root.iterdir() if p.is_file()}
    for name in (f"{slug}.history.jsonl", f"{slug}.json", f"{slug}.lock", "nieuw.json", "notities.txt"):
        assert_refused(run_cli("export", "Team Groen", "--out", str(room.root / name), "--force",
                               workspace=room.root), "werkmap")
    assert_refused(run_cli("export", "Team Groen", "--out", str(room.root), workspace=room.root), "werkmap")
    link = tmp_path / "link.json"
    link.symlink_to(room.root / f"{slug}.history.jsonl")
    assert_refused(run_cli("export", "Team Groen", "--out", str(link), "--force", workspace=room.root))
    dirlink = tmp_path / "dirlink"
    dirlink.symlink_to(room.root)
    assert_refused(run_cli("export", "Team Groen", "--out", str(dirlink / "x.csv"), workspace=room.root))
    after = {p.name: p.read_bytes() for p in room.root.iterdir() if p.is_file()}
    assert after == before


def test_cli_export_replaces_a_file_only_with_force(room, tmp_path):
    target = tmp_path / "uit.csv"
    target.write_text("van mij")
    msg = assert_refused(run_cli("export", "Team Groen", "--format", "csv", "--out", str(target),
                                 workspace=room.root), "--force")
    assert target.read_text() == "van mij" and "uit.csv" in msg
    out = run_cli("export", "Team Groen", "--format", "csv", "--out", str(target), "--force", workspace=room.root)
    assert out.returncode == 0 and target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_cli_export_into_a_missing_folder(room, tmp_path):
    target = tmp_path / "bestaat" / "niet" / "uit.json"
    assert_refused(run_cli("export", "Team Groen", "--out", str(target), workspace=room.root), "bestaat niet")
    assert not target.parent.exists()


def test_cli_unexpected_error_is_one_sentence(room, capsys, monkeypatch):
    from helpers import cli

    def boom(args):
        raise RuntimeError("kapot")

    monkeypatch.setitem(cli.COMMANDS, "groups", boom)
    assert cli.main(["--workspace", str(room.root), "groups"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "RuntimeError" in err and "--debug" in err
    assert cli.main(["--debug", "--workspace", str(room.root), "groups"]) == 2
    assert "Traceback" in capsys.readouterr().err  # the details, only when asked for


def test_cli_catalogue_keys_exist_in_both_languages():
    from helpers.i18n import catalogue

    nl = {k for k in catalogue("nl") if k.startswith("cli.")}
    en = {k for k in catalogue("en") if k.startswith("cli.")}
    assert nl == en
    source = (ROOT / "helpers" / "cli.py").read_text(encoding="utf-8")
    for key in set(re.findall(r'"(cli\.[a-z_.]+)"', source)):
        assert key in nl, key


@pytest.mark.parametrize("answer,replaced", [("j", True), ("ja", True), ("n", False), ("", False)])
def test_cli_export_asks_at_a_terminal(room, tmp_path, monkeypatch, capsys, answer, replaced):
    from helpers import cli

    target = tmp_path / "uit.json"
    target.write_text("van mij")

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt="": answer)
    code = cli.main(["--workspace", str(room.root), "export", "Team Groen", "--out", str(target)])
    assert code == (0 if replaced else 2)
    assert (target.read_text() != "van mij") == replaced
