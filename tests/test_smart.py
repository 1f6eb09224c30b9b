"""The live SMART check (helpers/smart/): data-driven cases plus targeted tests."""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import smart
from helpers.i18n import catalogue, placeholders, t

ROOT = Path(__file__).resolve().parent.parent
CASES_FILE = ROOT / "tests" / "cases" / "smart_cases.yaml"
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
TODAY = CASES["today"]
assert isinstance(TODAY, dt.date)

SEED_VAGUE = {"nl": "Ik zal mijn aantal fans op sociale mediaplatforms vergroten.",
              "en": "I will increase the number of fans on social media platforms."}
SEED_SMART = {"nl": "Tegen het einde van het jaar zal ik het aantal fans op de Facebook-pagina met 10% verhogen.",
              "en": "By the end of the year I will increase the number of fans on the Facebook page by 10%."}


def letters(result: smart.SmartResult) -> str:
    return "".join(letter if getattr(result, name).ok else "-" for letter, name in zip("SMART", smart.LETTERS))


# --------------------------------------------------------------------------------------------------
# The table of cases


def test_case_table_is_big_enough_and_well_formed():
    cases = CASES["cases"]
    assert len(cases) >= 150
    by_lang = {lang: sum(1 for c in cases if c["lang"] == lang) for lang in ("nl", "en")}
    assert by_lang["nl"] >= 70 and by_lang["en"] >= 70, by_lang
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in cases:
        assert len(case["expect"]) == 5 and all(ch in "SMART-" for ch in case["expect"]), case["id"]
        assert set(case.get("found") or {}) <= {"number", "metric", "platform", "deadline"}, case["id"]


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["id"] for c in CASES["cases"]])
def test_case(case):
    result = smart.check(case["sentence"], case["lang"], case.get("org_goal"), case.get("today", TODAY))
    explain = {name: v.reason for name, v in result.verdicts().items()}
    assert letters(result) == case["expect"], explain
    found = result.to_dict()["found"]
    for key, value in (case.get("found") or {}).items():
        assert found[key] == value, (key, found)
    if case.get("org"):
        assert result.org_goal == case["org"]
    # every verdict that does not pass tells the participant what to do, in their language
    for name, verdict in result.verdicts().items():
        assert verdict.reason, name
        if not verdict.ok:
            assert verdict.suggestion or "data/" in verdict.reason, name
        # a suggestion is a whole sentence: no placeholder metric, no "from ... to" with a gap
        unknown = t("smart.metric.unknown", case["lang"])
        assert unknown not in verdict.suggestion, (name, verdict.suggestion)
        assert "van ... naar" not in verdict.suggestion and "from ... to" not in verdict.suggestion, name


# --------------------------------------------------------------------------------------------------
# The lesson plan's example pair


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_seed_vague_goal_comes_out_vague(lang):
    result = smart.check(SEED_VAGUE[lang], lang, today=TODAY)
    assert result.passed == 0
    assert result.found.metric == "followers"
    assert result.found.platform is None


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("today", [dt.date(2026, 3, 1), dt.date(2026, 3, 31), dt.date(2027, 3, 15)])
def test_seed_smart_goal_comes_out_smart(lang, today):
    result = smart.check(SEED_SMART[lang], lang, org_goal="awareness", today=today)
    assert result.passed == 5, {n: v.reason for n, v in result.verdicts().items()}
    assert result.found.deadline == f"{today.year}-12-31"
    assert 8.5 < result.months < 10.5  # "end of the year" seen from March: about nine months
    assert result.monthly_growth == pytest.approx(100 * (1.10 ** (1 / result.months) - 1))
    assert 0.9 < result.monthly_growth < 1.2
    assert result.org_goal == "awareness"


def test_seed_smart_goal_without_org_goal_misses_only_relevant():
    result = smart.check(SEED_SMART["nl"], "nl", today=TODAY)
    assert letters(result) == "SMA-T"
    assert result.relevant.reason == t("smart.relevant.none", "nl")


# --------------------------------------------------------------------------------------------------
# Rates are not deadlines


RATES = [
    ("nl", "10% meer volgers op Instagram per week", "per week"),
    ("nl", "10% meer volgers op Instagram per maand", "per maand"),
    ("nl", "Elke dag een post op Instagram", "Elke dag"),
    ("nl", "Iedere week 3 video's op TikTok", "Iedere week"),
    ("nl", "Twee keer per week posten op LinkedIn", "Twee keer per week"),
    ("nl", "Dagelijks 5 stories op Instagram", "Dagelijks"),
    ("nl", "Maandelijks een nieuwsbrief met 2% meer abonnees", "Maandelijks"),
    ("en", "Post twice a week on Instagram", "twice a week"),
    ("en", "Three times a month a live video on YouTube", "Three times a month"),
    ("en", "5% more followers on X every month", "every month"),
    ("en", "Reply daily to comments on Facebook", "daily"),
    ("en", "One reel each week on Instagram", "each week"),
]


@pytest.mark.parametrize("lang, sentence, rate", RATES)
def test_a_rate_is_not_a_deadline(lang, sentence, rate):
    result = smart.check(sentence, lang, today=TODAY)
    assert result.found.deadline is None
    assert not result.time_bound.ok
    assert result.time_bound.reason == t("smart.time_bound.rate_only", lang, rate=rate)


def test_a_rate_and_a_deadline_together():
    result = smart.check("Elke week een post en 10% meer volgers op Instagram voor 1 oktober", "nl", today=TODAY)
    assert result.found.deadline == "2026-10-01"
    assert result.time_bound.ok


def test_percent_per_month_is_a_monthly_growth():
    result = smart.check("5% meer volgers op Instagram per maand", "nl", today=TODAY)
    assert result.target.per == "month"
    assert result.monthly_growth == pytest.approx(5)
    assert result.achievable.ok  # 5% a month is within the followers range
    weekly = smart.check("5% meer volgers op Instagram per week", "nl", today=TODAY)
    assert weekly.monthly_growth == pytest.approx(100 * (1.05 ** (365.25 / 12 / 7) - 1))
    assert not weekly.achievable.ok


# --------------------------------------------------------------------------------------------------
# Deadlines, resolved against a fixed today (Sunday 15 March 2026)


DEADLINES = [
    ("31 maart 2027", "2027-03-31"), ("1 april", "2026-04-01"), ("1 maart", "2027-03-01"),
    ("2026-11-30", "2026-11-30"), ("30-9-2026", "2026-09-30"), ("9/30/2026", "2026-09-30"),
    ("March 31st, 2027", "2027-03-31"), ("31st of May", "2026-05-31"),
    ("in juni", "2026-06-30"), ("voor juni", "2026-05-31"), ("eind augustus", "2026-08-31"),
    ("in februari", "2027-02-28"), ("tot en met december", "2026-12-31"), ("t/m oktober", "2026-10-31"), ("by June", "2026-06-30"), ("before October", "2026-09-30"),
    ("in mei 2027", "2027-05-31"), ("halverwege juli", "2026-07-15"),
    ("Q3", "2026-09-30"), ("by Q3", "2026-09-30"), ("voor Q3", "2026-06-30"), ("in Q1", "2026-03-31"),
    ("Q1 2027", "2027-03-31"), ("in het derde kwartaal", "2026-09-30"), ("the second quarter", "2026-06-30"),
    ("eind 2026", "2026-12-31"), ("in 2027", "2027-12-31"), ("voor 2027", "2026-12-31"),
    ("by the end of the year", "2026-12-31"), ("tegen het einde van het jaar", "2026-12-31"),
    ("eind dit jaar", "2026-12-31"), ("end of next year", "2027-12-31"), ("volgend jaar", "2027-12-31"),
    ("voor de jaarwisseling", "2026-12-31"),
    ("voor de zomer", "2026-06-20"), ("deze zomer", "2026-09-21"), ("before Christmas", "2026-12-24"),
    ("in de herfst", "2026-12-20"), ("voor de zomervakantie", "2026-07-14"),
    ("binnen zes weken", "2026-04-26"), ("binnen 3 maanden", "2026-06-15"), ("within 3 months", "2026-06-15"),
    ("within a year", "2027-03-15"), ("binnen een half jaar", "2026-09-15"), ("in half a year", "2026-09-15"),
    ("over twee maanden", "2026-05-15"), ("in de komende 4 weken", "2026-04-12"),
    ("in the next 90 days", "2026-06-13"), ("binnen anderhalf jaar", "2027-09-15"),
    ("binnen een kwartaal", "2026-06-15"),
    ("deze maand", "2026-03-31"), ("next month", "2026-04-30"), ("this quarter", "2026-03-31"),
    ("volgend kwartaal", "2026-06-30"), ("next week", "2026-03-22"),
]


@pytest.mark.parametrize("words, iso", DEADLINES)
def test_deadline_is_resolved(words, iso):
    lang = "en" if any(w in words for w in ("the", "by", "before", "within", "next", "this", "March", "May",
                                            "half a")) else "nl"
    sentence = f"10% meer volgers op Instagram {words}." if lang == "nl" else \
        f"10% more followers on Instagram {words}."
    result = smart.check(sentence, lang, today=TODAY)
    assert result.found.deadline == iso
    assert result.found.number == "10%"  # the numbers in a date are never the target


@pytest.mark.parametrize("sentence", [
    "Jan wil 10% meer volgers op Instagram",  # a name, not January
    "We may grow our Instagram followers by 10%",  # a verb, not May
    "10% meer volgers op Instagram binnen 2 uur",  # hours: a service level, not a deadline
    "Reply within an hour on Facebook",
    "10% meer volgers op Instagram na de zomer",
])
def test_not_a_deadline(sentence):
    assert smart.check(sentence, today=TODAY).found.deadline is None


def test_a_date_without_year_that_passed_means_next_year():
    assert smart.check("10% meer volgers op Instagram voor 1 maart", today=TODAY).found.deadline == "2027-03-01"


def test_a_deadline_in_the_past_fails_time_bound_and_achievable():
    result = smart.check("10% more Facebook followers by the end of 2025", "en", today=TODAY)
    assert result.found.deadline == "2025-12-31"
    assert not result.time_bound.ok and not result.achievable.ok
    assert result.achievable.reason == t("smart.achievable.past", "en")


# --------------------------------------------------------------------------------------------------
# Numbers, also written out


NUMBERS = [
    ("nl", "verdubbelen van het aantal volgers op Instagram", "x2"),
    ("nl", "een verdubbeling van de kliks op LinkedIn", "x2"),
    ("nl", "twee keer zoveel leads via LinkedIn", "x2"),
    ("nl", "drie keer zo veel kliks op Pinterest", "x3"),
    ("nl", "3x meer views op YouTube", "x3"),
    ("nl", "vertienvoudigen van onze TikTok-volgers", "x10"),
    ("nl", "tien procent meer kliks op LinkedIn", "10%"),
    ("nl", "vijfentwintig procent meer omzet via Instagram", "25%"),
    ("nl", "tweeëntwintig procent meer volgers op X", "22%"),
    ("nl", "2,5% meer websitebezoekers via Pinterest", "2.5%"),
    ("nl", "van 2.000 naar 3.000 volgers op Instagram", "2000→3000"),
    ("nl", "van 2% naar 3% engagement op Instagram", "2%→3%"),
    ("nl", "500 nieuwe volgers op Facebook", "+500"),
    ("nl", "1000 volgers erbij op YouTube", "+1000"),
    ("nl", "honderd nieuwe nieuwsbriefabonnees via LinkedIn", "+100"),
    ("nl", "tweeduizend volgers op TikTok", "2000"),
    ("nl", "ten minste 50 leads via LinkedIn", "50"),
    ("nl", "de reactietijd op Facebook halveren", "x0.5"),
    ("nl", "onze responstijd op WhatsApp met 20% verkorten", "-20%"),
    ("en", "double our Instagram followers", "x2"),
    ("en", "twice as many clicks on LinkedIn", "x2"),
    ("en", "three times as many sign-ups via TikTok", "x3"),
    ("en", "triple our leads on LinkedIn", "x3"),
    ("en", "ten percent more clicks on LinkedIn", "10%"),
    ("en", "twenty-five percent more sales via Instagram", "25%"),
    ("en", "a thousand new followers on TikTok", "+1000"),
    ("en", "two hundred and fifty new leads on LinkedIn", "+250"),
    ("en", "from 2,000 to 2,500 followers on LinkedIn", "2000→2500"),
    ("en", "5k followers on TikTok", "5000"),
    ("en", "1.5% more clicks on X", "1.5%"),
    ("en", "increase followers on X by 15%", "15%"),
    ("en", "an engagement rate of 5% on Instagram", "5%"),
    ("en", "20% fewer complaints on Facebook", "-20%"),
]


@pytest.mark.parametrize("lang, sentence, number", NUMBERS)
def test_number_is_read(lang, sentence, number):
    result = smart.check(sentence, lang, today=TODAY)
    assert result.found.number == number
    assert result.measurable.ok == (result.found.metric is not None)


def test_one_and_een_are_not_targets():
    # "een" is the Dutch article and "one" a pronoun: on their own they are not a number
    assert smart.check("Een mooie post op Instagram", "nl", today=TODAY).found.number is None
    assert smart.check("One of our goals: more followers on Instagram", "en", today=TODAY).found.number is None


def test_vague_words_are_named_in_the_reason():
    result = smart.check("Meer volgers op Instagram", "nl", today=TODAY)
    assert result.measurable.reason == t("smart.measurable.vague_word", "nl", word="Meer")


# --------------------------------------------------------------------------------------------------
# Metrics and platforms


@pytest.mark.parametrize("sentence, metric", [
    ("Meer Instagramvolgers", "followers"), ("meer LinkedIn-volgers", "followers"),
    ("meer websitebezoekers", "visitors"), ("more website traffic", "visitors"),
    ("meer nieuwsbriefabonnees", "newsletter_subscribers"), ("more newsletter subscribers", "newsletter_subscribers"),
    ("meer aanmeldingen", "signups"), ("more sign-ups", "signups"), ("meer omzet", "sales"),
    ("more revenue", "sales"), ("meer kliks", "clicks"), ("more link clicks", "clicks"),
    ("meer bereik", "reach"), ("more reach", "reach"), ("meer engagement", "engagement"),
    ("meer leads", "leads"), ("more e-mail addresses", "leads"), ("meer sollicitaties", "applications"),
    ("reach 5000 followers", "followers"),  # "reach" the verb gives way to the real metric
])
def test_metric_is_read(sentence, metric):
    assert smart.check(sentence, today=TODAY).found.metric == metric


@pytest.mark.parametrize("sentence, platforms", [
    ("op Facebook en Instagram", "Facebook, Instagram"), ("on LinkedIn", "LinkedIn"),
    ("op TikTok", "TikTok"), ("on YouTube", "YouTube"), ("op X", "X"), ("on X (Twitter)", "X"),
    ("op Twitter", "X"), ("op Pinterest", "Pinterest"), ("via Snapchat", "Snapchat"),
    ("via WhatsApp", "WhatsApp"), ("op Threads", "Threads"), ("op de Facebook-pagina", "Facebook"),
    ("X% meer volgers", None), ("3X zoveel", None), ("comment threads", None),
])
def test_platform_is_read(sentence, platforms):
    assert smart.check(sentence, today=TODAY).found.platform == platforms


# --------------------------------------------------------------------------------------------------
# Achievable


def test_achievable_warns_about_an_unrealistic_goal():
    result = smart.check("1000% more followers within 2 weeks on Instagram", "en", today=TODAY)
    assert not result.achievable.ok
    ref = result.reference
    assert ref["metric"] == "followers" and result.monthly_growth > ref["high"]
    assert result.achievable.suggestion.startswith("Aim for at most")
    assert "source" in ref and "method" in ref


def test_a_careful_goal_is_achievable_and_called_careful():
    result = smart.check("10% more clicks on LinkedIn by the end of 2027", "en", today=TODAY)
    assert result.achievable.ok and result.monthly_growth < result.reference["low"]
    assert "careful" in result.achievable.reason


def test_achievable_needs_a_relative_target():
    result = smart.check("5000 followers on Instagram by the end of the year", "en", today=TODAY)
    assert not result.achievable.ok
    assert result.achievable.reason == t("smart.achievable.no_baseline", "en", number="5,000")


def test_achievable_uses_the_baseline_when_given():
    result = smart.check("5000 followers on Instagram by the end of the year", "en", today=TODAY, baseline=4000)
    assert result.achievable.ok
    assert result.monthly_growth == pytest.approx(100 * (1.25 ** (1 / result.months) - 1))


@pytest.mark.parametrize("sentence, baseline", [
    ("Binnen 3 maanden 200 extra volgers op Instagram (nu 1.800)", 1800),
    ("Nulmeting: 350 volgers. Doel: 400 volgers op LinkedIn voor 1 september", 350),
    ("We currently have 2,000 followers on LinkedIn and want 2,500 by the end of the year", 2000),
])
def test_baseline_in_the_sentence(sentence, baseline):
    result = smart.check(sentence, today=TODAY, baseline=99999)  # the sentence wins over the form
    assert result.baseline == baseline
    assert result.achievable.ok and result.monthly_growth is not None


def test_achievable_needs_a_duration():
    result = smart.check("10% meer volgers op Instagram", "nl", today=TODAY)
    assert not result.achievable.ok
    assert result.achievable.reason == t("smart.achievable.no_duration", "nl")


def test_achievable_without_a_number():
    result = smart.check("Meer volgers op Instagram voor de zomer", "nl", today=TODAY)
    assert result.achievable.reason == t("smart.achievable.no_target", "nl")


def test_a_decrease_is_compared_by_its_size():
    result = smart.check("De reactietijd op WhatsApp halveren voor het einde van het jaar", "nl", today=TODAY)
    assert result.monthly_growth < 0 and result.achievable.ok
    assert "minder per maand" in result.achievable.reason
    fast = smart.check("De reactietijd op WhatsApp halveren binnen een maand", "nl", today=TODAY)
    assert not fast.achievable.ok


def test_a_platform_row_wins_over_the_general_row(tmp_path, monkeypatch):
    from helpers import data

    for name in ("org_goals", "growth_reference"):
        (tmp_path / f"{name}.csv").write_text((ROOT / "data" / f"{name}.csv").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    with open(tmp_path / "growth_reference.csv", "a", encoding="utf-8") as fh:
        fh.write("followers,TikTok,1,20,Test row,2026,assumption (editable by the trainer)\n")
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    tiktok = smart.check("Het aantal volgers op TikTok verdubbelen binnen zes maanden.", "nl", today=TODAY)
    assert tiktok.reference["platform"] == "TikTok" and tiktok.achievable.ok
    instagram = smart.check("Het aantal volgers op Instagram verdubbelen binnen zes maanden.", "nl", today=TODAY)
    assert instagram.reference["platform"] == "" and not instagram.achievable.ok


def test_broken_reference_data_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    from helpers import data

    (tmp_path / "org_goals.csv").write_text("key,phase\nawareness,see\n", encoding="utf-8")  # no source
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)  # and no growth_reference.csv at all
    result = smart.check(SEED_SMART["nl"], "nl", org_goal="awareness", today=TODAY)
    assert not result.relevant.ok and not result.achievable.ok
    assert "data/" in result.relevant.reason and "data/" in result.achievable.reason
    assert result.specific.ok and result.measurable.ok and result.time_bound.ok


# --------------------------------------------------------------------------------------------------
# Relevant and the organisation goals


@pytest.mark.parametrize("sentence, key", [
    ("20% meer kliks op LinkedIn zodat we meer leads krijgen", "lead_generation"),
    ("20% meer volgers op Instagram om onze naamsbekendheid te vergroten", "awareness"),
    ("Om meer sollicitanten te krijgen willen we 20% meer kliks op LinkedIn", "recruitment"),
    ("20% more leads on LinkedIn to support our sales", "sales"),
    ("20% more comments on Instagram so that we build a community", "engagement"),
    ("20% more clicks on Pinterest to drive traffic to our web shop", "traffic"),
    ("20% more mentions on X, which helps our reputation", "reputation"),
])
def test_link_in_the_sentence(sentence, key):
    result = smart.check(sentence, today=TODAY)
    assert result.relevant.ok and result.org_goal == key


def test_a_purpose_with_a_number_is_the_goal_itself():
    assert smart.check("I want to get 50 leads on LinkedIn by June", "en", today=TODAY).org_goal is None
    linked = smart.check("Increase our Instagram followers by 10% to build brand awareness before June", "en",
                         today=TODAY)
    assert linked.org_goal == "awareness" and linked.found.number == "10%" and linked.found.metric == "followers"


def test_link_clause_does_not_steal_the_metric():
    result = smart.check("Om meer leads te krijgen willen we 20% meer kliks op LinkedIn", "nl", today=TODAY)
    assert result.found.metric == "clicks" and result.found.number == "20%"


def test_the_given_org_goal_wins_over_the_sentence():
    result = smart.check("20% meer kliks op LinkedIn voor eind juni zodat we meer leads krijgen", "nl",
                         org_goal="traffic", today=TODAY)
    assert result.org_goal == "traffic" and result.relevant.ok


def test_unknown_org_goal_is_named():
    result = smart.check(SEED_SMART["en"], "en", org_goal="world peace", today=TODAY)
    assert not result.relevant.ok
    assert result.relevant.reason == t("smart.relevant.unknown_goal", "en", goal="world peace")


def test_metric_that_does_not_fit_the_org_goal_passes_with_a_tip():
    result = smart.check(SEED_SMART["nl"], "nl", org_goal="sales", today=TODAY)
    assert result.relevant.ok
    assert "volgers" in result.relevant.reason and result.relevant.suggestion


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_org_goals_for_the_dropdown(lang):
    from helpers.model import Phase
    import typing

    goals = smart.org_goals(lang)
    keys = [g["key"] for g in goals]
    assert {"awareness", "lead_generation", "sales", "thought_leadership", "reputation", "new_audiences",
            "recruitment", "engagement", "customer_relationship", "traffic", "innovation"} <= set(keys)
    assert len(keys) == len(set(keys))
    for goal in goals:
        assert goal["phase"] in typing.get_args(Phase)
        assert goal["label"] and not goal["label"].startswith("org_goals.")
        assert goal["social_goal"] and not goal["social_goal"].startswith("org_goals.")
        assert goal["kpis"] and all(k and not k.startswith("smart.") for k in goal["kpis"])
        assert set(goal["kpi_keys"]) <= set(smart.METRICS)
        assert goal["source"]
        # a label works as the org_goal argument too, in either language
        assert smart.check(SEED_SMART[lang], lang, org_goal=goal["label"], today=TODAY).org_goal == goal["key"]
    seed = {g["key"]: g for g in smart.org_goals("nl")}
    assert seed["awareness"]["label"] == "Naamsbekendheid"
    assert seed["awareness"]["kpi_keys"] == ["reach", "followers", "engagement"]


# --------------------------------------------------------------------------------------------------
# Reference data and catalogues


@pytest.mark.parametrize("name", ["org_goals", "growth_reference"])
def test_reference_tables_carry_their_provenance(name):
    from helpers import data

    df = data.table(name)
    assert {"source", "year", "method"} <= set(df.columns)
    assert df["source"].notna().all() and df["method"].notna().all()


def test_growth_reference_is_honest_and_complete():
    from helpers import data

    df = data.table("growth_reference")
    assert (df["low"] >= 0).all() and (df["low"] <= df["high"]).all()
    for _, row in df.iterrows():
        if "assumption" in row["method"]:
            assert "editable by the trainer" in row["method"]
        else:
            assert not isinstance(row["year"], type(None)), row["metric"]
    general = set(df[df["platform"].isna()]["metric"])
    assert set(smart.METRICS) | {"*"} <= general


@pytest.mark.parametrize("domain", ["smart", "org_goals"])
def test_catalogues_have_the_same_keys_and_placeholders(domain):
    nl = {k: v for k, v in catalogue("nl").items() if k.startswith(domain + ".")}
    en = {k: v for k, v in catalogue("en").items() if k.startswith(domain + ".")}
    assert nl and set(nl) == set(en)
    for key in nl:
        assert placeholders(nl[key]) == placeholders(en[key]), key
        assert nl[key].strip() and en[key].strip(), key


def test_every_metric_has_a_label():
    for key in smart.METRICS:
        for lang in ("nl", "en"):
            assert f"smart.metric.{key}" in catalogue(lang)


# --------------------------------------------------------------------------------------------------
# Result shape, language, bad input


def test_to_dict_has_exactly_the_agreed_shape():
    result = smart.check(SEED_SMART["en"], "en", org_goal="awareness", today=TODAY)
    d = result.to_dict()
    assert set(d) == {"specific", "measurable", "achievable", "relevant", "time_bound", "found"}
    for name in smart.LETTERS:
        assert set(d[name]) == {"ok", "reason", "suggestion"}
        assert isinstance(d[name]["ok"], bool) and isinstance(d[name]["reason"], str)
        assert isinstance(d[name]["suggestion"], str)
    assert d["found"] == {"number": "10%", "metric": "followers", "platform": "Facebook",
                          "deadline": "2026-12-31"}
    assert json.loads(json.dumps(d)) == d
    assert result.passed == 5


def test_answers_come_in_the_requested_language(monkeypatch):
    nl = smart.check(SEED_VAGUE["en"], "nl", today=TODAY)
    en = smart.check(SEED_VAGUE["en"], "en", today=TODAY)
    assert nl.time_bound.reason == t("smart.time_bound.no_deadline", "nl")
    assert en.time_bound.reason == t("smart.time_bound.no_deadline", "en")
    monkeypatch.setenv("WORKSHOP_LANG", "en")
    assert smart.check(SEED_VAGUE["nl"], today=TODAY).lang == "en"
    monkeypatch.delenv("WORKSHOP_LANG")
    assert smart.check(SEED_VAGUE["nl"], today=TODAY).lang == "nl"  # Dutch is the default


def test_today_defaults_to_the_real_today_and_accepts_a_datetime():
    result = smart.check("10% meer volgers op Instagram binnen 3 maanden")
    assert result.found.deadline > dt.date.today().isoformat()
    moment = dt.datetime(2026, 3, 15, 12, 30)
    assert smart.check("10% meer volgers op Instagram binnen 3 maanden", today=moment).found.deadline == "2026-06-15"


@pytest.mark.parametrize("sentence", [
    None, "", "   ", "\x00\x07", 12345, "%%%", "<script>alert(1)</script> 10% op Facebook",
    "🚀🚀 10% meer volgers 🚀 op Instagram voor Q3", "a" * 50_000, "10 " * 5_000, "van van van naar naar",
    "31-02-2026 10% meer volgers op Instagram", "Q9 10% meer", "binnen 99999999 jaar 10% meer",
    "İİİ ß ﬁ 10% meer volgers op Instagram voor eind juni",
])
def test_hostile_input_gives_a_result(sentence):
    result = smart.check(sentence, "nl", today=TODAY)
    assert set(result.to_dict()) >= set(smart.LETTERS)
    json.dumps(result.to_dict())


def test_empty_sentence_says_so():
    result = smart.check("  ", "en", today=TODAY)
    assert result.passed == 0 and result.empty
    assert all(v.reason == t("smart.empty.reason", "en") for v in result.verdicts().values())
    assert not smart.check("10% more followers", "en", today=TODAY).empty


def test_empty_sentence_shows_a_neutral_prompt_not_five_failures():
    from helpers.ui.goals_form import verdict_html

    shown = verdict_html(smart.check("", "nl", today=TODAY))
    assert "❌" not in shown and "✅" not in shown
    assert html.escape(t("smart.empty.reason", "nl")) in shown
    assert "❌" in verdict_html(smart.check("Meer volgers", "nl", today=TODAY))
    assert t("smart.cli.score", "en", passed=0, total=5) not in smart.report(smart.check("", "en", today=TODAY))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_text_gives_a_well_formed_result(sentence):
    result = smart.check(sentence, "en", today=TODAY)
    d = result.to_dict()
    assert all(isinstance(d[name]["ok"], bool) for name in smart.LETTERS)
    if d["found"]["deadline"] is not None:
        dt.date.fromisoformat(d["found"]["deadline"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["10%", "meer", "volgers", "op", "Instagram", "voor", "juni", "per", "week",
                                 "binnen", "drie", "maanden", "X", "zodat", "leads", "van", "naar", "2.000",
                                 "by", "the", "end", "of", "year", "twice", "a", "double", "Q3", "2027"]),
                max_size=14))
def test_word_salad_never_breaks(words):
    result = smart.check(" ".join(words), "nl", today=TODAY)
    assert 0 <= result.passed <= 5


def test_import_is_light():
    code = "import sys, helpers.smart; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------------------------------
# Command line


def run_cli(*args, stdin=None):
    env = {k: v for k, v in os.environ.items() if k != "WORKSHOP_LANG"}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "helpers", "smart", *args], cwd=ROOT, env=env,
                          input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=60)


SMART_EN = "By 31 December 2099 I will increase the number of fans on the Facebook page by 10%."


def test_cli_json():
    out = run_cli(SMART_EN, "--lang", "en", "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["found"] == {"number": "10%", "metric": "followers", "platform": "Facebook", "deadline": "2099-12-31"}
    assert [d[n]["ok"] for n in smart.LETTERS] == [True, True, True, False, True]
    assert d["relevant"]["reason"] == t("smart.relevant.none", "en")


def test_cli_plain_report():
    out = run_cli(SMART_EN, "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert t("smart.cli.score", "en", passed=4, total=5) in out.stdout
    assert t("smart.letters.time_bound", "en") in out.stdout and "2099-12-31" in out.stdout
    assert t("smart.relevant.suggest_link", "en") in out.stdout


def test_cli_reads_standard_input_one_json_object_per_line():
    lines = [SMART_EN, "", "Post three times a week on Instagram", "Tien procent meer kliks op LinkedIn"]
    out = run_cli("--lang", "en", stdin="\n".join(lines) + "\n")
    assert out.returncode == 0, out.stderr
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(results) == len(lines)
    assert results[0]["found"]["deadline"] == "2099-12-31"
    assert results[1]["specific"]["reason"] == t("smart.empty.reason", "en")
    assert results[2]["time_bound"]["reason"] == t("smart.time_bound.rate_only", "en", rate="three times a week")
    assert results[3]["found"]["number"] == "10%"


# --------------------------------------------------------------------------------------------------
# Numbers read alike in both languages; where a period starts


@pytest.mark.parametrize("text, value", [
    ("1.200", 1200), ("1,200", 1200), ("1,5", 1.5), ("1.5", 1.5), ("1.200,50", 1200.5), ("1,200.50", 1200.5),
    ("12.500", 12500), ("2,5k", 2500), ("12%", 12), ("1 200", 1200), ("-3", -3), ("veel", None), ("", None),
])
def test_read_number_reads_dutch_and_english_alike(text, value):
    assert smart.read_number(text) == value


@pytest.mark.parametrize("nl, en", [("1.200", "1,200"), ("1,5%", "1.5%"), ("12.500", "12,500"), ("1.200,5", "1,200.5")])
def test_a_number_in_a_sentence_is_the_same_in_both_notations(nl, en):
    a = smart.check(f"Naar {nl} volgers op Instagram", "nl", today=TODAY).found.number
    b = smart.check(f"To {en} followers on Instagram", "en", today=TODAY).found.number
    assert a == b and a is not None


@pytest.mark.parametrize("lang, sentence", [
    ("nl", "Vanaf maart 2027 10% meer volgers op Instagram."), ("nl", "Per 1 april 10% meer volgers op Instagram."),
    ("nl", "Met ingang van 1 mei 10% meer volgers op Instagram."), ("en", "From March 2027, 10% more followers on Instagram."),
    ("en", "Starting in June, 10% more followers on Instagram."), ("en", "As of 1 May 10% more followers on Instagram."),
])
def test_a_period_start_is_not_a_deadline(lang, sentence):
    result = smart.check(sentence, lang, today=TODAY)
    assert result.found.deadline is None and not result.time_bound.ok
    assert result.found.number == "10%"  # nor is its year or day the target


def test_an_absolute_target_without_a_metric_gets_a_correct_suggestion():
    for lang in ("nl", "en"):
        result = smart.check("30 op Instagram voor eind mei" if lang == "nl" else "30 on Instagram by the end of May",
                             lang, today=TODAY)
        tip = result.achievable.suggestion
        assert tip == t("smart.achievable.suggest_baseline_no_metric", lang, number="30", example="24")


# --------------------------------------------------------------------------------------------------
# The lexicon files (helpers/smart/lexicon/<lang>.yaml)


def test_lexicon_files_of_both_languages_have_the_same_concepts_and_sections():
    from helpers.smart import lexicon

    nl, en = lexicon.raw("nl"), lexicon.raw("en")
    assert set(nl) == set(en)
    assert list(nl["metrics"]) == list(en["metrics"]) == list(smart.METRICS)
    assert set(nl["seasons"].values()) == set(en["seasons"].values())
    assert set(nl["units"].values()) == set(en["units"].values())
    assert sorted(set(nl["months"].values())) == sorted(set(en["months"].values())) == list(range(1, 13))
    for key in nl["metrics"]:
        for lang in ("nl", "en"):
            spec = lexicon.raw(lang)["metrics"][key]
            assert any(spec.get(part) for part in ("words", "forms", "phrases")), (lang, key)
            assert f"smart.metric.{key}" in catalogue(lang)


def test_a_new_metric_word_is_one_line_per_language_file(tmp_path, monkeypatch):
    """Teaching the check a word: one changed line in nl.yaml and one in en.yaml, no code."""
    from helpers.smart import lexicon

    sentences = {"nl": "Binnen 3 maanden 20% meer clubgenoten via Instagram",
                 "en": "Within 3 months 20% more clubmates via Instagram"}
    for lang in ("nl", "en"):
        assert smart.check(sentences[lang], lang, today=TODAY).found.metric is None
    for lang, word in (("nl", "clubgenoten"), ("en", "clubmates")):
        lines = (lexicon.LEXICON_DIR / f"{lang}.yaml").read_text(encoding="utf-8").splitlines()
        at = lines.index("  members:") + 1
        assert lines[at].startswith("    words: [")
        lines[at] = lines[at].replace("words: [", f"words: [{word}, ")
        (tmp_path / f"{lang}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "LEXICON_DIR", tmp_path)
    lexicon.reload()
    try:
        for lang in ("nl", "en"):
            result = smart.check(sentences[lang], lang, today=TODAY)
            assert result.found.metric == "members" and result.measurable.ok
    finally:
        monkeypatch.undo()
        lexicon.reload()
    assert smart.check(sentences["nl"], "nl", today=TODAY).found.metric is None
