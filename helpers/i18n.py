"""Every user-facing string goes through :func:`t`.

Catalogues live in ``helpers/locales/<lang>/<domain>.yaml``; a key is ``<domain>.<path.in.file>``.
The language is, in order: the ``lang`` argument, the ``WORKSHOP_LANG`` environment variable, the
language of the active document (:func:`set_language`), the language folder of the notebook the
kernel runs (``notebooks/en/...``, from JupyterLab's ``JPY_SESSION_NAME``), and Dutch.
"""
from __future__ import annotations

import os
import string
from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
_LOCALES = Path(__file__).parent / "locales"
_active: str | None = None


def set_language(lang: str | None) -> None:
    """Make ``lang`` the language of the active document (``None`` forgets it)."""
    global _active
    _active = lang if lang in LANGUAGES else None


def _notebook_language() -> str | None:
    parts = Path(os.environ.get("JPY_SESSION_NAME", "")).parts
    return next((p for p in reversed(parts[:-1]) if p in LANGUAGES), None)


def current_language(lang: str | None = None) -> str:
    for candidate in (lang, os.environ.get("WORKSHOP_LANG", "").strip().lower() or None, _active,
                      _notebook_language()):
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
    return key in catalogue(current_language(lang))


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The text for ``key`` in the current language, with ``{placeholders}`` filled in.

    A missing key falls back to Dutch, then to the key itself, so a gap shows as a visible key and
    never as an exception in front of a participant (the catalogue test catches gaps first).
    """
    lang = current_language(lang)
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text
