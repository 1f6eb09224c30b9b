"""Analytics exports in, figures out: the importer of issue 11 (pure logic, no widgets).

:func:`read_export` reads the exports marketers have (Meta Business Suite for Facebook and
Instagram in English and Dutch, Meta Ads Manager, the legacy Facebook Insights export, LinkedIn
page analytics workbooks, X's tweet activity and content exports, TikTok, YouTube Studio, files
re-saved by a Dutch Excel, UTF-16 page files) and any CSV or Excel file whose columns the learner
maps by hand. It returns an :class:`Export`: a normalised table, what was found, and every row
left out with the reason. The modules, one concern each:

- :mod:`.source`: size limit, encoding, zip and workbook, delimiters (bytes -> tables of text);
- :mod:`.formats`: the known exports as data (header names -> meanings) and their detection;
- :mod:`.values`: numbers and dates as the exports write them, a column at a time;
- :mod:`.importer`: :func:`read_export`, :class:`Export`, :func:`totals`;
- :mod:`.report`: the summary in words and the JSON of ``python -m helpers kpi``;
- :mod:`.problems`: :class:`ExportError` and :class:`Skipped`, in the ``kpi`` catalogue's words.
"""
from __future__ import annotations

from .formats import MEANINGS, PLATFORMS
from .importer import Export, headers, read_export, totals
from .problems import ExportError, Skipped
from .report import MEANING_KEYS, PLATFORM_KEYS, as_json, summary
from .source import MAX_BYTES

__all__ = ["MAX_BYTES", "MEANINGS", "MEANING_KEYS", "PLATFORM_KEYS", "PLATFORMS", "Export", "ExportError", "Skipped",
           "as_json", "headers", "read_export", "summary", "totals"]
