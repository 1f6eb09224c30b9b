"""KPIs with named formulas, per post, per ISO week and per platform; benchmarks; the best time to post.

Pure functions on a pandas DataFrame with one row per post (or ad, or tweet), in the normalised
columns of the analytics importer: ``date`` (when it was posted, with the time where the export has
it), ``platform``, ``reach``, ``impressions``, ``reactions``, ``comments``, ``shares``, ``saves``,
``clicks``, ``link_clicks``, ``engagements``, ``spend``, ``results``, ``followers``, and
:data:`RESPONSE_COLUMN` where the data has response times. A column may be missing or empty.

The formulas (``../shared/REFERENCE-DATA.md``, "Engagement formulas in use"; :data:`FORMULAS`):

==============================  =================================  ===========
KPI                             formula                            unit
==============================  =================================  ===========
engagement rate by reach        engagements / reach × 100          %
engagement rate by impressions  engagements / impressions × 100    %
engagement rate by followers    engagements / followers × 100      %
click-through rate              link clicks / impressions × 100    %
conversion rate                 results / link clicks × 100        %
cost per result                 spend / results                    money
cost per click                  spend / link clicks                money
cost per engagement             spend / engagements                money
response time                   minutes until the first answer     minutes
==============================  =================================  ===========

Engagements are the export's own count where it has one, else reactions + comments + shares +
saves; link clicks are ``link_clicks`` where given, else ``clicks`` (the importer's meaning of the
totals). A post whose denominator is missing or 0 has no value (it is counted in ``missing``),
never 0 and never infinite.

For a group of posts, :class:`Figure` gives three numbers, because they answer different questions:
``overall`` (all posts together: the sum of the numerators over the sum of the denominators, of
the posts that have both figures),
``mean`` and ``median`` of the per-post values (one viral post pulls the mean, not the median).

Every user text comes from the ``metrics`` catalogue; the formula text is shown beside the figure.
"""
from __future__ import annotations

from dataclasses import dataclass
import math
from typing import Any

import pandas as pd

from . import data, labels
from .i18n import t
from .render import number

#: the importer's normalised columns that the formulas read
COLUMNS = ("date", "platform", "reach", "impressions", "reactions", "comments", "shares", "saves", "clicks",
           "link_clicks", "engagements", "spend", "results", "followers")
#: minutes from a comment or message until the first answer, where the data has it
RESPONSE_COLUMN = "response_minutes"
#: what makes up engagements when the export has no count of its own
ENGAGEMENT_PARTS = ("reactions", "comments", "shares", "saves")
#: a weekday x hour cell with fewer posts than this is too thin to mean anything
MIN_POSTS_PER_CELL = 5
WEEKDAYS = labels.WEEKDAYS
PERIODS = ("post", "week", "platform")


@dataclass(frozen=True)
class Formula:
    """A named KPI: ``numerator / denominator`` (× 100 for a percentage). A KPI without a
    denominator is the mean or median of its column (response time). ``benchmark`` is the
    denominator of the published benchmarks that measure the same thing (``None``: none do)."""

    key: str
    numerator: str
    denominator: str | None
    unit: str  # "percent", "money" or "minutes"
    benchmark: str | None = None

    @property
    def scale(self) -> float:
        return 100.0 if self.unit == "percent" else 1.0


FORMULAS: dict[str, Formula] = {f.key: f for f in (
    Formula("engagement_rate_reach", "engagements", "reach", "percent"),
    Formula("engagement_rate_impressions", "engagements", "impressions", "percent", "impressions"),
    Formula("engagement_rate_followers", "engagements", "followers", "percent", "followers"),
    Formula("click_through_rate", "link_clicks", "impressions", "percent"),
    Formula("conversion_rate", "results", "link_clicks", "percent"),
    Formula("cost_per_result", "spend", "results", "money"),
    Formula("cost_per_click", "spend", "link_clicks", "money"),
    Formula("cost_per_engagement", "spend", "engagements", "money"),
    Formula("response_time", RESPONSE_COLUMN, None, "minutes"),
)}
#: the three engagement rates: the learner picks the denominator
ENGAGEMENT_RATES = ("engagement_rate_reach", "engagement_rate_impressions", "engagement_rate_followers")

kpi_label = labels.kind("kpi", "metrics.kpi.{}", FORMULAS)
formula_text = labels.kind("kpi_formula", "metrics.formula.{}", FORMULAS)
column_label = labels.kind("kpi_column", "metrics.column.{}", (*COLUMNS, RESPONSE_COLUMN))
industry_label = labels.kind("benchmark_industry", "metrics.industry.{}", ("all", "education", "media"))
statistic_label = labels.kind("benchmark_statistic", "metrics.statistic.{}", ("median", "average"))


class MetricsProblem(ValueError):
    """Data a KPI cannot be computed from; ``str()`` is the plain sentence to show."""


@dataclass(frozen=True)
class Figure:
    """One KPI over a group of posts (see the module for why three numbers)."""

    kpi: str
    label: str
    formula: str
    unit: str
    overall: float | None
    mean: float | None
    median: float | None
    posts: int      # posts with a value
    missing: int    # posts without one (no denominator, or no figure in the export)


# --------------------------------------------------------------------------------------------------
# Columns and per-post values

def _numbers(df: pd.DataFrame, column: str) -> pd.Series:
    if column not in df.columns:
        return pd.Series(math.nan, index=df.index, dtype="float64")
    return pd.to_numeric(df[column], errors="coerce").astype("float64")


def column(df: pd.DataFrame, name: str) -> pd.Series:
    """A column as floats (NaN where missing), with the two fallbacks of the module:
    ``engagements`` from its parts, ``link_clicks`` from ``clicks``."""
    values = _numbers(df, name)
    if name == "engagements":
        parts = pd.concat([_numbers(df, p) for p in ENGAGEMENT_PARTS], axis=1)
        values = values.fillna(parts.sum(axis=1, min_count=1))
    elif name == "link_clicks":
        values = values.fillna(_numbers(df, "clicks"))
    return values


def _formula(kpi: str) -> Formula:
    try:
        return FORMULAS[kpi]
    except KeyError:
        raise MetricsProblem(t("metrics.problem.unknown_kpi", kpi=str(kpi))) from None


def _parts(df: pd.DataFrame, kpi: str, lang: str | None = None) -> tuple[Formula, pd.Series, pd.Series | None]:
    """The formula, its numerator and its denominator, NaN where a post lacks either figure (a
    denominator of 0 stays: it counts in the sums of ``overall``, not in the per-post values)."""
    f = _formula(kpi)
    top = column(df, f.numerator)
    names = [(f.numerator, top)]
    bottom = None
    if f.denominator is not None:
        bottom = column(df, f.denominator)
        names.append((f.denominator, bottom))
    for name, series in names:
        if len(df) and series.isna().all():
            raise MetricsProblem(t("metrics.problem.no_column", lang, kpi=kpi_label(kpi, lang),
                                   column=column_label(name, lang)))
    if bottom is None:
        return f, top, None
    both = top.notna() & bottom.notna()
    return f, top.where(both), bottom.where(both)


def _per_post(f: Formula, top: pd.Series, bottom: pd.Series | None) -> pd.Series:
    return top * f.scale if bottom is None else top / bottom.where(bottom > 0) * f.scale


def _overall(f: Formula, top: pd.Series, bottom: pd.Series | None) -> float | None:
    """All posts together: the sum of the numerators over the sum of the denominators (of the
    posts that have both: spend on a post without results counts in the cost per result); a KPI
    without a denominator: the mean."""
    if bottom is None:
        given = top.dropna()
        return float(given.mean()) if len(given) else None
    total = bottom.sum()
    return float(top.sum() / total * f.scale) if total > 0 else None


def values(df: pd.DataFrame, kpi: str, lang: str | None = None) -> pd.Series:
    """The KPI of each post (NaN where it has none), in the KPI's unit (percent for a rate)."""
    return _per_post(*_parts(df, kpi, lang))


def _plain(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _stats(f: Formula, top: pd.Series, bottom: pd.Series | None) -> dict:
    per_post = _per_post(f, top, bottom)
    given = per_post.dropna()
    return {"posts": int(len(given)), "missing": int(len(per_post) - len(given)), "overall": _overall(f, top, bottom),
            "mean": float(given.mean()) if len(given) else None,
            "median": float(given.median()) if len(given) else None}


def figure(df: pd.DataFrame, kpi: str, lang: str | None = None) -> Figure:
    """The KPI over all posts of ``df``, with its label and formula text in ``lang``."""
    f, top, bottom = _parts(df, kpi, lang)
    stats = _stats(f, top, bottom)
    return Figure(kpi, kpi_label(kpi, lang), formula_text(kpi, lang), f.unit, stats["overall"], stats["mean"],
                  stats["median"], stats["posts"], stats["missing"])


def show(value: float | None, kpi: str, lang: str | None = None) -> str:
    """A KPI's value as the reader writes it: "3,45%", "0,52", "12 minuten"; no value: "-"."""
    if value is None or pd.isna(value):
        return "-"
    unit = _formula(kpi).unit
    if unit == "percent":
        return number(value, lang, 2) + "%"
    if unit == "minutes":
        return t("metrics.unit.minutes", lang, value=number(value, lang, 0))
    return number(value, lang, 2)


# --------------------------------------------------------------------------------------------------
# Per post, per week, per platform

def _dates(df: pd.DataFrame) -> pd.Series:
    if "date" not in df.columns:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    try:
        return pd.to_datetime(df["date"], errors="coerce")
    except (TypeError, ValueError):  # times in several time zones: each as the clock there read it
        return pd.Series([_local(d) for d in df["date"]], index=df.index, dtype="datetime64[ns]")


def _local(value: Any) -> pd.Timestamp:
    """A date and time as its own clock read it (its time zone dropped); not a date: NaT."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return pd.NaT
    return stamp.tz_localize(None) if stamp is not pd.NaT and stamp.tzinfo else stamp


def iso_week(dates: pd.Series) -> pd.Series:
    """ISO 8601 week of each date: "2027-W01" (the week of 4 January; weeks start on Monday)."""
    cal = dates.dt.isocalendar()
    text = cal["year"].astype("string") + "-W" + cal["week"].astype("string").str.zfill(2)
    return text.where(dates.notna())


def by(df: pd.DataFrame, kpi: str, period: str = "week", lang: str | None = None) -> pd.DataFrame:
    """The KPI per post, per ISO week or per platform: one row per group with ``group``,
    ``posts`` (with a value), ``missing``, ``overall``, ``mean`` and ``median`` (see :class:`Figure`).
    Weeks in date order ("2027-W01"), platforms by their label, posts in their order."""
    if period not in PERIODS:
        raise MetricsProblem(t("metrics.problem.unknown_period", lang, period=str(period)))
    df = df.reset_index(drop=True)  # an export's own index may repeat
    f, top, bottom = _parts(df, kpi, lang)
    if period == "post":
        when = _dates(df)
        names = [w.strftime("%Y-%m-%d %H:%M") if not pd.isna(w) else str(i + 1) for i, w in enumerate(when)]
        keys = pd.Series(range(len(df)), index=df.index)
    elif period == "week":
        keys = iso_week(_dates(df))
        if len(df) and keys.isna().all():
            raise MetricsProblem(t("metrics.problem.no_dates", lang))
        names = list(keys)
    else:
        platforms = df["platform"].astype("string") if "platform" in df else pd.Series(pd.NA, index=df.index)
        keys = platforms.fillna("").str.strip().str.lower()
        names = [labels.platform(code, lang) if code else t("metrics.unknown_platform", lang) for code in keys]
    first = dict(zip(keys, names))
    rows = []
    for key, index in keys.groupby(keys, sort=True, dropna=True).groups.items():
        rows.append({"group": first[key], **_stats(f, top[index], None if bottom is None else bottom[index])})
    out = pd.DataFrame(rows, columns=["group", "posts", "missing", "overall", "mean", "median"])
    if period == "platform":
        out = out.sort_values("group", key=lambda g: g.str.casefold(), kind="stable", ignore_index=True)
    return out


# --------------------------------------------------------------------------------------------------
# Benchmarks (data/engagement_benchmarks.csv)

def benchmarks(kpi: str | None = None, platform: str | None = None, lang: str | None = None) -> pd.DataFrame:
    """Published benchmarks that measure what ``kpi`` measures (the same denominator; every
    benchmark when ``kpi`` is None), optionally for one platform: one row per figure with
    ``series`` (the source, plus industry and format where the source splits them), ``source``,
    ``year``, ``method``, ``statistic``, ``denominator``, ``platform`` and ``value`` (percent).
    One series is one source: a chart draws each series on its own, never two sources as one line."""
    table = data.table("engagement_benchmarks")
    if kpi is not None:
        wanted = _formula(kpi).benchmark
        table = table[table["denominator"] == wanted] if wanted else table.iloc[0:0]
    if platform is not None:
        table = table[table["platform"] == str(platform).strip().lower()]
    rows = []
    for row in table.to_dict("records"):
        extra = [industry_label(row["industry"], lang)] if row["industry"] != "all" else []
        extra += [str(row["format"]).capitalize()] if not pd.isna(row["format"]) and row["format"] else []
        series = row["source"] + (f" ({', '.join(extra)})" if extra else "")
        rows.append({"series": series, "source": row["source"], "year": int(row["year"]), "method": row["method"],
                     "statistic": row["statistic"], "denominator": row["denominator"],
                     "platform": row["platform"], "value": float(row["value"])})
    return pd.DataFrame(rows, columns=["series", "source", "year", "method", "statistic", "denominator",
                                       "platform", "value"])


# --------------------------------------------------------------------------------------------------
# Best time to post

def best_times(df: pd.DataFrame, kpi: str = "engagement_rate_reach", min_posts: int = MIN_POSTS_PER_CELL,
               hours: int = 1, lang: str | None = None) -> pd.DataFrame:
    """Weekday x hour: the median of ``kpi`` over the posts published in each cell, with the
    number of posts. Every cell of the week is there (``posts`` 0 and ``median`` None where
    nothing was posted); ``thin`` marks a cell with posts, but fewer than ``min_posts``.
    ``hours`` groups the hours in blocks (1, 2, 3, 4, 6, 8, 12), for an account that posts little.
    Columns: ``weekday`` (mon..sun), ``day`` (0 = Monday), ``hour`` (start of the block),
    ``posts`` (the posts with a value of ``kpi``: one that reached nobody is not counted),
    ``median``, ``thin``. Times are those of the export (the importer keeps its time zone)."""
    if hours not in (1, 2, 3, 4, 6, 8, 12):
        raise MetricsProblem(t("metrics.problem.hour_block", lang))
    df = df.reset_index(drop=True)
    per_post = values(df, kpi, lang)
    when = _dates(df)
    if len(df) and when.isna().all():
        raise MetricsProblem(t("metrics.problem.no_dates", lang))
    timed = when.dropna()
    if len(timed) and (timed.dt.hour == 0).all() and (timed.dt.minute == 0).all():
        raise MetricsProblem(t("metrics.problem.no_times", lang))
    frame = pd.DataFrame({"day": when.dt.day_of_week, "hour": when.dt.hour // hours * hours, "value": per_post})
    frame = frame.dropna(subset=["day", "hour", "value"])
    grouped = frame.groupby(["day", "hour"])["value"].agg(["count", "median"])
    rows = []
    for day, code in enumerate(WEEKDAYS):
        for hour in range(0, 24, hours):
            posts, median = (0, None)
            if (day, hour) in grouped.index:
                cell = grouped.loc[(day, hour)]
                posts, median = int(cell["count"]), float(cell["median"])
            rows.append({"weekday": code, "day": day, "hour": hour, "posts": posts, "median": median,
                         "thin": 0 < posts < min_posts})
    return pd.DataFrame(rows)


def best_cells(table: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The ``top`` cells of :func:`best_times` with enough posts, highest median first."""
    enough = table[(table["posts"] > 0) & ~table["thin"]]
    return enough.sort_values(["median", "posts"], ascending=False, kind="stable").head(top).reset_index(drop=True)


def best_time_advice(table: pd.DataFrame, kpi: str = "engagement_rate_reach", lang: str | None = None,
                     min_posts: int = MIN_POSTS_PER_CELL) -> str:
    """One plain sentence about the best time so far, or why there is none yet."""
    best = best_cells(table, 1)
    if best.empty:
        return t("metrics.best_time.too_few", lang, min=min_posts)
    row = best.iloc[0]
    hours = int(table["hour"].iloc[1] - table["hour"].iloc[0]) if len(table) > 1 else 1
    return t("metrics.best_time.advice", lang, day=labels.weekday(row["weekday"], lang),
             start=f"{int(row['hour']):02d}:00", end=f"{(int(row['hour']) + hours) % 24:02d}:00",
             value=show(row["median"], kpi, lang), posts=number(int(row["posts"]), lang))
