"""The live SMART check of one goal sentence (step 2 of the workshop), in Dutch and English.

Public API::

    check(sentence, lang=None, org_goal=None, today=None, *, baseline=None) -> SmartResult
    org_goals(lang=None) -> list[dict]          # the organisation goals for the goals form
    metric_label(key, lang=None) -> str
    report(result, sentence="") -> str          # a plain-words report (used by the command line)
    cli(sentence, lang, as_json) -> int         # ``python -m helpers smart ...``
    read_number(text) -> float | None           # "1.200" = "1,200" = 1200; "1,5" = "1.5" = 1.5

The words it knows (metrics with their stems, heads and verbs; month, season, unit, rhythm,
period-start, purpose, baseline and number words; vague platform names) are data: ``lexicon/<lang>.yaml``, read once by :mod:`helpers.smart.lexicon`.

How a sentence is read (both languages at once; the answer is in the requested language):

1. Written-out numbers become digits in a working copy of the same length ("tien procent" ->
   "10   procent"), so every span found later points into the original sentence.
2. A clause that explains *why* ("zodat we meer leads krijgen", "to support our sales") is set apart:
   it feeds the Relevant letter, and the metric and the number are looked for outside it first.
3. Rhythms ("per week", "elke dag", "twice a month") are found and masked: a rhythm is never a
   deadline and its number is never the goal's number.
4. Deadlines (dates, months, quarters, year ends, seasons, durations) are resolved against ``today``;
   a date after a period-start word ("vanaf maart 2027", "from March 2027") starts a period and is
   not a deadline.
5. Platforms, the metric and the target number (percentage, multiplier, from-to, increment,
   absolute level) are read from what is left; so is a starting value ("nu 1.800", "currently 2,000").

Achievable compares the growth per month that the goal implies with ``data/growth_reference.csv``.
It needs a relative target (a percentage, a multiplier, or a from-to pair; an absolute number or an
increment only with a starting value, from the sentence or the ``baseline`` argument) and a duration
(a deadline, or a percentage per period such as "5% per maand"). A decrease (halving a response time)
is compared by its size.
When either is missing, the letter is not passed and the reason says what is missing.

Relevant passes when ``org_goal`` names a goal of ``data/org_goals.csv`` (by key or label, either
language) or when the sentence links itself to one: a purpose clause ("zodat ...", "om ... te ...",
"so that ...", "to support ...", or "to build/grow/... <goal word>" without a number) that holds one of
the goal's keywords (columns keywords_nl, keywords_en). ``org_goal`` wins over the sentence. When the goal's metric is
not one of that organisation goal's usual KPIs the letter still passes, with a note and a tip.

Import cost: standard library, PyYAML (the lexicon files) and the translation module; the stemmer on
the first sentence; the data module (and pandas with it) on the first check.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from functools import lru_cache
import json
import math
import re
import sys
from typing import ClassVar
import unicodedata

from .. import data, labels
from ..i18n import current_language, t
from . import lexicon

LETTERS = ("specific", "measurable", "achievable", "relevant", "time_bound")
_letter = labels.kind("smart_letter", "smart.letters.{}", LETTERS)
MAX_CHARS = 2000  # the model's LongText; a longer text is read up to here
DAYS_PER_MONTH = 365.25 / 12
PHASES = ("see", "think", "do", "care")


# --------------------------------------------------------------------------------------------------
# Results


@dataclass
class Verdict:
    ok: bool
    reason: str
    suggestion: str = ""  # empty when there is nothing to improve


@dataclass
class Found:
    """What the sentence names; each ``None`` when absent.

    ``number``: the target in a language-neutral notation: ``"10%"``, ``"-20%"``, ``"x2"``,
    ``"2000→3000"`` (from-to), ``"+500"`` (an increment), ``"5000"`` (a level).
    ``metric``: a metric key (``followers``, ``clicks``...; see :func:`metric_label`).
    ``platform``: platform names in order of appearance, joined by ``", "``.
    ``deadline``: the resolved date as ISO ``YYYY-MM-DD``.
    """

    number: str | None = None
    metric: str | None = None
    platform: str | None = None
    deadline: str | None = None


@dataclass
class Target:
    kind: str  # percent | multiplier | from_to | increment | absolute | level
    value: float
    baseline: float | None = None
    decrease: bool = False
    per: str | None = None  # a percentage per period: day | week | month | quarter | year
    percent: bool = False  # a from-to or level written in percent ("van 2% naar 3%")


@dataclass
class SmartResult:
    specific: Verdict
    measurable: Verdict
    achievable: Verdict
    relevant: Verdict
    time_bound: Verdict
    found: Found
    lang: str = "nl"
    org_goal: str | None = None  # the organisation goal it is linked to (a key), if any
    target: Target | None = None
    months: float | None = None  # from today to the deadline
    monthly_growth: float | None = None  # percent per month the goal implies
    reference: dict | None = None  # the growth_reference row used (with source, year, method)
    baseline: float | None = None  # the starting value used for the growth, if any
    empty: bool = False  # no goal written yet: show a neutral prompt, not five failures

    LETTERS: ClassVar[tuple[str, ...]] = LETTERS

    @property
    def passed(self) -> int:
        return sum(1 for name in LETTERS if getattr(self, name).ok)

    def verdicts(self) -> dict[str, Verdict]:
        return {name: getattr(self, name) for name in LETTERS}

    def to_dict(self) -> dict:
        out: dict = {name: {"ok": bool(v.ok), "reason": v.reason, "suggestion": v.suggestion}
                     for name, v in self.verdicts().items()}
        f = self.found
        out["found"] = {"number": f.number, "metric": f.metric, "platform": f.platform,
                        "deadline": f.deadline}
        return out


# --------------------------------------------------------------------------------------------------
# Written-out numbers -> digits (length preserving)

_WORD_NUMBERS = lexicon.merged_numbers("words")  # every language's number words
_SCALES = lexicon.merged_numbers("scales")
# Dutch compounds ("vijfentwintig", "tweehonderd"): units 2-9 and the small numbers up to 90
_NL_WORDS = lexicon.raw("nl")["numbers"]["words"]
_NL_UNITS = {w: v for w, v in _NL_WORDS.items() if isinstance(v, int) and 2 <= v <= 9}
_NL_SMALL = {w: v for w, v in _NL_WORDS.items() if isinstance(v, int) and v <= 90 and w.isascii()}
_NL_TENS = [w for w, v in _NL_SMALL.items() if v >= 20 and v % 10 == 0]
_NL_COMPOUND = re.compile(rf"(een|{'|'.join(_NL_UNITS)})en({'|'.join(_NL_TENS)})")
_TOKEN = re.compile(r"[^\W\d_]+")
# Dutch "ten" is also a preposition: "ten minste", "ten behoeve van"
_DUTCH_TEN = re.compile(rf"\s+(?:{lexicon.alternation(lexicon.words_in_numbers('ten_preposition'))})\b")


def _nl_below_100(w: str) -> int | None:
    if w in _NL_SMALL:
        return _NL_SMALL[w]
    m = _NL_COMPOUND.fullmatch(w)
    if m:
        return (1 if m.group(1) == "een" else _NL_UNITS[m.group(1)]) + _NL_SMALL[m.group(2)]
    return None


def _nl_below_1000(w: str) -> int | None:
    if "honderd" in w:
        left, right = w.split("honderd", 1)
        hundreds = 1 if not left else _NL_UNITS.get(left)
        rest = 0 if not right else _nl_below_100(right[2:] if right.startswith("en") and
                                                 _nl_below_100(right[2:]) is not None else right)
        if hundreds is None or rest is None:
            return None
        return hundreds * 100 + rest
    return _nl_below_100(w) if w else None


def _nl_word(w: str) -> int | None:
    w = w.replace("ë", "e")
    if w == "een" or not w:
        return None
    if "duizend" in w and w != "duizend":
        left, right = w.split("duizend", 1)
        thousands = 1 if not left else _nl_below_1000(left)
        rest = 0 if not right else _nl_below_1000(right)
        if thousands is None or rest is None:
            return None
        return thousands * 1000 + rest
    return _nl_below_1000(w)


def _number_token(w: str) -> tuple[str, float] | None:
    """('n', value), ('h', 100) for hundred or ('s', scale) for thousand/million; or None."""
    if w in _SCALES:
        return ("h", 100) if _SCALES[w] == 100 else ("s", _SCALES[w])
    if w in _WORD_NUMBERS:
        return ("n", _WORD_NUMBERS[w])
    value = _nl_word(w)
    return None if value is None else ("n", value)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _words_to_digits(low: str) -> str:
    """Replace written-out numbers by digits padded with spaces, so the length stays the same."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(low)]
    out = list(low)
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        first = _number_token(word)
        if first is None or (word == "ten" and _DUTCH_TEN.match(low, end)):
            i += 1
            continue
        run = [first]
        run_end = end
        j = i + 1
        while j < len(tokens):
            s2, e2, w2 = tokens[j]
            gap = low[run_end:s2]
            if gap.strip(" -\t") or not gap:
                break
            if w2 == "and" and j + 1 < len(tokens):
                nxt = _number_token(tokens[j + 1][2])
                if nxt is not None and not low[e2:tokens[j + 1][0]].strip(" -\t"):
                    run_end = e2
                    j += 1
                    continue
                break
            tok = _number_token(w2)
            if tok is None:
                break
            run.append(tok)
            run_end = e2
            j += 1
        only_scales = all(kind != "n" for kind, _ in run)
        after_digit = bool(re.search(r"\d\s*$", low[:start]))
        if (len(run) == 1 and word == "one") or (only_scales and after_digit):
            i = j
            continue
        total = current = 0.0
        for kind, value in run:
            if kind == "h":
                current = (current or 1) * 100
            elif kind == "s":
                total += (current or 1) * value
                current = 0
            else:
                current += value
        digits = _plain(total + current)
        if len(digits) <= run_end - start:
            out[start:run_end] = list(digits.ljust(run_end - start))
        i = j
    return "".join(out)


# --------------------------------------------------------------------------------------------------
# Patterns (compiled once)

# Dutch and English notation read alike: "1.200" and "1,200" are 1200, "1,5" and "1.5" are 1.5,
# "1.200,50" and "1,200.50" are 1200.5.
_NUM = (r"(?<![\w.,])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.])|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])"
        r"|\d+(?:[.,]\d+)?)"
        r"(?:\s*(?:k|duizend|thousand|mln|miljoen|million)\b)?")
_NUM_PARTS = re.compile(r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.])|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])"
                        r"|\d+(?:[.,]\d+)?)\s*([a-z]*)")


def _num_value(text: str) -> float:
    m = _NUM_PARTS.match(text.strip())
    digits, scale = m.group(1), m.group(2)
    if "," in digits and "." in digits:  # both: the last one is the decimal mark
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        group = "." if decimal == "," else ","
        value = float(digits.replace(group, "").replace(decimal, "."))
    elif re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
        value = float(re.sub(r"[.,]", "", digits))
    else:
        value = float(digits.replace(",", "."))
    return value * {"k": 1000, "duizend": 1000, "thousand": 1000, "mln": 10**6,
                    "miljoen": 10**6, "million": 10**6}.get(scale, 1)


def read_number(text: object) -> float | None:
    """A number as a participant types it, Dutch or English alike ("1.200" and "1,200" are 1200,
    "1,5" and "1.5" are 1.5, "2,5k" is 2500, "12%" is 12); None when it is not one number."""
    value = re.sub(r"\s+", "", str(text or "")).lower().rstrip("%")
    sign = -1 if value.startswith("-") else 1
    value = value.lstrip("+-")
    m = _NUM_PARTS.fullmatch(value)
    if not m or m.group(2) not in ("", "k", "duizend", "thousand", "mln", "miljoen", "million"):
        return None
    return sign * _num_value(value)


# a rhythm written out (the words are in the lexicon files' ``rhythm``): "3 keer per week", "every month"
_UNIT = rf"(?:{lexicon.alternation(lexicon.words_in('rhythm', 'units'))})"
_FREQ = (rf"(?:\d+(?:[.,]\d+)?\s*(?:x|{lexicon.alternation(lexicon.words_in('rhythm', 'times'))})|"
         rf"{lexicon.alternation(lexicon.words_in('rhythm', 'counts'))})")
_RATES = [
    re.compile(rf"(?:{_FREQ}\s*)?\b(?:{lexicon.alternation(lexicon.words_in('rhythm', 'each'))})\s+(?:\d+\s+)?"
               rf"(?P<unit>{_UNIT})s?\b"),
    re.compile(rf"{_FREQ}\s+(?:{lexicon.alternation(lexicon.words_in('rhythm', 'within'))})\s+(?P<unit>{_UNIT})\b"),
    re.compile(rf"\b(?P<word>{lexicon.alternation(lexicon.merged('rate_words'))})\b"),
]
_RATE_WORD_UNIT = lexicon.merged("rate_words")
_UNIT_KEY = lexicon.merged("units")  # "maanden" -> month

_MONTHS = lexicon.merged("months")
_MONTH_ANY = lexicon.alternation(_MONTHS)
# full month names (abbreviations like "jan" or "mar" only count next to a day number)
_MONTH_FULL = lexicon.alternation([m for m in _MONTHS if len(m) > 3 and m != "sept"] + ["mei", "may"])
_MONTH_EN = lexicon.alternation(lexicon.raw("en")["months"])
_YEAR = r"20\d\d"
_NOT_A_COUNT = (r"(?!\s*(?:%|procent|percent|pct|x\b|keer|maal|times|more|meer|new|nieuwe|extra|"
                r"[^\W\d]*(?:volgers|followers|fans|leads|kliks|clicks|bezoekers|visitors)))")

_BEFORE = {"voor", "vóór", "before", "prior to", "by", "tegen", "uiterlijk"}

_DEADLINES: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})\b")),
    ("dmy", re.compile(rf"\b(?P<a>\d{{1,2}})[-/.](?P<b>\d{{1,2}})[-/.](?P<y>{_YEAR})\b")),
    ("day_month", re.compile(
        rf"(?<![\d.,])\b(?P<d>\d{{1,2}})(?:e|ste|de|st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_ANY})"
        rf"\b\.?(?:\s*,?\s*(?P<y>{_YEAR})\b)?")),
    ("month_day", re.compile(
        rf"\b(?P<mon>{_MONTH_EN})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b{_NOT_A_COUNT}"
        rf"(?:\s*,?\s*(?P<y>{_YEAR})\b)?")),
    ("month", re.compile(
        r"\b(?:(?P<pre>in|by|before|voor|vóór|tegen|uiterlijk|until|till|through|tot\s+en\s+met|"
        r"t/m|tot|begin|start of|"
        r"halverwege|half|mid|midden|during|eind|einde|end of|the end of|(?:het\s+)?einde?\s+van)\s+)"
        rf"(?:(?:de\s+maand|the\s+month\s+of|het\s+einde?\s+van)\s+)?(?P<mon>{_MONTH_FULL})\b"
        rf"(?:\s+(?P<y>{_YEAR})\b)?")),
    ("month_year", re.compile(rf"\b(?P<mon>{_MONTH_FULL})\s+(?P<y>{_YEAR})\b")),
    ("quarter", re.compile(
        r"\b(?:(?P<pre>voor|vóór|before|prior to|tegen|by|in|eind|einde|end of|the end of|"
        r"uiterlijk|begin|start of|(?:aan\s+)?het\s+einde?\s+van)\s+(?:het\s+|the\s+)?)?"
        r"(?:q(?P<q>[1-4])\b|(?P<ord>eerste|tweede|derde|vierde|laatste|first|second|third|fourth|last|"
        r"1e|2e|3e|4e|1st|2nd|3rd|4th)\s+(?:kwartaal|quarter)\b)"
        rf"(?:\s*(?:van\s+|of\s+)?(?P<y>{_YEAR})\b)?")),
    ("rel_period", re.compile(
        r"\b(?:(?P<end>eind|einde|end|the end)\s+(?:van\s+|of\s+)?)?"
        r"(?:(?P<rel>deze|dit|this|volgende|volgend|next|komende|coming)\s+|(?P<the>de|het|the)\s+)"
        r"(?P<u>maand|month|week|kwartaal|quarter)\b")),
    ("season", re.compile(
        r"\b(?P<pre>voor|vóór|before|by|tegen|in|during|tijdens|deze|this|met|at|eind|einde|end of|"
        r"the end of|(?:aan\s+)?het\s+einde?\s+van|uiterlijk)\s+(?:de\s+|het\s+|the\s+|this\s+|deze\s+)?"
        rf"(?P<s>{lexicon.alternation(lexicon.merged('seasons'))})\b"
        rf"(?:\s+(?P<y>{_YEAR})\b)?")),
    ("year_end", re.compile(
        r"\b(?:(?:tegen|voor|vóór|aan|op|by|before|at|until|till|tot|uiterlijk|in)\s+)?"
        r"(?:het\s+|the\s+)?(?:eind|einde|end)\s+(?:van\s+|of\s+)?(?:het\s+|dit\s+|the\s+|this\s+)?"
        r"(?P<next>(?:volgend|volgende|next|komend|komende|coming)\s+)?(?:jaar|year)\b"
        r"|\b(?:jaareinde|year[- ]end|(?:de\s+)?jaarwisseling)\b")),
    ("year", re.compile(
        r"\b(?:(?P<pre>(?:tegen\s+|aan\s+|voor\s+|vóór\s+)?het\s+einde?\s+van|in|by|before|voor|vóór|eind|einde|"
        r"end of|the end of|tegen|uiterlijk|during|binnen|within)\s+)?(?:(?P<rel>dit|this|volgend|volgende|next|komend|komende|coming)\s+"
        rf"(?:jaar|year)\b|(?P<y>{_YEAR})\b{_NOT_A_COUNT})")),
    ("duration", re.compile(
        r"\b(?:(?P<pre>binnen|within|in|over|na|after|during|gedurende|for)\s+)?(?:(?:de|het|the)\s+)?"
        r"(?:(?P<next>komende|volgende|aankomende|eerstvolgende|next|coming|following)\s+)?"
        r"(?P<n>\d+(?:[.,]\d+)?|een|één|a|an|one)?\s*(?P<half>half\s+(?:a\s+|an\s+)?)?"
        rf"(?P<u>{lexicon.alternation(lexicon.merged('units'))})\b")),
]
# ``year`` with a bare number needs a preposition; checked in the resolver

_PLATFORMS = [
    ("Facebook", re.compile(r"\b(?:facebook|fb)")),
    ("Instagram", re.compile(r"\b(?:instagram|insta\b)")),
    ("LinkedIn", re.compile(r"\blinked-?in")),
    ("TikTok", re.compile(r"\btik[\s-]?tok")),
    ("YouTube", re.compile(r"\byou[\s-]?tube")),
    ("X", re.compile(r"\btwitter|\btweets?\b")),
    ("Pinterest", re.compile(r"\bpinterest")),
    ("Snapchat", re.compile(r"\bsnap-?chat")),
    ("WhatsApp", re.compile(r"\bwhats-?app")),
    ("Threads", re.compile(r"\bthreads\b")),  # checked for a capital T in the resolver
    ("BeReal", re.compile(r"\bbe-?real\b")),
    ("Bluesky", re.compile(r"\bblue-?sky\b")),
    ("Mastodon", re.compile(r"\bmastodon\b")),
    ("Reddit", re.compile(r"\breddit\b")),
    ("Twitch", re.compile(r"\btwitch\b")),
    ("Telegram", re.compile(r"\btelegram\b")),
]
# X, the platform: a capital X that stands alone, after "op/on/via" or before "-account", "(Twitter)"
_X_PLATFORM = re.compile(
    "(?:" + "|".join([rf"(?<=\b{re.escape(w)} )" for w in lexicon.words_in("x_platform", "before")]
                     + [r"(?<=, )", r"(?<=/)"]) + r")X(?![\w%])"
    r"|(?<![\w.])X(?=\s*(?:-|/|\(|" + "|".join(rf"{re.escape(w)}\b" for w in lexicon.words_in("x_platform", "after"))
    + "))")
_VAGUE_PLATFORM = re.compile(rf"\b(?:{lexicon.alternation(lexicon.words('vague_platforms'))})\w*")

# Metrics are read by lexicon.find_metric from the language files (lexicon/<lang>.yaml).
METRICS = lexicon.metric_order()
_metric = labels.kind("metric", "smart.metric.{}", METRICS)
_month = labels.kind("month", "smart.months.m{}", range(1, 13))

_DECREASE = re.compile(rf"\b(?:{lexicon.alternation(lexicon.words('decrease'))})\b")
_VAGUE_MORE = re.compile(rf"\b(?:{lexicon.alternation(lexicon.words('vague_more'))})\b")
# A date after one of these starts a period ("vanaf maart 2027"): it is not a deadline.
_PERIOD_START = re.compile(rf"\b(?:{lexicon.alternation(lexicon.words('period_start'))})\s+"
                           r"(?:(?:de|het|the|begin|start\s+of|eind|end\s+of)\s+)?$")

_PERCENT = re.compile(rf"(?P<sign>[+-]\s*)?(?P<n>{_NUM})\s*(?:%|procent\b|percent\b|pct\b)")
_LEVEL_BEFORE = re.compile(rf"(?:{lexicon.alternation(lexicon.words('level_words'))})\s*"
                           r"(?:van|of|naar|to|op|at|boven|above|from)?\s*(?:minimaal|minstens|"
                           r"at\s+least|ongeveer|about)?\s*$")
_FROM_TO = re.compile(
    rf"\b(?:van|from)\s+(?:[^\W\d]+\s+){{0,2}}?(?P<a>{_NUM})\s*(?P<ap>%|procent|percent)?\s*"
    rf"(?:[^\W\d]+\s+){{0,3}}?(?:naar|tot|to|into|up\s+to)\s+(?:[^\W\d]+\s+){{0,1}}?(?P<b>{_NUM})")
_MULTIPLIER_WORDS = re.compile(
    r"\b(?P<w>verdubbel\w*|double[sd]?|doubling|twice\s+as\s+(?:many|much|large|big|high)|"
    r"twee\s+keer\s+zoveel|verdrievoudig\w*|triple[sd]?|tripling|verviervoudig\w*|quadruple[sd]?|"
    r"vertienvoudig\w*|tenfold|ten-fold|halver\w*|halve[sd]?|halving|in\s+half|de\s+helft)\b")
_MULTIPLIER_VALUES = (("verdubbel", 2), ("doubl", 2), ("twice", 2), ("twee keer", 2),
                      ("verdrievoudig", 3), ("tripl", 3), ("verviervoudig", 4), ("quadrupl", 4),
                      ("vertienvoudig", 10), ("tenfold", 10), ("ten-fold", 10), ("halv", 0.5),
                      ("in half", 0.5), ("de helft", 0.5))
_MULTIPLIER_NUM = re.compile(
    rf"(?P<n>{_NUM})\s*(?:x(?![\w])|(?:keer|maal|times)\s+(?:zo\s*veel|zoveel|zo\s+groot|zo\s+hoog|"
    r"meer|more|as\s+many|as\s+much|as\s+large|as\s+high|groter|hoger|bigger|higher)\b)")
_INCREMENT = re.compile(
    rf"\+\s*(?P<n1>{_NUM})|(?P<n2>{_NUM})\s+(?:nieuwe|extra|new|additional|more|meer|erbij)\b|"
    rf"\b(?:met|by|with)\s+(?P<n3>{_NUM})(?!\s*(?:%|procent|percent|x\b|keer|maal|times))|"
    rf"(?P<n4>{_NUM})\s+(?:[^\W\d]+\s+){{1,2}}?(?:erbij|extra)\b")
_ABSOLUTE = re.compile(
    rf"\b(?:naar|tot|to|reach|reaching|bereiken|halen|hit|minimaal|minstens|at\s+least|ten\s+minste|"
    rf"op|of|at|total\s+of|totaal)\s+(?:[^\W\d]+\s+){{0,1}}?(?P<n>{_NUM})")
_BARE = re.compile(_NUM)
# Where the participant stands now: "(nu 1.800)", "nulmeting: 350", "we currently have 2,000 followers"
_BASELINE = re.compile(
    rf"\b(?:{lexicon.alternation(lexicon.words('baseline_words'))})\b\s*(?::|=|op|van|is|at|of)?\s*"
    rf"(?:[^\W\d]+\s+){{0,2}}?(?P<n>{_NUM})(?!\s*(?:%|procent\b|percent\b|x\b|keer\b|times\b))")

# The clause that says why: "zodat ...", "om ... te ...", "so that ...", "to support ..."
_LINK = re.compile(
    rf"\b(?:{lexicon.alternation(lexicon.words('purpose'))})\b[^,.;!?]*"
    # "om meer leads te krijgen": up to the verb after "te", the main clause may follow
    r"|\bom\s+[^,.;!?]*?\bte\s+[^\W\d]+")


# "to build brand awareness": a purpose only when an organisation goal follows (else it is the goal itself:
# "I want to grow our followers"); the last such phrase in a clause is the link.
_SOFT_LINK = re.compile(rf"\b(?:{lexicon.alternation(lexicon.words('soft_purpose'))})\b")
_CLAUSE_END = re.compile(r"[,.;!?]")


# --------------------------------------------------------------------------------------------------
# Dates


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _add_months(day: dt.date, months: float) -> dt.date:
    whole = int(months)
    if whole != months:  # a fraction of a month: count days
        return day + dt.timedelta(days=round(months * DAYS_PER_MONTH))
    index = day.month - 1 + whole
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _month_end(year, month).day))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _next_after(today: dt.date, make) -> dt.date | None:
    """``make(year)`` for this year, or next year when this year's date has passed."""
    first = make(today.year)
    if first is not None and first >= today:
        return first
    return make(today.year + 1)


_SEASONS = {  # (start month, start day, end month, end day)
    "spring": (3, 20, 6, 20), "summer": (6, 21, 9, 21), "autumn": (9, 22, 12, 20),
    "winter": (12, 21, 3, 19), "christmas": (12, 25, 12, 26), "summer_holidays": (7, 15, 8, 31),
}
_SEASON_WORDS = lexicon.merged("seasons")
_ORDINALS = {"eerste": 1, "first": 1, "1e": 1, "1st": 1, "tweede": 2, "second": 2, "2e": 2, "2nd": 2,
             "derde": 3, "third": 3, "3e": 3, "3rd": 3, "vierde": 4, "fourth": 4, "4e": 4, "4th": 4,
             "laatste": 4, "last": 4}
_PERIOD_SIZE = {"day": ("d", 1), "week": ("d", 7), "month": ("m", 1), "quarter": ("m", 3), "year": ("m", 12)}
_DURATION_UNITS = {word: _PERIOD_SIZE[period] for word, period in _UNIT_KEY.items()}


def _norm_pre(pre: str | None) -> str:
    return re.sub(r"\s+", " ", pre or "").strip()


def _is_before(pre: str) -> bool:
    return pre in ("voor", "vóór", "before", "prior to")


def _resolve(kind: str, m: re.Match, today: dt.date) -> dt.date | None:
    g = m.groupdict()
    if kind == "iso":
        return _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
    if kind == "dmy":
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        return _safe_date(y, a, b) if b > 12 >= a else _safe_date(y, b, a)
    if kind in ("day_month", "month_day"):
        month, day = _MONTHS[g["mon"]], int(g["d"])
        if g.get("y"):
            return _safe_date(int(g["y"]), month, day)
        return _next_after(today, lambda y: _safe_date(y, month, day))
    if kind in ("month", "month_year"):
        month, pre = _MONTHS[g["mon"]], _norm_pre(g.get("pre"))

        def make(y: int) -> dt.date:
            if _is_before(pre):
                return dt.date(y, month, 1) - dt.timedelta(days=1)
            if pre in ("begin", "start of"):
                return dt.date(y, month, 1)
            if pre in ("halverwege", "half", "mid", "midden"):
                return dt.date(y, month, 15)
            return _month_end(y, month)

        return make(int(g["y"])) if g.get("y") else _next_after(today, make)
    if kind == "quarter":
        q = int(g["q"]) if g.get("q") else _ORDINALS[g["ord"]]
        pre = _norm_pre(g.get("pre"))

        def make(y: int) -> dt.date:
            if _is_before(pre):
                return dt.date(y, 3 * q - 2, 1) - dt.timedelta(days=1)
            if pre in ("begin", "start of"):
                return dt.date(y, 3 * q - 2, 1)
            return _month_end(y, 3 * q)

        return make(int(g["y"])) if g.get("y") else _next_after(today, make)
    if kind == "rel_period":
        unit, rel = g["u"], g.get("rel")
        if rel is None and not g.get("end"):
            return None  # "de maand", "the week": not a deadline on its own
        step = 1 if rel in ("volgende", "volgend", "next", "komende", "coming") else 0
        if unit in ("week",):
            monday = today - dt.timedelta(days=today.weekday())
            return monday + dt.timedelta(days=6 + 7 * step)
        if unit in ("maand", "month"):
            first = _add_months(today.replace(day=1), step)
            return _month_end(first.year, first.month)
        q_end_month = 3 * ((today.month - 1) // 3 + 1)
        end = _add_months(dt.date(today.year, q_end_month, 1), 3 * step)
        return _month_end(end.year, end.month)
    if kind == "season":
        season = _SEASON_WORDS[" ".join(g["s"].split())]
        sm, sd, em, ed = _SEASONS[season]
        pre = _norm_pre(g["pre"])

        def make(y: int) -> dt.date:
            if pre in _BEFORE:
                return dt.date(y, sm, sd) - dt.timedelta(days=1)
            if pre in ("met", "at") and season == "christmas":
                return dt.date(y, sm, sd)
            return dt.date(y + (em < sm), em, ed)

        return make(int(g["y"])) if g.get("y") else _next_after(today, make)
    if kind == "year_end":
        return dt.date(today.year + (1 if g.get("next") else 0), 12, 31)
    if kind == "year":
        pre = _norm_pre(g.get("pre"))
        if g.get("rel"):
            year = today.year + (0 if g["rel"] in ("dit", "this") else 1)
            if _is_before(pre) or (pre in ("by", "tegen") and g["rel"] not in ("dit", "this")):
                year -= 1
            return dt.date(year, 12, 31)
        if not pre:
            return None
        year = int(g["y"])
        return dt.date(year - 1 if (_is_before(pre) or pre in ("by", "tegen")) else year, 12, 31)
    if kind == "duration":
        if not g.get("pre") and not g.get("next"):
            return None
        n_text, half = g.get("n"), g.get("half")
        if n_text is None and not half and not g.get("next"):
            return None
        if g.get("pre") == "for" and not g.get("next"):
            return None
        n = 1.0 if n_text in (None, "een", "één", "a", "an", "one") else float(n_text.replace(",", "."))
        if half:
            n *= 0.5
        what, size = _DURATION_UNITS[g["u"]]
        if n <= 0 or n > 1200:
            return None
        if what == "d":
            return today + dt.timedelta(days=round(n * size))
        return _add_months(today, n * size)
    return None


# --------------------------------------------------------------------------------------------------
# Reading a sentence


@dataclass
class _Reading:
    metric: str | None = None
    platforms: list[str] = field(default_factory=list)
    vague_platform: str | None = None
    target: Target | None = None
    deadline: dt.date | None = None
    deadline_text: str | None = None
    rate_text: str | None = None
    rate_unit: str | None = None
    vague_word: str | None = None
    link_text: str | None = None
    link_goal: str | None = None
    baseline: float | None = None  # "nu 1.800", "currently 2,000"


def _normalise(sentence: object) -> str:
    text = "" if sentence is None else str(sentence)
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "‑": "-",
                                         "\u00a0": " ", "\t": " ", "\n": " ", "\r": " "}))
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _lower(text: str) -> str:
    """Lower case, one character for one character (spans stay valid)."""
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


def _find_metric(low: str) -> str | None:
    return lexicon.find_metric(low)


def _find_platforms(text: str, low: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for name, regex in _PLATFORMS:
        for m in regex.finditer(low):
            if name == "Threads" and text[m.start()] != "T":
                continue
            found.append((m.start(), name))
            break
    m = _X_PLATFORM.search(text)
    if m:
        found.append((m.start(), "X"))
    names: list[str] = []
    for _, name in sorted(found):
        if name not in names:
            names.append(name)
    return names


def _find_target(num_text: str, decrease: bool) -> Target | None:
    m = _FROM_TO.search(num_text)
    if m:
        a, b = _num_value(m.group("a")), _num_value(m.group("b"))
        if a != b:
            return Target("from_to", b, baseline=a, decrease=b < a,
                          percent=bool(m.group("ap")) or bool(re.match(r"\s*(?:%|procent|percent)", num_text[m.end():])))
    m = _PERCENT.search(num_text)
    if m:
        value = _num_value(m.group("n"))
        if _LEVEL_BEFORE.search(num_text[:m.start()]):
            return Target("level", value, percent=True)
        sign_minus = (m.group("sign") or "").strip() == "-"
        return Target("percent", value, decrease=decrease or sign_minus)
    m = _MULTIPLIER_NUM.search(num_text)
    if m:
        value = _num_value(m.group("n"))
        if value > 0:
            return Target("multiplier", value, decrease=value < 1)
    m = _MULTIPLIER_WORDS.search(num_text)
    if m:
        word = re.sub(r"\s+", " ", m.group("w"))
        for stem, value in _MULTIPLIER_VALUES:
            if word.startswith(stem) or stem in word:
                return Target("multiplier", value, decrease=value < 1)
    m = _INCREMENT.search(num_text)
    if m:
        n = next(g for g in (m.group("n1"), m.group("n2"), m.group("n3"), m.group("n4")) if g)
        return Target("increment", _num_value(n), decrease=decrease)
    m = _ABSOLUTE.search(num_text) or _BARE.search(num_text)
    if m:
        n = m.groupdict().get("n") or m.group()
        return Target("absolute", _num_value(n))
    return None


def _read(sentence: object, today: dt.date, org_rows: list[dict]) -> tuple[str, _Reading]:
    text = _normalise(sentence)
    low = _lower(text)
    work = _words_to_digits(low)
    r = _Reading()

    link_spans = []
    for m in _LINK.finditer(low):
        link_spans.append(m.span())
        if r.link_text is None:
            r.link_text = text[m.start():m.end()].strip()
            r.link_goal = _goal_in(low[m.start():m.end()], org_rows)
        elif r.link_goal is None:
            r.link_goal = _goal_in(low[m.start():m.end()], org_rows)

    if not link_spans:
        for m in reversed(list(_SOFT_LINK.finditer(low))):
            end = _CLAUSE_END.search(low, m.end())
            span = (m.start(), end.start() if end else len(low))
            if re.search(r"\d", work[span[0]:span[1]]):
                break  # "to get 50 leads": that is the goal itself, not why
            goal = _goal_in(low[span[0]:span[1]], org_rows)
            if goal:
                link_spans.append(span)
                r.link_text, r.link_goal = text[span[0]:span[1]].strip(), goal
                break

    rate_spans = []
    for regex in _RATES:
        for m in regex.finditer(work):
            if _overlaps(m.span(), rate_spans):
                continue
            rate_spans.append(m.span())
            if r.rate_text is None or m.start() < rate_spans[0][0]:
                r.rate_text = text[m.start():m.end()].strip()
                unit = m.groupdict().get("unit") or ""
                word = m.groupdict().get("word") or ""
                has_freq = bool(re.match(_FREQ, work[m.start():m.end()].strip()))
                r.rate_unit = None if has_freq else (_UNIT_KEY.get(unit) or _RATE_WORD_UNIT.get(word))
    dated = _mask(work, rate_spans)

    deadline_spans: list[tuple[int, int]] = []
    for kind, regex in _DEADLINES:
        for m in regex.finditer(dated):
            if _overlaps(m.span(), deadline_spans):
                continue
            when = _resolve(kind, m, today)
            if when is None:
                continue
            deadline_spans.append(m.span())
            if _PERIOD_START.search(dated, max(0, m.start() - 40), m.start()):
                continue  # "vanaf maart 2027": where a period starts, not a deadline
            if r.deadline is None:
                r.deadline, r.deadline_text = when, text[m.start():m.end()].strip()

    r.platforms = _find_platforms(text, low)
    if not r.platforms:
        m = _VAGUE_PLATFORM.search(low)
        r.vague_platform = text[m.start():m.end()] if m else None

    main = _mask(low, link_spans)
    r.metric = _find_metric(main) or _find_metric(low)

    numbers_all = _mask(dated, deadline_spans)
    m = _BASELINE.search(_mask(numbers_all, link_spans))
    if m:
        r.baseline = _num_value(m.group("n"))
        numbers_all = _mask(numbers_all, [m.span("n")])
    numbers_main = _mask(numbers_all, link_spans)
    decrease = bool(_DECREASE.search(_mask(low, link_spans)))
    r.target = _find_target(numbers_main, decrease) or _find_target(numbers_all, decrease)
    if r.target and r.target.kind == "percent" and r.rate_unit:
        r.target.per = r.rate_unit
    if r.target is None:
        m = _VAGUE_MORE.search(main)
        r.vague_word = text[m.start():m.end()] if m else None
    return text, r


# --------------------------------------------------------------------------------------------------
# Reference data (loaded on first use, through helpers.data)


def _rows(name: str) -> list[dict]:
    df = data.table(name)
    return [{k: (None if _missing(v) else v) for k, v in row.items()} for row in df.to_dict("records")]


def _missing(value: object) -> bool:
    try:
        return value is None or bool(value != value) or str(value) in ("<NA>", "nan")
    except (TypeError, ValueError):
        return False


def _split(value: object) -> list[str]:
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def _org_rows() -> list[dict]:
    out = []
    for row in _rows("org_goals"):
        key = str(row.get("key") or "").strip()
        if not key:
            continue
        phase = str(row.get("phase") or "").strip().lower()
        out.append({"key": key, "phase": phase if phase in PHASES else "",
                    "kpis": _split(row.get("kpis")),
                    "keywords": tuple(_split(row.get("keywords_nl")) + _split(row.get("keywords_en"))),
                    "source": row.get("source"), "year": row.get("year"), "method": row.get("method")})
    return out


def _growth_rows() -> list[dict]:
    out = []
    for row in _rows("growth_reference"):
        try:
            low, high = float(row["low"]), float(row["high"])
        except (KeyError, TypeError, ValueError):
            continue
        if not (0 <= low <= high):
            continue
        out.append({"metric": str(row.get("metric") or "*").strip(),
                    "platform": str(row.get("platform") or "").strip(),
                    "low": low, "high": high, "source": row.get("source"), "year": row.get("year"),
                    "method": row.get("method")})
    return out


@lru_cache(maxsize=64)
def _keyword_regex(keywords: tuple[str, ...]) -> re.Pattern | None:
    if not keywords:
        return None
    parts = sorted((re.escape(k.lower()) for k in keywords), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(parts) + r")")


def _goal_in(clause: str, org_rows: list[dict]) -> str | None:
    best: tuple[int, str] | None = None
    for row in org_rows:
        regex = _keyword_regex(row["keywords"])
        m = regex.search(clause) if regex else None
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), row["key"])
    return best[1] if best else None


def _resolve_org_goal(value: str, org_rows: list[dict]) -> str | None:
    wanted = re.sub(r"[\s_-]+", " ", value.strip().lower())
    for row in org_rows:
        names = {row["key"].lower().replace("_", " ")}
        for lang in ("nl", "en"):
            names.add(re.sub(r"[\s_-]+", " ", labels.org_goal(row["key"], lang).lower()))
        if wanted in names:
            return row["key"]
    return None


def _reference(metric: str | None, platforms: list[str], rows: list[dict]) -> dict | None:
    platform = platforms[0].lower() if platforms else ""
    for want_metric, want_platform in ((metric, platform), (metric, ""), ("*", "")):
        for row in rows:
            if row["metric"] == want_metric and row["platform"].lower() == want_platform:
                return row
    return None


# --------------------------------------------------------------------------------------------------
# Formatting in the user's language


def _fmt(value: float, lang: str, decimals: int | None = None) -> str:
    if decimals is None:
        decimals = 0 if float(value).is_integer() or abs(value) >= 100 else 1
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def _pct(value: float, lang: str) -> str:
    return _fmt(value, lang) + "%"


def _date_text(day: dt.date, lang: str) -> str:
    month = _month(day.month, lang)
    return f"{month} {day.day}, {day.year}" if lang == "en" else f"{day.day} {month} {day.year}"


def _months_text(months: float, lang: str) -> str:
    whole = abs(months - round(months)) < 0.05 or months >= 10
    return _fmt(round(months) if whole else months, lang, 0 if whole else 1)


def metric_label(key: str | None, lang: str | None = None) -> str:
    """The plain name of a metric key in the user's language."""
    lang = current_language(lang)
    return _metric(key, lang) if key else t("smart.metric.unknown", lang)


def _number_notation(target: Target) -> str:
    if target.kind == "percent":
        return ("-" if target.decrease else "") + _plain(target.value) + "%"
    if target.kind == "level":
        return _plain(target.value) + "%"
    if target.kind == "multiplier":
        return "x" + _plain(target.value)
    if target.kind == "from_to":
        unit = "%" if target.percent else ""
        return f"{_plain(target.baseline)}{unit}→{_plain(target.value)}{unit}"
    if target.kind == "increment":
        return ("-" if target.decrease else "+") + _plain(target.value)
    return _plain(target.value)


def _number_text(target: Target, lang: str) -> str:
    if target.kind == "percent":
        return t("smart.number.percent_down" if target.decrease else "smart.number.percent_up", lang,
                 value=_pct(target.value, lang))
    if target.kind == "level":
        return _pct(target.value, lang)
    if target.kind == "multiplier":
        return t("smart.number.multiplier", lang, factor=_fmt(target.value, lang))
    if target.kind == "from_to":
        show = _pct if target.percent else _fmt
        return t("smart.number.from_to", lang, start=show(target.baseline, lang), end=show(target.value, lang))
    if target.kind == "increment":
        return t("smart.number.increment_down" if target.decrease else "smart.number.increment_up", lang,
                 value=_fmt(target.value, lang))
    return _fmt(target.value, lang)


# --------------------------------------------------------------------------------------------------
# The five letters


def _specific(r: _Reading, lang: str) -> Verdict:
    metric = metric_label(r.metric, lang)
    if r.metric and r.platforms:
        return Verdict(True, t("smart.specific.ok", lang, metric=metric, platform=", ".join(r.platforms)))
    missing = []
    if not r.metric:
        missing.append(t("smart.specific.no_metric", lang))
    if not r.platforms:
        missing.append(t("smart.specific.vague_platform", lang, words=r.vague_platform)
                       if r.vague_platform else t("smart.specific.no_platform", lang))
    tips = []
    if not r.metric:
        tips.append(t("smart.specific.suggest_metric", lang))
    if not r.platforms:
        tips.append(t("smart.specific.suggest_platform", lang, metric=metric if r.metric else
                      t("smart.metric.followers", lang)))
    return Verdict(False, " ".join(missing), " ".join(tips))


def _measurable(r: _Reading, lang: str) -> Verdict:
    metric = metric_label(r.metric, lang) if r.metric else t("smart.metric.followers", lang)
    if r.target and r.metric:
        return Verdict(True, t("smart.measurable.ok", lang, number=_number_text(r.target, lang),
                               metric=metric_label(r.metric, lang)))
    if r.target:
        return Verdict(False, t("smart.measurable.no_metric", lang, number=_number_text(r.target, lang)),
                       t("smart.measurable.suggest_metric", lang))
    reason = (t("smart.measurable.vague_word", lang, word=r.vague_word) if r.vague_word
              else t("smart.measurable.no_number", lang))
    return Verdict(False, reason, t("smart.measurable.suggest_number", lang, metric=metric))


def _round_example(value: float) -> float:
    """A round number near ``value`` for an example starting point (24 -> 24, 4000 -> 4000, 1234 -> 1200)."""
    if value < 100:
        return max(1, round(value))
    size = 10 ** (len(str(int(value))) - 2)
    return round(value / size) * size


def _relative_change(target: Target, baseline: float | None) -> float | None:
    """The whole change as a fraction (+0.10 for 10% more), or None when it cannot be known."""
    if target.kind == "percent":
        return (-1 if target.decrease else 1) * target.value / 100
    if target.kind == "multiplier":
        return target.value - 1
    if target.kind == "from_to":
        return target.value / target.baseline - 1 if target.baseline else None
    if baseline and baseline > 0:
        if target.kind == "increment":
            return (-1 if target.decrease else 1) * target.value / baseline
        if target.kind == "absolute":
            return target.value / baseline - 1
    return None


_PERIOD_MONTHS = {"day": 1 / DAYS_PER_MONTH, "week": 7 / DAYS_PER_MONTH, "month": 1.0,
                  "quarter": 3.0, "year": 12.0}


def _achievable(r: _Reading, lang: str, today: dt.date, baseline: float | None,
                growth_rows: list[dict] | None, data_error: str | None,
                result: dict) -> Verdict:
    metric = metric_label(r.metric, lang) if r.metric else t("smart.metric.unknown", lang)
    if r.target is None:
        return Verdict(False, t("smart.achievable.no_target", lang),
                       t("smart.achievable.suggest_target", lang,
                         metric=metric_label(r.metric or "followers", lang)))
    baseline = r.baseline or baseline  # what the sentence says wins over the form's field
    if baseline:
        result["baseline"] = baseline
    if r.target.kind == "from_to":
        result["baseline"] = r.target.baseline
    change = _relative_change(r.target, baseline)
    if change is None:
        if r.target.kind == "level":
            return Verdict(False, t("smart.achievable.level", lang, number=_number_text(r.target, lang)),
                           t("smart.achievable.suggest_level", lang, number=_number_text(r.target, lang)))
        example = _fmt(_round_example(r.target.value * 0.8), lang)
        tip = (t("smart.achievable.suggest_baseline", lang, number=_fmt(r.target.value, lang),
                 metric=metric_label(r.metric, lang), example=example) if r.metric
               else t("smart.achievable.suggest_baseline_no_metric", lang, number=_fmt(r.target.value, lang),
                      example=example))
        return Verdict(False, t("smart.achievable.no_baseline", lang, number=_number_text(r.target, lang)), tip)
    if change <= -1:
        return Verdict(False, t("smart.achievable.to_zero", lang), t("smart.achievable.suggest_target",
                                                                       lang, metric=metric))
    if r.target.per:
        months = _PERIOD_MONTHS[r.target.per]
        monthly = ((1 + change) ** (1 / months) - 1) * 100
    else:
        if r.deadline is None:
            return Verdict(False, t("smart.achievable.no_duration", lang),
                           t("smart.achievable.suggest_duration", lang))
        days = (r.deadline - today).days
        if days <= 0:
            return Verdict(False, t("smart.achievable.past", lang),
                           t("smart.achievable.suggest_duration", lang))
        months = days / DAYS_PER_MONTH
        monthly = ((1 + change) ** (1 / months) - 1) * 100
        result["months"] = months
    result["monthly_growth"] = monthly
    if data_error is not None or growth_rows is None:
        return Verdict(False, t("smart.data_error", lang, error=data_error or ""), "")
    ref = _reference(r.metric, r.platforms, growth_rows)
    if ref is None:
        return Verdict(False, t("smart.achievable.no_reference", lang, metric=metric),
                       t("smart.achievable.suggest_reference", lang))
    result["reference"] = dict(ref)
    low, high = ref["low"], ref["high"]
    assumption = "assumption" in str(ref.get("method") or "").lower()
    basis = (t("smart.achievable.basis_assumption", lang) if assumption
             else t("smart.achievable.basis_source", lang, source=ref.get("source") or "",
                    year=_plain(ref["year"]) if isinstance(ref.get("year"), (int, float)) else ref.get("year") or ""))
    direction = "down" if monthly < 0 else "up"
    size = abs(monthly)
    values = dict(monthly=_pct(size, lang), low=_pct(low, lang), high=_pct(high, lang), metric=metric,
                  basis=basis)
    if size <= high + 1e-9:
        key = ("smart.achievable.ok_down" if direction == "down" else
               "smart.achievable.ok_low" if size < low else "smart.achievable.ok")
        return Verdict(True, t(key, lang, **values))
    reason = t("smart.achievable.too_high_down" if direction == "down" else "smart.achievable.too_high", lang,
               **values)
    if r.target.per:
        return Verdict(False, reason, t("smart.achievable.suggest_rate", lang, high=_pct(high, lang)))
    months = result["months"]
    step = 1 + (high / 100 if direction == "up" else -high / 100)
    max_total = abs(step ** months - 1) * 100
    if step > 0 and step != 1 and 1 + change > 0:
        needed = math.log(1 + change) / math.log(step)
        needed_text = _fmt(math.ceil(needed), lang)
    else:
        needed_text = "?"
    key = "smart.achievable.suggest_lower_down" if direction == "down" else "smart.achievable.suggest_lower"
    return Verdict(False, reason, t(key, lang, max_total=_pct(max_total, lang),
                                    months=_months_text(months, lang),
                                    months_needed=needed_text,
                                    number=_number_text(r.target, lang)))


def _relevant(r: _Reading, lang: str, org_goal: str | None, org_rows: list[dict] | None,
              data_error: str | None, result: dict) -> Verdict:
    if org_rows is None:
        return Verdict(False, t("smart.data_error", lang, error=data_error or ""), "")
    key = None
    given = (org_goal or "").strip()
    if given:
        key = _resolve_org_goal(given, org_rows)
        if key is None:
            return Verdict(False, t("smart.relevant.unknown_goal", lang, goal=given[:80]),
                           t("smart.relevant.suggest_choose", lang))
    via_sentence = key is None and r.link_goal is not None
    key = key or r.link_goal
    if key is None:
        if r.link_text:
            return Verdict(False, t("smart.relevant.link_unclear", lang, text=r.link_text[:120]),
                           t("smart.relevant.suggest_choose", lang))
        return Verdict(False, t("smart.relevant.none", lang), t("smart.relevant.suggest_link", lang))
    result["org_goal"] = key
    row = next(row for row in org_rows if row["key"] == key)
    goal = labels.org_goal(key, lang)
    phase = labels.label("phase", row["phase"], lang)
    reason = t("smart.relevant.ok_sentence" if via_sentence else "smart.relevant.ok", lang,
               goal=goal, phase=phase)
    if r.metric and row["kpis"] and r.metric not in row["kpis"]:
        kpis = ", ".join(metric_label(k, lang) for k in row["kpis"])
        reason += " " + t("smart.relevant.kpi_mismatch", lang, metric=metric_label(r.metric, lang),
                          goal=goal, kpis=kpis)
        return Verdict(True, reason, t("smart.relevant.suggest_kpis", lang, kpis=kpis,
                                       metric=metric_label(r.metric, lang), goal=goal))
    return Verdict(True, reason)


def _time_bound(r: _Reading, lang: str, today: dt.date) -> Verdict:
    q = _add_months(today.replace(day=1), 3)
    example = _date_text(_month_end(q.year, q.month), lang)
    if r.deadline is None:
        if r.rate_text:
            return Verdict(False, t("smart.time_bound.rate_only", lang, rate=r.rate_text),
                           t("smart.time_bound.suggest_deadline", lang, example=example))
        return Verdict(False, t("smart.time_bound.no_deadline", lang),
                       t("smart.time_bound.suggest_deadline", lang, example=example))
    when = _date_text(r.deadline, lang)
    days = (r.deadline - today).days
    if days < 0:
        return Verdict(False, t("smart.time_bound.past", lang, date=when),
                       t("smart.time_bound.suggest_future", lang, example=example))
    if days < 61:
        left = t("smart.time_bound.in_days" if days < 14 else "smart.time_bound.in_weeks", lang,
                 n=_fmt(days if days < 14 else round(days / 7), lang, 0))
    else:
        left = t("smart.time_bound.in_months", lang, n=_months_text(days / DAYS_PER_MONTH, lang))
    return Verdict(True, t("smart.time_bound.ok", lang, date=when, left=left))


# --------------------------------------------------------------------------------------------------
# Public API


def _load(loader):
    try:
        return loader(), None
    except Exception as err:  # a trainer's broken edit of data/ must not break the check
        return None, str(err)


def check(sentence: str, lang: str | None = None, org_goal: str | None = None,
          today: dt.date | None = None, *, baseline: float | None = None) -> SmartResult:
    """SMART verdicts for one goal sentence; never raises on a sentence, whatever it holds.

    ``baseline``: the current value of the metric (the goals form's zero measurement), used when
    the sentence names an absolute target ("naar 5.000 volgers") instead of a relative one.
    """
    lang = current_language(lang.lower() if isinstance(lang, str) else None)
    if not isinstance(today, dt.date):
        today = dt.date.today()
    elif isinstance(today, dt.datetime):
        today = today.date()
    if not isinstance(baseline, (int, float)) or isinstance(baseline, bool) or not baseline > 0:
        baseline = None
    org_rows, org_error = _load(_org_rows)
    growth_rows, growth_error = _load(_growth_rows)
    text, r = _read(sentence, today, org_rows or [])

    if not text.strip():
        empty = Verdict(False, t("smart.empty.reason", lang), t("smart.empty.suggestion", lang))
        return SmartResult(*(Verdict(empty.ok, empty.reason, empty.suggestion) for _ in LETTERS),
                           found=Found(), lang=lang, empty=True)

    extra: dict = {}
    result = SmartResult(
        specific=_specific(r, lang),
        measurable=_measurable(r, lang),
        achievable=_achievable(r, lang, today, baseline, growth_rows, growth_error, extra),
        relevant=_relevant(r, lang, org_goal if isinstance(org_goal, str) else None, org_rows,
                           org_error, extra),
        time_bound=_time_bound(r, lang, today),
        found=Found(number=_number_notation(r.target) if r.target else None, metric=r.metric,
                    platform=", ".join(r.platforms) or None,
                    deadline=r.deadline.isoformat() if r.deadline else None),
        lang=lang,
        target=r.target,
    )
    for name, value in extra.items():
        setattr(result, name, value)
    return result


def org_goals(lang: str | None = None) -> list[dict]:
    """The organisation goals for the goals form's dropdown, in the user's language.

    Each: ``key``, ``label``, ``social_goal``, ``kpis`` (plain names), ``kpi_keys`` (metric keys),
    ``phase`` (see/think/do/care), ``phase_label``, ``source``.
    """
    lang = current_language(lang)
    out = []
    for row in _org_rows():
        out.append({
            "key": row["key"],
            "label": labels.org_goal(row["key"], lang),
            "social_goal": labels.org_goal_social(row["key"], lang),
            "kpis": [metric_label(k, lang) for k in row["kpis"]],
            "kpi_keys": list(row["kpis"]),
            "phase": row["phase"],
            "phase_label": labels.label("phase", row["phase"], lang),
            "source": row["source"],
        })
    return out


def report(result: SmartResult, sentence: str = "") -> str:
    """A plain-words report of a result, for the terminal."""
    lang = result.lang
    lines = []
    if sentence:
        lines.append(t("smart.cli.sentence", lang, sentence=_normalise(sentence)))
    if result.empty:  # nothing written yet: a prompt, not a score of zero
        lines += [t("smart.empty.reason", lang), t("smart.cli.tip", lang, suggestion=t("smart.empty.suggestion", lang))]
        return "\n".join(lines)
    lines.append(t("smart.cli.score", lang, passed=result.passed, total=len(LETTERS)))
    for name, verdict in result.verdicts().items():
        mark = t("smart.cli.ok" if verdict.ok else "smart.cli.fail", lang)
        lines.append(f"{mark} {_letter(name, lang)}: {verdict.reason}")
        if verdict.suggestion:
            lines.append("     " + t("smart.cli.tip", lang, suggestion=verdict.suggestion))
    f = result.found
    none = t("smart.cli.none", lang)
    lines.append(t("smart.cli.found", lang, number=f.number or none,
                   metric=metric_label(f.metric, lang) if f.metric else none,
                   platform=f.platform or none, deadline=f.deadline or none))
    return "\n".join(lines)


def cli(sentence: str | None, lang: str | None, as_json: bool, org_goal: str | None = None) -> int:
    """``python -m helpers smart [SENTENCE] [--lang nl|en] [--json]``.

    With a sentence: a plain report (or one JSON object with ``--json``). Without: reads one sentence
    per line from standard input and writes one JSON object per line, in the same order; an empty
    line gets a result too (every letter not passed, reason: no goal yet). ``org_goal`` (a key or
    label) is ready for a ``--org-goal`` option; the command line does not pass it yet.
    """
    for stream in (sys.stdout, sys.stdin):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass
    if sentence is None:
        if sys.stdin.isatty():
            print(t("smart.cli.stdin_hint", lang), file=sys.stderr)
        for line in sys.stdin:
            result = check(line.rstrip("\r\n"), lang, org_goal)
            print(json.dumps(result.to_dict(), ensure_ascii=False), flush=True)
        return 0
    result = check(sentence, lang, org_goal)
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report(result, sentence))
    return 0
