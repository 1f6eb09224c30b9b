"""Part 2 of the whole strategy, competitors and the audit (lesson page 09): the competitor x channel
table typed as a person types it, the benchmark chart on the data behind it, the audit of the own
accounts, hostile input, and the report's section; in Dutch and in English."""
from __future__ import annotations

import pytest

from helpers import model
from helpers.charts import to_svg
from helpers.i18n import t
from helpers.strategy import Chart, Table, competitors as logic
from helpers.ui.base import message_of
from helpers.ui.competitors_form import audit, rivals
from helpers.ui.situation_form import accounts

from widgetkit import chart_rows, on_disk, reopened, svg, texts


@pytest.fixture
def s(lang_session):  # short: every test here uses it
    return lang_session


def _row(form, **typed) -> str:
    form.rows.add_button.click()
    rid = form.rows.ids()[-1]
    for name, value in typed.items():
        form.rows.cell(rid, name).value = value
    return rid


def _doc() -> model.Strategy:
    return model.apply_changes(model.Strategy(group="x"), {
        ("deep_dives", "accounts"): [
            {"id": "r000001", "platform": "instagram", "handle": "@bakkerij", "followers": 1200, "posts_per_week": 3,
             "engagement_rate": 2.5, "owner": "Sanne", "mission": "Klanten binden", "kpi": "engagement",
             "top_content": "Achter de schermen", "verdict": "improve"},
            {"id": "r000002", "platform": "tiktok", "handle": "@b"}],
        ("deep_dives", "rivals"): [
            {"id": "r000003", "competitor": "Bakker B", "platform": "Instagram", "followers": 3400,
             "posts_per_week": 5.5, "engagement_rate": 1.25, "works": "Reels", "misses": "Geen antwoorden"},
            {"id": "r000004", "competitor": "", "platform": "linkedin", "followers": 100}]})


# -- the competitor x channel table --------------------------------------------------------------------

def test_rivals_read_numbers_as_typed_and_come_back_after_a_restart(s, lang):
    form = rivals(s)
    assert t("competitors.rivals.heading", lang) in texts(form)
    assert t("fields.deep_dives.rivals.misses", lang) in texts(form)
    rid = _row(form, competitor="Bakker B", platform="insta", followers="3.400", posts_per_week="5,5",
               engagement_rate="1,25%", works="Reels", misses="Geen antwoorden")
    saved = on_disk(s).deep_dives.rivals[0]
    assert (saved.competitor, saved.platform, saved.followers, saved.posts_per_week, saved.engagement_rate) == (
        "Bakker B", "instagram", 3400, 5.5, 1.25)
    again = rivals(reopened(s))
    shown = [again.rows.cell(rid, c).value for c in ("platform", "followers", "posts_per_week", "engagement_rate", "misses")]
    assert shown == (["Instagram", "3.400", "5,5", "1,25", "Geen antwoorden"] if lang == "nl"
                     else ["Instagram", "3,400", "5.5", "1.25", "Geen antwoorden"])


@pytest.mark.parametrize("column, bad", [("followers", "duizend"), ("engagement_rate", "101"),
                                         ("posts_per_week", "-1"), ("works", "x" * 5000), ("competitor", "\x1b[31m")])
def test_a_bad_value_gets_a_message_and_the_saved_one_stays(s, lang, column, bad):
    form = rivals(s)
    rid = _row(form, competitor="A", followers="10", engagement_rate="2", posts_per_week="1", works="ok")
    before = on_disk(s).deep_dives.rivals[0]
    form.rows.cell(rid, column).value = bad
    assert message_of(form.rows.cell(rid, column))
    assert on_disk(s).deep_dives.rivals[0] == before


def test_the_chart_waits_for_a_competitor_then_shows_the_own_account_beside_it(s, lang):
    own = accounts(s)
    _row(own, platform="Instagram", handle="@wij", followers="1.200")
    form = rivals(s)
    assert t("competitors.rivals.chart_waiting", lang) in form.waiting.value and not form.chart.outputs
    _row(form, competitor="<script>alert(1)</script>", platform="instagram", followers="3.400")
    on_disk(s)
    form.redraw()
    drawn = svg(form.chart)
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn     # a name is text in the chart, never markup
    assert form.waiting.value == ""


# -- the benchmark chart ---------------------------------------------------------------------------------

def test_the_benchmark_chart_draws_each_platform_s_own_account_beside_its_competitors(lang):
    doc = _doc()
    chart = logic.benchmark_chart(doc, lang)
    chart.to_dict()                                                   # valid Vega-Lite
    rows = [(r["platform"], r["who"], r["own"], r["measure"], r["value"], r["text"]) for r in chart_rows(chart)]
    us = t("competitors.chart.own_handle", lang, handle="@bakkerij")
    nameless = t("competitors.chart.unnamed", lang)
    assert rows == [
        ("instagram", us, True, "followers", 1200.0, "1.200" if lang == "nl" else "1,200"),
        ("instagram", us, True, "posts_per_week", 3.0, "3"),
        ("instagram", us, True, "engagement_rate", 2.5, "2,5%" if lang == "nl" else "2.5%"),
        ("instagram", "Bakker B", False, "followers", 3400.0, "3.400" if lang == "nl" else "3,400"),
        ("instagram", "Bakker B", False, "posts_per_week", 5.5, "5,5" if lang == "nl" else "5.5"),
        ("instagram", "Bakker B", False, "engagement_rate", 1.25, "1,25%" if lang == "nl" else "1.25%"),
        ("linkedin", nameless, False, "followers", 100.0, "100")]      # no own LinkedIn account: the competitor alone
    spec = chart.to_dict()
    assert spec["title"]["text"] == t("competitors.chart.title", lang)
    assert [part["title"]["text"] for part in spec["vconcat"]] == [logic.measure_label(m, lang) for m in logic.MEASURES]
    assert "<svg" in to_svg(chart)


def test_no_chart_without_a_competitor_s_figure():
    doc = model.apply_changes(model.Strategy(group="x"), {("deep_dives", "accounts"): [
        {"id": "r000001", "platform": "instagram", "followers": 5}], ("deep_dives", "rivals"): [
        {"id": "r000002", "competitor": "A", "platform": "instagram"}]})
    assert logic.benchmark_chart(doc, "nl") is None


# -- the audit -------------------------------------------------------------------------------------------

def test_the_audit_edits_the_same_accounts_and_keeps_the_verdict(s, lang):
    rid = _row(accounts(s), platform="Facebook", handle="@wij")
    form = audit(s)
    assert t("competitors.audit.heading", lang) in texts(form)
    assert form.rows.cell(rid, "handle").value == "@wij"                 # typed on page 08, here already
    verdict = form.rows.cell(rid, "verdict")
    assert [label for label, _code in verdict.options][1:] == [t(f"competitors.verdict.{v}", lang) for v in logic.VERDICTS]
    form.rows.cell(rid, "owner").value = "Sanne"
    form.rows.cell(rid, "kpi").value = "engagement"
    verdict.value = "stop"
    saved = on_disk(s).deep_dives.accounts[0]
    assert (saved.platform, saved.owner, saved.kpi, saved.verdict) == ("facebook", "Sanne", "engagement", "stop")
    form.rows.cell(rid, "mission").value = "m" * 300
    assert t("fields.deep_dives.accounts.mission", lang) in message_of(form.rows.cell(rid, "mission"))
    assert on_disk(s).deep_dives.accounts[0].mission == ""
    again = audit(reopened(s))
    assert (again.rows.cell(rid, "verdict").value, again.rows.cell(rid, "owner").value) == ("stop", "Sanne")


# -- the report's section -------------------------------------------------------------------------------

def test_the_section_holds_the_table_the_chart_and_the_audit_in_both_languages():
    assert logic.section(model.Strategy(group="x"), "nl") is None
    doc = _doc()
    nl, en = logic.section(doc, "nl"), logic.section(doc, "en")
    assert (nl.key, nl.title, en.title) == ("competitors", "Concurrenten en audit", "Competitors and audit")
    rivals_nl, chart, audit_nl = nl.blocks
    assert isinstance(rivals_nl, Table) and isinstance(chart, Chart) and isinstance(audit_nl, Table)
    assert rivals_nl.rows == (("Bakker B", "Instagram", "3.400", "5,5", "1,25", "Reels", "Geen antwoorden"),
                              ("", "LinkedIn", "100", "", "", "", ""))
    assert en.blocks[0].rows[0] == ("Bakker B", "Instagram", "3,400", "5.5", "1.25", "Reels", "Geen antwoorden")
    assert rivals_nl.numbers == (2, 3, 4)
    assert chart.alt.startswith("Jullie tegenover de concurrenten")
    assert audit_nl.rows == (("Instagram", "@bakkerij", "Sanne", "Klanten binden", "engagement", "Achter de schermen",
                              "Verbeteren"),)                               # the TikTok account has no audit answers
    assert en.blocks[2].rows[0][-1] == "Improve"
    assert en.blocks[2].head[-1] == t("fields.deep_dives.accounts.verdict", "en")
    assert [type(b) for b in logic.section(doc, "en", charts=False).blocks] == [Table, Table]
