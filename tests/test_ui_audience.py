"""Step 1 as a person uses it: the audience form, its persona card, and the platform figures."""
from __future__ import annotations

import html

import pytest

from helpers.i18n import set_language

from helpers import channels, charts, model
from helpers.ui.audience_form import CheckGroup, audience, persona_card, platform_use
from helpers.ui.base import Session, message_of
from helpers.ui.fold import is_open
from tests.widgetkit import count_inputs, inside_closed_fold, on_disk, reopened, shown, svg

#: What the workshop needs of step 1 (seed 003): shown at once. The rest waits in the "more" fold.
MINIMUM = ("age_min", "age_max", "gender", "occupation", "income", "interests")
MORE = ("location", "online_where", "online_when", "pains", "gains", "persona_name", "persona_quote",
        "description")

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "Zoë 🙂🚀 \"quoted\" & 'so'"]


def test_without_a_group_the_form_asks_for_one(workspace):
    form = audience(Session(workspace))
    assert len(form.children) == 3  # the stylesheet, the part's time box, then the question for a group
    assert "Kies eerst je groep" in form.children[-1].value


def test_every_answer_is_saved_and_shown_again(session):
    form = audience(session)
    form.age_min.value = "25"
    form.age_max.value = "40"
    form.gender.value = "women"
    form.occupation.value = "zzp'er in de zorg"
    form.income.value = "middle"
    form.location.value = "Utrecht"
    form.interests.value = "wandelen\n  podcasts  \n\nkoken"
    form.online_where.box("Instagram").value = True
    form.online_where.box("LinkedIn").value = True
    form.online_where.other.value = "nieuwsbrieven, fora"
    form.online_when.box("'s avonds").value = True
    form.online_when.box("in het weekend").value = True
    form.pains.value = "te weinig tijd"
    form.gains.value = "snel antwoord\nerbij horen"
    form.persona_name.value = "Sanne (34)"
    form.persona_quote.value = "Ik wil het gewoon snel weten."
    form.description.value = "Sanne werkt vier dagen per week."

    a = on_disk(session).audience
    assert (a.age_min, a.age_max, a.gender, a.income) == (25, 40, "women", "middle")
    assert a.occupation == "zzp'er in de zorg" and a.location == "Utrecht"
    assert a.interests == ["wandelen", "podcasts", "koken"]
    assert a.online_where == ["Instagram", "LinkedIn", "nieuwsbrieven", "fora"]
    assert a.online_when == ["'s avonds", "in het weekend"]
    assert a.pains == ["te weinig tijd"] and a.gains == ["snel antwoord", "erbij horen"]
    assert (a.persona_name, a.persona_quote) == ("Sanne (34)", "Ik wil het gewoon snel weten.")
    assert a.description == "Sanne werkt vier dagen per week."

    again = audience(reopened(session))
    assert (again.age_min.value, again.age_max.value) == ("25", "40")
    assert (again.gender.value, again.income.value) == ("women", "middle")
    assert again.interests.value == "wandelen\npodcasts\nkoken"
    assert again.online_where.box("Instagram").value and again.online_where.box("LinkedIn").value
    assert not again.online_where.box("TikTok").value
    assert again.online_where.other.value == "nieuwsbrieven, fora"
    assert again.online_when.box("in het weekend").value and not again.online_when.box("in de lunchpauze").value
    assert again.persona_name.value == "Sanne (34)"
    assert "Sanne (34)" in again.card.value and "25-40 jaar" in again.card.value


def test_the_persona_card_follows_the_typing(session):
    form = audience(session)
    assert "hier verschijnt jullie persona" in form.card.value
    form.persona_name.value = "Mo"
    assert "Mo" in form.card.value
    form.persona_quote.value = "Geen tijd!"
    form.gains.value = "rust"
    assert "Geen tijd!" in form.card.value and "<li>rust</li>" in form.card.value
    assert "hier verschijnt" not in form.card.value


@pytest.mark.parametrize("text", HOSTILE)
def test_the_persona_card_never_runs_what_was_typed(session, text):
    form = audience(session)
    for w in (form.persona_name, form.persona_quote, form.occupation, form.description):
        w.value = text
    form.interests.value = text
    form.online_where.other.value = text
    card = form.card.value
    assert "<script" not in card and "<img" not in card
    assert html.escape(text) in card
    a = on_disk(session).audience
    assert a.persona_name == text.strip() and a.description == text
    assert audience(reopened(session)).persona_name.value == text.strip()


def test_persona_card_is_a_pure_function_of_the_audience():
    from helpers.model import Audience

    card = persona_card(Audience(persona_name="<b>x</b>", pains=["<script>"], age_min=30))
    assert "&lt;b&gt;x&lt;/b&gt;" in card and "&lt;script&gt;" in card and "vanaf 30 jaar" in card


@pytest.mark.parametrize("low, high, words, saved", [
    ("130", "", "hoogstens 120", (25, None)),
    ("25", "-5", "minstens 0", (25, 40)),
    ("50", "30", "draai ze om", (25, 30)),
    ("vijftig", "", "heel getal", (25, None)),
    ("12.5", "", "heel getal", (25, None)),
])
def test_impossible_ages_give_a_message_and_keep_what_was_saved(session, low, high, words, saved):
    form = audience(session)
    form.age_min.value, form.age_max.value = "25", "40"
    assert on_disk(session).audience.age_min == 25
    form.age_min.value = low
    form.age_max.value = high
    assert words in html.unescape(form.age_message.value)
    a = on_disk(session).audience
    # what was refused is not saved; what the participant typed that fits is
    assert (a.age_min, a.age_max) == saved


def test_swapped_ages_are_saved_once_they_are_put_right(session):
    form = audience(session)
    form.age_max.value = "30"
    form.age_min.value = "50"
    assert "draai ze om" in html.unescape(form.age_message.value)
    form.age_max.value = "60"
    assert form.age_message.value == ""
    a = on_disk(session).audience
    assert (a.age_min, a.age_max) == (50, 60)
    form.age_min.value = ""
    assert on_disk(session).audience.age_min is None


def test_text_that_is_too_long_gives_a_message_and_keeps_the_earlier_answer(session):
    form = audience(session)
    form.occupation.value = "docent"
    form.description.value = "kort"
    form.occupation.value = "x" * 10_000
    form.description.value = "y" * 10_000
    messages = [message_of(form.occupation), message_of(form.description)]
    assert all("te lang" in m for m in messages), messages
    a = on_disk(session).audience
    assert (a.occupation, a.description) == ("docent", "kort")


def test_empty_answers_are_fine(session):
    form = audience(session)
    form.interests.value = "a\nb"
    form.interests.value = ""
    form.persona_name.value = ""
    assert on_disk(session).audience.interests == []
    assert "Persona zonder naam" in form.card.value


def test_messages_speak_english_when_asked(session, monkeypatch):
    set_language("en")  # the group's language (WORKSHOP_LANG only holds until a group is open)
    form = audience(session)
    form.age_min.value = "130"
    assert "at most 120" in form.age_message.value
    assert "Persona card" in "".join(getattr(c, "value", "") for c in form.children if hasattr(c, "value"))
    assert "weekday mornings" in [b.description for b in form.online_when.boxes.values()]


def test_online_moments_saved_in_the_other_language_are_recognised_and_nothing_unknown_is_lost(session):
    session.change(("audience", "online_when"), ["in the evening", "tijdens de treinrit"])
    session.change(("audience", "online_where"), ["insta", "Twitter", "Mastodon"])
    form = audience(session)
    assert form.online_when.box("'s avonds").value
    assert form.online_when.other.value == "tijdens de treinrit"
    assert form.online_where.box("Instagram").value and form.online_where.box("X (Twitter)").value
    assert form.online_where.other.value == "Mastodon"
    form.online_when.box("in het weekend").value = True
    a = on_disk(session).audience
    assert a.online_when == ["'s avonds", "in het weekend", "tijdens de treinrit"]


def test_a_check_group_keeps_values_it_does_not_know():
    group = CheckGroup([("A", "a"), ("B", "b")])
    group.value = ("b", "zzz")
    assert group.box("b").value and not group.box("a").value
    group.box("a").value = True
    assert group.value == ("a", "b", "zzz")


def test_platform_use_shows_the_chart_with_its_source_and_editions():
    view = platform_use()
    latest = channels.editions()[-1]
    assert view.edition.value == latest
    drawing = svg(view.chart)
    df = channels.platforms(latest)
    spec = charts.platform_users(df).to_dict()
    drawn = {r["platform"] for layer in [spec] for r in spec["datasets"][next(iter(spec["datasets"]))]} \
        if "datasets" in spec else {r["platform"] for r in spec["data"]["values"]}
    assert drawn == set(df["platform"])
    assert "WhatsApp" in drawing  # only in the latest edition
    source = view.source.value
    assert html.escape(str(df["source"].iloc[0])) in source and str(latest) in source
    assert "afgeleid" in source and "Facebook" in source  # derived figures are named
    view.edition.value = channels.editions()[0]
    assert "WhatsApp" not in svg(view.chart)
    assert str(channels.editions()[0]) in view.source.value
    view.edition.value = "all"
    assert view.chart.outputs and all(str(e) in view.source.value for e in channels.editions())


# -- the minimum first, the rest folded ------------------------------------------------------------

def test_the_minimum_is_asked_first_and_the_rest_is_folded_away(session):
    form = audience(session)
    assert not is_open(form.more)
    assert form.more.get_title(0) == "Meer over je doelgroep (als je tijd over hebt)"
    for name in MINIMUM:
        assert not inside_closed_fold(form, getattr(form, name)), name
    for name in MORE:
        assert inside_closed_fold(form, getattr(form, name)), name
    assert any(w is form.card for w in shown(form))  # the persona card stays in sight
    form.more.selected_index = 0  # the participant clicks the title
    assert not any(inside_closed_fold(form, getattr(form, name)) for name in MORE)


def test_a_participant_sees_six_fields_and_no_tick_boxes_before_opening_the_fold(session):
    form = audience(session)
    assert count_inputs(form) == {"fields": 6, "tick_boxes": 0, "sliders": 0}
    form.more.selected_index = 0
    # everything the form asked before the fold existed is still there
    assert count_inputs(form) == {"fields": 14, "tick_boxes": 17, "sliders": 0}


def test_the_minimum_alone_makes_a_persona_card_and_finishes_the_step(session):
    form = audience(session)
    form.age_min.value, form.age_max.value = "25", "40"
    form.gender.value = "women"
    form.occupation.value = "zzp'er in de zorg"
    assert model.step_status(on_disk(session))["audience"] == "busy"
    form.income.value = "middle"
    form.interests.value = "wandelen\nkoken"
    card = form.card.value
    assert "25-40 jaar" in card and "vooral vrouwen" in card and "zzp&#x27;er in de zorg" in card
    assert "inkomen: midden" in card and "<li>wandelen</li>" in card and "<li>koken</li>" in card
    assert "hier verschijnt" not in card
    assert model.step_status(on_disk(session))["audience"] == "done"
    assert not is_open(form.more)  # done without opening the fold


def test_answers_saved_in_the_fold_show_on_the_card_while_it_is_closed(session):
    session.change_many({("audience", "persona_name"): "Mo", ("audience", "pains"): ["geen tijd"]})
    form = audience(reopened(session))
    assert not is_open(form.more)
    assert form.persona_name.value == "Mo" and "Mo" in form.card.value and "<li>geen tijd</li>" in form.card.value


def test_the_fold_speaks_english_when_asked(session):
    set_language("en")
    form = audience(session)
    assert form.more.get_title(0) == "More about your audience (if you have time)"
