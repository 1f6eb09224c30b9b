"""Part 7, the budget (lesson page 14): cost lines typed as a person types them, the totals a month
and a year with one-off costs apart, the chart's data, the check against the paid channels, hostile
values refused or escaped, the form and the report section in Dutch and in English."""
from __future__ import annotations

import html
import re

import pytest

from helpers import i18n, model
from helpers.i18n import t
from helpers.strategy import budget as logic
from helpers.ui.base import message_of
from helpers.ui.budget_form import amount_to_doc, budget

from widgetkit import chart_rows, on_disk, reopened, svg, texts

PATH = ("deep_dives", "budget")


def words(html_text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", html_text))).strip()


def add_line(form, item, kind, period, amount, platform=""):
    form.lines.add_button.click()
    rid = form.lines.ids()[-1]
    for name, value in (("item", item), ("kind", kind), ("platform", platform), ("period", period),
                        ("amount", amount)):
        form.lines.cell(rid, name).value = value
    return rid


def example_doc() -> model.Strategy:
    doc = model.Strategy(group="Team Test")
    doc.deep_dives.tactics.paid = {"instagram": "paid", "tiktok": "both", "linkedin": "organic"}
    doc.deep_dives.budget = [
        model.BudgetLine(item="Instagram ads", kind="ads", platform="Instagram", period="month", amount=1200.5),
        model.BudgetLine(item="Canva", kind="tools", period="year", amount=120),
        model.BudgetLine(item="LinkedIn ads", kind="ads", platform="linkedin", period="month", amount=300),
        model.BudgetLine(item="Fotoshoot", kind="content", period="once", amount=2000)]
    return doc


def test_amounts_are_read_as_people_type_them():
    assert amount_to_doc("1.200") == 1200
    assert amount_to_doc("1.200,50") == 1200.5
    assert amount_to_doc("€ 80") == 80
    assert amount_to_doc("") == 0
    for bad in ("twaalf", "-5"):
        with pytest.raises(ValueError):
            amount_to_doc(bad)


def test_lines_typed_are_saved_totalled_and_shown_again(session, lang):
    form = budget(session)
    assert words(form.totals.value) == t("budget.empty", lang)
    ads = add_line(form, "Instagram ads", "ads", "month", "1.200,50" if lang == "nl" else "1,200.50", "Instagram")
    add_line(form, "Canva", "tools", "year", "120")
    add_line(form, "Shoot", "content", "once", "2.000" if lang == "nl" else "2,000")
    saved = on_disk(session).deep_dives.budget
    assert [(b.item, b.kind, b.period, b.amount) for b in saved] == [
        ("Instagram ads", "ads", "month", 1200.5), ("Canva", "tools", "year", 120), ("Shoot", "content", "once", 2000)]
    assert saved[0].platform == "Instagram"
    form.refresh()
    shown = words(form.totals.value)
    if lang == "nl":
        assert "Per maand € 1.210,50, per jaar € 14.526. Eenmalig komt daar € 2.000 bij." in shown
    else:
        assert "A month €1,210.50, a year €14,526. One-off costs add €2,000." in shown
    # the tactics do not mark Instagram as paid: the form says so
    assert t("budget.check.ads_not_paid", lang, platform="Instagram") in words(form.checks.value)
    assert "<svg" in svg(form.chart)
    fresh = reopened(session)
    i18n.set_language(lang)  # (opening the group speaks its own language; the group here is Dutch)
    again = budget(fresh)
    assert again.lines.cell(ads, "amount").value == ("1.200,5" if lang == "nl" else "1,200.5")
    assert again.lines.cell(ads, "kind").value == "ads"
    assert again.lines.cell(ads, "platform").value == "Instagram"


@pytest.mark.parametrize("typed", ["twaalf", "-5", "1e400"])
def test_a_bad_amount_gets_a_message_and_keeps_what_was_saved(session, typed):
    form = budget(session)
    rid = add_line(form, "Canva", "tools", "year", "120")
    form.lines.cell(rid, "amount").value = typed
    assert message_of(form.lines.cell(rid, "amount"))
    assert on_disk(session).deep_dives.budget[0].amount == 120


@pytest.mark.parametrize("typed, refused", [
    ("<script>alert(1)</script>", False), ("=HYPERLINK(\"http://x\")", False), ("x" * 5000, True),
    ("a\x00b", True)])
def test_hostile_text_is_refused_or_escaped(session, typed, refused):
    form = budget(session)
    rid = add_line(form, "ok", "ads", "month", "10", "Instagram")
    form.lines.cell(rid, "item").value = typed
    saved = on_disk(session).deep_dives.budget[0].item
    assert (saved == "ok") is refused
    assert bool(message_of(form.lines.cell(rid, "item"))) is refused
    form.lines.cell(rid, "platform").value = typed
    form.refresh()
    assert "<script>" not in form.checks.value and "<script>" not in form.totals.value


def test_totals_a_year_counts_a_twelfth_and_once_apart():
    sums = logic.totals(example_doc().deep_dives.budget)
    assert sums.month["ads"] == 1500.5 and sums.month["tools"] == 10 and sums.month["content"] == 0
    assert sums.once["content"] == 2000
    assert (sums.per_month, sums.per_year, sums.one_off) == (1510.5, 18126, 2000)


def test_the_check_against_the_paid_channels():
    doc = example_doc()
    assert logic.paid_checks(doc) == [("paid_without_ads", "tiktok"), ("ads_not_paid", "linkedin")]
    doc.deep_dives.tactics.paid = {"instagram": "paid", "linkedin": "both"}
    assert logic.check_sentences(doc, "en") == ["Your advertising budget and your paid channels match."]
    doc.deep_dives.budget.append(model.BudgetLine(item="Boost", kind="ads", amount=5))
    assert logic.check_sentences(doc, "nl") == ["De advertentiepost 'Boost' heeft nog geen kanaal."]


def test_the_chart_draws_the_monthly_totals_per_kind(lang):
    chart = logic.chart(example_doc(), lang)
    chart.to_dict()  # validates against the Vega-Lite schema
    rows = [r for r in chart_rows(chart)]
    by_kind = {r["kind"]: r["amount"] for r in rows}
    assert by_kind == {"tools": 10, "ads": 1500.5}  # the one-off shoot is not a monthly cost
    assert {r["name"] for r in rows} == {logic.kind_label("tools", lang), logic.kind_label("ads", lang)}
    assert [r["text"] for r in rows if r["kind"] == "ads"] == ["€ 1.500,50" if lang == "nl" else "€1,500.50"]
    assert logic.chart(model.Strategy(group="x"), lang) is None


def test_the_section_in_both_languages():
    assert logic.section(model.Strategy(group="x"), "nl") is None
    nl, en = logic.section(example_doc(), "nl"), logic.section(example_doc(), "en")
    assert (nl.key, nl.title, en.title) == ("budget", "Budget", "Budget")
    assert nl.blocks[0].text == "Per maand € 1.510,50, per jaar € 18.126. Eenmalig komt daar € 2.000 bij."
    assert en.blocks[0].text == "A month €1,510.50, a year €18,126. One-off costs add €2,000."
    totals = en.blocks[2]
    assert totals.rows[-1] == ("Total", "€1,510.50", "€18,126", "€2,000")
    assert ("Advertising", "€1,500.50", "€18,006", "€0") in totals.rows
    assert nl.blocks[1].rows[1] == ("Canva", "Tools en software", "", "per jaar", "€ 120")
    assert len(en.blocks[3].items) == 2
    assert logic.section(example_doc(), "en", charts=False).blocks[-1].label == "Does it match your paid channels?"


def test_the_form_speaks_the_language(session, lang):
    shown = texts(budget(session))
    assert t("budget.intro", lang) in html.unescape(shown)
    assert t("budget.add_line", lang) == budget(session).lines.add_button.description
