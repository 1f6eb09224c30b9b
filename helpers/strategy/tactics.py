"""Part 4 of the whole strategy: key messages per audience, and the tactic questions (seeds 000, 001).

Key messages start from the workshop: the persona of step 1 and the key messages and tone of step
4. The tactics: paid, organic or both per chosen channel; influencers and why (influence is not
reach: it changes what people do); the kinds of user-generated content; content inspiration; the
share of own content against content of others; segmentation; and when the team answers.
Pure: the forms (:mod:`helpers.ui.tactics_form`) and the full report draw what this module gives.
"""
from __future__ import annotations

import altair as alt

from .. import labels, model, render
from ..charts import WIDTH, _title, _values
from ..i18n import t
from . import Chart, Items, Section, Table, Text

__all__ = ["MIXES", "TOPICS", "UGC_TYPES", "heading", "placeholder", "question", "chart", "chart_rows", "messages_table", "mix_label", "share_text", "section",
           "starting_point", "ugc_explained", "ugc_label", "ugc_meaning", "ugc_text"]

#: paid or organic, per channel (``deep_dives.tactics.paid``)
MIXES = ("organic", "paid", "both")
mix_label = labels.kind("tactic_mix", "tactics.mixes.{}", MIXES)
#: the kinds of user-generated content (``deep_dives.tactics.ugc``), and what each means
UGC_TYPES = ("social_proof", "user_moment", "crowdsourcing")
ugc_label = labels.kind("ugc_type", "tactics.ugc_types.{}", UGC_TYPES)
ugc_meaning = labels.kind("ugc_meaning", "tactics.ugc_meanings.{}", UGC_TYPES)
SHARE_COLORS = ("#30638e", "#edae49")
#: the form's questions, in its order: a heading and a question each; and the placeholders of its fields
TOPICS = ("paid", "influencers", "ugc", "inspiration", "share", "segmentation", "answer_hours")
heading = labels.kind("tactics_heading", "tactics.headings.{}", TOPICS)
question = labels.kind("tactics_question", "tactics.questions.{}", TOPICS)
placeholder = labels.kind("tactics_placeholder", "tactics.placeholders.{}", (
    "influencers", "influence_note", "ugc_note", "inspiration", "share", "segmentation", "answer_hours", "audience",
    "message"))


def ugc_text(code: str, lang: str | None = None) -> str:
    """A kind of user content and what it means ("Sociaal bewijs: reviews, ..."); other text as typed."""
    return f"{ugc_label(code, lang)}: {ugc_meaning(code, lang)}" if code in UGC_TYPES else code


def ugc_explained(lang: str | None = None) -> Items:
    """The kinds of user content the form offers, each with what it means."""
    return Items(t("tactics.ugc_kinds", lang), tuple(ugc_text(u, lang) for u in UGC_TYPES))


def starting_point(doc: model.Strategy, lang: str | None = None) -> tuple:
    """What the workshop already said, as blocks: the persona or audience of step 1, and the key
    messages and tone of step 4 (nothing for a step left empty)."""
    a, c = doc.audience, doc.content
    blocks: list = []
    who = " – ".join(x for x in (a.persona_name, f"“{a.persona_quote}”" if a.persona_quote else "", a.description) if x)
    if who:
        blocks.append(Text(t("tactics.start.audience", lang), who))
    if c.key_messages:
        blocks.append(Items(t("tactics.start.key_messages", lang), tuple(c.key_messages)))
    if c.tone or c.tone_notes:
        blocks.append(Text(t("tactics.start.tone", lang), "\n".join(x for x in (", ".join(c.tone), c.tone_notes) if x)))
    return tuple(blocks)


def messages_table(doc: model.Strategy, lang: str | None = None) -> Table | None:
    rows = tuple((m.audience, m.message) for m in doc.deep_dives.messages if m.audience or m.message)
    if not rows:
        return None
    return Table(t("tactics.messages_title", lang),
                 (model.field_label(("deep_dives", "messages", "audience"), lang),
                  model.field_label(("deep_dives", "messages", "message"), lang)), rows)


def share_text(own: int | None, lang: str | None = None) -> str:
    """"60% eigen content, 40% van anderen" ("" when not answered)."""
    if own is None:
        return ""
    return t("tactics.share", lang, own=render.number(own, lang), other=render.number(100 - own, lang))


def chart_rows(doc: model.Strategy, lang: str | None = None) -> list[dict]:
    """What the chart draws: the share of own content and of content by others, in percent."""
    own = doc.deep_dives.tactics.own_share
    if own is None:
        return []
    return [{"source": t("tactics.chart.own", lang), "share": own, "order": 0,
             "text": f"{render.number(own, lang)}%"},
            {"source": t("tactics.chart.others", lang), "share": 100 - own, "order": 1,
             "text": f"{render.number(100 - own, lang)}%"}]


def chart(doc: model.Strategy, lang: str | None = None) -> alt.LayerChart | None:
    """One bar of 100%: own content against content of others (``None`` when not answered)."""
    rows = chart_rows(doc, lang)
    if not rows:
        return None
    sources = [r["source"] for r in rows]
    base = alt.Chart(_values(rows)).encode(
        x=alt.X("share:Q", stack="zero", scale=alt.Scale(domain=[0, 100]), title=t("tactics.chart.x", lang)),
        order=alt.Order("order:Q"))
    bars = base.mark_bar().encode(color=alt.Color("source:N", scale=alt.Scale(domain=sources, range=list(SHARE_COLORS)),
                                                  title=None, legend=alt.Legend(orient="bottom")))
    text = base.mark_text(align="right", dx=-4, color="#ffffff", fontSize=12).encode(
        x=alt.X("share:Q", stack="zero"), text=alt.Text("text:N"))
    return alt.layer(bars, text).properties(
        width=WIDTH, height=40, title=_title(t("tactics.chart.title", lang), share_text(rows[0]["share"], lang)))


def _block(tc: model.Tactics, name: str, label: str, lang: str | None):
    """One answer of the tactics as a block of the report (``None`` when not answered)."""
    value = getattr(tc, name)
    if name == "paid":
        rows = tuple((labels.platform(c, lang), mix_label(m, lang)) for c, m in value.items() if m)
        return Table(label, (t("tactics.channel", lang), label), rows) if rows else None
    if name == "ugc":
        return Items(label, tuple(ugc_text(u, lang) for u in value)) if value else None
    if name == "own_share":
        return Text(label, share_text(value, lang)) if value is not None else None
    if isinstance(value, list):
        return Items(label, tuple(value)) if value else None
    return Text(label, value) if value else None


def section(doc: model.Strategy, lang: str | None = None, charts: bool = True) -> Section | None:
    """Key messages and tactics for the full report; ``None`` when neither has an answer."""
    tc = doc.deep_dives.tactics
    blocks = [messages_table(doc, lang)]
    blocks += [_block(tc, name, model.field_label(("deep_dives", "tactics", name), lang), lang)
               for name in model.Tactics.model_fields]
    blocks = [b for b in blocks if b is not None]
    if not blocks:
        return None
    drawn = chart(doc, lang) if charts else None
    if drawn is not None:
        blocks.append(Chart(drawn, t("tactics.chart.alt", lang, share=share_text(tc.own_share, lang))))
    return Section("tactics", t("tactics.section_title", lang), tuple(blocks))
