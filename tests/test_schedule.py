"""Step 5 logic: the generated content calendar and the checks on team tasks."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers import model, schedule

MONDAY = dt.date(2025, 3, 3)


def make_doc(**changes):
    doc = model.new_document("Team Test")
    return model.apply_changes(doc, changes) if changes else doc


@pytest.fixture
def doc():
    return make_doc(**{
        "channels.chosen": ["Instagram", "LinkedIn"],
        "content.posts_per_week": {"Instagram": 3, "LinkedIn": 2, "TikTok": 5},
        "content.days": {"Instagram": ["mon", "wed", "fri"], "LinkedIn": ["tue", "thu"]},
        "content.times": {"LinkedIn": ["08:00", "17:00"]},
        "content.themes": ["Tips", "Achter de schermen", "Klantverhaal"],
        "content.formats": {"Instagram": ["Reel", "Carrousel"], "LinkedIn": ["Artikel"]},
        "content.hero": 10, "content.hub": 30, "content.help": 60,
        "team.members": [{"name": "Ann"}, {"name": "Bas"}, {"name": "Cem"}],
    })


def by_channel(entries, channel):
    return [e for e in entries if e.channel == channel]


# --------------------------------------------------------------------------------------------------
# Counts, channels, dates

def test_counts_are_posts_per_week_times_weeks_for_chosen_channels_only(doc):
    entries = schedule.generate(doc, start=MONDAY, weeks=4)
    counts = schedule.summary(entries)["per_channel"]
    assert counts == {"Instagram": 12, "LinkedIn": 8}  # TikTok has posts but was not chosen
    assert len(entries) == 20


def test_without_a_choice_every_channel_with_posts_is_planned():
    doc = make_doc(**{"content.posts_per_week": {"Instagram": 2, "Facebook": 1, "X": 0}})
    entries = schedule.generate(doc, start=MONDAY, weeks=3)
    assert schedule.summary(entries)["per_channel"] == {"Instagram": 6, "Facebook": 3}


def test_a_chosen_channel_without_frequency_gets_no_entries():
    doc = make_doc(**{"channels.chosen": ["YouTube"], "content.posts_per_week": {"Instagram": 2}})
    assert schedule.generate(doc, start=MONDAY) == []


def test_calendar_settings_of_the_document_are_the_defaults(doc):
    doc = model.apply_changes(doc, {"calendar.start": "2025-06-02", "calendar.weeks": 2})
    entries = schedule.generate(doc)
    assert len(entries) == 10
    assert min(e.date for e in entries) == dt.date(2025, 6, 2)
    assert max(e.date for e in entries) < dt.date(2025, 6, 16)


def test_default_start_is_the_next_monday(doc):
    entries = schedule.generate(doc, today=dt.date(2025, 3, 5))  # a Wednesday
    assert min(e.date for e in entries) == dt.date(2025, 3, 10)
    assert schedule.next_monday(dt.date(2025, 3, 10)) == dt.date(2025, 3, 10)
    assert len(entries) == 4 * 5  # four weeks by default


def test_a_start_that_is_not_a_monday_keeps_every_post_inside_the_weeks(doc):
    start = dt.date(2025, 3, 6)  # Thursday
    entries = schedule.generate(doc, start=start, weeks=3)
    assert len(entries) == 15
    assert all(start <= e.date < start + dt.timedelta(weeks=3) for e in entries)


def test_days_are_respected(doc):
    entries = schedule.generate(doc, start=MONDAY, weeks=4)
    assert {e.date.weekday() for e in by_channel(entries, "Instagram")} == {0, 2, 4}
    assert {e.date.weekday() for e in by_channel(entries, "LinkedIn")} == {1, 3}


@pytest.mark.parametrize("posts, weekdays", [
    (1, {1}), (2, {1, 3}), (3, {0, 2, 4}), (5, {0, 1, 2, 3, 4}), (7, set(range(7))),
])
def test_without_days_posts_are_spread_over_sensible_weekdays(posts, weekdays):
    doc = make_doc(**{"content.posts_per_week": {"Instagram": posts}})
    entries = schedule.generate(doc, start=MONDAY, weeks=1)
    assert len(entries) == posts
    assert {e.date.weekday() for e in entries} == weekdays
    assert len({e.date for e in entries}) == posts  # one a day when it fits


def test_fewer_posts_than_days_picks_days_spread_over_the_chosen_ones():
    doc = make_doc(**{"content.posts_per_week": {"X": 2},
                      "content.days": {"X": ["mon", "tue", "wed", "thu", "fri"]}})
    entries = schedule.generate(doc, start=MONDAY, weeks=1)
    assert [e.date.weekday() for e in entries] == [0, 2]


def test_times_rotate_and_default_to_nine(doc):
    entries = schedule.generate(doc, start=MONDAY, weeks=2)
    assert [e.time for e in by_channel(entries, "LinkedIn")] == ["08:00", "17:00"] * 2
    assert {e.time for e in by_channel(entries, "Instagram")} == {schedule.DEFAULT_TIME} == {"09:00"}


def test_more_posts_than_days_gives_several_posts_a_day_at_different_times():
    doc = make_doc(**{"content.posts_per_week": {"TikTok": 7}, "content.days": {"TikTok": ["mon", "thu"]},
                      "content.times": {"TikTok": ["12:00"]}})
    entries = schedule.generate(doc, start=MONDAY, weeks=1)
    assert len(entries) == 7
    per_day: dict = {}
    for e in entries:
        per_day.setdefault(e.date, []).append(e.time)
    assert {d.weekday() for d in per_day} == {0, 3}
    assert all(len(times) == len(set(times)) for times in per_day.values())
    assert all("12:00" in times for times in per_day.values())


def test_entries_are_in_time_order(doc):
    entries = schedule.generate(doc, start=MONDAY)
    keys = [(e.date, e.time) for e in entries]
    assert keys == sorted(keys)


# --------------------------------------------------------------------------------------------------
# Rotations: layers, themes, formats, owners

@pytest.mark.parametrize("hero, hub, help", [(10, 30, 60), (0, 0, 100), (33, 33, 34), (50, 50, 0), (5, 15, 80)])
@pytest.mark.parametrize("total", [1, 7, 20, 41, 100])
def test_layer_counts_follow_the_mix(hero, hub, help, total):
    counts = schedule.layer_counts(total, hero, hub, help)
    assert sum(counts.values()) == total
    for layer, pct in zip(schedule.LAYERS, (hero, hub, help)):
        assert abs(counts[layer] - total * pct / 100) < 1
    seq = schedule.layer_sequence(total, hero, hub, help)
    assert {k: seq.count(k) for k in schedule.LAYERS} == counts


def test_layer_shares_over_the_calendar_are_close_to_the_mix(doc):
    doc = model.apply_changes(doc, {"content.hero": 20, "content.hub": 30, "content.help": 50})
    entries = schedule.generate(doc, start=MONDAY, weeks=4)
    share = schedule.summary(entries)["layer_share"]
    n = len(entries)
    assert abs(share["hero"] - 20) <= 100 / n
    assert abs(share["hub"] - 30) <= 100 / n
    assert abs(share["help"] - 50) <= 100 / n


def test_hero_posts_are_spread_not_clustered():
    seq = schedule.layer_sequence(40, 10, 30, 60)
    heroes = [i for i, layer in enumerate(seq) if layer == "hero"]
    assert len(heroes) == 4
    assert min(b - a for a, b in zip(heroes, heroes[1:])) >= 8


def test_themes_rotate_per_channel_and_differ_between_channels(doc):
    entries = schedule.generate(doc, start=MONDAY, weeks=2)
    themes = doc.content.themes
    insta = [e.theme for e in by_channel(entries, "Instagram")]
    assert insta == [themes[i % 3] for i in range(6)]
    linked = [e.theme for e in by_channel(entries, "LinkedIn")]
    assert linked[0] != insta[0]  # the second channel starts one theme further
    assert set(linked) == set(themes)


def test_formats_rotate_and_make_the_title(doc):
    entries = schedule.generate(doc, start=MONDAY, weeks=1)
    insta = by_channel(entries, "Instagram")
    assert [e.format for e in insta] == ["Reel", "Carrousel", "Reel"]
    assert insta[0].title == f"{insta[0].theme} – Reel"
    assert all(e.format == "Artikel" for e in by_channel(entries, "LinkedIn"))


def test_a_title_without_theme_or_format_names_the_channel():
    doc = make_doc(**{"content.posts_per_week": {"Instagram": 1}})
    (entry,) = schedule.generate(doc, start=MONDAY, weeks=1)
    assert entry.title == "Bericht voor Instagram"
    assert entry.theme == entry.format == entry.owner == ""
    doc_en = model.apply_changes(doc, {"language": "en"})
    assert schedule.generate(doc_en, start=MONDAY, weeks=1)[0].title == "Post for Instagram"


def test_owners_take_turns(doc):
    entries = schedule.generate(doc, start=MONDAY)
    names = ["Ann", "Bas", "Cem"]
    assert [e.owner for e in entries] == [names[i % 3] for i in range(len(entries))]
    per_owner = schedule.summary(entries)["per_owner"]
    assert max(per_owner.values()) - min(per_owner.values()) <= 1


def test_every_entry_starts_as_an_idea_with_a_layer(doc):
    entries = schedule.generate(doc, start=MONDAY)
    assert {e.status for e in entries} == {"idea"}
    assert {e.layer for e in entries} <= {"hero", "hub", "help"}


def test_generation_is_deterministic_and_the_seed_gives_another_plan(doc):
    a = schedule.generate(doc, start=MONDAY, seed=0)
    b = schedule.generate(doc, start=MONDAY, seed=0)
    c = schedule.generate(doc, start=MONDAY, seed=1)
    content = lambda entries: [e.model_dump(exclude={"id"}) for e in entries]  # noqa: E731 - each row its own id
    assert content(a) == content(b)
    assert len({e.id for e in a + b}) == len(a + b)
    assert [e.owner for e in a] != [e.owner for e in c]
    assert schedule.summary(a)["per_channel"] == schedule.summary(c)["per_channel"]
    assert schedule.summary(a)["per_layer"] == schedule.summary(c)["per_layer"]


# --------------------------------------------------------------------------------------------------
# Edges and the model

def test_empty_content_gives_an_empty_calendar():
    doc = make_doc()
    assert schedule.generate(doc) == []
    frame = schedule.to_frame([])
    assert list(frame.columns) == schedule.COLUMNS and frame.empty
    s = schedule.summary([])
    assert s["total"] == 0 and s["first"] is None and s["layer_share"] == {"hero": 0.0, "hub": 0.0, "help": 0.0}


def test_a_generated_calendar_can_be_stored_in_the_document(doc):
    long_theme, long_format = "T" * 200, "F" * 200
    doc = model.apply_changes(doc, {"content.themes": [long_theme], "content.formats": {"Instagram": [long_format]}})
    entries = schedule.generate(doc, start=MONDAY)
    assert all(len(e.title) <= model.SHORT for e in entries)
    stored = model.apply_changes(doc, {"calendar.entries": [e.model_dump(mode="json") for e in entries]})
    assert stored.calendar.entries == entries


def test_a_huge_plan_is_capped_at_what_the_document_can_hold():
    doc = make_doc(**{"content.posts_per_week": {"A": 70, "B": 70}})
    entries = schedule.generate(doc, start=MONDAY, weeks=52)
    assert len(entries) == 2000
    model.apply_changes(doc, {"calendar.entries": [e.model_dump(mode="json") for e in entries]})


def test_channel_names_match_case_insensitively_between_steps():
    doc = make_doc(**{"channels.chosen": ["instagram"], "content.posts_per_week": {"Instagram": 2},
                      "content.days": {"Instagram": ["sat", "sun"]}})
    entries = schedule.generate(doc, start=MONDAY, weeks=1)
    assert [e.date.weekday() for e in entries] == [5, 6]


def test_to_frame_has_the_columns_for_chart_and_grid(doc):
    entries = schedule.generate(doc, start=MONDAY)
    frame = schedule.to_frame(entries)
    assert list(frame.columns) == schedule.COLUMNS
    assert len(frame) == len(entries)
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert frame.iloc[0]["date"] == pd.Timestamp(entries[0].date)
    assert frame.iloc[0]["title"] == entries[0].title
    # also accepts entries as dicts (as stored in JSON)
    again = schedule.to_frame([e.model_dump(mode="json") for e in entries])
    pd.testing.assert_frame_equal(frame, again)


# --------------------------------------------------------------------------------------------------
# Tasks

TODAY = dt.date(2025, 3, 10)
MEMBERS = [model.Member(name="Ann"), model.Member(name="Bas")]


@pytest.mark.parametrize("task, expected", [
    ({"title": "Foto's maken", "owner": "Ann", "due": "2025-03-12"}, None),
    ({"title": "Foto's maken", "owner": "ann", "due": "2025-03-12"}, None),
    ({}, None),  # a fresh empty row
    ({"title": "Oud maar klaar", "owner": "Bas", "due": "2025-03-01", "done": True}, None),
    ({"title": "", "owner": "Ann"}, "omschrijving"),
    ({"title": "", "due": "2025-03-20"}, "omschrijving"),
    ({"title": "Teksten schrijven"}, "eigenaar"),
    ({"title": "Filmen", "owner": "Zoë"}, "Zoë staat niet in het team"),
    ({"title": "Planning", "owner": "Ann", "due": "2025-03-09"}, "09-03-2025"),
])
def test_task_problems(task, expected):
    problems = schedule.task_problems([model.Task.model_validate(task)], MEMBERS, TODAY, "nl")
    if expected is None:
        assert problems == {}
    else:
        assert list(problems) == [0]
        assert expected in problems[0]


def test_task_problems_index_several_tasks_and_join_several_problems():
    tasks = [{"title": "Goed", "owner": "Ann"}, {"title": "", "owner": "Zoë", "due": "2025-01-01"}]
    problems = schedule.task_problems(tasks, ["Ann", "Bas"], TODAY, "en")
    assert list(problems) == [1]
    assert "Describe this task" in problems[1] and "Zoë is not in the team" in problems[1]
    assert "2025-01-01" in problems[1]


def test_an_owner_is_not_checked_against_an_empty_team():
    assert schedule.task_problems([{"title": "X", "owner": "Ann"}], [], TODAY) == {}
