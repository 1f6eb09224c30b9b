"""Dates as people type them, and as they read them back.

:func:`parse_date` reads what a participant writes in a date field: "1-7-2027", "01-07-2027",
"1/7/2027", "1.7.2027", "1 juli 2027", "1 jul 2027", "July 1, 2027", "2027-07-01", "1 juli" (the
next 1 July from today), "1-7-27" (2027). Month names (and weekday names in front, "donderdag 1 juli
2027") come from Babel's locale data, in both workshop languages at once: a Dutch participant may
write "1 July". A day-month-year order is never guessed:

- Dutch numeric dates are always day-month-year;
- English ones are refused when both numbers could be the month ("1/7/2027": 1 July in Britain,
  January 7 in the United States), with a message asking for the month as a word; when only one of
  them can be a month, that one is.

What cannot be read raises :class:`DateProblem` (a ``ValueError``) carrying one plain sentence in
the participant's language; empty text is no date (``None``), not a problem.
:func:`show_date` writes a date as the reader writes it ("1 juli 2027", "1 July 2027").
"""
from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
import re

from babel.dates import format_date, get_day_names, get_month_names

from .i18n import LANGUAGES, current_language, t
from .render import LOCALES

#: the shortest start of a month's full name that is read as that month ("sept", "febr", "augus")
MIN_PREFIX = 3
#: years a four-digit year may have; two digits are this century ("27" is 2027)
YEARS = range(1900, 2200)

_ALLOWED = re.compile(r"(?:[^\W_]|[\s\-/.,'\u2010-\u2015])*")
_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+")
#: what may follow a day number: "1st", "2nd", "3rd", "4th"; "1e", "1ste", "2de"
_ORDINAL = {"st", "nd", "rd", "th", "e", "ste", "de"}


class DateProblem(ValueError):
    """A text that is not a date; ``str()`` is the plain sentence to show, ``reason`` says which
    kind of problem it is (``unknown``, ``unknown_month``, ``no_day``, ``no_such_month``,
    ``no_such_day``, ``bad_year``, ``ambiguous``, ``weekday``)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


# --------------------------------------------------------------------------------------------------
# Names, from Babel

def _names(table) -> dict[str, int]:
    return {str(name).lower().rstrip("."): number for number, name in table.items()}


@lru_cache(maxsize=1)
def month_words() -> dict[str, int]:
    """Every month name of both languages (full and abbreviated, lowercase) -> its number."""
    words: dict[str, int] = {}
    for locale in (*LOCALES.values(), *LANGUAGES):  # en_GB has "sept", en "sep"
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                words.update(_names(get_month_names(width, context, locale)))
    return words


@lru_cache(maxsize=1)
def _full_month_names() -> dict[str, int]:
    full: dict[str, int] = {}
    for locale in LOCALES.values():
        full.update(_names(get_month_names("wide", "format", locale)))
    return full


@lru_cache(maxsize=1)
def weekday_words() -> dict[str, int]:
    """Every weekday name of both languages (full and abbreviated, lowercase) -> 0 (Monday) to 6."""
    words: dict[str, int] = {}
    for locale in LOCALES.values():
        for width in ("wide", "abbreviated"):
            words.update(_names(get_day_names(width, "format", locale)))
    return words


def month_number(word: str) -> int | None:
    """The month a word names: a Babel name, or the start of one full name ("febr", "sept") of at
    least three letters that names a single month; ``None`` otherwise."""
    word = word.lower().rstrip(".")
    if word in month_words():
        return month_words()[word]
    if len(word) < MIN_PREFIX:
        return None
    found = {n for name, n in _full_month_names().items() if name.startswith(word)}
    return found.pop() if len(found) == 1 else None


# --------------------------------------------------------------------------------------------------
# Showing

def _locale(lang: str | None) -> str:
    return LOCALES[current_language(lang)]


def show_date(d: dt.date, lang: str | None = None) -> str:
    """A date as the reader writes it: "1 juli 2027" (nl), "1 July 2027" (en)."""
    return format_date(d, format="long", locale=_locale(lang))


def show_day(d: dt.date, lang: str | None = None) -> str:
    """A date with its weekday: "donderdag 1 juli 2027", "Thursday, 1 July 2027"."""
    return format_date(d, format="full", locale=_locale(lang))


def _day_month(day: int, month: int, year: int | None, lang: str) -> str:
    """"1 juli" or "1 juli 2027": one reading of an ambiguous date, for the message."""
    pattern = "d MMMM y" if year else "d MMMM"
    return format_date(dt.date(year or 2000, month, day), pattern, locale=_locale(lang))


def _weekday_name(number: int, lang: str) -> str:
    return get_day_names("wide", "format", _locale(lang))[number]


def _month_name(month: int, lang: str) -> str:
    return get_month_names("wide", "format", _locale(lang))[month]


# --------------------------------------------------------------------------------------------------
# Reading

def parse_date(text: str | None, lang: str | None = None, today: dt.date | None = None) -> dt.date | None:
    """The date ``text`` says, read as a participant of language ``lang`` means it; ``None`` for
    empty text. A year left out is the next such date from ``today`` (default: today). Raises
    :class:`DateProblem` with a sentence in ``lang`` when ``text`` is no date, or could be two."""
    lang = current_language(lang)
    today = today or dt.date.today()
    text = (text or "").strip()
    if not text:
        return None
    shown = text if len(text) <= 40 else text[:39] + "…"
    lowered = text.lower()
    if not _ALLOWED.fullmatch(lowered):
        raise DateProblem("unknown", t("dates.unknown", lang, text=shown))
    tokens = _TOKEN.findall(lowered)
    # "1st", "1e", "1ste": the ending after a day number says nothing more
    tokens = [tok for i, tok in enumerate(tokens)
              if not (tok in _ORDINAL and i > 0 and tokens[i - 1].isdigit())]
    weekday = None
    if len(tokens) > 1 and tokens[0] in weekday_words():
        weekday = tokens.pop(0)
    words = [tok for tok in tokens if not tok.isdigit()]
    numbers = [tok for tok in tokens if tok.isdigit()]
    if not numbers and len(words) == 1 and month_number(words[0]) is not None:  # "juli"
        raise DateProblem("no_day", t("dates.no_day", lang, text=shown))
    if len(words) > 1 or not numbers or len(tokens) > 3:
        raise DateProblem("unknown", t("dates.unknown", lang, text=shown))
    if words:
        day, month, year = _with_month_word(tokens, words[0], shown, lang)
    else:
        day, month, year = _numeric(numbers, shown, lang)
    d = _make(day, month, year, today, lang)
    if weekday is not None and weekday_words()[weekday] != d.weekday():
        raise DateProblem("weekday", t("dates.weekday", lang, date=show_date(d, lang),
                                       actual=_weekday_name(d.weekday(), lang),
                                       written=_weekday_name(weekday_words()[weekday], lang)))
    return d


def _with_month_word(tokens: list[str], word: str, shown: str, lang: str) -> tuple[int, int, int | None]:
    """"1 juli 2027", "1 juli", "July 1, 2027", "juli 1": the month is the word."""
    month = month_number(word)
    if month is None:
        raise DateProblem("unknown_month", t("dates.unknown_month", lang, word=word[:20]))
    at = tokens.index(word)
    numbers = tokens[:at] + tokens[at + 1:]
    if len(numbers) == 1 and len(numbers[0]) == 4:  # "juli 2027"
        raise DateProblem("no_day", t("dates.no_day", lang, text=shown))
    day, rest = numbers[0], numbers[1:]  # "1 July 2027" or "July 1, 2027"
    if at > 1 or len(day) > 2:  # "2027 juli 1", "1 2027 juli": not how anyone writes a date
        raise DateProblem("unknown", t("dates.unknown", lang, text=shown))
    return int(day), month, _year(rest[0], lang) if rest else None


def _numeric(numbers: list[str], shown: str, lang: str) -> tuple[int, int, int | None]:
    """"1-7-2027", "2027-07-01", "1/7", and English "7/13/2027"."""
    if len(numbers) == 3 and len(numbers[0]) == 4:  # ISO: year, month, day
        year, month, day = numbers
        return int(day), int(month), _year(year, lang)
    if len(numbers) not in (2, 3) or any(len(n) > 2 for n in numbers[:2]):
        if len(numbers) == 2 and len(numbers[1]) == 4:  # "7-2027": a month without a day
            raise DateProblem("no_day", t("dates.no_day", lang, text=shown))
        raise DateProblem("unknown", t("dates.unknown", lang, text=shown))
    first, second = int(numbers[0]), int(numbers[1])
    year = _year(numbers[2], lang) if len(numbers) == 3 else None
    if lang != "en" or first == second:
        return first, second, year
    if 1 <= first <= 12 and 1 <= second <= 12:
        readings = [_day_month(first, second, year, lang), _day_month(second, first, year, lang)]
        raise DateProblem("ambiguous", t("dates.ambiguous", lang, text=shown, first=readings[0],
                                         second=readings[1]))
    if second > 12 and 1 <= first <= 12:   # only the first can be the month: American order
        return second, first, year
    return first, second, year        # day first (or no month at all: said below)


def _year(token: str, lang: str) -> int:
    if len(token) == 2:
        return 2000 + int(token)
    if len(token) == 4 and int(token) in YEARS:
        return int(token)
    raise DateProblem("bad_year", t("dates.bad_year", lang, year=token[:8]))


def _make(day: int, month: int, year: int | None, today: dt.date, lang: str) -> dt.date:
    if not 1 <= month <= 12:
        raise DateProblem("no_such_month", t("dates.no_such_month", lang, month=month))
    name = _month_name(month, lang)
    if year is None:
        most = 29 if month == 2 else calendar.monthrange(2001, month)[1]
        if not 1 <= day <= most:
            raise DateProblem("no_such_day", t("dates.no_such_day_ever", lang, day=day, month=name, days=most))
        for y in range(today.year, today.year + 9):  # a 29 February may be years away
            if day <= calendar.monthrange(y, month)[1] and dt.date(y, month, day) >= today:
                return dt.date(y, month, day)
        raise DateProblem("no_such_day", t("dates.no_such_day_ever", lang, day=day, month=name, days=most))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateProblem("no_such_day", t("dates.no_such_day", lang, day=day, month=name, year=year, days=days))
    return dt.date(year, month, day)


def in_the_past(d: dt.date | None, today: dt.date | None = None) -> bool:
    """Whether ``d`` lies before ``today`` (default: today)."""
    return d is not None and d < (today or dt.date.today())
