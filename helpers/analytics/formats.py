"""The exports the importer knows, as data: which header names identify a format, and which
column means what. Header names are compared after :func:`norm` (case, spaces, a BOM and quotes
do not matter). The header rows come from ``REFERENCE-DATA.md`` (public parsers and fixtures);
teach the importer a new export by adding one :class:`Format`."""
from __future__ import annotations

from dataclasses import dataclass, field
import re

#: what a column can mean; the normalised table has one column per meaning (NA where absent)
MEANINGS = ("date", "end_date", "post_id", "text", "reach", "impressions", "reactions", "comments", "shares",
            "saves", "clicks", "link_clicks", "engagements", "spend", "results", "followers")
NUMERIC = MEANINGS[4:]
#: names a learner may also use in a mapping by hand
ALIASES = {"views": "impressions", "likes": "reactions", "reposts": "shares", "bookmarks": "saves",
           "replies": "comments", "time": "date", "id": "post_id", "cost": "spend"}
PLATFORMS = ("facebook", "instagram", "linkedin", "x", "tiktok", "youtube", "unknown")

_CURRENCY = re.compile(r"^(amount spent|besteed bedrag) \(([a-z]{3})\)$")
#: Meta's page-level daily files: one figure ("Primary") whose meaning is in the title line above
_TITLE_MEANINGS = (("reach", "reach"), ("bereik", "reach"), ("impression", "impressions"),
                   ("weergave", "impressions"), ("view", "impressions"), ("follow", "followers"),
                   ("volg", "followers"))


def norm(header: object) -> str:
    return " ".join(str(header).replace("\ufeff", "").strip().strip('"').split()).casefold()


@dataclass(frozen=True)
class Format:
    key: str
    platform: str                           # "meta": Facebook or Instagram, told by the columns
    required: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]
    dates: tuple[str, ...] = ()
    content: bool = True                    # rows are posts, ads or videos (False: days)
    any_of: tuple[str, ...] = ()            # at least one of these too
    notes: tuple[str, ...] = field(default=())

    def matches(self, headers: set[str]) -> bool:
        return all(h in headers for h in self.required) and (not self.any_of or any(h in headers for h in self.any_of))


_META_DATES = ("%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%d-%m-%Y %H:%M")

FORMATS = (
    Format("facebook_insights_legacy", "facebook", ("post id", "posted", "lifetime post total reach"), {
        "date": ("posted",), "post_id": ("post id",), "text": ("post message",),
        "reach": ("lifetime post total reach",), "impressions": ("lifetime post total impressions",),
        "reactions": ("lifetime talking about this (post) by action type - like",),
        "comments": ("lifetime talking about this (post) by action type - comment",),
        "shares": ("lifetime talking about this (post) by action type - share",),
        "clicks": ("lifetime post consumptions",),
        "link_clicks": ("lifetime post consumptions by type - link clicks",),
    }, ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M", "%m/%d/%Y")),
    Format("meta_business_suite", "meta", ("post id", "publish time", "reach"), {
        "date": ("publish time",), "post_id": ("post id",), "text": ("description", "title"),
        "reach": ("reach",), "impressions": ("impressions", "views"),
        "engagements": ("reactions, comments and shares",), "reactions": ("reactions", "likes"),
        "comments": ("comments",), "shares": ("shares",), "saves": ("saves",), "clicks": ("total clicks",),
        "link_clicks": ("link clicks",),
    }, _META_DATES),
    Format("meta_business_suite", "meta", ("publicatietijdstip", "bereik"), {
        "date": ("publicatietijdstip",), "post_id": ("bericht-id", "post-id"), "text": ("beschrijving", "titel"),
        "reach": ("bereik",), "impressions": ("impressies", "weergaven"),
        "reactions": ("reacties", "vind-ik-leuks"), "comments": ("opmerkingen",), "shares": ("deelacties",),
        "clicks": ("totaal aantal klikken",), "link_clicks": ("klikken op links",),
    }, _META_DATES),
    Format("meta_ads_manager", "facebook", (), {
        "date": ("reporting starts", "begin rapportage"), "end_date": ("reporting ends", "einde rapportage"),
        "post_id": ("ad id", "advertentie-id"),
        "text": ("ad name", "advertentienaam", "ad set name", "naam advertentieset", "campaign name", "campagnenaam"),
        "reach": ("reach", "bereik"), "impressions": ("impressions", "weergaven"),
        "engagements": ("post engagement",), "results": ("results", "resultaten"),
        "clicks": ("clicks (all)", "klikken (alle)"), "link_clicks": ("link clicks", "klikken op link", "klikken op links"),
    }, ("%Y-%m-%d", "%d-%m-%Y"), any_of=("ad name", "campaign name", "ad set name", "advertentienaam",
                                          "campagnenaam", "naam advertentieset")),
    Format("x_tweet_activity", "x", ("tweet id", "time", "impressions", "engagements"), {
        "date": ("time",), "post_id": ("tweet id",), "text": ("tweet text",), "impressions": ("impressions",),
        "engagements": ("engagements",), "reactions": ("likes",), "comments": ("replies",),
        "shares": ("retweets",), "link_clicks": ("url clicks",),
    }, ("%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M")),
    Format("x_content", "x", ("post id", "date", "impressions", "engagements"), {
        "date": ("date",), "post_id": ("post id",), "text": ("post text",), "impressions": ("impressions",),
        "engagements": ("engagements",), "reactions": ("likes",), "comments": ("replies",),
        "shares": ("reposts",), "saves": ("bookmarks",), "link_clicks": ("url clicks",),
    }, ("%a, %b %d, %Y",)),
    Format("linkedin_posts", "linkedin", ("impressions", "clicks"), {
        "date": ("created date",), "post_id": ("post link", "update link"), "text": ("post title", "update title"),
        "impressions": ("impressions",), "reactions": ("likes", "reactions"), "comments": ("comments",),
        "shares": ("reposts", "shares"), "clicks": ("clicks",),
    }, ("%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"), any_of=("post title", "update title")),
    Format("linkedin_metrics", "linkedin", ("date", "impressions (total)"), {
        "date": ("date",), "impressions": ("impressions (total)",), "clicks": ("clicks (total)",),
        "reactions": ("reactions (total)",), "comments": ("comments (total)",),
        "shares": ("reposts (total)", "shares (total)"),
    }, ("%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"), content=False),
    Format("youtube_studio", "youtube", ("content", "video title"), {
        "date": ("video publish time",), "post_id": ("content",), "text": ("video title",),
        "impressions": ("impressions", "views"), "reactions": ("likes",), "comments": ("comments added",),
        "shares": ("shares",),
    }, ("%b %d, %Y",)),
    Format("tiktok_videos", "tiktok", ("video title", "post time", "total views"), {
        "date": ("post time",), "post_id": ("video link",), "text": ("video title",),
        "impressions": ("total views",), "reactions": ("total likes",), "comments": ("total comments",),
        "shares": ("total shares",),
    }),
    Format("tiktok_overview", "tiktok", ("date", "video views", "profile views"), {
        "date": ("date",), "impressions": ("video views",), "reactions": ("likes",), "comments": ("comments",),
        "shares": ("shares",),
    }, ("%B %d, %Y",), content=False),
    Format("meta_page_daily", "meta", ("date", "primary"), {"date": ("date",)},
           ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"), content=False),
)
MANUAL = Format("manual", "unknown", (), {})


@dataclass
class Match:
    """A format found in a table: where its header is and which column (index) means what."""

    fmt: Format
    header_row: int                          # 1-based, as a spreadsheet numbers it
    header: list[str]
    columns: dict[str, int]
    platform: str
    currency: str = ""


def _index(header: list[str]) -> dict[str, int]:
    """Normalised name -> first column with it (later duplicates, as in the legacy export, are ignored)."""
    out: dict[str, int] = {}
    for i, name in enumerate(header):
        out.setdefault(norm(name), i)
    return out


def _platform(fmt: Format, names: dict[str, int]) -> str:
    if fmt.platform != "meta":
        return fmt.platform
    if any(h in names for h in ("page name", "page id", "naam van pagina", "total clicks", "totaal aantal klikken")):
        return "facebook"
    if any(h in names for h in ("account name", "account username", "account id", "accountnaam", "saves",
                                "vind-ik-leuks", "likes")):
        return "instagram"
    return "facebook"


def find(head: list[list[str]], title: str = "") -> Match | None:
    """The first row of ``head`` that is the header of a known format."""
    for i, row in enumerate(head):
        names = _index(row)
        if len(names) < 2:
            continue
        spend = next(((h, m.group(2)) for h in names if (m := _CURRENCY.match(h))), None)
        for fmt in FORMATS:
            if fmt.key == "meta_ads_manager" and not spend:
                continue
            if not fmt.matches(set(names)):
                continue
            columns = {}
            for meaning, options in fmt.columns.items():
                hit = next((names[h] for h in options if h in names), None)
                if hit is not None:
                    columns[meaning] = hit
            currency = ""
            if spend:
                columns["spend"], currency = names[spend[0]], spend[1].upper()
            if fmt.key == "meta_page_daily":
                meaning = next((m for word, m in _TITLE_MEANINGS if word in title.casefold()), None)
                if meaning:
                    columns[meaning] = names["primary"]
            platform = _platform(fmt, names)
            if fmt.key == "meta_page_daily" and "instagram" in title.casefold():
                platform = "instagram"
            return Match(fmt, i + 1, row, columns, platform, currency)
    return None


def find_mapped(head: list[list[str]], mapping: dict[str, str], platform: str) -> Match | None:
    """The first row of ``head`` that holds every column the learner mapped."""
    wanted = {norm(col): meaning for col, meaning in mapping.items()}
    for i, row in enumerate(head):
        names = _index(row)
        if all(h in names for h in wanted):
            return Match(MANUAL, i + 1, row, {meaning: names[h] for h, meaning in wanted.items()}, platform)
    return None


def looks_like_ga4(head: list[list[str]]) -> bool:
    """Google Analytics 4 downloads start with ``#`` comment lines naming the account and property."""
    comments = " ".join(" ".join(r) for r in head if r and r[0].lstrip().startswith("#")).casefold()
    return any(w in comments for w in ("property", "account", "analytics", "eigendom"))
