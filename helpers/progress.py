"""Progress towards a SMART goal: pure functions, no files, no widgets.

A goal of workshop step 2 (:class:`helpers.model.Goal`) has a KPI, a platform, a baseline (where
the group stood on the day the goal was set), a target and a deadline. Three questions:

- :func:`measured`: where does the goal stand now, according to an imported analytics export
  (``Export.rows`` of :func:`helpers.analytics.read_export`)? The figures are read with the
  helpers of :mod:`helpers.metrics` (engagements from their parts, link clicks else clicks):

  ====================  =============================================================
  KPI                   figure
  ====================  =============================================================
  reach                 sum of ``reach`` over the window
  clicks                sum of link clicks (``link_clicks``, else ``clicks``)
  engagement            sum of engagements; a rate goal (see :func:`is_rate`):
                        engagements ÷ reach × 100 over the window (sum over sum)
  conversions           sum of ``results``
  posts                 number of rows in the window
  followers             the last known ``followers`` figure (per platform, added up
                        when the goal has no platform)
  response_time         median of ``response_minutes`` over the window
  anything else         no figure: the export cannot tell (``value`` None)
  ====================  =============================================================

  The window is the last ``window_days`` days of data (on the goal's platform; all platforms when
  the goal has none), up to ``today``: it ends on the last day with data on or before ``today``.

- :func:`progress`: is the goal on track? The line it needs runs straight from (start, baseline)
  to (deadline, target); ``needed_now`` is that line today. A goal can go down (a response time
  from 120 to 60 minutes): "at or past" is then "at or below".

- :func:`summary`: the answer in plain words (catalogue ``progress``), numbers and dates as the
  reader writes them.

``Measured.how`` and ``Progress.state`` are codes; every word comes from the catalogue.
"""
from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
from typing import Any

import pandas as pd

from . import labels, metrics
from .dates import show_date
from .i18n import t
from .render import number
from .smart import METRICS, check as smart_check
from .smart.core import metric_label
from .smart.lexicon import find_metric

#: the metrics an analytics export can tell, and how each is measured
COUNTS = {"reach": "reach", "clicks": "link_clicks", "engagement": "engagements", "conversions": "results"}
MEASURABLE = (*COUNTS, "posts", "followers", "response_time")
#: metrics where lower is better when baseline and target are equal ("keep it at 60 minutes")
LOWER_IS_BETTER = ("response_time",)
WINDOW_DAYS = 28
#: a rate goal's baseline and target are percentages
RATE_MAX = 100.0
STATES = ("reached", "on_track", "behind", "overdue", "no_baseline", "no_target", "no_deadline", "no_figure")
#: ``Measured.how``: a figure was measured (a phrase for the parenthesis of the summary)
HOW_MEASURED = ("progress.how.sum", "progress.how.rate", "progress.how.count", "progress.how.last",
                "progress.how.median", "progress.how.by_hand")
#: ``Measured.how``: no figure (a sentence saying why)
HOW_MISSING = ("progress.how.not_in_export", "progress.how.no_column", "progress.how.no_rows")
#: tolerance for "at the line" (a float computed from dates is never exactly the figure typed)
_EPS = 1e-9

state_label = labels.kind("progress_state", "progress.state.{}", STATES)


class ProgressProblem(ValueError):
    """Input that is no goal's progress; ``str()`` is the plain sentence to show."""


@dataclass(frozen=True)
class Measured:
    """A goal's current figure. ``how`` is a catalogue key (:data:`HOW_MEASURED` or
    :data:`HOW_MISSING`); ``start`` and ``end`` are the days the figure stands on (both the day of
    the figure for the last known followers); ``posts`` the rows of the export in the window."""

    value: float | None
    how: str
    start: dt.date | None = None
    end: dt.date | None = None
    posts: int = 0
    platform: str = ""


@dataclass(frozen=True)
class Progress:
    """How far a goal is (see the module). ``gap`` is ``current - needed_now`` in the goal's
    direction: positive ahead, negative behind. ``per_week_needed`` is signed like the line
    (negative for a goal that goes down); ``None`` when reached, overdue or no time is left.
    ``days_left`` is negative once the deadline has passed. Fields that cannot be known for the
    state are ``None``."""

    state: str
    current: float | None
    baseline: float | None
    target: float | None
    start: dt.date
    deadline: dt.date | None
    today: dt.date
    down: bool
    needed_now: float | None
    on_track: bool | None
    reached: bool | None
    gap: float | None
    per_week_needed: float | None
    days_left: int | None
    measured: Measured | None = None


# --------------------------------------------------------------------------------------------------
# Measuring

def measurable(goal: Any, lang: str | None = None) -> Any:
    """``goal`` with its KPI as a metric key and its platform as a platform key, as the functions
    here read them: the goals form keeps what the participant typed or picked ("Bereik",
    "Insta"), and where a field is empty the goal's sentence says it ("1.000 volgers op LinkedIn")."""
    kpi = str(goal.kpi or "").strip()
    key = kpi if kpi in METRICS else (find_metric(kpi.casefold()) if kpi else None)
    platform = labels.platform_candidate(goal.platform) if str(goal.platform or "").strip() else None
    if (key is None or not platform) and (goal.sentence or "").strip():
        found = smart_check(goal.sentence, lang).found
        key = key or found.metric
        if not platform and found.platform:
            platform = labels.platform_candidate(found.platform.split(",")[0])
    return goal.model_copy(update={"kpi": key or "unknown", "platform": platform or ""})


def is_rate(goal: Any) -> bool:
    """An engagement goal written as a percentage: "%" in its sentence and every figure it has
    (baseline, target; at least one) at most 100."""
    figures = [f for f in (goal.baseline, goal.target) if f is not None]
    return (goal.kpi == "engagement" and "%" in (goal.sentence or "") and bool(figures)
            and all(f <= RATE_MAX for f in figures))


def _day(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _platform(goal: Any) -> str:
    return str(goal.platform or "").strip().lower()


def _on_platform(rows: pd.DataFrame, platform: str) -> pd.DataFrame:
    rows = rows.reset_index(drop=True)
    if not platform:
        return rows
    codes = rows["platform"].astype("string").fillna("").str.strip().str.lower() if "platform" in rows \
        else pd.Series("", index=rows.index)
    return rows[codes == platform]


def _days(rows: pd.DataFrame) -> pd.Series:
    return metrics._dates(rows).dt.normalize()


def measured(rows: pd.DataFrame, goal: Any, today: dt.date | None = None,
             window_days: int = WINDOW_DAYS) -> Measured:
    """The goal's current figure from an export's rows (see the module for each KPI). A figure
    the export cannot tell is ``value=None`` with a ``how`` that says why (:data:`HOW_MISSING`)."""
    if window_days < 1:
        raise ProgressProblem(t("progress.problem.window", window=window_days))
    kpi, platform = goal.kpi or "", _platform(goal)
    if kpi not in MEASURABLE:
        return Measured(None, "progress.how.not_in_export", platform=platform)
    rows = _on_platform(rows, platform)
    days = _days(rows)
    if today is not None:
        days = days.where(days <= pd.Timestamp(today))
    if days.isna().all():
        return Measured(None, "progress.how.no_rows", platform=platform)
    return _measure(rows, days, goal, days.max(), window_days)


def _measure(rows: pd.DataFrame, days: pd.Series, goal: Any, last: pd.Timestamp, window_days: int) -> Measured:
    """The figure over the ``window_days`` days that end on ``last`` (rows of the goal's platform,
    ``days`` their days, NaT for a row not to be counted)."""
    kpi, platform = goal.kpi, _platform(goal)
    first = last - pd.Timedelta(days=window_days - 1)
    inside = (days >= first) & (days <= last)
    window = rows[inside]
    start, end, posts = first.date(), last.date(), int(inside.sum())
    if kpi == "posts":
        return Measured(float(posts), "progress.how.count", start, end, posts, platform)
    known = days.notna() & (days <= last)
    if kpi == "followers":
        return _last_followers(rows[known], days[known], platform, posts)
    value: float | None = None
    try:
        if kpi == "response_time":
            metrics.figure(rows[known], "response_time")  # no response times at all: no_column
            value, how = metrics.figure(window, "response_time").median, "progress.how.median"
        elif kpi == "engagement" and is_rate(goal):
            metrics.figure(rows[known], "engagement_rate_reach")
            value, how = metrics.figure(window, "engagement_rate_reach").overall, "progress.how.rate"
        else:
            if metrics.column(rows[known], COUNTS[kpi]).isna().all():
                return Measured(None, "progress.how.no_column", start, end, posts, platform)
            total = metrics.column(window, COUNTS[kpi]).sum(min_count=1) if len(window) else 0.0
            value, how = (None if pd.isna(total) else float(total)), "progress.how.sum"
    except metrics.MetricsProblem:  # the export has the column in name only
        return Measured(None, "progress.how.no_column", start, end, posts, platform)
    if value is None:  # no rows in the window, or none with the figures (a reach of 0: no rate)
        return Measured(None, "progress.how.no_column" if posts else "progress.how.no_rows", start, end, posts,
                        platform)
    return Measured(float(value), how, start, end, posts, platform)


def _last_followers(rows: pd.DataFrame, days: pd.Series, platform: str, posts: int) -> Measured:
    """The last known followers figure; without a platform, the last one of each platform added up."""
    given = pd.DataFrame({"day": days, "followers": metrics.column(rows, "followers"),
                          "platform": rows["platform"].astype("string").fillna("").str.strip().str.lower()
                          if "platform" in rows else ""}).dropna(subset=["followers"])
    if given.empty:
        return Measured(None, "progress.how.no_column", posts=posts, platform=platform)
    latest = given.sort_values("day", kind="stable").groupby("platform").tail(1)
    when = latest["day"].max().date()
    return Measured(float(latest["followers"].sum()), "progress.how.last", when, when, posts, platform)


def by_hand(value: float | None, platform: str = "") -> Measured:
    """A figure the learner typed (for a KPI the export cannot tell)."""
    return Measured(None if value is None else float(value), "progress.how.by_hand", platform=platform)


def weekly(rows: pd.DataFrame, goal: Any, window_days: int = WINDOW_DAYS) -> pd.DataFrame:
    """The goal's figure as it stood at the end of each ISO week of the data (each Sunday, and the
    last day of data), over the ``window_days`` days up to that day, measured as :func:`measured`
    does: columns ``date`` and ``value``. A sum or count whose window reaches back before the first
    day of data is left out (it would count part of a window); a week without posts adds nothing
    to a sum (0 over a window without rows)."""
    if window_days < 1:
        raise ProgressProblem(t("progress.problem.window", window=window_days))
    out = []
    if (goal.kpi or "") in MEASURABLE:
        rows = _on_platform(rows, _platform(goal))
        days = _days(rows)
        given = days.dropna()
        if len(given):
            first, last = given.min(), given.max()
            sunday = first + pd.Timedelta(days=6 - first.day_of_week)
            for end in sorted({*pd.date_range(sunday, last, freq="7D"), last}):
                m = _measure(rows, days, goal, end, window_days)
                partial = m.how in ("progress.how.sum", "progress.how.count") and pd.Timestamp(m.start) < first
                if m.value is not None and not partial:
                    out.append({"date": end.date(), "value": m.value})
    return pd.DataFrame(out, columns=["date", "value"])


# --------------------------------------------------------------------------------------------------
# Progress

def _down(goal: Any) -> bool:
    if goal.baseline is not None and goal.target is not None and goal.baseline != goal.target:
        return goal.target < goal.baseline
    return goal.kpi in LOWER_IS_BETTER


def needed(baseline: float, target: float, start: dt.date, deadline: dt.date, today: dt.date) -> float:
    """The line from (start, baseline) to (deadline, target) on ``today``, clamped to the period."""
    span = (deadline - start).days
    if span <= 0:
        return float(target)
    share = min(1.0, max(0.0, (today - start).days / span))
    if share == 1.0:
        return float(target)
    return float(baseline + (target - baseline) * share)


def _at_or_past(value: float, line: float, down: bool) -> bool:
    ahead = (line - value) if down else (value - line)
    return ahead >= -_EPS * max(1.0, abs(line))


def progress(goal: Any, current: float | Measured | None, today: dt.date, start: dt.date) -> Progress:
    """Where the goal stands on ``today`` (``current`` a figure or a :class:`Measured`), against
    the straight line from ``start`` (the day the goal was set) to its deadline. Missing baseline,
    target, deadline or figure never raises: the state says which is missing."""
    m = current if isinstance(current, Measured) else None
    value = m.value if m is not None else (None if current is None or pd.isna(current) else float(current))
    today, start = _day(today), _day(start)
    base, target, deadline = goal.baseline, goal.target, goal.deadline
    down = _down(goal)
    days_left = (deadline - today).days if deadline is not None else None
    reached = _at_or_past(value, target, down) if value is not None and target is not None else None
    empty = dict(current=value, baseline=base, target=target, start=start, deadline=deadline, today=today,
                 down=down, needed_now=None, on_track=None, reached=reached, gap=None, per_week_needed=None,
                 days_left=days_left, measured=m)
    missing = ("no_target" if target is None else "no_baseline" if base is None
               else "no_deadline" if deadline is None else "no_figure" if value is None else None)
    if missing:
        return Progress(missing, **empty)
    line = needed(base, target, start, deadline, today)
    on_track = _at_or_past(value, line, down)
    gap = (line - value) if down else (value - line)
    per_week = (target - value) / (days_left / 7) if days_left > 0 and not reached else None
    state = ("reached" if reached else "overdue" if today > deadline else "on_track" if on_track else "behind")
    return Progress(state, **{**empty, "needed_now": line, "on_track": on_track, "gap": gap,
                              "per_week_needed": per_week})


# --------------------------------------------------------------------------------------------------
# Words

def show(value: float | None, goal: Any, lang: str | None = None) -> str:
    """A figure of the goal as the reader writes it: "3.400", "4,5%", "45 minuten"."""
    if value is None:
        return "-"
    if is_rate(goal):
        return number(value, lang, 1) + "%"
    if goal.kpi == "response_time":
        return metrics.show(value, "response_time", lang)
    return number(value, lang, 0 if abs(value) >= 10 else 1)


def _amount(value: float, goal: Any, lang: str | None) -> str:
    """A difference of the goal's figure: percentage points for a rate goal."""
    if is_rate(goal):
        return t("progress.unit.points", lang, value=number(value, lang, 1))
    return show(value, goal, lang)


def _where(platform: str, lang: str | None) -> str:
    if platform:
        return t("progress.where.platform", lang, platform=labels.platform(platform, lang))
    return t("progress.where.all", lang)


def _period(m: Measured, lang: str | None) -> str:
    days = (m.end - m.start).days + 1
    if days % 7 == 0:
        return t("progress.period.weeks", lang, count=days // 7)
    return t("progress.period.days", lang, count=days)


def how_text(m: Measured, goal: Any, lang: str | None = None) -> str:
    """How the figure was measured (a phrase), or why there is none (a sentence)."""
    metric, where = metric_label(goal.kpi, lang), _where(m.platform, lang)
    if m.how == "progress.how.by_hand":
        return t("progress.how.by_hand", lang)
    if m.how == "progress.how.last":
        return t("progress.how.last", lang, date=show_date(m.end, lang), where=where)
    if m.how in HOW_MEASURED:
        return t(m.how, lang, period=_period(m, lang), where=where)
    return t(m.how, lang, metric=metric, where=where)


def summary(progress: Progress, goal: Any, lang: str | None = None) -> str:
    """Where the goal stands, in plain words: the figure and how it was measured, what the line
    needs now, how far ahead or behind, and what it takes per week."""
    p, m = progress, progress.measured
    metric = metric_label(goal.kpi, lang)
    target = show(p.target, goal, lang)
    deadline = show_date(p.deadline, lang) if p.deadline else ""
    parts = []
    if p.current is not None:
        if m is not None:
            parts.append(t("progress.summary.now_how", lang, current=show(p.current, goal, lang), metric=metric,
                           how=how_text(m, goal, lang)))
        else:
            parts.append(t("progress.summary.now", lang, current=show(p.current, goal, lang), metric=metric))
    if p.state == "no_target":
        parts.append(t("progress.summary.no_target", lang, metric=metric))
    elif p.state == "no_baseline":
        parts.append(t("progress.summary.no_baseline", lang, start=show_date(p.start, lang), target=target))
    elif p.state == "no_deadline":
        parts.append(t("progress.summary.no_deadline", lang, target=target))
    elif p.state == "no_figure":
        if m is not None and m.how in HOW_MISSING:
            parts.append(how_text(m, goal, lang))
        parts.append(t("progress.summary.no_figure", lang, metric=metric))
    elif p.state == "reached":
        parts.append(t("progress.summary.reached", lang, target=target, deadline=deadline))
    elif p.state == "overdue":
        parts.append(t("progress.summary.overdue", lang, target=target, deadline=deadline,
                       remaining=_amount(abs(p.target - p.current), goal, lang)))
    else:
        needed_now, gap = show(p.needed_now, goal, lang), _amount(abs(p.gap), goal, lang)
        if not p.on_track:
            key = "progress.summary.behind"
        elif gap == _amount(0.0, goal, lang):
            key = "progress.summary.on_line"
        else:
            key = "progress.summary.ahead"
        parts.append(t(key, lang, target=target, deadline=deadline, needed=needed_now, gap=gap))
        if p.per_week_needed is not None:
            key = "progress.summary.per_week_down" if p.per_week_needed < 0 else "progress.summary.per_week_up"
            parts.append(t(key, lang, amount=_amount(abs(p.per_week_needed), goal, lang)))
        elif p.days_left == 0:
            parts.append(t("progress.summary.last_day", lang))
    return " ".join(parts)
