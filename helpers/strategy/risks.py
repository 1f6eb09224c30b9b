"""Part 6 of the self-study: the risk register (``doc.deep_dives.risks``), its prepared scenarios
and the likelihood x impact matrix. Pure logic and a pure chart: no widgets, no files.

A risk's score is its likelihood times its impact (each 1 to 5, so 1 to 25); its level is low up to
4, medium from 5 to 9 and high from 10. A risk is known by its number: its place in the register.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import altair as alt

from .. import labels, model, render
from ..charts import _title, _values
from ..i18n import t
from . import Chart, Items, Section, Table

__all__ = ["COLORS", "LEVELS", "PREPARED", "SCALE", "choice", "level", "level_label", "lines", "matrix", "matrix_rows",
           "prepared", "prepared_button", "ranked", "score", "section"]

LEVELS = ("low", "medium", "high")
COLORS = {"low": "#8cb369", "medium": "#edae49", "high": "#d1495b"}
#: the highest score of each level but the last
LIMITS = {"low": 4, "medium": 9}
SCALE = range(1, 6)
#: the prepared scenarios: code -> (likelihood, impact) they start with
PREPARED = {"wrong_post": (3, 4), "complaints": (3, 3), "hacked": (2, 5)}
CELL = 64  # a square of the matrix, in pixels

level_label = labels.kind("risk_level", "risks.level.{}", LEVELS)
scale_word = labels.kind("risk_scale", "risks.scale.{}", SCALE)
prepared_button = labels.kind("risk_button", "risks.prepared.{}.button", PREPARED)
_prepared_title = labels.kind("risk_title", "risks.prepared.{}.title", PREPARED)
_prepared_scenario = labels.kind("risk_scenario", "risks.prepared.{}.scenario", PREPARED)
_prepared_response = labels.kind("risk_response", "risks.prepared.{}.response", PREPARED)


def score(likelihood: int, impact: int) -> int:
    return int(likelihood) * int(impact)


def level(points: int) -> str:
    """The level code of a score: ``low``, ``medium`` or ``high``."""
    return next((code for code, top in LIMITS.items() if points <= top), "high")


def choice(number: int, lang: str | None = None) -> str:
    """A point of the 1-5 scale as a drop-down shows it: "4 · groot"."""
    return t("risks.choice", lang, number=number, word=scale_word(number, lang))


def prepared(code: str, lang: str | None = None) -> dict:
    """A new row of the register for a prepared scenario, in ``lang``."""
    likelihood, impact = PREPARED[code]
    return {"title": _prepared_title(code, lang), "scenario": _prepared_scenario(code, lang),
            "likelihood": likelihood, "impact": impact, "response": _prepared_response(code, lang), "owner": ""}


def ranked(risks: Sequence[model.Risk]) -> list[tuple[int, model.Risk]]:
    """(number, risk), highest score first; equal scores keep the register's order."""
    numbered = list(enumerate(risks, start=1))
    return sorted(numbered, key=lambda nr: -score(nr[1].likelihood, nr[1].impact))


def lines(risks: Sequence[model.Risk], lang: str | None = None) -> list[str]:
    """The register from high to low in words, one line a risk: "2. Gehackt account: kans 2 x impact 5
    = 10, Hoog" (a risk without a title says so)."""
    return [t("risks.form.line", lang, number=render.number(n, lang), title=r.title or t("risks.form.untitled", lang),
              likelihood=render.number(r.likelihood, lang), impact=render.number(r.impact, lang),
              score=render.number(score(r.likelihood, r.impact), lang),
              level=level_label(level(score(r.likelihood, r.impact)), lang)) for n, r in ranked(risks)]


def matrix_rows(risks: Iterable[model.Risk], lang: str | None = None) -> list[dict]:
    """The 25 squares of the matrix: likelihood, impact, score, level (code and word) and ``text``,
    the numbers of the risks in that square ("1, 3"; "" when none)."""
    placed: dict[tuple[int, int], list[str]] = {}
    for number, risk in enumerate(risks, start=1):
        placed.setdefault((risk.likelihood, risk.impact), []).append(str(number))
    return [{"likelihood": li, "impact": im, "score": score(li, im), "level": level(score(li, im)),
             "level_label": level_label(level(score(li, im)), lang), "text": ", ".join(placed.get((li, im), []))}
            for li in SCALE for im in SCALE]


def matrix(risks: Sequence[model.Risk], lang: str | None = None) -> alt.LayerChart:
    """Likelihood (up) x impact (right), each square coloured low, medium or high by its score, the
    numbers of the risks written in their square."""
    rows = matrix_rows(risks, lang)
    base = alt.Chart(_values(rows)).encode(
        x=alt.X("impact:O", sort=list(SCALE), title=t("risks.chart.impact", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("likelihood:O", sort=list(reversed(SCALE)), title=t("risks.chart.likelihood", lang)))
    words = [level_label(code, lang) for code in LEVELS]
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color("level_label:N", scale=alt.Scale(domain=words, range=[COLORS[c] for c in LEVELS]),
                        legend=alt.Legend(orient="bottom", title=t("risks.chart.level", lang))))
    numbers = base.mark_text(fontSize=14, fontWeight="bold", color="#222222").encode(text=alt.Text("text:N"))
    subtitle = [t("risks.chart.subtitle", lang), t("risks.chart.numbers", lang)]
    return alt.layer(cells, numbers).properties(
        width=CELL * len(SCALE), height=CELL * len(SCALE), title=_title(t("risks.chart.title", lang), subtitle, 52))


def section(doc: model.Strategy, lang: str | None = None, charts: bool = True) -> Section | None:
    """The part for the full report: the register in its order with score and level, the risks per
    level and the matrix (``None`` without risks)."""
    risks = doc.deep_dives.risks
    if not risks:
        return None
    head = tuple(t(key, lang) for key in ("risks.section.number", "risks.section.risk", "risks.section.scenario",
                                      "risks.section.likelihood", "risks.section.impact", "risks.section.score",
                                      "risks.section.level", "risks.section.response", "risks.section.owner"))
    rows = tuple((render.number(n, lang), r.title, r.scenario, render.number(r.likelihood, lang),
                  render.number(r.impact, lang), render.number(score(r.likelihood, r.impact), lang),
                  level_label(level(score(r.likelihood, r.impact)), lang), r.response, r.owner)
                 for n, r in enumerate(risks, start=1))
    per_level = {code: [str(n) for n, r in enumerate(risks, start=1) if level(score(r.likelihood, r.impact)) == code]
                 for code in reversed(LEVELS)}
    counts = tuple(t("risks.section.level_line", lang, level=level_label(code, lang),
                     number=render.number(len(found), lang))
                   + (f" ({', '.join(found)})" if found else "") for code, found in per_level.items())
    blocks: list = [Table(t("risks.section.register", lang), head, rows, (0, 3, 4, 5)),
                    Items(t("risks.section.levels", lang), counts)]
    if charts:
        blocks.append(Chart(matrix(risks, lang), t("risks.section.alt", lang)))
    return Section("risks", t("risks.title", lang), tuple(blocks))
