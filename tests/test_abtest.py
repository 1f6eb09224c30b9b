"""A/B tests in plain words (helpers/abtest.py): figures against published and hand-worked values,
properties that must hold for any counts, and the command line in Dutch and English."""
from __future__ import annotations

from dataclasses import replace
import json
import math
import re
import subprocess
import sys

from hypothesis import given, settings, strategies as st
import pytest

from helpers import abtest
from helpers.cli import main

from conftest import ROOT

# standard normal quantiles, as printed in every table: z(0.975) and z(0.80)
Z975 = 1.959963984540054
Z80 = 0.8416212335729143


def phi(x: float) -> float:
    """The standard normal CDF written out with math.erf (independent of statistics.NormalDist)."""
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def reference(ca, na, cb, nb):
    """The textbook formulas, written out again: pooled z-test, unpooled Wald interval."""
    pa, pb = ca / na, cb / nb
    pooled = (ca + cb) / (na + nb)
    z = (pb - pa) / math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    half = Z975 * math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    return z, 2 * (1 - phi(abs(z))), pb - pa - half, pb - pa + half


# -- published and hand-worked values -------------------------------------------------------------

def test_the_worked_example_of_statsmodels():
    # statsmodels, stats.proportion.proportions_ztest, the docstring's example and its test
    # (statsmodels/stats/tests/test_proportion.py, test_default_values, GH 2969):
    # count = [5, 12], nobs = [83, 99] -> stat -1.4078304151258787 (first minus second),
    # p-value 0.15918129181156992 (printed "0.159")
    r = abtest.compare(5, 83, 12, 99)
    assert r.z == pytest.approx(1.4078304151258787, abs=1e-12)  # ours is B minus A
    assert r.p_value == pytest.approx(0.15918129181156992, abs=1e-12)
    assert f"{r.p_value:.3f}" == "0.159"
    assert not r.significant and r.better is None


def test_the_hand_worked_interval():
    # 5/83 = 0.060241, 12/99 = 0.121212; d = 0.060971
    # se = sqrt(0.060241 * 0.939759 / 83 + 0.121212 * 0.878788 / 99) = sqrt(0.00068207 + 0.00107596) = 0.041929
    # d ± 1.96 · se = 0.060971 ± 0.082179 -> (-0.021208, 0.143150)
    r = abtest.compare(5, 83, 12, 99)
    assert r.difference == pytest.approx(0.060971, abs=1e-6)
    assert r.ci_low == pytest.approx(-0.021208, abs=1e-6)
    assert r.ci_high == pytest.approx(0.143150, abs=1e-6)


@pytest.mark.parametrize("counts", [(5, 83, 12, 99), (120, 2400, 165, 2350), (30, 1000, 30, 1000),
                                    (1, 10, 9, 10), (999, 1000, 990, 1000), (7, 50000, 19, 48000)])
def test_every_figure_is_the_textbook_formula(counts):
    z, p, low, high = reference(*counts)
    r = abtest.compare(*counts)
    assert r.rate_a == counts[0] / counts[1] and r.rate_b == counts[2] / counts[3]
    assert r.z == pytest.approx(z, abs=1e-9)
    assert r.p_value == pytest.approx(p, abs=1e-9)
    assert (r.ci_low, r.ci_high) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))


def test_the_sample_size_of_fleiss_levin_paik():
    # Fleiss, Levin & Paik 2003, formula 4.14 without continuity correction, worked by hand for
    # 10 % against 15 %: p̄ = 0.125; 1.96 · sqrt(2 · 0.125 · 0.875) = 0.91671;
    # 0.8416 · sqrt(0.09 + 0.1275) = 0.39251; (1.30922)² / 0.05² = 685.6 -> 686 per variant
    assert abtest.needed_per_variant(0.10, 0.15) == 686
    assert abtest.needed_per_variant(0.15, 0.10) == 686
    assert abtest.plan(0.10, 0.05) == 686
    assert abtest.plan(0.10, -0.05) == abtest.needed_per_variant(0.10, 0.05)


@pytest.mark.parametrize("p1, p2", [(0.02, 0.025), (0.05, 0.06), (0.3, 0.5), (0.5, 0.51), (0.9, 0.8)])
def test_the_sample_size_is_the_formula(p1, p2):
    mean = (p1 + p2) / 2
    n = (Z975 * math.sqrt(2 * mean * (1 - mean)) + Z80 * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p1 - p2) ** 2
    assert abtest.needed_per_variant(p1, p2) == math.ceil(n - 1e-9)


def test_equal_rates_have_no_sample_size_and_say_so():
    r = abtest.compare(30, 1000, 30, 1000)
    assert r.needed_per_variant is None and r.difference == 0 and r.p_value == pytest.approx(1.0)
    assert "precies even goed" in abtest.verdict(r, "nl")
    assert "exactly equally well" in abtest.verdict(r, "en")


def test_nothing_converted_or_everything_converted_is_no_difference():
    for counts in ((0, 100, 0, 80), (50, 50, 80, 80)):
        r = abtest.compare(*counts)
        assert (r.z, r.p_value, r.ci_low, r.ci_high) == (0.0, 1.0, 0.0, 0.0)
        assert r.needed_per_variant is None and r.rough


# -- verdicts -------------------------------------------------------------------------------------

def test_a_clear_winner_is_named_in_both_languages():
    r = abtest.compare(12, 1200, 30, 1180)
    assert r.significant and r.better == "b" and r.p_value < 0.05
    assert abtest.verdict(r, "en").startswith("B does better than A; a difference this large is unlikely to be chance")
    assert abtest.verdict(r, "nl").startswith("B doet het beter dan A")
    flipped = abtest.compare(30, 1180, 12, 1200)
    assert flipped.better == "a" and abtest.verdict(flipped, "en").startswith("A does better than B")


def test_too_few_people_says_keep_testing_and_how_many():
    r = abtest.compare(5, 83, 12, 99)
    text = abtest.verdict(r, "en")
    assert text.startswith("Not enough evidence yet: keep testing.")
    assert f"about {r.needed_per_variant} people per variant" in text and "has 83" in text
    big = abtest.compare(100, 20000, 120, 20000)
    assert not big.significant and big.needed_per_variant > 20000
    assert f"{big.needed_per_variant:,}".replace(",", ".") in abtest.verdict(big, "nl")  # 1.200 in Dutch


def test_a_tiny_difference_is_not_worth_chasing():
    # 10 % vs 10.09 %: 1.75 million per variant to be sure, more than ten times the 40,000 there are
    r = abtest.compare(4000, 40000, 4036, 40000)
    assert not r.significant and r.needed_per_variant > abtest.TINY_FACTOR * 40000
    assert abtest.verdict(r, "en").startswith("A and B do about equally well: the difference is so small")
    assert "1.751.168" in abtest.verdict(r, "nl")


def test_no_clear_difference_at_the_needed_size():
    # a non-significant result with as many people as needed is almost a contradiction (the needed
    # size follows from the difference seen); the verdict still has words for it
    r = replace(abtest.compare(5, 83, 12, 99), needed_per_variant=80)
    assert abtest.verdict(r, "en").startswith("No clear difference")
    assert abtest.verdict(r, "nl").startswith("Geen duidelijk verschil")


def test_few_conversions_carry_a_caution():
    r = abtest.compare(1, 40, 4, 40)
    assert r.rough and "rough" in abtest.summary(r, "en") and "ruw" in abtest.summary(r, "nl")
    assert not abtest.compare(50, 1000, 70, 1000).rough


def test_the_summary_writes_numbers_as_the_reader_does():
    r = abtest.compare(12, 1200, 30, 1180)
    nl, en = abtest.summary(r, "nl"), abtest.summary(r, "en")
    assert "Variant A: 1% (12 van 1.200)" in nl and "Variant B: 2,54% (30 van 1.180)" in nl
    assert "Variant A: 1% (12 of 1,200)" in en and "2.54%" in en
    assert "0,004" in nl and "0.004" in en


# -- input in plain words -------------------------------------------------------------------------

@pytest.mark.parametrize("counts, nl, en", [
    ((13, 12, 1, 10), "Variant A heeft meer conversies (13) dan mensen die hem zagen (12)",
     "Variant A has more conversions (13) than people who saw it (12)"),
    ((1, 10, 5, 0), "Variant B is nog aan niemand getoond", "Variant B was shown to nobody yet"),
    ((-1, 10, 5, 10), "onder nul", "below zero"),
    ((1.5, 10, 5, 10), "geen heel aantal", "not a whole number"),
    ((True, 10, 5, 10), "geen heel aantal", "not a whole number"),
    ((1, 10, 5, 10**13), "veel te groot", "far too large"),
])
def test_bad_counts_are_one_sentence(counts, nl, en):
    with pytest.raises(abtest.AbTestProblem, match=re.escape(nl)):
        abtest.compare(*counts, lang="nl")
    with pytest.raises(abtest.AbTestProblem, match=re.escape(en)):
        abtest.compare(*counts, lang="en")


@pytest.mark.parametrize("baseline, difference", [(0, 0.01), (1, 0.01), (0.05, 0), (0.98, 0.05), (0.01, -0.02),
                                                  (float("nan"), 0.01), (0.05, float("inf"))])
def test_a_plan_that_cannot_be_is_refused(baseline, difference):
    with pytest.raises(abtest.AbTestProblem):
        abtest.plan(baseline, difference, "en")


@pytest.mark.parametrize("text, lang, value", [("1.200", "nl", 1200), ("1200", "nl", 1200), ("1 200", "nl", 1200),
                                               ("1,200", "en", 1200), ("1200", "en", 1200), ("0", "en", 0),
                                               ("12.000.000", "nl", 12_000_000)])
def test_counts_as_people_type_them(text, lang, value):
    assert abtest.parse_count(text, lang) == value


@pytest.mark.parametrize("text, lang", [("1,5", "nl"), ("1.5", "en"), ("1.20", "nl"), ("veel", "nl"), ("", "en"),
                                        ("NaN", "en"), ("-4", "nl"), ("1.200", "en"), ("1e9999", "en")])
def test_what_is_no_count_is_refused(text, lang):
    with pytest.raises(abtest.AbTestProblem):
        abtest.parse_count(text, lang)


def test_percentages_as_people_type_them():
    assert abtest.parse_percent("2,5", "nl") == pytest.approx(0.025)
    assert abtest.parse_percent("2,5%", "nl") == pytest.approx(0.025)
    assert abtest.parse_percent("2.5 %", "en") == pytest.approx(0.025)


# -- properties -----------------------------------------------------------------------------------

@st.composite
def ab_counts(draw):
    na = draw(st.integers(1, 10**6))
    nb = draw(st.integers(1, 10**6))
    return draw(st.integers(0, na)), na, draw(st.integers(0, nb)), nb


@settings(max_examples=300, deadline=None)
@given(ab_counts())
def test_properties_of_any_test(counts):
    ca, na, cb, nb = counts
    r = abtest.compare(*counts)
    assert 0 <= r.p_value <= 1
    assert r.ci_low <= r.difference <= r.ci_high
    assert r.difference == pytest.approx(r.rate_b - r.rate_a)
    swapped = abtest.compare(cb, nb, ca, na)  # symmetry: swapping A and B mirrors every figure
    assert swapped.p_value == pytest.approx(r.p_value, abs=1e-12)
    assert swapped.difference == pytest.approx(-r.difference, abs=1e-15)
    assert (swapped.ci_low, swapped.ci_high) == (pytest.approx(-r.ci_high, abs=1e-12), pytest.approx(-r.ci_low, abs=1e-12))
    assert swapped.needed_per_variant == r.needed_per_variant
    assert r.significant == swapped.significant and {r.better, swapped.better} in ({None}, {"a", "b"})
    assert r.significant == (r.p_value < 0.05 and r.difference != 0)
    json.dumps(r.to_dict())  # plain JSON


@settings(max_examples=300, deadline=None)
@given(st.floats(0.001, 0.9), st.floats(0.0005, 0.05), st.floats(0.001, 0.05))
def test_a_larger_difference_needs_fewer_people(baseline, small, extra):
    large = small + extra
    if baseline + large >= 1:
        return
    assert abtest.plan(baseline, large) <= abtest.plan(baseline, small)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5000), st.integers(1, 5000))
def test_more_people_with_the_same_rates_means_a_smaller_p_value(conversions, extra):
    n = conversions + extra
    one = abtest.compare(conversions, n, conversions + 1, n + 1)
    ten = abtest.compare(10 * conversions, 10 * n, 10 * (conversions + 1), 10 * (n + 1))
    assert ten.p_value <= one.p_value + 1e-12


# -- the command line -----------------------------------------------------------------------------

KEYS = {"rate_a", "rate_b", "difference", "ci_low", "ci_high", "p_value", "needed_per_variant"}


def test_the_json_has_the_figures_of_the_issue(capsys):
    assert main(["abtest", "5", "83", "12", "99", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert KEYS <= set(out)
    assert out["rate_a"] == pytest.approx(5 / 83) and out["rate_b"] == pytest.approx(12 / 99)
    assert out["p_value"] == pytest.approx(0.15918129181156992)
    assert isinstance(out["needed_per_variant"], int) and out["ci_low"] < out["difference"] < out["ci_high"]
    assert out["verdict"].startswith("Nog niet genoeg bewijs")
    assert main(["abtest", "30", "1000", "30", "1000", "--json", "--lang", "en"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["needed_per_variant"] is None and out["verdict"].startswith("A and B did exactly")


def test_dutch_thousands_are_read_in_dutch_only(capsys):
    assert main(["abtest", "12", "1.200", "30", "1.180", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["n_a"], out["n_b"]) == (1200, 1180)
    assert main(["abtest", "12", "1,200", "30", "1,180", "--json", "--lang", "en"]) == 0
    assert json.loads(capsys.readouterr().out)["n_a"] == 1200
    assert main(["abtest", "12", "1.200", "30", "1.180", "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == ("1.200 is not a whole number; type a number of people or "
                                               "conversions, such as 1,200.")


def test_the_plain_summary(capsys, monkeypatch):
    monkeypatch.setenv("WORKSHOP_LANG", "en")
    assert main(["abtest", "12", "1200", "30", "1180"]) == 0
    out = capsys.readouterr().out
    assert "Variant A: 1% (12 of 1,200)" in out and "B does better than A" in out


@pytest.mark.parametrize("argv, nl, en", [
    (["13", "12", "1", "10"], "Variant A heeft meer conversies (13) dan mensen die hem zagen (12); controleer beide getallen.",
     "Variant A has more conversions (13) than people who saw it (12); check both numbers."),
    (["1", "0", "1", "2"], "Variant A is nog aan niemand getoond: typ hoeveel mensen hem zagen.",
     "Variant A was shown to nobody yet: type how many people saw it."),
    (["veel", "10", "1", "10"], "veel is geen getal; typ het bijvoorbeeld als 1.200 of 2,5.",
     "veel is not a number; type it as, for example, 1,200 or 2.5."),
    (["", "10", "1", "10"], "Er ontbreekt een getal; typ een aantal mensen of conversies, zoals 1.200.",
     "A number is missing; type a number of people or conversions, such as 1,200."),
    (["-1", "10", "1", "10"], "-1 is kleiner dan nul; een aantal mensen kan dat niet zijn.",
     "-1 is below zero; a count of people cannot be."),
])
def test_errors_are_one_sentence_in_the_language_and_exit_code_2(capsys, argv, nl, en):
    assert main(["abtest", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == nl and captured.out == ""
    assert main(["abtest", *argv, "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == en


def test_a_missing_count_is_argparse_in_plain_words(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["abtest", "1", "2", "3"])
    assert exit_.value.code == 2
    assert "B_N" in capsys.readouterr().err


def test_the_plan_command(capsys):
    assert main(["abtest-plan", "10", "5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["needed_per_variant"] == 686
    assert main(["abtest-plan", "2,5", "0,5"]) == 0
    assert "16.792 mensen per variant" in capsys.readouterr().out
    assert main(["abtest-plan", "99", "5", "--lang", "en"]) == 2
    assert "between 0 and 100%" in capsys.readouterr().err


def test_no_traceback_from_a_real_process():
    out = subprocess.run([sys.executable, "-m", "helpers", "abtest", "1", "x", "3", "4", "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip() == "x is geen getal; typ het bijvoorbeeld als 1.200 of 2,5."


@pytest.mark.parametrize("command", ["abtest", "abtest-plan"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_help_of_both_commands(monkeypatch, capsys, command, lang):
    monkeypatch.setenv("WORKSHOP_LANG", lang)
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the lines
    assert ("1.200 in het Nederlands" if lang == "nl" else "1,200 in English") in out
