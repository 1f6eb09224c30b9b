"""The trainer's documents: both guides complete and alike, the printable agenda made from
data/agenda.yaml (the guides copy none of its minutes), offline (no external resources) and linking
only to files that exist."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from helpers import agenda, cli
from helpers.i18n import t
from helpers.timer import Timer

ROOT = Path(__file__).resolve().parent.parent
WORKSHOP = ROOT / "workshop"
LANGS = ("nl", "en")

#: The sections of both guides, in order, by the anchor placed just above each level-2 heading.
#: Add a section to both guides and here, in the same place.
SECTIONS = ["overview", "agenda", "preparation", "groups", "check-in", "step-1", "step-2", "step-3", "step-4",
            "step-5", "presentations", "rose", "problems", "after"]


def guide(lang: str) -> str:
    return (WORKSHOP / f"facilitator-guide.{lang}.md").read_text(encoding="utf-8")


def printable(lang: str) -> str:
    return agenda.printable(lang)


def sections(text: str) -> list[tuple[str, str]]:
    """(anchor, heading) for every level-2 heading; the anchor is the <a id> on the line above."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.startswith("## "):
            m = re.fullmatch(r'<a id="([a-z0-9-]+)"></a>', lines[i - 1].strip()) if i else None
            out.append((m.group(1) if m else "", line[3:].strip()))
    return out


def outside_code(text: str) -> str:
    return re.sub(r"```.*?```", "", text, flags=re.S)


# -- structure ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_documents_exist(lang):
    assert (WORKSHOP / f"facilitator-guide.{lang}.md").is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_each_guide_has_the_sections_in_order(lang):
    found = sections(guide(lang))
    assert [a for a, _ in found] == SECTIONS, "every level-2 heading needs its <a id> anchor on the line above"
    assert all(title for _, title in found)


def test_both_guides_have_the_same_shape():
    nl, en = guide("nl"), guide("en")
    assert len(sections(nl)) == len(sections(en))
    # sub-headings and tables too, so a part added in one language is added in the other
    for pattern in (r"^### ", r"^\|---", r"^```yaml"):
        assert len(re.findall(pattern, nl, re.M)) == len(re.findall(pattern, en, re.M)), pattern


# -- the minutes live in data/agenda.yaml only ------------------------------------------------------

#: Minutes written as the length of a part; a range such as "2–3 minuten" is advice, not the agenda.
MINUTES = re.compile(r"\b\d+ ?(minuten|minutes|min\.|')(?!\w)")


def copied_minutes(text: str) -> list[str]:
    """Minutes of the agenda written into a guide, outside its examples of a shorter or longer
    session (the ``yaml`` blocks and the subsection around them)."""
    text = re.sub(r"\n### (Een kortere|A shorter).*?(?=\n<a id=)", "\n", outside_code(text), flags=re.S)
    return [text[max(0, m.start() - 30):m.end()] for m in MINUTES.finditer(text)
            if not re.search(r"\d+ ?(tot|to|–|-) ?$", text[:m.start()])]


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_copies_no_minutes_of_the_agenda(lang):
    assert copied_minutes(guide(lang)) == []


def test_the_copied_minutes_check():
    assert copied_minutes("## Stap 3 · Kanalen (12')\n") != []
    assert copied_minutes("| Bouwen | 60' | vijf stappen |\n") != []
    assert copied_minutes("de sessie van 90 minuten\n") != []
    assert copied_minutes("presentaties van 2–3 minuten per groep\n") == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_agenda_block_is_in_the_guide_and_the_printout_with_its_minutes(lang):
    text, page = guide(lang), printable(lang)
    blocks = agenda.load_blocks()
    for b in blocks:
        title = t(f"agenda.{b['key']}", lang)
        assert re.search(rf"^\| {re.escape(title)} \| \[\d\d-", text, re.M), (b, lang)
        assert f"<td class=\"num\">{b['minutes']}'</td><td><b>{title}</b>" in page
    assert t("handout.total", lang, minutes=agenda.total_minutes(blocks)) in page


def test_changing_a_line_of_the_agenda_changes_the_printout(tmp_path, monkeypatch):
    lines = (ROOT / "data" / "agenda.yaml").read_text(encoding="utf-8")
    changed = lines.replace("{key: channels, minutes: 12", "{key: channels, minutes: 17", 1)
    assert changed != lines
    (tmp_path / "agenda.yaml").write_text(changed, encoding="utf-8")
    before = agenda.printable("nl")
    monkeypatch.setattr(agenda, "AGENDA_FILE", tmp_path / "agenda.yaml")
    after = agenda.printable("nl")
    assert "<td class=\"num\">17'</td><td><b>Stap 3: kanalen</b>" in after and after != before
    assert t("handout.total", "nl", minutes=95) in after


def test_a_block_without_a_known_text_is_listed_by_its_title():
    blocks = agenda.load_blocks() + [{"key": "break", "minutes": 15, "part": "other"}]
    page = agenda.printable("en", blocks=blocks)
    assert "<td class=\"num\">15'</td><td><b>break</b>" in page
    assert t("handout.total", "en", minutes=105) in page


def test_a_printout_with_clock_times(tmp_path, capsys):
    out = tmp_path / "agenda.html"
    assert cli.main(["agenda", "--start", "13:30", "--lang", "en", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "13:30–13:40" in text and "14:40–15:00" in text
    assert cli.main(["agenda", "--lang", "nl", "--out", str(tmp_path)]) == 0
    assert "Stap 3: kanalen" in (tmp_path / "agenda.nl.html").read_text(encoding="utf-8")


def test_a_bad_start_time_or_folder_is_a_plain_message(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:  # argparse's own way out: a usage line, exit code 2
        cli.main(["agenda", "--start", "half two", "--lang", "en", "--out", str(tmp_path / "x.html")])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "half two" in err and "13:30" in err and "Traceback" not in err
    assert cli.main(["agenda", "--out", str(tmp_path / "nope" / "x.html")]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_the_45_and_120_minute_examples_are_valid_agendas(lang):
    examples = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", guide(lang), re.S)]
    keys = [b["key"] for b in agenda.load_blocks()]
    totals = []
    for example in examples:
        path_blocks = example["blocks"]
        assert [b["key"] for b in path_blocks] == keys
        totals.append(agenda.total_minutes(path_blocks))
        Timer(path_blocks)  # the timer accepts it
    assert totals == [45, 120]


# -- offline and linked ------------------------------------------------------------------------------

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_is_fetched_from_the_network(lang):
    page = printable(lang)
    assert not EXTERNAL.search(page)
    assert "http://" not in page and "https://" not in page
    assert "<link" not in page.lower() and "<script" not in page.lower()
    assert "@media print" in page and "@page" in page
    text = guide(lang)
    assert not EXTERNAL.search(text)
    assert not re.search(r"\]\(\s*https?://", text), "no links to the internet: the room may have no wifi"


def _md_links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", outside_code(text))


@pytest.mark.parametrize("lang", LANGS)
def test_links_point_to_files_and_anchors_that_exist(lang):
    text = guide(lang)
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    links = _md_links(text)
    assert links, "the guide links to its notebooks and files"
    for link in links:
        if link.startswith("#"):
            assert link[1:] in anchors, link
            continue
        assert not re.match(r"[a-z]+:", link), link
        target = (WORKSHOP / link.split("#")[0]).resolve()
        assert target.exists(), f"{link} does not exist"
        assert ROOT in target.parents, link


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_covers_what_a_trainer_needs(lang):
    text = guide(lang)
    for needle in ("make lab", "make app", "make trainer", "python -m helpers check", "make room", "workshop/room",
                   "python -m helpers restore GRO", "--to N", "workspace/broken/", "SMART", "See-Think-Do-Care",
                   "Hero", "Hub", "Help", "B2B", "Instagram", "3 ", "5 ", "2–3", "make agenda",
                   "make trainer-lab", "+5 min", ".timer.json", ".moderation.json",
                   # the room on JupyterHub: make hub, TLJH and Zero to JupyterHub
                   "sudo make hub", "HUB_IP=0.0.0.0", "CODE=ZOMER2026", "`trainer`", "/srv/workshop/room",
                   "npm install -g configurable-http-proxy", "The Littlest JupyterHub",
                   "tljh-config set auth.JoinAuthenticator.user_password", "workshop/hub/jupyterhub_config.py",
                   "Zero to JupyterHub", "workshop/hub/z2jh-values.yaml", "bench/hub.py"):
        assert needle in text, (lang, needle)
    # the projector view: presentation mode, moderation and a second screen, named as the page names them
    for key in ("dashboard.projector", "dashboard.tab.moderate", "dashboard.tab.files", "timer.skip"):
        assert t(key, lang) in text, (lang, key)
    # the vague-vs-SMART example and the organisation goal -> social goal -> KPI table
    assert "10%" in text and "Facebook" in text
    assert re.search(r"^\| (Organisatiedoel|Organisation goal) \|", text, re.M)
