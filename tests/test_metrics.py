"""KPIs with named formulas, benchmarks and the best time to post (helpers/metrics.py and
helpers/metrics_charts.py): every formula on five hand-made posts with the figures worked out by
hand, and the charts checked on the data behind them."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import metrics, metrics_charts
from helpers.charts import to_svg

NA = None


@pytest.fixture
def posts() -> pd.DataFrame:
    """Five posts in the importer's columns. Engagements by hand: the export has no count of its
    own for posts 1-4 (reactions + comments + shares + saves: 6, 14, 1, 26) and says 4 for post 5
    (its parts add up to 3: the export's own count wins). Link clicks: posts 1 and 5 have none,
    so their clicks count (2, 4): link clicks 2, 3, 1, 10, 4."""
    return pd.DataFrame({
        "date": pd.to_datetime(["2027-01-04 09:15", "2027-01-04 09:40", "2027-01-05 19:00",
                                "2027-01-11 09:05", "2027-01-12 20:30"]),  # Mon, Mon, Tue (week 1); Mon, Tue (week 2)
        "platform": ["instagram", "instagram", "facebook", "instagram", "facebook"],
        "reach": [100, 200, 0, 400, 50],
        "impressions": [150, 300, 10, 500, 100],
        "reactions": [5, 10, 1, 20, 2], "comments": [1, 2, 0, 4, 0], "shares": [0, 1, 0, 2, 1],
        "saves": [0, 1, 0, 0, 0],
        "engagements": [NA, NA, NA, NA, 4],
        "followers": [1000, 1000, 500, 1000, 500],
        "clicks": [2, 5, 1, 12, 4], "link_clicks": [NA, 3, 1, 10, NA],
        "spend": [10, 10, 0, 20, 5], "results": [1, 0, 0, 2, 1],
        "response_minutes": [30, NA, 90, 10, NA],
    })


def approx(values):
    return pytest.approx(values, abs=1e-9, nan_ok=True)


NAN = float("nan")

# per post, overall (sum / sum), mean, median, posts with a value, posts without; worked by hand
EXPECTED = {
    # 6/100, 14/200, -, 26/400, 4/50 (reach 0: no rate); overall 51/750
    "engagement_rate_reach": ([6, 7, NAN, 6.5, 8], 51 / 750 * 100, 6.875, 6.75, 4, 1),
    # 6/150, 14/300, 1/10, 26/500, 4/100; overall 51/1060
    "engagement_rate_impressions": ([4, 14 / 3, 10, 5.2, 4], 51 / 1060 * 100, (4 + 14 / 3 + 10 + 5.2 + 4) / 5, 14 / 3, 5, 0),
    # 6/1000, 14/1000, 1/500, 26/1000, 4/500; overall 51/4000
    "engagement_rate_followers": ([0.6, 1.4, 0.2, 2.6, 0.8], 51 / 4000 * 100, 1.12, 0.8, 5, 0),
    # 2/150, 3/300, 1/10, 10/500, 4/100; overall 20/1060
    "click_through_rate": ([4 / 3, 1, 10, 2, 4], 20 / 1060 * 100, (4 / 3 + 1 + 10 + 2 + 4) / 5, 2, 5, 0),
    # 1/2, 0/3, 0/1, 2/10, 1/4; overall 4/20
    "conversion_rate": ([50, 0, 0, 20, 25], 20, 19, 20, 5, 0),
    # 10/1, -, -, 20/2, 5/1; overall 45/4 (the spend on posts without results counts)
    "cost_per_result": ([10, NAN, NAN, 10, 5], 45 / 4, 25 / 3, 10, 3, 2),
    # 10/2, 10/3, 0/1, 20/10, 5/4; overall 45/20
    "cost_per_click": ([5, 10 / 3, 0, 2, 1.25], 2.25, (5 + 10 / 3 + 0 + 2 + 1.25) / 5, 2, 5, 0),
    # 10/6, 10/14, 0/1, 20/26, 5/4; overall 45/51
    "cost_per_engagement": ([10 / 6, 10 / 14, 0, 20 / 26, 1.25], 45 / 51, (10 / 6 + 10 / 14 + 0 + 20 / 26 + 1.25) / 5,
                            20 / 26, 5, 0),
    # 30, -, 90, 10, -: the mean is the overall figure
    "response_time": ([30, NAN, 90, 10, NAN], 130 / 3, 130 / 3, 30, 3, 2),
}


def test_every_kpi_has_a_hand_worked_case():
    assert set(EXPECTED) == set(metrics.FORMULAS)


@pytest.mark.parametrize("kpi", sorted(EXPECTED))
def test_each_formula_by_hand(posts, kpi):
    per_post, overall, mean, median, count, missing = EXPECTED[kpi]
    assert list(metrics.values(posts, kpi)) == approx(per_post)
    fig = metrics.figure(posts, kpi, "en")
    assert (fig.overall, fig.mean, fig.median) == approx((overall, mean, median))
    assert (fig.posts, fig.missing) == (count, missing)


def test_the_formula_is_beside_the_figure_in_both_languages(posts):
    nl = metrics.figure(posts, "engagement_rate_reach", "nl")
    en = metrics.figure(posts, "engagement_rate_reach", "en")
    assert (nl.label, nl.formula) == ("engagementpercentage op bereik", "engagements ÷ bereik × 100%")
    assert (en.label, en.formula) == ("engagement rate by reach", "engagements ÷ reach × 100%")
    assert metrics.figure(posts, "engagement_rate_followers", "en").formula == "engagements ÷ followers × 100%"
    assert metrics.figure(posts, "click_through_rate", "nl").formula == "klikken op links ÷ weergaven × 100%"
    assert set(metrics.ENGAGEMENT_RATES) == {"engagement_rate_reach", "engagement_rate_impressions",
                                             "engagement_rate_followers"}


def test_figures_are_written_as_the_reader_does():
    assert metrics.show(6.875, "engagement_rate_reach", "nl") == "6,88%"
    assert metrics.show(6.875, "engagement_rate_reach", "en") == "6.88%"
    assert metrics.show(11.25, "cost_per_result", "nl") == "11,25"
    assert metrics.show(43.4, "response_time", "en") == "43 minutes"
    assert metrics.show(None, "conversion_rate") == "-"


def test_per_iso_week(posts):
    weekly = metrics.by(posts, "engagement_rate_reach", "week")
    # week 1: posts 1-3, 6 % and 7 % (post 3 reached nobody), (6 + 14 + 1) / 300; week 2: 6.5 % and 8 %, 30 / 450
    assert list(weekly["group"]) == ["2027-W01", "2027-W02"]
    assert list(weekly["posts"]) == [2, 2] and list(weekly["missing"]) == [1, 0]
    assert list(weekly["overall"]) == approx([7.0, 30 / 450 * 100])
    assert list(weekly["median"]) == approx([6.5, 7.25])


def test_iso_weeks_across_new_year():
    # 2027-01-03 is a Sunday in ISO week 53 of 2026; 2027-01-04 starts week 1
    dates = pd.Series(pd.to_datetime(["2026-12-28", "2027-01-03", "2027-01-04", "2027-12-31"]))
    assert list(metrics.iso_week(dates)) == ["2026-W53", "2026-W53", "2027-W01", "2027-W52"]


def test_per_platform_with_its_label(posts):
    table = metrics.by(posts, "engagement_rate_reach", "platform", "en")
    # facebook: post 3 (no reach) and post 5 (4/50); overall (1 + 4) / 50; instagram: 46 / 700
    assert list(table["group"]) == ["Facebook", "Instagram"]
    assert list(table["posts"]) == [1, 3] and list(table["missing"]) == [1, 0]
    assert list(table["overall"]) == approx([10.0, 46 / 700 * 100])
    assert list(table["median"]) == approx([8.0, 6.5])


def test_per_post(posts):
    table = metrics.by(posts, "cost_per_result", "post")
    assert list(table["group"]) == ["2027-01-04 09:15", "2027-01-04 09:40", "2027-01-05 19:00",
                                    "2027-01-11 09:05", "2027-01-12 20:30"]
    assert list(table["median"]) == approx([10, NAN, NAN, 10, 5])
    assert list(table["posts"]) == [1, 0, 0, 1, 1]


def test_data_without_a_figure_is_a_sentence_not_a_zero(posts):
    with pytest.raises(metrics.MetricsProblem, match="This data has no followers, so the engagement rate by followers"):
        metrics.figure(posts.drop(columns=["followers"]), "engagement_rate_followers", "en")
    with pytest.raises(metrics.MetricsProblem, match="Deze gegevens hebben geen reactietijden"):
        metrics.figure(posts.assign(response_minutes=None), "response_time", "nl")
    with pytest.raises(metrics.MetricsProblem, match="niet de KPI|geen KPI"):
        metrics.figure(posts, "likes_per_hour", "nl")
    with pytest.raises(metrics.MetricsProblem, match="per post, per week or per platform"):
        metrics.by(posts, "conversion_rate", "month", "en")
    with pytest.raises(metrics.MetricsProblem, match="no dates"):
        metrics.by(posts.drop(columns=["date"]), "conversion_rate", "week", "en")


def test_times_in_two_time_zones_and_a_repeated_index():
    # winter and summer time in one export (+01:00, +02:00): each post at the hour its clock read
    df = pd.DataFrame({"date": ["2027-01-04T09:00:00+01:00", "2027-07-05T09:30:00+02:00", "not a date"],
                       "reach": [10, 10, 10], "engagements": [1, 2, 3], "platform": ["x", "x", None]}, index=[0, 0, 1])
    assert list(metrics.by(df, "engagement_rate_reach", "week")["group"]) == ["2027-W01", "2027-W27"]
    assert list(metrics.by(df, "engagement_rate_reach", "platform", "en")["posts"]) == [1, 2]
    table = metrics.best_times(df, min_posts=1)
    cells = table[table["posts"] > 0]
    assert cells[["weekday", "hour", "posts"]].values.tolist() == [["mon", 9, 2]]


def test_an_empty_export_has_no_figures():
    fig = metrics.figure(pd.DataFrame(columns=list(metrics.COLUMNS)), "engagement_rate_reach")
    assert (fig.overall, fig.mean, fig.median, fig.posts, fig.missing) == (None, None, None, 0, 0)


# -- benchmarks -----------------------------------------------------------------------------------

def test_benchmarks_match_the_denominator_and_keep_their_source():
    followers = metrics.benchmarks("engagement_rate_followers")
    assert set(followers["denominator"]) == {"followers"}
    assert {s.split(",")[0] for s in followers["source"]} == {"Rival IQ", "Socialinsider"}
    impressions = metrics.benchmarks("engagement_rate_impressions", "linkedin")
    assert impressions[["source", "value", "statistic"]].values.tolist() == [
        ["Buffer, State of Social Media Engagement 2025", 6.5, "median"]]
    assert metrics.benchmarks("engagement_rate_reach").empty  # no source divides by reach
    assert metrics.benchmarks("click_through_rate").empty


@pytest.mark.parametrize("kpi", [None, *metrics.FORMULAS])
def test_a_benchmark_series_never_mixes_two_sources(kpi):
    table = metrics.benchmarks(kpi, lang="en")
    assert table["method"].notna().all() and (table["method"].str.strip() != "").all()
    for _, series in table.groupby("series"):
        assert series["source"].nunique() == 1 and series["denominator"].nunique() == 1
        assert series["platform"].is_unique  # one figure per platform in a series


def test_hootsuite_splits_its_series_by_industry_and_format():
    table = metrics.benchmarks(None, "instagram", "nl")
    hootsuite = table[table["source"].str.startswith("Hootsuite")]
    assert dict(zip(hootsuite["series"].str.split("(").str[-1], hootsuite["value"])) == {
        "onderwijs)": 4.2, "onderwijs, Reels)": 3.1, "media)": 3.0, "media, Reels)": 2.7}


def test_the_figures_are_those_of_the_reference():
    table = metrics.benchmarks()
    rival_2023 = table[table["source"] == "Rival IQ, 2023 Social Media Industry Benchmark Report"]
    assert dict(zip(rival_2023["platform"], rival_2023["value"])) == {
        "tiktok": 5.69, "instagram": 0.47, "facebook": 0.06, "x": 0.035}
    buffer = table[table["source"].str.startswith("Buffer")]
    assert dict(zip(buffer["platform"], buffer["value"])) == {
        "linkedin": 6.5, "facebook": 5.07, "tiktok": 4.86, "youtube": 4.41, "x": 2.31, "instagram": 1.16}


# -- best time to post ----------------------------------------------------------------------------

def test_best_times_median_and_count_per_cell(posts):
    table = metrics.best_times(posts, min_posts=2)
    assert len(table) == 7 * 24
    filled = table[table["posts"] > 0]
    # Monday 9:00: posts 1, 2 and 4 (6, 7, 6.5 %); Tuesday 20:00: post 5 (8 %); Tuesday 19:00: post 3, no reach
    assert filled[["weekday", "hour", "posts", "median", "thin"]].values.tolist() == [
        ["mon", 9, 3, 6.5, False], ["tue", 20, 1, 8.0, True]]
    assert table["median"].isna().sum() == 7 * 24 - 2 and not table[table["posts"] == 0]["thin"].any()


def test_the_threshold_is_named_and_hours_can_be_grouped(posts):
    assert metrics.MIN_POSTS_PER_CELL == 5
    default = metrics.best_times(posts)
    assert default["thin"].sum() == 2  # 3 posts and 1 post: both under 5
    blocks = metrics.best_times(posts, hours=3, min_posts=2)
    assert len(blocks) == 7 * 8
    filled = blocks[blocks["posts"] > 0]
    assert filled[["weekday", "hour", "posts", "median"]].values.tolist() == [["mon", 9, 3, 6.5], ["tue", 18, 1, 8.0]]
    with pytest.raises(metrics.MetricsProblem, match="blocks of 1, 2, 3"):
        metrics.best_times(posts, hours=5, lang="en")


def test_dates_without_times_cannot_tell_an_hour(posts):
    with pytest.raises(metrics.MetricsProblem, match="geen tijdstippen"):
        metrics.best_times(posts.assign(date=posts["date"].dt.normalize()), lang="nl")


def test_the_advice_in_plain_words(posts):
    table = metrics.best_times(posts, min_posts=2)
    assert metrics.best_time_advice(table, lang="nl") == \
        "Tot nu toe het beste: maandag van 09:00 tot 10:00, met een mediaan van 6,5% over 3 berichten."
    assert metrics.best_time_advice(metrics.best_times(posts), lang="en", min_posts=5).startswith(
        "No day and hour has 5 posts or more yet")


def _rows(chart) -> list[dict]:
    """The data behind a chart, from its spec: inline values at the top, in each layer, or in
    ``datasets`` (Altair moves them there when it names them)."""
    spec = chart.to_dict()
    found = [spec.get("data", {}).get("values", [])]
    found += [layer.get("data", {}).get("values", []) for layer in spec.get("layer", [])]
    found += list(spec.get("datasets", {}).values())
    return [row for values in found for row in values]


def test_the_heatmap_draws_every_cell_with_its_count_and_a_warning(posts):
    table = metrics.best_times(posts, min_posts=2)
    chart = metrics_charts.best_time_heatmap(table, lang="en", min_posts=2)
    spec = chart.to_dict()
    rows = _rows(chart)
    assert len(rows) == 7 * 24
    monday = next(r for r in rows if r["weekday"] == "mon" and r["hour"] == "09:00")
    assert (monday["posts"], monday["median"], monday["text"], monday["thin"]) == (3, 6.5, "3", False)
    tuesday = next(r for r in rows if r["weekday"] == "tue" and r["hour"] == "20:00")
    assert (tuesday["posts"], tuesday["text"], tuesday["thin"], tuesday["shown"]) == (1, "1!", True, "8%")
    empty = next(r for r in rows if r["weekday"] == "sun" and r["hour"] == "03:00")
    assert (empty["posts"], empty["median"], empty["text"], empty["shown"]) == (0, None, "", "no posts")
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "text"] and spec["layer"][1]["encoding"]["text"]["field"] == "text"
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "fewer than 2 posts: too few to mean anything" in subtitle
    assert "engagements ÷ reach × 100%" in subtitle
    assert spec["title"]["text"] == "Best time to post"      # short: a long title ran past the chart's edge
    assert subtitle.startswith("Engagement rate by reach, the median per day and hour.")
    assert to_svg(chart).startswith("<svg")


def test_no_warning_when_no_cell_is_thin(posts):
    table = metrics.best_times(posts, min_posts=1)
    subtitle = " ".join(metrics_charts.best_time_heatmap(table, lang="nl", min_posts=1).to_dict()["title"]["subtitle"])
    assert "te weinig" not in subtitle and "Formule: engagements ÷ bereik × 100%" in subtitle


def test_the_weekly_chart_draws_each_benchmark_source_as_its_own_series(posts):
    weekly = metrics.by(posts, "engagement_rate_followers", "week")
    bench = metrics.benchmarks("engagement_rate_followers", "instagram", "en")
    chart = metrics_charts.weekly_with_benchmarks(weekly, "engagement_rate_followers", bench, "en")
    spec = chart.to_dict()
    rules = [r for r in _rows(chart) if "series" in r]
    assert {r["series"]: r["value"] for r in rules} == {
        "Rival IQ, 2023 Social Media Industry Benchmark Report": 0.47,
        "Socialinsider, Social Media Benchmarks 2026 (70M posts)": 0.48}
    rule_layer = spec["layer"][2]
    assert rule_layer["mark"]["type"] == "rule" and rule_layer["encoding"]["color"]["field"] == "series"
    assert len(rule_layer["encoding"]["color"]["scale"]["domain"]) == len(bench["source"].unique())
    bars = [r for r in _rows(chart) if "week" in r]
    # week 1: 0.6, 1.4, 0.2 -> median 0.6; week 2: 2.6, 0.8 -> 1.7
    assert {r["week"]: r["median"] for r in bars} == approx({"2027-W01": 0.6, "2027-W02": 1.7})
    assert "median engagements per post / followers" in " ".join(spec["title"]["subtitle"])
    assert to_svg(chart).startswith("<svg")
