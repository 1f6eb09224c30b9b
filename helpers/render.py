"""The one renderer for HTML: Jinja2 templates in ``helpers/templates/``, escaped by default.

- **Escaping by default.** Every value a template writes with ``{{ ... }}`` passes :func:`text`
  (through the environment's ``finalize``) unless it is already :class:`markupsafe.Markup`: control
  characters dropped, hidden and bidi characters shown as visible markers
  (:func:`helpers.names.visible`), then :func:`html.escape` with quotes, and ``//``, ``@import`` and
  ``url(`` written as character references (a browser shows the same text; a scan of the file for
  external addresses finds only real ones). Nobody has to remember an escape call.
- **StrictUndefined**: a name a template uses but was not given is an error in the tests, never an
  empty gap in front of a participant.
- **Per language.** Every template gets ``lang``; the filters read it: ``number`` ("1.200", "2,5" in
  Dutch; "1,200", "2.5" in English), ``date`` ("1 juli 2027"), ``day`` ("ma 4 jan."), ``time``,
  ``ago`` ("3 minuten geleden"), and ``label`` (a stored code as its label, :mod:`helpers.labels`).
  ``t(key, ...)`` is :func:`helpers.i18n.t` in the template's language.

The same formatters are plain functions here (:func:`number`, :func:`date`, ...), for text that is
not HTML. Babel does the work; its locale for a workshop language is in :data:`LOCALES`.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
import html
from pathlib import Path
import re
from typing import Any

from babel.dates import format_date, format_time, format_timedelta
from babel.numbers import format_decimal
import jinja2
from markupsafe import Markup

from . import labels
from .i18n import current_language, t
from .names import visible

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: the Babel locale of each workshop language (British English: day-month order, 24-hour clock)
LOCALES = {"nl": "nl_NL", "en": "en_GB"}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DEFANG = re.compile(r"//|@import|url\(", re.I)


def _defang(match: re.Match) -> str:
    found = match.group(0)
    if found == "//":
        return "/&#47;"
    return "&#64;" + found[1:] if found.startswith("@") else found[:-1] + "&#40;"


def text(value: Any) -> str:
    """Any value as safe HTML text (also inside a quoted attribute); see the module text."""
    escaped = html.escape(visible(_CONTROL.sub("", "" if value is None else str(value))), quote=True)
    return _DEFANG.sub(_defang, escaped)


def locale(lang: str | None = None) -> str:
    return LOCALES[current_language(lang)]


# --------------------------------------------------------------------------------------------------
# Formatters: one per kind, per language

def number(value: Any, lang: str | None = None, digits: int = 2) -> str:
    """A number as the reader writes it: 1200 -> "1.200" (nl) / "1,200" (en); 2.5 -> "2,5" / "2.5";
    whole numbers without decimals, others with at most ``digits``. Not a number: as given."""

    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(str(value).strip())
        except ValueError:
            return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale(lang))


def date(value: dt.date | dt.datetime | None, lang: str | None = None, pattern: str = "d MMMM y") -> str:
    """A date in words: "4 januari 2027" (nl), "4 January 2027" (en)."""

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, pattern, locale=locale(lang))


def day(value: dt.date | None, lang: str | None = None) -> str:
    """A short date with its weekday, for tables and lists: "ma 4 jan." (nl), "Mon 4 Jan" (en)."""
    return date(value, lang, "EEE d MMM") if value is not None else ""


def time(value: dt.time | dt.datetime | str | None, lang: str | None = None) -> str:
    """A clock time, 24 hours in both languages ("19:30"); a stored "HH:MM" text as it is."""

    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.time.fromisoformat(value.strip())
        except ValueError:
            return value
    return format_time(value, "HH:mm", locale=locale(lang))


def ago(when: dt.datetime | None, lang: str | None = None, now: dt.datetime | None = None) -> str:
    """How long ago, in words: "3 minuten geleden" / "3 minutes ago" (plural forms by Babel)."""

    if when is None:
        return ""
    now = now or dt.datetime.now(dt.timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return format_timedelta(when - now, add_direction=True, threshold=1.0, locale=locale(lang))


# --------------------------------------------------------------------------------------------------
# The environment

def _lang(ctx) -> str:
    return current_language(ctx.get("lang"))


@lru_cache(maxsize=1)
def environment():
    """The one Jinja2 environment (created on first use: ``import helpers`` stays light)."""

    def finalize(value: Any) -> Any:
        return value if hasattr(value, "__html__") else Markup(text(value))

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=jinja2.StrictUndefined,
        finalize=finalize, extensions=["jinja2.ext.do"], trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    ctxf = jinja2.pass_context
    env.filters.update({
        "number": ctxf(lambda ctx, v, digits=2: number(v, _lang(ctx), digits)),
        "date": ctxf(lambda ctx, v, pattern="d MMMM y": date(v, _lang(ctx), pattern)),
        "day": ctxf(lambda ctx, v: day(v, _lang(ctx))),
        "time": ctxf(lambda ctx, v: time(v, _lang(ctx))),
        "ago": ctxf(lambda ctx, v, now=None: ago(v, _lang(ctx), now)),
        "label": ctxf(lambda ctx, code, kind: labels.label(kind, code, _lang(ctx))),
        "text": text,
    })
    env.tests["nonblank"] = lambda v: v is not None and bool(str(v).strip())
    env.globals["t"] = ctxf(lambda ctx, key, **values: t(key, _lang(ctx), **values))
    return env


def render(template: str, lang: str | None = None, **context: Any) -> str:
    """``helpers/templates/<template>`` filled in, in ``lang`` (default: the current language)."""
    return environment().get_template(template).render(lang=current_language(lang), **context)


def markup(value: str):
    """HTML this module's caller built from trusted parts only (a ``data:`` image address), unescaped."""

    return Markup(value)
