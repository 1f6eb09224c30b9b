"""The live SMART check of one goal sentence (step 2 of the workshop), in Dutch and English.

The reading is in :mod:`helpers.smart.core`; the language knowledge (metric words, heads, month and
season names, number words, period units, rhythm, period-start, purpose and baseline words, vague
platform names) is data in ``lexicon/<lang>.yaml``, read once by
:mod:`helpers.smart.lexicon`. Teach the check a new metric word by adding one line per language file.
"""
from __future__ import annotations

from .core import (LETTERS, MAX_CHARS, PHASES, Found, SmartResult, Target, Verdict, _METRIC_ORDER, check,
                   cli, metric_label, org_goals, read_number, report)

__all__ = ["LETTERS", "MAX_CHARS", "PHASES", "Found", "SmartResult", "Target", "Verdict", "check", "cli",
           "metric_label", "org_goals", "read_number", "report"]
