"""Step 3 as a person uses it: rate, weigh, see the scores, choose the channels."""
from __future__ import annotations

import html

import pytest

from helpers.i18n import set_language

from helpers import channels as logic
from helpers import charts
from helpers.ui.audience_form import audience
from helpers.ui.base import Session, message_of
from helpers.ui.channels_form import NOT_RATED, channels
from helpers.ui.fold import is_open
from tests.widgetkit import chart_rows, count_inputs, inside_closed_fold, on_disk, reopened, shown, svg


@pytest.fixture
def quick_charts(monkeypatch):
    """Record the charts the form would draw instead of drawing them (drawing takes ~0.5 s each)."""
    drawn = []

    def record(out, chart):
        drawn.append(chart)
        out.outputs = ({"output_type": "display_data", "data": {"text/plain": "chart"}, "metadata": {}},)

    monkeypatch.setattr("helpers.ui.channels_form.show_chart", record)
    return drawn


def test_without_a_group_the_form_asks_for_one(workspace):
    form = channels(Session(workspace))
    assert "Kies eerst je groep" in form.children[-1].value


def test_ratings_features_weights_and_choice_are_saved_and_shown_again(session, quick_charts):
    form = channels(session)
    form.brand["instagram"].value = 5
    form.brand["linkedin"].value = 1
    form.features.box("shop").value = True
    form.features.box("events").value = True
    form.weights["brand"].value = 3.5
    form.chosen.box("instagram").value = True
    form.reason.value = "Onze doelgroep zit daar <b>echt</b>."

    c = on_disk(session).channels
    assert c.brand_fit == {"instagram": 5, "linkedin": 1}
    assert c.features_wanted == ["shop", "events"]
    assert c.weights["brand"] == 3.5
    assert c.chosen == ["instagram"]
    assert c.reason == "Onze doelgroep zit daar <b>echt</b>."

    again = channels(reopened(session))
    assert again.brand["instagram"].value == 5 and again.brand["tiktok"].value == NOT_RATED
    assert again.features.box("shop").value and not again.features.box("ads").value
    assert again.weights["brand"].value == 3.5
    assert again.weights["audience"].value == logic.DEFAULT_WEIGHTS["audience"]
    assert again.chosen.box("instagram").value and not again.chosen.box("facebook").value
    assert again.reason.value == "Onze doelgroep zit daar <b>echt</b>."
    # the chart the form draws is the chart of the document on disk
    doc = on_disk(session)
    expected = charts.channel_scores(logic.score(doc), doc.channels.chosen, weights=logic.weights_of(doc))
    assert chart_rows(quick_charts[-1]) == chart_rows(expected)
    assert [r["points"] for r in chart_rows(expected) if r["platform"] == "instagram" and "text" in r] == \
        [round(100 * logic.score(doc).set_index("platform").loc["instagram", "total"])]


def test_a_rating_set_back_to_not_rated_leaves_the_document(session, quick_charts):
    form = channels(session)
    form.brand["x"].value = 4
    assert on_disk(session).channels.brand_fit == {"x": 4}
    form.brand["x"].value = NOT_RATED
    assert on_disk(session).channels.brand_fit == {}


def test_chart_and_table_follow_every_change(session, quick_charts):
    form = channels(session)
    before, charts_before = form.table.value, len(quick_charts)
    form.brand["pinterest"].value = 5
    form.features.box("shop").value = True
    form.chosen.box("pinterest").value = True
    assert len(quick_charts) == charts_before + 3  # redrawn on every change
    doc = on_disk(session)
    scores = logic.score(doc)
    assert scores.iloc[0]["platform"] == "pinterest"
    # the table shows the same ranking, the chosen one marked
    first_row = form.table.value.split("<tbody>")[1].split("</tr>")[0]
    assert "Pinterest ✓" in first_row and form.table.value != before
    # the chart drawn is the chart of this document
    rows = chart_rows(quick_charts[-1])
    totals = {r["platform"]: r for r in rows if "text" in r}
    assert totals["pinterest"]["chosen"] and totals["pinterest"]["points"] == round(100 * scores.iloc[0]["total"])
    assert not totals["instagram"]["chosen"]
    form.reason.value = "tekst verandert de grafiek niet"
    assert len(quick_charts) == charts_before + 3


def test_the_chart_is_drawn_offline_as_svg(session):
    session.change(("channels", "brand_fit", "linkedin"), 5)
    form = channels(session)
    assert "LinkedIn" in svg(form.chart) and "(gekozen)" not in svg(form.chart)
    form.chosen.box("linkedin").value = True
    assert "(gekozen)" in svg(form.chart)


def test_the_audience_from_step_1_drives_the_fit_and_the_assumption_is_shown(session, quick_charts):
    session.change_many({("audience", "age_min"): 15, ("audience", "age_max"): 19,
                         ("audience", "online_where"): ["Insta"]})
    form = channels(session)
    assert "15 tot 19 jaar" in form.persona.value and "Instagram" in form.persona.value
    assert "aanname" in form.profile_note.value
    assert "aanname van de toolkit" in form.profile_table.value
    scores = logic.score(on_disk(session)).set_index("platform")
    assert scores.loc["snapchat", "audience_fit"] > scores.loc["facebook", "audience_fit"]


def test_no_ages_yet_says_so(session, quick_charts):
    form = channels(session)
    assert html.escape("Vul bij stap 1 de leeftijd") in form.persona.value


def test_a_group_can_put_in_its_own_age_profile_and_go_back(session, quick_charts):
    form = channels(session)
    form.profile_platform.value = "linkedin"
    assert form.profile_bands["20-39"].value == 45
    for band, value in zip(logic.bands(), (0, 20, 60, 20)):
        form.profile_bands[band].value = value
    form.profile_save.click()
    assert form.profile_message.value == ""
    doc = on_disk(session)
    assert doc.channels.age_profiles["linkedin"]["40-64"] == 60
    assert "eigen cijfers van de groep" in form.profile_table.value
    assert "LinkedIn" in form.profile_note.value
    assert logic.age_profiles(doc)["linkedin"]["40-64"] == 60

    form.profile_bands["65+"].value = 50  # adds up to 130: saved, with a word of warning
    form.profile_save.click()
    assert "130" in form.profile_message.value

    form.profile_reset.click()
    assert "linkedin" not in on_disk(session).channels.age_profiles
    assert form.profile_bands["20-39"].value == 45


@pytest.mark.parametrize("picks, words", [
    ((), "Kies minstens één kanaal"),
    (("instagram", "linkedin", "tiktok"), "3 kanalen gekozen"),
])
def test_a_warning_when_none_or_more_than_two_channels_are_chosen(session, quick_charts, picks, words):
    form = channels(session)
    for p in picks:
        form.chosen.box(p).value = True
    assert words in html.unescape(form.focus.value)
    form.chosen.box("tiktok").value = False
    form.chosen.box("instagram").value = True
    assert "⚠" not in form.focus.value and "✓" in form.focus.value


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "🙂🚀", ""])
def test_hostile_reasons_are_saved_as_text(session, quick_charts, text):
    form = channels(session)
    form.reason.value = text
    assert on_disk(session).channels.reason == text
    assert channels(reopened(session)).reason.value == text


def test_a_reason_that_is_too_long_gives_a_message_and_keeps_the_earlier_one(session, quick_charts):
    form = channels(session)
    form.reason.value = "Omdat het past."
    form.reason.value = "x" * 10_000
    assert "te lang" in message_of(form.reason)
    assert on_disk(session).channels.reason == "Omdat het past."


def test_all_weights_at_zero_falls_back_to_the_defaults_and_says_so(session, quick_charts):
    form = channels(session)
    for slider in form.weights.values():
        slider.value = 0
    assert "standaardgewichten" in form.weights_message.value
    assert form.chart.outputs


def test_messages_speak_english_when_asked(session, quick_charts, monkeypatch):
    set_language("en")  # the group's language (WORKSHOP_LANG only holds until a group is open)
    form = channels(session)
    assert "Choose at least one channel" in form.focus.value
    assert "assumption" in form.profile_note.value
    for p in ("instagram", "linkedin", "x"):
        form.chosen.box(p).value = True
    assert "You chose 3 channels" in html.unescape(form.focus.value)


def test_an_unexpected_error_becomes_a_plain_sentence_and_nothing_is_lost(session, quick_charts, monkeypatch):
    form = channels(session)
    form.chosen.box("instagram").value = True

    def broken(doc, weights=None):
        raise RuntimeError("bug in the score")

    monkeypatch.setattr("helpers.channels.score", broken)
    form.chosen.box("linkedin").value = True  # saved; only the refresh fails
    assert "Er ging iets mis" in form.message.value
    assert on_disk(session).channels.chosen == ["instagram", "linkedin"]
    assert "bug in the score" in (session.workspace.root / "errors.log").read_text(encoding="utf-8")


# -- brand fit asked of the best-fitting platforms; the rest folded ----------------------------------

def rated_in_sight(form) -> list[str]:
    """The platforms whose brand-fit slider a participant sees without opening a fold, top to bottom."""
    by_widget = {id(slider): p for p, slider in form.brand.items()}
    return [by_widget[id(w)] for w in shown(form) if id(w) in by_widget]


def wait_for(predicate, session, timeout: float = 5.0) -> None:
    """Until ``predicate()``: the session takes in what was saved (as its watcher does every 0.5 s)."""
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the form did not follow"
        session._check()
        time.sleep(0.05)


def test_brand_fit_is_asked_only_of_the_platforms_that_fit_the_audience_best(session, quick_charts):
    session.change_many({("audience", "age_min"): 15, ("audience", "age_max"): 19})
    form = channels(session)
    assert rated_in_sight(form) == ["snapchat", "tiktok", "bereal", "instagram"]
    assert rated_in_sight(form) == logic.shortlist(session.doc)
    assert "best bij jullie doelgroep" in form.brand_intro.value
    for p in ("facebook", "linkedin", "x", "whatsapp"):
        assert inside_closed_fold(form, form.brand[p]), p
    assert not is_open(form.other_platforms)
    assert form.other_platforms.get_title(0) == "Andere platforms ook beoordelen"
    form.other_platforms.selected_index = 0  # "show all platforms"
    assert sorted(rated_in_sight(form)) == sorted(logic.known_platforms())


def test_without_step_1_the_most_used_platforms_are_asked(session, quick_charts):
    form = channels(session)
    users = logic.users_for_scoring()
    most_used = sorted(users, key=lambda p: -users[p][0])[:logic.SHORTLIST]
    assert rated_in_sight(form) == most_used == ["whatsapp", "youtube", "facebook", "instagram"]
    assert "meest gebruikte platforms" in form.brand_intro.value


def test_the_platforms_asked_follow_the_audience_of_step_1(session, quick_charts):
    """Step 1 and step 3 in one kernel (the app): the audience changes, the sliders in sight follow;
    a rating already given stays, folded or not."""
    step1 = audience(session)
    step1.age_min.value, step1.age_max.value = "15", "19"
    form = channels(session)
    assert rated_in_sight(form) == ["snapchat", "tiktok", "bereal", "instagram"]
    form.brand["tiktok"].value = 4
    step1.age_min.value, step1.age_max.value = "50", "70"
    wait_for(lambda: rated_in_sight(form) == ["whatsapp", "facebook", "youtube", "linkedin"], session)
    assert inside_closed_fold(form, form.brand["tiktok"]) and form.brand["tiktok"].value == 4
    assert on_disk(session).channels.brand_fit == {"tiktok": 4}
    # a platform named under "where are they online" gets its boost, and a place in the shortlist
    step1.more.selected_index = 0
    step1.online_where.box("Pinterest").value = True
    wait_for(lambda: "pinterest" in rated_in_sight(form), session)


def test_another_laptop_changing_step_1_changes_the_platforms_asked(session, quick_charts):
    form = channels(session)
    other = reopened(session)
    other.change_many({("audience", "age_min"): 15, ("audience", "age_max"): 19})
    other.flush()
    wait_for(lambda: rated_in_sight(form) == ["snapchat", "tiktok", "bereal", "instagram"], session)
    assert "best bij jullie doelgroep" in form.brand_intro.value


def test_rating_shown_and_folded_platforms_and_choosing_are_saved(session, quick_charts):
    session.change_many({("audience", "age_min"): 25, ("audience", "age_max"): 40})
    form = channels(session)
    shortlist = rated_in_sight(form)
    assert shortlist == ["instagram", "whatsapp", "youtube", "linkedin"]
    form.brand["instagram"].value = 5
    form.other_platforms.selected_index = 0
    form.brand["pinterest"].value = 2           # rated in the fold
    form.chosen.box("instagram").value = True
    form.chosen.box("pinterest").value = True
    c = on_disk(session).channels
    assert c.brand_fit == {"instagram": 5, "pinterest": 2} and c.chosen == ["instagram", "pinterest"]
    again = channels(reopened(session))
    assert rated_in_sight(again) == shortlist   # the fold is closed again; the ratings are kept
    assert again.brand["pinterest"].value == 2 and again.brand["instagram"].value == 5


def test_the_weights_are_folded_away_with_their_defaults_and_the_result_stays_in_sight(session, quick_charts):
    form = channels(session)
    assert not is_open(form.weights_fold)
    assert form.weights_fold.get_title(0) == "Wat weegt het zwaarst in de score? (als je tijd over hebt)"
    for c, slider in form.weights.items():
        assert inside_closed_fold(form, slider) and slider.value == logic.DEFAULT_WEIGHTS[c]
    for w in (form.chart, form.table, form.chosen, form.focus, form.reason, form.features, form.persona):
        assert not inside_closed_fold(form, w)
    form.weights_fold.selected_index = 0
    form.weights["features"].value = 3
    assert on_disk(session).channels.weights["features"] == 3


def test_a_participant_sees_four_sliders_instead_of_fourteen(session, quick_charts):
    session.change_many({("audience", "age_min"): 25, ("audience", "age_max"): 40})
    form = channels(session)
    # the reason; the features (6) and the choice (11); the brand fit of the shortlist
    assert count_inputs(form) == {"fields": 1, "tick_boxes": 17, "sliders": 4}
    form.other_platforms.selected_index = 0
    form.weights_fold.selected_index = 0
    assert count_inputs(form)["sliders"] == len(logic.known_platforms()) + len(logic.COMPONENTS)


def test_the_folds_speak_english_when_asked(session, quick_charts):
    set_language("en")
    form = channels(session)
    assert form.other_platforms.get_title(0) == "Rate other platforms too"
    assert form.weights_fold.get_title(0) == "What matters most in the score? (if you have time)"
    assert "most used platforms" in form.brand_intro.value
