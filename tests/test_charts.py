"""Charts: assertions on the Vega-Lite spec (chart.to_dict()), and every chart draws offline as SVG."""
from __future__ import annotations

import datetime as dt
import functools

import altair as alt
import pandas as pd
import pytest

from helpers import channels, charts, content, model


def doc_with(**changes):
    return model.apply_changes(model.new_document("Team Test"), changes)


def layer(dct: dict, mark: str) -> dict:
    """The (first) layer of ``dct`` drawn with ``mark``; ``dct`` itself for a single chart."""
    for part in dct.get("layer", [dct]):
        kind = part["mark"]["type"] if isinstance(part["mark"], dict) else part["mark"]
        if kind == mark:
            return part
    raise AssertionError(f"no {mark} layer")


def values(dct: dict, part: dict | None = None) -> list[dict]:
    data = (part or {}).get("data") or dct["data"]
    if "values" in data:
        return data["values"]
    return dct["datasets"][data["name"]]


def subtitle(dct: dict) -> str:
    sub = dct["title"].get("subtitle", [])
    return " ".join(sub) if isinstance(sub, list) else sub


STRATEGY = {
    "audience.age_min": 15, "audience.age_max": 24,
    "channels.chosen": ["instagram", "tiktok"],
    "content.posts_per_week": {"instagram": 3, "tiktok": 2},
    "content.days": {"instagram": ["mon", "wed", "fri"], "tiktok": ["sat"]},
    "content.times": {"instagram": ["09:00"], "tiktok": ["18:00", "20:00"]},
}
ENTRIES = pd.DataFrame([
    {"date": dt.date(2025, 3, 3), "time": "09:00", "channel": "instagram", "theme": "Tips", "layer": "help",
     "owner": "Ann", "title": "How to"},
    {"date": "2025-03-05", "time": "12:00", "channel": "linkedin", "theme": "Team", "layer": "hub",
     "owner": "Bo", "title": "Meet Bo"},
    {"date": dt.date(2025, 3, 14), "time": "18:00", "channel": "tiktok", "theme": "Launch", "layer": "",
     "owner": "", "title": "<script>x</script>"},
])


@functools.lru_cache(maxsize=None)
def all_charts(lang):
    """Every chart, in several states, built once per language for the tests below."""
    doc = doc_with(**STRATEGY)
    empty = model.new_document("Empty")
    return {
        "platform_users": charts.platform_users(channels.platforms(), lang),
        "platform_users_all": charts.platform_users(channels.platforms("all"), lang),
        "channel_scores": charts.channel_scores(channels.score(doc), doc.channels.chosen, lang),
        "channel_scores_none": charts.channel_scores(channels.score(empty), None, lang),
        "hhh_mix": charts.hhh_mix(10, 30, 60, lang),
        "hhh_mix_wrong": charts.hhh_mix(10, 30, 50, lang),
        "content_plan": charts.content_plan(content.plan(doc), lang),
        "content_plan_empty": charts.content_plan(content.plan(empty), lang),
        "calendar": charts.calendar(ENTRIES, lang),
        "calendar_empty": charts.calendar(pd.DataFrame(columns=list(ENTRIES.columns)), lang),
        "mood": charts.mood_distribution([1, 3, 3, 5], lang),
        "mood_empty": charts.mood_distribution([], lang),
    }


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_chart_draws_offline_as_svg(lang):
    for name, chart in all_charts(lang).items():
        assert isinstance(chart, alt.TopLevelMixin), name
        svg = charts.to_svg(chart)
        assert svg.lstrip().startswith("<svg") and svg.rstrip().endswith("</svg>"), name
        assert "http://" not in svg.replace("http://www.w3.org", "") and "https://" not in svg, name


def test_chart_titles_follow_the_language():
    nl, en = all_charts("nl"), all_charts("en")
    for name in nl:
        assert nl[name].to_dict()["title"]["text"] != en[name].to_dict()["title"]["text"], name


# -- platform users ----------------------------------------------------------------------------------

def test_platform_users_spec_names_source_and_edition():
    dct = charts.platform_users(channels.platforms(2025), "en").to_dict()
    bar = layer(dct, "bar")
    assert bar["encoding"]["x"] == {"field": "users", "type": "quantitative", "title": "Users (millions)"}
    assert bar["encoding"]["y"]["field"] == "label" and bar["encoding"]["y"]["sort"][0] == "WhatsApp"
    rows = {r["platform"]: r for r in values(dct)}
    assert rows["whatsapp"]["users"] == 13.5 and rows["facebook"]["derived"] is True
    assert rows["facebook"]["text"] == "≈9.9" and rows["youtube"]["text"] == "10.2"
    assert "Newcom" in subtitle(dct) and "2025" in subtitle(dct) and "derived" in subtitle(dct)
    assert "2025" in dct["title"]["text"]
    assert layer(dct, "text")["encoding"]["text"]["field"] == "text"


def test_platform_users_dutch_numbers():
    dct = charts.platform_users(channels.platforms(2024), "nl").to_dict()
    assert {r["platform"]: r["text"] for r in values(dct)}["facebook"] == "10,1"
    assert "afgeleid" not in subtitle(dct)  # the 2024 edition has no derived figures


def test_platform_users_keeps_editions_apart():
    dct = charts.platform_users(channels.platforms("all"), "en").to_dict()
    bar = layer(dct, "bar")
    assert bar["encoding"]["color"]["field"] == "edition"
    assert bar["encoding"]["yOffset"]["field"] == "edition"
    assert "2024 edition" in subtitle(dct) and "2025 edition" in subtitle(dct)
    assert len(values(dct)) == len(channels.platforms("all"))


# -- channel scores ----------------------------------------------------------------------------------

def test_channel_scores_parts_add_up_to_the_total():
    doc = doc_with(**STRATEGY)
    score = channels.score(doc)
    dct = charts.channel_scores(score, ["instagram"], "en").to_dict()
    bar = layer(dct, "bar")
    assert bar["encoding"]["x"]["field"] == "points" and bar["encoding"]["x"]["stack"] == "zero"
    assert bar["encoding"]["color"]["scale"]["domain"] == ["Fits the audience", "Fits the brand", "Has the features"]
    parts = values(dct, bar)
    assert len(parts) == 3 * len(score)
    for platform, total in zip(score["platform"], score["total"]):
        assert sum(p["points"] for p in parts if p["platform"] == platform) == pytest.approx(100 * total, abs=0.2)
    best = layer(dct, "text")["encoding"]["y"]["sort"][0]
    assert best == channels.platform_label(score["platform"].iloc[0], "en")


def test_channel_scores_highlight_the_chosen():
    doc = doc_with(**STRATEGY)
    dct = charts.channel_scores(channels.score(doc), ["Insta"], "nl").to_dict()
    bar, text = layer(dct, "bar"), layer(dct, "text")
    assert bar["encoding"]["opacity"]["condition"]["test"] == "datum.chosen"
    chosen = {p["platform"] for p in values(dct, bar) if p["chosen"]}
    assert chosen == {"instagram"}
    labels = {r["platform"]: r["text"] for r in values(dct, text)}
    assert labels["instagram"].endswith("(gekozen)") and "gekozen" not in labels["tiktok"]
    assert "aanname" in subtitle(dct) and "Newcom" in subtitle(dct)


# -- content -------------------------------------------------------------------------------------------

def test_hhh_mix_spec():
    dct = charts.hhh_mix(10, 30, 60, "en").to_dict()
    rows = {r["layer"]: r["percent"] for r in values(dct)}
    assert rows == {"help": 60, "hub": 30, "hero": 10}
    bar = layer(dct, "bar")
    assert bar["encoding"]["color"]["scale"]["range"] == [charts.LAYER_COLORS[x] for x in ("help", "hub", "hero")]
    assert "add up" not in subtitle(dct)
    wrong = charts.hhh_mix(10, 30, 50, "en").to_dict()
    assert "90%" in subtitle(wrong)


def test_content_plan_heatmap_sums_times_per_day_and_shows_every_day():
    dct = charts.content_plan(content.plan(doc_with(**STRATEGY)), "en").to_dict()
    rect = layer(dct, "rect")
    assert rect["encoding"]["x"]["field"] == "day_label" and rect["encoding"]["x"]["sort"][0] == "Mon"
    assert rect["encoding"]["color"]["field"] == "posts"
    rows = values(dct)
    assert len(rows) == 2 * 7
    cell = {(r["channel"], r["day"]): r["posts"] for r in rows}
    assert cell[("tiktok", "sat")] == 2 and cell[("instagram", "tue")] == 0
    assert sum(cell.values()) == 5


def test_calendar_spec():
    dct = charts.calendar(ENTRIES, "en").to_dict()
    assert dct["mark"]["type"] == "square"
    enc = dct["encoding"]
    assert enc["x"]["type"] == "temporal" and enc["x"]["field"] == "date"
    assert enc["y"]["field"] == "label" and enc["color"]["field"] == "layer_name"
    assert enc["color"]["scale"]["domain"] == ["Help", "Hub", "Hero", "No layer yet"]
    rows = values(dct)
    assert [r["date"][:10] for r in rows] == ["2025-03-03", "2025-03-05", "2025-03-14"]
    assert [r["layer"] for r in rows] == ["help", "hub", ""]
    assert rows[2]["title"] == "<script>x</script>"  # data, never markup: vega draws it as text
    assert "3 posts" in subtitle(dct)


def test_calendar_date_format_follows_the_language():
    nl = charts.calendar(ENTRIES, "nl").to_dict()["encoding"]["x"]["axis"]["format"]
    en = charts.calendar(ENTRIES, "en").to_dict()["encoding"]["x"]["axis"]["format"]
    assert nl == "%d-%m" and en == "%d %b"


def test_mood_distribution_counts_every_mood_and_ignores_nonsense():
    dct = charts.mood_distribution([1, 3, 3, 5, 5, 5, None, "x", 7, 0, 2.5, True], "en").to_dict()
    counts = {r["mood"]: r["count"] for r in values(dct)}
    assert counts == {1: 1, 2: 0, 3: 2, 4: 0, 5: 3}
    bar = layer(dct, "bar")
    assert bar["encoding"]["y"]["field"] == "count" and bar["encoding"]["x"]["sort"][0] == "1 bad"
    assert "6 participants" in subtitle(dct)


def test_calendar_stacks_posts_of_one_day_and_channel_and_reads_datetime64():
    frame = pd.DataFrame([
        {"date": "2025-03-03", "time": "18:00", "channel": "instagram", "layer": "hero"},
        {"date": "2025-03-03", "time": "09:00", "channel": "instagram", "layer": "help"},
        {"date": "2025-03-03", "time": "09:00", "channel": "tiktok", "layer": "hub"},
    ])
    frame["date"] = pd.to_datetime(frame["date"])  # as helpers.schedule.to_frame gives it
    dct = charts.calendar(frame, "en").to_dict()
    assert dct["encoding"]["yOffset"]["field"] == "slot"
    slots = {(r["channel"], r["time"]): r["slot"] for r in values(dct)}
    assert slots == {("instagram", "09:00"): 0, ("instagram", "18:00"): 1, ("tiktok", "09:00"): 0}
    assert {r["date"][:10] for r in values(dct)} == {"2025-03-03"}
    assert charts.to_svg(charts.calendar(frame, "nl")).lstrip().startswith("<svg")
