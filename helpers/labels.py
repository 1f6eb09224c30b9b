"""Every stored code as a word in the reader's language: the one place that knows which catalogue key
names which code.

The document stores codes (``instagram``, ``short_video``, ``awareness``, ``think``, ``hero``,
``mon``, ``draft``, ``women``); a reader sees their labels. A value that is not a known code (a
channel the group typed themselves, "Mastodon") comes back as it was typed, and an empty value as
``""``. Pure functions over :mod:`helpers.i18n`; the one-pager, the class views, the exports, the
charts and the forms all call these, so a label is defined once.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from .i18n import DEFAULT_LANGUAGE, has, t
from .model import STEPS

LAYERS = ("hero", "hub", "help")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FORMATS = ("text", "photo", "carousel", "video", "short_video", "story", "live", "poll", "document", "article")
PHASES = ("see", "think", "do", "care")
CALENDAR_STATUSES = ("idea", "draft", "ready", "published")
GENDERS = ("all", "women", "men", "mixed", "other")
INCOMES = ("low", "middle", "high", "mixed")
PROGRESS = ("todo", "busy", "done")

#: kind -> (catalogue key prefix, the codes it knows); ``None``: every key under the prefix
_KINDS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "layer": ("content.layers", LAYERS),
    "weekday": ("content.days", WEEKDAYS),
    "weekday_short": ("content.days_short", WEEKDAYS),
    "format": ("content.formats", FORMATS),
    "phase": ("org_goals.phase", PHASES),
    "status": ("export.value.status", CALENDAR_STATUSES),
    "gender": ("export.value.gender", GENDERS),
    "income": ("export.value.income", INCOMES),
    "step": ("classroom.step", STEPS),
    "progress": ("classroom.status", PROGRESS),
}
KINDS = (*_KINDS, "platform", "channel", "org_goal")

#: name -> (catalogue key template, the codes it knows): the code sets that other modules declare
#: with :func:`kind`, next to where the codes are defined; tests check every key in both languages
REGISTRY: dict[str, tuple[str, tuple[str, ...]]] = {}


def kind(name: str, template: str, codes: Iterable[str]) -> Callable[..., str]:
    """Declare a set of codes and the catalogue key of each (``template`` with ``{}`` for the
    code); the function that gives a code's label (an unknown code comes back as it is)."""
    known = tuple(dict.fromkeys(codes))
    REGISTRY[name] = (template, known)

    def label_of(code: Any, lang: str | None = None, **values: Any) -> str:
        if code not in known:
            return _text(code)
        return t(template.format(code), lang, **values)

    label_of.__name__ = f"{name}_label"
    return label_of


def keys() -> dict[str, str]:
    """Every catalogue key the declared kinds use: key -> the kind that uses it."""
    out = {template.format(code): name for name, (template, codes) in REGISTRY.items() for code in codes}
    out.update({f"{prefix}.{code}": name for name, (prefix, codes) in _KINDS.items() for code in codes or ()})
    return out


def _text(value: Any) -> str:
    return "" if value is None else str(value)


#: Other ways people write a platform's name.
PLATFORM_ALIASES = {
    "twitter": "x", "x (twitter)": "x", "x/twitter": "x", "x twitter": "x", "fb": "facebook",
    "insta": "instagram", "ig": "instagram", "yt": "youtube", "linked in": "linkedin",
    "whats app": "whatsapp", "whatsapp business": "whatsapp", "snap": "snapchat", "be real": "bereal",
    "tik tok": "tiktok", "you tube": "youtube",
}


def platform_candidate(name: Any) -> str | None:
    """``name`` as a platform key would be written ("Insta " -> "instagram"), known or not."""
    if not isinstance(name, str):
        return None
    text = re.sub(r"\s+", " ", name.strip().casefold())
    return PLATFORM_ALIASES.get(text, text) or None


def platform(name: Any, lang: str | None = None) -> str:
    """A platform ("instagram", or as typed: "Insta") as its name ("Instagram"); any other channel
    name as it was typed."""
    key = platform_candidate(name)
    known = key is not None and key.isidentifier() and has(f"platforms.names.{key}", DEFAULT_LANGUAGE)
    return t(f"platforms.names.{key}", lang) if known else _text(name)


def org_goal(key: Any, lang: str | None = None) -> str:
    """An organisation goal's key (``awareness``) as its label; other text as typed."""
    known = isinstance(key, str) and key.isidentifier() and has(f"org_goals.{key}.label", DEFAULT_LANGUAGE)
    return t(f"org_goals.{key}.label", lang) if known else _text(key)


def org_goal_social(key: Any, lang: str | None = None) -> str:
    """What an organisation goal asks of social media (its ``social_goal`` line)."""
    known = isinstance(key, str) and key.isidentifier() and has(f"org_goals.{key}.social_goal", DEFAULT_LANGUAGE)
    return t(f"org_goals.{key}.social_goal", lang) if known else ""


def label(kind: str, code: Any, lang: str | None = None) -> str:
    """The label of ``code`` of ``kind`` (one of :data:`KINDS`) in ``lang``; an unknown code as typed."""
    if code is None or code == "":
        return ""
    if kind in ("platform", "channel"):
        return platform(code, lang)
    if kind == "org_goal":
        return org_goal(code, lang)
    prefix, codes = _KINDS[kind]
    if codes is not None and code not in codes:
        return _text(code)
    return t(f"{prefix}.{code}", lang)


def layer(code: Any, lang: str | None = None) -> str:
    """A Hero-Hub-Help layer; no layer yet reads "no layer yet" (where a choice is shown)."""
    return label("layer", code, lang) if code else t("content.layers.none", lang)


def weekday(code: Any, lang: str | None = None, short: bool = False) -> str:
    return label("weekday_short" if short else "weekday", code, lang)


def weekdays(codes: Iterable[Any], lang: str | None = None, short: bool = True) -> str:
    """Several days, in the order given, as one text ("ma, do")."""
    return ", ".join(weekday(d, lang, short) for d in codes or ())


def format_(code: Any, lang: str | None = None) -> str:
    return label("format", code, lang)


def formats(codes: Iterable[Any], lang: str | None = None) -> str:
    return ", ".join(format_(f, lang) for f in codes or ())


def yes_no(flag: bool, lang: str | None = None) -> str:
    return t("export.value.yes" if flag else "export.value.no", lang)
