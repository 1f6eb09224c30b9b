"""Part 3 of the whole strategy: a SWOT per channel and one for the organisation (seed 000).

Strengths and weaknesses look inside (what the group does well or not on a channel), opportunities
and threats outside (trends, platform changes, competitors). The channels are those chosen in step 3
(``doc.channels.chosen``) followed by any other the group added (``deep_dives.swot_channels``).
Pure: the form (:mod:`helpers.ui.swot_form`) and the full report draw what this module gives.
"""
from __future__ import annotations

from typing import Any

import altair as alt

from .. import labels, model
from ..charts import WIDTH, _title, _values
from ..i18n import t
from . import Chart, Section, Table

__all__ = ["PARTS", "channel_key", "channels", "chart", "chart_rows", "organisation", "overview", "part_label",
           "prompt", "question", "section"]

#: the four parts of a SWOT, in the order a SWOT is read
PARTS = ("strengths", "weaknesses", "opportunities", "threats")
part_label = labels.kind("swot_part", "swot.parts.{}", PARTS)
#: what to think of for each part (the form's help line) and examples (its placeholder)
question = labels.kind("swot_question", "swot.questions.{}", PARTS)
prompt = labels.kind("swot_prompt", "swot.prompts.{}", PARTS)
COLORS = ("#2e8b57", "#d1495b", "#00798c", "#edae49")
#: as many channels as the document holds a SWOT for (model.DeepDives.swot_channels)
MAX_CHANNELS = 20


def channel_key(name: Any) -> str | None:
    """A channel as typed as the key its SWOT is kept under: a known platform by its code ("Insta " ->
    ``instagram``), any other channel as it was typed ("Mastodon"); ``None`` when nothing was typed."""
    key = labels.platform_candidate(name)
    if key is None or labels.platform(key) != key:
        return key
    return " ".join(str(name).split())


def channels(doc: model.Strategy) -> list[str]:
    """The channels with a SWOT: those chosen in step 3, then the others the group added."""
    return list(dict.fromkeys([*doc.channels.chosen, *doc.deep_dives.swot_channels]))


def _items(swot: model.Swot | None, part: str) -> list[str]:
    return list(getattr(swot, part)) if swot is not None else []


def overview(doc: model.Strategy, lang: str | None = None) -> Table | None:
    """Every channel's SWOT side by side: the channels as columns, the four parts as rows, the
    items of a cell one per line. ``None`` without channels."""
    names = channels(doc)
    if not names:
        return None
    found = doc.deep_dives.swot_channels
    rows = tuple((part_label(p, lang), *("\n".join(_items(found.get(c), p)) for c in names)) for p in PARTS)
    return Table(t("swot.overview.title", lang), (t("swot.overview.part", lang),
                                                  *(labels.platform(c, lang) for c in names)), rows)


def organisation(doc: model.Strategy, lang: str | None = None) -> Table | None:
    """The organisation-wide SWOT as a table of the four parts; ``None`` when it is empty."""
    swot = doc.deep_dives.swot
    if not any(_items(swot, p) for p in PARTS):
        return None
    return Table(t("swot.organisation.title", lang), (t("swot.overview.part", lang), t("swot.organisation.items", lang)),
                 tuple((part_label(p, lang), "\n".join(_items(swot, p))) for p in PARTS))


def chart_rows(doc: model.Strategy, lang: str | None = None) -> list[dict]:
    """What the chart draws: per channel and part, how many points the group wrote."""
    found = doc.deep_dives.swot_channels
    return [{"channel": labels.platform(c, lang), "part": part_label(p, lang), "order": i,
             "items": len(_items(found.get(c), p))} for c in channels(doc) for i, p in enumerate(PARTS)]


def chart(doc: model.Strategy, lang: str | None = None) -> alt.Chart | None:
    """Points per channel, stacked by part: where the group knows a lot, and where little yet.
    ``None`` while no channel has a point."""
    rows = chart_rows(doc, lang)
    if not any(r["items"] for r in rows):
        return None
    parts = [part_label(p, lang) for p in PARTS]
    return alt.Chart(_values(rows)).mark_bar().encode(
        y=alt.Y("channel:N", sort=list(dict.fromkeys(r["channel"] for r in rows)), title=None),
        x=alt.X("sum(items):Q", title=t("swot.chart.x", lang), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("part:N", scale=alt.Scale(domain=parts, range=list(COLORS)),
                        title=None, legend=alt.Legend(orient="bottom")),
        order=alt.Order("order:Q"),
    ).properties(width=WIDTH, height=alt.Step(26),
                 title=_title(t("swot.chart.title", lang), t("swot.chart.subtitle", lang)))


def section(doc: model.Strategy, lang: str | None = None, charts: bool = True) -> Section | None:
    """The SWOT for the full report: the channels side by side, the organisation's SWOT, and the
    chart of points per channel; ``None`` when the group wrote no point at all."""
    table = overview(doc, lang)
    if table is not None and not any(cell for row in table.rows for cell in row[1:]):
        table = None
    blocks: list = [b for b in (table, organisation(doc, lang)) if b is not None]
    if not blocks:
        return None
    drawn = chart(doc, lang) if charts and table is not None else None
    if drawn is not None:
        blocks.append(Chart(drawn, t("swot.chart.alt", lang)))
    return Section("swot", t("swot.section_title", lang), tuple(blocks))
