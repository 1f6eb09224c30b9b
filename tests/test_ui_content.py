"""Step 4 as a person uses it: themes, tone, the Hero-Hub-Help mix and the plan per channel."""
from __future__ import annotations

import html

import pytest

from helpers.i18n import set_language

from helpers import channels as channel_logic
from helpers import charts
from helpers import content as logic
from helpers.ui.base import Session, message_of
from helpers.ui.content_form import balance, content, times_to_doc
from tests.widgetkit import chart_rows, on_disk, reopened, svg


@pytest.fixture
def quick_charts(monkeypatch):
    """Record the charts the form would draw instead of drawing them (drawing takes ~0.5 s each)."""
    drawn = []

    def record(out, chart):
        drawn.append(chart)
        out.outputs = ({"output_type": "display_data", "data": {"text/plain": "chart"}, "metadata": {}},)

    monkeypatch.setattr("helpers.ui.content_form.show_chart", record)
    return drawn


@pytest.fixture
def chosen(session):
    session.change(("channels", "chosen"), ["instagram", "linkedin"])
    session.flush()
    return session


def test_without_a_group_the_form_asks_for_one(workspace):
    form = content(Session(workspace))
    assert "Kies eerst je groep" in form.children[-1].value


def test_every_answer_is_saved_and_shown_again(chosen, quick_charts):
    session = chosen
    form = content(session)
    assert list(form.plans) == ["instagram", "linkedin"]
    form.themes.value = "tips\nachter de schermen"
    form.key_messages.value = "Wij maken het simpel."
    form.tone.box("met humor").value = True
    form.tone.box("persoonlijk").value = True
    form.tone_notes.value = "Emoji mag, maar spaarzaam."
    insta = form.plans["instagram"]
    insta.formats.box("carousel").value = True
    insta.formats.box("story").value = True
    insta.posts.value = 3
    insta.days.box("mon").value = True
    insta.days.box("thu").value = True
    insta.times.value = "9:00, 19.30"

    c = on_disk(session).content
    assert c.themes == ["tips", "achter de schermen"] and c.key_messages == ["Wij maken het simpel."]
    assert c.tone == ["met humor", "persoonlijk"] and c.tone_notes == "Emoji mag, maar spaarzaam."
    assert c.formats == {"instagram": ["carousel", "story"]}
    assert c.posts_per_week == {"instagram": 3}
    assert c.days == {"instagram": ["mon", "thu"]}
    assert c.times == {"instagram": ["09:00", "19:30"]}

    again = content(reopened(session))
    assert again.themes.value == "tips\nachter de schermen"
    assert again.tone.box("met humor").value and not again.tone.box("formeel (u)").value
    plan = again.plans["instagram"]
    assert plan.formats.box("carousel").value and not plan.formats.box("photo").value
    assert plan.posts.value == 3
    assert plan.days.value == ("mon", "thu")
    assert plan.times.value == "09:00, 19:30"
    assert again.plans["linkedin"].posts.value == 0


def test_formats_offered_are_those_of_the_channel(chosen, quick_charts):
    form = content(chosen)
    assert set(form.plans["instagram"].formats.boxes) == set(logic.formats_for("instagram"))
    assert "article" in form.plans["linkedin"].formats.boxes and "article" not in form.plans["instagram"].formats.boxes


def test_with_no_channel_chosen_it_points_to_step_3_and_offers_every_platform(session, quick_charts):
    form = content(session)
    assert "stap 3" in form.channels_note.value
    assert list(form.plans) == channel_logic.known_platforms()
    form.plans["tiktok"].posts.value = 2
    assert on_disk(session).content.posts_per_week == {"tiktok": 2}


def test_channels_chosen_later_in_another_notebook_can_be_fetched(session, quick_charts):
    form = content(session)
    other = reopened(session)
    other.change(("channels", "chosen"), ["youtube"])
    other.flush()
    form.reload_button.click()
    assert list(form.plans) == ["youtube"] and form.channels_note.value == ""


@pytest.mark.parametrize("moved, values, expected", [
    ("hero", {"hero": 20, "hub": 30, "help": 60}, {"hero": 20, "hub": 30, "help": 50}),
    ("hub", {"hero": 10, "hub": 50, "help": 60}, {"hero": 10, "hub": 50, "help": 40}),
    ("hero", {"hero": 90, "hub": 30, "help": 0}, {"hero": 90, "hub": 10, "help": 0}),
    ("help", {"hero": 10, "hub": 30, "help": 80}, {"hero": 10, "hub": 10, "help": 80}),
    ("help", {"hero": 30, "hub": 30, "help": 100}, {"hero": 0, "hub": 0, "help": 100}),
    ("hub", {"hero": 0, "hub": 100, "help": 60}, {"hero": 0, "hub": 100, "help": 0}),
])
def test_balance_keeps_the_mix_at_100(moved, values, expected):
    result = balance(values, moved)
    assert result == expected and sum(result.values()) == 100


def test_moving_one_slider_fills_the_mix_up_to_100(session, quick_charts):
    form = content(session)
    form.mix["hero"].value = 25
    assert (form.mix["hub"].value, form.mix["help"].value) == (30, 45)
    assert "Samen: 100%" in form.mix_sum.value and form.mix_message.value == ""
    c = on_disk(session).content
    assert (c.hero, c.hub, c.help) == (25, 30, 45)
    mix_chart = [ch for ch in quick_charts if "percent" in str(ch.to_dict())][-1]
    drawn = {r["layer"]: r["percent"] for r in chart_rows(mix_chart) if "layer" in r}
    assert drawn == {"hero": 25, "hub": 30, "help": 45}
    again = content(reopened(session))
    assert [again.mix[k].value for k in ("hero", "hub", "help")] == [25, 30, 45]


def test_a_mix_that_does_not_add_up_gives_a_message_and_keeps_the_last_good_one(session, quick_charts):
    form = content(session)
    form.auto.value = False
    form.mix["hub"].value = 50
    assert "precies 100%" in form.mix_message.value
    assert "Samen: 120%" in form.mix_sum.value
    c = on_disk(session).content
    assert (c.hero, c.hub, c.help) == (10, 30, 60)
    form.mix["help"].value = 40  # put right by hand: saved
    assert form.mix_message.value == ""
    c = on_disk(session).content
    assert (c.hero, c.hub, c.help) == (10, 50, 40)
    form.mix["hero"].value = 0
    form.auto.value = True  # switching back on fills the mix up again
    assert sum(w.value for w in form.mix.values()) == 100
    assert sum(getattr(on_disk(session).content, k) for k in ("hero", "hub", "help")) == 100


@pytest.mark.parametrize("typed, words", [
    ("25:99", "niet de juiste vorm"),
    ("09:00, morgen", "niet de juiste vorm"),
    ("<script>alert(1)</script>", "niet de juiste vorm"),
    ("x" * 10_000, "niet de juiste vorm"),
])
def test_impossible_times_give_a_message_and_keep_the_earlier_times(chosen, quick_charts, typed, words):
    form = content(chosen)
    times = form.plans["instagram"].times
    times.value = "09:00"
    times.value = typed
    assert words in message_of(times)
    assert on_disk(chosen).content.times == {"instagram": ["09:00"]}


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "🙂🚀 Zoë", ""])
def test_hostile_texts_are_saved_as_text(session, quick_charts, text):
    form = content(session)
    form.themes.value = text
    form.tone_notes.value = text
    c = on_disk(session).content
    assert c.themes == ([text.strip()] if text.strip() else []) and c.tone_notes == text
    assert content(reopened(session)).tone_notes.value == text


def test_text_that_is_too_long_gives_a_message_and_keeps_the_earlier_answer(session, quick_charts):
    form = content(session)
    form.themes.value = "tips"
    form.themes.value = "x" * 10_000
    form.tone_notes.value = "kort"
    form.tone_notes.value = "y" * 10_000
    assert "te lang" in message_of(form.themes) and "te lang" in message_of(form.tone_notes)
    c = on_disk(session).content
    assert (c.themes, c.tone_notes) == (["tips"], "kort")


def test_the_plan_chart_and_warnings_follow_the_document(chosen, quick_charts):
    form = content(chosen)
    assert "LinkedIn" in form.warnings.value  # chosen, nothing planned yet
    insta = form.plans["instagram"]
    insta.posts.value = 5
    assert "nog geen dagen" in html.unescape(form.warnings.value)
    insta.days.box("tue").value = True
    insta.days.box("fri").value = True
    assert "2 moment(en)" in html.unescape(form.warnings.value)
    insta.posts.value = 100  # the field stops at 70
    assert insta.posts.value == 70
    assert "veel" in form.warnings.value
    doc = on_disk(chosen)
    assert doc.content.posts_per_week["instagram"] == 70
    expected = charts.content_plan(logic.plan(doc))
    assert chart_rows(quick_charts[-1]) == chart_rows(expected)
    drawn = {(r["channel"], r["day"]): r["posts"] for r in chart_rows(expected) if r["posts"]}
    assert drawn == {("instagram", "tue"): 35, ("instagram", "fri"): 35}


def test_the_charts_are_drawn_offline_as_svg(chosen):
    chosen.change_many({("content", "posts_per_week", "instagram"): 2, ("content", "days", "instagram"): ["wed"]})
    form = content(chosen)
    assert "Instagram" in svg(form.plan_chart)
    assert "Help 60%" in svg(form.mix_chart)
    form.mix["hub"].value = 40
    assert "Help 50%" in svg(form.mix_chart)


def test_the_hero_hub_help_table_is_there_for_reference(session, quick_charts):
    form = content(session)
    table = logic.hhh_table()
    text = html.unescape(str([c.value for c in form.children if hasattr(c, "children")
                              for c in getattr(c, "children", ()) if hasattr(c, "value")]))
    assert all(col in text for col in table.columns)
    assert table.index[0] in text


def test_messages_speak_english_when_asked(chosen, quick_charts, monkeypatch):
    set_language("en")  # the group's language (WORKSHOP_LANG only holds until a group is open)
    form = content(chosen)
    times = form.plans["instagram"].times
    times.value = "25:99"
    assert "not in the right form" in message_of(times)
    form.auto.value = False
    form.mix["hero"].value = 50
    assert "exactly 100%" in form.mix_message.value and "Total: 140%" in form.mix_sum.value
    assert "informal" in [b.description for b in form.tone.boxes.values()]


@pytest.mark.parametrize("typed, expected", [
    ("9:00, 19.30", ["09:00", "19:30"]),
    ("09:00;12:15  18:45", ["09:00", "12:15", "18:45"]),
    ("", []),
    ("25:99", ["25:99"]),  # left for the model to judge
    ("12:00 " * 60, ["12:00"]),  # the same time once
])
def test_times_are_read_as_people_write_them(typed, expected):
    assert times_to_doc(typed) == expected
