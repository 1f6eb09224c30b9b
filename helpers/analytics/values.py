"""Numbers and dates as the exports write them, a whole column at a time: ``424.0`` (X), ``1,234``
(X's content export), ``1.200`` and ``0,25`` (Dutch Excel), ``-`` and ``undefined`` for "no
figure", dates in the formats of :mod:`.formats` and the common ones after them.

Fast for 100,000 rows: a column of plain numbers is read by ``float`` in C; only the cells it
cannot read (and, in a file with decimal commas, the cells with a dot or a comma) go through
:func:`number` one by one."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

#: cells that mean "no figure here" (never 0)
MISSING = frozenset(("", "-", "\u2013", "\u2014", "--", "undefined", "n/a", "na", "null", "none"))
#: date formats tried after a format's own, in this order (month first on a tie: the exports are American)
COMMON_DATES = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%m/%d/%Y %H:%M",
                "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y",
                "%d.%m.%Y", "%b %d, %Y", "%a, %b %d, %Y", "%B %d, %Y")

_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,3})?")
_NOISE = re.compile(r"[\s\u00a0\u202f\u20ac$\u00a3%]")
_DOT_GROUPS = re.compile(r"\.(?=\d{3}(?!\d))")      # 1.200,5 -> 1200,5 (Dutch)
_COMMA_GROUPS = re.compile(r",(?=\d{3}(?!\d))")     # 1,234.5 -> 1234.5
BAD = object()


def missing(raw: list[str]) -> np.ndarray:
    """Where a column has no figure (an empty cell, ``-``, ``undefined``)."""
    return np.fromiter((s.strip().lower() in MISSING for s in raw), dtype=bool, count=len(raw))


def number(cell: str, decimal_comma: bool) -> float | None | object:
    """One cell: a float, ``None`` for no figure, or :data:`BAD`."""
    text = cell.strip()
    if text.lower() in MISSING:
        return None
    text = _NOISE.sub("", text)
    text = _DOT_GROUPS.sub("", text).replace(",", ".") if decimal_comma else _COMMA_GROUPS.sub("", text)
    if not _NUMBER.fullmatch(text):
        return BAD
    value = float(text)
    return value if math.isfinite(value) else BAD


def _float(cell: str) -> float:
    try:
        return float(cell)
    except ValueError:
        return math.nan


def numbers(raw: list[str], decimal_comma: bool) -> tuple[pd.Series, np.ndarray]:
    """``(values, bad)``: the figures (nullable floats; a missing figure is NA, never 0) and where a
    cell held something that is not a number."""
    n = len(raw)
    bad = np.zeros(n, dtype=bool)
    try:  # the common case: every cell a plain number (float() in C, 100,000 cells in about 10 ms)
        out = np.fromiter(map(float, raw), dtype="float64", count=n)
    except ValueError:
        out = np.fromiter(map(_float, raw), dtype="float64", count=n)
    out[~np.isfinite(out)] = np.nan  # "nan", "inf" and the cells float() refused: read one by one
    redo = np.isnan(out)
    if decimal_comma:  # "1.200" is twelve hundred here, "0,5" a half: float() would misread or refuse them
        redo |= np.fromiter(("." in s or "," in s for s in raw), dtype=bool, count=n)
    slow = np.flatnonzero(redo)
    for i in slow:
        value = number(raw[i], decimal_comma)
        if value is BAD:
            bad[i] = True
        elif value is not None:
            out[i] = value
    values = pd.array(out, dtype="Float64")
    return pd.Series(values), bad


def _readable(cells: np.ndarray, fmt: str) -> int:
    try:
        return int(pd.to_datetime(cells, format=fmt, errors="coerce", utc="%z" in fmt).notna().sum())
    except (ValueError, TypeError, OverflowError):
        return 0


def dates(raw: list[str], formats: tuple[str, ...] = ()) -> tuple[pd.Series, np.ndarray]:
    """``(datetimes, bad)``: the format that reads the most cells wins (a format's own first)."""
    empty = missing(raw)
    cells = np.asarray([s.strip() for s in raw], dtype=object)
    cells[empty] = None
    wanted = int((~empty).sum())
    best, best_count = pd.Series(pd.NaT, index=range(len(raw)), dtype="datetime64[ns]"), 0
    if wanted:
        # rank the formats on a sample of 200 cells, then read the whole column with the best first
        sample = cells[~empty][:200]
        ranked = sorted(dict.fromkeys(formats + COMMON_DATES), key=lambda f: -_readable(sample, f))
        for fmt in ranked:
            try:
                d = pd.Series(pd.to_datetime(cells, format=fmt, errors="coerce", utc="%z" in fmt))
            except (ValueError, TypeError, OverflowError):
                continue
            if "%z" in fmt:
                d = d.dt.tz_convert(None)
            count = int(d.notna().sum())
            if count > best_count:
                best, best_count = d.astype("datetime64[ns]"), count
            if count == wanted:
                break
    return best, best.isna().to_numpy() & ~empty
