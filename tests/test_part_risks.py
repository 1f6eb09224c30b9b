"""Self-study part 6: the risk register (ui.risks()), its prepared scenarios and the likelihood x impact
matrix. Typed as a person types, read back from disk and after a restart, hostile text refused or
escaped, in Dutch and English; the matrix checked on the data it draws; the section's exact words."""
from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import model
from helpers.charts import to_svg
from helpers.strategy import Chart, Items, Table, risks as rules
from helpers.ui import FORMS
from helpers.ui.base import Session, message_of
from helpers.ui.risks_form import MAX_RISKS, risks
from tests.widgetkit import chart_rows, on_disk, reopened, svg, texts

from conftest import ROOT


def english_session(workspace) -> Session:
    s = Session(workspace, delay=0.01)
    s.open("Team Test", language="en")
    Session.reset(s)
    return s


def cells(chart) -> dict[tuple[int, int], dict]:
    """(likelihood, impact) -> the square the matrix draws."""
    rows = [r for r in chart_rows(chart) if "likelihood" in r]
    assert len(rows) == 25
    return {(r["likelihood"], r["impact"]): r for r in rows}


def typed(form, rid, **values) -> None:
    for name, value in values.items():
        form.register.cell(rid, name).value = value


def test_the_form_is_imported_only_when_asked_for():
    from helpers import ui

    assert ui.risks is risks and "risks" in FORMS
    code = "import sys, helpers.ui; print('helpers.ui.risks_form' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr[-2000:]


def test_an_empty_register_says_how_to_start_and_writes_nothing(session):
    form = risks(session)
    assert "Nog geen risico&#x27;s. Voeg er een toe of begin met een voorbeeld." in texts(form.overview)
    assert form.chart.outputs == ()
    assert [b.description for b in form.prepared.values()] == \
        ["Een verkeerd bericht", "Een storm van klachten", "Een gehackt account"]
    assert on_disk(session).deep_dives.risks == []


def test_a_risk_typed_in_is_saved_ranked_drawn_and_comes_back(session):
    session.insert(("team", "members"), {"name": "Anna", "role": ""})
    form = risks(session)
    form.register.add_button.click()
    rid = form.register.ids()[0]
    typed(form, rid, title="Negatieve review gaat rond", likelihood=4, impact=3,
          scenario="Een klant deelt een slechte ervaring", response="Binnen een uur reageren", owner="Anna")
    form.prepared["hacked"].click()
    saved = on_disk(session).deep_dives.risks
    assert [(r.title, r.likelihood, r.impact, r.owner) for r in saved] == [
        ("Negatieve review gaat rond", 4, 3, "Anna"), ("Ons account is gehackt", 2, 5, "")]
    assert saved[1].response.startswith("Zet het wachtwoord meteen opnieuw")
    assert texts(form.overview).count("<div>") == 2
    assert "1. Negatieve review gaat rond: kans 4 x impact 3 = 12, Hoog" in texts(form.overview)
    assert "2. Ons account is gehackt: kans 2 x impact 5 = 10, Hoog" in texts(form.overview)
    assert form.register.cell(rid, "owner").options == ("Anna",)
    assert "<svg" in svg(form.chart)
    fresh = reopened(session)
    again = risks(fresh)
    assert [again.register.cell(r, "likelihood").value for r in again.register.ids()] == [4, 2]
    assert again.register.cell(rid, "title").value == "Negatieve review gaat rond"
    assert again.register.cell(rid, "likelihood").options[3] == ("4 · groot", 4)


def test_the_matrix_follows_the_choices_and_a_removed_row(session):
    form = risks(session)
    form.prepared["wrong_post"].click()
    form.prepared["complaints"].click()
    first, second = form.register.ids()
    drawn = form.chart.outputs
    typed(form, second, likelihood=5, impact=5)
    assert form.chart.outputs != drawn
    typed(form, second, title="Storm")  # a title changes the words, not the matrix
    assert "2. Storm: kans 5 x impact 5 = 25, Hoog" in texts(form.overview)
    form.register.remove_buttons[first].click()
    assert [r.title for r in on_disk(session).deep_dives.risks] == ["Storm"]
    assert texts(form.overview).startswith("<h4>Van hoog naar laag</h4><div>1. Storm")


def test_prepared_scenarios_in_english(workspace):
    s = english_session(workspace)
    form = risks(s)
    assert form.prepared["complaints"].description == "A storm of complaints"
    form.prepared["complaints"].click()
    row = on_disk(s).deep_dives.risks[0]
    assert (row.title, row.likelihood, row.impact) == ("A storm of complaints", 3, 3)
    assert row.scenario.startswith("Many people complain at once")
    assert "1. A storm of complaints: likelihood 3 x impact 3 = 9, Medium" in texts(form.overview)
    assert form.register.cell(row.id, "impact").description == "Impact"
    assert form.register.cell(row.id, "likelihood").options[0] == ("1 · very small", 1)


def test_hostile_text_is_refused_or_escaped_and_the_saved_title_stays(session):
    form = risks(session)
    form.register.add_button.click()
    rid = form.register.ids()[0]
    typed(form, rid, title="<script>alert(1)</script>", response='=HYPERLINK("http://x.invalid","klik")')
    assert on_disk(session).deep_dives.risks[0].response == '=HYPERLINK("http://x.invalid","klik")'
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in form.overview.value and "<script>" not in form.overview.value
    assert "<script>" not in svg(form.chart)
    typed(form, rid, title="x" * 5000)
    assert message_of(form.register.cell(rid, "title")) == "Omschrijving is te lang: maximaal 200 tekens."
    typed(form, rid, title="Fout\x00bericht")
    assert message_of(form.register.cell(rid, "title")) == "Omschrijving bevat onzichtbare stuurtekens; typ de tekst opnieuw."
    typed(form, rid, scenario="s" * 201)
    assert "Scenario is te lang" in message_of(form.register.cell(rid, "scenario"))
    assert on_disk(session).deep_dives.risks[0].title == "<script>alert(1)</script>"


def test_a_full_register_refuses_one_more_in_words(session):
    for _ in range(MAX_RISKS):
        session.insert(("deep_dives", "risks"), {"title": "r"})
    form = risks(session)
    form.prepared["hacked"].click()
    assert "Er passen hier hoogstens 50 regels." in form.message.value
    assert len(on_disk(session).deep_dives.risks) == MAX_RISKS and form.register.add_button.disabled


# -- the logic, the chart and the report ---------------------------------------------------------------

@pytest.mark.parametrize("likelihood, impact, points, level", [
    (1, 1, 1, "low"), (2, 2, 4, "low"), (1, 5, 5, "medium"), (3, 3, 9, "medium"), (2, 5, 10, "high"), (5, 5, 25, "high")])
def test_score_and_level(likelihood, impact, points, level):
    assert rules.score(likelihood, impact) == points and rules.level(points) == level


def risk_list() -> list[model.Risk]:
    return [model.Risk(title="Gehackt", likelihood=2, impact=5, owner="Bo"),
            model.Risk(title="Verkeerde post", likelihood=4, impact=4, scenario="Typefout in prijs", response="Rechtzetten"),
            model.Risk(title="Stil account", likelihood=1, impact=2),
            model.Risk(title="Ook gehackt", likelihood=2, impact=5)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_matrix_draws_every_square_with_its_level_and_the_risks_in_it(lang):
    chart = rules.matrix(risk_list(), lang)
    spec = chart.to_dict()  # validated against the Vega-Lite schema
    squares = cells(chart)
    assert squares[2, 5]["text"] == "1, 4" and squares[4, 4]["text"] == "2" and squares[1, 2]["text"] == "3"
    assert squares[3, 3]["text"] == ""
    assert [squares[k]["level"] for k in ((2, 2), (1, 5), (3, 3), (2, 5), (5, 5))] == \
        ["low", "medium", "medium", "high", "high"]
    words = {"nl": ["Laag", "Middel", "Hoog"], "en": ["Low", "Medium", "High"]}[lang]
    assert squares[5, 5]["level_label"] == words[2]
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour == {"domain": words, "range": ["#8cb369", "#edae49", "#d1495b"]}
    assert spec["title"]["text"] == {"nl": "Kans en impact van jullie risico's", "en": "Likelihood and impact of your risks"}[lang]
    assert spec["layer"][0]["encoding"]["y"]["sort"] == [5, 4, 3, 2, 1]
    assert "<svg" in to_svg(chart)


def test_no_risks_no_section():
    assert rules.section(model.Strategy(group="x"), "nl") is None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_section_in_both_languages(lang):
    doc = model.Strategy(group="Bakkerij")
    doc.deep_dives.risks = risk_list()
    section = rules.section(doc, lang)
    assert section.key == "risks" and section.title == {"nl": "Risico's en scenario's", "en": "Risks and scenarios"}[lang]
    register, levels, chart = section.blocks
    assert isinstance(register, Table) and register.numbers == (0, 3, 4, 5)
    assert register.head == {"nl": ("Nr.", "Risico", "Scenario", "Kans", "Impact", "Score", "Niveau", "Aanpak", "Wie"),
                             "en": ("No.", "Risk", "Scenario", "Likelihood", "Impact", "Score", "Level", "Response",
                                    "Owner")}[lang]
    high = {"nl": "Hoog", "en": "High"}[lang]
    assert register.rows[:2] == (("1", "Gehackt", "", "2", "5", "10", high, "", "Bo"),
                                 ("2", "Verkeerde post", "Typefout in prijs", "4", "4", "16", high, "Rechtzetten", ""))
    assert isinstance(levels, Items) and levels.items == {
        "nl": ("Hoog: 3 (1, 2, 4)", "Middel: 0", "Laag: 1 (3)"), "en": ("High: 3 (1, 2, 4)", "Medium: 0", "Low: 1 (3)")}[lang]
    assert isinstance(chart, Chart) and cells(chart.chart)[4, 4]["text"] == "2"
    assert chart.alt == {"nl": "Matrix van kans en impact met de risico's uit het register",
                         "en": "Likelihood and impact matrix with the risks from the register"}[lang]
    assert [type(b) for b in rules.section(doc, lang, charts=False).blocks] == [Table, Items]


def test_numbers_in_the_section_are_written_as_the_reader_writes_them():
    doc = model.Strategy(group="x")
    doc.deep_dives.risks = [model.Risk(title=f"r{i}") for i in range(12)]
    assert rules.section(doc, "nl").blocks[0].rows[-1][0] == "12"
    assert rules.lines(doc.deep_dives.risks[:2], "en") == ["1. r0: likelihood 3 x impact 3 = 9, Medium",
                                                           "2. r1: likelihood 3 x impact 3 = 9, Medium"]
