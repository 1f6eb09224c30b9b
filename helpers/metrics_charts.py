"""Charts of the measuring path: pure functions from the tables of :mod:`helpers.metrics` to an
Altair chart, drawn offline with :func:`helpers.charts.to_svg`, like every chart of the toolkit.

The data is embedded as inline values, so ``chart.to_dict()`` shows what is drawn; an SVG has no
tooltips, so the numbers that matter (posts per cell) are written on the chart.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from . import labels, metrics, progress as prog
from .charts import WIDTH, _title, _values
from .dates import show_date
from .i18n import current_language, t
from .smart.core import metric_label

#: heatmap colours: light to dark blue for a higher median; thin cells drawn pale
SCHEME = "blues"
THIN_OPACITY = 0.35
#: one colour per benchmark series (one source each), in the order the series come
SERIES_COLORS = ["#d1495b", "#edae49", "#00798c", "#8cb369", "#6c4f77", "#9e9e9e"]
#: a goal's chart: the line it needs, its target, the weekly figures and the figure now
#: an axis's numbers as Dutch writes them (1.200,5): Vega's English grouping and decimal marks swapped
_DUTCH_NUMBER = "replace(replace(replace(format(datum.value, ',~f'), /,/g, '_'), /[.]/g, ','), /_/g, '.')"
GOAL_COLORS = {"needed": "#9e9e9e", "target": "#d1495b", "weekly": "#8fb3d9", "current": "#30638e"}


def best_time_rows(table: pd.DataFrame, kpi: str, lang: str | None = None) -> list[dict]:
    """The rows a heatmap draws from :func:`helpers.metrics.best_times` (every cell of the week):
    the day's label, ``"19:00"``, posts, median, thin, and ``text`` (the count; "!" when thin)."""
    rows = []
    for r in table.to_dict("records"):
        median = None if r["median"] is None or pd.isna(r["median"]) else float(r["median"])
        rows.append({"weekday": r["weekday"], "day": int(r["day"]), "label": labels.weekday(r["weekday"], lang, short=True),
                     "hour": f"{int(r['hour']):02d}:00", "posts": int(r["posts"]), "median": median,
                     "shown": metrics.show(median, kpi, lang) if median is not None else t("metrics.best_time.empty", lang),
                     "thin": bool(r["thin"]),
                     "text": (f"{int(r['posts'])}!" if r["thin"] else str(int(r["posts"]))) if r["posts"] else ""})
    return rows


def best_time_heatmap(table: pd.DataFrame, kpi: str = "engagement_rate_reach", lang: str | None = None,
                      min_posts: int = metrics.MIN_POSTS_PER_CELL) -> alt.LayerChart:
    """Weekday x hour, coloured by the median of ``kpi``, the number of posts written in each
    cell; a cell with fewer than ``min_posts`` posts is pale and its count has a "!", and the
    subtitle says in words what that means. The formula is in the subtitle."""
    rows = best_time_rows(table, kpi, lang)
    days = [labels.weekday(code, lang, short=True) for code in metrics.WEEKDAYS]
    hours = sorted({r["hour"] for r in rows})
    subtitle = [t("metrics.best_time.subtitle", lang, kpi=metrics.kpi_label(kpi, lang).capitalize(),
                  formula=metrics.formula_text(kpi, lang))]
    if any(r["thin"] for r in rows):
        subtitle.append(t("metrics.best_time.thin_warning", lang, min=min_posts))
    base = alt.Chart(_values(rows)).encode(
        x=alt.X("hour:O", sort=hours, title=t("metrics.best_time.hour", lang)),
        y=alt.Y("label:O", sort=days, title=t("metrics.best_time.day", lang)),
    )
    cells = base.mark_rect(stroke="#ffffff").encode(
        color=alt.Color("median:Q", scale=alt.Scale(scheme=SCHEME),
                        legend=alt.Legend(orient="bottom", title=t("metrics.best_time.median", lang))),
        opacity=alt.condition("datum.thin", alt.value(THIN_OPACITY), alt.value(1.0)),
        tooltip=[alt.Tooltip("label:N", title=t("metrics.best_time.day", lang)),
                 alt.Tooltip("hour:N", title=t("metrics.best_time.hour", lang)),
                 alt.Tooltip("shown:N", title=t("metrics.best_time.median", lang)),
                 alt.Tooltip("posts:Q", title=t("metrics.best_time.posts", lang))],
    )
    counts = base.mark_text(fontSize=9, color="#222222").encode(text=alt.Text("text:N"))
    title = t("metrics.best_time.title", lang, kpi=metrics.kpi_label(kpi, lang))
    return alt.layer(cells, counts).properties(
        width=WIDTH, height=alt.Step(22), title=_title(title, subtitle))


def weekly_with_benchmarks(weekly: pd.DataFrame, kpi: str, bench: pd.DataFrame | None = None,
                           lang: str | None = None) -> alt.LayerChart:
    """The median of ``kpi`` per week (:func:`helpers.metrics.by` with ``"week"``) as bars, and a
    horizontal rule per benchmark row of ``bench`` (:func:`helpers.metrics.benchmarks` for one
    platform), coloured by its series: one source per series, each named in the subtitle with its
    method."""
    bars_rows = [{"week": r["group"], "median": r["median"], "posts": int(r["posts"]),
                  "text": metrics.show(r["median"], kpi, lang)}
                 for r in weekly.to_dict("records") if r["median"] is not None and not pd.isna(r["median"])]
    bench = bench if bench is not None else pd.DataFrame(columns=["series", "method", "value"])
    rules = [{"series": r["series"], "value": float(r["value"]), "method": r["method"]}
             for r in bench.to_dict("records")]
    sources = "; ".join(dict.fromkeys(f"{r['series']}: {r['method']}" for r in rules))
    layers = [
        alt.Chart(_values(bars_rows)).mark_bar(color="#30638e").encode(
            x=alt.X("week:O", title=t("metrics.benchmark.week", lang)),
            y=alt.Y("median:Q", title=metrics.kpi_label(kpi, lang))),
        alt.Chart(_values(bars_rows)).mark_text(dy=-6, fontSize=10).encode(
            x=alt.X("week:O"), y=alt.Y("median:Q"), text=alt.Text("text:N")),
    ]
    if rules:
        series = list(dict.fromkeys(r["series"] for r in rules))
        layers.append(alt.Chart(_values(rules)).mark_rule(strokeDash=[4, 3], size=2).encode(
            y=alt.Y("value:Q"),
            color=alt.Color("series:N", scale=alt.Scale(domain=series, range=SERIES_COLORS[: len(series)] or None),
                            legend=alt.Legend(orient="bottom", title=None, labelLimit=WIDTH))))
    subtitle = [t("metrics.formula_line", lang, formula=metrics.formula_text(kpi, lang))]
    if rules:
        subtitle.append(t("metrics.benchmark.subtitle", lang, sources=sources))
    return alt.layer(*layers).properties(
        width=WIDTH, title=_title(t("metrics.benchmark.title", lang, kpi=metrics.kpi_label(kpi, lang)), subtitle))


def goal_progress(progress: prog.Progress, goal, weekly: pd.DataFrame | None = None,
                  lang: str | None = None) -> alt.LayerChart:
    """A goal's progress (:func:`helpers.progress.progress`): the dashed line it needs from
    (start, baseline) to (deadline, target), the target as a point, the figure now as a point, and
    optionally the figure as measured each week (:func:`helpers.progress.weekly`: ``date`` and
    ``value``). A part the goal lacks (no baseline, target, deadline or figure) is left out; the
    summary of the goal is the subtitle. Each layer carries a ``part`` field naming what it draws."""
    p = progress
    names = {"needed": t("progress.chart.needed", lang), "target": t("progress.chart.target", lang),
             "weekly": t("progress.chart.weekly", lang), "current": t("progress.chart.current", lang)}

    def row(part: str, when, value: float) -> dict:
        return {"part": part, "series": names[part], "date": when, "value": float(value),
                "text": prog.show(value, goal, lang)}

    line, target, now = [], [], []
    if p.baseline is not None and p.target is not None and p.deadline is not None:
        line = [row("needed", p.start, p.baseline), row("needed", p.deadline, p.target)]
    if p.target is not None and p.deadline is not None:
        target = [row("target", p.deadline, p.target)]
    if p.current is not None:
        now = [row("current", p.today, p.current)]
    weeks = [row("weekly", r["date"], r["value"]) for r in (weekly.to_dict("records") if weekly is not None else [])
             if r["value"] is not None and not pd.isna(r["value"])]
    shown = [part for part, rows in (("needed", line), ("target", target), ("weekly", weeks), ("current", now)) if rows]
    color = alt.Color("series:N", scale=alt.Scale(domain=[names[x] for x in shown] or [names["current"]],
                                                  range=[GOAL_COLORS[x] for x in shown] or [GOAL_COLORS["current"]]),
                      legend=alt.Legend(orient="bottom", title=None))
    y_title = metric_label(goal.kpi, lang) + (" (%)" if prog.is_rate(goal) else "")
    x = alt.X("date:T", title=t("progress.chart.date", lang),
              axis=alt.Axis(format=t("progress.chart.date_format", lang), labelAngle=0))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False, nice=True),
              axis=alt.Axis(labelExpr=_DUTCH_NUMBER) if current_language(lang) == "nl" else alt.Undefined)
    tooltip = [alt.Tooltip("text:N", title=t("progress.chart.value", lang))]
    layers = []
    if line:
        layers.append(alt.Chart(_values(line)).mark_line(strokeDash=[6, 4], size=2).encode(
            x=x, y=y, color=color, tooltip=tooltip))
    if weeks:
        layers.append(alt.Chart(_values(weeks)).mark_line(point=True, size=1.5).encode(
            x=x, y=y, color=color, tooltip=tooltip))
    for rows, shape in ((target, "diamond"), (now, "circle")):
        if rows:
            layers.append(alt.Chart(_values(rows)).mark_point(shape=shape, size=120, filled=True).encode(
                x=x, y=y, color=color, tooltip=tooltip))
            layers.append(alt.Chart(_values(rows)).mark_text(dy=-12, fontSize=11).encode(
                x=x, y=y, text=alt.Text("text:N")))
    if not layers:  # nothing to draw yet: an empty frame that still carries the title
        layers.append(alt.Chart(_values([])).mark_point().encode(x=x, y=y))
    subtitle = [prog.summary(p, goal, lang)]
    if line:
        subtitle.insert(0, t("progress.chart.subtitle", lang, target=prog.show(p.target, goal, lang),
                             deadline=show_date(p.deadline, lang)))
    title = t("progress.chart.title", lang, metric=metric_label(goal.kpi, lang))
    return alt.layer(*layers).properties(width=WIDTH, title=_title(title, subtitle))
