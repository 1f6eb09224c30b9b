"""Part 1 of the whole strategy, the starting situation (lesson page 08): the quick scan and the
accounts in use, typed as a person types them, read back from disk and after a restart, figures
taken over from the measuring path's export, hostile input, and the report's section; in Dutch and
in English."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers import analytics, metrics, model
from helpers.i18n import t
from helpers.strategy import Items, Table, Text, situation as logic
from helpers.ui.base import message_of
from helpers.ui.measure_form import EXAMPLE, measure_import
from helpers.ui.situation_form import accounts, situation

from widgetkit import on_disk, reopened, texts

ACCOUNTS = ("deep_dives", "accounts")


@pytest.fixture
def s(lang_session):  # short: every test here uses it
    return lang_session


def _row(form, **typed) -> str:
    form.rows.add_button.click()
    rid = form.rows.ids()[-1]
    for name, value in typed.items():
        form.rows.cell(rid, name).value = value
    return rid


# -- the quick scan -----------------------------------------------------------------------------------

def test_the_quick_scan_is_saved_and_shown_again_after_a_restart(s, lang):
    form = situation(s)
    assert t("situation.scan.heading", lang) in texts(form)
    assert t("situation.scan.who_talks", lang) in texts(form)
    form["works_internally"].value = "Snelle reacties,\nmaar het kost veel tijd."
    form["who_talks"].value = "Klanten op Facebook"
    form["opinion_leaders"].value = "Jansen, wethouder\n\n  Foodblogger Anna  "
    form["complaints"].value = "Levertijd"
    scan = on_disk(s).deep_dives.situation
    assert scan.works_internally == "Snelle reacties,\nmaar het kost veel tijd."
    assert scan.opinion_leaders == ["Jansen, wethouder", "Foodblogger Anna"]   # one a line; a comma stays
    again = situation(reopened(s))
    assert again["who_talks"].value == "Klanten op Facebook"
    assert again["opinion_leaders"].value == "Jansen, wethouder\nFoodblogger Anna"


def test_hostile_text_is_refused_in_words_and_never_overwrites_what_was_saved(s, lang):
    form = situation(s)
    form["complaints"].value = "Levertijd"
    for bad in ("x" * 5000, "stuur\x07teken"):
        form["complaints"].value = bad
        assert t("fields.deep_dives.situation.complaints", lang) in message_of(form["complaints"])
        assert on_disk(s).deep_dives.situation.complaints == "Levertijd"
    for plain in ("<script>alert(1)</script>", '=HYPERLINK("http://x.invalid","klik")'):
        form["outsiders_say"].value = plain     # text, kept as typed; the report escapes it
        assert message_of(form["outsiders_say"]) == ""
        assert on_disk(s).deep_dives.situation.outsiders_say == plain


# -- the accounts -------------------------------------------------------------------------------------

def test_accounts_read_numbers_as_typed_and_show_them_the_reader_s_way(s, lang):
    form = accounts(s)
    assert t("situation.accounts.heading", lang) in texts(form)
    assert t("fields.deep_dives.accounts.response_hours", lang) in texts(form)   # the column names
    rid = _row(form, platform="Insta", handle="@bakkerij", followers="1.200", posts_per_week="2,5",
               engagement_rate="3,75%", response_hours="4")
    account = on_disk(s).deep_dives.accounts[0]
    assert (account.id, account.platform, account.handle) == (rid, "instagram", "@bakkerij")
    assert (account.followers, account.posts_per_week, account.engagement_rate, account.response_hours) == (1200, 2.5, 3.75, 4)
    again = accounts(reopened(s))
    shown = {name: again.rows.cell(rid, name).value for name in logic.ACCOUNT_COLUMNS}
    if lang == "nl":
        assert shown == {"platform": "Instagram", "handle": "@bakkerij", "followers": "1.200", "posts_per_week": "2,5",
                         "engagement_rate": "3,75", "response_hours": "4"}
    else:
        assert shown == {"platform": "Instagram", "handle": "@bakkerij", "followers": "1,200", "posts_per_week": "2.5",
                         "engagement_rate": "3.75", "response_hours": "4"}


@pytest.mark.parametrize("column, bad", [("followers", "veel"), ("followers", "-3"), ("followers", "2,5"),
                                         ("engagement_rate", "150"), ("posts_per_week", "1e400"),
                                         ("handle", "@" * 5000), ("handle", "a\x00b")])
def test_a_bad_figure_gets_a_message_beside_its_field_and_the_saved_one_stays(s, lang, column, bad):
    form = accounts(s)
    rid = _row(form, handle="@ok", followers="1.200", engagement_rate="2", posts_per_week="3")
    before = on_disk(s).deep_dives.accounts[0]
    form.rows.cell(rid, column).value = bad
    said = message_of(form.rows.cell(rid, column))
    assert said
    if bad == "veel":
        assert said == t("goals.not_a_number", lang, value="veel")
    assert on_disk(s).deep_dives.accounts[0] == before


def test_without_an_export_the_button_says_so_in_words_and_changes_nothing(s, lang):
    form = accounts(s)
    _row(form, platform="instagram", followers="500")
    before = on_disk(s).deep_dives.accounts
    form.take.click()
    assert message_of(form.take) == "" and t("situation.accounts.no_export", lang) in form.message.value
    assert on_disk(s).deep_dives.accounts == before


def test_the_export_fills_posts_a_week_and_engagement_of_the_matching_row(s, lang):
    example = analytics.read_export(EXAMPLE)
    measure_import(s).read_example()
    form = accounts(s)
    insta = _row(form, platform="Instagram", handle="@bakkerij", followers="1.200", response_hours="3")
    tiktok = _row(form, platform="tiktok", followers="80")
    form.take.click()
    start, end = example.period
    weeks = ((end - start).days + 1) / 7
    per_week = round(len(example.rows) / weeks, 1)
    rate = round(metrics.figure(example.rows, "engagement_rate_reach").overall, 2)
    assert (per_week, rate) == (6.9, 5.2)                # 179 posts in 25.9 weeks; engagement by reach
    saved = {a.id: a for a in on_disk(s).deep_dives.accounts}
    assert (saved[insta].posts_per_week, saved[insta].engagement_rate) == (per_week, rate)
    assert (saved[insta].followers, saved[insta].response_hours) == (1200, 3)   # no followers in the file: kept
    assert (saved[tiktok].followers, saved[tiktok].posts_per_week) == (80, None)  # another platform: untouched
    shown = form.rows.cell(insta, "posts_per_week").value, form.rows.cell(insta, "engagement_rate").value
    assert shown == (("6,9", "5,2") if lang == "nl" else ("6.9", "5.2"))
    said = form.said.value
    assert ("179 berichten in 25,9 weken" if lang == "nl" else "179 posts in 25.9 weeks") in said
    again = accounts(reopened(s))
    assert again.rows.cell(insta, "posts_per_week").value == shown[0]


def test_a_platform_of_the_export_without_a_row_gets_one(s, lang):
    measure_import(s).read_example()
    form = accounts(s)
    form.take.click()
    rows = on_disk(s).deep_dives.accounts
    assert [(a.platform, a.posts_per_week, a.engagement_rate) for a in rows] == [("instagram", 6.9, 5.2)]
    assert len(form.rows.ids()) == 1
    assert t("situation.accounts.added", lang, platform="Instagram") in form.said.value


def _export(dates, platforms, followers=None, content=True) -> analytics.Export:
    n = len(dates)
    rows = pd.DataFrame({"date": pd.to_datetime(dates), "end_date": pd.NaT, "platform": platforms,
                         "reach": [200.0] * n, "engagements": [10.0] * n,
                         "followers": followers or [None] * n})
    return analytics.Export(file="x.csv", format="test", platform="mixed", rows=rows,
                            columns={"reach": "reach", "engagements": "engagements"}, content=content)


def test_export_figures_per_platform_weeks_and_followers():
    days = [dt.date(2027, 3, 1) + dt.timedelta(days=2 * i) for i in range(7)]   # 1 to 13 March: 13 days
    export = _export(days, ["instagram"] * 6 + ["facebook"], followers=[900, None, 950, None, None, 1000, 40])
    figures = logic.export_figures(export, "Insta")
    assert figures == logic.ExportFigures("instagram", posts=6, weeks=13 / 7, posts_per_week=round(6 / (13 / 7), 1),
                                          engagement_rate=5.0, followers=1000)
    assert logic.export_figures(export, "linkedin") is None
    short = _export([dt.date(2027, 3, 1), dt.date(2027, 3, 2)], ["x", "x"])    # two days count as a week
    assert logic.export_figures(short, "twitter").posts_per_week == 2.0
    daily = _export(days, ["instagram"] * 7, content=False)                    # a row per day, not per post
    assert logic.export_figures(daily, "instagram").posts_per_week is None


# -- the report's section -----------------------------------------------------------------------------

def test_the_section_is_none_without_answers_and_holds_every_answer_in_the_reader_s_words():
    doc = model.Strategy(group="x")
    assert logic.section(doc, "nl") is None
    doc = model.apply_changes(doc, {
        ("deep_dives", "situation", "who_talks"): "Klanten", ("deep_dives", "situation", "complaints"): "<script>",
        ("deep_dives", "situation", "opinion_leaders"): ["Anna", "Piet"],
        ACCOUNTS: [{"id": "r000001", "platform": "instagram", "handle": "@b", "followers": 12500,
                    "posts_per_week": 2.5, "engagement_rate": 3.75, "response_hours": 1.5}]})
    nl, en = logic.section(doc, "nl"), logic.section(doc, "en")
    assert (nl.key, nl.title, en.title) == ("situation", "Startsituatie", "Starting situation")
    assert nl.blocks[:3] == (Text("Wie praat er over ons", "Klanten"), Items("Opinieleiders", ("Anna", "Piet")),
                             Text("Klachten", "<script>"))                   # plain text: the report escapes
    table = nl.blocks[3]
    assert isinstance(table, Table) and table.numbers == (2, 3, 4, 5)
    assert table.rows == (("Instagram", "@b", "12.500", "2,5", "3,75", "1,5"),)
    assert en.blocks[3].rows == (("Instagram", "@b", "12,500", "2.5", "3.75", "1.5"),)
    assert en.blocks[3].head == ("Platform", "Account name", "Followers", t("fields.deep_dives.accounts.posts_per_week", "en"),
                                 "Engagement (%)", t("fields.deep_dives.accounts.response_hours", "en"))
