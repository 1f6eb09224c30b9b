"""What a participant reads shows names, never the stored codes (instagram, awareness, help)."""
from __future__ import annotations

import pytest

from helpers import export, labels, model, onepager
from helpers.i18n import t


@pytest.fixture
def doc():
    d = model.new_document("Team Labels")
    return model.apply_changes(d, {
        "goals.0": {"sentence": "10% meer volgers", "org_goal": "awareness"},
        "channels.chosen": ["instagram", "x"],
        "content.posts_per_week": {"instagram": 2}, "content.formats": {"instagram": ["short_video"]},
        "calendar.entries": [{"date": "2027-01-04", "channel": "instagram", "layer": "help", "status": "idea",
                              "format": "short_video", "title": "Tip"}],
    })


def test_onepager_shows_names_not_codes(doc):
    page = onepager.render(doc, "nl", charts=False)
    assert "Naamsbekendheid" in page and ">awareness<" not in page
    assert "Instagram" in page and "X (Twitter)" in page and ">instagram<" not in page


def test_calendar_rows_and_ics_show_names(doc):
    row = export.calendar_rows(doc, "en")[0]
    assert (row[2], row[4]) == ("Instagram", "Help")
    assert row[5] == t("content.formats.short_video", "en") != "short_video"
    assert row[8] == t("export.value.status.idea", "en")
    assert b"SUMMARY:Instagram: Tip" in export.export(doc, "ics", "en")


def test_unknown_values_are_shown_as_typed():
    assert labels.platform("Mastodon", "nl") == "Mastodon"
    assert labels.org_goal("eigen doel", "en") == "eigen doel"
    assert labels.label("format", "<b>eigen</b>", "nl") == "<b>eigen</b>"  # as typed; escaping is the renderer's
