"""Self-study part 4: key messages per audience and the tactic questions (helpers.strategy.tactics,
ui.messages, ui.tactics)."""
from __future__ import annotations

import pytest
from widgetkit import chart_rows, on_disk, reopened, texts

from helpers import i18n, model
from helpers.strategy import Chart, Items, Table, Text, tactics
from helpers.ui.base import message_of
from helpers.ui.tactics_form import MessagesForm, TacticsForm


@pytest.fixture
def workshop(session):
    """A group after the workshop: a persona, key messages and tone, two chosen channels."""
    session.change_many({("audience", "persona_name"): "Sanne", ("audience", "persona_quote"): "Geen tijd!",
                         ("content", "key_messages"): ["Wij maken het simpel", "Je staat er niet alleen voor"],
                         ("content", "tone"): ["informeel (je/jij)"], ("channels", "chosen"): ["instagram", "linkedin"]})
    return session


def _doc() -> model.Strategy:
    doc = model.Strategy(group="x")
    doc.deep_dives.messages = [model.AudienceMessage(id="r000001", audience="Starters", message="Het kan simpel"),
                               model.AudienceMessage(id="r000002", audience="", message="")]
    tc = doc.deep_dives.tactics
    tc.paid, tc.influencers, tc.ugc = {"instagram": "both", "linkedin": "organic"}, ["Piet"], ["social_proof"]
    tc.own_share, tc.answer_hours = 70, "werkdagen 9-17"
    return doc


def test_messages_start_from_the_workshop_and_rows_are_saved_and_come_back(workshop):
    form = MessagesForm(workshop)
    start = form.start.value
    assert "Sanne – “Geen tijd!”" in start and "<li>Wij maken het simpel</li>" in start
    assert "informeel (je/jij)" in start
    form.rows.add_button.click()
    rid = form.rows.ids()[0]
    form.rows.cell(rid, "audience").value = "Starters"
    form.rows.cell(rid, "message").value = "Het kan simpel"
    assert [(m.audience, m.message) for m in on_disk(workshop).deep_dives.messages] == [("Starters", "Het kan simpel")]
    again = MessagesForm(reopened(workshop))
    assert again.rows.cell(rid, "message").value == "Het kan simpel"


def test_messages_without_a_workshop_say_where_to_start(session):
    assert "Je kunt ook gewoon hier beginnen." in MessagesForm(session).start.value


def test_tactics_are_saved_as_typed_and_come_back_after_a_restart(workshop):
    form = TacticsForm(workshop)
    assert list(form.boxes) == ["instagram", "linkedin"]
    form["paid.instagram"].value = "both"
    form["own_share"].value = "70%"
    form["ugc"].value = ("social_proof", "crowdsourcing")
    form["influencers"].value = "Een vakblogger\n\nEen klant met een grote kring"
    form["answer_hours"].value = "werkdagen 9-17"
    form["segmentation"].value = "Ouders en grootouders apart"
    tc = on_disk(workshop).deep_dives.tactics
    assert tc.paid == {"instagram": "both"} and tc.own_share == 70 and tc.ugc == ["social_proof", "crowdsourcing"]
    assert tc.influencers == ["Een vakblogger", "Een klant met een grote kring"]
    assert (tc.answer_hours, tc.segmentation) == ("werkdagen 9-17", "Ouders en grootouders apart")
    again = TacticsForm(reopened(workshop))
    assert again["own_share"].value == "70" and again["paid.instagram"].value == "both"
    assert again["ugc"].value == ("social_proof", "crowdsourcing")
    assert again["influencers"].value == "Een vakblogger\nEen klant met een grote kring"


def test_the_share_chart_follows_the_typing(workshop):
    form = TacticsForm(workshop)
    assert not form.chart.outputs
    form["own_share"].value = "60"
    assert form.chart.outputs and "60% eigen content, 40% van anderen" in form.chart.outputs[0]["data"]["text/html"]


@pytest.mark.parametrize("typed, said", [
    ("veel", "'veel' is geen getal; schrijf bijvoorbeeld 1500 of 12,5."),
    ("150", "Eigen content (%) mag hoogstens 100 zijn."),
    ("-5", "Eigen content (%) moet minstens 0 zijn."),
    ("60,5", "Eigen content (%) moet een heel getal zijn (zonder komma)."),
])
def test_a_share_that_is_no_percentage_is_refused_beside_the_field_and_keeps_what_was_saved(workshop, typed, said):
    form = TacticsForm(workshop)
    form["own_share"].value = "70"
    form["own_share"].value = typed
    assert message_of(form["own_share"]) == said
    assert on_disk(workshop).deep_dives.tactics.own_share == 70


@pytest.mark.parametrize("typed, said", [
    ("x" * 5000, "Wanneer het team reageert is te lang: maximaal 200 tekens."),
    ("9-17\x1b", "Wanneer het team reageert bevat onzichtbare stuurtekens; typ de tekst opnieuw."),
])
def test_too_long_or_control_characters_are_refused(workshop, typed, said):
    form = TacticsForm(workshop)
    form["answer_hours"].value = "werkdagen"
    form["answer_hours"].value = typed
    assert message_of(form["answer_hours"]) == said
    assert on_disk(workshop).deep_dives.tactics.answer_hours == "werkdagen"


def test_markup_and_formulas_stay_text(workshop):
    workshop.change(("audience", "persona_name"), "<script>alert(1)</script>")
    form = MessagesForm(workshop)
    assert "<script>" not in form.start.value and "&lt;script&gt;" in form.start.value
    rid, _ = workshop.insert(("deep_dives", "messages"), {"audience": "=HYPERLINK(\"http://x.invalid\",\"klik\")",
                                                        "message": "<b>vet</b>"})
    table = tactics.section(on_disk(workshop), "nl").blocks[0]
    assert table.rows == (("=HYPERLINK(\"http://x.invalid\",\"klik\")", "<b>vet</b>"),)  # plain: the report escapes


def test_without_chosen_channels_the_paid_question_says_where_to_choose(session):
    form = TacticsForm(session)
    assert form.boxes == {} and "Kies bij stap 3 eerst een of twee kanalen" in texts(form.paid)


def test_a_channel_chosen_on_another_laptop_gets_its_choice(workshop):
    form = TacticsForm(workshop)
    other = reopened(workshop)
    other.change(("channels", "chosen"), ["instagram", "linkedin", "tiktok"])
    other.flush()
    workshop.reload()
    form.follow(workshop.doc)
    assert list(form.boxes) == ["instagram", "linkedin", "tiktok"] and len(form.paid.children) == 3


@pytest.mark.parametrize("lang, words", [
    ("nl", ["Kernboodschap per doelgroep", "invloed is niet hetzelfde als bereik", "Sociaal bewijs: reviews",
            "Eigen content en content van anderen"]),
    ("en", ["A key message for each audience", "influence is not the same as reach", "Social proof: reviews",
            "Own content and content of others"]),
])
def test_the_forms_speak_the_language(workshop, lang, words):
    i18n.set_language(lang)
    shown = texts(MessagesForm(workshop)) + texts(TacticsForm(workshop))
    assert [w for w in words if w not in shown] == []
    form = TacticsForm(workshop)
    assert [o[0] for o in form["paid.instagram"].options] == ["", *(tactics.mix_label(m, lang) for m in tactics.MIXES)]


def test_the_section_in_dutch_with_the_exact_answers():
    section = tactics.section(_doc(), "nl", charts=False)
    assert section.key == "tactics" and section.title == "Kernboodschappen en tactiek"
    assert section.blocks == (
        Table("Kernboodschappen per doelgroep", ("Doelgroep", "Kernboodschap"), (("Starters", "Het kan simpel"),)),
        Table("Betaald of organisch", ("Kanaal", "Betaald of organisch"),
              (("Instagram", "Allebei"), ("LinkedIn", "Organisch (gratis berichten)"))),
        Items("Influencers", ("Piet",)),
        Items("Soorten content van gebruikers",
              ("Sociaal bewijs: reviews, aanbevelingen en positieve vermeldingen van klanten",)),
        Text("Eigen content (%)", "70% eigen content, 30% van anderen"),
        Text("Wanneer het team reageert", "werkdagen 9-17"))


def test_the_section_in_english_with_its_chart():
    section = tactics.section(_doc(), "en")
    assert section.title == "Key messages and tactics"
    assert section.blocks[1].rows == (("Instagram", "Both"), ("LinkedIn", "Organic (free posts)"))
    assert Text("Own content (%)", "70% own content, 30% from others") in section.blocks
    chart = section.blocks[-1]
    assert isinstance(chart, Chart) and chart.alt == "A bar of 100 percent: 70% own content, 30% from others."


def test_no_answers_no_section():
    assert tactics.section(model.Strategy(group="x"), "nl") is None


@pytest.mark.parametrize("lang, own, others", [("nl", "Eigen content", "Van anderen"), ("en", "Own content", "From others")])
def test_the_chart_draws_the_own_share_against_the_rest(lang, own, others):
    doc = _doc()
    doc.deep_dives.tactics.own_share = 35
    chart = tactics.chart(doc, lang)
    spec = chart.to_dict()  # validates the spec
    rows = chart_rows(chart)
    assert [(r["source"], r["share"], r["text"]) for r in rows] == [(own, 35, "35%"), (others, 65, "65%")]
    assert spec["title"]["subtitle"] == [tactics.share_text(35, lang)]
    doc.deep_dives.tactics.own_share = None
    assert tactics.chart(doc, lang) is None
