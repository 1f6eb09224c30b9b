"""The importer of analytics exports (helpers/analytics, issue 11, item 1) on files built here from
the real header rows in REFERENCE-DATA.md ("Analytics exports in more detail"), written with the
encodings, delimiters and preambles the platforms use, with every trap; malformed files; a fuzz;
totals per format computed by hand; the ``kpi`` command."""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
from pathlib import Path
import subprocess
import sys
import time
import zipfile

from hypothesis import HealthCheck, given, settings, strategies as st
import openpyxl
import pytest

from helpers.analytics import MAX_BYTES, ExportError, as_json, read_export, summary, totals
from helpers.cli import main

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------------
# Header rows, as REFERENCE-DATA.md gives them

#: Meta Business Suite, Facebook posts: quoted only where a name holds a space or comma
FB_HEAD = ('"Post ID","Page ID","Page name",Title,Description,"Duration (sec)","Publish time","Caption type",'
           'Permalink,"Is crosspost","Is share","Post type",Languages,"Custom labels","Funded content status",'
           '"Data comment",Date,{views},Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares,'
           '"Total clicks","Other Clicks",{link}')
#: the negative-feedback columns that come and go (32-34 columns in all)
NEGATIVE = ['"Negative feedback from users: Hide all"', '"Negative feedback from users: Hide"',
            '"Negative feedback from users: Report as spam"', '"Negative feedback from users: Unlike Page"',
            '"Matched Audience Targeting Consumption (Photo Click)"', '"Matched Audience Targeting Consumption (Video Click)"',
            '"Matched Audience Targeting Consumption (Link Click)"', '"Matched Audience Targeting Consumption (Other Click)"']
IG_HEAD = ['Post ID', 'Account ID', 'Account username', 'Account name', 'Description', 'Duration (sec)', 'Publish time',
           'Permalink', 'Post type', 'Data comment', 'Date', 'Views', 'Reach', 'Likes', 'Shares', 'Follows', 'Comments',
           'Saves']
#: Dutch Business Suite names seen in a parser (the full Dutch order is not known: this order is ours)
FB_NL_HEAD = ['Naam van pagina', 'Titel', 'Beschrijving', 'Publicatietijdstip', 'Berichttype', 'Bereik', 'Weergaven',
              'Reacties', 'Opmerkingen', 'Deelacties', 'Totaal aantal klikken', 'Klikken op links']
ADS_HEAD = ['Campaign name', 'Ad set name', 'Ad name', 'Reporting starts', 'Reporting ends', 'Results',
            'Result indicator', 'Reach', 'Impressions', 'Cost per results', 'Amount spent (EUR)', 'Link clicks',
            'Clicks (all)']
ADS_NL_HEAD = ['Campagnenaam', 'Advertentienaam', 'Begin rapportage', 'Einde rapportage', 'Resultaten', 'Bereik',
               'Weergaven', 'Besteed bedrag (EUR)', 'Klikken op link']
LEGACY_HEAD = ['Post ID', 'Permalink', 'Post Message', 'Type', 'Countries', 'Languages', 'Posted', 'Audience Targeting',
               'Lifetime Post Total Reach', 'Lifetime Post organic reach', 'Lifetime Post Total Impressions',
               'Lifetime Engaged Users', 'Lifetime Post Consumers', 'Lifetime Post Consumptions',
               'Lifetime Talking About This (Post) by action type - comment',
               'Lifetime Talking About This (Post) by action type - like',
               'Lifetime Talking About This (Post) by action type - share',
               'Lifetime Post Consumptions by type - link clicks', 'Lifetime Post Consumptions by type - link clicks']
LI_POSTS = ['Post title', 'Post link', 'Post type', 'Campaign name', 'Posted by', 'Created date',
            'Campaign start date', 'Campaign end date', 'Audience', 'Impressions',
            'Views (excluding off-site video views)', 'Off-site views', 'Clicks', 'Click through rate (CTR)', 'Likes',
            'Comments', 'Reposts', 'Follows', 'Engagement rate', 'Content Type']
LI_METRICS = ['Date'] + [f'{m} ({k})' for m in ('Impressions', 'Clicks', 'Reactions', 'Comments', 'Reposts',
                                                 'Engagement rate') for k in ('organic', 'sponsored', 'total')]
X_ACTIVITY = ['Tweet id', 'Tweet permalink', 'Tweet text', 'time', 'impressions', 'engagements', 'engagement rate',
              'retweets', 'replies', 'likes', 'user profile clicks', 'url clicks', 'hashtag clicks', 'detail expands',
              'permalink clicks', 'app opens', 'app installs', 'follows', 'email tweet', 'dial phone', 'media views',
              'media engagements', 'promoted impressions', 'promoted engagements']
X_CONTENT = ('Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,'
             'Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks')
TIKTOK_OVERVIEW = '"Date","Video Views","Profile Views","Likes","Comments","Shares"'
TIKTOK_VIDEOS = 'Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views'
YOUTUBE = ('Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,Impressions,'
           'Impressions click-through rate (%)')


def _csv(rows: list[list[object]], delimiter: str = ",", quoting: int = csv.QUOTE_MINIMAL) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _fb_row(pid, when, caption, views, reach, rcs, reactions, comments, shares, total, other, link, width):
    row = [pid, "1111", "Bakkerij De Korf", "", caption, "", when, "", f"https://fb.com/{pid}", "No", "No", "Photos",
           "", "", "", "", "Lifetime", views, reach, rcs, reactions, comments, shares, total, other, link]
    return row + [""] * (width - len(row))


# --------------------------------------------------------------------------------------------------
# Fixture files, each with its totals worked out by hand (reach, impressions, engagements, clicks)

def fb_views() -> tuple[bytes, str]:
    """BOM, 33 columns, `Views`, "Lifetime" in Date, a caption over two lines, `Link Clicks`."""
    head = FB_HEAD.format(views="Views", link='"Link Clicks"') + "," + ",".join(NEGATIVE[:7])
    rows = [_fb_row("p1", "07/14/2026 09:30", "Verse broodjes!\nVanaf 7 uur", 1000, 800, 50, 30, 15, 5, 40, 10, 12, 33),
            _fb_row("p2", "07/20/2026 18:05", "Zondag open, ook \"met\" quotes", 2000, 1500, 120, 100, 15, 5, 60, 20, 25, 33),
            _fb_row("p3", "07/31/2026 12:00", "Laatste", 500, 400, 7, 5, 1, 1, 3, 1, 0, 33)]
    return codecs.BOM_UTF8 + (head + "\n" + _csv(rows)).encode("utf-8"), "facebook-posts.csv"


def fb_impressions() -> tuple[bytes, str]:
    """An older file: `Impressions` instead of `Views`, `Link clicks`, 32 columns, CRLF lines."""
    head = FB_HEAD.format(views="Impressions", link='"Link clicks"') + "," + ",".join(NEGATIVE[:6])
    rows = [_fb_row("q1", "01/02/2025 08:00", "Nieuwjaar", 300, 250, 10, 8, 1, 1, 9, 5, 4, 32),
            _fb_row("q2", "01/09/2025 08:00", "Week 2", 700, 600, 20, 15, 3, 2, 11, 5, 6, 32)]
    return codecs.BOM_UTF8 + (head + "\r\n" + _csv(rows).replace("\n", "\r\n")).encode("utf-8"), "old.csv"


def ig() -> tuple[bytes, str]:
    """Instagram: Likes and Saves, no clicks and no engagement count of its own (34 columns)."""
    head = IG_HEAD + [h.strip('"') for h in NEGATIVE] + ["Extra A", "Extra B", "Extra C", "Extra D", "Extra E",
                                                          "Extra F", "Extra G", "Extra H"]
    rows = [["i1", "9", "korf", "Korf", "Taart", "", "07/01/2026 10:00", "x", "IG image", "", "Lifetime",
             900, 700, 60, 4, 2, 6, 10], ["i2", "9", "korf", "Korf", "Reel", "31", "07/03/2026 19:00", "x", "IG reel",
             "", "Lifetime", 1100, 900, 40, 1, 0, 4, 5]]
    rows = [r + [""] * 16 for r in rows]
    return codecs.BOM_UTF8 + _csv([head] + rows).encode("utf-8"), "instagram.csv"


def fb_dutch_excel() -> tuple[bytes, str]:
    """Dutch headers re-saved by a Dutch Excel: `;`, Windows-1252, "1.200" thousands, d-m-yyyy."""
    rows = [FB_NL_HEAD,
            ["De Korf", "", "Broodjes é", "14-7-2026 09:30", "Foto", "1.200", "2.500", "30", "4", "2", "50", "20"],
            ["De Korf", "", "Taart; vers", "20-7-2026 18:00", "Foto", "800", "1.000", "10", "1", "0", "9", "3"]]
    return _csv(rows, ";").encode("cp1252"), "berichten.csv"


def ig_dutch() -> tuple[bytes, str]:
    """Dutch Instagram headers as Business Suite writes them (BOM, `,`): `Vind-ik-leuks`, `Accountnaam`."""
    rows = [["Accountnaam", "Beschrijving", "Publicatietijdstip", "Bereik", "Weergaven", "Vind-ik-leuks",
             "Opmerkingen", "Deelacties"],
            ["korf", "Taart, vers", "07/01/2026 10:00", 700, 900, 60, 6, 4],
            ["korf", "Reel", "07/03/2026 19:00", 900, 1100, 40, 4, 1]]
    return codecs.BOM_UTF8 + _csv(rows).encode("utf-8"), "instagram-nl.csv"


def ads() -> tuple[bytes, str]:
    rows = [ADS_HEAD, ["Zomer", "NL 25-45", "Broodje A", "2026-07-01", "2026-07-15", "12", "Link clicks", "5000",
                       "9000", "3.79", "45.50", "80", "120"],
            ["Zomer", "NL 25-45", "Broodje B", "2026-07-01", "2026-07-31", "3", "Link clicks", "2000", "3000",
             "3.42", "10.25", "20", "35"]]
    return codecs.BOM_UTF8 + _csv(rows).encode("utf-8"), "ads.csv"


def ads_dutch() -> tuple[bytes, str]:
    rows = [ADS_NL_HEAD, ["Zomer", "Broodje A", "2026-07-01", "2026-07-15", "12", "5.000", "9.000", "45,50", "80"],
            ["Zomer", "Broodje B", "2026-07-01", "2026-07-31", "3", "2.000", "3.000", "10,25", "20"]]
    return _csv(rows, ";").encode("utf-8"), "advertenties.csv"


def legacy() -> tuple[bytes, str]:
    """Legacy Insights: a row of descriptions under the header, a duplicate column name, M/D/YYYY."""
    describe = ["The unique identifier for this post", "The permalink", "The message", "The type", "", "",
                "The time the post was published"] + ["Lifetime: The number of people who saw it"] * 12
    rows = [LEGACY_HEAD, describe,
            ["l1", "x", "Hallo", "Photo", "", "", "1/5/2016 10:00:00 AM", "", 100, 90, 150, 20, 12, 12, 2, 10, 1, 5, 99],
            ["l2", "x", "Doei", "Link", "", "", "12/24/2016 4:30:00 PM", "", 300, 280, 450, 40, 25, 30, 3, 20, 0, 9, 99]]
    return _csv(rows).encode("utf-8"), "insights.csv"


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def linkedin() -> tuple[bytes, str]:
    """Two sheets, a note row above each header, `Reposts`, rates as fractions, no reach."""
    note = ["Aggregated metrics for the page's posts. Data is refreshed daily."]
    metrics = [note, LI_METRICS, ["07/14/2026"] + [1] * 18, ["07/15/2026"] + [2] * 18]
    posts = [note, LI_POSTS,
             ["Vacature", "https://lnkd.in/1", "Organic", "", "Anna", "07/14/2026", "", "", "All followers", 1000, 900,
              0, 30, 0.03, 20, 5, 2, 1, 0.057, "Text"],
             ["Nieuws", "https://lnkd.in/2", "Organic", "", "Anna", "07/21/2026", "", "", "All followers", 500, 450,
              0, 10, 0.02, 8, 1, 0, 0, 0.038, "Image"]]
    return _workbook({"Metrics": metrics, "All posts": posts}), "linkedin.xlsx"


def linkedin_metrics_only() -> tuple[bytes, str]:
    """An older daily workbook: `Shares (...)`, real dates in the cells."""
    head = [h.replace("Reposts", "Shares") for h in LI_METRICS]
    rows = [["Page metrics, exported by LinkedIn"], head,
            [dt.datetime(2026, 7, 1)] + [1, 2, 3, 4, 5, 9, 1, 1, 2, 1, 0, 1, 0, 0, 0, 0.1, 0.1, 0.1],
            [dt.datetime(2026, 7, 2)] + [1, 2, 7, 4, 5, 9, 3, 1, 4, 1, 0, 1, 1, 0, 1, 0.1, 0.1, 0.1]]
    return _workbook({"Metrics": rows}), "linkedin-metrics.xlsx"


def x_activity() -> tuple[bytes, str]:
    """Everything quoted, counts as floats, "-" for not applicable, text with line breaks."""
    dash = ["-", "-"]
    rows = [X_ACTIVITY,
            ["1001", "https://x.com/k/1001", "Verse\nbroodjes", "2016-05-11 19:15 +0000", "424.0", "12.0", "0.0283",
             "1.0", "2.0", "5.0", "1.0", "3.0", "0.0", "1.0", "0.0", "0", "0", "0", "0", "0", "0", "0"] + dash,
            ["1002", "https://x.com/k/1002", "Taart", "2016-05-20 08:00 +0000", "1000.0", "40.0", "0.04",
             "4.0", "6.0", "20.0", "2.0", "-", "0.0", "5.0", "3.0", "0", "0", "0", "0", "0", "0", "0"] + dash]
    return _csv(rows, quoting=csv.QUOTE_ALL).encode("utf-8"), "tweet_activity_metrics.csv"


def x_content() -> tuple[bytes, str]:
    """Quoted dates with a comma, thousands separators."""
    day = dt.date(2026, 7, 14)
    rows = [["201", day.strftime("%a, %b %d, %Y"), "Broodjes", "https://x.com/k/201", "1,234", "30", "50", "2", "1",
             "0", "4", "3", "5", "6", "7", "0", "1"],
            ["202", (day + dt.timedelta(days=2)).strftime("%a, %b %d, %Y"), "Taart", "https://x.com/k/202", "766",
             "10", "20", "0", "0", "0", "1", "1", "2", "3", "3", "0", "0"]]
    return (X_CONTENT + "\n" + _csv(rows, quoting=csv.QUOTE_NONNUMERIC)).encode("utf-8"), "account_analytics_content.csv"


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out.getvalue()


def tiktok() -> tuple[bytes, str]:
    """A zip of CSV files; dates without a year; a literal `undefined`."""
    overview = TIKTOK_OVERVIEW + "\n" + _csv([["August 31", 1000, 20, 100, 10, 5],
                                              ["September 1", 500, 10, 50, 3, "undefined"]], quoting=csv.QUOTE_ALL)
    activity = '"Date","Hour","Active followers"\n"August 31","0","12"\n'
    return _zip({"FollowerActivity.csv": activity.encode(), "Overview.csv": overview.encode()}), "tiktok.zip"


def tiktok_videos() -> tuple[bytes, str]:
    rows = [["Brood", "https://tiktok.com/1", "2026-07-01 10:00:00", 50, 4, 2, 800],
            ["Taart", "https://tiktok.com/2", "2026-07-05 17:30:00", 30, 1, 0, 1200]]
    return (TIKTOK_VIDEOS + "\n" + _csv(rows)).encode("utf-8"), "tiktok-videos.csv"


def youtube() -> tuple[bytes, str]:
    """A zip with `Table data.csv`: row 2 is a Total row; dates like "Sep 14, 2026"; CTR a percent."""
    rows = [["Total", "", "", "", 500, 2.5, 3, 5000, 4.8],
            ["abc123", "Zo bak je brood", "Sep 14, 2026", 120, 300, 1.5, 2, 4000, 5.1],
            ["def456", "Taart in 1 minuut", "Sep 20, 2026", 60, 200, 1.0, 1, 1000, 3.2]]
    return _zip({"Table data.csv": (YOUTUBE + "\n" + _csv(rows)).encode(), "Chart data.csv": b"Date,Views\n"}), \
        "youtube.zip"


def page_daily_utf16() -> tuple[bytes, str]:
    """A page-level daily file: UTF-16 LE with a BOM, `sep=,` and a title line above `"Date","Primary"`."""
    text = 'sep=,\n"Facebook reach"\n"Date","Primary"\n"2026-07-01T00:00:00","120"\n"2026-07-02T00:00:00","80"\n'
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "Reach.csv"


def manual() -> tuple[bytes, str]:
    rows = [["Overzicht van de bakkerij"], ["Datum", "Kanaal", "Bereik totaal", "Likes", "Notitie"],
            ["1-7-2026", "Facebook", "1.500", "40", ""], ["8-7-2026", "Facebook", "500", "10", "regen"]]
    return _csv(rows, ";").encode("utf-8"), "eigen.csv"


MAPPING = {"Datum": "date", "Bereik totaal": "reach", "Likes": "likes"}

#: builder, format, platform, rows, period, totals: all worked out by hand from the rows above
CASES = [
    (fb_views, "meta_business_suite", "facebook", 3, ("2026-07-14", "2026-07-31"),
     {"reach": 2700, "impressions": 3500, "engagements": 177, "clicks": 37}),
    (fb_impressions, "meta_business_suite", "facebook", 2, ("2025-01-02", "2025-01-09"),
     {"reach": 850, "impressions": 1000, "engagements": 30, "clicks": 10}),
    (ig, "meta_business_suite", "instagram", 2, ("2026-07-01", "2026-07-03"),
     {"reach": 1600, "impressions": 2000, "engagements": 130, "clicks": None}),
    (fb_dutch_excel, "meta_business_suite", "facebook", 2, ("2026-07-14", "2026-07-20"),
     {"reach": 2000, "impressions": 3500, "engagements": 47, "clicks": 23}),
    (ig_dutch, "meta_business_suite", "instagram", 2, ("2026-07-01", "2026-07-03"),
     {"reach": 1600, "impressions": 2000, "engagements": 115, "clicks": None}),
    (ads, "meta_ads_manager", "facebook", 2, ("2026-07-01", "2026-07-31"),
     {"reach": 7000, "impressions": 12000, "engagements": None, "clicks": 100}),
    (ads_dutch, "meta_ads_manager", "facebook", 2, ("2026-07-01", "2026-07-31"),
     {"reach": 7000, "impressions": 12000, "engagements": None, "clicks": 100}),
    (legacy, "facebook_insights_legacy", "facebook", 2, ("2016-01-05", "2016-12-24"),
     {"reach": 400, "impressions": 600, "engagements": 36, "clicks": 14}),
    (linkedin, "linkedin_posts", "linkedin", 2, ("2026-07-14", "2026-07-21"),
     {"reach": None, "impressions": 1500, "engagements": 36, "clicks": 40}),
    (linkedin_metrics_only, "linkedin_metrics", "linkedin", 2, ("2026-07-01", "2026-07-02"),
     {"reach": None, "impressions": 10, "engagements": 9, "clicks": 18}),
    (x_activity, "x_tweet_activity", "x", 2, ("2016-05-11", "2016-05-20"),
     {"reach": None, "impressions": 1424, "engagements": 52, "clicks": 3}),
    (x_content, "x_content", "x", 2, ("2026-07-14", "2026-07-16"),
     {"reach": None, "impressions": 2000, "engagements": 70, "clicks": 10}),
    (tiktok, "tiktok_overview", "tiktok", 2, (None, None),
     {"reach": None, "impressions": 1500, "engagements": 168, "clicks": None}),
    (tiktok_videos, "tiktok_videos", "tiktok", 2, ("2026-07-01", "2026-07-05"),
     {"reach": None, "impressions": 2000, "engagements": 87, "clicks": None}),
    (youtube, "youtube_studio", "youtube", 2, ("2026-09-14", "2026-09-20"),
     {"reach": None, "impressions": 5000, "engagements": None, "clicks": None}),
    (page_daily_utf16, "meta_page_daily", "facebook", 2, ("2026-07-01", "2026-07-02"),
     {"reach": 200, "impressions": None, "engagements": None, "clicks": None}),
]


@pytest.mark.parametrize("build,fmt,platform,rows,period,expected", CASES, ids=[c[0].__name__ for c in CASES])
def test_totals_per_format_match_the_hand_count(tmp_path, build, fmt, platform, rows, period, expected):
    data, name = build()
    path = tmp_path / name
    path.write_bytes(data)
    export = read_export(path)
    got = as_json(export, "en")
    assert (got["format"], got["platform"], got["rows"]) == (fmt, platform, rows)
    assert (got["period"]["start"], got["period"]["end"]) == period
    assert got["totals"] == expected
    assert [type(v) for v in got["totals"].values() if v is not None] == [int] * sum(v is not None for v in expected.values())
    assert read_export(data, name).totals() == expected  # the bytes of an upload read the same
    json.dumps(got)


def test_manual_mapping_reads_any_csv_with_a_note_row_dutch_numbers_and_aliases():
    data, name = manual()
    export = read_export(data, name, mapping=MAPPING, platform="facebook")
    assert (export.format, export.platform, len(export.rows)) == ("manual", "facebook", 2)
    assert export.totals() == {"reach": 2000, "impressions": None, "engagements": 50, "clicks": None}
    assert export.columns == {"date": "Datum", "reach": "Bereik totaal", "reactions": "Likes"}
    assert export.period == (dt.date(2026, 7, 1), dt.date(2026, 7, 8))


@pytest.mark.parametrize("mapping,key", [({}, "kpi.error.mapping_empty"),
                                         ({"Datum": "weather"}, "kpi.error.mapping_meaning"),
                                         ({"Datum": "date", "Likes": "date"}, "kpi.error.mapping_twice"),
                                         ({"Datum": "date", "Volgers": "followers"}, "kpi.error.mapping_column")])
def test_a_bad_mapping_is_one_sentence_naming_the_column(mapping, key):
    data, name = manual()
    with pytest.raises(ExportError) as err:
        read_export(data, name, mapping=mapping)
    assert err.value.key == key
    assert "eigen.csv" in err.value.message("nl") and "eigen.csv" in err.value.message("en")
    if key == "kpi.error.mapping_column":
        assert "'Volgers'" in err.value.message("en")


# --------------------------------------------------------------------------------------------------
# The traps, one by one

def test_meta_export_what_was_found():
    data, name = fb_views()
    export = read_export(data, name)
    assert export.columns["impressions"] == "Views" and export.columns["link_clicks"] == "Link Clicks"
    assert export.columns["engagements"] == "Reactions, Comments and Shares"
    assert export.columns["date"] == "Publish time"  # not `Date`, which holds "Lifetime"
    assert export.rows["text"][0] == "Verse broodjes!\nVanaf 7 uur"
    assert export.rows["date"][1] == dt.datetime(2026, 7, 20, 18, 5)
    assert export.rows["link_clicks"][2] == 0  # a real zero stays a zero
    assert export.skipped == []
    assert list(export.rows.columns[:3]) == ["date", "platform", "end_date"]


def test_a_figure_the_export_lacks_is_empty_never_zero():
    data, name = ig()
    export = read_export(data, name)
    assert export.rows["clicks"].isna().all() and export.totals()["clicks"] is None
    data, name = x_activity()
    export = read_export(data, name)
    assert export.rows["link_clicks"].isna().tolist() == [False, True]  # "-": not applicable


def test_ads_manager_currency_and_spend():
    for build in (ads, ads_dutch):
        export = read_export(*build())
        assert export.currency == "EUR" and export.rows["spend"].sum() == pytest.approx(55.75)
        assert export.rows["results"].sum() == 15


def test_legacy_description_row_and_duplicate_names():
    export = read_export(*legacy())
    assert [(s.row, s.reason) for s in export.skipped] == [(2, "kpi.skip.description")]
    assert export.rows["link_clicks"].tolist() == [5, 9]  # the first of two columns with the same name
    assert "insights.csv, row 2" in export.skipped[0].message("en")
    assert "insights.csv, rij 2" in export.skipped[0].message("nl")


def test_linkedin_takes_the_posts_sheet_below_its_note_row():
    export = read_export(*linkedin())
    assert export.sheet == "All posts" and export.header_row == 2
    assert export.columns["shares"] == "Reposts" and "reach" not in export.columns


def test_youtube_total_row_is_skipped_with_its_reason():
    export = read_export(*youtube())
    assert [(s.row, s.reason) for s in export.skipped] == [(2, "kpi.skip.total_row")]
    assert export.columns["impressions"] == "Impressions"


def test_tiktok_dates_without_a_year_leave_the_period_unknown_and_say_so():
    export = read_export(*tiktok())
    assert export.period == (None, None) and export.notes == ["kpi.note.dates_unknown"]
    assert "no year" in summary(export, "en") and "jaartal" in summary(export, "nl")
    assert export.rows["shares"].isna().tolist() == [False, True]  # `undefined`


def test_utf16_without_bom_and_utf8_without_bom_read_the_same():
    data, name = page_daily_utf16()
    plain = data[2:].decode("utf-16-le")
    for variant in (plain.encode("utf-16-le"), plain.encode("utf-16-be"), plain.encode("utf-8"),
                    codecs.BOM_UTF16_BE + plain.encode("utf-16-be")):
        assert read_export(variant, name).totals()["reach"] == 200


def test_a_daily_page_file_takes_its_meaning_and_platform_from_the_title_line():
    data, name = page_daily_utf16()
    text = data.decode("utf-16").replace("Facebook reach", "Instagram-weergaven")
    export = read_export(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), name)
    assert (export.platform, export.content) == ("instagram", False)
    assert export.totals() == {"reach": None, "impressions": 200, "engagements": None, "clicks": None}
    assert "2 dagen." in summary(export, "nl")


def test_tab_separated_and_sep_semicolon_line():
    data, name = ads()
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert read_export(_csv(rows, "\t").encode(), "ads.tsv").totals()["clicks"] == 100
    semi = "sep=;\n" + _csv(rows, ";").replace("45.50", "45,50").replace("10.25", "10,25")
    export = read_export(semi.encode(), "ads.csv")
    assert export.header_row == 2 and export.rows["spend"].sum() == pytest.approx(55.75)


def test_a_cell_that_is_not_a_number_skips_its_row_naming_row_and_column():
    data, name = fb_views()
    export = read_export(data.replace(b",800,", b",veel,", 1), name)
    assert len(export.rows) == 2
    (skip,) = export.skipped
    assert (skip.row, skip.column, skip.reason) == (2, "Reach", "kpi.skip.not_a_number")
    assert skip.message("en") == "facebook-posts.csv, row 2, column 'Reach': 'veel' is not a number; row skipped."
    assert skip.message("nl") == "facebook-posts.csv, rij 2, kolom 'Reach': 'veel' is geen getal; rij overgeslagen."
    assert as_json(export, "nl")["skipped"] == [{"file": "facebook-posts.csv", "row": 2, "column": "Reach",
                                                 "reason": skip.message("nl")}]


def test_a_bad_date_skips_its_row():
    data, name = fb_views()
    export = read_export(data.replace(b"07/20/2026 18:05", b"gisteren"), name)
    assert [(s.row, s.column, s.reason) for s in export.skipped] == [(3, "Publish time", "kpi.skip.bad_date")]


# --------------------------------------------------------------------------------------------------
# Malformed files

def test_truncated_in_a_quoted_caption_keeps_the_rows_before():
    data, name = fb_views()
    cut = data[: data.index(b"Zondag open") + 6]  # the file ends inside the quotes of row 3
    export = read_export(cut, name)
    assert len(export.rows) == 1  # row 2, whose caption spans two lines, is kept whole
    assert export.rows["text"][0] == "Verse broodjes!\nVanaf 7 uur"
    assert [(s.row, s.reason) for s in export.skipped] == [(3, "kpi.skip.cut_off")]


def test_truncated_in_the_middle_of_a_row_skips_that_row():
    data, name = fb_impressions()
    cut = data[: data.rindex(b",600,") + 5]
    export = read_export(cut, name)
    assert len(export.rows) == 1
    (skip,) = export.skipped
    assert skip.reason == "kpi.skip.too_few" and skip.row == 3 and "32" in skip.message("en")


@pytest.mark.parametrize("data,key", [
    (b"", "kpi.error.empty"), (b"  \r\n\n", "kpi.error.empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "kpi.error.not_text"),
    (b"\xff\xfe" + b"\x00\xd8" * 3, "kpi.error.encoding"),  # UTF-16 with lone surrogates
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "kpi.error.old_xls"),
    (b"PK\x03\x04 broken zip", "kpi.error.damaged_zip"),
    (b"Naam,Adres,Woonplaats\nAnna,Dorpsstraat 1,Zwolle\n", "kpi.error.unknown_format"),
    (b"# ----\n# Account: Bakkerij\n# Property: www\n# Start date: 20260701\nSession source,Sessions\nx,1\n",
     "kpi.error.ga4"),
])
def test_malformed_files_are_one_sentence_naming_the_file(data, key):
    with pytest.raises(ExportError) as err:
        read_export(data, "upload.csv")
    assert err.value.key == key
    for lang in ("nl", "en"):
        text = err.value.message(lang)
        assert "upload.csv" in text and "\n" not in text and "{" not in text and "Traceback" not in text


def test_a_foreign_header_names_its_columns():
    with pytest.raises(ExportError) as err:
        read_export(b"Naam,Adres,Woonplaats\nAnna,Dorpsstraat 1,Zwolle\n", "adressen.csv")
    assert "Naam, Adres, Woonplaats" in err.value.message("en")


def test_a_damaged_workbook_and_a_zip_without_tables():
    broken = _zip({"xl/workbook.xml": b"<nonsense", "[Content_Types].xml": b"<x/>"})
    with pytest.raises(ExportError) as err:
        read_export(broken, "li.xlsx")
    assert err.value.key == "kpi.error.damaged_workbook"
    with pytest.raises(ExportError) as err:
        read_export(_zip({"readme.txt": b"hi"}), "tt.zip")
    assert err.value.key == "kpi.error.zip_without_table"


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as fh:  # sparse: no disk used
        fh.truncate(MAX_BYTES + 1)
    opened = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a) or (_ for _ in ()).throw(AssertionError))
    start = time.perf_counter()
    with pytest.raises(ExportError) as err:
        read_export(huge)
    assert time.perf_counter() - start < 1 and opened == []
    assert err.value.key == "kpi.error.too_big"
    assert err.value.message("en").startswith("huge.csv is larger than 64 MB")
    monkeypatch.undo()
    with pytest.raises(ExportError):
        read_export(b"x" * (MAX_BYTES + 1), "upload.csv")


def test_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(ExportError) as err:
        read_export(tmp_path / "nope.csv")
    assert err.value.key == "kpi.error.missing"
    with pytest.raises(ExportError) as err:
        read_export(tmp_path)
    assert err.value.key == "kpi.error.not_a_file"


# --------------------------------------------------------------------------------------------------
# Fuzz: whatever the bytes, an Export or an ExportError, nothing else

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.binary(max_size=3000))
def test_fuzz_bytes(data):
    try:
        export = read_export(data, "fuzz.csv")
    except ExportError as err:
        assert err.message("en") and err.message("nl")
        return
    json.dumps(as_json(export, "en")) and summary(export, "nl")


_CELL = st.one_of(st.sampled_from(["", "-", "undefined", "1.200", "0,5", "424.0", "1,234", "Lifetime", "Total",
                                   "07/14/2026 09:30", "Tue, Jul 14, 2026", '"', "\n", "é", "1e309", "nan", "-3"]),
                  st.text(max_size=8))
_HEADERS = [FB_HEAD.format(views="Views", link='"Link Clicks"'), X_CONTENT, TIKTOK_VIDEOS, YOUTUBE,
            ",".join(ADS_HEAD), ",".join(LEGACY_HEAD), "Naam,Adres"]


@_SETTINGS
@given(st.sampled_from(_HEADERS), st.sampled_from([",", ";", "\t"]),
       st.lists(st.lists(_CELL, max_size=30), max_size=8), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_fuzz_csv_like_text(header, delimiter, rows, encoding):
    text = header.replace(",", delimiter) + "\n" + "\n".join(delimiter.join(r) for r in rows)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    try:
        export = read_export(data, "fuzz.csv")
    except ExportError:
        return
    got = as_json(export, "nl")
    assert got["rows"] == len(export.rows) and all(v is None or v == v for v in got["totals"].values())
    json.dumps(got)


# --------------------------------------------------------------------------------------------------
# The command line

def _run(*args: str, env_lang: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "WORKSHOP_LANG"}
    if env_lang:
        env["WORKSHOP_LANG"] = env_lang
    return subprocess.run([sys.executable, "-m", "helpers", "kpi", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


def test_cli_json_has_the_shape_of_the_issue(tmp_path):
    data, name = legacy()
    (tmp_path / name).write_bytes(data)
    out = _run(str(tmp_path / name), "--json", "--lang", "en")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert set(got) == {"format", "platform", "rows", "period", "totals", "skipped"}
    assert got["format"] == "facebook_insights_legacy" and got["rows"] == 2
    assert got["period"] == {"start": "2016-01-05", "end": "2016-12-24"}
    assert set(got["totals"]) == {"reach", "impressions", "engagements", "clicks"}
    assert got["skipped"][0]["row"] == 2 and "explains the columns" in got["skipped"][0]["reason"]


def test_cli_summary_in_both_languages(tmp_path, capsys):
    data, name = ig()
    (tmp_path / name).write_bytes(data)
    assert main(["kpi", str(tmp_path / name), "--lang", "nl"]) == 0
    nl = capsys.readouterr().out
    assert "2 berichten." in nl and "Klikken: niet in dit bestand" in nl and "Bereik: 1.600" in nl
    assert "1 juli 2026" in nl
    assert main(["kpi", str(tmp_path / name), "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "2 posts." in en and "Clicks: not in this file" in en and "Reach: 1,600" in en


@pytest.mark.parametrize("lang,words", [("nl", "geen export die we herkennen"), ("en", "not an export we recognise")])
def test_cli_bad_input_is_one_sentence_and_exit_code_2(tmp_path, lang, words):
    bad = tmp_path / "adressen.csv"
    bad.write_text("Naam,Adres\nAnna,Dorp 1\n")
    for args in ([str(bad), "--json", "--lang", lang], [str(bad)]):
        out = _run(*args, env_lang=lang)
        assert out.returncode == 2 and out.stdout == ""
        assert words in out.stderr and "adressen.csv" in out.stderr
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    missing = _run(str(tmp_path / "weg.csv"), "--lang", lang)
    assert missing.returncode == 2 and "weg.csv" in missing.stderr and missing.stderr.count("\n") == 1
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    out = _run(str(empty), "--json", "--lang", lang)
    assert out.returncode == 2 and "leeg.csv" in out.stderr and "Traceback" not in out.stderr
