"""Goal progress (helpers/progress.py and metrics_charts.goal_progress): figures measured from six
hand-made export rows and worked out by hand, the line a goal needs on hand-picked dates, the
summary read in Dutch and English, the chart checked on the data behind it, and a property of the
line for any goal."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st
import pandas as pd
import pytest

from helpers import metrics_charts, progress as P
from helpers.charts import to_svg
from helpers.model import Goal

NA = None
D = dt.date


@pytest.fixture
def rows() -> pd.DataFrame:
    """Four Instagram rows and two Facebook rows. With today 31 March 2027 and 28 days, the window
    runs from 4 March (row 2, at 08:00, is in) to 31 March; row 1 (3 March, 23:00) is out.
    Instagram in the window (rows 2-4): reach 400 + 600 + 1000 = 2000; engagements 20 (its own
    count), 25 + 3 + 1 + 1 = 30 (from its parts), 50: 100; link clicks 4, 9 (no link clicks:
    its clicks), 6: 19; results 0 + 2 + 1 = 3; response minutes 30, 60, 90: median 60;
    followers last known 1000 (31 March)."""
    return pd.DataFrame({
        "date": pd.to_datetime(["2027-03-03 23:00", "2027-03-04 08:00", "2027-03-20 12:00", "2027-03-31 18:00",
                                "2027-03-10 09:00", "2027-03-28 10:00"]),
        "platform": ["instagram", "instagram", "Instagram ", "instagram", "facebook", "facebook"],
        "reach": [1500, 400, 600, 1000, 5000, 2000],
        "reactions": [10, NA, 25, NA, NA, NA], "comments": [0, NA, 3, NA, NA, NA],
        "shares": [0, NA, 1, NA, NA, NA], "saves": [0, NA, 1, NA, NA, NA],
        "engagements": [NA, 20, NA, 50, 100, 40],
        "clicks": [5, 7, 9, 10, 20, 3], "link_clicks": [NA, 4, NA, 6, 20, NA],
        "results": [1, 0, 2, 1, 5, 0],
        "followers": [900, 950, NA, 1000, 300, NA],
        "response_minutes": [100, 30, 60, 90, 10, NA],
    })


TODAY = D(2027, 3, 31)


def goal(kpi="reach", platform="instagram", baseline=3000.0, target=5000.0, deadline=D(2027, 7, 1), sentence=""):
    return Goal(sentence=sentence, kpi=kpi, platform=platform, baseline=baseline, target=target, deadline=deadline)


# -- measuring ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("kpi, platform, value, how", [
    ("reach", "instagram", 2000, "progress.how.sum"),
    ("reach", "", 2000 + 5000 + 2000, "progress.how.sum"),          # every platform
    ("reach", "facebook", 7000, "progress.how.sum"),
    ("engagement", "instagram", 100, "progress.how.sum"),            # a count: no "%" in the sentence
    ("clicks", "instagram", 19, "progress.how.sum"),                 # link clicks, else clicks
    ("clicks", "", 19 + 20 + 3, "progress.how.sum"),
    ("conversions", "instagram", 3, "progress.how.sum"),
    ("posts", "instagram", 3, "progress.how.count"),
    ("posts", "", 5, "progress.how.count"),
    ("response_time", "instagram", 60, "progress.how.median"),
    ("response_time", "", 45, "progress.how.median"),                # 30, 60, 90, 10: (30 + 60) / 2
    ("followers", "instagram", 1000, "progress.how.last"),
    ("followers", "", 1000 + 300, "progress.how.last"),              # each platform's last figure, added up
])
def test_each_metric_by_hand(rows, kpi, platform, value, how):
    m = P.measured(rows, goal(kpi, platform), TODAY)
    assert (m.value, m.how) == (pytest.approx(value), how)


def test_the_window_is_the_last_28_days_of_data(rows):
    m = P.measured(rows, goal(), TODAY)
    assert (m.start, m.end, m.posts) == (D(2027, 3, 4), D(2027, 3, 31), 3)
    # the last Instagram row on or before 30 March is 20 March: 21 February to 20 March, rows 1-3
    m = P.measured(rows, goal(), D(2027, 3, 30))
    assert (m.start, m.end, m.posts, m.value) == (D(2027, 2, 21), D(2027, 3, 20), 3, 1500 + 400 + 600)
    # one day: the last row alone; without today: up to the last day of data
    assert P.measured(rows, goal(), TODAY, window_days=1).value == 1000
    assert P.measured(rows, goal(), window_days=1).value == 1000
    # 27 days: 5 March to 31 March, row 2 (4 March) is out
    assert P.measured(rows, goal(), TODAY, window_days=27).value == 1600


def test_followers_is_the_last_known_figure(rows):
    # up to 30 March, Instagram's last figure is 950 (4 March; 20 March has none)
    m = P.measured(rows, goal("followers"), D(2027, 3, 30))
    assert (m.value, m.start, m.end) == (950, D(2027, 3, 4), D(2027, 3, 4))


def test_engagement_as_a_rate_when_the_goal_is_a_percentage(rows):
    rate = goal("engagement", baseline=3, target=6, sentence="Engagement van 3% naar 6% op Instagram")
    m = P.measured(rows, rate, TODAY)
    assert (m.value, m.how) == (pytest.approx(100 / 2000 * 100), "progress.how.rate")   # 5 %
    # over every platform: (100 + 140) / 9000
    assert P.measured(rows, rate.model_copy(update={"platform": ""}), TODAY).value == pytest.approx(240 / 9000 * 100)
    # no "%", or a figure above 100: a count of engagements
    assert P.measured(rows, rate.model_copy(update={"sentence": "Engagement naar 6"}), TODAY).value == 100
    assert P.measured(rows, rate.model_copy(update={"target": 150.0}), TODAY).value == 100
    assert P.is_rate(rate.model_copy(update={"baseline": None}))
    assert not P.is_rate(rate.model_copy(update={"kpi": "reach"}))


@pytest.mark.parametrize("kpi", ["leads", "sales", "visitors", "newsletter_subscribers", "mentions", "unknown", ""])
def test_a_metric_the_export_cannot_tell(rows, kpi):
    m = P.measured(rows, goal(kpi), TODAY)
    assert (m.value, m.how) == (None, "progress.how.not_in_export")


def test_a_column_without_figures_or_a_platform_without_rows(rows):
    m = P.measured(rows.drop(columns=["response_minutes"]), goal("response_time"), TODAY)
    assert (m.value, m.how, m.posts) == (None, "progress.how.no_column", 3)
    empty_reach = rows.assign(reach=pd.array([NA] * 6, dtype="Float64"))
    assert P.measured(empty_reach, goal("reach"), TODAY).how == "progress.how.no_column"
    assert P.measured(empty_reach, goal("engagement", baseline=3, target=6, sentence="5%"), TODAY).value is None
    assert P.measured(rows.assign(followers=NA), goal("followers"), TODAY).how == "progress.how.no_column"
    assert P.measured(rows, goal(platform="tiktok"), TODAY).how == "progress.how.no_rows"
    assert P.measured(rows, goal(), D(2027, 1, 1)).how == "progress.how.no_rows"  # nothing before today


def test_a_window_of_no_days_is_refused_in_plain_words(rows):
    with pytest.raises(P.ProgressProblem, match="minstens 1 dag"):
        P.measured(rows, goal(), TODAY, window_days=0)


def test_weekly_figures_stand_on_full_windows(rows):
    # data from 3 March (a Wednesday): every Sunday's 28 days reach back before it (28 March: from
    # 1 March); the last day, 31 March, counts from 4 March
    table = P.weekly(rows, goal(), window_days=28)
    assert table.to_dict("records") == [{"date": D(2027, 3, 31), "value": 2000.0}]
    # a week: Sundays 14, 21, 28 March and the last day, 31 March (7 March would reach back to
    # 1 March); the weeks to 14 and 28 March had no Instagram posts: 0
    table = P.weekly(rows, goal(), window_days=7)
    assert list(table["date"]) == [D(2027, 3, 14), D(2027, 3, 21), D(2027, 3, 28), D(2027, 3, 31)]
    assert list(table["value"]) == [0.0, 600.0, 0.0, 1000.0]
    # the last known followers is no sum: every week counts
    assert list(P.weekly(rows, goal("followers"))["value"]) == [950.0, 950.0, 950.0, 950.0, 1000.0]


# -- progress ----------------------------------------------------------------------------------------

# 23 March to 1 July 2027 is 100 days; 2 May is day 40: the line is 40 % of the way
START, DEADLINE, DAY40 = D(2027, 3, 23), D(2027, 7, 1), D(2027, 5, 2)


def test_behind_an_up_goal():
    p = P.progress(goal(), 3400, DAY40, START)
    assert p.needed_now == pytest.approx(3800)          # 3000 + 0.4 × 2000
    assert (p.state, p.on_track, p.reached, p.down, p.days_left) == ("behind", False, False, False, 60)
    assert p.gap == pytest.approx(-400)
    assert p.per_week_needed == pytest.approx(1600 / (60 / 7))   # 186.67


def test_ahead_and_exactly_on_the_line():
    p = P.progress(goal(), 3900, DAY40, START)
    assert (p.state, p.on_track, p.gap) == ("on_track", True, pytest.approx(100))
    assert P.progress(goal(), 3800, DAY40, START).state == "on_track"


def test_a_goal_that_goes_down():
    # response time from 120 to 60 minutes: on day 40 the line is at 120 - 0.4 × 60 = 96
    down = goal("response_time", baseline=120, target=60)
    p = P.progress(down, 90, DAY40, START)
    assert (p.down, p.needed_now, p.state, p.gap) == (True, pytest.approx(96), "on_track", pytest.approx(6))
    assert p.per_week_needed == pytest.approx(-30 / (60 / 7))     # -3.5 minutes a week
    p = P.progress(down, 100, DAY40, START)
    assert (p.state, p.gap) == ("behind", pytest.approx(-4))
    assert P.progress(down, 55, DAY40, START).state == "reached"
    # equal baseline and target: a response time is kept at or below it, anything else at or above
    assert P.progress(goal("response_time", baseline=60, target=60), 50, DAY40, START).state == "reached"
    assert P.progress(goal("reach", baseline=60, target=60), 50, DAY40, START).state == "behind"


def test_reached_and_overdue():
    p = P.progress(goal(), 5200, DAY40, START)
    assert (p.state, p.reached, p.per_week_needed) == ("reached", True, None)
    late = D(2027, 7, 10)
    p = P.progress(goal(), 4500, late, START)
    assert (p.state, p.needed_now, p.days_left, p.per_week_needed) == ("overdue", 5000, -9, None)
    assert P.progress(goal(), 5000, late, START).state == "reached"  # reached late is still reached
    # the deadline is today: not overdue yet, and no week left to spread over
    p = P.progress(goal(), 4000, DEADLINE, START)
    assert (p.state, p.days_left, p.per_week_needed, p.needed_now) == ("behind", 0, None, 5000)


def test_before_the_start_the_line_is_the_baseline():
    assert P.progress(goal(), 3000, D(2027, 3, 1), START).needed_now == 3000


@pytest.mark.parametrize("changes, current, state", [
    ({"baseline": None}, 3400, "no_baseline"),
    ({"target": None}, 3400, "no_target"),
    ({"target": None, "baseline": None, "deadline": None}, None, "no_target"),
    ({"deadline": None}, 3400, "no_deadline"),
    ({}, None, "no_figure"),
    ({}, P.Measured(None, "progress.how.not_in_export"), "no_figure"),
])
def test_missing_parts_give_their_state_never_an_error(changes, current, state):
    p = P.progress(goal().model_copy(update=changes), current, DAY40, START)
    assert p.state == state
    assert (p.needed_now, p.on_track, p.gap, p.per_week_needed) == (None, None, None, None)
    assert P.summary(p, goal().model_copy(update=changes), "nl") and P.summary(p, goal(), "en")


def test_a_measured_figure_is_taken_with_how_it_was_measured(rows):
    m = P.measured(rows, goal(), TODAY)
    p = P.progress(goal(), m, TODAY, START)
    assert (p.current, p.measured) == (2000, m)
    # 8 of 100 days: 3000 + 0.08 × 2000 = 3160
    assert (p.state, p.needed_now) == ("behind", pytest.approx(3160))


# -- words -------------------------------------------------------------------------------------------

def test_the_summary_of_a_goal_behind_in_both_languages(rows):
    m = P.Measured(3400.0, "progress.how.sum", D(2027, 4, 5), D(2027, 5, 2), 12, "instagram")
    p = P.progress(goal(), m, DAY40, START)
    assert P.summary(p, goal(), "nl") == (
        "Je staat op 3.400 bereik (opgeteld over de laatste 4 weken op Instagram). Om op 1 juli 2027 op 5.000 te"
        " staan, had je nu 3.800 nodig: je loopt 400 achter. Nodig: 187 per week erbij.")
    assert P.summary(p, goal(), "en") == (
        "You are at 3,400 reach (added up over the last 4 weeks on Instagram). To be at 5,000 on 1 July 2027,"
        " you would need 3,800 now: you are 400 behind. Needed: 187 more per week.")


def test_the_summary_of_each_state_says_the_key_figures():
    down = goal("response_time", baseline=120, target=60)
    nl = P.summary(P.progress(down, 90, DAY40, START), down, "nl")
    assert "96 minuten nodig" in nl and "6 minuten voor" in nl and "4 minuten per week eraf" in nl
    en = P.summary(P.progress(down, 90, DAY40, START), down, "en")
    assert "6 minutes ahead" in en and "4 minutes less per week" in en
    assert "precies op schema" in P.summary(P.progress(goal(), 3800, DAY40, START), goal(), "nl")
    assert "Doel gehaald" in P.summary(P.progress(goal(), 5200, DAY40, START), goal(), "nl")
    assert "Goal reached" in P.summary(P.progress(goal(), 5200, DAY40, START), goal(), "en")
    overdue = P.summary(P.progress(goal(), 4500, D(2027, 7, 10), START), goal(), "nl")
    assert "deadline van 1 juli 2027 is voorbij" in overdue and "nog 500 van je doel (5.000) af" in overdue
    last = P.summary(P.progress(goal(), 4000, DEADLINE, START), goal(), "en")
    assert "1,000 behind" in last and "Today is the deadline" in last
    assert "23 maart 2027" in P.summary(P.progress(goal(baseline=None), 3400, DAY40, START), goal(), "nl")
    assert "no deadline" in P.summary(P.progress(goal(deadline=None), 3400, DAY40, START), goal(), "en")
    assert "streefcijfer" in P.summary(P.progress(goal(target=None), 3400, DAY40, START), goal(), "nl")


def test_a_rate_goal_speaks_in_percentage_points():
    rate = goal("engagement", baseline=3, target=5, sentence="Engagement van 3% naar 5%")
    p = P.progress(rate, 3.5, DAY40, START)   # the line: 3 + 0.4 × 2 = 3.8
    nl = P.summary(p, rate, "nl")
    assert "3,5% engagement" in nl and "op 5% te staan" in nl and "3,8% nodig" in nl and "0,3 procentpunt achter" in nl
    assert "0.3 percentage points behind" in P.summary(p, rate, "en")


def test_a_figure_the_export_lacks_asks_for_it_by_hand(rows):
    leads = goal("leads", baseline=10, target=40)
    p = P.progress(leads, P.measured(rows, leads, TODAY), TODAY, START)
    assert p.state == "no_figure"
    assert P.summary(p, leads, "nl") == ("Hoeveel leads je hebt, staat niet in een export van social media-statistieken."
                                         " Typ het huidige cijfer voor leads zelf in, dan zie je of je op schema ligt.")
    typed = P.progress(leads, P.by_hand(25), DAY40, START)
    assert typed.state == "on_track"   # the line: 10 + 0.4 × 30 = 22
    assert "25 leads (zelf ingevuld)" in P.summary(typed, leads, "nl")


def test_followers_on_every_platform_and_a_window_of_days(rows):
    m = P.measured(rows, goal("followers", platform=""), TODAY)
    text = P.summary(P.progress(goal("followers", platform=""), m, TODAY, START), goal("followers", platform=""), "nl")
    assert "1.300 volgers (laatst bekende stand, van 31 maart 2027, op alle platforms samen)" in text
    m = P.measured(rows, goal(), TODAY, window_days=10)
    assert "last 10 days on Instagram" in P.summary(P.progress(goal(), m, TODAY, START), goal(), "en")


def test_every_state_has_a_label_in_both_languages():
    assert [P.state_label(s, "nl") for s in ("reached", "behind")] == ["gehaald", "achter op schema"]
    assert P.state_label("no_figure", "en") == "no figure yet"


# -- the chart ---------------------------------------------------------------------------------------

def layer_values(chart) -> dict[str, list[dict]]:
    """The rows each part of the chart draws, from the spec (inline values or named datasets)."""
    spec = chart.to_dict()
    out: dict[str, list[dict]] = {}
    for layer in spec["layer"]:
        data = layer.get("data", {})
        values = data["values"] if "values" in data else spec.get("datasets", {}).get(data.get("name"), [])
        for row in values:
            out.setdefault(row["part"], [])
            if row not in out[row["part"]]:
                out[row["part"]].append(row)
    return out


def test_the_chart_draws_the_line_the_target_and_the_figure_now(rows):
    weekly = pd.DataFrame({"date": [D(2027, 4, 18), D(2027, 4, 25)], "value": [3300.0, 3350.0]})
    chart = metrics_charts.goal_progress(P.progress(goal(), 3400, DAY40, START), goal(), weekly, "nl")
    parts = layer_values(chart)
    pairs = {part: [(r["date"], r["value"]) for r in values] for part, values in parts.items()}
    assert pairs["needed"] == [("2027-03-23", 3000), ("2027-07-01", 5000)]
    assert pairs["target"] == [("2027-07-01", 5000)]
    assert pairs["current"] == [("2027-05-02", 3400)]
    assert pairs["weekly"] == [("2027-04-18", 3300), ("2027-04-25", 3350)]
    assert parts["needed"][0]["series"] == "nodig (lijn naar je doel)" and parts["current"][0]["text"] == "3.400"
    spec = chart.to_dict()
    assert spec["title"]["text"] == "Voortgang: bereik"
    assert "je loopt 400 achter." in " ".join(spec["title"]["subtitle"])
    assert "<svg" in to_svg(chart)


def test_the_chart_of_a_goal_without_a_line_still_draws():
    chart = metrics_charts.goal_progress(P.progress(goal(baseline=None), 3400, DAY40, START), goal(baseline=None),
                                         lang="en")
    parts = layer_values(chart)
    assert "needed" not in parts and [r["value"] for r in parts["current"]] == [3400]
    assert chart.to_dict()["title"]["text"] == "Progress: reach"
    empty = metrics_charts.goal_progress(P.progress(goal(target=None), None, DAY40, START), goal(target=None))
    assert layer_values(empty) == {}


# -- a property of the line --------------------------------------------------------------------------

figures = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(baseline=figures, target=figures, start=st.dates(D(2020, 1, 1), D(2040, 1, 1)),
       span=st.integers(1, 2000), offset=st.integers(-100, 2100))
def test_the_line_runs_from_baseline_to_target(baseline, target, start, span, offset):
    g = goal(baseline=baseline, target=target, deadline=start + dt.timedelta(days=span))
    now = P.progress(g, baseline, start + dt.timedelta(days=offset), start).needed_now
    low, high = min(baseline, target), max(baseline, target)
    assert low - 1e-9 * high <= now <= high + 1e-9 * high
    assert P.progress(g, 0, start, start).needed_now == baseline
    assert P.progress(g, 0, g.deadline, start).needed_now == target
