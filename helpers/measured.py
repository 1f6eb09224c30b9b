"""What the measuring path found, for the reports (the one-pager's section 6 and the workbook's
sheet): plain lines in the reader's language, from what the document keeps (``measure``), never
from the export file, which a group file sent on does not carry."""
from __future__ import annotations

import datetime as dt

from . import abtest, labels, metrics, model, progress, render
from .i18n import t

__all__ = ["report"]


def report(doc: model.Strategy, lang: str, today: dt.date | None = None) -> dict | None:
    """The measuring path's results as plain lines (``None`` before anything was measured): the
    export read, its KPIs with their formulas, the best times, each goal's progress as kept in the
    document, each A/B test's verdict, what was learned and the next steps. ``today`` (default:
    today) is the day a goal's progress is judged on."""
    m = doc.measure
    if not (m.export.file or m.tests or m.learned or m.next_steps or any(
            f.current is not None for f in m.goal_figures.values())):
        return None
    out: dict = {"source": None, "kpis": [], "best": [], "goals": [], "tests": [], "learned": m.learned,
                 "next_steps": list(m.next_steps)}
    if m.export.file:
        out["source"] = t("export.onepager.measure_source", lang, file=m.export.file,
                          platform=labels.platform(m.export.platform, lang) if m.export.platform not in ("", "unknown")
                          else t("export.onepager.measure_no_platform", lang),
                          rows=m.export.rows, start=render.date(m.export.start, lang) or "?",
                          end=render.date(m.export.end, lang) or "?")
    chosen = f"engagement_rate_{m.engagement_basis}"
    order = [chosen, *(k for k in metrics.FORMULAS if k not in metrics.ENGAGEMENT_RATES)]
    out["kpis"] = [(metrics.kpi_label(k, lang), metrics.formula_text(k, lang), metrics.show(m.kpis[k], k, lang))
                   for k in order if k in m.kpis]
    out["best"] = [t("export.onepager.measure_best_slot", lang, day=labels.weekday(b.weekday, lang),
                     start=f"{b.hour:02d}:00", value=metrics.show(b.rate, chosen, lang),
                     posts=render.number(b.posts, lang)) for b in m.best_times]
    today = today or dt.date.today()
    start = m.goals_set_on or doc.created_at.astimezone().date()
    for number, goal in enumerate(doc.goals, start=1):
        kept = m.goal_figures.get(goal.id)
        if kept is None or kept.current is None:
            continue
        readable = progress.measurable(goal, lang)
        state = progress.progress(readable, kept.current, today, start)
        out["goals"].append((t("export.onepager.measure_goal", lang, number=number, sentence=goal.sentence or "-"),
                             progress.summary(state, readable, lang)))
    for test in m.tests:
        name = test.name or t("export.onepager.measure_test_unnamed", lang)
        try:
            result = abtest.compare(test.a_converted, test.a_shown, test.b_converted, test.b_shown, lang)
        except (abtest.AbTestProblem, TypeError, ValueError):
            out["tests"].append((name, t("export.onepager.measure_test_incomplete", lang)))
            continue
        variants = t("export.onepager.measure_test_variants", lang, a=test.variant_a or "A", b=test.variant_b or "B",
                     rate_a=abtest.percent(result.rate_a, lang), rate_b=abtest.percent(result.rate_b, lang))
        out["tests"].append((name, f"{variants} {abtest.verdict(result, lang)}"))
    return out
