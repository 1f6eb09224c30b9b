"""Uploads on the trainer's dashboard: every upload kept (bytes and record in ``.uploads/``), listed,
and undoable without losing what was saved after it (store, classroom and the collection widget)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import classroom, crdt
from helpers.i18n import t
from helpers.store import UPLOADS, Workspace
from tests.test_dashboard import upload_item

GROUP = "Team Upload"


def laptop_file(folder: Path, group: str = GROUP, **answers) -> bytes:
    """The group file a participant's laptop sends, after saving ``answers`` there."""
    laptop = Workspace(folder)
    laptop.create(group, "nl")
    if answers:
        laptop.update(group, answers)
    return laptop.group_file(group)


@pytest.fixture
def room(tmp_path) -> Path:
    return tmp_path / "room"


def answers(folder: Path, group: str = GROUP) -> dict:
    doc = Workspace(folder).load(group)
    return None if doc is None else {"occupation": doc.audience.occupation, "location": doc.audience.location,
                                     "rose": doc.debrief.rose, "tasks": [x.title for x in doc.team.tasks]}


def test_an_upload_is_kept_with_its_bytes_time_name_and_group(room, tmp_path):
    sent = laptop_file(tmp_path / "laptop", **{"audience.occupation": "bakker"})
    [result] = classroom.accept_uploads(room, [("strategie (1).json", sent)], "nl")
    assert result.ok and result.upload_id
    [record] = classroom.uploads(room)
    assert record.id == result.upload_id
    assert (record.file, record.group, record.slug, record.status) == ("strategie (1).json", GROUP,
                                                                          Workspace(room).slug(GROUP), "added")
    assert record.size == len(sent) and record.undoable and record.undone is None
    assert (room / UPLOADS / f"{record.id}.upload.json").read_bytes() == sent
    # the kept files are hidden from the class views: still one group, nothing broken
    cls = classroom.read_class(room)
    assert [d.group for d in cls.docs] == [GROUP] and cls.broken == []


def test_uploads_are_listed_newest_first_and_refused_files_are_not_kept(room, tmp_path):
    first = laptop_file(tmp_path / "a", **{"audience.occupation": "bakker"})
    second = laptop_file(tmp_path / "b", "Team Twee")
    results = classroom.accept_uploads(room, [("a.json", first), ("kapot.json", b"{"), ("b.json", second)])
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].upload_id is None
    listed = classroom.uploads(room)
    assert [r.file for r in listed] == ["b.json", "a.json"]
    # the same file again changes nothing: kept and listed, with nothing to undo
    [again] = classroom.accept_uploads(room, [("a.json", first)])
    newest = classroom.uploads(room)[0]
    assert newest.id == again.upload_id and newest.status == "unchanged" and not newest.undoable
    assert not classroom.undo_upload(room, newest.id, "en").ok


def test_undo_of_a_merge_brings_the_group_back_to_before_it(room, tmp_path):
    laptop = tmp_path / "laptop"
    classroom.accept_uploads(room, [("v1.json", laptop_file(laptop, **{"audience.occupation": "bakker"}))])
    Workspace(laptop).update(GROUP, {"audience.occupation": "slager", "audience.location": "Utrecht"})
    before = answers(room)
    [merged] = classroom.accept_uploads(room, [("v2.json", Workspace(laptop).group_file(GROUP))])
    assert merged.replaced and answers(room)["occupation"] == "slager"
    result = classroom.undo_upload(room, merged.upload_id, "nl")
    assert result.ok and result.status == "undone" and result.kept == 0
    assert answers(room) == before
    revision = Workspace(room).load(GROUP).revision
    assert result.message == t("store.undo_done", "nl", file="v2.json", group=GROUP, revision=revision)
    # once only, said in words
    again = classroom.undo_upload(room, merged.upload_id, "nl")
    assert not again.ok and again.message == t("store.undo_already", "nl", file="v2.json")
    # the undo is a change like any other: the upload's state can be restored from the history
    Workspace(room).restore(GROUP, revision - 1)
    assert answers(room)["occupation"] == "slager"


def test_undo_keeps_what_participants_saved_after_the_upload(room, tmp_path):
    laptop = tmp_path / "laptop"
    classroom.accept_uploads(room, [("v1.json", laptop_file(laptop, **{"audience.occupation": "bakker"}))])
    Workspace(laptop).update(GROUP, {"audience.occupation": "slager", "audience.location": "Utrecht"})
    task = Workspace(laptop).insert(GROUP, "team.tasks", {"title": "Posts plannen"})
    [merged] = classroom.accept_uploads(room, [("v2.json", Workspace(laptop).group_file(GROUP))])
    # after the upload, participants save in the room folder: one answer the upload brought, one
    # new answer, and a field inside the row the upload added
    room_ws = Workspace(room)
    room_ws.update(GROUP, {"audience.location": "Amersfoort", "debrief.rose": "mooi"})
    room_ws.update(GROUP, {("team", "tasks", task, "owner"): "Sam"})
    result = classroom.undo_upload(room, merged.upload_id, "en")
    assert result.ok and result.kept >= 2
    after = answers(room)
    assert after["occupation"] == "bakker"        # the upload's answer, unchanged since: taken back
    assert after["location"] == "Amersfoort"      # changed after the upload: kept
    assert after["rose"] == "mooi"                # saved after the upload: kept
    assert after["tasks"] == ["Posts plannen"]    # the row holds a later answer: not removed
    assert t("store.undo_done_kept", "en", file="v2.json", group=GROUP, revision=room_ws.load(GROUP).revision,
             count=result.kept) == result.message


def test_undo_of_a_row_the_upload_added_removes_it_when_nothing_changed_since(room, tmp_path):
    laptop = tmp_path / "laptop"
    classroom.accept_uploads(room, [("v1.json", laptop_file(laptop))])
    Workspace(laptop).insert(GROUP, "team.tasks", {"title": "Weg ermee"})
    [merged] = classroom.accept_uploads(room, [("v2.json", Workspace(laptop).group_file(GROUP))])
    assert answers(room)["tasks"] == ["Weg ermee"]
    assert classroom.undo_upload(room, merged.upload_id).ok
    assert answers(room)["tasks"] == []


def test_undo_of_an_added_group_takes_it_out_and_keeps_its_files(room, tmp_path):
    [added] = classroom.accept_uploads(room, [("nieuw.json", laptop_file(tmp_path / "l", "Team Nieuw"))])
    slug = Workspace(room).slug("Team Nieuw")
    result = classroom.undo_upload(room, added.upload_id, "nl")
    assert result.ok and result.status == "removed"
    assert result.message == t("store.undo_removed", "nl", file="nieuw.json", group="Team Nieuw")
    assert classroom.read_class(room).docs == [] and not (room / f"{slug}.json").exists()
    kept = room / UPLOADS / f"{added.upload_id}.undone"
    assert json.loads((kept / f"{slug}.json").read_bytes())["group"] == "Team Nieuw"
    # uploaded again, it comes back
    [back] = classroom.accept_uploads(room, [("nieuw.json", laptop_file(tmp_path / "l", "Team Nieuw"))])
    assert back.ok and [d.group for d in classroom.read_class(room).docs] == ["Team Nieuw"]


def test_undo_of_an_added_group_that_changed_since_keeps_the_later_answers(room, tmp_path):
    [added] = classroom.accept_uploads(room, [("n.json", laptop_file(tmp_path / "l", **{"audience.occupation": "x"}))])
    Workspace(room).update(GROUP, {"debrief.rose": "later"})
    result = classroom.undo_upload(room, added.upload_id, "en")
    assert result.ok and result.status == "undone"
    after = answers(room)
    assert after["rose"] == "later" and after["occupation"] == ""


def test_undo_refuses_in_words(room, tmp_path):
    assert classroom.undo_upload(room, "../../etc/passwd", "en").message == t("store.undo_unknown", "en")
    assert classroom.undo_upload(room, "20270101T000000000000Z-abcdef", "nl").message == t("store.undo_unknown", "nl")


def test_revert_is_pure_and_keeps_later_entries():
    state = crdt.empty("a")
    state, d1, _ = crdt.apply(state, [crdt.set_(("audience", "occupation"), "x")], "a")
    state, d2, _ = crdt.apply(state, [crdt.set_(("audience", "occupation"), "y"),
                                      crdt.set_(("audience", "location"), "z")], "a")
    later, _d3, _ = crdt.apply(state, [crdt.set_(("audience", "location"), "w")], "b")
    reverted, delta, kept = crdt.revert(later, d2, "c")
    leaves = reverted["leaves"]
    assert leaves[crdt.key(("audience", "occupation"))][2] == "x"
    assert leaves[crdt.key(("audience", "location"))][2] == "w"
    assert kept == [crdt.key(("audience", "location"))] and len(delta) == 1
    assert later["leaves"][crdt.key(("audience", "occupation"))][2] == "y"  # the input is untouched


# -- the collection widget ---------------------------------------------------------------------------

def _collection(folder: Path, lang: str = "nl"):
    from helpers.ui.collect_form import Collection

    box: dict = {}

    def accept(files):
        results = classroom.accept_uploads(folder, files, lang)
        box["widget"].show_results(results)
        return results

    box["widget"] = Collection(folder, lang, accept=accept)
    return box["widget"]


def _items(widget) -> list[str]:
    import re
    return re.findall(r"<li[^>]*>(.*?)</li>", widget.result.value)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_files_the_browser_did_not_send_are_refused_in_words_with_the_next_files(room, tmp_path, lang):
    from helpers.ui.collect_form import refusals

    widget = _collection(room, lang)
    big = 70 * 1024 * 1024
    report = json.dumps({"n": "1", "sent": 1, "refused": [{"name": "enorm.json", "size": big, "why": "size"},
                                                          {"name": "<img src=x onerror=1>.json", "size": 9_000_000, "why": "total"}]})
    widget.refused.value = report
    sentences, sent = refusals(report, lang)
    assert sent == 1 and sentences[0] == t("collect.refused_size", lang, file="enorm.json", size="70", limit=5)
    assert len(_items(widget)) == 2 and "&lt;img src=x onerror=1&gt;.json" in widget.result.value
    # the file that was sent: its answer comes with the refusals of the same drop
    widget.upload.value = (upload_item("a.json", laptop_file(tmp_path / "l")),)
    items = _items(widget)
    assert len(items) == 3 and "enorm.json" in items[0] and GROUP in items[2]
    assert widget.upload.value == ()
    # the next upload has only its own answer
    widget.upload.value = (upload_item("b.json", laptop_file(tmp_path / "m", "Team B")),)
    assert len(_items(widget)) == 1
    # a report the script did not write shows nothing
    for bad in ("{", "[]", json.dumps({"refused": [{"name": "x", "size": "1", "why": "size"}]}),
                json.dumps({"refused": [{"name": "x", "size": 1, "why": "<script>"}]})):
        assert refusals(bad, lang) == ([], 0)


def test_a_drop_of_only_refused_files_is_answered_at_once(room):
    widget = _collection(room, "en")
    widget.refused.value = json.dumps({"n": "2", "sent": 0, "refused": [{"name": "big.json", "size": 1, "why": "size"}]})
    assert len(_items(widget)) == 1
    assert widget._refused == []  # nothing more comes: the next upload's answer stands alone


def test_the_widget_lists_uploads_and_undoes_after_asking_once_more(room, tmp_path):
    widget = _collection(room, "en")
    assert t("collect.kept_none", "en") in widget.heading.value and widget.rows.children == ()
    laptop = tmp_path / "laptop"
    widget._accept([("v1.json", laptop_file(laptop, **{"audience.occupation": "baker"}))])
    Workspace(laptop).update(GROUP, {"audience.occupation": "butcher"})
    widget._accept([("v2.json", Workspace(laptop).group_file(GROUP))])
    rows = widget.rows.children
    assert len(rows) == 2 and "v2.json" in rows[0].children[0].value and "v1.json" in rows[1].children[0].value
    button = rows[0].children[1]
    assert button.description == t("collect.undo", "en")
    button.click()  # asks once more: nothing changed yet
    assert answers(room)["occupation"] == "butcher"
    button = widget.rows.children[0].children[1]
    assert button.description == t("collect.undo_sure", "en")
    button.click()
    assert answers(room)["occupation"] == "baker"
    assert "✓" in widget.result.value and "v2.json" in widget.result.value
    first = widget.rows.children[0]
    assert len(first.children) == 1 and t("collect.status.undone", "en") in first.children[0].value


def test_undo_of_an_older_upload_keeps_what_a_newer_upload_of_the_group_carries(room, tmp_path):
    laptop = tmp_path / "laptop"
    [v1] = classroom.accept_uploads(room, [("v1.json", laptop_file(laptop, **{"audience.occupation": "bakker"}))])
    Workspace(laptop).update(GROUP, {"audience.location": "Utrecht"})
    [v2] = classroom.accept_uploads(room, [("v2.json", Workspace(laptop).group_file(GROUP))])
    assert v2.replaced
    # the trainer takes back the older file: the newer one still holds the occupation
    result = classroom.undo_upload(room, v1.upload_id, "nl")
    assert result.ok and result.status == "undone"
    assert answers(room)["occupation"] == "bakker" and answers(room)["location"] == "Utrecht"
    # undoing the newer one then takes back only what it brought
    assert classroom.undo_upload(room, v2.upload_id, "nl").ok
    assert answers(room)["location"] == "" and answers(room)["occupation"] == "bakker"


def test_undoing_newest_first_takes_both_uploads_back(room, tmp_path):
    laptop = tmp_path / "laptop"
    [v1] = classroom.accept_uploads(room, [("v1.json", laptop_file(laptop, **{"audience.occupation": "bakker"}))])
    Workspace(laptop).update(GROUP, {"audience.location": "Utrecht"})
    [v2] = classroom.accept_uploads(room, [("v2.json", Workspace(laptop).group_file(GROUP))])
    assert classroom.undo_upload(room, v2.upload_id).ok
    assert answers(room)["location"] == "" and answers(room)["occupation"] == "bakker"
    assert classroom.undo_upload(room, v1.upload_id).status == "removed"
    assert answers(room) is None and classroom.read_class(room).docs == []


def test_a_damaged_record_is_skipped_and_a_lost_delta_refuses_the_undo_in_words(room, tmp_path):
    [first] = classroom.accept_uploads(room, [("a.json", laptop_file(tmp_path / "a"))])
    [second] = classroom.accept_uploads(room, [("b.json", laptop_file(tmp_path / "b", "Team B"))])
    (room / UPLOADS / f"{first.upload_id}.record.json").write_text("{kapot")
    assert [r.id for r in classroom.uploads(room)] == [second.upload_id]
    (room / UPLOADS / f"{second.upload_id}.delta.json").unlink()
    result = classroom.undo_upload(room, second.upload_id, "en")
    assert not result.ok and result.message == t("store.undo_unknown", "en")
    assert {d.group for d in classroom.read_class(room).docs} == {GROUP, "Team B"}


def test_undo_of_a_file_without_sync_state_takes_back_the_answers_it_filled_in(room, tmp_path):
    classroom.accept_uploads(room, [("v1.json", laptop_file(tmp_path / "a", **{"audience.occupation": "bakker"}))])
    plain = json.loads(laptop_file(tmp_path / "b", **{"audience.location": "Zwolle", "audience.occupation": "x"}))
    plain.pop("_sync")  # an older toolkit's file: its answers fill blanks, never overwrite
    [adopted] = classroom.accept_uploads(room, [("oud.json", json.dumps(plain).encode())])
    assert adopted.replaced and answers(room)["location"] == "Zwolle" and answers(room)["occupation"] == "bakker"
    assert classroom.undo_upload(room, adopted.upload_id).ok
    assert answers(room)["location"] == "" and answers(room)["occupation"] == "bakker"
