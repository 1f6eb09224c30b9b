"""Charts: pure functions from data to an Altair chart. They never call ``display``.

:func:`to_svg` draws a chart offline with vl-convert (no CDN, no browser), for notebooks,
app mode and exported files alike. Every label goes through :func:`~helpers.i18n.t`; a chart of
reference data names its source in the subtitle. Data is embedded as inline values (plain
Python types), so ``chart.to_dict()`` shows exactly what is drawn.

Most charts are an ``alt.Chart``; those with value labels on the bars are an ``alt.LayerChart``
(bars plus text: an SVG has no tooltips, so the numbers must be written on the chart).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
import datetime as dt
import math
import textwrap
import threading
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc

from . import labels
from .channels import (COMPONENTS, age_profile_note, component_label, platform_key, platform_label,
    users_note, weights_of)
from .content import DAYS, mix_problem
from .i18n import current_language, t
from .labels import label, layer as labels_layer

WIDTH = 520
LAYER_COLORS = {"hero": "#d1495b", "hub": "#edae49", "help": "#00798c", "": "#9e9e9e"}
LAYER_ORDER = ("help", "hub", "hero", "")
COMPONENT_COLORS = {"audience": "#30638e", "brand": "#00798c", "features": "#edae49"}
MOOD_COLORS = ["#d1495b", "#ee8959", "#edae49", "#8cb369", "#2e8b57"]
HIGHLIGHT = "#222222"


#: One chart drawn at a time: a form redraws its charts from the thread that follows the document
#: as well as from the widget thread, and two threads inside vl-convert at once can wait on each
#: other forever (its engine lock against Python's GIL). Waiting on this lock lets the GIL go.
_DRAWING = threading.Lock()

_mood = labels.kind("mood_word", "charts.mood.{}", range(1, 6))


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart drawn as SVG, offline. The spec is not validated again here (that costs about
    0.5 s a chart on a live form); tests validate every chart's spec with ``to_dict()``."""

    spec = chart.to_dict(validate=False)
    with _DRAWING:
        return vlc.vegalite_to_svg(spec)


# --------------------------------------------------------------------------------------------------
# small helpers

def describe(chart: alt.TopLevelMixin) -> str:
    """A chart's title and subtitle as one sentence: its alternative text ("" without a title)."""
    title = chart.to_dict().get("title") or {}
    if isinstance(title, str):
        title = {"text": title}
    parts = [title.get("text"), title.get("subtitle")]
    words = [" ".join(p) if isinstance(p, list) else p for p in parts if p]
    return ". ".join(str(w).rstrip(".") for w in words)


def _title(text: str, subtitle: str | Sequence[str] | None = None, width: int = 90) -> alt.TitleParams:
    """A title with its subtitle lines wrapped to about ``width`` characters (SVG does not wrap)."""

    given = [subtitle] if isinstance(subtitle, str) else list(subtitle or [])
    lines = [part for line in given if line for part in textwrap.wrap(str(line), width)]
    return alt.TitleParams(text=text, subtitle=lines or alt.Undefined, anchor="start",
                           subtitleColor="#555555", subtitleFontSize=11)


def _number(value: float, lang: str | None, digits: int = 1) -> str:
    """A number as a person in that language writes it: 9,9 in Dutch, 9.9 in English."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if current_language(lang) == "nl" else text


def _plain(value: Any) -> Any:
    """A value as plain JSON (no numpy, no pandas NA), for inline chart data."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def _values(rows: Iterable[dict]) -> alt.Data:
    return alt.Data(values=[{k: _plain(v) for k, v in row.items()} for row in rows])


def _records(df: pd.DataFrame | None) -> list[dict]:
    if df is None:
        return []
    return df.to_dict("records")


# --------------------------------------------------------------------------------------------------
# Step 3: platforms and channel scores

def platform_users(df: pd.DataFrame, lang: str | None = None) -> alt.LayerChart:
    """Users per platform (millions), a bar each, most used on top; source and edition in the subtitle.

    ``df`` comes from :func:`helpers.channels.platforms`. With several editions in ``df`` each edition
    is its own series (its own colour, side by side), never added up or joined. A derived figure is
    drawn lighter and labelled with "≈"."""

    rows = []
    for r in _records(df):
        users = float(r["users_millions"])
        derived = bool(r.get("derived")) if _plain(r.get("derived")) is not None else False
        rows.append({"platform": str(r["platform"]), "label": platform_label(str(r["platform"]), lang),
                     "users": users, "edition": str(_plain(r.get("edition")) or ""), "derived": derived,
                     "text": ("≈" if derived else "") + _number(users, lang)})
    editions = sorted({r["edition"] for r in rows})
    latest = [r for r in rows if r["edition"] == (editions[-1] if editions else "")]
    order = [r["label"] for r in sorted(latest, key=lambda r: -r["users"])]
    order += [r["label"] for r in sorted(rows, key=lambda r: -r["users"]) if r["label"] not in order]
    sources = []
    for edition in editions:
        names = sorted({str(r.get("source")) for r in _records(df) if str(_plain(r.get("edition"))) == edition})
        sources.append(t("charts.platform_users.source", lang, source="; ".join(names), edition=edition))
    if any(r["derived"] for r in rows):
        sources.append(t("charts.platform_users.derived", lang))
    y = alt.Y("label:N", sort=order, title=None)
    base = alt.Chart(_values(rows)).encode(y=y)
    bar_enc: dict[str, Any] = {
        "x": alt.X("users:Q", title=t("charts.platform_users.x", lang)),
        "opacity": alt.condition("datum.derived", alt.value(0.55), alt.value(1.0)),
        "tooltip": [alt.Tooltip("label:N", title=t("charts.platform_users.platform", lang)),
                    alt.Tooltip("text:N", title=t("charts.platform_users.x", lang)),
                    alt.Tooltip("edition:N", title=t("charts.platform_users.edition", lang))],
    }
    if len(editions) > 1:
        bar_enc["color"] = alt.Color("edition:N", title=t("charts.platform_users.edition", lang))
        bar_enc["yOffset"] = alt.YOffset("edition:N")
    bars = base.mark_bar(color="#30638e").encode(**bar_enc)
    text_enc: dict[str, Any] = {"x": alt.X("users:Q"), "text": alt.Text("text:N")}
    if len(editions) > 1:
        text_enc["yOffset"] = alt.YOffset("edition:N")
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(**text_enc)
    title = t("charts.platform_users.title", lang) if len(editions) != 1 else \
        t("charts.platform_users.title_edition", lang, edition=editions[0])
    return alt.layer(bars, labels).properties(
        width=WIDTH, height=alt.Step(22 if len(editions) <= 1 else 12), title=_title(title, sources))


def channel_scores(score_df: pd.DataFrame, chosen: Iterable[str] | None = None,
                   lang: str | None = None, weights: dict[str, float] | None = None) -> alt.LayerChart:
    """The score of every platform as stacked bars of its three weighted parts (audience, brand,
    features), best on top, the total written beside each bar; chosen platforms are drawn full and
    outlined, the others lighter.

    ``score_df`` comes from :func:`helpers.channels.score`; ``weights`` are the weights it used
    (:func:`helpers.channels.weights_of`), so the parts add up to the total. Scores are shown as
    points out of 100."""

    w = weights or weights_of()
    total_weight = sum(w.get(k, 0.0) for k in COMPONENTS) or 1.0
    picked = {platform_key(c) or str(c) for c in (chosen or [])}
    columns = {"audience": "audience_fit", "brand": "brand_fit", "features": "features"}
    parts, totals = [], []
    rows = sorted(_records(score_df), key=lambda r: int(r.get("rank") or 0))
    order = [platform_label(str(r["platform"]), lang) for r in rows]
    for r in rows:
        label = platform_label(str(r["platform"]), lang)
        is_chosen = str(r["platform"]) in picked
        for i, component in enumerate(COMPONENTS):
            value = float(r[columns[component]])
            parts.append({"platform": str(r["platform"]), "label": label, "chosen": is_chosen,
                          "component": component_label(component, lang), "order": i,
                          "points": round(100 * w.get(component, 0.0) * value / total_weight, 1),
                          "value": round(100 * value)})
        total = round(100 * float(r["total"]))
        mark = (" " + t("charts.channel_scores.chosen", lang)) if is_chosen else ""
        totals.append({"platform": str(r["platform"]), "label": label, "chosen": is_chosen,
                       "points": total, "text": f"{total}{mark}"})
    domain = [component_label(c, lang) for c in COMPONENTS]
    weights_text = ", ".join(f"{component_label(c, lang)} x{_number(w.get(c, 0.0), lang, 0)}"
                             for c in COMPONENTS)
    subtitle = [t("charts.channel_scores.subtitle", lang, weights=weights_text), users_note(lang),
                age_profile_note(None, lang), t("charts.channel_scores.features_source", lang)]
    y = alt.Y("label:N", sort=order, title=None)
    bars = alt.Chart(_values(parts)).mark_bar().encode(
        y=y,
        x=alt.X("points:Q", stack="zero", title=t("charts.channel_scores.x", lang),
                scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("component:N", title=t("charts.channel_scores.legend", lang),
                        scale=alt.Scale(domain=domain, range=[COMPONENT_COLORS[c] for c in COMPONENTS]),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("order:Q"),
        opacity=alt.condition("datum.chosen", alt.value(1.0), alt.value(0.45 if picked else 1.0)),
        stroke=alt.condition("datum.chosen", alt.value(HIGHLIGHT), alt.value(None)),
        tooltip=[alt.Tooltip("label:N", title=t("platforms.columns.platform", lang)),
                 alt.Tooltip("component:N", title=t("charts.channel_scores.legend", lang)),
                 alt.Tooltip("value:Q", title=t("charts.channel_scores.value", lang)),
                 alt.Tooltip("points:Q", title=t("charts.channel_scores.x", lang))],
    )
    labels = alt.Chart(_values(totals)).mark_text(align="left", dx=4, fontSize=11).encode(
        y=y, x=alt.X("points:Q"), text=alt.Text("text:N"),
    )
    return alt.layer(bars, labels).properties(
        width=WIDTH, height=alt.Step(22),
        title=_title(t("charts.channel_scores.title", lang), subtitle))


# --------------------------------------------------------------------------------------------------
# Step 4: content

def hhh_mix(hero: float, hub: float, help: float, lang: str | None = None) -> alt.LayerChart:
    """The Hero-Hub-Help mix as one bar of 100%, Help first, each part labelled with its percentage.
    A mix that does not add up to 100 is still drawn; the subtitle then says what is wrong."""

    values = {"hero": hero, "hub": hub, "help": help}
    rows = []
    for i, layer in enumerate(("help", "hub", "hero")):
        try:
            percent = max(0.0, float(values[layer]))
        except (TypeError, ValueError):
            percent = 0.0
        rows.append({"layer": layer, "name": label("layer", layer, lang), "percent": percent,
                     "order": i, "text": f"{label('layer', layer, lang)} {percent:g}%" if percent else ""})
    problem = mix_problem(hero, hub, help, lang)
    base = alt.Chart(_values(rows))
    domain = [label("layer", layer, lang) for layer in ("help", "hub", "hero")]
    bar = base.mark_bar().encode(
        x=alt.X("percent:Q", stack="zero", title=t("charts.hhh_mix.x", lang),
                scale=alt.Scale(domain=[0, max(100.0, sum(r["percent"] for r in rows))])),
        color=alt.Color("name:N", title=None, legend=None,
                        scale=alt.Scale(domain=domain, range=[LAYER_COLORS[x] for x in ("help", "hub", "hero")])),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("name:N", title=t("charts.hhh_mix.layer", lang)),
                 alt.Tooltip("percent:Q", title="%")],
    )
    # a label is centred on its part: stack, then put the text in the middle
    text = base.transform_window(
        cumulative="sum(percent)", sort=[alt.SortField("order")], frame=[None, 0]
    ).transform_calculate(middle="datum.cumulative - datum.percent / 2").mark_text(
        color="white", fontWeight="bold", fontSize=12).encode(x=alt.X("middle:Q"), text=alt.Text("text:N"))
    return alt.layer(bar, text).properties(
        width=WIDTH, height=48,
        title=_title(t("charts.hhh_mix.title", lang), [problem or t("charts.hhh_mix.subtitle", lang)]))


def content_plan(plan_df: pd.DataFrame, lang: str | None = None) -> alt.LayerChart:
    """Posts per channel and weekday as a heatmap (darker = more posts), the number in each cell.

    ``plan_df`` comes from :func:`helpers.content.plan` (columns channel, day, time, posts); the
    times of one day are added up. Every weekday is shown, also the empty ones."""

    sums: dict[tuple[str, str], int] = {}
    channels: list[str] = []
    for r in _records(plan_df):
        channel = str(r["channel"])
        if channel not in channels:
            channels.append(channel)
        key = (channel, str(r["day"]))
        sums[key] = sums.get(key, 0) + int(r.get("posts") or 0)
    rows = [{"channel": ch, "label": labels.platform(ch, lang), "day": d, "day_label": labels.weekday(d, lang, short=True),
             "posts": sums.get((ch, d), 0), "text": str(sums.get((ch, d), 0)) if sums.get((ch, d), 0) else ""}
            for ch in channels for d in DAYS]
    day_order = [labels.weekday(d, lang, short=True) for d in DAYS]
    most = max([r["posts"] for r in rows], default=0)
    x = alt.X("day_label:N", sort=day_order, title=None, axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("label:N", sort=[labels.platform(c, lang) for c in channels], title=None)
    base = alt.Chart(_values(rows)).encode(x=x, y=y)
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("posts:Q", title=t("charts.content_plan.legend", lang),
                        scale=alt.Scale(scheme="blues", domainMin=0), legend=None),
        tooltip=[alt.Tooltip("label:N", title=t("content.columns.channel", lang)),
                 alt.Tooltip("day_label:N", title=t("content.columns.day", lang)),
                 alt.Tooltip("posts:Q", title=t("content.columns.posts", lang))],
    )
    text = base.mark_text(fontSize=12).encode(
        text=alt.Text("text:N"),
        color=alt.condition(f"datum.posts > {most / 2}", alt.value("white"), alt.value("black")),
    )
    subtitle = t("charts.content_plan.subtitle", lang) if rows else t("charts.content_plan.empty", lang)
    return alt.layer(cells, text).properties(
        width=alt.Step(44), height=alt.Step(30),
        title=_title(t("charts.content_plan.title", lang), subtitle))


def calendar(entries_df: pd.DataFrame, lang: str | None = None) -> alt.Chart:
    """The content calendar: date across, channel down, one mark per post coloured by its
    Hero-Hub-Help layer (grey when it has none yet).

    ``entries_df`` has the columns date, time, channel, theme, layer, owner, title (as the model's
    calendar entries); dates may be ``datetime.date`` objects or ISO strings."""

    rows = []
    for r in _records(entries_df):
        date = _plain(r.get("date"))
        if date is None:
            continue
        layer = str(_plain(r.get("layer")) or "")
        layer = layer if layer in LAYER_COLORS else ""
        channel = str(_plain(r.get("channel")) or "")
        rows.append({"date": f"{str(date)[:10]}T00:00:00", "time": str(_plain(r.get("time")) or ""),
                     "channel": channel,
                     "label": labels.platform(channel, lang) if channel else t("charts.calendar.no_channel", lang),
                     "layer": layer, "layer_name": _layer_name(layer, lang),
                     "theme": str(_plain(r.get("theme")) or ""), "owner": str(_plain(r.get("owner")) or ""),
                     "title": str(_plain(r.get("title")) or "")})
    # posts on the same day and channel sit one above the other, in the order of their time
    seen: dict[tuple[str, str], int] = {}
    for row in sorted(rows, key=lambda r: (r["label"], r["date"], r["time"])):
        key = (row["label"], row["date"])
        row["slot"] = seen.get(key, 0)
        seen[key] = row["slot"] + 1
    domain = [_layer_name(x, lang) for x in LAYER_ORDER]
    chart = alt.Chart(_values(rows)).mark_square(size=140 if max(seen.values(), default=1) <= 1 else 80,
                                                 opacity=0.9).encode(
        x=alt.X("date:T", title=None, scale=alt.Scale(padding=12),
                axis=alt.Axis(format=t("charts.calendar.date_format", lang), labelAngle=0, tickCount="day"
                              if len({r['date'] for r in rows}) <= 10 else alt.Undefined)),
        y=alt.Y("label:N", title=None, axis=alt.Axis(labelPadding=8)),
        yOffset=alt.YOffset("slot:O"),
        color=alt.Color("layer_name:N", title=t("charts.calendar.legend", lang),
                        scale=alt.Scale(domain=domain, range=[LAYER_COLORS[x] for x in LAYER_ORDER]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("date:T", title=t("charts.calendar.date", lang), format="%d-%m-%Y"),
                 alt.Tooltip("time:N", title=t("content.columns.time", lang)),
                 alt.Tooltip("label:N", title=t("content.columns.channel", lang)),
                 alt.Tooltip("title:N", title=t("charts.calendar.title_field", lang)),
                 alt.Tooltip("theme:N", title=t("charts.calendar.theme", lang)),
                 alt.Tooltip("layer_name:N", title=t("charts.calendar.legend", lang)),
                 alt.Tooltip("owner:N", title=t("charts.calendar.owner", lang))],
    )
    subtitle = t("charts.calendar.subtitle", lang, count=len(rows)) if rows else t("charts.calendar.empty", lang)
    return chart.properties(width=WIDTH, height=alt.Step(30),
                            title=_title(t("charts.calendar.title", lang), subtitle))


def _layer_name(layer: str, lang: str | None) -> str:
    return labels_layer(layer, lang)


# --------------------------------------------------------------------------------------------------
# The trainer

def mood_distribution(moods: Iterable[Any], lang: str | None = None) -> alt.LayerChart:
    """How many people checked in with each mood (1-5); every mood is shown, also at 0.
    Anything that is not a whole number from 1 to 5 is left out."""
    counts = {m: 0 for m in range(1, 6)}
    for mood in moods or []:
        try:
            number = float(mood)
        except (TypeError, ValueError):
            continue
        if math.isfinite(number) and number == int(number) and 1 <= number <= 5 and not isinstance(mood, bool):
            counts[int(number)] += 1
    rows = [{"mood": m, "label": f"{m} {_mood(m, lang)}", "count": c, "text": str(c) if c else ""}
            for m, c in counts.items()]
    order = [r["label"] for r in rows]
    base = alt.Chart(_values(rows)).encode(x=alt.X("label:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar().encode(
        y=alt.Y("count:Q", title=t("charts.mood.y", lang), axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("label:N", legend=None, scale=alt.Scale(domain=order, range=MOOD_COLORS)),
    )
    text = base.mark_text(dy=-6, fontSize=12).encode(y=alt.Y("count:Q"), text=alt.Text("text:N"))
    total = sum(counts.values())
    return alt.layer(bars, text).properties(
        width=alt.Step(70), height=180,
        title=_title(t("charts.mood.title", lang), t("charts.mood.subtitle", lang, count=total)))
