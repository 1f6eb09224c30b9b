"""Keep the trainer's documents in step with the agenda (``data/agenda.yaml``).

* In ``facilitator-guide.<lang>.md`` it rewrites only the agenda table between the markers
  ``<!-- agenda-table:begin -->`` and ``<!-- agenda-table:end -->``; the rest is hand-written.
* It writes the printable one-page agenda ``agenda.<lang>.html`` (A4, print stylesheet, no external
  resources) in full.

Change the minutes in ``data/agenda.yaml`` (a 45- or 120-minute session), then run::

    python workshop/build_docs.py                              # rewrite the guides' tables and the agendas
    python workshop/build_docs.py --check                      # exit 1 when a document is out of date
    python workshop/build_docs.py --start 13:30 --lang nl --out /tmp/agenda.html
                                                               # a printable agenda with clock times

Running it twice changes nothing. ``tests/test_workshop_docs.py`` runs ``--check``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from helpers import agenda  # noqa: E402
from helpers.i18n import t  # noqa: E402

LANGS = ("nl", "en")
BEGIN, END = "<!-- agenda-table:begin -->", "<!-- agenda-table:end -->"
#: The example start time of the guide's table (the printed agenda leaves the clock blank).
EXAMPLE_START = dt.datetime(2026, 1, 1, 9, 0)
#: Which notebook belongs to which agenda block (its number in notebooks/<lang>/NN-*.ipynb).
NOTEBOOK_NUMBER = {"checkin": 0, "audience": 1, "goals": 2, "channels": 3, "content": 4, "team": 5, "debrief": 6}

TEXT = {
    "nl": {
        "time": "Tijd", "clock": "Klok", "from": "vanaf", "minutes": "Min.", "part": "Onderdeel",
        "notebook": "Notebook", "total": "Totaal: {minutes} minuten.",
        "title": "Workshop social media strategie · agenda",
        "date": "Datum", "place": "Plaats", "trainer": "Trainer", "start": "Starttijd",
        "what": "Wat gebeurt er", "result": "Resultaat",
        "rose_title": "De Roos (nabespreking)",
        "rose": "<b>Roos</b>: een hoogtepunt", "thorn": "<b>Doorn</b>: wat was lastig?",
        "bud": "<b>Knop</b>: een nieuw idee",
        "footer": "Alles werkt offline en wordt automatisch bewaard. Gegenereerd uit data/agenda.yaml.",
        "print": "Afdrukken",
        "blocks": {
            "checkin": ("Welkom; ieder zegt kort hoe hij of zij erbij zit; groepen van 3 tot 5 maken een groep aan; het programma.",
                        "groep aangemaakt, iedereen ingecheckt"),
            "audience": ("Doelgroep concreet maken: leeftijd, geslacht, beroep, inkomen, interesses, online gedrag; één persona met pains en gains.",
                         "doelgroep en persona"),
            "goals": ("Van organisatiedoel naar social media doel en KPI; vaag versus SMART; See-Think-Do-Care; nulmeting.",
                      "1–2 SMART-doelen met KPI, nulmeting, streefwaarde, deadline"),
            "channels": ("Hoogstens twee kanalen: past het bij de doelgroep, bij het merk, heeft het de functies? Pas op met aannames.",
                         "gekozen kanalen met reden"),
            "content": ("Kernboodschappen, thema's, toon; de mix Hero, Hub, Help; hoe vaak, welke dagen en tijden.",
                        "contentplan met frequentie"),
            "team": ("Wie doet wat; workflow van idee tot meten; redactionele formule; contentkalender.",
                     "taken met namen en data, kalender"),
            "debrief": ("Elke groep presenteert 2–3 minuten de vijf punten; daarna de Roos: roos, doorn, knop.",
                        "presentatie, reflectie, groepsbestand"),
        },
    },
    "en": {
        "time": "Time", "clock": "Clock", "from": "from", "minutes": "Min.", "part": "Part",
        "notebook": "Notebook", "total": "Total: {minutes} minutes.",
        "title": "Social media strategy workshop · agenda",
        "date": "Date", "place": "Place", "trainer": "Trainer", "start": "Start time",
        "what": "What happens", "result": "Result",
        "rose_title": "The Rose (debrief)",
        "rose": "<b>Rose</b>: a highlight", "thorn": "<b>Thorn</b>: what was hard?",
        "bud": "<b>Bud</b>: a new idea",
        "footer": "Everything works offline and is saved automatically. Generated from data/agenda.yaml.",
        "print": "Print",
        "blocks": {
            "checkin": ("Welcome; everyone says briefly how they feel; groups of 3 to 5 create their group; the programme.",
                        "group created, everyone checked in"),
            "audience": ("Make the audience concrete: age, gender, occupation, income, interests, online behaviour; one persona with pains and gains.",
                         "audience and persona"),
            "goals": ("From organisation goal to social media goal and KPI; vague versus SMART; See-Think-Do-Care; baseline.",
                      "1–2 SMART goals with KPI, baseline, target, deadline"),
            "channels": ("Two channels at most: does it fit the audience, the brand, does it have the features? Beware of assumptions.",
                         "chosen channels with a reason"),
            "content": ("Key messages, themes, tone; the Hero, Hub, Help mix; how often, which days and times.",
                        "content plan with frequency"),
            "team": ("Who does what; workflow from idea to measuring; editorial formula; content calendar.",
                     "tasks with names and dates, calendar"),
            "debrief": ("Each group presents the five points in 2–3 minutes; then the Rose: rose, thorn, bud.",
                        "presentation, reflection, group file"),
        },
    },
}


def _hm(minutes: float) -> str:
    whole = int(round(minutes))
    return f"{whole // 60}:{whole % 60:02d}"


def notebook_link(key: str, lang: str) -> str | None:
    """The notebook of an agenda block, relative to workshop/ (``None`` when there is none)."""
    number = NOTEBOOK_NUMBER.get(key)
    if number is None:
        return None
    found = sorted((ROOT / "notebooks" / lang).glob(f"{number:02d}-*.ipynb"))
    return f"../notebooks/{lang}/{found[0].name}" if found else None


def agenda_table_md(blocks: list[dict], lang: str) -> str:
    """The guide's agenda table: relative times, an example clock, minutes, title, notebook."""
    lab = TEXT[lang]
    rows = [f"| {lab['time']} | {lab['clock']} ({lab['from']} {EXAMPLE_START:%H:%M}) | {lab['minutes']} "
            f"| {lab['part']} | {lab['notebook']} |",
            "|---|---|---|---|---|"]
    offset = 0.0
    for b in agenda.schedule(EXAMPLE_START, blocks):
        link = notebook_link(b.key, lang)
        cell = f"[{Path(link).stem}]({link})" if link else "–"
        rows.append(f"| {_hm(offset)}–{_hm(offset + b.minutes)} | {b.start:%H:%M}–{b.end:%H:%M} | {b.minutes}' "
                    f"| {b.title(lang)} | {cell} |")
        offset += b.minutes
    return "\n".join(rows) + "\n\n" + lab["total"].format(minutes=agenda.total_minutes(blocks))


def render_guide(text: str, blocks: list[dict], lang: str) -> str:
    """``text`` with the agenda table between the markers replaced (idempotent)."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise ValueError(f"the guide has no {BEGIN} ... {END} markers")
    return pattern.sub(lambda _m: f"{BEGIN}\n{agenda_table_md(blocks, lang)}\n{END}", text, count=1)


STYLE = """
  @page { size: A4; margin: 12mm; }
  * { box-sizing: border-box; }
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #111;
         font-size: 10pt; line-height: 1.3; max-width: 186mm; margin: 8mm auto; }
  h1 { font-size: 15pt; margin: 0 0 3mm; }
  .meta { display: flex; gap: 6mm; margin-bottom: 4mm; }
  .meta span { flex: 1; border-bottom: 1px solid #777; padding-bottom: 1mm; }
  .bar { display: flex; gap: 1mm; margin: 0 0 4mm; }
  .bar div { padding: 1.5mm 2mm; color: #fff; border-radius: 1.5mm; font-size: 9pt; overflow: hidden;
             white-space: nowrap; text-overflow: ellipsis; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .start { background: #5c6bc0; } .steps { background: #00897b; } .debrief { background: #c2185b; } .other { background: #757575; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 1px solid #999; padding: 1.2mm 1.8mm; vertical-align: top; text-align: left; }
  th { background: #eee; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  td.num { white-space: nowrap; }
  td.clock { width: 18mm; }
  .rose { display: flex; gap: 3mm; margin-top: 5mm; }
  .rose div { flex: 1; border: 1px solid #999; border-radius: 2mm; padding: 2mm; min-height: 20mm; }
  h2 { font-size: 12pt; margin: 5mm 0 2mm; }
  footer { margin-top: 4mm; font-size: 8.5pt; color: #555; }
  button { font: inherit; padding: 1mm 4mm; }
  @media print { .noprint { display: none; } body { margin: 0; } }
"""


def agenda_html(blocks: list[dict], lang: str, start: dt.datetime | None = None) -> str:
    """The printable one-page agenda. Without ``start`` the clock column is left blank to fill in."""
    lab = TEXT[lang]
    esc = html.escape
    total = agenda.total_minutes(blocks)
    bar, rows, offset = [], [], 0.0
    for b in agenda.schedule(start or EXAMPLE_START, blocks):
        css = b.part if b.part in ("start", "steps", "debrief") else "other"
        bar.append(f'<div class="{css}" style="flex:{b.minutes} 1 0">{b.minutes}\' {esc(b.title(lang))}</div>')
        what, result = lab["blocks"].get(b.key, ("", ""))
        clock = f"{b.start:%H:%M}–{b.end:%H:%M}" if start else ""
        rows.append(f"<tr><td class=\"num\">{_hm(offset)}–{_hm(offset + b.minutes)}</td>"
                    f"<td class=\"clock num\">{clock}</td><td class=\"num\">{b.minutes}'</td>"
                    f"<td><b>{esc(b.title(lang))}</b><br>{esc(what)}</td><td>{esc(result)}</td></tr>")
        offset += b.minutes
    start_value = f"{start:%H:%M}" if start else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(lab['title'])}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{esc(lab['title'])}</h1>
<div class="meta"><span>{esc(lab['date'])}:</span><span>{esc(lab['place'])}:</span><span>{esc(lab['trainer'])}:</span><span>{esc(lab['start'])}: {start_value}</span></div>
<div class="bar">{''.join(bar)}</div>
<table>
<thead><tr><th>{esc(lab['time'])}</th><th>{esc(lab['clock'])}</th><th>{esc(lab['minutes'])}</th><th>{esc(lab['what'])}</th><th>{esc(lab['result'])}</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<p><b>{esc(lab['total'].format(minutes=total))}</b></p>
<h2>{esc(lab['rose_title'])}</h2>
<div class="rose"><div>{lab['rose']}</div><div>{lab['thorn']}</div><div>{lab['bud']}</div></div>
<footer>{esc(lab['footer'])}</footer>
<p class="noprint"><button type="button" onclick="window.print()">{esc(lab['print'])}</button></p>
</body>
</html>
"""


def documents(blocks: list[dict] | None = None) -> dict[Path, str]:
    """Every file this script writes: path -> its exact text."""
    blocks = agenda.load_blocks() if blocks is None else blocks
    out = {}
    for lang in LANGS:
        guide = HERE / f"facilitator-guide.{lang}.md"
        out[guide] = render_guide(guide.read_text(encoding="utf-8"), blocks, lang)
        out[HERE / f"agenda.{lang}.html"] = agenda_html(blocks, lang)
    return out


def stale() -> list[Path]:
    return [p for p, text in documents().items() if not p.exists() or p.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report documents that are out of date")
    parser.add_argument("--start", help="HH:MM: write one printable agenda with clock times (needs --out)")
    parser.add_argument("--lang", choices=LANGS, default="nl")
    parser.add_argument("--out", help="where to write the agenda with clock times")
    args = parser.parse_args(argv)
    if args.start:
        try:
            start = dt.datetime.combine(dt.date.today(), dt.time.fromisoformat(args.start))
        except ValueError:
            print(t("timer.bad_start", args.lang, value=args.start), file=sys.stderr)
            return 2
        if not args.out:
            parser.error("--start needs --out")
        Path(args.out).write_text(agenda_html(agenda.load_blocks(), args.lang, start), encoding="utf-8")
        print(args.out)
        return 0
    if args.check:
        paths = stale()
        for path in paths:
            print(f"out of date: {path.relative_to(ROOT)} (run: python workshop/build_docs.py)")
        return 1 if paths else 0
    for path, text in documents().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
