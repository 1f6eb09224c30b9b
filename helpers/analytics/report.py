"""What an import says to a person: a short summary in their language, and the JSON of
``python -m helpers kpi FILE --json``."""
from __future__ import annotations

from babel.dates import format_date
from babel.numbers import format_decimal

from ..i18n import current_language, t
from .formats import MEANINGS
from .importer import Export

FORMAT_KEYS = {
    "meta_business_suite": "kpi.format.meta_business_suite", "meta_ads_manager": "kpi.format.meta_ads_manager",
    "facebook_insights_legacy": "kpi.format.facebook_insights_legacy", "meta_page_daily": "kpi.format.meta_page_daily",
    "linkedin_posts": "kpi.format.linkedin_posts", "linkedin_metrics": "kpi.format.linkedin_metrics",
    "x_tweet_activity": "kpi.format.x_tweet_activity", "x_content": "kpi.format.x_content",
    "tiktok_videos": "kpi.format.tiktok_videos", "tiktok_overview": "kpi.format.tiktok_overview",
    "youtube_studio": "kpi.format.youtube_studio", "manual": "kpi.format.manual",
}
PLATFORM_KEYS = {"facebook": "kpi.platform.facebook", "instagram": "kpi.platform.instagram",
                 "linkedin": "kpi.platform.linkedin", "x": "kpi.platform.x", "tiktok": "kpi.platform.tiktok",
                 "youtube": "kpi.platform.youtube", "unknown": "kpi.platform.unknown"}
MEANING_KEYS = {
    "date": "kpi.meaning.date", "end_date": "kpi.meaning.end_date", "post_id": "kpi.meaning.post_id",
    "text": "kpi.meaning.text", "reach": "kpi.meaning.reach", "impressions": "kpi.meaning.impressions",
    "reactions": "kpi.meaning.reactions", "comments": "kpi.meaning.comments", "shares": "kpi.meaning.shares",
    "saves": "kpi.meaning.saves", "clicks": "kpi.meaning.clicks", "link_clicks": "kpi.meaning.link_clicks",
    "engagements": "kpi.meaning.engagements", "spend": "kpi.meaning.spend", "results": "kpi.meaning.results",
    "followers": "kpi.meaning.followers"}
TOTAL_KEYS = {"reach": "kpi.total.reach", "impressions": "kpi.total.impressions",
              "engagements": "kpi.total.engagements", "clicks": "kpi.total.clicks"}


def as_json(export: Export, lang: str | None = None) -> dict:
    """The shape of issue 11: format, platform, rows, period, totals, skipped (sentences in ``lang``)."""
    lang = lang or export.lang
    start, end = export.period
    return {"format": export.format, "platform": export.platform, "rows": len(export.rows),
            "period": {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None},
            "totals": export.totals(), "skipped": [s.as_dict(lang) for s in export.skipped]}


def summary(export: Export, lang: str | None = None) -> str:
    """A few plain lines: what the file is, its period, the four totals, which column means what,
    and every row left out."""
    lang = current_language(lang or export.lang)
    start, end = export.period
    rows = len(export.rows)
    lines = [t("kpi.summary.found", lang, file=export.file, format=t(FORMAT_KEYS[export.format], lang),
               platform=t(PLATFORM_KEYS[export.platform], lang))]
    lines.append(t("kpi.summary.posts" if export.content else "kpi.summary.days", lang, count=rows))
    if start and end:
        lines.append(t("kpi.summary.period", lang, start=format_date(start, "d MMMM y", locale=lang),
                       end=format_date(end, "d MMMM y", locale=lang)))
    else:
        lines.append(t("kpi.summary.no_period", lang))
    for name, value in export.totals().items():
        shown = t("kpi.summary.not_in_file", lang) if value is None else format_decimal(value, locale=lang)
        lines.append(f"  {t(TOTAL_KEYS[name], lang)}: {shown}")
    lines.append(t("kpi.summary.columns", lang))
    for meaning in MEANINGS:
        if meaning in export.columns:
            lines.append(f"  {t(MEANING_KEYS[meaning], lang)}: {export.columns[meaning]}")
    if export.currency:
        lines.append(t("kpi.summary.currency", lang, currency=export.currency))
    for note in export.notes:
        lines.append(t(note, lang))
    if export.skipped:
        lines.append(t("kpi.summary.skipped", lang, count=len(export.skipped)))
        lines += [f"  {s.message(lang)}" for s in export.skipped[:20]]
        if len(export.skipped) > 20:
            lines.append("  " + t("kpi.summary.more_skipped", lang, count=len(export.skipped) - 20))
    return "\n".join(lines)
