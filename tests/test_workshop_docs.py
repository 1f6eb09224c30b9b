"""The trainer's documents: both guides complete and alike, in step with data/agenda.yaml,
offline (no external resources) and linking only to files that exist."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

from helpers import agenda
from helpers.i18n import t
from helpers.timer import Timer

ROOT = Path(__file__).resolve().parent.parent
WORKSHOP = ROOT / "workshop"
LANGS = ("nl", "en")

#: The sections of both guides, in order, by the anchor placed just above each level-2 heading.
#: Add a section to both guides and here, in the same place.
SECTIONS = ["overview", "agenda", "preparation", "groups", "check-in", "step-1", "step-2", "step-3", "step-4",
            "step-5", "presentations", "rose", "problems", "after"]


def _load_build():
    spec = importlib.util.spec_from_file_location("workshop_build_docs", WORKSHOP / "build_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


def guide(lang: str) -> str:
    return (WORKSHOP / f"facilitator-guide.{lang}.md").read_text(encoding="utf-8")


def printable(lang: str) -> str:
    return (WORKSHOP / f"agenda.{lang}.html").read_text(encoding="utf-8")


def sections(text: str) -> list[tuple[str, str]]:
    """(anchor, heading) for every level-2 heading; the anchor is the <a id> on the line above."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.startswith("## "):
            m = re.fullmatch(r'<a id="([a-z0-9-]+)"></a>', lines[i - 1].strip()) if i else None
            out.append((m.group(1) if m else "", line[3:].strip()))
    return out


def outside_code(text: str) -> str:
    return re.sub(r"```.*?```", "", text, flags=re.S)


# -- structure ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_documents_exist(lang):
    assert (WORKSHOP / f"facilitator-guide.{lang}.md").is_file()
    assert (WORKSHOP / f"agenda.{lang}.html").is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_each_guide_has_the_sections_in_order(lang):
    found = sections(guide(lang))
    assert [a for a, _ in found] == SECTIONS, "every level-2 heading needs its <a id> anchor on the line above"
    assert all(title for _, title in found)


def test_both_guides_have_the_same_shape():
    nl, en = guide("nl"), guide("en")
    assert len(sections(nl)) == len(sections(en))
    # sub-headings and tables too, so a part added in one language is added in the other
    for pattern in (r"^### ", r"^\|---", r"^```yaml"):
        assert len(re.findall(pattern, nl, re.M)) == len(re.findall(pattern, en, re.M)), pattern


# -- in step with the agenda -------------------------------------------------------------------------

def test_the_committed_documents_are_up_to_date():
    """Fails when data/agenda.yaml changed and `python workshop/build_docs.py` was not run."""
    assert build.stale() == []
    assert build.main(["--check"]) == 0


@pytest.mark.parametrize("lang", LANGS)
def test_every_agenda_block_is_in_the_guide_and_the_printout_with_its_minutes(lang):
    text, page = guide(lang), printable(lang)
    blocks = agenda.load_blocks()
    for b in blocks:
        title = t(f"agenda.{b['key']}", lang)
        assert re.search(rf"\| {b['minutes']}' \| {re.escape(title)} \|", text), (b, lang)
        assert f"<td class=\"num\">{b['minutes']}'</td><td><b>{title}</b>" in page
    total = agenda.total_minutes(blocks)
    assert t("handout.total", lang, minutes=total) in text
    assert t("handout.total", lang, minutes=total) in page


def test_changing_the_minutes_changes_the_generated_documents():
    blocks = agenda.load_blocks()
    longer = [dict(b, minutes=b["minutes"] + 3) for b in blocks]
    for lang in LANGS:
        now, then = build.render_guide(guide(lang), blocks, lang), build.render_guide(guide(lang), longer, lang)
        assert now == guide(lang) and then != now
        assert f"Totaal: {agenda.total_minutes(longer)} minuten" in then or f"Total: {agenda.total_minutes(longer)} minutes" in then
        assert build.render_guide(then, longer, lang) == then  # idempotent
        assert build.render_guide(then, blocks, lang) == now   # and back
    assert build.agenda_html(longer, "nl") != build.agenda_html(blocks, "nl")


def test_a_block_without_a_notebook_is_listed_without_a_link():
    blocks = agenda.load_blocks() + [{"key": "break", "minutes": 15, "part": "other"}]
    table = build.agenda_table_md(blocks, "en")
    assert table.splitlines()[-3].endswith("| 15' | break | – |")


def test_the_guide_needs_its_markers():
    with pytest.raises(ValueError):
        build.render_guide("# no markers", agenda.load_blocks(), "nl")


def test_a_printout_with_clock_times(tmp_path):
    out = tmp_path / "agenda.html"
    assert build.main(["--start", "13:30", "--lang", "en", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "13:30–13:40" in text and "14:40–15:00" in text


def test_a_bad_start_time_is_a_plain_message(tmp_path, capsys):
    assert build.main(["--start", "half two", "--lang", "en", "--out", str(tmp_path / "x.html")]) == 2
    assert t("timer.bad_start", "en", value="half two") in capsys.readouterr().err


@pytest.mark.parametrize("lang", LANGS)
def test_the_45_and_120_minute_examples_are_valid_agendas(lang):
    examples = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", guide(lang), re.S)]
    keys = [b["key"] for b in agenda.load_blocks()]
    totals = []
    for example in examples:
        path_blocks = example["blocks"]
        assert [b["key"] for b in path_blocks] == keys
        totals.append(agenda.total_minutes(path_blocks))
        Timer(path_blocks)  # the timer accepts it
    assert totals == [45, 120]


# -- offline and linked ------------------------------------------------------------------------------

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_is_fetched_from_the_network(lang):
    page = printable(lang)
    assert not EXTERNAL.search(page)
    assert "http://" not in page and "https://" not in page
    assert "<link" not in page.lower() and "<script" not in page.lower()
    assert "@media print" in page and "@page" in page
    text = guide(lang)
    assert not EXTERNAL.search(text)
    assert not re.search(r"\]\(\s*https?://", text), "no links to the internet: the room may have no wifi"


def _md_links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", outside_code(text))


@pytest.mark.parametrize("lang", LANGS)
def test_links_point_to_files_and_anchors_that_exist(lang):
    text = guide(lang)
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    links = _md_links(text)
    assert links, "the guide links to its notebooks and files"
    for link in links:
        if link.startswith("#"):
            assert link[1:] in anchors, link
            continue
        assert not re.match(r"[a-z]+:", link), link
        target = (WORKSHOP / link.split("#")[0]).resolve()
        assert target.exists(), f"{link} does not exist"
        assert ROOT in target.parents, link


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_covers_what_a_trainer_needs(lang):
    text = guide(lang)
    for needle in ("make lab", "make app", "make trainer", "python -m helpers check", "WORKSHOP_SHARED_DIR",
                   "python -m helpers restore GRO", "--to N", "workspace/broken/", "SMART", "See-Think-Do-Care",
                   "Hero", "Hub", "Help", "B2B", "Instagram", "3 ", "5 ", "2–3", "build_docs.py"):
        assert needle in text, (lang, needle)
    # the vague-vs-SMART example and the organisation goal -> social goal -> KPI table
    assert "10%" in text and "Facebook" in text
    assert re.search(r"^\| (Organisatiedoel|Organisation goal) \|", text, re.M)
