"""Every user-facing string goes through :func:`t`.

Catalogues live in ``helpers/locales/<lang>/<domain>.yaml``; a key is ``<domain>.<path.in.file>``.
A text that counts something has a form per plural category of the language (CLDR's ``one`` and
``other`` for Dutch and English), chosen by the ``count`` (or ``n``) given to :func:`t`: "1 bestand",
"2 bestanden".
The language is, in order: the ``lang`` argument, the ``WORKSHOP_LANG`` environment variable, the
language of the active document (:func:`set_language`), the language folder of the notebook the
kernel runs (``notebooks/en/...``, from JupyterLab's ``JPY_SESSION_NAME``), and Dutch.
"""
from __future__ import annotations

from functools import lru_cache
import os
from pathlib import Path
import string
from typing import Callable
import weakref

from babel import Locale
from babel.numbers import format_decimal
import yaml

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
_LOCALES = Path(__file__).parent / "locales"
_active: str | None = None


_listeners: list[Callable[[], Callable[[str], None] | None]] = []


def set_language(lang: str | None) -> None:
    """Make ``lang`` the language of the active document (``None`` forgets it); the pages that
    follow the language (:func:`on_language_change`) are told when it changes."""
    global _active
    before = current_language()
    _active = lang if lang in LANGUAGES else None
    now = current_language()
    if now != before:
        for ref in list(_listeners):
            fn = ref()
            if fn is None:
                _listeners.remove(ref)
            else:
                fn(now)


def on_language_change(fn: Callable[[str], None]) -> None:
    """Call ``fn(lang)`` when the language changes (a bound method is held weakly)."""
    _listeners.append(weakref.WeakMethod(fn) if hasattr(fn, "__self__") else (lambda: fn))


def _notebook_language() -> str | None:
    parts = Path(os.environ.get("JPY_SESSION_NAME", "")).parts
    return next((p for p in reversed(parts[:-1]) if p in LANGUAGES), None)


def current_language(lang: str | None = None) -> str:
    # the group's own language first; until a group is open, the notebook's folder (notebooks/en/...),
    # then WORKSHOP_LANG (app mode's --lang: a server-wide default)
    for candidate in (lang, _active, _notebook_language(),
                      os.environ.get("WORKSHOP_LANG", "").strip().lower() or None):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def _flatten(prefix: str, node: object, out: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, out)
    else:
        out[prefix] = "" if node is None else str(node)


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """All keys of one language, flattened to ``domain.path`` -> text."""
    out: dict[str, str] = {}
    for path in sorted((_LOCALES / lang).glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        _flatten(path.stem, data or {}, out)
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def has(key: str, lang: str | None = None) -> bool:
    return key in catalogue(current_language(lang)) or _is_plural(key, lang)


def _is_plural(key: str, lang: str | None = None) -> bool:
    """``key`` is a message with plural forms (``key.one`` and ``key.other``; an option list may
    have an ``other`` of its own)."""
    known = catalogue(current_language(lang))
    return f"{key}.one" in known and f"{key}.other" in known


@lru_cache(maxsize=None)
def _plural_rule(lang: str):
    return Locale.parse(lang).plural_form


def plural_category(number: object, lang: str | None = None) -> str:
    """CLDR's plural category of ``number`` in the language: ``one`` or ``other`` (nl, en)."""
    try:
        return _plural_rule(current_language(lang))(abs(float(number)))
    except (TypeError, ValueError):
        return "other"


def number_text(value: float, lang: str | None = None) -> str:
    """A number as the reader writes it (Babel): 0.0 -> "0", 2.5 -> "2,5" in Dutch, "2.5" in English."""
    return format_decimal(int(value) if float(value).is_integer() else value, locale=current_language(lang))


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The text for ``key`` in the current language, with ``{placeholders}`` filled in.

    A missing key falls back to Dutch, then to the key itself, so a gap shows as a visible key and
    never as an exception in front of a participant (the catalogue test catches gaps first).
    """
    lang = current_language(lang)
    if _is_plural(key, lang):
        count = values.get("count", values.get("n"))
        key = f"{key}.{plural_category(count, lang) if count is not None else 'other'}"
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    if not values:
        return text
    if isinstance(values.get("count"), int) and not isinstance(values["count"], bool):
        values["count"] = format_decimal(values["count"], locale=lang)  # 1.200 in Dutch, 1,200 in English
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text
