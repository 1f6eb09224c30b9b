"""Keep the trainer's documents in step with the agenda (``data/agenda.yaml``).

* In ``facilitator-guide.<lang>.md`` it rewrites only the agenda table between the markers
  ``<!-- agenda-table:begin -->`` and ``<!-- agenda-table:end -->``; the rest is hand-written.
* In each lesson page (``notebooks/<lang>/NN-*.ipynb``) it sets only the minutes of the time box
  in the header ("**Tijd:** 12 minuten"); the page itself is what authors edit, in JupyterLab.
* It writes the printable one-page agenda ``agenda.<lang>.html`` (A4, print stylesheet, no external
  resources) in full, from the template ``helpers/templates/agenda.html``; its words are in
  ``helpers/locales/<lang>/handout.yaml``.

Change the minutes in ``data/agenda.yaml`` (a 45- or 120-minute session), then run::

    python workshop/build_docs.py                              # the guides' tables, the agendas, the pages' minutes
    python workshop/build_docs.py --check                      # exit 1 when a document is out of date
    python workshop/build_docs.py --start 13:30 --lang nl --out /tmp/agenda.html
                                                               # a printable agenda with clock times

Running it twice changes nothing. ``tests/test_workshop_docs.py`` runs ``--check``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from helpers import agenda  # noqa: E402
from helpers.i18n import has, t  # noqa: E402
from helpers.render import render  # noqa: E402

LANGS = ("nl", "en")
BEGIN, END = "<!-- agenda-table:begin -->", "<!-- agenda-table:end -->"
#: The example start time of the guide's table (the printed agenda leaves the clock blank).
EXAMPLE_START = dt.datetime(2026, 1, 1, 9, 0)
#: Which notebook belongs to which agenda block (its number in notebooks/<lang>/NN-*.ipynb).
NOTEBOOK_NUMBER = {"checkin": 0, "audience": 1, "goals": 2, "channels": 3, "content": 4, "team": 5, "debrief": 6}

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
    lab = {key: t(f"handout.{key}", lang) for key in ("time", "clock", "from", "minutes", "part", "notebook")}
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
    return "\n".join(rows) + "\n\n" + t("handout.total", lang, minutes=agenda.total_minutes(blocks))


def render_guide(text: str, blocks: list[dict], lang: str) -> str:
    """``text`` with the agenda table between the markers replaced (idempotent)."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise ValueError(f"the guide has no {BEGIN} ... {END} markers")
    return pattern.sub(lambda _m: f"{BEGIN}\n{agenda_table_md(blocks, lang)}\n{END}", text, count=1)


def agenda_html(blocks: list[dict], lang: str, start: dt.datetime | None = None) -> str:
    """The printable one-page agenda (``helpers/templates/agenda.html``). Without ``start`` the clock
    column is left blank to fill in."""
    rows, offset = [], 0.0
    for b in agenda.schedule(start or EXAMPLE_START, blocks):
        rows.append({"block": b, "title": b.title(lang), "offset": f"{_hm(offset)}–{_hm(offset + b.minutes)}",
                     "css": b.part if b.part in ("start", "steps", "debrief") else "other",
                     "known": has(f"handout.blocks.{b.key}.what", lang)})
        offset += b.minutes
    return render("agenda.html", lang, rows=rows, start=start, total=agenda.total_minutes(blocks),
                  h=lambda key, **kw: t(f"handout.{key}", lang, **kw))


#: The time box in a lesson page's header (the first cell); only its number is rewritten.
TIME_BOX = {"nl": re.compile(r"(\*\*Tijd:\*\* )(\d+)( minuten)"),
            "en": re.compile(r"(\*\*Time:\*\* )(\d+)( minutes)")}


def with_minutes(text: str, minutes: int, lang: str) -> str:
    """A lesson page (the .ipynb's text) with the minutes of its time box set to ``minutes``; every
    other byte as it was (the page is the authors' own: nothing else is regenerated)."""
    return TIME_BOX[lang].sub(lambda m: f"{m[1]}{minutes}{m[3]}", text, count=1)


def lesson_pages(blocks: list[dict]) -> dict[Path, str]:
    """Each lesson page with its time box from the agenda."""
    out = {}
    for block in blocks:
        number = NOTEBOOK_NUMBER.get(block["key"])
        for lang in LANGS:
            for page in sorted((ROOT / "notebooks" / lang).glob(f"{number:02d}-*.ipynb")) if number is not None else []:
                out[page] = with_minutes(page.read_text(encoding="utf-8"), int(block["minutes"]), lang)
    return out


def documents(blocks: list[dict] | None = None) -> dict[Path, str]:
    """Every file this script writes: path -> its exact text."""
    blocks = agenda.load_blocks() if blocks is None else blocks
    out = {}
    for lang in LANGS:
        guide = HERE / f"facilitator-guide.{lang}.md"
        out[guide] = render_guide(guide.read_text(encoding="utf-8"), blocks, lang)
        out[HERE / f"agenda.{lang}.html"] = agenda_html(blocks, lang)
    out.update(lesson_pages(blocks))
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
