"""The mergeable state: operations on the latest state, rows by id, and a merge that is
commutative, associative and idempotent (so files merge in any order, any number of times)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import crdt, model

META = {"schema_version": model.SCHEMA_VERSION, "group": "Team", "revision": 1,
        "created_at": "2026-01-01T00:00:00+00:00", "updated_at": "2026-01-01T00:00:00+00:00"}


def doc_of(state) -> model.Strategy:
    return crdt.view(state, META)


def fresh(replica: str = "a") -> dict:
    return crdt.empty(replica)


def test_set_insert_remove_move_by_id():
    s, _d, _ = crdt.apply(fresh(), [crdt.set_("audience.age_min", 20)], "a")
    a, b, c = (crdt.insert("goals", {"sentence": x}) for x in ("een", "twee", "drie"))
    s, _d, ids = crdt.apply(s, [a, b, c], "a")
    assert ids == [a.row_id, b.row_id, c.row_id]
    assert [g.sentence for g in doc_of(s).goals] == ["een", "twee", "drie"]
    s, _d, _ = crdt.apply(s, [crdt.set_(f"goals.{b.row_id}.sentence", "TWEE"), crdt.remove("goals", a.row_id)], "a")
    assert [(g.id, g.sentence) for g in doc_of(s).goals] == [(b.row_id, "TWEE"), (c.row_id, "drie")]
    s, _d, _ = crdt.apply(s, [crdt.move("goals", c.row_id, before=b.row_id)], "a")
    assert [g.sentence for g in doc_of(s).goals] == ["drie", "TWEE"]
    with pytest.raises(crdt.RowGone):
        crdt.apply(s, [crdt.set_(f"goals.{a.row_id}.sentence", "te laat")], "a")
    assert doc_of(s).audience.age_min == 20


def test_a_tick_adds_or_removes_one_item_and_ticks_from_two_sides_merge():
    base, _d, _ = crdt.apply(fresh(), [crdt.set_("channels.chosen", ["Instagram"])], "a")
    left, _d, _ = crdt.apply(base, [crdt.add("channels.chosen", "TikTok")], "a")
    right, _d, _ = crdt.apply(base, [crdt.add("channels.chosen", "LinkedIn"), crdt.discard("channels.chosen", "Instagram")], "b")
    merged, _ = crdt.merge(left, right)
    assert sorted(doc_of(merged).channels.chosen) == ["LinkedIn", "TikTok"]


def test_a_removed_row_stays_removed_when_an_edit_from_elsewhere_arrives():
    ins = crdt.insert("team.tasks", {"title": "Foto's"})
    base, _d, _ = crdt.apply(fresh(), [ins], "a")
    removed, _d, _ = crdt.apply(base, [crdt.remove("team.tasks", ins.row_id)], "a")
    edited, _d, _ = crdt.apply(base, [crdt.set_(f"team.tasks.{ins.row_id}.title", "Video")], "b")
    for merged in (crdt.merge(removed, edited)[0], crdt.merge(edited, removed)[0]):
        assert doc_of(merged).team.tasks == []


def test_an_invalid_combination_only_a_merge_can_make_is_shown_without_the_older_leaf():
    base = fresh()
    left, _d, _ = crdt.apply(base, [crdt.set_("audience.age_min", 50)], "a")
    right, _d, _ = crdt.apply(base, [crdt.set_("audience.age_max", 30)], "b")
    right, _d, _ = crdt.apply(right, [crdt.set_("audience.occupation", "bakker")], "b")
    merged, _ = crdt.merge(left, right)
    doc = doc_of(merged)  # valid, the state keeps both
    assert doc.audience.age_max == 30 and doc.audience.age_min is None and doc.audience.occupation == "bakker"
    assert doc_of(crdt.merge(right, left)[0]) == doc


def test_the_mix_is_one_leaf_and_always_adds_up():
    s, _d, _ = crdt.apply(fresh(), [crdt.set_("content.hero", 20), crdt.set_("content.hub", 20),
                                    crdt.set_("content.help", 60)], "a")
    left, _d, _ = crdt.apply(s, [crdt.set_("content", {"hero": 30, "hub": 10, "help": 60})], "a")
    right, _d, _ = crdt.apply(s, [crdt.set_("content.hub", 40), crdt.set_("content.help", 40)], "b")
    for merged in (crdt.merge(left, right)[0], crdt.merge(right, left)[0]):
        c = doc_of(merged).content
        assert c.hero + c.hub + c.help == 100


def test_preview_names_the_field_by_row_id():
    ins = crdt.insert("goals", {"sentence": "x"})
    s, _d, _ = crdt.apply(fresh(), [ins], "a")
    doc = doc_of(s)
    doc.sync_state = s
    with pytest.raises(model.InvalidChange) as err:
        crdt.preview(doc, [crdt.set_(("goals", ins.row_id, "baseline"), -5)])
    assert ("goals", ins.row_id, "baseline") in err.value.problems


def test_adopt_fills_blanks_and_never_overwrites():
    ours, _d, _ = crdt.apply(fresh(), [crdt.set_("debrief.rose", "van ons")], "a")
    plain = crdt.from_document({"debrief": {"rose": "oud", "bud": "idee"}, "goals": [
        {"id": "r0123456789ab", "sentence": "meer"}]}, "0")
    adopted, delta = crdt.adopt(ours, plain, "a")
    doc = doc_of(adopted)
    assert (doc.debrief.rose, doc.debrief.bud, [g.sentence for g in doc.goals]) == ("van ons", "idee", ["meer"])
    again, delta2 = crdt.adopt(adopted, plain, "a")
    assert delta2 == [] and again == adopted


def test_a_restore_brings_back_values_rows_and_ticks():
    ins = crdt.insert("goals", {"sentence": "een"})
    old, _d, _ = crdt.apply(fresh(), [ins, crdt.set_("channels.chosen", ["Instagram"])], "a")
    now, _d, _ = crdt.apply(old, [crdt.remove("goals", ins.row_id), crdt.discard("channels.chosen", "Instagram"),
                                  crdt.set_("debrief.rose", "later")], "a")
    back, _delta = crdt.rebase(now, old, "a")
    doc = doc_of(back)
    assert [g.sentence for g in doc.goals] == ["een"] and doc.channels.chosen == ["Instagram"] and doc.debrief.rose == ""


@pytest.mark.parametrize("bad", [
    {"clock": 10 ** 20, "leaves": {}},
    {"clock": 5, "leaves": {'["audience","age_min"]': [6, "a", 1]}},
    {"clock": 5, "leaves": {'["group"]': [1, "a", "Ander"]}},
    {"clock": 5, "leaves": {'["x"]': [1, "A B", 1]}},
    {"clock": 5, "leaves": {"not json": [1, "a", 1]}},
    {"clock": True, "leaves": {}},
    [],
])
def test_a_hostile_state_is_refused(bad):
    with pytest.raises(crdt.BadState):
        crdt.check(bad)


# -- the merge's laws --------------------------------------------------------------------------------

FIELDS = ["audience.occupation", "audience.location", "debrief.rose", "debrief.bud", "content.tone_notes"]
ops = st.one_of(
    st.builds(lambda f, v: ("set", f, v), st.sampled_from(FIELDS), st.text("abc", max_size=3)),
    st.builds(lambda v: ("insert", v), st.text("xyz", max_size=3)),
    st.builds(lambda i: ("remove", i), st.integers(0, 5)),
    st.builds(lambda v: ("tick", v), st.sampled_from(["Instagram", "TikTok", "LinkedIn"])),
    st.builds(lambda v: ("untick", v), st.sampled_from(["Instagram", "TikTok", "LinkedIn"])),
)


def _run(base: dict, script: list, replica: str) -> dict:
    state = base
    for step in script:
        ids = [g.id for g in doc_of(state).goals]
        if step[0] == "set":
            op = crdt.set_(step[1], step[2])
        elif step[0] == "insert":
            op = crdt.insert("goals", {"sentence": step[1]})
        elif step[0] == "remove":
            if not ids:
                continue
            op = crdt.remove("goals", ids[step[1] % len(ids)])
        elif step[0] == "tick":
            op = crdt.add("channels.chosen", step[1])
        else:
            op = crdt.discard("channels.chosen", step[1])
        state, _d, _ = crdt.apply(state, [op], replica)
    return state


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ops, max_size=8), st.lists(ops, max_size=8), st.lists(ops, max_size=8))
def test_merge_is_commutative_associative_idempotent(x, y, z):
    base = _run(fresh(), [("insert", "start"), ("set", "debrief.rose", "begin")], "o")
    a, b, c = _run(base, x, "a"), _run(base, y, "b"), _run(base, z, "c")
    ab, ba = crdt.merge(a, b)[0], crdt.merge(b, a)[0]
    assert ab == ba
    assert crdt.merge(crdt.merge(a, b)[0], c)[0] == crdt.merge(a, crdt.merge(b, c)[0])[0]
    assert crdt.merge(ab, b)[0] == ab and crdt.merge(ab, ab)[1] == []
    # every row either side added and did not remove is there
    added = {g.id for g in doc_of(a).goals} | {g.id for g in doc_of(b).goals}
    removed_somewhere = {g.id for g in doc_of(base).goals} - ({g.id for g in doc_of(a).goals} & {g.id for g in doc_of(b).goals})
    assert {g.id for g in doc_of(ab).goals} == added - removed_somewhere
