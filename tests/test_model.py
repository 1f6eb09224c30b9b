"""The Strategy document: round-trip, migration, schema export, plain-words validation."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import model
from helpers.model import InvalidChange, Strategy

# -- generated documents ---------------------------------------------------------------------------

printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40
)
short = printable.map(str.strip)
long_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"), max_size=300)
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
clock = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
platforms = st.sampled_from(["Instagram", "LinkedIn", "TikTok", "Facebook", "YouTube", "X"])
days = st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), max_size=7)


@st.composite
def documents(draw) -> dict:
    # a new group's name may not hide or reorder text (bidi controls, zero-width: category Cf)
    group = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf")), max_size=40)
                 .map(str.strip).filter(bool))
    age_min = draw(st.none() | st.integers(0, 120))
    age_max = draw(st.none() | st.integers(age_min or 0, 120))
    hero = draw(st.integers(0, 100))
    hub = draw(st.integers(0, 100 - hero))
    chans = draw(st.lists(platforms, max_size=4, unique=True))
    return {
        "group": group,
        "language": draw(st.sampled_from(["nl", "en"])),
        "checkin": {"people": draw(st.dictionaries(short, st.fixed_dictionaries(
            {"mood": st.none() | st.integers(1, 5), "word": short}), max_size=5))},
        "audience": {
            "age_min": age_min, "age_max": age_max,
            "gender": draw(st.sampled_from(["", "all", "women", "men", "mixed", "other"])),
            "occupation": draw(short), "interests": draw(st.lists(short, max_size=5)),
            "pains": draw(st.lists(short, max_size=3)), "description": draw(long_text),
        },
        "goals": draw(st.lists(st.fixed_dictionaries({
            "sentence": long_text, "kpi": short, "platform": st.sampled_from(["", "Instagram"]),
            "baseline": st.none() | st.floats(0, 1e9, allow_nan=False),
            "target": st.none() | st.floats(0, 1e9, allow_nan=False),
            "deadline": st.none() | dates.map(dt.date.isoformat),
            "phase": st.sampled_from(["", "see", "think", "do", "care"]),
            "smart": st.fixed_dictionaries({k: st.booleans() for k in
                                            ("specific", "measurable", "achievable", "relevant", "time_bound")}),
        }), max_size=3)),
        "channels": {"chosen": chans, "brand_fit": {c: draw(st.integers(0, 5)) for c in chans}},
        "content": {
            "themes": draw(st.lists(short, max_size=4)), "hero": hero, "hub": hub, "help": 100 - hero - hub,
            "posts_per_week": {c: draw(st.integers(0, 14)) for c in chans},
            "days": {c: draw(days) for c in chans}, "times": {c: draw(st.lists(clock, max_size=3)) for c in chans},
        },
        "team": {
            "members": draw(st.lists(st.fixed_dictionaries({"name": short, "role": short}), max_size=4)),
            "tasks": draw(st.lists(st.fixed_dictionaries({
                "title": short, "owner": short, "due": st.none() | dates.map(dt.date.isoformat),
                "done": st.booleans()}), max_size=4)),
        },
        "calendar": {"entries": draw(st.lists(st.fixed_dictionaries({
            "date": dates.map(dt.date.isoformat), "time": clock, "channel": platforms,
            "layer": st.sampled_from(["", "hero", "hub", "help"]), "title": short}), max_size=6))},
        "debrief": {"rose": draw(long_text), "thorn": draw(long_text), "bud": draw(long_text)},
        "deep_dives": {"notes": draw(st.dictionaries(short, long_text, max_size=3)),
                       "swot": {"strengths": draw(st.lists(short, max_size=3))}},
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_document_round_trips_through_json(data):
    doc = Strategy.model_validate(data)
    again = model.load_document(json.loads(doc.model_dump_json()))
    assert again == doc
    assert again.model_dump(mode="json") == doc.model_dump(mode="json")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(documents())
def test_document_round_trips_through_the_store(tmp_path_factory, data):
    from helpers.store import Workspace

    ws = Workspace(tmp_path_factory.mktemp("ws"))
    doc = Strategy.model_validate(data)
    ws.create(doc.group, doc.language)
    body = doc.model_dump(mode="json")
    changes = {k: v for k, v in body.items()
               if k not in ("group", "schema_version", "revision", "created_at", "updated_at")}
    saved = ws.update(doc.group, changes)
    loaded = Workspace(ws.root).load(doc.group)
    assert loaded == saved
    for key in changes:
        assert loaded.model_dump(mode="json")[key] == body[key]


# -- migration ---------------------------------------------------------------------------------------

V1 = {
    "schema_version": 1,
    "name": "Team Oud",
    "goals": ["Meer volgers op Instagram", {"sentence": "Meer leads"}],
    "checkin": {"mood": 4, "word": "fris"},
    "rose": {"rose": "mooi", "thorn": "lastig", "bud": "idee"},
}


def test_version_1_is_migrated_on_load():
    doc = model.load_document(json.loads(json.dumps(V1)))
    assert doc.schema_version == model.SCHEMA_VERSION
    assert doc.group == "Team Oud"
    assert [g.sentence for g in doc.goals] == ["Meer volgers op Instagram", "Meer leads"]
    assert doc.checkin.people["Team Oud"].mood == 4
    assert (doc.debrief.rose, doc.debrief.thorn, doc.debrief.bud) == ("mooi", "lastig", "idee")


def test_a_document_without_version_is_taken_as_version_1():
    data = dict(V1)
    data.pop("schema_version")
    assert model.load_document(data).group == "Team Oud"


@pytest.mark.parametrize("version", [0, 99, "2", None])
def test_unknown_versions_are_refused_in_words(version):
    with pytest.raises(ValueError):
        model.load_document({"schema_version": version, "group": "x"})


# -- schema export -----------------------------------------------------------------------------------

def test_json_schema_describes_every_section_and_validates_a_document():
    import jsonschema

    schema = model.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for section in ("checkin", "audience", "goals", "channels", "content", "team", "calendar",
                    "debrief", "deep_dives", "schema_version"):
        assert section in schema["properties"]
    doc = model.new_document("Team Schema")
    doc = model.apply_changes(doc, {"goals.0.sentence": "x", "calendar.entries.0": {"date": "2027-01-04"}})
    jsonschema.validate(doc.model_dump(mode="json"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**doc.model_dump(mode="json"), "language": "fr"}, schema)


def test_cli_prints_the_schema():
    from helpers.cli import main

    assert main(["schema"]) == 0


# -- plain-words validation --------------------------------------------------------------------------

@pytest.mark.parametrize("lang,path,value,expected", [
    ("nl", "audience.age_min", 300, "Leeftijd van mag hoogstens 120 zijn."),
    ("en", "audience.age_min", 300, "Age from must be at most 120."),
    ("nl", "audience.occupation", "x" * 300, "Beroep is te lang: maximaal 200 tekens."),
    ("en", "debrief.rose", "x" * 10_000, "Rose (highlight) is too long: 2000 characters at most."),
    ("nl", "content.hero", 70, "Hero, Hub en Help moeten samen precies 100% zijn."),
    ("en", "content.times", {"Instagram": ["25:00"]}, "Times (Instagram) is not in the right form (write a time as 09:30)."),
    ("nl", "goals.0.deadline", "morgen", "Deadline is geen datum die ik herken (gebruik bijvoorbeeld 2026-12-31)."),
    ("en", "audience.gender", "robot", "Gender: choose one of the options offered."),
    ("nl", "group", "a\x00b", "Naam van je groep bevat onzichtbare stuurtekens; typ de tekst opnieuw."),
])
def test_validation_errors_name_the_field_in_plain_words(lang, path, value, expected):
    doc = model.new_document("Team Fout")
    with pytest.raises(InvalidChange) as info:
        model.apply_changes(doc, {path: value}, lang=lang)
    assert expected in info.value.problems.values()


def test_age_order_is_checked_across_two_fields():
    doc = model.apply_changes(model.new_document("T"), {"audience.age_min": 40})
    with pytest.raises(InvalidChange) as info:
        model.apply_changes(doc, {"audience.age_max": 20}, lang="en")
    assert "swap" in " ".join(info.value.problems.values())


def test_html_and_emoji_are_kept_as_plain_text():
    doc = model.apply_changes(model.new_document("Groep Zoë 🌱"),
                              {"debrief.bud": "<script>alert(1)</script> 🌷"})
    assert doc.debrief.bud == "<script>alert(1)</script> 🌷"


def test_paths_parse_and_lists_append():
    assert model.parse_path("goals.0.sentence") == ("goals", 0, "sentence")
    doc = model.apply_changes(model.new_document("T"), {"team.members.0": {"name": "Ann", "role": "copy"}})
    doc = model.apply_changes(doc, {"team.members.1.name": "Bo"})
    assert [m.name for m in doc.team.members] == ["Ann", "Bo"]
    doc = model.apply_changes(doc, {"team.members.0": model.DELETE})
    assert [m.name for m in doc.team.members] == ["Bo"]


def test_step_1_is_done_with_what_the_workshop_needs():
    """Seed 003: ages, gender, occupation, income and interests; pains, gains and the persona are
    for a group with time left (folded away in the form)."""
    doc = model.apply_changes(model.new_document("T"), {"audience.persona_name": "Sanne"})
    assert model.step_status(doc)["audience"] == "busy"
    doc = model.apply_changes(doc, {"audience.age_max": 40, "audience.gender": "women",
                                    "audience.occupation": "docent", "audience.interests": ["koken"]})
    assert model.step_status(doc)["audience"] == "busy"  # no income yet
    doc = model.apply_changes(doc, {"audience.income": "middle"})
    assert model.step_status(doc)["audience"] == "done"
    assert not doc.audience.pains and not doc.audience.gains


def test_step_status_moves_from_todo_to_done():
    doc = model.new_document("T")
    assert set(model.step_status(doc).values()) == {"todo"}
    doc = model.apply_changes(doc, {"debrief.rose": "goed"})
    assert model.step_status(doc)["debrief"] == "busy"
    doc = model.apply_changes(doc, {"debrief.thorn": "tijd", "debrief.bud": "video"})
    assert model.step_status(doc)["debrief"] == "done"
