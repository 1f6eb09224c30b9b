"""Turn a Strategy document into files: one function per format, all returning bytes.

Every exporter is a pure function ``Strategy -> bytes`` registered in :data:`FORMATS` with its file
extension, so ``python -m helpers export GROUP --format F`` offers it at once. Labels are in the
document's language. The calendar that is exported is the one in the document
(``calendar.entries``, as the group edited it), never a freshly generated one.

Choices, so nobody has to guess:

- **CSV**: UTF-8 with a byte order mark (Excel then reads the accents right), ``;`` as separator for a
  Dutch document and ``,`` for an English one (Dutch Excel splits on ``;`` because the comma is its
  decimal sign; English Excel splits on ``,``). No ``sep=`` line: it makes Excel ignore the BOM.
  Dates are ISO (``2025-03-03``), which Excel reads as dates in both locales. A cell that starts
  with ``= + - @``, a tab or a line break (or a full-width ``＝ ＋ － ＠``) gets a leading ``'`` so a
  spreadsheet never runs participant text as a formula.
- **Excel**: real dates, translated headers and sheet names, set column widths; text is always a
  string cell (never a formula), and text that looks like a formula also gets Excel's "quote prefix"
  so it stays text when someone edits the cell; characters Excel refuses are dropped.
- **iCalendar**: every text is an :class:`icalendar.vText` (escaped and folded by the library). A
  line break typed in a group name, a title, an owner or a category becomes a space (these are
  one-line values); the details in a description stay one per line. Control characters are dropped.
  Times in Europe/Amsterdam with a VTIMEZONE written in the file (the EU rule, valid
  since 1996), because a posting time is meant for the Dutch audience, and some calendar programs
  read a "floating" time as UTC. Posts last 30 minutes. Tasks with a due date become all-day
  events (VTODO is ignored by Google Calendar and by Outlook's import). DTSTAMP is the document's
  last change, so the same document gives the same file.
- **HTML**: the one-pager of :mod:`helpers.onepager`: one file, no external request.
"""
from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
import json
import re
from typing import Any, Iterable, Callable

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vText
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import labels, measured, model, smart
from .i18n import t
from .model import Strategy, slug
from .onepager import render
from .schedule import summary, task_problems
from .smart import verdict

TIMEZONE = "Europe/Amsterdam"
PRODID = "-//social-media-workshop//helpers.export//NL"
POST_MINUTES = 30


def to_json(doc: Strategy) -> bytes:
    """The group file: the document, with what a merge needs (its sync state) when it has one, so
    that files from several laptops can be imported and merged (``python -m helpers import``)."""
    data = doc.model_dump(mode="json")
    if doc.sync_state is not None:
        data["_sync"] = doc.sync_state
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


# --------------------------------------------------------------------------------------------------
# Shared: labels and rows

CALENDAR_COLUMNS = ["date", "time", "channel", "theme", "layer", "format", "owner", "title", "status"]
TASK_COLUMNS = ["title", "owner", "due", "done", "problem"]
GOAL_COLUMNS = ["sentence", "org_goal", "phase", "kpi", "platform", "baseline", "target", "deadline",
                "smart", "smart_score"]
CHANNEL_COLUMNS = ["channel", "chosen", "brand_fit", "posts_per_week", "days", "times", "formats", "planned"]
header = labels.kind("export_column", "export.column.{}", (
    *CALENDAR_COLUMNS, *TASK_COLUMNS, *GOAL_COLUMNS, *CHANNEL_COLUMNS, "item", "value"))
_sheet_name = labels.kind("export_sheet", "export.sheet.{}", ("calendar", "tasks", "goals", "channels", "content",
                                                               "audience", "measure"))
_format_name = labels.kind("export_format", "export.format.{}", ("json", "csv", "xlsx", "ics", "html"))


def calendar_rows(doc: Strategy, lang: str) -> list[list[Any]]:
    """One row per calendar entry, values as :data:`CALENDAR_COLUMNS` (date stays a ``date``)."""
    return [[e.date, e.time, labels.platform(e.channel, lang), e.theme, labels.label("layer", e.layer, lang),
             labels.format_(e.format, lang), e.owner, e.title, labels.label("status", e.status, lang)]
            for e in doc.calendar.entries]


def task_rows(doc: Strategy, lang: str, today: dt.date | None = None) -> list[list[Any]]:
    problems = task_problems(doc.team.tasks, doc.team.members, today, lang)
    return [[task.title, task.owner, task.due, labels.yes_no(task.done, lang), problems.get(i, "")]
            for i, task in enumerate(doc.team.tasks)]


def goal_rows(doc: Strategy, lang: str) -> list[list[Any]]:
    rows = []
    for g in doc.goals:
        ok = verdict(g)
        letters = " ".join(smart.initial(name) if ok[name] else "·" for name in smart.LETTERS)
        rows.append([g.sentence, labels.org_goal(g.org_goal, lang), labels.label("phase", g.phase, lang), g.kpi, labels.platform(g.platform, lang),
                     g.baseline, g.target, g.deadline, letters, f"{smart.score(g)}/5"])
    return rows


def channel_names(doc: Strategy) -> list[str]:
    """Every channel the document mentions: chosen ones first, then the rest in order of mention."""
    c = doc.content
    names = list(doc.channels.chosen) + list(doc.channels.brand_fit) + list(c.posts_per_week) + list(c.formats)
    return list(dict.fromkeys(n for n in names if n))


def channel_rows(doc: Strategy, lang: str) -> list[list[Any]]:
    c = doc.content
    planned: dict[str, int] = {}
    for e in doc.calendar.entries:
        planned[e.channel] = planned.get(e.channel, 0) + 1
    rows = []
    for name in channel_names(doc):
        rows.append([labels.platform(name, lang), labels.yes_no(name in doc.channels.chosen, lang),
                     doc.channels.brand_fit.get(name), c.posts_per_week.get(name),
                     labels.weekdays(c.days.get(name, []), lang), ", ".join(c.times.get(name, [])),
                     ", ".join(labels.format_(f, lang) for f in c.formats.get(name, [])),
                     planned.get(name, 0)])
    return rows


def content_rows(doc: Strategy, lang: str) -> list[list[Any]]:
    """``[label, value]`` pairs: the content choices of step 4 and what the calendar plans."""

    c = doc.content
    pairs: list[tuple[str, Any]] = [
        ("themes", ", ".join(c.themes)), ("key_messages", "\n".join(c.key_messages)), ("tone", ", ".join(c.tone)),
        ("tone_notes", c.tone_notes), ("hero", c.hero), ("hub", c.hub), ("help", c.help),
    ]
    rows = _field_rows("content", c, pairs, lang)
    for name, n in c.posts_per_week.items():
        rows.append([t("export.content.posts_per_week", lang, channel=name), n])
    s = summary(doc.calendar.entries)
    rows.append([t("export.content.planned_total", lang), s["total"]])
    for layer in ("hero", "hub", "help"):
        rows.append([t("export.content.planned_layer", lang, layer=labels.label("layer", layer, lang)),
                     round(s["layer_share"][layer], 1)])
    return rows


def audience_rows(doc: Strategy, lang: str) -> list[list[Any]]:
    a = doc.audience
    return _field_rows("audience", a, [
        ("persona_name", a.persona_name), ("persona_quote", a.persona_quote), ("description", a.description),
        ("age_min", a.age_min), ("age_max", a.age_max), ("gender", labels.label("gender", a.gender, lang)),
        ("occupation", a.occupation), ("income", labels.label("income", a.income, lang)), ("location", a.location),
        ("interests", ", ".join(a.interests)), ("online_where", ", ".join(a.online_where)),
        ("online_when", ", ".join(a.online_when)), ("pains", "\n".join(a.pains)), ("gains", "\n".join(a.gains)),
    ], lang)


def _field_rows(section: str, answers, pairs: list[tuple[str, Any]], lang: str) -> list[list[Any]]:
    """``[label, value]`` rows of ``pairs`` (field, value as shown), then of the section's other text
    answers (:func:`helpers.model.other_text_answers`), so a new text field is exported as well."""
    pairs = pairs + [(name, value if isinstance(value, str) else "\n".join(value))
                     for name, value in model.other_text_answers(answers, [n for n, _v in pairs])]
    return [[model.field_label((section, name), lang), value] for name, value in pairs]


# --------------------------------------------------------------------------------------------------
# CSV

#: what a spreadsheet may read as the start of a formula: the ASCII signs, tab and CR (OWASP's list),
#: and the full-width signs that an East Asian input method types and Excel also accepts
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def looks_like_formula(text: Any) -> bool:
    """Whether participant text could be taken for a formula by a spreadsheet."""
    return isinstance(text, str) and text.startswith(FORMULA_START)


def csv_separator(lang: str) -> str:
    return ";" if lang == "nl" else ","


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def to_csv(doc: Strategy, lang: str | None = None) -> bytes:
    """The content calendar, one row per entry, headers in the document's language."""
    lang = lang or doc.language
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=csv_separator(lang), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([header(c, lang) for c in CALENDAR_COLUMNS])
    for row in calendar_rows(doc, lang):
        writer.writerow([_csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------------------------------
# Excel

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(key: str, lang: str) -> str:
    return _SHEET_BAD.sub("-", _sheet_name(key, lang))[:31]


def _put(ws, row: int, col: int, value: Any, date_format: str):
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if looks_like_formula(cell.value):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    else:
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = date_format
    return cell


def _write_sheet(wb, key: str, headers: list[str], rows: list[list[Any]], lang: str, filter_: bool = False,
                 title: str | None = None):
    ws = wb.create_sheet(_SHEET_BAD.sub("-", title)[:31] if title else _sheet_title(key, lang))
    date_format = t("export.excel_date_format", lang)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
    for col, text in enumerate(headers, 1):
        cell = _put(ws, 1, col, text, date_format)
        cell.font, cell.fill = bold, fill
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, 2):
        for col, value in enumerate(row, 1):
            cell = _put(ws, r, col, value, date_format)
            if isinstance(value, str) and (len(value) > 40 or "\n" in value):
                cell.alignment = wrap
    for col, text in enumerate(headers, 1):
        longest = len(text)
        for row in rows:
            value = row[col - 1]
            if isinstance(value, dt.date):
                width = 11
            else:
                width = max((len(line) for line in str("" if value is None else value).split("\n")), default=0)
            longest = max(longest, width)
        ws.column_dimensions[get_column_letter(col)].width = min(max(longest + 2, 8), 60)
    ws.freeze_panes = "A2"
    if filter_ and rows:
        ws.auto_filter.ref = ws.dimensions
    return ws


def measure_rows(doc: Strategy, lang: str) -> list[list[Any]]:
    """The measuring path as item/value rows (empty before anything was measured)."""
    found = measured.report(doc, lang)
    if found is None:
        return []
    rows: list[list[Any]] = []
    if found["source"]:
        rows.append([t("fields.measure.export.file", lang), found["source"]])
    rows += [[label, f"{value} ({formula})"] for label, formula, value in found["kpis"]]
    rows += [[t("export.onepager.measure_best", lang), line] for line in found["best"]]
    rows += [[goal, words] for goal, words in found["goals"]]
    rows += [[name, words] for name, words in found["tests"]]
    if found["learned"]:
        rows.append([t("fields.measure.learned", lang), found["learned"]])
    rows += [[t("fields.measure.next_steps", lang), step] for step in found["next_steps"]]
    return rows


def to_xlsx(doc: Strategy, lang: str | None = None,
            extra: Iterable[tuple[str, list[str], list[list[Any]]]] = ()) -> bytes:
    """A workbook with sheets: calendar, tasks, goals, channels, content, audience and persona, and
    the measuring path's results once there are any; then one sheet per ``extra`` (title, headers,
    rows): the full report's self-study parts (:func:`helpers.report.workbook`)."""

    lang = lang or doc.language
    wb = Workbook()
    wb.remove(wb.active)
    pair = [header("item", lang), header("value", lang)]
    _write_sheet(wb, "calendar", [header(c, lang) for c in CALENDAR_COLUMNS], calendar_rows(doc, lang), lang, True)
    _write_sheet(wb, "tasks", [header(c, lang) for c in TASK_COLUMNS], task_rows(doc, lang), lang, True)
    _write_sheet(wb, "goals", [header(c, lang) for c in GOAL_COLUMNS], goal_rows(doc, lang), lang)
    channels = channel_rows(doc, lang)
    ws = _write_sheet(wb, "channels", [header(c, lang) for c in CHANNEL_COLUMNS], channels, lang)
    if doc.channels.reason:
        _put(ws, len(channels) + 3, 1, t("fields.channels.reason", lang), "")
        _put(ws, len(channels) + 3, 2, doc.channels.reason, "")
    _write_sheet(wb, "content", pair, content_rows(doc, lang), lang)
    _write_sheet(wb, "audience", pair, audience_rows(doc, lang), lang)
    measuring = measure_rows(doc, lang)
    if measuring:  # only once the group measured something after the workshop
        _write_sheet(wb, "measure", pair, measuring, lang)
    for title, headers, rows in extra:
        _write_sheet(wb, "", headers, rows, lang, title=title)
    stamp = doc.updated_at.astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.title = doc.group
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------
# iCalendar

def _vtimezone():
    """Europe/Amsterdam by the EU rule (since 1996): summer time from the last Sunday of March
    02:00 to the last Sunday of October 03:00. Written out so no time zone database is needed."""

    tz = Timezone()
    tz.add("tzid", TIMEZONE)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", dt.datetime(1996, 3, 31, 2, 0))
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_UNSAFE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f\ud800-\udfff]")


def _plain(text: str) -> str:
    """Participant text for one iCalendar value: control characters and lone surrogates dropped,
    every kind of line break (CR LF, CR, LF, VT, FF, NEL, U+2028, U+2029) made one ``\\n``."""
    return _LINE_BREAK.sub("\n", _UNSAFE.sub("", str(text)))


def _one_line(text: str) -> str:
    """Participant text for a one-line iCalendar value (calendar name, summary, category, one detail
    of a description): as :func:`_plain`, with each line break replaced by a space."""
    return _plain(text).replace("\n", " ")


def _text(text: str):
    """An iCalendar TEXT value. :class:`icalendar.vText` escapes ``\\ ; ,`` and line breaks and the
    library folds long lines; it is given explicitly because icalendar does not know the type of an
    ``X-`` property (``X-WR-CALNAME``) and would write a line break in it unescaped."""

    return vText(text)


def to_ics(doc: Strategy, lang: str | None = None) -> bytes:
    """One event per calendar entry (30 minutes, Europe/Amsterdam) and one all-day event per task
    with a due date."""

    lang = lang or doc.language
    group = slug(doc.group)
    stamp = doc.updated_at.astimezone(dt.timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = _text(_one_line(t("export.ics.calendar_name", lang, group=doc.group)))
    cal.add("name", name)  # RFC 7986
    cal.add("x-wr-calname", name)  # what Google Calendar, Outlook and Apple Calendar read
    cal.add("x-wr-timezone", TIMEZONE)
    cal.add_component(_vtimezone())
    tzparam = {"TZID": TIMEZONE}
    for i, e in enumerate(doc.calendar.entries):
        hour, minute = map(int, e.time.split(":"))
        start = dt.datetime.combine(e.date, dt.time(hour, minute))
        ev = Event()
        ev.add("uid", f"{group}-{e.date:%Y%m%d}T{hour:02d}{minute:02d}-{slug(e.channel or 'channel', 20)}-{i}"
                      "@social-media-workshop")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", start, parameters=tzparam)
        ev.add("dtend", start + dt.timedelta(minutes=POST_MINUTES), parameters=tzparam)
        ev.add("summary", _text(_one_line(f"{labels.platform(e.channel, lang)}: {e.title}" if e.channel else e.title)))
        details = [("theme", e.theme), ("layer", labels.label("layer", e.layer, lang)),
                   ("format", labels.format_(e.format, lang)),
                   ("owner", e.owner), ("status", labels.label("status", e.status, lang))]
        ev.add("description", _text("\n".join(f"{header(k, lang)}: {_one_line(v)}" for k, v in details if v)))
        if e.layer:
            ev.add("categories", [_one_line(labels.label("layer", e.layer, lang))])
        cal.add_component(ev)
    for i, task in enumerate(doc.team.tasks):
        if task.due is None:
            continue
        ev = Event()
        ev.add("uid", f"{group}-task-{i}-{task.due:%Y%m%d}@social-media-workshop")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", task.due)
        ev.add("dtend", task.due + dt.timedelta(days=1))
        title = task.title or t("export.ics.untitled_task", lang)
        ev.add("summary", _text(_one_line(t("export.ics.task_summary", lang, title=title))))
        ev.add("description", _text("\n".join([
            f"{header('owner', lang)}: {_one_line(task.owner)}",
            f"{header('done', lang)}: {labels.yes_no(task.done, lang)}",
        ])))
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()


# --------------------------------------------------------------------------------------------------
# HTML

def to_html(doc: Strategy, lang: str | None = None) -> bytes:
    return render(doc, lang).encode("utf-8")


# --------------------------------------------------------------------------------------------------
# Registry

#: format name -> (file extension, exporter). Steps add their formats here.
FORMATS: dict[str, tuple[str, Callable[[Strategy], bytes]]] = {
    "json": ("json", to_json),
    "csv": ("csv", to_csv),
    "xlsx": ("xlsx", to_xlsx),
    "ics": ("ics", to_ics),
    "html": ("html", to_html),
}

MIME: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar",
    "html": "text/html",
}


def export(doc: Strategy, fmt: str, lang: str | None = None) -> bytes:
    """``doc`` as ``fmt``; ``lang`` overrides the document's language for labels (not for JSON)."""
    if fmt not in FORMATS:
        raise KeyError(fmt)
    if fmt == "json" or lang is None:
        return FORMATS[fmt][1](doc)
    return FORMATS[fmt][1](doc, lang=lang)


def filename(doc: Strategy, fmt: str) -> str:
    return f"{slug(doc.group)}.{FORMATS[fmt][0]}"


def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """An HTML link that saves ``data`` as ``filename`` when clicked: the file travels inside the
    link as a ``data:`` URI, so it works offline in JupyterLab and Voila (no request is made)."""
    encoded = base64.b64encode(data).decode("ascii")
    mime = mime if re.fullmatch(r"[\w.+-]+/[\w.+-]+", mime or "") else "application/octet-stream"
    return (f'<a download="{html.escape(filename, quote=True)}" href="data:{mime};base64,{encoded}" '
            f'class="workshop-download">{html.escape(label)}</a>')


def download_link_for(doc: Strategy, fmt: str, label: str | None = None) -> str:
    """:func:`download_link` for one of :data:`FORMATS`, labelled in the document's language."""
    label = label or t("export.download", doc.language, format=_format_name(fmt, doc.language))
    return download_link(export(doc, fmt), filename(doc, fmt), MIME.get(fmt, "application/octet-stream"), label)
