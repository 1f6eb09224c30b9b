"""The full strategy report (issue 12, part 9): every section that has answers, in one offline HTML
file that prints to A4 without cut tables, and an Excel workbook with a sheet per section.

- The HTML is the one-pager's page (:func:`helpers.onepager.render`) in its ``full`` form: the
  workshop's sections and the measuring path, then every self-study part that has answers, drawn
  from its :class:`helpers.strategy.Section` (one definition of what a part shows, for both files).
  Charts are SVG images inside the file; no script, font or image from anywhere else.
- Printing: one column, a table row, figure, goal or list item never split between two pages, table
  headers repeated on every page (``onepager.css``, ``body.full``); checked by printing to PDF with
  Chromium (tests/browser/test_report.py).
- The workbook is :func:`helpers.export.to_xlsx` plus one sheet per self-study section: its tables
  as they are, its texts and lists as item/value rows.
"""
from __future__ import annotations

import base64
import logging
from dataclasses import asdict
from typing import Any

from . import charts, export, onepager, render as renderer
from .i18n import t
from .model import Strategy
from .strategy import Chart, Items, Section, Table, Text
from .strategy import budget, competitors, distribution, policy, risks, situation, swot, tactics

log = logging.getLogger(__name__)

__all__ = ["html", "sections", "workbook", "filename"]

#: the self-study parts in the report's order, each with its section
PART_SECTIONS = {"situation": situation.section, "competitors": competitors.section, "swot": swot.section,
                 "tactics": tactics.section, "policy": policy.section, "risks": risks.section,
                 "budget": budget.section, "distribution": distribution.section}


def sections(doc: Strategy, lang: str, charts: bool = True) -> list[Section]:
    """The self-study sections that have answers, in order. A part that fails is left out (and
    logged): a fault in one part never costs the learner the report."""
    out = []
    for part, make in PART_SECTIONS.items():
        try:
            found = make(doc, lang, charts=charts)
        except Exception:
            log.exception("section %s left out of the report", part)
            continue
        if found is not None:
            out.append(found)
    return out


def _chart(block: Chart) -> dict | None:
    try:
        svg = charts.to_svg(block.chart)
    except Exception:
        log.warning("a chart left out of the report", exc_info=True)
        return None
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return {"kind": "chart", "alt": block.alt, "src": renderer.markup(f"data:image/svg+xml;base64,{data}")}


def _block(block: Any) -> dict | None:
    kind = {Text: "text", Items: "items", Table: "table", Chart: "chart"}[type(block)]
    if kind == "chart":
        return _chart(block)
    out = {"kind": kind, **asdict(block)}
    if kind == "items":  # not "items": in the template that is the dictionary's own method
        out["entries"] = out.pop("items")
    return out


def html(doc: Strategy, lang: str | None = None, charts: bool = True, name: str | None = None) -> str:
    """The full report as one HTML document (a string); ``name`` as in :func:`helpers.onepager.render`."""
    lang = lang or doc.language
    deep = [{"key": s.key, "title": s.title,
             "blocks": [b for b in map(_block, s.blocks) if b is not None]} for s in sections(doc, lang, charts)]
    return onepager.render(doc, lang, charts=charts, name=name, full=True, deep=deep,
                           title=t("export.report.title", lang, group=doc.group if name is None else name))


def _rows(section: Section, lang: str) -> tuple[list[str], list[list[Any]]]:
    """A section as one sheet: its first table's columns, or item/value; texts and lists as rows."""
    tables = [b for b in section.blocks if isinstance(b, Table)]
    head = list(tables[0].head) if len(tables) == 1 else [t("export.column.item", lang), t("export.column.value", lang)]
    rows: list[list[Any]] = []
    for block in section.blocks:
        if isinstance(block, Text):
            rows.append([block.label, block.text])
        elif isinstance(block, Items):
            rows += [[block.label, item] for item in block.items]
        elif isinstance(block, Table):
            if len(tables) > 1:
                rows.append([block.label, ""])
                rows.append(list(block.head))
            rows += [list(row) for row in block.rows]
    width = max([len(head), *map(len, rows)])
    pad = lambda items: list(items) + [""] * (width - len(items))  # noqa: E731  (every row as wide as the sheet)
    return pad(head), [pad(row) for row in rows]


def workbook(doc: Strategy, lang: str | None = None) -> bytes:
    """The workbook: every sheet of :func:`helpers.export.to_xlsx`, then one per self-study section."""
    lang = lang or doc.language
    extra = [(s.title, *_rows(s, lang)) for s in sections(doc, lang, charts=False)]
    return export.to_xlsx(doc, lang, extra=extra)


def filename(doc: Strategy, fmt: str) -> str:
    """``<group>-rapport.html`` / ``.xlsx`` (``-report`` in English)."""
    stem, ext = export.filename(doc, fmt).rsplit(".", 1)
    return f"{stem}-{t('export.report.file', doc.language)}.{ext}"
