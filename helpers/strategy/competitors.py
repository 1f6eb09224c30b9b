"""Part 2 of the whole strategy: competitors per channel, and the audit of the group's own accounts.

Pure logic, no widgets and no files:

- :func:`benchmark_rows` and :func:`benchmark_chart`: per platform, the group's own account (from
  ``deep_dives.accounts``) beside each competitor on that platform (``deep_dives.rivals``), on
  followers, posts a week and engagement; seed 000: not the absolute number counts, but how you do
  next to the others;
- :func:`rival_rows`, :func:`audit_rows`: the two tables as the reader reads them;
- :func:`section`: the part's answers for the full report and the workbook (the audit is part of it).
"""
from __future__ import annotations

from typing import Any

import altair as alt

from .. import labels, model
from ..charts import WIDTH, _title, _values, describe
from ..i18n import t
from ..labels import platform as platform_name, platform_candidate
from ..render import number
from . import Chart, Section, Table

__all__ = ["MEASURES", "VERDICTS", "verdict_label", "measure_label", "benchmark_rows", "benchmark_chart",
           "rival_rows", "audit_rows", "section"]

MEASURES = ("followers", "posts_per_week", "engagement_rate")
VERDICTS = ("keep", "improve", "stop")
verdict_label = labels.kind("verdict", "competitors.verdict.{}", VERDICTS)
measure_label = labels.kind("benchmark_measure", "competitors.measure.{}", MEASURES)
OWN_COLOR, RIVAL_COLOR = "#00798c", "#9e9e9e"
_DIGITS = {"followers": 0, "posts_per_week": 1, "engagement_rate": 2}

RIVAL_HEADS = ("fields.deep_dives.rivals.competitor", "fields.platform", "fields.followers",
               "fields.deep_dives.rivals.posts_per_week", "fields.deep_dives.rivals.engagement_rate",
               "fields.deep_dives.rivals.works", "fields.deep_dives.rivals.misses")
AUDIT_HEADS = ("fields.platform", "fields.deep_dives.accounts.handle", "fields.owner",
               "fields.deep_dives.accounts.mission", "fields.kpi", "fields.deep_dives.accounts.top_content",
               "fields.deep_dives.accounts.verdict")


def _key(platform: Any) -> str:
    return platform_candidate(platform) or ""


def _show(measure: str, value: float, lang: str | None) -> str:
    text = number(value, lang, _DIGITS[measure])
    return text + "%" if measure == "engagement_rate" else text


def benchmark_rows(doc: model.Strategy, lang: str | None = None) -> list[dict]:
    """The data behind the benchmark chart: a row per platform, account and measure that has a
    figure, for every platform with a competitor on it; the own account first on each platform."""
    dives = doc.deep_dives
    platforms = list(dict.fromkeys(_key(r.platform) for r in dives.rivals if _key(r.platform)))
    out = []
    for platform in platforms:
        who = [(t("competitors.chart.own_handle", lang, handle=a.handle) if a.handle else t("competitors.chart.own", lang),
                True, a) for a in dives.accounts if _key(a.platform) == platform]
        who += [(r.competitor or t("competitors.chart.unnamed", lang), False, r)
                for r in dives.rivals if _key(r.platform) == platform]
        for name, own, row in who:
            for measure in MEASURES:
                value = getattr(row, measure)
                if value is None:
                    continue
                out.append({"platform": platform, "platform_name": platform_name(platform, lang), "who": name,
                            "label": f"{platform_name(platform, lang)} · {name}", "own": own,
                            "measure": measure, "value": float(value),
                            "text": _show(measure, value, lang)})
    return out


def benchmark_chart(doc: model.Strategy, lang: str | None = None) -> alt.VConcatChart | None:
    """A bar chart per measure, one above the other: per platform the own account and each
    competitor, the own account coloured, the figure written beside each bar. ``None`` without a
    competitor's figure to compare."""
    rows = benchmark_rows(doc, lang)
    if not any(not r["own"] for r in rows):
        return None
    own, rival = t("competitors.chart.own_legend", lang), t("competitors.chart.rival_legend", lang)
    names = list(dict.fromkeys(r["label"] for r in rows))
    color = alt.Color("side:N", title=None, legend=alt.Legend(orient="bottom"),
                      scale=alt.Scale(domain=[own, rival], range=[OWN_COLOR, RIVAL_COLOR]))
    for r in rows:
        r["side"] = own if r["own"] else rival
    parts = []
    for measure in MEASURES:  # one data set for the whole chart (``to_dict()`` shows it), filtered per measure
        mine = [r for r in rows if r["measure"] == measure]
        if not mine:
            continue
        y = alt.Y("label:N", title=None, sort=[n for n in names if any(r["label"] == n for r in mine)])
        top = max(r["value"] for r in mine) * 1.2 or 1.0  # room for the figure beside the longest bar
        x = alt.X("value:Q", title=None, scale=alt.Scale(domain=[0, top], nice=False),
                  axis=alt.Axis(labels=False, ticks=False, grid=False))
        base = alt.Chart().transform_filter(alt.datum.measure == measure)
        parts.append(alt.layer(base.mark_bar().encode(y=y, x=x, color=color),
                               base.mark_text(align="left", dx=3, fontSize=11).encode(y=y, x=x, text="text:N"))
                     .properties(width=WIDTH - 200, height=alt.Step(20),
                                 title=alt.TitleParams(measure_label(measure, lang), anchor="start", fontSize=12)))
    return alt.vconcat(*parts, data=_values(rows), spacing=18).properties(
        title=_title(t("competitors.chart.title", lang), t("competitors.chart.subtitle", lang)))


def rival_rows(doc: model.Strategy, lang: str | None = None) -> list[tuple[str, ...]]:
    return [(r.competitor, platform_name(r.platform, lang), number(r.followers, lang, 0),
             number(r.posts_per_week, lang, 1), number(r.engagement_rate, lang, 2), r.works.strip(), r.misses.strip())
            for r in doc.deep_dives.rivals
            if any((r.competitor, r.platform, r.works.strip(), r.misses.strip(), r.followers is not None,
                    r.posts_per_week is not None, r.engagement_rate is not None))]


def audit_rows(doc: model.Strategy, lang: str | None = None) -> list[tuple[str, ...]]:
    """The audit of every own account that has an answer of the audit."""
    return [(platform_name(a.platform, lang), a.handle, a.owner, a.mission, a.kpi, a.top_content,
             verdict_label(a.verdict, lang) if a.verdict else "")
            for a in doc.deep_dives.accounts if any((a.owner, a.mission, a.kpi, a.top_content, a.verdict))]


def section(doc: model.Strategy, lang: str | None = None, charts: bool = True) -> Section | None:
    """Competitors per channel, the benchmark chart, and the audit of the own accounts."""
    blocks: list = []
    rivals = rival_rows(doc, lang)
    if rivals:
        blocks.append(Table(t("competitors.section.rivals", lang), tuple(t(h, lang) for h in RIVAL_HEADS),
                            tuple(rivals), (2, 3, 4)))
        chart = benchmark_chart(doc, lang) if charts else None
        if chart is not None:
            blocks.append(Chart(chart, describe(chart)))
    audit = audit_rows(doc, lang)
    if audit:
        blocks.append(Table(t("competitors.section.audit", lang), tuple(t(h, lang) for h in AUDIT_HEADS), tuple(audit)))
    if not blocks:
        return None
    return Section("competitors", t("competitors.section.title", lang), tuple(blocks))
