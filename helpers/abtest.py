"""A/B tests in plain words: pure functions, no files, no widgets.

Two variants, each with its conversions (people who did what the test counts: clicked, signed up,
bought) out of the people who saw it. :func:`compare` gives:

- both rates, ``conversions / n``, as fractions (0.034 is 3.4 %);
- the difference ``rate_b - rate_a`` with its 95 % confidence interval: the *unpooled* Wald
  interval, ``d ± z(0.975) · sqrt(pa(1 - pa)/na + pb(1 - pb)/nb)``;
- the p-value of the two-sided *pooled* two-proportion z-test: ``p = (ca + cb)/(na + nb)``,
  ``z = d / sqrt(p(1 - p)(1/na + 1/nb))``, ``p-value = 2 · (1 - Φ(|z|))`` (Agresti, *Categorical
  Data Analysis*, 3rd ed., 2013, section 3.1; the same test as statsmodels' ``proportions_ztest``);
- the number of people each variant needs to detect the difference seen (see
  :func:`needed_per_variant`), and a verdict a marketer understands (catalogue ``abtest``).

:func:`plan` asks the question the other way round: with this baseline rate, how many people does
each variant need to detect a difference of at least this much?

The normal distribution is the standard library's :class:`statistics.NormalDist`. The normal
approximation is rough when a variant has fewer than :data:`ROUGH_BELOW` conversions or
non-conversions; the result says so (``rough``). Bad input raises :class:`AbTestProblem`, a
``ValueError`` whose ``str()`` is one plain sentence in the user's language.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
import math
from statistics import NormalDist

from babel.numbers import NumberFormatError, parse_decimal

from .i18n import current_language, t
from .render import locale, number

#: two-sided significance level and power of every test and sample size here
ALPHA = 0.05
POWER = 0.80
#: the confidence of the interval around the difference
CONFIDENCE = 0.95
#: fewer conversions (or non-conversions) than this in a variant: the normal approximation is rough
ROUGH_BELOW = 5
#: a difference that needs more than this many times the people a variant has is too small to chase
TINY_FACTOR = 10
#: the largest count the command line and the forms accept (a typing slip, not a real test)
MAX_COUNT = 10**12

_NORMAL = NormalDist()


class AbTestProblem(ValueError):
    """Input that is not an A/B test; ``str()`` is the plain sentence to show."""


@dataclass(frozen=True)
class Result:
    """One A/B test's figures. Rates and the difference are fractions (0.05 is 5 %)."""

    conversions_a: int
    n_a: int
    conversions_b: int
    n_b: int
    rate_a: float
    rate_b: float
    difference: float
    ci_low: float
    ci_high: float
    #: the pooled z statistic of ``rate_b - rate_a`` (positive when B does better)
    z: float
    p_value: float
    #: people each variant needs to detect ``difference`` (``None``: the rates are equal)
    needed_per_variant: int | None
    significant: bool
    #: ``"a"`` or ``"b"`` when the difference is unlikely to be chance, else ``None``
    better: str | None
    #: few conversions or non-conversions: the normal approximation is rough
    rough: bool

    def to_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------------------------------
# Checks

def _check(conversions: object, n: object, variant: str, lang: str | None = None) -> tuple[int, int]:
    """``(conversions, n)`` as whole numbers, or :class:`AbTestProblem` in plain words."""
    for value in (conversions, n):
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) \
                or not math.isfinite(value) or value != int(value):
            raise AbTestProblem(t("abtest.problem.not_whole", lang, variant=variant, value=value))
    conversions, n = int(conversions), int(n)
    if conversions < 0 or n < 0:
        raise AbTestProblem(t("abtest.problem.negative", lang, variant=variant))
    if n == 0:
        raise AbTestProblem(t("abtest.problem.no_people", lang, variant=variant))
    if conversions > n:
        raise AbTestProblem(t("abtest.problem.more_than_people", lang, variant=variant,
                              conversions=number(conversions, lang), people=number(n, lang)))
    if n > MAX_COUNT:
        raise AbTestProblem(t("abtest.problem.too_large", lang, value=number(n, lang)))
    return conversions, n


def _check_rate(value: object, what: str, lang: str | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or not math.isfinite(value) \
            or not 0 < value < 1:
        raise AbTestProblem(t("abtest.problem.rate", lang, what=what))
    return float(value)


# --------------------------------------------------------------------------------------------------
# Figures

def z_quantile(p: float) -> float:
    """The standard normal quantile: ``z_quantile(0.975)`` is 1.959964."""
    return _NORMAL.inv_cdf(p)


def pooled_z_test(conversions_a: int, n_a: int, conversions_b: int, n_b: int) -> tuple[float, float]:
    """``(z, two-sided p-value)`` of the pooled two-proportion z-test (see the module). Equal
    rates of 0 or 1 in both variants leave nothing to test: ``(0.0, 1.0)``."""
    pooled = (conversions_a + conversions_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if se == 0:
        return 0.0, 1.0
    z = (conversions_b / n_b - conversions_a / n_a) / se
    return z, min(1.0, 2 * (1 - _NORMAL.cdf(abs(z))))


def wald_interval(conversions_a: int, n_a: int, conversions_b: int, n_b: int,
                  confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The unpooled Wald interval around ``rate_b - rate_a`` (see the module)."""
    pa, pb = conversions_a / n_a, conversions_b / n_b
    half = z_quantile(1 - (1 - confidence) / 2) * math.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    return pb - pa - half, pb - pa + half


def needed_per_variant(rate_a: float, rate_b: float, alpha: float = ALPHA, power: float = POWER) -> int | None:
    """People each variant needs for a two-sided test at ``alpha`` to find the difference between
    ``rate_a`` and ``rate_b`` with probability ``power`` (equal groups, no continuity correction):

        n = (z(1-α/2) · sqrt(2 p̄ (1 - p̄)) + z(power) · sqrt(pa(1 - pa) + pb(1 - pb)))² / (pa - pb)²

    with ``p̄ = (pa + pb)/2``, rounded up (Fleiss, Levin & Paik, *Statistical Methods for Rates and
    Proportions*, 3rd ed., 2003, formula 4.14 without the continuity correction). 10 % against 15 %
    needs 686 per variant. Equal rates can never be told apart: ``None``.
    """
    if rate_a == rate_b:
        return None
    mean = (rate_a + rate_b) / 2
    top = (z_quantile(1 - alpha / 2) * math.sqrt(2 * mean * (1 - mean))
           + z_quantile(power) * math.sqrt(rate_a * (1 - rate_a) + rate_b * (1 - rate_b)))
    return max(1, math.ceil(round(top**2 / (rate_a - rate_b) ** 2, 9)))


def compare(conversions_a: object, n_a: object, conversions_b: object, n_b: object,
            lang: str | None = None) -> Result:
    """The figures of an A/B test (see the module); bad input raises :class:`AbTestProblem`."""
    ca, na = _check(conversions_a, n_a, "A", lang)
    cb, nb = _check(conversions_b, n_b, "B", lang)
    rate_a, rate_b = ca / na, cb / nb
    z, p_value = pooled_z_test(ca, na, cb, nb)
    low, high = wald_interval(ca, na, cb, nb)
    significant = p_value < ALPHA and rate_a != rate_b
    rough = min(ca, na - ca, cb, nb - cb) < ROUGH_BELOW
    return Result(ca, na, cb, nb, rate_a, rate_b, rate_b - rate_a, low, high, z, p_value,
                  needed_per_variant(rate_a, rate_b), significant,
                  ("b" if rate_b > rate_a else "a") if significant else None, rough)


def plan(baseline: float, difference: float, lang: str | None = None) -> int:
    """People each variant needs to detect ``difference`` (absolute: 0.01 is one percentage point,
    either way) from a ``baseline`` rate (0.05 is 5 %); the formula of :func:`needed_per_variant`."""
    baseline = _check_rate(baseline, t("abtest.what.baseline", lang), lang)
    if isinstance(difference, bool) or not isinstance(difference, (int, float, Decimal)) \
            or not math.isfinite(difference) or difference == 0:
        raise AbTestProblem(t("abtest.problem.no_difference", lang))
    target = baseline + float(difference)
    if not 0 < target < 1:
        raise AbTestProblem(t("abtest.problem.target_outside", lang, target=number(target * 100, lang)))
    return needed_per_variant(baseline, target)  # type: ignore[return-value]  (never equal here)


# --------------------------------------------------------------------------------------------------
# Words

def percent(value: float, lang: str | None = None, digits: int = 2) -> str:
    """A fraction as a percentage the reader writes: 0.0345 -> "3,45%" (nl), "3.45%" (en)."""
    return number(value * 100, lang, digits) + "%"


def _p(value: float, lang: str | None) -> str:
    return "< " + number(0.001, lang, 3) if value < 0.001 else number(value, lang, 3)


def verdict(result: Result, lang: str | None = None) -> str:
    """One or two sentences a marketer understands: a winner (p < :data:`ALPHA`); equal rates;
    a difference so small that it needs more than :data:`TINY_FACTOR` times the people there are
    (about equal: test something else); keep testing, with the people needed per variant; or,
    rarely (a non-significant result at the needed size is almost a contradiction), no clear
    difference."""
    if result.significant:
        key = "abtest.verdict.b_better" if result.better == "b" else "abtest.verdict.a_better"
        return t(key, lang, p=_p(result.p_value, lang))
    if result.needed_per_variant is None:
        return t("abtest.verdict.equal", lang)
    have = min(result.n_a, result.n_b)
    if result.needed_per_variant > TINY_FACTOR * have:
        return t("abtest.verdict.tiny", lang, needed=number(result.needed_per_variant, lang))
    if result.needed_per_variant > have:
        return t("abtest.verdict.keep_testing", lang, needed=number(result.needed_per_variant, lang),
                 have=number(have, lang))
    return t("abtest.verdict.no_difference", lang)


def summary(result: Result, lang: str | None = None) -> str:
    """The plain report: rates, difference and interval, p-value, the verdict (and a caution)."""
    lines = [
        t("abtest.summary.rate", lang, variant="A", rate=percent(result.rate_a, lang),
          conversions=number(result.conversions_a, lang), people=number(result.n_a, lang)),
        t("abtest.summary.rate", lang, variant="B", rate=percent(result.rate_b, lang),
          conversions=number(result.conversions_b, lang), people=number(result.n_b, lang)),
        t("abtest.summary.difference", lang, difference=number(result.difference * 100, lang),
          low=number(result.ci_low * 100, lang), high=number(result.ci_high * 100, lang)),
        t("abtest.summary.p_value", lang, p=_p(result.p_value, lang)),
        "",
        verdict(result, lang),
    ]
    if result.rough:
        lines.append(t("abtest.summary.rough", lang, few=ROUGH_BELOW))
    return "\n".join(lines)


def plan_summary(baseline: float, difference: float, lang: str | None = None) -> str:
    needed = plan(baseline, difference, lang)
    return t("abtest.plan.summary", lang, baseline=percent(baseline, lang),
             target=percent(baseline + difference, lang), needed=number(needed, lang),
             total=number(2 * needed, lang))


# --------------------------------------------------------------------------------------------------
# Numbers as people type them

def parse_count(text: str, lang: str | None = None) -> int:
    """A whole number as typed in the reader's language: "1.200" and "1200" are 1200 in Dutch,
    "1,200" and "1200" in English; "1,5" or "veel" raise :class:`AbTestProblem`."""
    value = _parse(text, lang)
    if value != value.to_integral_value():
        raise AbTestProblem(t("abtest.problem.typed_not_whole", lang, value=_shown(text)))
    if value < 0:
        raise AbTestProblem(t("abtest.problem.negative_value", lang, value=_shown(text)))
    if value > MAX_COUNT:
        raise AbTestProblem(t("abtest.problem.too_large", lang, value=_shown(text)))
    return int(value)


def parse_percent(text: str, lang: str | None = None) -> float:
    """A percentage as typed: "2,5" or "2,5%" (nl), "2.5" or "2.5%" (en) -> 0.025."""
    value = _parse(str(text).strip().removesuffix("%"), lang)
    return float(value) / 100


def _parse(text: str, lang: str | None) -> Decimal:
    cleaned = str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    lang = current_language(lang)
    if not cleaned:
        raise AbTestProblem(t("abtest.problem.empty", lang))
    try:
        # strict: a grouping mark in the wrong place ("1.20" in Dutch) is refused, not guessed
        value = parse_decimal(cleaned, locale=locale(lang), strict=True)
    except (NumberFormatError, ValueError, ArithmeticError):
        raise AbTestProblem(t("abtest.problem.not_a_number", lang, value=_shown(text))) from None
    if not value.is_finite():
        raise AbTestProblem(t("abtest.problem.not_a_number", lang, value=_shown(text)))
    return value


def _shown(text: object, limit: int = 40) -> str:
    text = "".join(c if c.isprintable() else "?" for c in str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"
