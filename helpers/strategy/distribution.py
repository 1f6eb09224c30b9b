"""Part 8, distribution and workflow (seed 000, step 7): the editorial formula (recurring topics
on fixed days), the workflow from idea to published and answered, and the content calendar as the
bulk-upload files of Hootsuite and Buffer. Pure functions: no widgets, no files (a file is bytes).

The bulk-upload layouts, as found (the tools' own help pages were not in the searchable corpus, so
these are second-hand; the columns are constants here, easy to adjust):

- **Hootsuite**, bulk composer / "bulk message upload": a CSV of up to 350 rows, three columns and no
  header row: date and time, the message, an optional link. The date format is chosen on upload
  (dd/mm/yyyy hh:mm is one of the choices, 24-hour clock); times must end in 0 or 5 (10:45, 10:50),
  lie in the future (at least 10 minutes after the upload) and hold one message per time slot.
  Sources: kim-iverson-headlee.blogspot.com/2016/08/the-business-of-writing-using-hootsuite.html
  (350 messages of three parts: date and time, message, link); jycalcano.blogspot.com/2015/07/
  post-8-hootsuite-bulk-messaging.html (the date format chosen on upload); the same rules (times
  ending in 5 or 0, at least 10 minutes ahead, one message per slot) as help.friendsplus.me/article/
  107-bulk-schedule states them for its Hootsuite-style upload.
- **Buffer**, bulk upload: a CSV with the header row ``Text,Image URL,Tags,Posting Time`` (exactly
  so, case-sensitive), the time as ``YYYY-MM-DD HH:mm`` (24 hours), one channel per file, at most
  100 posts a file on a paid plan (10 on the free one), a post in the past refused.
  support.buffer.com was not in the search corpus; several independent tools that write Buffer's
  file state the same layout and limits, one of them quoting Buffer's Help Center (found with the
  code search for the header row, December 2026). The free plan's 10 is said on the page, not
  enforced: the file cannot know the plan.

A row the tool would refuse is left out of the file and said in words instead (:func:`problems`).
A post is written as it stands (a scheduling tool publishes it); only text that starts as a formula
is guarded (:func:`cell`).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Iterable

from .. import labels, render
from ..i18n import t
from ..model import CalendarEntry, Strategy
from . import Section, Table

TOOLS = ("hootsuite", "buffer")
HOOTSUITE_DATE = "%d/%m/%Y %H:%M"       # choose "dd/mm/yyyy hh:mm" when uploading
BUFFER_HEADER = ("Text", "Image URL", "Tags", "Posting Time")
BUFFER_DATE = "%Y-%m-%d %H:%M"
LEAD = dt.timedelta(minutes=10)          # how far ahead a post must be when the file is uploaded
MAX_ROWS = {"hootsuite": 350, "buffer": 100}  # Buffer: 100 posts per channel per file on a paid plan

#: the usual stages from an idea to a published and answered post (filled in when a team has none)
STAGES = ("idea", "write", "visual", "check", "approve", "schedule", "publish", "answer")
STATUSES = ("todo", "doing", "done")
PROBLEMS = ("past", "minute", "slot", "empty", "full_hootsuite", "full_buffer")

stage_label = labels.kind("workflow_stage", "distribution.stages.{}", STAGES)
status_label = labels.kind("stage_status", "distribution.status.{}", STATUSES)
tool_label = labels.kind("bulk_tool", "distribution.tools.{}", TOOLS)
problem_label = labels.kind("bulk_problem", "distribution.problem.{}", PROBLEMS)


def usual_stages(lang: str | None = None) -> list[dict]:
    """The usual workflow as rows for ``deep_dives.distribution.stages``, in the reader's language."""
    return [{"name": stage_label(code, lang), "owner": "", "status": "todo"} for code in STAGES]


#: The starts of a post that a bulk file guards with a leading ' (see :func:`cell`).
FORMULA_ONLY = ("=", "\uff1d")


def cell(value) -> str:
    """A cell of a bulk file. The file is for a scheduling tool, which publishes the text as it stands:
    a post may start with a mention ("@bakkerij"), a dash or a plus ("+31 ..."), and a leading '
    there would be published with it. Only text that starts as a formula ("=HYPERLINK(...)", never
    the start of a post) gets the ', in case the file is opened in a spreadsheet."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_ONLY) else text


def message(entry: CalendarEntry) -> str:
    """The post's text: its title, or its theme when it has no title yet."""
    return (entry.title or entry.theme).strip()


def when(entry: CalendarEntry) -> dt.datetime:
    hour, minute = (int(p) for p in entry.time.split(":"))
    return dt.datetime.combine(entry.date, dt.time(hour, minute))


def problems(entries: Iterable[CalendarEntry], tool: str, now: dt.datetime) -> dict[str, list[str]]:
    """Row id -> what the tool would refuse (codes of :data:`PROBLEMS`); rows not named are fine.
    ``now`` is the local time the file is made (uploaded soon after)."""
    out: dict[str, list[str]] = {}
    slots: set[tuple] = set()
    fine: dict[str, int] = {}  # per channel: a file per channel
    for e in sorted(entries, key=when):
        found = []
        if not message(e):
            found.append("empty")
        if when(e) < now + LEAD:
            found.append("past")
        if tool == "hootsuite" and when(e).minute % 5:
            found.append("minute")
        slot = (labels.platform_candidate(e.channel), when(e))
        if tool == "hootsuite" and slot in slots:
            found.append("slot")
        if not found and fine.get(e.channel, 0) >= MAX_ROWS[tool]:
            found.append(f"full_{tool}")
        if found:
            out[e.id] = found
        else:
            fine[e.channel] = fine.get(e.channel, 0) + 1
            slots.add(slot)
    return out


def problem_sentences(entries: Iterable[CalendarEntry], tool: str, now: dt.datetime,
                      lang: str | None = None) -> list[str]:
    """Each row left out of the file, in words: the post and why ("ma 4 jan 09:03 Instagram: ...")."""
    entries = list(entries)
    found = problems(entries, tool, now)
    return [t("distribution.left_out", lang, post=f"{render.day(e.date, lang)} {render.time(e.time, lang)} "
              f"{labels.platform(e.channel, lang)} {message(e) or '…'}".strip(), why="; ".join(problem_label(p, lang) for p in found[e.id]))
            for e in sorted(entries, key=when) if e.id in found]


def _kept(entries: Iterable[CalendarEntry], tool: str, now: dt.datetime) -> list[CalendarEntry]:
    entries = list(entries)
    found = problems(entries, tool, now)
    return [e for e in sorted(entries, key=when) if e.id not in found]


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([[cell(v) for v in row] for row in rows])
    return buf.getvalue().encode("utf-8")  # no byte-order mark: it would spoil the first date


def hootsuite_csv(entries: Iterable[CalendarEntry], now: dt.datetime) -> bytes:
    """Hootsuite's bulk upload: date and time, message, link; no header; only the rows it accepts."""
    return _csv([[when(e).strftime(HOOTSUITE_DATE), message(e), ""] for e in _kept(entries, "hootsuite", now)])


def buffer_csv(entries: Iterable[CalendarEntry], now: dt.datetime) -> bytes:
    """Buffer's bulk upload: Text, Image URL, Tags (audience and keywords), Posting Time."""
    rows = [[message(e), "", ", ".join(x for x in (e.audience, e.keywords) if x), when(e).strftime(BUFFER_DATE)]
            for e in _kept(entries, "buffer", now)]
    return _csv([list(BUFFER_HEADER), *rows])


WRITERS = {"hootsuite": hootsuite_csv, "buffer": buffer_csv}


def channels(doc: Strategy) -> list[str]:
    """The calendar's channels, in their first order (one upload per channel: the tools ask for it)."""
    return list(dict.fromkeys(e.channel for e in doc.calendar.entries))


def bulk_file(doc: Strategy, tool: str, channel: str, now: dt.datetime) -> tuple[bytes, int]:
    """The bulk file of ``tool`` for the posts on ``channel`` and how many posts it holds."""
    entries = [e for e in doc.calendar.entries if e.channel == channel]
    return WRITERS[tool](entries, now), len(_kept(entries, tool, now))


def formula_table(doc: Strategy, lang: str | None = None) -> Table:
    order = {d: i for i, d in enumerate(labels.WEEKDAYS)}
    slots = sorted(doc.deep_dives.distribution.formula, key=lambda s: order.get(s.weekday, 7))
    rows = tuple((labels.weekday(s.weekday, lang), s.topic, labels.platform(s.platform, lang), labels.format_(s.format, lang))
                 for s in slots)
    head = (t("distribution.head.weekday", lang), t("distribution.head.topic", lang),
            t("distribution.head.platform", lang), t("distribution.head.format", lang))
    return Table(t("distribution.formula_heading", lang), head, rows)


def stages_table(doc: Strategy, lang: str | None = None) -> Table:
    rows = tuple((str(i), s.name, s.owner, status_label(s.status, lang))
                 for i, s in enumerate(doc.deep_dives.distribution.stages, 1))
    head = (t("distribution.head.step", lang), t("distribution.head.stage", lang), t("distribution.head.owner", lang),
            t("distribution.head.status", lang))
    return Table(t("distribution.workflow_heading", lang), head, rows, numbers=(0,))


def section(doc: Strategy, lang: str | None = None, charts: bool = True) -> Section | None:
    """The formula and the workflow for the full report; ``None`` when neither has a row."""
    part = doc.deep_dives.distribution
    blocks = [table for table, rows in ((formula_table(doc, lang), part.formula), (stages_table(doc, lang), part.stages))
              if rows]
    return Section("distribution", t("distribution.title", lang), tuple(blocks)) if blocks else None
