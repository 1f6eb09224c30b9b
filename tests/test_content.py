"""Step 4: Hero-Hub-Help table and mix, formats, the weekly plan and frequency problems."""
from __future__ import annotations

import pytest

from helpers import content, labels, model


def doc_with(**changes):
    return model.apply_changes(model.new_document("Team Test"), changes)


# -- Hero-Hub-Help ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, tactic, cta", [
    ("nl", "How-to's", "Call-to-action"), ("en", "How-tos", "Call to action")])
def test_hhh_table_in_both_languages(lang, tactic, cta):
    table = content.hhh_table(lang)
    assert list(table.columns) == ["Help", "Hub", "Hero"]
    assert len(table) == 7 and cta in table.index
    assert tactic in table.iloc[3]["Help"]
    assert table.notna().all().all() and (table != "").all().all()


def test_hhh_table_follows_the_language_of_the_session(monkeypatch):
    monkeypatch.setenv("WORKSHOP_LANG", "en")
    assert "Aimed at" in content.hhh_table().index


def test_hhh_hero_aims_at_see_and_hub_at_think():
    en = content.hhh_table("en")
    assert "See" in en.loc["Aimed at", "Hero"] and "Think" in en.loc["Aimed at", "Hub"]


def test_default_mix_matches_the_model():
    assert content.default_mix() == {"hero": 10, "hub": 30, "help": 60}
    m = model.Content()
    assert (m.hero, m.hub, m.help) == (10, 30, 60)


@pytest.mark.parametrize("mix", [(10, 30, 60), (0, 0, 100), ("20", "30%", 50.0), (33, 33, 34)])
def test_mix_that_adds_up(mix):
    assert content.mix_problem(*mix) is None


@pytest.mark.parametrize("mix, lang, part", [
    ((10, 30, 50), "nl", "90%"), ((50, 50, 50), "en", "150%"), ((-10, 50, 60), "en", "between 0 and 100"),
    ((101, 0, 0), "nl", "tussen 0 en 100"), (("veel", 30, 60), "nl", "heel getal"), ((None, 30, 70), "en", "whole number"),
    ((10.5, 29.5, 60), "en", "whole number"), ((True, 30, 69), "en", "whole number"),
])
def test_mix_problems_in_plain_words(mix, lang, part):
    text = content.mix_problem(*mix, lang=lang)
    assert text and part in text


# -- formats and labels -----------------------------------------------------------------------------

def test_formats_per_channel():
    assert "document" in content.formats_for("LinkedIn")
    assert "text" not in content.formats_for("instagram")
    assert content.formats_for("our newsletter") == list(content.FORMATS)
    for lang in ("nl", "en"):
        assert all(labels.format_(f, lang) != f for f in content.FORMATS)


def test_day_and_channel_labels():
    assert labels.weekday("mon", "nl") == "maandag"
    assert labels.weekday("sun", "en", short=True) == "Sun"
    assert labels.platform("twitter", "en") == "X (Twitter)"
    assert labels.platform("Nieuwsbrief") == "Nieuwsbrief"


# -- the plan ------------------------------------------------------------------------------------------

PLAN = {
    "channels.chosen": ["instagram", "linkedin"],
    "content.posts_per_week": {"instagram": 3, "linkedin": 2},
    "content.days": {"instagram": ["fri", "mon", "wed"], "linkedin": ["tue", "thu"]},
    "content.times": {"instagram": ["09:00"], "linkedin": ["12:00", "08:00"]},
}


def test_plan_has_one_row_per_channel_day_and_time():
    df = content.plan(doc_with(**PLAN))
    assert list(df.columns) == ["channel", "day", "time", "posts"]
    assert len(df) == 3 * 1 + 2 * 2
    assert list(df[df["channel"] == "instagram"]["day"]) == ["mon", "wed", "fri"]
    assert df.groupby("channel")["posts"].sum().to_dict() == {"instagram": 3, "linkedin": 2}


def test_plan_spreads_posts_over_the_days_first():
    df = content.plan(doc_with(**PLAN))
    linkedin = df[(df["channel"] == "linkedin") & (df["posts"] > 0)]
    assert sorted(linkedin["day"]) == ["thu", "tue"]
    week = content.plan(doc_with(**{"content.posts_per_week": {"x": 3},
                                    "content.days": {"x": list(content.DAYS)}}))
    assert list(week[week["posts"] > 0]["day"]) == ["mon", "wed", "fri"]


def test_plan_puts_extra_posts_in_a_slot_and_uses_no_time_when_none_chosen():
    df = content.plan(doc_with(**{"content.posts_per_week": {"tiktok": 5}, "content.days": {"tiktok": ["sat", "sun"]}}))
    assert list(df["posts"]) == [3, 2] and set(df["time"]) == {""}


def test_plan_leaves_out_channels_without_days_or_posts():
    doc = doc_with(**{"content.posts_per_week": {"instagram": 3, "linkedin": 0},
                      "content.days": {"linkedin": ["mon"]}})
    assert content.plan(doc).empty
    assert list(content.plan(model.new_document("x")).columns) == content.PLAN_COLUMNS


@pytest.mark.parametrize("posts, days, times", [(1, 1, 1), (7, 7, 1), (10, 3, 2), (70, 7, 3), (2, 5, 4)])
def test_plan_keeps_every_post(posts, days, times):
    doc = doc_with(**{"content.posts_per_week": {"c": posts}, "content.days": {"c": list(content.DAYS[:days])},
                      "content.times": {"c": [f"{8 + i:02d}:00" for i in range(times)]}})
    df = content.plan(doc)
    assert len(df) == days * times and df["posts"].sum() == posts
    assert df["posts"].max() - df["posts"].min() <= 1


def test_weekly_load():
    load = content.weekly_load(doc_with(**PLAN)).set_index("channel")
    assert load.loc["instagram"].to_dict() == {"posts_per_week": 3, "days": 3, "times": 1, "slots": 3}
    assert load.loc["linkedin", "slots"] == 4


# -- frequency problems --------------------------------------------------------------------------------

def test_a_sound_plan_has_no_problems():
    assert content.frequency_problems(doc_with(**PLAN)) == {}


@pytest.mark.parametrize("changes, channel, words", [
    ({"content.posts_per_week": {"instagram": 3}}, "instagram", "geen dagen"),
    ({"content.days": {"instagram": ["mon"]}}, "instagram", "nog geen aantal"),
    ({"content.posts_per_week": {"instagram": 5}, "content.days": {"instagram": ["mon", "tue"]}}, "instagram", "2 moment"),
    ({"content.posts_per_week": {"instagram": 20}, "content.days": {"instagram": list(content.DAYS)},
      "content.times": {"instagram": ["08:00", "12:00", "18:00"]}}, "instagram", "20 berichten per week is veel"),
])
def test_frequency_problems_per_channel(changes, channel, words):
    problems = content.frequency_problems(doc_with(**changes), "nl")
    assert words in problems[channel]


def test_channel_not_chosen_and_chosen_without_posts():
    doc = doc_with(**{**PLAN, "channels.chosen": ["instagram", "tiktok"]})
    problems = content.frequency_problems(doc, "en")
    assert "not one of the channels" in problems["linkedin"]
    assert "TikTok" in problems["tiktok"] and "no posts" in problems["tiktok"]
    assert "instagram" not in problems


def test_too_many_posts_for_a_small_team():
    many = {"content.posts_per_week": {"instagram": 10, "linkedin": 10},
            "content.days": {"instagram": list(content.DAYS), "linkedin": list(content.DAYS)},
            "content.times": {"instagram": ["09:00", "18:00"], "linkedin": ["09:00", "18:00"]}}
    unknown = content.frequency_problems(doc_with(**many), "en")
    assert "small team" in unknown[content.TOTAL] and "20" in unknown[content.TOTAL]
    small = content.frequency_problems(doc_with(**many, **{"team.members": [{"name": "Ann"}]}), "nl")
    assert "team van 1" in small[content.TOTAL]
    big = doc_with(**many, **{"team.members": [{"name": n} for n in "ABC"]})
    assert content.TOTAL not in content.frequency_problems(big)
