"""The full strategy report (lesson page 17): every section that has answers in one offline HTML
file and an Excel workbook with a sheet per section; hostile text escaped; in nl and en."""
from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest

from helpers import model, report
from helpers.i18n import t
from helpers.strategy import PARTS

from factories import complete_strategy, make_group


@pytest.fixture(scope="module")
def complete():
    return {lang: complete_strategy(lang=lang) for lang in ("nl", "en")}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_section_of_a_complete_strategy_is_in_the_report(complete, lang):
    doc = complete[lang]
    found = report.sections(doc, lang, charts=False)
    assert [s.key for s in found] == list(PARTS)
    page = report.html(doc, lang)
    for section in found:
        assert f'id="{section.key}"' in page and html.escape(section.title) in page
    for part in ("audience", "goals", "channels", "content", "team"):
        assert f'id="{part}"' in page
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    for value in (doc.deep_dives.situation.works_internally, doc.deep_dives.risks[0].response,
                  doc.deep_dives.swot_channels[doc.channels.chosen[0]].threats[0], doc.deep_dives.messages[0].message):
        assert value in text
    assert t("export.report.title", lang, group=doc.group) in text
    assert page.count("data:image/svg+xml;base64,") >= 3        # charts inside the file


def test_the_report_loads_nothing_from_anywhere_else(complete):
    page = report.html(complete["nl"], "nl")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<script" not in page.lower() and "@import" not in page and "url(" not in page


def test_hostile_answers_are_shown_as_text(complete):
    bad = '<script>alert(1)</script><img src=x onerror=alert(2)> =HYPERLINK("http://x") "quote"'
    doc = complete["nl"]
    rid = doc.deep_dives.risks[0].id
    doc = model.apply_changes(doc, {"deep_dives.situation.complaints": bad, f"deep_dives.risks.{rid}.title": bad[:200]})
    page = report.html(doc, "nl", charts=False)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;") >= 2  # both fields, as text


def test_an_empty_part_is_left_out():
    doc = make_group(1, __import__("random").Random(1), finished=True)
    assert report.sections(doc, "nl", charts=False) == []
    page = report.html(doc, "nl", charts=False)
    assert 'class="deep"' not in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_workbook_has_a_sheet_per_section(complete, lang):
    doc = complete[lang]
    book = openpyxl.load_workbook(io.BytesIO(report.workbook(doc, lang)))
    titles = [s.title[:31] for s in report.sections(doc, lang, charts=False)]
    assert all(any(name.startswith(title[:25]) for name in book.sheetnames) for title in titles), book.sheetnames
    cells = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None}
    assert doc.deep_dives.situation.works_internally in cells
    assert doc.deep_dives.risks[0].response in cells
    assert report.filename(doc, "xlsx").endswith(("-rapport.xlsx", "-report.xlsx"))
