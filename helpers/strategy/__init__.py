"""The whole strategy after the workshop (issue 12): one module per self-study part, pure logic.

Each part module (``situation``, ``competitors``, ``swot``, ``tactics``, ``policy``, ``risks``,
``budget``, ``distribution``) holds the part's logic and charts, and one function for the reports:

    section(doc, lang, charts=True) -> Section | None

the part's answers as :class:`Section` (``None`` when it has none): a title and a list of blocks
(:class:`Text`, :class:`Items`, :class:`Table`, :class:`Chart`) in the reader's language, every
value plain text (the report's template escapes it). The full report (:mod:`helpers.report`) draws
every section in one HTML file and writes each as a sheet of the workbook: one definition of what a
part shows, for both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Chart", "Items", "Section", "Table", "Text", "PARTS"]

#: the parts with a section in the full report, in the report's order (model.SELF_STUDY's order)
PARTS = ("situation", "competitors", "swot", "tactics", "policy", "risks", "budget", "distribution")


@dataclass(frozen=True)
class Text:
    """A label and a paragraph (line breaks kept)."""

    label: str
    text: str


@dataclass(frozen=True)
class Items:
    """A label and a list of short items."""

    label: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table: a caption, column headers and rows of plain values (numbers already written as the
    reader writes them; ``numbers`` marks the columns that hold numbers, aligned right)."""

    label: str
    head: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A chart drawn offline: an Altair chart (the report draws it as SVG inside the file); ``alt``
    is its alternative text."""

    chart: Any
    alt: str


@dataclass(frozen=True)
class Section:
    key: str            # the part (one of PARTS)
    title: str
    blocks: tuple[Text | Items | Table | Chart, ...] = field(default_factory=tuple)
