"""The command line as a trainer uses it: groups, export in every format, history, restore."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.cli import main
from helpers.store import Workspace

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def filled(workspace):
    workspace.create("Team Groen")
    workspace.update("Team Groen", {"content.posts_per_week": {"instagram": 2},
                                    "content.days": {"instagram": ["mon", "thu"]},
                                    "calendar.entries": [{"date": "2027-01-04", "channel": "instagram", "title": "Start"}],
                                    "debrief.rose": "samen"})
    workspace.update("Team Groen", {"debrief.rose": "nog beter"})
    return workspace


def test_groups_lists_name_last_change_and_steps(filled, capsys):
    assert main(["groups"]) == 0
    out = capsys.readouterr().out
    assert "Team Groen" in out and "versie 3" in out and "/7 klaar" in out


@pytest.mark.parametrize("fmt,check", [
    ("json", lambda b: json.loads(b)["group"] == "Team Groen"),
    ("html", lambda b: b.startswith(b"<!DOCTYPE html>") and b"Team Groen" in b),
    ("xlsx", lambda b: b[:2] == b"PK"),
    ("csv", lambda b: b.startswith(b"\xef\xbb\xbf") and b"Start" in b),
    ("ics", lambda b: b.startswith(b"BEGIN:VCALENDAR") and b"Start" in b),
])
def test_export_every_format(filled, tmp_path, fmt, check):
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "Team Groen", "--format", fmt, "--out", str(out)]) == 0
    assert check(out.read_bytes())


def test_export_by_file_name_and_into_a_folder(filled, tmp_path):
    slug = filled.slug("Team Groen")
    assert main(["export", slug, "--format", "csv", "--out", str(tmp_path), "--lang", "en"]) == 0
    text = (tmp_path / f"{slug}.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].lower().startswith("date")


def test_unknown_group_is_a_plain_message(workspace, capsys):
    assert main(["export", "Niemand"]) == 2
    assert "Er is nog geen groep met de naam 'Niemand'" in capsys.readouterr().err


def test_history_and_restore(filled, capsys):
    assert main(["history", "Team Groen"]) == 0
    assert "debrief.rose" in capsys.readouterr().out
    assert main(["restore", "Team Groen", "--to", "2"]) == 0
    assert Workspace(filled.root).load("Team Groen").debrief.rose == "samen"
    assert main(["restore", "Team Groen", "--to", "40"]) == 2
    assert "Versie 40 bestaat niet" in capsys.readouterr().err


def test_the_module_runs_as_a_command(filled):
    env = {**os.environ, "WORKSHOP_DIR": str(filled.root), "WORKSHOP_LANG": "en"}
    out = subprocess.run([sys.executable, "-m", "helpers", "groups"], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=60)
    assert out.returncode == 0 and "Team Groen" in out.stdout and "done" in out.stdout
