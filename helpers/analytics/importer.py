"""``read_export``: one analytics export in, one normalised table out, with what was found and
every row left out (and why)."""
from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from operator import itemgetter
import os

import numpy as np
import pandas as pd

from . import formats, values
from .formats import MEANINGS, NUMERIC, Match
from .problems import ExportError, Skipped
from .source import Table, read_source, tables

#: the first cell of a row of sums (YouTube Studio's second row), not a post
_TOTAL_WORDS = {"total", "totaal", "totals", "totalen"}
_TEXT_MEANINGS = ("post_id", "text")


@dataclass
class Export:
    """What :func:`read_export` found.

    ``rows`` has one row per post, ad, video or tweet (per day for the daily files: ``content`` is
    then False) and the columns ``date``, ``platform`` and every meaning of
    :data:`formats.MEANINGS`, NA where the export has no such figure. ``columns`` says which
    column of the file means what (meaning -> header as written); ``skipped`` lists every row left
    out, ``notes`` things worth saying (catalogue keys)."""

    file: str
    format: str
    platform: str
    rows: pd.DataFrame
    columns: dict[str, str]
    skipped: list[Skipped] = field(default_factory=list)
    sheet: str = ""
    header_row: int = 1
    currency: str = ""
    content: bool = True
    notes: list[str] = field(default_factory=list)
    lang: str | None = None

    @property
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        start = self.rows["date"].min()
        end = pd.concat([self.rows["date"], self.rows["end_date"]]).max()
        return (None if pd.isna(start) else start.date(), None if pd.isna(end) else end.date())

    def totals(self) -> dict[str, float | int | None]:
        return totals(self)


def _sum(rows: pd.DataFrame, column: str) -> float | int | None:
    value = rows[column].sum(min_count=1)
    if pd.isna(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def totals(export: Export) -> dict[str, float | int | None]:
    """Reach, impressions, engagements and clicks over all rows, the same meaning for every
    format (issue 11): impressions are impressions or views; engagements the export's own count,
    else reactions or likes + comments + shares or reposts + saves; clicks the link clicks where
    the export tells them apart, else all clicks. ``None`` (never 0) when the export has no such
    figure."""
    have, rows = export.columns, export.rows
    if "engagements" in have:
        engagements = _sum(rows, "engagements")
    else:
        parts = [c for c in ("reactions", "comments", "shares", "saves") if c in have]
        engagements = _sum(rows.assign(_e=rows[parts].sum(axis=1, min_count=1)), "_e") if parts else None
    clicks = "link_clicks" if "link_clicks" in have else "clicks"
    return {"reach": _sum(rows, "reach") if "reach" in have else None,
            "impressions": _sum(rows, "impressions") if "impressions" in have else None,
            "engagements": engagements,
            "clicks": _sum(rows, clicks) if clicks in have else None}


def read_export(source: str | os.PathLike | bytes, name: str | None = None, lang: str | None = None, *,
                mapping: dict[str, str] | None = None, platform: str | None = None) -> Export:
    """Read an analytics export (a path or the bytes of an upload; ``name`` is the file name to
    show). The format is detected; ``mapping`` (column header -> meaning, see
    :data:`formats.MEANINGS`) reads any other CSV or Excel file, with ``platform`` naming where it
    comes from. ``lang`` is the language of the messages (else the current one).

    Raises :class:`ExportError` (one sentence naming the file, and the row and column where it
    can) and nothing else for a file it cannot read."""
    data, name = read_source(source, name)
    if mapping is not None:
        mapping = _checked_mapping(mapping, name)
    candidates = tables(data, name)
    table, match = _detect(candidates, mapping, platform or "unknown", name)
    return _build(table, match, lang)


def headers(source: str | os.PathLike | bytes, name: str | None = None, limit: int = 60) -> list[str]:
    """The column names of a file's first table (its first row with two or more names), for a
    learner who maps the columns by hand (:func:`read_export` with ``mapping``). Raises
    :class:`ExportError` for a file that cannot be read at all."""
    data, name = read_source(source, name)
    for table in tables(data, name):
        first = next((r for r in table.head if sum(bool(c.strip()) for c in r) > 1), None)
        if first:
            return list(dict.fromkeys(c.strip()[:80] for c in first if c.strip()))[:limit]
    return []


def _checked_mapping(mapping: dict[str, str], name: str) -> dict[str, str]:
    if not isinstance(mapping, dict) or not mapping:
        raise ExportError("kpi.error.mapping_empty", file=name)
    out = {}
    for column, meaning in mapping.items():
        meaning = formats.ALIASES.get(str(meaning).strip().lower(), str(meaning).strip().lower())
        if meaning not in MEANINGS:
            raise ExportError("kpi.error.mapping_meaning", file=name, column=str(column), meaning=str(meaning),
                              meanings=", ".join(MEANINGS))
        if meaning in out.values():
            raise ExportError("kpi.error.mapping_twice", file=name, column=str(column), meaning=meaning)
        out[str(column)] = meaning
    return out


def _detect(candidates: list[Table], mapping: dict[str, str] | None, platform: str,
            name: str) -> tuple[Table, Match]:
    found = []
    for table in candidates:
        if mapping is not None:
            match = formats.find_mapped(table.head, mapping, platform)
        else:
            title = " ".join(" ".join(r) for r in table.head[:3])
            match = formats.find(table.head, title)
        if match:
            found.append((table, match))
    if found:  # a sheet of posts before a sheet of days (LinkedIn's "All posts" before "Metrics")
        return next(((t, m) for t, m in found if m.fmt.content), found[0])
    heads = [t.head for t in candidates]
    if any(formats.looks_like_ga4(h) for h in heads):
        raise ExportError("kpi.error.ga4", file=name)
    if mapping is not None:
        columns = set().union(*({formats.norm(c) for c in r} for h in heads for r in h)) if heads else set()
        missing = next((c for c in mapping if formats.norm(c) not in columns), next(iter(mapping)))
        raise ExportError("kpi.error.mapping_column", file=name, column=missing)
    first = next((r for h in heads for r in h if sum(bool(c.strip()) for c in r) > 1), None) \
        or next((r for h in heads for r in h if r), [""])
    shown = ", ".join(c.strip()[:40] for c in first[:5] if c.strip())[:200]
    raise ExportError("kpi.error.unknown_format", file=name, columns=shown or "-")


def _build(table: Table, match: Match, lang: str | None) -> Export:
    file = f"{table.file} ({table.sheet})" if table.sheet else table.file
    width = len(match.header)
    meanings = [m for m in MEANINGS if m in match.columns]
    indexes = [match.columns[m] for m in meanings]
    pick = itemgetter(*indexes) if len(indexes) > 1 else (lambda row, i=indexes[0]: (row[i],))
    skipped: list[Skipped] = []
    kept: list[tuple] = []
    numbers: list[int] = []
    for n, row in table.rows():
        if n <= match.header_row:
            continue
        if row is None:
            skipped.append(Skipped(file, n, "kpi.skip.cut_off"))
            break
        if len(row) != width:
            if not "".join(row).strip():
                continue  # an empty line: nothing to leave out
            extra = row[width:]
            if len(row) > width and not any(c.strip() for c in extra):
                row = row[:width]
            elif len(row) < width and not table.delimiter:  # a workbook row ends at its last cell
                row = row + [""] * (width - len(row))
            else:
                skipped.append(Skipped(file, n, "kpi.skip.too_few" if len(row) < width else "kpi.skip.too_many",
                                       values={"found": len(row), "expected": width}))
                continue
        elif not "".join(row).strip():
            continue
        if row[0].strip().casefold() in _TOTAL_WORDS:
            skipped.append(Skipped(file, n, "kpi.skip.total_row", match.header[0]))
            continue
        kept.append(pick(row))
        numbers.append(n)
    cells = list(zip(*kept)) if kept else [() for _ in meanings]
    raw = dict(zip(meanings, (list(c) for c in cells)))
    frame, bad = _frame(raw, len(kept), table.decimal_comma, match.fmt.dates)
    notes = []
    numeric = [m for m in meanings if m in NUMERIC]
    if kept and numeric and bool(bad[numeric].iloc[0].all()) \
            and any(" " in raw[m][0].strip() for m in numeric):
        # the legacy Insights export: a row describing each column under the header
        skipped.append(Skipped(file, numbers[0], "kpi.skip.description"))
        bad.iloc[0] = False
        frame = frame.iloc[1:]
        bad = bad.iloc[1:]
    for meaning in ("date", "end_date"):
        if meaning in meanings and int(bad[meaning].sum()) == int((~values.missing(raw[meaning])).sum()) > 0:
            notes.append("kpi.note.dates_unknown")  # not one date read (TikTok's dates have no year)
            bad[meaning] = False
    drop = bad.any(axis=1)
    for pos in drop[drop].index:
        meaning = next(m for m in meanings if bad.at[pos, m])
        key = "kpi.skip.bad_date" if meaning in ("date", "end_date") else "kpi.skip.not_a_number"
        skipped.append(Skipped(file, numbers[pos], key, match.header[match.columns[meaning]].strip(),
                               {"value": raw[meaning][pos].strip()[:40]}))
    frame = frame[~drop].reset_index(drop=True)
    frame["platform"] = match.platform
    skipped.sort(key=lambda s: s.row)
    return Export(file=file, format=match.fmt.key, platform=match.platform,
                  rows=frame[["date", "platform", *MEANINGS[1:]]],
                  columns={m: match.header[i].replace("\ufeff", "").strip() for m, i in match.columns.items()},
                  skipped=skipped, sheet=table.sheet, header_row=match.header_row, currency=match.currency,
                  content=match.fmt.content, notes=list(dict.fromkeys(notes)), lang=lang)


def _frame(raw: dict[str, list[str]], n: int, decimal_comma: bool,
           date_formats: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns, bad = {}, {}
    for meaning in MEANINGS:
        if meaning not in raw:
            dtype = "datetime64[ns]" if meaning in ("date", "end_date") else \
                "string" if meaning in _TEXT_MEANINGS else "Float64"
            columns[meaning] = pd.Series(np.full(n, np.nan), dtype=dtype) if dtype != "string" else \
                pd.Series([None] * n, dtype=dtype)
            bad[meaning] = np.zeros(n, dtype=bool)
        elif meaning in ("date", "end_date"):
            columns[meaning], bad[meaning] = values.dates(raw[meaning], date_formats)
        elif meaning in _TEXT_MEANINGS:
            columns[meaning] = pd.Series([c.strip() for c in raw[meaning]], dtype="string")
            bad[meaning] = np.zeros(n, dtype=bool)
        else:
            columns[meaning], bad[meaning] = values.numbers(raw[meaning], decimal_comma)
    return pd.DataFrame(columns, index=range(n)), pd.DataFrame(bad, index=range(n))
