"""Step 5: the content calendar, generated from the answers of step 4, and checks on team tasks.

Pure logic: no widgets, no files. :func:`generate` turns posts per week, days, times, themes,
formats, the Hero-Hub-Help mix and the team into a list of :class:`~helpers.model.CalendarEntry`;
the group then edits that list in the document (``calendar.entries``).

The rules, so a trainer can explain the result:

- channels: those chosen in step 3 (``channels.chosen``) when any are chosen, else every channel
  with posts per week; a channel with no posts per week gets no entries;
- days: the channel's days from step 4; without days the posts are spread over weekdays
  (:data:`DEFAULT_DAYS`); with more posts than days, a day gets several posts at different times;
- times: the channel's times rotate over its posts; without times 09:00 (:data:`DEFAULT_TIME`);
- themes rotate per channel, each channel starting one theme further, so two channels that post on
  the same day do not carry the same theme; formats rotate per channel; owners take turns;
- Hero, Hub and Help: the whole calendar gets counts in proportion to the mix (largest remainder),
  spread evenly over time (smooth weighted round robin), so Hero posts do not cluster;
- ``seed`` shifts where the rotations start: another seed, another plan, still deterministic.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

import pandas as pd

from . import model
from .i18n import t

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: days used when a channel has posts per week but no days (index = posts per week)
DEFAULT_DAYS: dict[int, tuple[str, ...]] = {
    1: ("tue",),
    2: ("tue", "thu"),
    3: ("mon", "wed", "fri"),
    4: ("mon", "tue", "thu", "fri"),
    5: ("mon", "tue", "wed", "thu", "fri"),
    6: ("mon", "tue", "wed", "thu", "fri", "sat"),
}
DEFAULT_TIME = "09:00"
#: extra times for a day that carries more posts than the channel has times
EXTRA_TIMES = ("12:30", "17:00", "20:00", "07:30", "11:00", "15:00", "19:00", "21:00", "08:00",
               "10:00", "13:30", "16:00", "18:00", "22:00")
LAYERS = ("hero", "hub", "help")
COLUMNS = ["date", "time", "channel", "theme", "layer", "format", "owner", "title", "status"]
TITLE_SEPARATOR = " – "


def _max_entries() -> int:
    """The model's limit on ``calendar.entries`` (so a generated calendar can always be saved)."""
    for meta in model.Calendar.model_fields["entries"].metadata:
        limit = getattr(meta, "max_length", None)
        if limit:
            return int(limit)
    return 2000


def _max_short() -> int:
    return model.SHORT


def next_monday(today: dt.date | None = None) -> dt.date:
    """``today`` when it is a Monday, else the coming Monday."""
    today = today or dt.date.today()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


def _lookup(mapping: dict[str, Any], channel: str) -> Any:
    """``mapping[channel]``, matching the channel name case-insensitively as a fallback."""
    if channel in mapping:
        return mapping[channel]
    wanted = channel.strip().casefold()
    for key, value in mapping.items():
        if key.strip().casefold() == wanted:
            return value
    return None


def channels_to_plan(doc: model.Strategy) -> list[tuple[str, int]]:
    """``(channel, posts per week)`` for every channel that gets entries, in a stable order."""
    ppw = doc.content.posts_per_week
    if doc.channels.chosen:
        names = list(dict.fromkeys(c for c in doc.channels.chosen if c))
    else:
        names = list(ppw)
    out = []
    for name in names:
        n = _lookup(ppw, name) or 0
        if n > 0:
            out.append((name, int(n)))
    return out


def week_days(posts: int, days: Iterable[str] | None) -> list[str]:
    """The weekday of each post in one week, in weekday order (a day may repeat)."""
    chosen = sorted({d for d in (days or []) if d in WEEKDAYS}, key=WEEKDAYS.index)
    if not chosen:
        chosen = list(DEFAULT_DAYS.get(posts, WEEKDAYS))
    if posts <= len(chosen):
        # spread: pick evenly spaced days out of the chosen ones
        picked = [chosen[(i * len(chosen)) // posts] for i in range(posts)]
    else:
        picked = [chosen[i % len(chosen)] for i in range(posts)]
    return sorted(picked, key=WEEKDAYS.index)


def _day_times(times: list[str], count: int) -> list[str]:
    """``count`` different times for one day, earliest first."""
    base = sorted(dict.fromkeys(times)) or [DEFAULT_TIME]
    pool = base + [x for x in EXTRA_TIMES if x not in base]
    if count > len(pool):  # cannot happen within the model's limits; keep going anyway
        pool += [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30) if f"{h:02d}:{m:02d}" not in pool]
    return sorted(pool[:count])


def _slots(channel: str, posts: int, doc: model.Strategy) -> list[tuple[int, str]]:
    """``(day offset in the week, time)`` for each post of one week on one channel."""
    days = _lookup(doc.content.days, channel) or []
    times = list(_lookup(doc.content.times, channel) or [])
    picked = week_days(posts, days)
    per_day = {d: picked.count(d) for d in picked}
    out: list[tuple[int, str]] = []
    if max(per_day.values()) == 1:
        rotation = times or [DEFAULT_TIME]
        for i, d in enumerate(picked):
            out.append((WEEKDAYS.index(d), rotation[i % len(rotation)]))
    else:
        for d in dict.fromkeys(picked):
            for time in _day_times(times, per_day[d]):
                out.append((WEEKDAYS.index(d), time))
    return out


def layer_counts(total: int, hero: int, hub: int, help: int) -> dict[str, int]:
    """How many of ``total`` entries get each layer: largest remainder, ties to Help, Hub, Hero."""
    weights = {"hero": hero, "hub": hub, "help": help}
    whole = sum(weights.values())
    if total <= 0:
        return {k: 0 for k in LAYERS}
    if whole <= 0:
        weights, whole = {"hero": 0, "hub": 0, "help": 1}, 1
    exact = {k: total * w / whole for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    rest = total - sum(counts.values())
    order = sorted(LAYERS, key=lambda k: (-(exact[k] - counts[k]), -LAYERS.index(k)))
    for k in order[:rest]:
        counts[k] += 1
    return counts


def layer_sequence(total: int, hero: int, hub: int, help: int) -> list[str]:
    """The layer of each of ``total`` entries in time order, with counts from :func:`layer_counts`,
    spread evenly (smooth weighted round robin: the most "owed" layer goes next)."""
    counts = layer_counts(total, hero, hub, help)
    current = {k: 0 for k in LAYERS}
    out = []
    for _ in range(total):
        for k in LAYERS:
            current[k] += counts[k]
        best = max(LAYERS, key=lambda k: (current[k], LAYERS.index(k)))  # ties: Help first
        current[best] -= total
        out.append(best)
    return out


def make_title(theme: str, fmt: str, channel: str = "", lang: str | None = None) -> str:
    parts = [p for p in (theme.strip(), fmt.strip()) if p]
    title = TITLE_SEPARATOR.join(parts) if parts else t("schedule.untitled", lang, channel=channel)
    limit = _max_short()
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def generate(doc: model.Strategy, start: dt.date | None = None, weeks: int | None = None,
             seed: int = 0, today: dt.date | None = None) -> list[model.CalendarEntry]:
    """A content calendar of ``weeks`` weeks from ``start`` (default: the document's calendar
    settings, else 4 weeks from the next Monday), built from step 4. Deterministic: the same
    document and arguments give the same calendar. Empty when no channel has posts per week."""
    lang = doc.language
    start = start or doc.calendar.start or next_monday(today)
    weeks = max(1, int(weeks or doc.calendar.weeks or 4))
    content = doc.content
    plan = channels_to_plan(doc)
    if not plan:
        return []

    # 1. the slots, in time order: (date, time, channel index, channel, k-th post on that channel)
    raw: list[tuple[dt.date, str, int, str, int]] = []
    for ci, (channel, posts) in enumerate(plan):
        dates = []
        for week in range(weeks):
            for weekday, time in _slots(channel, posts, doc):
                # week 0 is the 7 days from ``start``; a weekday before start's falls later that week
                shift = week * 7 + (weekday - start.weekday()) % 7
                dates.append((start + dt.timedelta(days=shift), time))
        raw += [(d, time, ci, channel, k) for k, (d, time) in enumerate(sorted(dates))]
    raw.sort(key=lambda r: (r[0], r[1], r[2]))
    raw = raw[: _max_entries()]

    # 2. the rotations
    themes = [x for x in content.themes if x.strip()]
    names = [m.name for m in doc.team.members if m.name.strip()]
    layers = layer_sequence(len(raw), content.hero, content.hub, content.help)
    entries = []
    for i, (date, time, ci, channel, k) in enumerate(raw):
        theme = themes[(k + ci + seed) % len(themes)] if themes else ""
        formats = [x for x in (_lookup(content.formats, channel) or []) if x.strip()]
        fmt = formats[(k + seed) % len(formats)] if formats else ""
        owner = names[(i + seed) % len(names)] if names else ""
        entries.append(model.CalendarEntry(
            date=date, time=time, channel=channel, theme=theme, layer=layers[i], format=fmt,
            owner=owner, title=make_title(theme, fmt, channel, lang), status="idea",
        ))
    return entries


def to_frame(entries: Iterable[model.CalendarEntry | dict]):
    """The entries as a ``pandas.DataFrame`` with :data:`COLUMNS`; ``date`` as datetime64."""

    rows = [(e if isinstance(e, model.CalendarEntry) else model.CalendarEntry.model_validate(e)).model_dump()
            for e in entries]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    for col in COLUMNS[1:]:
        frame[col] = frame[col].astype(object)
    return frame


def summary(entries: Iterable[model.CalendarEntry]) -> dict[str, Any]:
    """Counts for checks and the one-pager: total, per channel, per layer (count and share in %),
    per theme, per owner, per status, first and last date."""
    entries = list(entries)
    total = len(entries)

    def count(attr: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in entries:
            key = getattr(e, attr)
            out[key] = out.get(key, 0) + 1
        return out

    per_layer = {k: 0 for k in LAYERS}
    for e in entries:
        if e.layer:
            per_layer[e.layer] += 1
    return {
        "total": total,
        "per_channel": count("channel"),
        "per_layer": per_layer,
        "layer_share": {k: (100.0 * v / total if total else 0.0) for k, v in per_layer.items()},
        "per_theme": count("theme"),
        "per_owner": count("owner"),
        "per_status": count("status"),
        "first": min((e.date for e in entries), default=None),
        "last": max((e.date for e in entries), default=None),
    }


# --------------------------------------------------------------------------------------------------
# Team tasks

def _name(member: Any) -> str:
    return (member if isinstance(member, str) else getattr(member, "name", "") or "").strip()


def task_problems(tasks: Iterable[model.Task | dict], members: Iterable[model.Member | str],
                  today: dt.date | None = None, lang: str | None = None) -> dict[int, str]:
    """Index of a task -> what is wrong with it, in plain words (several problems joined).

    Checked: a title missing while an owner or date is set; a title without an owner; an owner who
    is not a team member (only when the team has members); a due date in the past on an open task.
    An entirely empty row is no problem (a fresh line in the grid)."""
    today = today or dt.date.today()
    names = {_name(m).casefold() for m in members if _name(m)}
    out: dict[int, str] = {}
    for i, task in enumerate(tasks):
        if isinstance(task, dict):
            task = model.Task.model_validate(task)
        title, owner = task.title.strip(), task.owner.strip()
        problems = []
        if not title and (owner or task.due):
            problems.append(t("schedule.task.no_title", lang))
        if title and not owner:
            problems.append(t("schedule.task.no_owner", lang, title=title))
        if owner and names and owner.casefold() not in names:
            problems.append(t("schedule.task.unknown_owner", lang, owner=owner))
        if task.due and task.due < today and not task.done:
            problems.append(t("schedule.task.overdue", lang, due=task.due.strftime(t("schedule.date_format", lang))))
        if problems:
            out[i] = " ".join(problems)
    return out
