"""Self-study part 3: a SWOT per channel, all channels side by side, and the organisation's SWOT
(helpers.strategy.swot, ui.swot)."""
from __future__ import annotations

import ipywidgets as widgets
import pytest
from widgetkit import chart_rows, on_disk, reopened, texts

from helpers import i18n, model
from helpers.strategy import Chart, Table, swot
from helpers.ui.base import message_of
from helpers.ui.swot_form import SwotForm


def _doc(**swots) -> model.Strategy:
    doc = model.Strategy(group="Team Test")
    doc.channels.chosen = ["instagram", "linkedin"]
    doc.deep_dives.swot_channels = {k: model.Swot(**v) for k, v in swots.items()}
    return doc


def _html(widget):
    if isinstance(widget, widgets.HTML):
        yield widget.value
    for child in getattr(widget, "children", ()):
        yield from _html(child)


@pytest.fixture
def chosen(session):
    session.change(("channels", "chosen"), ["instagram", "linkedin"])
    return session


def test_a_card_per_chosen_channel_saves_each_list_as_typed_and_shows_it_after_a_restart(chosen):
    form = SwotForm(chosen)
    assert list(form.cards) == ["instagram", "linkedin"]
    form["instagram.strengths"].value = "Mooie eigen foto's\n\n  Volgers reageren snel  "
    form["linkedin.threats"].value = "Concurrent plaatst dagelijks"
    form["organisation.opportunities"].value = "Korte video groeit"
    doc = on_disk(chosen)
    assert doc.deep_dives.swot_channels["instagram"].strengths == ["Mooie eigen foto's", "Volgers reageren snel"]
    assert doc.deep_dives.swot_channels["linkedin"].threats == ["Concurrent plaatst dagelijks"]
    assert doc.deep_dives.swot.opportunities == ["Korte video groeit"]
    again = SwotForm(reopened(chosen))
    assert again["instagram.strengths"].value == "Mooie eigen foto's\nVolgers reageren snel"
    assert again["organisation.opportunities"].value == "Korte video groeit"


def test_the_overview_puts_the_channels_side_by_side_and_the_chart_follows_the_typing(chosen):
    form = SwotForm(chosen)
    assert "<th>Instagram</th><th>LinkedIn</th>" in form.overview.value
    assert not form.chart.outputs  # no point yet: no chart
    form["instagram.weaknesses"].value = "Maar één bericht per maand"
    assert "<td>Zwaktes</td><td>Maar één bericht per maand</td><td></td>" in form.overview.value
    assert form.chart.outputs


def test_another_channel_is_added_by_name_and_a_name_is_needed(chosen):
    form = SwotForm(chosen)
    form.add.click()
    assert message_of(form.new_channel) == "" and "Typ eerst de naam van een kanaal." in form.message.value
    form.new_channel.value = " Tik Tok "
    form.add.click()
    assert list(form.cards) == ["instagram", "linkedin", "tiktok"] and form.new_channel.value == ""
    assert "<th>TikTok</th>" in form.overview.value
    form["tiktok.opportunities"].value = "Doelgroep zoekt hier tips"
    assert on_disk(chosen).deep_dives.swot_channels["tiktok"].opportunities == ["Doelgroep zoekt hier tips"]
    assert "tiktok" in SwotForm(reopened(chosen)).cards


def test_a_channel_added_here_can_be_removed_one_chosen_in_step_3_cannot(chosen):
    form = SwotForm(chosen)
    form["instagram.strengths"].value = "Veel volgers"
    form.new_channel.value = "TikTok"
    form.add.click()
    form["tiktok.threats"].value = "Trend gaat snel voorbij"
    buttons = {code: card.children[0].children[1] for code, card in form.cards.items()}
    assert [code for code, b in buttons.items() if b.layout.display != "none"] == ["tiktok"]
    assert buttons["tiktok"].description == "Kanaal weghalen"
    buttons["tiktok"].click()  # the first click asks
    assert "tiktok" in form.cards and buttons["tiktok"].button_style == "danger"
    assert buttons["tiktok"].description.startswith("Zeker? Klik nog eens")
    buttons["tiktok"].click()
    assert list(form.cards) == ["instagram", "linkedin"] and "TikTok" not in form.overview.value
    saved = on_disk(chosen).deep_dives.swot_channels
    assert "tiktok" not in saved and saved["instagram"].strengths == ["Veel volgers"]
    assert list(SwotForm(reopened(chosen)).cards) == ["instagram", "linkedin"]
    form.new_channel.value = "TikTok"  # added again: an empty card
    form.add.click()
    assert form["tiktok.threats"].value == ""


def test_an_unanswered_question_goes_away(monkeypatch):
    import threading

    from helpers.ui import blocks

    done, timers = [], []

    class Now(threading.Timer):  # the 6 s pass at once
        def start(self):
            timers.append(self)

    monkeypatch.setattr(blocks.threading, "Timer", Now)
    button = blocks.sure_button("Weg", "Zeker?", lambda: done.append(1))
    button.click()
    assert button.description == "Zeker?" and not done
    timers[0].function()
    assert (button.description, button.button_style) == ("Weg", "") and not done
    button.click()
    button.click()
    assert done == [1] and button.description == "Weg"


def test_no_more_channels_than_the_document_holds(session):
    for n in range(swot.MAX_CHANNELS):
        session.change(("deep_dives", "swot_channels", f"kanaal{n}", "strengths"), [])
    form = SwotForm(session)
    form.new_channel.value = "Nog een"
    form.add.click()
    assert "hoogstens 20 kanalen" in form.message.value
    assert "nog een" not in on_disk(session).deep_dives.swot_channels


def test_a_channel_chosen_on_another_laptop_gets_its_card(chosen):
    form = SwotForm(chosen)
    other = reopened(chosen)
    other.change(("channels", "chosen"), ["instagram", "linkedin", "facebook"])
    other.flush()
    chosen.reload()
    form.follow(chosen.doc)
    assert list(form.cards) == ["instagram", "linkedin", "facebook"]


def test_without_channels_the_form_says_so(session):
    form = SwotForm(session)
    assert "nog geen kanaal" in texts(form) and form.empty.layout.display is None
    assert "Het overzicht verschijnt zodra er een kanaal is." in form.overview.value


@pytest.mark.parametrize("typed, said", [
    ("x" * 5000, "Sterktes is te lang: maximaal 200 tekens."),
    ("goed\x07", "Sterktes bevat onzichtbare stuurtekens; typ de tekst opnieuw."),
])
def test_too_long_or_control_characters_are_refused_beside_the_field_and_keep_what_was_saved(chosen, typed, said):
    form = SwotForm(chosen)
    form["instagram.strengths"].value = "Mooie foto's"
    form["instagram.strengths"].value = typed
    assert message_of(form["instagram.strengths"]) == said
    assert on_disk(chosen).deep_dives.swot_channels["instagram"].strengths == ["Mooie foto's"]


def test_markup_and_formulas_are_text_in_the_form_and_plain_in_the_section(chosen):
    form = SwotForm(chosen)
    form["instagram.threats"].value = '<script>alert(1)</script>\n=HYPERLINK("http://x.invalid","klik")'
    form.new_channel.value = "<b>Eigen</b>"
    form.add.click()
    shown = form.overview.value + "".join(_html(form))  # what the page draws as markup
    assert "<script>" not in shown and "&lt;script&gt;" in form.overview.value
    assert "<b>Eigen</b>" not in shown and "&lt;b&gt;Eigen&lt;/b&gt;" in shown
    table = swot.section(on_disk(chosen), "nl").blocks[0]
    assert table.rows[3][1] == '<script>alert(1)</script>\n=HYPERLINK("http://x.invalid","klik")'
    assert table.head[-1] == "<b>Eigen</b>"


@pytest.mark.parametrize("lang, words", [
    ("nl", ["Een SWOT per kanaal", "Sterktes", "Kanaal toevoegen", "De SWOT van de hele organisatie"]),
    ("en", ["A SWOT for each channel", "Strengths", "Add channel", "The SWOT of the whole organisation"]),
])
def test_the_form_speaks_the_language(chosen, lang, words):
    i18n.set_language(lang)
    form = SwotForm(chosen)
    assert [w for w in words if w not in texts(form)] == [words[2]]  # a button's words are its description
    assert form["instagram.threats"].placeholder == swot.prompt("threats", lang)
    assert form.add.description == words[2]


def test_the_section_in_dutch_and_english_with_the_channels_side_by_side():
    doc = _doc(instagram={"strengths": ["Eigen foto's", "Snelle reacties"], "threats": ["Algoritme"]},
               tiktok={"opportunities": ["Korte video"]})
    doc.deep_dives.swot = model.Swot(strengths=["Vakkennis"], weaknesses=["Weinig tijd", "Geen budget"])
    nl = swot.section(doc, "nl", charts=False)
    assert nl.key == "swot" and nl.title == "SWOT per kanaal"
    side, org = nl.blocks
    assert side == Table("SWOT per kanaal, naast elkaar", ("Onderdeel", "Instagram", "LinkedIn", "TikTok"), (
        ("Sterktes", "Eigen foto's\nSnelle reacties", "", ""), ("Zwaktes", "", "", ""),
        ("Kansen", "", "", "Korte video"), ("Bedreigingen", "Algoritme", "", "")))
    assert org == Table("SWOT van de organisatie", ("Onderdeel", "Punten"), (
        ("Sterktes", "Vakkennis"), ("Zwaktes", "Weinig tijd\nGeen budget"), ("Kansen", ""), ("Bedreigingen", "")))
    en = swot.section(doc, "en")
    assert en.title == "SWOT per channel"
    assert en.blocks[0].head == ("Part", "Instagram", "LinkedIn", "TikTok")
    assert [r[0] for r in en.blocks[0].rows] == ["Strengths", "Weaknesses", "Opportunities", "Threats"]
    assert en.blocks[1].rows[1] == ("Weaknesses", "Weinig tijd\nGeen budget")
    assert isinstance(en.blocks[2], Chart) and en.blocks[2].alt.startswith("Bar chart")


def test_no_answers_no_section_and_the_organisation_alone_is_a_section():
    assert swot.section(model.Strategy(group="x"), "nl") is None
    assert swot.section(_doc(), "nl") is None  # chosen channels, nothing written
    doc = model.Strategy(group="x")
    doc.deep_dives.swot = model.Swot(threats=["Nieuwe concurrent"])
    only = swot.section(doc, "en")
    assert [type(b) for b in only.blocks] == [Table] and only.blocks[0].rows[3] == ("Threats", "Nieuwe concurrent")


@pytest.mark.parametrize("lang, parts, title", [
    ("nl", ["Sterktes", "Zwaktes", "Kansen", "Bedreigingen"], "Hoeveel punten per kanaal"),
    ("en", ["Strengths", "Weaknesses", "Opportunities", "Threats"], "Points per channel"),
])
def test_the_chart_counts_the_points_per_channel_and_part(lang, parts, title):
    doc = _doc(instagram={"strengths": ["a", "b"], "threats": ["c"]}, facebook={"weaknesses": ["d"]})
    chart = swot.chart(doc, lang)
    spec = chart.to_dict()  # validates the spec
    assert spec["title"]["text"] == title
    rows = chart_rows(chart)
    assert [(r["channel"], r["part"], r["items"]) for r in rows] == [
        ("Instagram", parts[0], 2), ("Instagram", parts[1], 0), ("Instagram", parts[2], 0), ("Instagram", parts[3], 1),
        ("LinkedIn", parts[0], 0), ("LinkedIn", parts[1], 0), ("LinkedIn", parts[2], 0), ("LinkedIn", parts[3], 0),
        ("Facebook", parts[0], 0), ("Facebook", parts[1], 1), ("Facebook", parts[2], 0), ("Facebook", parts[3], 0)]
    assert spec["encoding"]["color"]["scale"]["domain"] == parts
    assert swot.chart(_doc(), lang) is None


def test_a_channel_as_typed_is_kept_under_its_platform_key():
    assert swot.channel_key(" Insta ") == "instagram"
    assert swot.channel_key("Tik Tok") == "tiktok"
    assert swot.channel_key(" Mastodon  Social ") == "Mastodon Social"
    assert swot.channel_key("   ") is None
