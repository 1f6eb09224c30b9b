"""Self-study part 5: internal policy (ui.policy()) and guidelines (ui.guidelines()). Typed as a person
types, read back from disk and after a restart, hostile text refused or escaped, in Dutch and English,
and the part's section for the full report with its exact words and figures."""
from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import model
from helpers.strategy import Items, Table, Text, policy as rules
from helpers.ui import FORMS
from helpers.ui.base import Session, message_of
from helpers.ui.policy_form import guidelines, policy
from tests.widgetkit import on_disk, reopened, texts

from conftest import ROOT

SUGGESTED_NL = ["Content maken", "Reageren op berichten en vragen", "Monitoren wat er over ons gezegd wordt",
                "Rapporteren over de cijfers", "Berichten goedkeuren"]
HOSTILE = ["<script>alert(1)</script>", '=HYPERLINK("http://x.invalid","klik")']


def english_session(workspace) -> Session:
    s = Session(workspace, delay=0.01)
    s.open("Team Test", language="en")
    Session.reset(s)
    return s


def with_team(session, *names) -> None:
    for name in names:
        session.insert(("team", "members"), {"name": name, "role": ""})


def test_the_forms_are_imported_only_when_asked_for():
    from helpers import ui

    assert ui.policy is policy and ui.guidelines is guidelines and {"policy", "guidelines"} <= set(FORMS)
    code = "import sys, helpers.ui; print('helpers.ui.policy_form' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr[-2000:]


def test_an_empty_form_asks_for_tasks_and_writes_nothing(session):
    form = policy(session)
    assert "Schrijf eerst een paar taken op" in texts(form.grid)
    assert form.warnings.value == ""
    assert on_disk(session).deep_dives.policy == model.Policy()
    form["tasks"].value = "Content maken"
    assert "Voeg eerst mensen toe" in texts(form.grid)


def test_tasks_the_suggestions_and_people_from_the_team(session):
    with_team(session, "Anna", "Bo")
    form = policy(session)
    form["tasks"].value = "Content maken\nVideo's monteren"
    form.suggest.click()  # the usual tasks, the one already there not twice
    assert on_disk(session).deep_dives.policy.tasks == ["Content maken", "Video's monteren", *SUGGESTED_NL[1:]]
    assert form["tasks"].value.splitlines()[-1] == "Berichten goedkeuren"
    assert form.grid.shape[1] == ("Anna", "Bo")
    assert set(form.grid.cells) == {(task, p) for task in on_disk(session).deep_dives.policy.tasks for p in ("Anna", "Bo")}
    form.person.value = "Chris"
    form.add_person.click()  # someone outside the team of step 5 joins it, and so the grid
    assert [m.name for m in on_disk(session).team.members] == ["Anna", "Bo", "Chris"]
    assert form.grid.shape[1] == ("Anna", "Bo", "Chris") and form.person.value == ""
    form.person.value = "Bo"
    form.add_person.click()
    assert message_of(form.person) == "" and "Bo staat er al bij." in form.message.value
    assert len(on_disk(session).team.members) == 3


def test_roles_are_saved_checked_in_words_and_come_back_after_a_restart(session):
    with_team(session, "Anna", "Bo", "Chris")
    form = policy(session)
    form["tasks"].value = "Content maken\nReageren\nRapporteren"
    warned = texts(form.warnings)
    assert "Bij ‘Content maken’ heeft nog niemand een rol: geef iemand een R en precies één persoon een A." in warned
    form.grid.cells["Content maken", "Anna"].value = "R"
    form.grid.cells["Content maken", "Bo"].value = "A"
    form.grid.cells["Reageren", "Anna"].value = "A"
    form.grid.cells["Reageren", "Bo"].value = "A"
    form.grid.cells["Rapporteren", "Chris"].value = "C"
    assert on_disk(session).deep_dives.policy.raci == {
        "Content maken": {"Anna": "R", "Bo": "A"}, "Reageren": {"Anna": "A", "Bo": "A"}, "Rapporteren": {"Chris": "C"}}
    warned = texts(form.warnings)
    assert "Content maken" not in warned
    assert "Bij ‘Reageren’ doet nog niemand het werk: geef iemand een R." in warned
    assert "Bij ‘Reageren’ zijn meerdere mensen eindverantwoordelijk: laat er één de A houden." in warned
    assert "Bij ‘Rapporteren’ is niemand eindverantwoordelijk: geef precies één persoon een A." in warned
    form.grid.cells["Reageren", "Bo"].value = "R"
    form.grid.cells["Rapporteren", "Chris"].value = ""  # "—": the role is gone from the document
    assert on_disk(session).deep_dives.policy.raci["Reageren"] == {"Anna": "A", "Bo": "R"}
    assert "Rapporteren" not in on_disk(session).deep_dives.policy.raci
    form.grid.cells["Rapporteren", "Chris"].value = "R"
    form.grid.cells["Rapporteren", "Anna"].value = "A"
    assert "Elke taak heeft iemand die het werk doet en precies één eindverantwoordelijke." in texts(form.warnings)
    again = policy(reopened(session))
    assert again.grid.cells["Reageren", "Bo"].value == "R" and again.grid.cells["Content maken", "Chris"].value == ""
    assert again["tasks"].value == "Content maken\nReageren\nRapporteren"


def test_a_task_renamed_keeps_its_roles_as_the_name_is_typed(session):
    with_team(session, "Anna", "Bo")
    form = policy(session)
    form["tasks"].value = "Content maken\nReageren"
    form.grid.cells["Reageren", "Anna"].value = "R"
    form.grid.cells["Reageren", "Bo"].value = "A"
    for typed in ("Reageren o", "Reageren op", "Reageren op DM's"):  # key by key, as in the text area
        form["tasks"].value = f"Content maken\n{typed}"
    raci = on_disk(session).deep_dives.policy.raci
    assert raci == {"Reageren op DM's": {"Anna": "R", "Bo": "A"}}
    assert form.grid.cells["Reageren op DM's", "Bo"].value == "A"
    # a task added or removed moves nobody's roles
    form["tasks"].value = "Plannen\nReageren op DM's"
    form["tasks"].value = "Reageren op DM's"
    assert on_disk(session).deep_dives.policy.raci == {"Reageren op DM's": {"Anna": "R", "Bo": "A"}}


def test_renamed_tasks():
    assert rules.renamed_tasks(["a", "b", "c"], ["a", "B!", "c"]) == {"b": "B!"}
    assert rules.renamed_tasks(["a", "b"], ["a", "b", "c"]) == {}
    assert rules.renamed_tasks(["a", "b", "c"], ["a", "c"]) == {}
    assert rules.renamed_tasks(["a", "b"], ["b", "a"]) == {}           # moved, not renamed
    assert rules.renamed_tasks(["a", "b"], ["x", "y"]) == {"a": "x", "b": "y"}


def test_a_role_chosen_on_another_laptop_appears(session):
    with_team(session, "Anna")
    form = policy(session)
    form["tasks"].value = "Content maken"
    other = reopened(session)
    assert other.change(("deep_dives", "policy", "raci", "Content maken", "Anna"), "A") is None
    other.flush()
    session.reload()
    assert form.grid.cells["Content maken", "Anna"].value == "A"
    assert "geef iemand een R" in texts(form.warnings)


@pytest.mark.parametrize("lang, typed, shown", [("nl", ("2,5", "€ 1.200", "500"), ("2,5", "1.200", "500")),
                                                ("en", ("2.5", "€1,200", "500"), ("2.5", "1,200", "500"))])
def test_hours_and_budgets_as_a_person_types_them(workspace, lang, typed, shown):
    s = english_session(workspace) if lang == "en" else Session(workspace, delay=0.01)
    if lang == "nl":
        s.open("Team Test")
        Session.reset(s)
    form = policy(s)
    for name, value in zip(("hours_per_week", "budget_structural", "budget_incidental"), typed):
        form[name].value = value
    saved = on_disk(s).deep_dives.policy
    assert (saved.hours_per_week, saved.budget_structural, saved.budget_incidental) == (2.5, 1200, 500)
    again = policy(reopened(s))
    assert tuple(again[n].value for n in ("hours_per_week", "budget_structural", "budget_incidental")) == shown


def test_a_wrong_number_is_refused_beside_the_field_and_the_saved_one_stays(session):
    form = policy(session)
    form["budget_structural"].value = "1.200"
    form["budget_structural"].value = "veel geld"
    assert message_of(form["budget_structural"]) == "'veel geld' is geen getal; schrijf bijvoorbeeld 1500 of 12,5."
    form["budget_structural"].value = "-300"
    assert message_of(form["budget_structural"]) == "Vul een bedrag of aantal van 0 of meer in."
    form["hours_per_week"].value = "5000"
    assert "Uren per week" in message_of(form["hours_per_week"])
    saved = on_disk(session).deep_dives.policy
    assert saved.budget_structural == 1200 and saved.hours_per_week is None
    form["budget_structural"].value = ""
    assert on_disk(session).deep_dives.policy.budget_structural is None


def test_hostile_tasks_are_escaped_or_refused(session):
    with_team(session, "<b>Eve</b>")
    form = policy(session)
    form["tasks"].value = "\n".join(HOSTILE)
    assert on_disk(session).deep_dives.policy.tasks == HOSTILE  # plain text: the workbook escapes a formula
    shown = texts(form.grid)
    assert "<script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert form.grid.cells[HOSTILE[0], "<b>Eve</b>"].description == "<b>Eve</b>"  # a label, never markup
    assert not form.grid.cells[HOSTILE[0], "<b>Eve</b>"].description_allow_html
    form.grid.cells[HOSTILE[0], "<b>Eve</b>"].value = "R"
    assert "&lt;script&gt;" in form.warnings.value and "<script>" not in form.warnings.value
    form["tasks"].value = "x" * 5000
    assert message_of(form["tasks"]) == "Taken is te lang: maximaal 200 tekens."
    form["tasks"].value = "Content\x07 maken"
    assert message_of(form["tasks"]) == "Taken bevat onzichtbare stuurtekens; typ de tekst opnieuw."
    assert on_disk(session).deep_dives.policy.tasks == HOSTILE
    form.person.value = "y" * 5000
    form.add_person.click()
    assert "te lang" in form.message.value and len(on_disk(session).team.members) == 1


def test_stance_explanation_and_guidelines_are_saved_and_come_back(session):
    form, rules_form = policy(session), guidelines(session)
    form["stance"].value = "both"
    form["proactive"].value = "We plannen ons nieuws.\nSlecht nieuws brengen we zelf."
    rules_form["guidelines_do"].value = "Binnen 4 uur reageren, ook in het weekend\nOndertekenen met je voornaam"
    rules_form["guidelines_dont"].value = "Geen politiek\n\n  Nooit klantgegevens  "
    dives = on_disk(session).deep_dives
    assert dives.policy.stance == "both" and dives.proactive.startswith("We plannen")
    assert dives.guidelines_do == ["Binnen 4 uur reageren, ook in het weekend", "Ondertekenen met je voornaam"]
    assert dives.guidelines_dont == ["Geen politiek", "Nooit klantgegevens"]
    fresh = reopened(session)
    assert policy(fresh)["stance"].value == "both"
    assert guidelines(fresh)["guidelines_dont"].value == "Geen politiek\nNooit klantgegevens"
    assert "Nooit klantgegevens in een reactie" in guidelines(fresh)["guidelines_dont"].placeholder


def test_the_forms_speak_english(workspace):
    s = english_session(workspace)
    with_team(s, "Sam")
    form = policy(s)
    form.suggest.click()
    assert on_disk(s).deep_dives.policy.tasks[0] == "Creating content"
    shown = texts(form)
    assert "Who does what" in shown and "Responsible" in shown and "Accountable" in shown
    assert "Nobody has a role for ‘Creating content’ yet: give someone an R and exactly one person an A." in shown
    assert [label for label, _ in form["stance"].options][1].startswith("Proactive:")
    assert form["budget_structural"].description == "Structural budget per year (€)"
    form["budget_incidental"].value = "-1"
    assert message_of(form["budget_incidental"]) == "Enter an amount or number of 0 or more."
    assert "Answer every question within 4 hours" in guidelines(s)["guidelines_do"].placeholder


# -- the logic and the report --------------------------------------------------------------------------

def doc_with(**policy_fields) -> model.Strategy:
    doc = model.Strategy(group="Bakkerij")
    doc.team.members = [model.Member(name="Anna"), model.Member(name="Bo")]
    doc.deep_dives.policy = model.Policy(**policy_fields)
    return doc


def test_task_problems_per_task():
    found = rules.task_problems(model.Policy(
        tasks=["a", "b", "c", "d", "e"],
        raci={"a": {"X": "R", "Y": "A"}, "b": {"X": "C"}, "c": {"X": "A", "Y": "A", "Z": "R"}, "e": {"X": "R"}}))
    assert found == [("b", "no_r"), ("b", "no_a"), ("c", "many_a"), ("d", "no_roles"), ("e", "no_a")]
    assert rules.missing_suggestions(["content MAKEN "], "nl") == SUGGESTED_NL[1:]


def test_people_are_the_team_then_anyone_else_with_a_role():
    doc = doc_with(tasks=["a"], raci={"a": {"Chris": "R", "Anna": "A"}, "gone": {"Dirk": "R"}})
    assert rules.people(doc) == ["Anna", "Bo", "Chris"]


def test_no_answers_no_section():
    assert rules.section(model.Strategy(group="x"), "nl") is None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_section_in_both_languages(lang):
    doc = doc_with(tasks=["Content", HOSTILE[1]], raci={"Content": {"Anna": "R", "Bo": "A"}, HOSTILE[1]: {"Bo": "C"}},
                   hours_per_week=2.5, budget_structural=1200, budget_incidental=350.5, stance="proactive")
    doc.deep_dives.proactive = "Wij brengen zelf het nieuws."
    doc.deep_dives.guidelines_do = ["Snel reageren"]
    doc.deep_dives.guidelines_dont = ["<script>x</script>"]
    section = rules.section(doc, lang)
    assert section.key == "policy"
    assert section.title == {"nl": "Intern beleid en richtlijnen", "en": "Internal policy and guidelines"}[lang]
    raci, letters, warned, time, stance, do, dont = section.blocks
    assert isinstance(raci, Table) and raci.head == ({"nl": "Taak", "en": "Task"}[lang], "Anna", "Bo")
    assert raci.rows == (("Content", "R", "A"), (HOSTILE[1], "", "C"))
    assert isinstance(letters, Items) and letters.items[1] == {
        "nl": "A = Eindverantwoordelijk: hakt de knoop door en staat ervoor in (precies één per taak)",
        "en": "A = Accountable, who makes the final call and answers for it (exactly one per task)"}[lang]
    assert warned.items == ({"nl": (f"Bij ‘{HOSTILE[1]}’ doet nog niemand het werk: geef iemand een R.",
                                    f"Bij ‘{HOSTILE[1]}’ is niemand eindverantwoordelijk: geef precies één persoon een A."),
                             "en": (f"Nobody does the work for ‘{HOSTILE[1]}’ yet: give someone an R.",
                                    f"Nobody is accountable for ‘{HOSTILE[1]}’: give exactly one person an A.")}[lang])
    assert isinstance(time, Table) and time.numbers == (1,)
    assert time.rows == {"nl": (("Uren per week", "2,5"), ("Structureel budget per jaar", "€ 1.200"),
                                ("Incidenteel budget", "€ 350,5")),
                         "en": (("Hours per week", "2.5"), ("Structural budget per year", "€1,200"),
                                ("One-off budget", "€350.5"))}[lang]
    assert isinstance(stance, Text) and stance.text.endswith("\nWij brengen zelf het nieuws.")
    assert stance.text.startswith({"nl": "Proactief:", "en": "Proactive:"}[lang])
    assert do.items == ("Snel reageren",) and dont.items == ("<script>x</script>",)  # plain text: the report escapes


def test_a_section_with_only_guidelines():
    doc = model.Strategy(group="x")
    doc.deep_dives.guidelines_do = ["Snel reageren"]
    section = rules.section(doc, "en")
    assert [b.label for b in section.blocks] == ["Guidelines: do"]
