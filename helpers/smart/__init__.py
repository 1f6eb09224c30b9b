"""The live SMART check of one goal sentence (step 2 of the workshop), in Dutch and English.

The reading is in :mod:`helpers.smart.core`; the language knowledge (metric words, heads, month and
season names, number words, period units, rhythm, period-start, purpose and baseline words, vague
platform names) is data in ``lexicon/<lang>.yaml``, read once by
:mod:`helpers.smart.lexicon`. Teach the check a new metric word by adding one line per language file.
"""
from __future__ import annotations

import datetime as dt
import functools

from .core import (Found, LETTERS, MAX_CHARS, METRICS, PHASES, SmartResult, Target, Verdict, check, cli,
    metric_label, org_goals, read_number, report)

__all__ = ["LETTERS", "MAX_CHARS", "METRICS", "PHASES", "Found", "SmartResult", "Target", "Verdict", "check", "cli",
           "initial", "metric_label", "org_goals", "read_number", "report", "score", "verdict"]


def verdict(goal, lang: str | None = None, today: dt.date | None = None) -> dict[str, bool]:
    """The five SMART letters of a goal (``helpers.model.Goal``) as they stand today: computed
    when shown (one-pager, exports, the trainer's views), never a verdict stored when the form was
    last open. Cached per sentence, organisation goal, baseline, language and day."""
    return dict(_verdict(goal.sentence or "", goal.org_goal or None, goal.baseline, lang,
                         today or dt.date.today()))


def score(goal, lang: str | None = None, today: dt.date | None = None) -> int:
    """How many of the five letters the goal meets today (computed, never stored)."""
    return sum(verdict(goal, lang, today).values())


def initial(letter: str) -> str:
    """The letter itself: ``"time_bound"`` -> ``"T"``."""
    return letter[0].upper()


@functools.lru_cache(maxsize=4096)
def _verdict(sentence: str, org_goal: str | None, baseline: float | None, lang: str | None,
             today: dt.date) -> tuple[tuple[str, bool], ...]:
    result = check(sentence, lang, org_goal, today, baseline=baseline)
    return tuple((letter, bool(getattr(result, letter).ok)) for letter in LETTERS)
