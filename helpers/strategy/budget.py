"""Part 7, the budget: lines per kind, channel and period, their totals, a chart of the monthly
totals per kind, and the check against the channels the tactics mark as paid.

Seed 000 (step 4) splits a budget into content creation, tools, advertising (per channel),
influencers and people; seed 002 asks for structural and one-off money apart. A line per year
counts for a twelfth in each month; a one-off line is not spread over the months but shown
apart. Pure functions: no widgets, no files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import altair as alt
from babel.numbers import format_decimal

from .. import labels, render
from ..charts import WIDTH, _title, _values
from ..i18n import t
from ..model import BudgetLine, Strategy
from . import Chart, Items, Section, Table, Text

KINDS = ("content", "tools", "ads", "influencers", "people", "other")
PERIODS = ("month", "year", "once")
PAID = ("paid", "both")  # what the tactics call a channel with money behind it
KIND_COLORS = ["#30638e", "#00798c", "#d1495b", "#edae49", "#8cb369", "#9e9e9e"]

kind_label = labels.kind("budget_kind", "budget.kinds.{}", KINDS)
period_label = labels.kind("budget_period", "budget.periods.{}", PERIODS)


@dataclass(frozen=True)
class Totals:
    """The budget's sums: per kind a month (year lines a twelfth) and once, and the totals."""

    month: dict[str, float] = field(default_factory=dict)
    once: dict[str, float] = field(default_factory=dict)

    @property
    def per_month(self) -> float:
        return round(sum(self.month.values()), 2)

    @property
    def per_year(self) -> float:
        return round(self.per_month * 12, 2)

    @property
    def one_off(self) -> float:
        return round(sum(self.once.values()), 2)


def monthly(line: BudgetLine) -> float:
    """What a line costs a month: a year's amount counts for a twelfth, a one-off not at all."""
    if line.period == "month":
        return float(line.amount)
    if line.period == "year":
        return float(line.amount) / 12
    return 0.0


def totals(lines: Iterable[BudgetLine]) -> Totals:
    month = {k: 0.0 for k in KINDS}
    once = {k: 0.0 for k in KINDS}
    for line in lines:
        month[line.kind] += monthly(line)
        if line.period == "once":
            once[line.kind] += float(line.amount)
    return Totals({k: round(v, 2) for k, v in month.items()}, {k: round(v, 2) for k, v in once.items()})


def money(amount: float, lang: str | None = None) -> str:
    """An amount in euros as the reader writes it: "€ 1.200" and "€ 1.200,50" in Dutch, "€1,200"
    and "€1,200.50" in English (cents only when there are any)."""
    amount = round(float(amount), 2)
    pattern = "#,##0" if amount == int(amount) else "#,##0.00"
    return t("budget.money", lang, amount=format_decimal(amount, format=pattern, locale=render.locale(lang)))


def _key(name: str) -> str:
    return labels.platform_candidate(name) or ""


def paid_checks(doc: Strategy) -> list[tuple[str, str]]:
    """Where the budget and the tactics disagree, as ``(problem, platform or item)``:
    ``paid_without_ads`` (a channel marked paid or both, no ads line for it), ``ads_not_paid`` (an
    ads line for a channel the tactics do not mark paid) and ``ads_without_channel``."""
    paid = {_key(p): p for p, how in doc.deep_dives.tactics.paid.items() if how in PAID and _key(p)}
    ads = [line for line in doc.deep_dives.budget if line.kind == "ads"]
    funded = {_key(line.platform) for line in ads if _key(line.platform)}
    out = [("paid_without_ads", name) for key, name in paid.items() if key not in funded]
    seen: set[str] = set()
    for line in ads:
        key = _key(line.platform)
        if not key:
            out.append(("ads_without_channel", line.item))
        elif key not in paid and key not in seen:
            seen.add(key)
            out.append(("ads_not_paid", line.platform))
    return out


def check_sentences(doc: Strategy, lang: str | None = None) -> list[str]:
    """The checks against the paid channels in words (one sentence when all is well)."""
    words = {"paid_without_ads": "budget.check.paid_without_ads", "ads_not_paid": "budget.check.ads_not_paid",
             "ads_without_channel": "budget.check.ads_without_channel"}
    out = [t(words[problem], lang, platform=labels.platform(what, lang), item=what or "…")
           for problem, what in paid_checks(doc)]
    if not out and any(line.kind == "ads" for line in doc.deep_dives.budget):
        out.append(t("budget.check.fine", lang))
    return out


def chart_rows(doc: Strategy, lang: str | None = None) -> list[dict]:
    """The rows the chart draws: each kind with money a month, its amount and its label."""
    sums = totals(doc.deep_dives.budget)
    return [{"kind": k, "name": kind_label(k, lang), "amount": v, "text": money(v, lang), "order": i}
            for i, (k, v) in enumerate(sums.month.items()) if v > 0]


def chart(doc: Strategy, lang: str | None = None) -> alt.LayerChart | None:
    """The monthly totals per kind as bars, each with its amount; the subtitle gives the totals
    and says how year and one-off lines count. ``None`` when no line costs anything a month."""
    rows = chart_rows(doc, lang)
    if not rows:
        return None
    sums = totals(doc.deep_dives.budget)
    names = [r["name"] for r in rows]
    base = alt.Chart(_values(rows)).encode(
        y=alt.Y("name:N", sort=names, title=t("budget.chart.y", lang)),
        x=alt.X("amount:Q", title=t("budget.chart.x", lang)))
    bars = base.mark_bar().encode(color=alt.Color(
        "name:N", legend=None, scale=alt.Scale(domain=[kind_label(k, lang) for k in KINDS], range=KIND_COLORS)))
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(text=alt.Text("text:N"))
    subtitle = [t("budget.chart.subtitle", lang, month=money(sums.per_month, lang), year=money(sums.per_year, lang)),
                t("budget.year_note", lang)]
    if sums.one_off:
        subtitle.append(t("budget.once_apart", lang, once=money(sums.one_off, lang)))
    return alt.layer(bars, text).properties(width=WIDTH - 120, height=alt.Step(26),
                                            title=_title(t("budget.chart.title", lang), subtitle))


def totals_table(doc: Strategy, lang: str | None = None) -> Table:
    sums = totals(doc.deep_dives.budget)
    rows = [(kind_label(k, lang), money(sums.month[k], lang), money(sums.month[k] * 12, lang), money(sums.once[k], lang))
            for k in KINDS if sums.month[k] or sums.once[k]]
    rows.append((t("budget.total", lang), money(sums.per_month, lang), money(sums.per_year, lang),
                 money(sums.one_off, lang)))
    head = (t("budget.head.kind", lang), t("budget.head.per_month", lang), t("budget.head.per_year", lang),
            t("budget.head.once", lang))
    return Table(t("budget.totals_heading", lang), head, tuple(rows), numbers=(1, 2, 3))


def lines_table(doc: Strategy, lang: str | None = None) -> Table:
    rows = tuple((line.item, kind_label(line.kind, lang), labels.platform(line.platform, lang),
                  period_label(line.period, lang), money(line.amount, lang)) for line in doc.deep_dives.budget)
    head = (t("budget.head.item", lang), t("budget.head.kind", lang), t("budget.head.platform", lang),
            t("budget.head.period", lang), t("budget.head.amount", lang))
    return Table(t("budget.lines_heading", lang), head, rows, numbers=(4,))


def summary(doc: Strategy, lang: str | None = None) -> str:
    """The totals in one sentence: a month, a year, and the one-off costs apart."""
    sums = totals(doc.deep_dives.budget)
    return t("budget.summary", lang, month=money(sums.per_month, lang), year=money(sums.per_year, lang),
             once=money(sums.one_off, lang))


def section(doc: Strategy, lang: str | None = None, charts: bool = True) -> Section | None:
    """The budget for the full report and the workbook; ``None`` without budget lines."""
    lines = doc.deep_dives.budget
    if not lines:
        return None
    blocks: list = [Text(t("budget.summary_label", lang), summary(doc, lang)), lines_table(doc, lang),
                    totals_table(doc, lang)]
    checks = check_sentences(doc, lang)
    if checks:
        blocks.append(Items(t("budget.check.heading", lang), tuple(checks)))
    drawn = chart(doc, lang) if charts else None
    if drawn is not None:
        blocks.append(Chart(drawn, t("budget.chart.title", lang)))
    return Section("budget", t("budget.title", lang), tuple(blocks))
