"""Step 4, content: the Hero-Hub-Help model, the mix, formats and the weekly posting plan.

Pure functions over ``data/hero_hub_help.yaml``, ``data/content_formats.csv`` and the Strategy
document: :func:`hhh_table`, :func:`mix_problem`, :func:`formats_for`, :func:`plan`,
:func:`weekly_load` and :func:`frequency_problems`.

Channels in ``content.posts_per_week``, ``days`` and ``times`` are keyed by the channel's name as
chosen in step 3 (normally a platform key such as ``"instagram"``).
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from . import data, labels
from .channels import platform_key
from .i18n import current_language, t
from .labels import FORMATS, LAYERS, WEEKDAYS as DAYS
from .model import Strategy

MAX_PER_CHANNEL = 14  # more than two posts a day on one channel is a lot for any organisation
POSTS_PER_PERSON = 7  # a week, next to other work: a sensible ceiling for a small team
ASSUMED_TEAM = 2  # team size assumed before step 5 names the members
TOTAL = "_total"  # the key of a problem about the whole plan in :func:`frequency_problems`
#: the rows of the Hero-Hub-Help reference table (data/hhh.yaml)
_aspect = labels.kind("hhh_aspect", "content.hhh.{}", ("layer", "rhythm", "focus", "tactics", "value", "role", "cta"))


# --------------------------------------------------------------------------------------------------
# Hero-Hub-Help

def hhh() -> dict:
    """The Hero-Hub-Help reference (``data/hero_hub_help.yaml``) as it is on disk."""
    return data.yaml_file("hero_hub_help")


def hhh_table(lang: str | None = None) -> pd.DataFrame:
    """Seed 000's Hero-Hub-Help table: one row per aspect (character, focus, tactics, value, role,
    call to action), one column per layer (Help, Hub, Hero), in the user's language."""
    lang = current_language(lang)
    ref = hhh()
    order = [layer for layer in ref.get("order", ["help", "hub", "hero"]) if layer in LAYERS]
    aspects = ref.get("aspects", [])
    columns = {}
    for layer in order:
        texts = ref["layers"][layer].get(lang) or ref["layers"][layer].get("nl", {})
        columns[labels.layer(layer, lang)] = [texts.get(a, "") for a in aspects]
    index = pd.Index([_aspect(a, lang) for a in aspects], name=t("content.hhh.aspect", lang))
    return pd.DataFrame(columns, index=index)


def default_mix() -> dict[str, int]:
    mix = hhh().get("default_mix") or {"hero": 10, "hub": 30, "help": 60}
    return {layer: int(mix[layer]) for layer in LAYERS}


def mix_problem(hero: Any, hub: Any, help: Any, lang: str | None = None) -> str | None:
    """What is wrong with a Hero-Hub-Help mix in plain words, or ``None``: whole percentages
    from 0 to 100 that add up to 100."""
    values = {}
    for layer, value in zip(LAYERS, (hero, hub, help)):
        number = _whole(value)
        if number is None:
            return t("content.mix.not_a_number", lang, layer=labels.layer(layer, lang))
        if not 0 <= number <= 100:
            return t("content.mix.out_of_range", lang, layer=labels.layer(layer, lang))
        values[layer] = number
    total = sum(values.values())
    if total != 100:
        return t("content.mix.sum", lang, total=total, difference=100 - total)
    return None


def _whole(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        value = value.strip().rstrip("%").strip().replace(",", ".")
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number or number != int(number):
        return None
    return int(number)


# --------------------------------------------------------------------------------------------------
# Formats

def formats_for(channel: str) -> list[str]:
    """The formats (keys of :data:`FORMATS`) a business account can post on ``channel``;
    every format for a channel the toolkit does not know."""
    key = platform_key(channel)
    df = data.table("content_formats")
    row = df[df["platform"] == key]
    if row.empty:
        return list(FORMATS)
    given = str(row.iloc[0]["formats"]).split()
    return [f for f in FORMATS if f in given]


# --------------------------------------------------------------------------------------------------
# Frequency: the weekly plan

PLAN_COLUMNS = ["channel", "day", "time", "posts"]


def _channels(doc: Strategy) -> list[str]:
    """Channels with a frequency, in the order of the chosen channels, then the rest."""
    c = doc.content
    named = list(c.posts_per_week) + [k for k in c.days if k not in c.posts_per_week]
    chosen = [ch for ch in doc.channels.chosen if ch in named]
    return chosen + [ch for ch in named if ch not in chosen]


def _spread(posts: int, slots: int) -> list[int]:
    """``posts`` over ``slots`` as evenly as possible, the extra ones spread out (not bunched)."""
    if slots <= 0:
        return []
    base, extra = divmod(posts, slots)
    out = [base] * slots
    for i in range(extra):
        out[(i * slots) // extra] += 1
    return out


def plan(doc: Strategy) -> pd.DataFrame:
    """One row per channel x chosen weekday x chosen time: ``channel``, ``day`` (``"mon"``...),
    ``time`` (``"09:00"``, or ``""`` when no time is chosen) and ``posts`` in that slot in a week.

    A channel's posts per week are spread evenly over its slots; a slot may get 0 (fewer posts
    than slots) or more than 1 (more posts than slots: :func:`frequency_problems` says so).
    A channel with no days chosen has no rows."""
    c = doc.content
    rows = []
    for channel in _channels(doc):
        posts = int(c.posts_per_week.get(channel, 0) or 0)
        days = [d for d in DAYS if d in set(c.days.get(channel, []))]
        times = sorted(set(c.times.get(channel, []))) or [""]
        if posts <= 0 or not days:
            continue
        # spread over the days first (so extra posts fall apart in the week), then over the times
        for day, on_day in zip(days, _spread(posts, len(days))):
            for time, n in zip(times, _spread(on_day, len(times))):
                rows.append({"channel": channel, "day": day, "time": time, "posts": n})
    df = pd.DataFrame(rows, columns=PLAN_COLUMNS)
    if df.empty:
        return df.astype({"posts": "int64"})
    df["_day"] = df["day"].map(DAYS.index)
    order = {ch: i for i, ch in enumerate(_channels(doc))}
    df["_ch"] = df["channel"].map(order)
    df = df.sort_values(["_ch", "_day", "time"]).drop(columns=["_day", "_ch"]).reset_index(drop=True)
    return df


def weekly_load(doc: Strategy) -> pd.DataFrame:
    """Per channel: ``posts_per_week``, the number of ``days`` and ``times`` chosen, and the
    ``slots`` (days x times, at least one time counted) those give."""
    c = doc.content
    rows = []
    for channel in _channels(doc):
        days = len(set(c.days.get(channel, [])))
        times = len(set(c.times.get(channel, [])))
        rows.append({"channel": channel, "posts_per_week": int(c.posts_per_week.get(channel, 0) or 0),
                     "days": days, "times": times, "slots": days * max(times, 1)})
    return pd.DataFrame(rows, columns=["channel", "posts_per_week", "days", "times", "slots"])


def frequency_problems(doc: Strategy, lang: str | None = None) -> dict[str, str]:
    """What does not add up in the posting frequency, per channel, in plain words.

    Keys are channel names; a problem about the whole plan has the key :data:`TOTAL`. Checked:
    posts but no days; days but no posts; more posts than day-and-time slots; more than
    :data:`MAX_PER_CHANNEL` a week on one channel; chosen channels with no frequency and
    frequencies for channels not chosen; and more than :data:`POSTS_PER_PERSON` posts a week per
    team member (a team of :data:`ASSUMED_TEAM` while step 5 names nobody)."""
    out: dict[str, list[str]] = {}
    load = weekly_load(doc)
    for _, row in load.iterrows():
        channel, posts = str(row["channel"]), int(row["posts_per_week"])
        name = labels.platform(channel, lang)
        msgs = out.setdefault(channel, [])
        if posts > 0 and row["days"] == 0:
            msgs.append(t("content.frequency.no_days", lang, channel=name, posts=posts))
        elif posts == 0 and row["days"] > 0:
            msgs.append(t("content.frequency.no_posts", lang, channel=name))
        elif posts > row["slots"] > 0:
            msgs.append(t("content.frequency.more_than_slots", lang, channel=name, posts=posts,
                          slots=int(row["slots"])))
        if posts > MAX_PER_CHANNEL:
            msgs.append(t("content.frequency.too_many", lang, channel=name, posts=posts, max=MAX_PER_CHANNEL))
        if doc.channels.chosen and posts > 0 and channel not in doc.channels.chosen:
            msgs.append(t("content.frequency.not_chosen", lang, channel=name))
    for channel in doc.channels.chosen:
        if channel not in set(load["channel"]) or int(doc.content.posts_per_week.get(channel, 0) or 0) == 0:
            if not out.get(channel):
                out.setdefault(channel, []).append(t("content.frequency.nothing_planned", lang,
                                                     channel=labels.platform(channel, lang)))
    total = int(load["posts_per_week"].sum()) if not load.empty else 0
    members = len([m for m in doc.team.members if m.name.strip()])
    people = members or ASSUMED_TEAM
    if total > POSTS_PER_PERSON * people:
        key = "content.frequency.team_too_small" if members else "content.frequency.team_unknown"
        out.setdefault(TOTAL, []).append(t(key, lang, posts=total, people=people, max=POSTS_PER_PERSON * people))
    return {k: " ".join(v) for k, v in out.items() if v}
