"""Part 1 of the whole strategy: the starting situation (seed 001's step 1, seed 002's quick scan).

Pure logic, no widgets and no files:

- :func:`export_figures`: what an analytics export (the measuring path's, :mod:`helpers.analytics`)
  says of one platform: posts a week (the posts in the export over the weeks it spans), the
  engagement rate by reach (:func:`helpers.metrics.figure`, all posts together) and the latest
  follower count where the export has one;
- :func:`take_over`: those figures for the rows of ``deep_dives.accounts`` with the export's
  platforms (a row to add for a platform the export has and the list has not);
- :func:`section`: the part's answers for the full report and the workbook.
"""
from __future__ import annotations

from dataclasses import dataclass
import math
from typing import Any

import pandas as pd

from .. import metrics, model
from ..i18n import t
from ..labels import platform as platform_name, platform_candidate
from ..render import number
from . import Items, Section, Table, Text

__all__ = ["ExportFigures", "QUICK_SCAN", "ACCOUNT_COLUMNS", "export_figures", "take_over", "describe", "account_rows",
           "section"]

#: the quick scan's questions (fields of ``deep_dives.situation``), in the order asked
QUICK_SCAN = ("works_internally", "outsiders_say", "who_talks", "complaints", "competitors_do")
#: the columns of the accounts table, as the form and the report show them
ACCOUNT_COLUMNS = ("platform", "handle", "followers", "posts_per_week", "engagement_rate", "response_hours")
_HEADS = {"platform": "fields.platform", "handle": "fields.deep_dives.accounts.handle",
          "followers": "fields.followers", "posts_per_week": "fields.deep_dives.accounts.posts_per_week",
          "engagement_rate": "fields.deep_dives.accounts.engagement_rate",
          "response_hours": "fields.deep_dives.accounts.response_hours"}
_SCAN_LABELS = {"works_internally": "fields.deep_dives.situation.works_internally",
                "outsiders_say": "fields.deep_dives.situation.outsiders_say",
                "who_talks": "fields.deep_dives.situation.who_talks",
                "complaints": "fields.deep_dives.situation.complaints",
                "competitors_do": "fields.deep_dives.situation.competitors_do"}
_NUMBERS = (2, 3, 4, 5)  # the columns of ACCOUNT_COLUMNS that hold numbers


@dataclass(frozen=True)
class ExportFigures:
    """What an export says of one platform."""

    platform: str
    posts: int
    weeks: float
    posts_per_week: float | None
    engagement_rate: float | None   # percent, by reach
    followers: int | None


def _key(platform: Any) -> str:
    return platform_candidate(platform) or ""


def export_figures(export, platform: str) -> ExportFigures | None:
    """The figures of ``platform`` in ``export`` (an :class:`helpers.analytics.Export`); ``None``
    when the export has no rows of it. An export shorter than a week counts as one week; a daily
    file (a row per day, not per post) gives no posts a week."""
    rows = export.rows
    mine = rows[rows["platform"].map(_key) == _key(platform)] if len(rows) else rows
    if not len(mine):
        return None
    start, end = export.period
    days = (end - start).days + 1 if start is not None and end is not None else 7
    weeks = max(days, 7) / 7
    posts = int(len(mine)) if export.content else 0
    try:
        rate = metrics.figure(mine, "engagement_rate_reach").overall
    except metrics.MetricsProblem:
        rate = None
    followers = None
    if "followers" in mine.columns:
        known = mine.assign(_f=pd.to_numeric(mine["followers"], errors="coerce")).dropna(subset=["_f"])
        if len(known):
            followers = int(round(float(known.sort_values("date")["_f"].iloc[-1])))
    return ExportFigures(platform=_key(platform), posts=posts, weeks=weeks,
                         posts_per_week=round(posts / weeks, 1) if posts else None,
                         engagement_rate=None if rate is None or math.isnan(rate) else round(float(rate), 2),
                         followers=followers)


def _changes(figures: ExportFigures) -> dict[str, Any]:
    values = {"followers": figures.followers, "posts_per_week": figures.posts_per_week,
              "engagement_rate": figures.engagement_rate}
    return {k: v for k, v in values.items() if v is not None}


def take_over(accounts: list[model.Account], export) -> tuple[dict[tuple, Any], list[dict], list[ExportFigures]]:
    """What the export gives the accounts: ``(changes, new_rows, figures)``: the fields to set by
    path (``(row id, field)``, in the rows with a platform of the export), the rows to add for a
    platform of the export the list has not, and the figures found per platform."""
    found = [f for p in dict.fromkeys(export.rows["platform"].map(_key)) if p and p != "unknown"
             for f in [export_figures(export, p)] if f is not None]
    changes: dict[tuple, Any] = {}
    new_rows = []
    for figures in found:
        rows = [a for a in accounts if _key(a.platform) == figures.platform]
        for account in rows:
            changes.update({(account.id, k): v for k, v in _changes(figures).items()})
        if not rows:
            new_rows.append({"platform": figures.platform, **_changes(figures)})
    return changes, new_rows, found


def describe(found: list[ExportFigures], added: list[str] = (), lang: str | None = None) -> list[str]:
    """What was taken over, a sentence per platform, and a sentence per row added."""
    out = []
    for f in found:
        rate = "-" if f.engagement_rate is None else number(f.engagement_rate, lang, 2) + "%"
        values = dict(platform=platform_name(f.platform, lang), posts=number(f.posts, lang, 0),
                      weeks=number(f.weeks, lang, 1), per_week=number(f.posts_per_week, lang, 1), rate=rate)
        key = ("situation.accounts.taken_daily" if not f.posts else
               "situation.accounts.taken" if f.engagement_rate is not None else "situation.accounts.taken_no_rate")
        out.append(t(key, lang, **values))
    return out + [t("situation.accounts.added", lang, platform=platform_name(p, lang)) for p in added]


def account_rows(doc: model.Strategy, lang: str | None = None) -> list[tuple[str, ...]]:
    """The accounts as the reader reads them (platform names, numbers written their way)."""
    return [(platform_name(a.platform, lang), a.handle, number(a.followers, lang, 0), number(a.posts_per_week, lang, 1),
             number(a.engagement_rate, lang, 2), number(a.response_hours, lang, 1))
            for a in doc.deep_dives.accounts if any((a.platform, a.handle, a.followers is not None,
                                                     a.posts_per_week is not None, a.engagement_rate is not None))]


def section(doc: model.Strategy, lang: str | None = None, charts: bool = True) -> Section | None:
    """The starting situation: the quick scan's answers, the opinion leaders and the accounts now."""
    scan = doc.deep_dives.situation
    blocks: list = [Text(t(_SCAN_LABELS[name], lang), getattr(scan, name).strip())
                    for name in QUICK_SCAN if getattr(scan, name).strip()]
    if scan.opinion_leaders:
        after = sum(1 for name in QUICK_SCAN[:3] if getattr(scan, name).strip())  # after "who talks about us"
        blocks.insert(after, Items(t("fields.deep_dives.situation.opinion_leaders", lang),
                                                 tuple(scan.opinion_leaders)))
    rows = account_rows(doc, lang)
    if rows:
        blocks.append(Table(t("situation.section.accounts", lang), tuple(t(_HEADS[c], lang) for c in ACCOUNT_COLUMNS),
                            tuple(rows), _NUMBERS))
    if not blocks:
        return None
    return Section("situation", t("situation.section.title", lang), tuple(blocks))
