"""The full report printed to A4 by Chromium, as a learner prints it from the browser: every
section there, no request made, and no table row cut between two pages (each row's words all on
one page of the PDF, read back with pypdf); in nl and en."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from helpers import report
from helpers.strategy import Table

from factories import complete_strategy

from .conftest import ARTIFACTS

WORD = re.compile(r"Tekst\d+")   # complete_strategy's words: each one of a kind


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_prints_to_a4_without_a_cut_table_row(lang, page):
    doc = complete_strategy(lang=lang)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(report.html(doc, lang), wait_until="load")
    page.emulate_media(media="print")
    # A4 less the margins, at 96 px an inch: no table, figure or line runs past the page's edge
    page.set_viewport_size({"width": 703, "height": 1000})
    wide = page.evaluate("""() => [...document.querySelectorAll('table, figure, section')]
        .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(el => (el.querySelector('caption, h2') || el).textContent.slice(0, 60))""")
    assert wide == [], f"wider than an A4 page: {wide}"
    printed = page.pdf(format="A4", print_background=True,
                       margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"report-{lang}.pdf").write_bytes(printed)   # to look at
    pdf = PdfReader(io.BytesIO(printed))
    pages = [set(WORD.findall(p.extract_text() or "")) for p in pdf.pages]
    assert len(pages) >= 3, "the full report of a complete strategy is more than two pages"
    seen = set().union(*pages)

    def pages_of(word: str) -> set[int]:
        return {i for i, words in enumerate(pages) if word in words}

    rows = cut = 0
    for section in report.sections(doc, lang, charts=False):
        assert WORD.findall(section.title) == []
        for block in section.blocks:
            if not isinstance(block, Table):
                continue
            for row in block.rows:
                words = WORD.findall(" ".join(map(str, row)))
                if not words:
                    continue
                rows += 1
                assert set(words) <= seen, f"{section.key}: {set(words) - seen} not printed"
                where = set().union(*(pages_of(w) for w in words))
                if len(where) > 1:
                    cut += 1
    assert rows >= 20
    assert cut == 0, f"{cut} table rows are cut between pages"
    assert [u for u in requests if not u.startswith(("data:", "about:"))] == []
