"""Numbers and dates as the exports write them, a whole column at a time (pandas, so that 100,000
rows take a fraction of a second): ``424.0`` (X), ``1,234`` (X's content export), ``1.200`` and
``0,25`` (Dutch Excel), ``-`` and ``undefined`` for "no figure", dates in the formats of
:mod:`.formats` and the common ones after them."""
from __future__ import annotations

import numpy as np
import pandas as pd

#: cells that mean "no figure here" (never 0)
MISSING = ("", "-", "\u2013", "\u2014", "--", "undefined", "n/a", "na", "null", "none", "nan")
#: date formats tried after a format's own, in this order (month first on a tie: the exports are American)
COMMON_DATES = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%m/%d/%Y %H:%M",
                "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y",
                "%d.%m.%Y", "%b %d, %Y", "%a, %b %d, %Y", "%B %d, %Y")


def missing(raw: list[str]) -> pd.Series:
    """Where a column has no figure (an empty cell, ``-``, ``undefined``)."""
    return _text(raw)[1]


def _text(raw: list[str]) -> tuple[pd.Series, pd.Series]:
    s = pd.Series(raw, dtype=object).astype("string").str.strip()
    return s, s.isna() | s.str.lower().isin(MISSING)


def numbers(raw: list[str], decimal_comma: bool) -> tuple[pd.Series, pd.Series]:
    """``(values, bad)``: the figures (nullable floats; a missing figure is NA, never 0) and where a
    cell held something that is not a number."""
    s, missing = _text(raw)
    s = s.str.replace(r"[\s\u00a0\u202f\u20ac$\u00a3%]", "", regex=True)
    if decimal_comma:  # 1.200,5 -> 1200.5; 424.0 stays (no group of three after the dot)
        s = s.str.replace(r"\.(?=\d{3}(?!\d))", "", regex=True).str.replace(",", ".", regex=False)
    else:  # 1,234.5 -> 1234.5
        s = s.str.replace(r",(?=\d{3}(?!\d))", "", regex=True)
    s = s.where(~missing & s.str.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,3})?").fillna(False))
    values = pd.to_numeric(s, errors="coerce").astype("Float64")
    values = values.where(np.isfinite(values.astype("float64").fillna(0.0)))
    return values, values.isna() & ~missing


def dates(raw: list[str], formats: tuple[str, ...] = ()) -> tuple[pd.Series, pd.Series]:
    """``(datetimes, bad)``: the format that reads the most cells wins (a format's own first)."""
    s, missing = _text(raw)
    s = s.where(~missing)
    wanted = int((~missing).sum())
    best, best_count = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]"), 0
    if wanted:
        for fmt in dict.fromkeys(formats + COMMON_DATES):
            try:
                d = pd.to_datetime(s, format=fmt, errors="coerce", utc="%z" in fmt)
            except (ValueError, TypeError, OverflowError):
                continue
            if "%z" in fmt:
                d = d.dt.tz_convert(None)
            count = int(d.notna().sum())
            if count > best_count:
                best, best_count = d.astype("datetime64[ns]"), count
            if count == wanted:
                break
    return best, best.isna() & ~missing
