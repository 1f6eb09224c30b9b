"""Structure of the workshop notebooks (fast, no kernel).

Each notebook reads like a lesson page: a header with title, question, outcome and time box, teaching
markdown between thin code cells that only call ``helpers``, and key points with a link to the next page.
The checks are small functions that return problems, so they are also tested on broken notebooks.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from widgetkit import texts

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LANGS = ("nl", "en")
NAME = re.compile(r"^(\d\d)-([a-z0-9-]+)\.ipynb$")
WORKSHOP = range(0, 7)          # 00 check-in, 01-05 the five steps, 06 debrief

#: The header: title, question and outcome. The time box is not written here: the page's form shows it,
#: with its minutes from data/agenda.yaml (see test_the_time_box_comes_from_the_agenda).
HEADER = {
    "nl": re.compile(r"\A# \S.*\n\n\*\*Vraag:\*\* \S.*\n\n\*\*Aan het eind heb je:\*\* \S.*\Z"),
    "en": re.compile(r"\A# \S.*\n\n\*\*Question:\*\* \S.*\n\n\*\*By the end you will have:\*\* \S.*\Z"),
}
#: Minutes written into a page's text: a copy of the agenda that would go stale.
WRITTEN_MINUTES = re.compile(r"\*\*(Tijd|Time):\*\*|\b\d+ ?(minuten|minutes|min\.|')(?!\w)")
KEY_POINTS = {"nl": "**Kernpunten**", "en": "**Key points**"}
LINK = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)")
CODE_LINE = re.compile(r"^(from helpers(\.[a-z_]+)* import [a-z_]+(, [a-z_]+)*|ui\.(?P<call>[a-z_]+)\(\))$")
JARGON = re.compile(r"\b(cel|cellen|cell|cells|shift\s*\+\s*enter|kernel|python)\b", re.IGNORECASE)


# -------------------------------------------------------------------------------------------------
# Checks: each returns a list of problems (empty when fine)

def header_problems(nb, lang: str) -> list[str]:
    if not nb.cells or nb.cells[0].cell_type != "markdown":
        return ["the first cell is not markdown"]
    if not HEADER[lang].match(nb.cells[0].source):
        return [f"the first cell does not have the form title / question / outcome / time ({lang})"]
    return []


def footer_problems(nb, lang: str, path: Path, expected_next: str | None) -> list[str]:
    if not nb.cells or nb.cells[-1].cell_type != "markdown":
        return ["the last cell is not markdown"]
    text = nb.cells[-1].source
    problems = []
    lines = text.splitlines()
    if KEY_POINTS[lang] not in lines:
        problems.append(f"the last cell has no {KEY_POINTS[lang]} heading")
    else:
        after = lines[lines.index(KEY_POINTS[lang]) + 1:]
        points = [ln for ln in after if ln.startswith("- ")]
        if len(points) < 2:
            problems.append("fewer than two key points")
    links = LINK.findall(text)
    if not links:
        problems.append("the last cell has no link")
    for target in links:
        if "://" in target or target.startswith("/"):
            problems.append(f"link {target} is not relative")
        elif not (path.parent / target).is_file():
            problems.append(f"link {target} does not resolve to a file")
    if expected_next is not None and expected_next not in links:
        problems.append(f"the last cell does not link to {expected_next}")
    return problems


def code_problems(cell) -> list[str]:
    problems = []
    lines = [ln.strip() for ln in cell.source.splitlines() if ln.strip()]
    if not 1 <= len(lines) <= 2:
        problems.append(f"{len(lines)} non-empty lines (one or two expected)")
    for line in lines:
        match = CODE_LINE.match(line)
        if not match:
            problems.append(f"{line!r} is not an import from helpers or a ui.<form>() call")
        elif match["call"]:
            import helpers.ui

            if not callable(getattr(helpers.ui, match["call"], None)):
                problems.append(f"helpers.ui has no function {match['call']}")
    if cell.get("outputs"):
        problems.append("stored outputs")
    if cell.get("execution_count") is not None:
        problems.append("execution_count is not null")
    if not cell.metadata.get("jupyter", {}).get("source_hidden"):
        problems.append("the code is not collapsed (metadata jupyter.source_hidden)")
    return problems


def layout_problems(nb) -> list[str]:
    """Every code cell follows a markdown cell that tells the participant what to do."""
    return [f"code cell {i} does not follow a markdown cell" for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and (i == 0 or nb.cells[i - 1].cell_type != "markdown")]


# -------------------------------------------------------------------------------------------------
# The notebooks on disk

def notebook_paths(lang: str) -> list[Path]:
    return sorted((NOTEBOOKS / lang).glob("*.ipynb"))


def by_number(lang: str) -> dict[int, Path]:
    return {int(NAME.match(p.name)[1]): p for p in notebook_paths(lang) if NAME.match(p.name)}


def read(path: Path):
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


ALL = [p for lang in LANGS for p in notebook_paths(lang)]
PAIRS = [(n, by_number("nl")[n], by_number("en").get(n)) for n in sorted(by_number("nl"))]


def ids(paths):
    return [f"{p.parent.name}/{p.name}" for p in paths]


def lang_of(path: Path) -> str:
    return path.parent.name


def expected_next(path: Path) -> str | None:
    """The file the notebook must link to: the next one in its language, none after the last."""
    numbers = by_number(lang_of(path))
    number = int(NAME.match(path.name)[1])
    later = [n for n in sorted(numbers) if n > number]
    return numbers[later[0]].name if later else None


# -------------------------------------------------------------------------------------------------
# Tests on the real notebooks

def test_there_are_notebooks_in_both_languages():
    for lang in LANGS:
        assert notebook_paths(lang), f"no notebooks in notebooks/{lang}"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_name_follows_the_pattern(path):
    assert NAME.match(path.name), f"{path.name} does not match {NAME.pattern}"


def test_both_languages_have_the_same_numbers_and_the_whole_workshop():
    for lang in LANGS:
        numbers = [int(NAME.match(p.name)[1]) for p in notebook_paths(lang) if NAME.match(p.name)]
        assert len(numbers) == len(set(numbers)), f"{lang}: two notebooks share a number"
        assert set(WORKSHOP) <= set(numbers), f"{lang}: missing {sorted(set(WORKSHOP) - set(numbers))}"
    assert set(by_number("nl")) == set(by_number("en"))


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_notebook_is_valid_nbformat_45_with_python3_kernel(path):
    nb = read(path)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    assert nb.metadata.kernelspec.name == "python3"
    cell_ids = [cell.id for cell in nb.cells]
    assert all(cell_ids) and len(cell_ids) == len(set(cell_ids))


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_opens_with_title_question_and_outcome(path):
    assert header_problems(read(path), lang_of(path)) == []


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_closes_with_key_points_and_a_link_onwards(path):
    assert footer_problems(read(path), lang_of(path), path, expected_next(path)) == []


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_code_cells_are_thin_collapsed_helpers_calls_without_outputs(path):
    nb = read(path)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, "a notebook without a form"
    assert {i: code_problems(cell) for i, cell in enumerate(code) if code_problems(cell)} == {}
    assert layout_problems(nb) == []


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_teaching_has_no_programmer_jargon(path):
    """The participant never has to think about code; "Run All" is named once, in the check-in."""
    nb = read(path)
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    assert JARGON.findall(text) == []
    assert text.count("Run All") == (1 if NAME.match(path.name)[1] == "00" else 0)


@pytest.mark.parametrize("number, nl_path, en_path", PAIRS, ids=[f"{n:02d}" for n, _, _ in PAIRS])
def test_languages_pair_up_with_identical_code(number, nl_path, en_path):
    assert en_path is not None, f"no English notebook numbered {number:02d}"
    nl, en = read(nl_path), read(en_path)
    assert [c.source for c in nl.cells if c.cell_type == "code"] == [c.source for c in en.cells if c.cell_type == "code"]
    assert [c.cell_type for c in nl.cells] == [c.cell_type for c in en.cells]


def written_minutes(nb) -> list[str]:
    """Minutes written into a page's text (a copy of data/agenda.yaml that would go stale); a range
    such as "2 tot 3 minuten" is advice, not the agenda."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for m in WRITTEN_MINUTES.finditer(cell.source):
            if not re.search(r"\d+ ?(tot|to|–|-) ?$", cell.source[:m.start()]):
                found.append(cell.source[max(0, m.start() - 30):m.end()])
    return found


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_a_page_does_not_copy_the_minutes_of_the_agenda(path):
    assert written_minutes(read(path)) == []


#: The part of data/agenda.yaml each page of the workshop belongs to, by its number.
PART = {0: "checkin", 1: "audience", 2: "goals", 3: "channels", 4: "content", 5: "team", 6: "debrief"}



@pytest.mark.parametrize("lang", LANGS)
def test_the_time_box_comes_from_the_agenda(lang, tmp_path, monkeypatch, session):
    """Each page's form shows its part's minutes from data/agenda.yaml: change a line there and every
    page shows the new time, with nothing regenerated."""
    import helpers.ui
    from helpers import agenda, i18n

    minutes = {key: 5 + 2 * n for n, key in PART.items()}  # not the real agenda: the page cannot have copied it
    (tmp_path / "agenda.yaml").write_text(
        "blocks:\n" + "".join(f"  - {{key: {k}, minutes: {m}}}\n" for k, m in minutes.items()), encoding="utf-8")
    monkeypatch.setattr(agenda, "AGENDA_FILE", tmp_path / "agenda.yaml")
    i18n.set_language(lang)
    numbers = by_number(lang)
    for number, key in PART.items():
        calls = [m["call"] for cell in read(numbers[number]).cells if cell.cell_type == "code"
                 for line in cell.source.splitlines() if (m := CODE_LINE.match(line.strip())) and m["call"]]
        shown = "\n".join(texts(getattr(helpers.ui, call)()) for call in calls)
        box = i18n.t("ui.time_box", lang, count=minutes[key])
        assert shown.count(box) == 1, (numbers[number].name, box)


# -------------------------------------------------------------------------------------------------
# The checks catch broken notebooks

def _nb(*cells):
    nb = new_notebook()
    nb.cells = list(cells)
    return nb


GOOD_HEADER = "# Stap 9 · Test\n\n**Vraag:** Wat?\n\n**Aan het eind heb je:** iets."
HIDDEN = {"jupyter": {"source_hidden": True}}


@pytest.mark.parametrize("source, ok", [
    (GOOD_HEADER, True),
    (GOOD_HEADER + "\n\n**Tijd:** 12 minuten", False),
    (GOOD_HEADER.replace("**Vraag:** Wat?\n\n", ""), False),
    (GOOD_HEADER.replace("# Stap", "## Stap"), False),
    (GOOD_HEADER.replace("Vraag", "Question"), False),
])
def test_header_check(source, ok):
    assert (header_problems(_nb(new_markdown_cell(source)), "nl") == []) is ok


def test_header_check_wants_markdown_first():
    assert header_problems(_nb(new_code_cell(GOOD_HEADER)), "nl")


@pytest.mark.parametrize("source, ok", [
    ("from helpers import ui\nui.checkin()", True),
    ("ui.agenda()", True),
    ("from helpers import ui\nui.checkin()\nui.agenda()", False),
    ("import os", False),
    ("ui.checkin(); import os", False),
    ("ui.does_not_exist()", False),
    ("print('hi')", False),
    ("", False),
])
def test_code_check(source, ok):
    assert (code_problems(new_code_cell(source, metadata=HIDDEN)) == []) is ok


def test_code_check_wants_collapsed_cells_without_outputs():
    assert code_problems(new_code_cell("ui.agenda()"))
    stored = new_code_cell("ui.agenda()", metadata=HIDDEN, execution_count=3)
    assert code_problems(stored)
    stored = new_code_cell("ui.agenda()", metadata=HIDDEN)
    stored.outputs = [nbformat.v4.new_output("stream", text="x")]
    assert code_problems(stored)


def test_footer_check(tmp_path):
    (tmp_path / "01-next.ipynb").write_text("{}", encoding="utf-8")
    here = tmp_path / "00-here.ipynb"
    good = "**Kernpunten**\n\n- een\n- twee\n\n**Volgende:** [Stap 1](01-next.ipynb)"
    assert footer_problems(_nb(new_markdown_cell(good)), "nl", here, "01-next.ipynb") == []
    assert footer_problems(_nb(new_markdown_cell(good.replace("01-next", "02-gone"))), "nl", here, None)
    assert footer_problems(_nb(new_markdown_cell(good.replace("- twee\n", ""))), "nl", here, None)
    assert footer_problems(_nb(new_markdown_cell(good)), "en", here, None)
    assert footer_problems(_nb(new_markdown_cell(good)), "nl", here, "02-other.ipynb")
    assert footer_problems(_nb(new_markdown_cell(good.replace("01-next.ipynb", "https://x.nl/a"))), "nl", here, None)


def test_written_minutes_check():
    assert written_minutes(_nb(new_markdown_cell("**Tijd:** 12 minuten"))) != []
    assert written_minutes(_nb(new_markdown_cell("- **10 minutes** to start"))) != []
    assert written_minutes(_nb(new_markdown_cell("vijf stappen van 12 minuten"))) != []
    assert written_minutes(_nb(new_markdown_cell("Presenteren: 2 tot 3 minuten per groep"))) == []
    assert written_minutes(_nb(new_markdown_cell("de agenda toont hoe lang elk deel duurt"))) == []


def test_layout_check():
    code = new_code_cell("ui.agenda()", metadata=HIDDEN)
    assert layout_problems(_nb(new_markdown_cell("a"), code)) == []
    assert layout_problems(_nb(new_markdown_cell("a"), code, new_code_cell("ui.rose()", metadata=HIDDEN)))
