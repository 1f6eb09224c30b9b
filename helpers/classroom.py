"""The trainer's view of the whole class: read every group document in a results folder, aggregate,
render safe HTML, export the class, and take in files that participants upload.

Everything here is a pure function of a :class:`Class` (what :func:`read_class` read), except
:func:`read_class` itself (which only reads) and :func:`accept_upload` (which writes one group file).

- **Read-only.** :func:`read_class` never writes, repairs or moves a file: it is safe to point at a
  folder where participants are saving right now. A file that cannot be read (half written, hand
  edited, wrong schema, empty, binary, too large) is listed in :attr:`Class.broken` in plain words
  and the reading goes on.
- **Fast.** Each document is parsed and validated once; every aggregation walks the documents once
  and builds its frame in one go (no per-group pandas work).
- **Safe HTML.** The HTML views are templates (``helpers/templates/classroom_*.html``) rendered by
  :mod:`helpers.render`, which escapes every value: a participant typing ``<script>`` shows the
  text, never runs it. Bidi and invisible characters are shown as markers
  (:func:`helpers.names.visible`), and group names are in ``<bdi>``.
- **Names told apart.** Wherever a group's name reaches the trainer (frames, HTML, the Excel export,
  the one-pagers) it is :meth:`Class.names`: two groups whose names look alike ("Groep A" and
  "Groep А" with a Cyrillic A) each carry the fingerprint of their file name.
- **Codes, not labels, in the frames.** Frames hold the stored codes (``done``, ``women``) so they
  can be tested and filtered; :func:`display_frame` turns one into translated headers and values
  for showing or exporting.
"""
from __future__ import annotations

from collections import Counter
import contextlib
from dataclasses import dataclass, field
import datetime as dt
import gc
import io
import json
import os
from pathlib import Path
import re
from typing import Any, Iterable
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
import pandas as pd
from pydantic import ValidationError

from . import labels, model, smart
from .channels import platform_key, platform_label
from .export import looks_like_formula
from .i18n import current_language, t
from .model import STEPS, Strategy
from .moderation import Moderation, card_id
from .names import display_names, shown_file_name
from .onepager import render as onepager
from .report import html as full_report
from .render import render
from .smart import verdict as smart_verdict
from .store import EmptyFile, SaveFailed, TooLarge, UndoResult, UploadRecord, Workspace, default_workspace

__all__ = [
    "Class", "UploadResult", "results_dir", "read_class", "progress", "moods", "words", "word_cloud_html",
    "audiences", "channels_chosen", "goals", "mixes", "frequency", "checkins", "contents", "team_tasks",
    "calendars", "rose_wall", "rose_wall_html", "RoseCard", "rose_cards", "rose_title", "moderated", "progress_html", "presentation_html", "summary",
    "display_frame", "column_label", "step_label", "status_label", "normalise_word", "rose_frame", "broken_frame",
    "export_xlsx", "export_onepagers_zip", "accept_upload", "accept_uploads", "uploads", "undo_upload",
    "UploadRecord", "UndoResult", "MAX_UPLOAD_BYTES", "SEND_LIMIT_BYTES", "MAX_READ_BYTES", "ROSE_KEYS", "SMART", "STATUSES", "SHEETS",
]

#: an uploaded group file larger than this is refused (a full document is far smaller)
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: the most the browser sends in one upload: tornado's websocket closes the connection on a larger
#: message (10 MiB by default, as in app mode; ``make trainer`` takes 64 MiB), with no word and no
#: answer to the next file. A file (or a batch of files) above it is refused in the browser, in words.
SEND_LIMIT_BYTES = 10 * 1024 * 1024 - 512 * 1024
#: a file in the results folder larger than this is listed as broken, not read
MAX_READ_BYTES = 32 * 1024 * 1024
ROSE_KEYS = ("rose", "thorn", "bud")
#: the sheets of :func:`export_xlsx`, in order
SHEETS = ("progress", "checkin", "audience", "goals", "channels", "content", "frequency", "tasks", "calendar",
          "rose", "broken")
#: SMART letter -> field of :class:`helpers.model.SmartVerdict`
SMART = tuple((smart.initial(letter), letter) for letter in smart.LETTERS)
STATUSES = labels.PROGRESS



def results_dir() -> Path:
    """The folder the dashboard reads: ``WORKSHOP_SHARED_DIR`` when set, else the workspace."""

    env = os.environ.get("WORKSHOP_SHARED_DIR", "").strip()
    return Path(env).expanduser() if env else default_workspace()


# --------------------------------------------------------------------------------------------------
# Reading

@dataclass
class Class:
    """What :func:`read_class` found in one folder at one moment."""

    folder: Path
    #: (slug, document), sorted by group name (case-insensitive), then slug
    groups: list[tuple[str, Strategy]] = field(default_factory=list)
    #: (file name, plain-words reason) of every file that could not be read, by file name
    broken: list[tuple[str, str]] = field(default_factory=list)
    read_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    _status: dict[int, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)
    _names: tuple[tuple, dict[str, str]] | None = field(default=None, repr=False, compare=False)

    @property
    def docs(self) -> list[Strategy]:
        return [doc for _, doc in self.groups]

    def status(self, doc: Strategy) -> dict[str, str]:
        """:func:`helpers.model.step_status` of ``doc``, computed once per document."""
        key = id(doc)
        if key not in self._status:
            self._status[key] = model.step_status(doc)
        return self._status[key]

    def names(self) -> dict[str, str]:
        """File name (slug) -> the group name as the trainer sees it (:mod:`helpers.names`): hidden
        characters as visible markers, a fingerprint when another group's name looks the same, and
        the file name when two files hold exactly the same name. Plain text, not yet HTML-escaped;
        computed once for the groups as they are."""
        key = tuple((s, doc.group) for s, doc in self.groups)
        if self._names is None or self._names[0] != key:
            shown = display_names(doc.group for _, doc in self.groups)
            counts = Counter(doc.group for _, doc in self.groups)
            self._names = (key, {s: (shown[doc.group] if counts[doc.group] == 1 else f"{shown[doc.group]} ({s})")
                                 for s, doc in self.groups})
        return self._names[1]

    def name(self, slug: str) -> str:
        """:meth:`names` of one file."""
        return self.names().get(slug, slug)

    def get(self, slug: str) -> Strategy | None:
        """The document read from ``<slug>.json``, or ``None``."""
        return next((doc for s, doc in self.groups if s == slug), None)

    def __len__(self) -> int:
        return len(self.groups)


def _group_key(item: tuple[str, Strategy]) -> tuple[str, str]:
    return (item[1].group.casefold(), item[0])


def _reason(err: BaseException, lang: str | None) -> str:
    if isinstance(err, EmptyFile):
        return t("classroom.broken.empty", lang)
    if isinstance(err, TooLarge):
        return t("classroom.broken.too_large", lang)
    if isinstance(err, ValidationError):
        problems = model.explain(err, lang)
        first = next(iter(problems.values()), "")
        return t("classroom.broken.invalid", lang, count=err.error_count(), first=first)
    if isinstance(err, (UnicodeDecodeError, json.JSONDecodeError)):
        return t("classroom.broken.not_json", lang)
    if isinstance(err, RecursionError):
        return t("classroom.broken.not_json", lang)
    if isinstance(err, ValueError) and "schema_version" in str(err):
        return t("classroom.broken.unknown_version", lang)
    if isinstance(err, ValueError):
        return t("classroom.broken.not_a_document", lang)
    return t("classroom.broken.unreadable", lang)


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while thousands of documents are built: its full passes
    walk every live object, which made reading grow faster than the number of groups (measured:
    2,000 groups took 15x the time of 200 with it running, 10x with it paused). Nothing read here
    forms reference cycles that need it; the previous state is always restored."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_class(folder: str | os.PathLike | None = None, lang: str | None = None) -> Class:
    """Every group document (``*.json``) in ``folder`` (default :func:`results_dir`), read-only,
    through the store (:meth:`helpers.store.Workspace.read_documents`: no symlink followed, nothing
    written). Hidden files and sub-folders are skipped. Never raises for a bad file."""

    root = Path(folder) if folder is not None else results_dir()
    cls = Class(folder=root)
    with _gc_paused():
        docs, broken = Workspace(root).read_documents(limit=MAX_READ_BYTES)
    cls.groups.extend(docs)
    cls.broken.extend((name, _reason(err, lang)) for name, err in broken)
    cls.groups.sort(key=_group_key)
    return cls


# --------------------------------------------------------------------------------------------------
# Labels

def step_label(step: str, lang: str | None = None) -> str:
    return labels.label("step", step, lang)


def status_label(status: str, lang: str | None = None) -> str:
    return labels.label("progress", status, lang)


def _channel_key_and_label(lang: str | None = None):
    """A memoised ``name -> (key, label)``: known platforms merge ("Insta", "instagram"); any other
    channel is its own, case-insensitively."""
    memo: dict[str, tuple[str, str]] = {}

    def lookup(name: str) -> tuple[str, str]:
        if name not in memo:
            try:
                key = platform_key(name)
            except Exception:
                key = None
            if key:
                memo[name] = (key, platform_label(key, lang))
            else:
                norm = " ".join(name.split()).casefold()
                memo[name] = (norm, name.strip())
        return memo[name]

    return lookup


# --------------------------------------------------------------------------------------------------
# Aggregations

PROGRESS_COLUMNS = ["slug", "group", *STEPS, "steps_done", "updated_at", "revision"]


def progress(cls: Class) -> pd.DataFrame:
    """One row per group: each step's status (``todo``/``busy``/``done``), how many steps are done,
    the last change (UTC) and the revision number."""
    names = cls.names()
    rows = []
    for slug, doc in cls.groups:
        status = cls.status(doc)
        states = [status.get(s, "todo") for s in STEPS]
        rows.append([slug, names[slug], *states, states.count("done"), _utc(doc.updated_at), doc.revision])
    frame = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True)
    frame["revision"] = frame["revision"].astype("int64")
    frame["steps_done"] = frame["steps_done"].astype("int64")
    return frame


def moods(cls: Class) -> dict[int, int]:
    """How many people checked in with each mood, 1 (bad) to 5 (great); every mood is a key."""
    counts = Counter(p.mood for doc in cls.docs for p in doc.checkin.people.values() if p.mood is not None)
    return {m: counts.get(m, 0) for m in range(1, 6)}


def normalise_word(word: str) -> str:
    """A check-in word as it is counted: spaces trimmed and collapsed, case folded."""
    return " ".join(str(word).split()).casefold()


def words(cls: Class, hidden: Iterable[str] = ()) -> list[tuple[str, int]]:
    """The check-in words, normalised and counted, most frequent first (then alphabetical); the
    ``hidden`` ones (normalised, see :mod:`helpers.moderation`) left out."""
    counts = Counter(normalise_word(p.word) for doc in cls.docs for p in doc.checkin.people.values())
    counts.pop("", None)
    for word in hidden:
        counts.pop(word, None)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def word_cloud_html(words: list[tuple[str, int]], lang: str | None = None, max_words: int = 80) -> str:
    """The words as one HTML block, each sized by how often it was given (escaped, no script)."""
    shown = [(w, n) for w, n in words if n > 0][:max_words]
    top = max((n for _, n in shown), default=1)
    sized = [(word, n, 0.9 + 2.1 * ((n - 1) / (top - 1)) if top > 1 else 1.4)
             for word, n in sorted(shown, key=lambda kv: kv[0])]
    return render("classroom_words.html", lang, words=sized)


AUDIENCE_COLUMNS = ["slug", "group", "age_min", "age_max", "age_range", "gender", "occupation", "income",
                    "location", "persona_name", "persona_quote", "interests"]


def _age_range(lo: int | None, hi: int | None) -> str:
    if lo is None and hi is None:
        return ""
    return f"{'?' if lo is None else lo}-{'?' if hi is None else hi}"


def audiences(cls: Class) -> pd.DataFrame:
    """One row per group: the audience and persona (age range as "25-40", gender as its code)."""
    names = cls.names()
    rows = []
    for slug, doc in cls.groups:
        a = doc.audience
        rows.append([slug, names[slug], a.age_min, a.age_max, _age_range(a.age_min, a.age_max), a.gender,
                     a.occupation, a.income, a.location, a.persona_name, a.persona_quote, ", ".join(a.interests)])
    frame = pd.DataFrame(rows, columns=AUDIENCE_COLUMNS)
    for col in ("age_min", "age_max"):
        frame[col] = frame[col].astype("Int64")
    return frame


def channels_chosen(cls: Class, lang: str | None = None) -> pd.DataFrame:
    """How many groups chose each channel, most chosen first. Known platforms are merged whatever
    the spelling ("Insta", "instagram"); columns ``channel`` (label), ``key``, ``groups``."""
    lookup = _channel_key_and_label(lang)
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for doc in cls.docs:
        seen = set()
        for name in doc.channels.chosen:
            if not name.strip():
                continue
            key, label = lookup(name)
            labels.setdefault(key, label)
            seen.add(key)
        counts.update(seen)
    rows = sorted(((labels[k], k, n) for k, n in counts.items()), key=lambda r: (-r[2], r[0].casefold()))
    frame = pd.DataFrame(rows, columns=["channel", "key", "groups"])
    frame["groups"] = frame["groups"].astype("int64")
    return frame


GOAL_COLUMNS = ["slug", "group", "number", "sentence", "org_goal", "phase", "kpi", "platform", "baseline",
                "target", "deadline", *(letter for letter, _ in SMART), "score"]


def goals(cls: Class) -> pd.DataFrame:
    """One row per goal: the sentence, the organisation goal, KPI and target, the SMART verdict per
    letter (``S M A R T`` as booleans) and the score 0-5."""
    names = cls.names()
    rows = []
    for slug, doc in cls.groups:
        for i, g in enumerate(doc.goals, 1):
            ok = smart_verdict(g)
            verdict = [ok[name] for _, name in SMART]
            rows.append([slug, names[slug], i, g.sentence, g.org_goal, g.phase, g.kpi, g.platform, g.baseline,
                         g.target, g.deadline, *verdict, sum(verdict)])
    frame = pd.DataFrame(rows, columns=GOAL_COLUMNS)
    frame["score"] = frame["score"].astype("int64")
    frame["number"] = frame["number"].astype("int64")
    for letter, _ in SMART:
        frame[letter] = frame[letter].astype(bool)
    return frame


def mixes(cls: Class) -> pd.DataFrame:
    """One row per group: the Hero-Hub-Help mix in percent."""
    names = cls.names()
    rows = [[slug, names[slug], doc.content.hero, doc.content.hub, doc.content.help] for slug, doc in cls.groups]
    frame = pd.DataFrame(rows, columns=["slug", "group", "hero", "hub", "help"])
    for col in ("hero", "hub", "help"):
        frame[col] = frame[col].astype("int64")
    return frame


def frequency(cls: Class, lang: str | None = None) -> pd.DataFrame:
    """One row per group and channel: posts per week (as the group entered it, zero included)."""
    names = cls.names()
    lookup = _channel_key_and_label(lang)
    rows = []
    for slug, doc in cls.groups:
        for name, n in doc.content.posts_per_week.items():
            rows.append([slug, names[slug], lookup(name)[1], n])
    frame = pd.DataFrame(rows, columns=["slug", "group", "channel", "posts_per_week"])
    frame["posts_per_week"] = frame["posts_per_week"].astype("int64")
    return frame


def checkins(cls: Class) -> pd.DataFrame:
    """One row per person who checked in: group, name, mood (may be empty), word."""
    names = cls.names()
    rows = [[slug, names[slug], name, p.mood, p.word]
            for slug, doc in cls.groups for name, p in doc.checkin.people.items()]
    frame = pd.DataFrame(rows, columns=["slug", "group", "person", "mood", "word"])
    frame["mood"] = frame["mood"].astype("Int64")
    return frame


def contents(cls: Class) -> pd.DataFrame:
    """One row per group: the mix and the content choices of step 4."""
    names = cls.names()
    rows = []
    for slug, doc in cls.groups:
        c = doc.content
        rows.append([slug, names[slug], c.hero, c.hub, c.help, ", ".join(c.themes), "\n".join(c.key_messages),
                     ", ".join(c.tone), sum(c.posts_per_week.values())])
    return pd.DataFrame(rows, columns=["slug", "group", "hero", "hub", "help", "themes", "key_messages", "tone",
                                       "posts_per_week"])


def team_tasks(cls: Class) -> pd.DataFrame:
    """One row per task of every team: title, owner, due date, done."""
    names = cls.names()
    rows = [[slug, names[slug], task.title, task.owner, task.due, task.done]
            for slug, doc in cls.groups for task in doc.team.tasks]
    return pd.DataFrame(rows, columns=["slug", "group", "title", "owner", "due", "done"])


CALENDAR_COLUMNS = ["slug", "group", "date", "time", "channel", "theme", "layer", "format", "owner", "title", "status"]


def calendars(cls: Class, lang: str | None = None) -> pd.DataFrame:
    """One row per calendar entry of every group, in date order per group (channel as its label)."""
    names = cls.names()
    lookup = _channel_key_and_label(lang)
    rows = []
    for slug, doc in cls.groups:
        for e in sorted(doc.calendar.entries, key=lambda e: (e.date, e.time)):
            rows.append([slug, names[slug], e.date, e.time, lookup(e.channel)[1] if e.channel else "", e.theme, e.layer, e.format, e.owner,
                         e.title, e.status])
    return pd.DataFrame(rows, columns=CALENDAR_COLUMNS)


@dataclass(frozen=True)
class RoseCard:
    """One answer of the Rose reflection: ``card`` is its identity (:func:`helpers.moderation.card_id`)."""

    card: str
    kind: str       # rose, thorn or bud
    slug: str
    group: str      # the name as the trainer sees it (:meth:`Class.names`)
    text: str


def rose_cards(cls: Class) -> list[RoseCard]:
    """Every non-empty Rose answer, in group order, then rose, thorn, bud."""
    names = cls.names()
    cards = []
    for slug, doc in cls.groups:
        for key in ROSE_KEYS:
            text = getattr(doc.debrief, key)
            if text and text.strip():
                cards.append(RoseCard(card_id(slug, key, text), key, slug, names[slug], text.strip()))
    return cards


def rose_wall(cls: Class, hidden: Iterable[str] = ()) -> dict[str, list[tuple[str, str]]]:
    """``{"rose": [(group, text), ...], "thorn": [...], "bud": [...]}`` in group order; empty answers
    and the ``hidden`` cards (ids) are left out. ``group`` is the name as the trainer sees it."""
    hidden = set(hidden)
    wall: dict[str, list[tuple[str, str]]] = {k: [] for k in ROSE_KEYS}
    for card in rose_cards(cls):
        if card.card not in hidden:
            wall[card.kind].append((card.group, card.text))
    return wall


def moderated(cls: Class, moderation: Moderation) -> Class:
    """The class as the projector shows it: the groups the trainer hid are left out (their files
    are untouched; the words and cards they hid are left out by :func:`words` and :func:`rose_wall`)."""
    if not moderation.groups:
        return cls
    return Class(cls.folder, [(s, d) for s, d in cls.groups if s not in moderation.groups], cls.broken, cls.read_at)


_ROSE_COLOURS = {"rose": "#fde8ec", "thorn": "#eef1f4", "bud": "#e9f6ea"}


def rose_wall_html(cls: Class, lang: str | None = None, hidden: Iterable[str] = ()) -> str:
    """The Rose wall as three columns (rose, thorn, bud) of cards: the group's name and its text,
    without the ``hidden`` cards. Every name and text is escaped."""
    return render("classroom_rose.html", lang, wall=rose_wall(cls, hidden), keys=ROSE_KEYS, colours=_ROSE_COLOURS,
                  rose_title=lambda key: rose_title(key, lang))


_STATUS_COLOURS = {"todo": "#f1f1f1", "busy": "#fff3cd", "done": "#d4edda"}


def progress_html(cls: Class, lang: str | None = None) -> str:
    """A table of groups x steps, coloured by status (names escaped)."""
    names = cls.names()
    rows = [(names[slug], [cls.status(doc)[s] for s in STEPS]) for slug, doc in cls.groups]
    return render("classroom_progress.html", lang, rows=rows, steps=STEPS, colours=_STATUS_COLOURS)


def presentation_html(cls: Class, slug: str, lang: str | None = None, charts: bool = True,
                      height: int = 900) -> str:
    """One group's one-pager for presentation mode, inside a sandboxed ``<iframe>`` (no script can
    run in it, and its styles never leak into the dashboard). ``lang=None``: the group's language."""
    doc = cls.get(slug)
    if doc is None:
        return render("classroom_presentation.html", lang, page=None)

    page = onepager(doc, lang, charts=charts, name=cls.name(slug))
    return render("classroom_presentation.html", lang, page=page, name=cls.name(slug), height=height)


def summary(cls: Class) -> dict[str, Any]:
    """Headline numbers: groups, broken files, people checked in, moods given, and per step how many
    groups are done and busy; ``finished`` counts groups with every step done."""
    done = {s: 0 for s in STEPS}
    busy = {s: 0 for s in STEPS}
    finished = 0
    for doc in cls.docs:
        status = cls.status(doc)
        for s in STEPS:
            if status[s] == "done":
                done[s] += 1
            elif status[s] == "busy":
                busy[s] += 1
        finished += all(status[s] == "done" for s in STEPS)
    people = [p for doc in cls.docs for p in doc.checkin.people.values()]
    return {
        "groups": len(cls.groups),
        "broken": len(cls.broken),
        "people": len(people),
        "moods_given": sum(p.mood is not None for p in people),
        "steps_done": done,
        "steps_busy": busy,
        "finished": finished,
        "presented": sum(doc.debrief.presented for doc in cls.docs),
    }


# --------------------------------------------------------------------------------------------------
# Display: translated headers and values

#: columns that hold a stored code, and the kind of label (:mod:`helpers.labels`) each becomes
_VALUE_KINDS = {"gender": "gender", "income": "income", "phase": "phase", "layer": "layer", "status": "status",
                "org_goal": "org_goal", "format": "format", "platform": "platform", "channel": "platform"}


def _value(kind: str, value: Any, lang: str) -> Any:
    return labels.label(kind, value, lang) if isinstance(value, str) and value else value


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _yes_no(value: Any, lang: str) -> Any:
    if _missing(value):
        return ""
    return labels.yes_no(bool(value), lang)


#: the columns of the class frames (besides the steps), each with its header in the catalogue
COLUMNS = ("slug", "group", "steps_done", "updated_at", "revision", "person", "mood", "word",
           *AUDIENCE_COLUMNS[2:], *GOAL_COLUMNS[2:], "channel", "key", "groups", "hero", "hub", "help", "themes",
           "key_messages", "tone", "posts_per_week", "title", "owner", "due", "done", *CALENDAR_COLUMNS[2:],
           *ROSE_KEYS, "presented", "file", "reason")
_column_header = labels.kind("class_column", "classroom.column.{}", COLUMNS)
_sheet_name = labels.kind("class_sheet", "classroom.sheet.{}", SHEETS)
rose_title = labels.kind("rose_title", "classroom.rose.{}", ROSE_KEYS)


def column_label(column: str, lang: str | None = None) -> str:
    if column in STEPS:
        return step_label(column, lang)
    return _column_header(column, lang)


def display_frame(frame: pd.DataFrame, lang: str | None = None, keep_slug: bool = False) -> pd.DataFrame:
    """A copy of an aggregation frame for people: codes as words (step status, gender, phase, layer,
    yes/no), dates in local time without zone, headers translated; the ``slug`` column dropped."""
    lang = current_language(lang)
    out = frame.copy()
    if "slug" in out.columns and not keep_slug:
        out = out.drop(columns="slug")

    def relabel(col: str, fn) -> None:  # each distinct value translated once
        values = list(out[col])
        labels = {v: fn(v) for v in set(values) if not _missing(v)}
        out[col] = [labels.get(v, v) if not _missing(v) else v for v in values]

    for col in out.columns:
        if col in STEPS:
            relabel(col, lambda v: status_label(v, lang))
        elif col in _VALUE_KINDS:
            relabel(col, lambda v, kind=_VALUE_KINDS[col]: _value(kind, v, lang))
        elif col in ("done", "presented", *(letter for letter, _ in SMART)):
            out[col] = [_yes_no(v, lang) for v in out[col]]
        elif col == "updated_at" and len(out):
            out[col] = pd.to_datetime(out[col], utc=True).dt.tz_convert(_local_zone()).dt.tz_localize(None)
    out.columns = [column_label(c, lang) for c in out.columns]
    return out


def _local_zone():
    return dt.datetime.now().astimezone().tzinfo


# --------------------------------------------------------------------------------------------------
# Exports

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(key: str, lang: str) -> str:
    return _SHEET_BAD.sub("-", _sheet_name(key, lang))[:31] or key


def _cell_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(_local_zone()).replace(tzinfo=None, microsecond=0)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return value


def _write_sheet(wb, title: str, headers: list[str], rows: Iterable[Iterable[Any]], widths: dict[int, int]) -> None:
    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"

    for col, text in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, min(max(len(text) + 2, 10), 40))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")

    def cell(value: Any, header: bool = False):
        value = _cell_value(value)
        c = WriteOnlyCell(ws)
        if isinstance(value, str):
            c.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
            c.data_type = "s"  # never a formula, whatever the participant typed
            if looks_like_formula(c.value):
                c.quotePrefix = True  # and Excel keeps it text when the cell is edited
        else:
            c.value = value
            if isinstance(value, dt.datetime):
                c.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                c.number_format = "yyyy-mm-dd"
        if header:
            c.font, c.fill = bold, fill
        return c

    ws.append([cell(h, True) for h in headers])
    for row in rows:
        ws.append([cell(v) for v in row])


def _frame_sheet(wb, key: str, frame: pd.DataFrame, lang: str) -> None:
    shown = display_frame(frame, lang)
    widths = {}
    for i, col in enumerate(frame.columns.drop("slug", errors="ignore"), 1):
        widths[i] = 40 if col in ("sentence", "key_messages", "rose", "thorn", "bud", "title", "persona_quote",
                                   "reason", "themes", "interests") else 0
    widths = {k: v for k, v in widths.items() if v}
    _write_sheet(wb, _sheet_title(key, lang), list(shown.columns), shown.itertuples(index=False, name=None), widths)


def rose_frame(cls: Class) -> pd.DataFrame:
    """One row per group: rose, thorn, bud and whether the group presented."""
    names = cls.names()
    rows = [[slug, names[slug], doc.debrief.rose, doc.debrief.thorn, doc.debrief.bud, doc.debrief.presented]
            for slug, doc in cls.groups]
    return pd.DataFrame(rows, columns=["slug", "group", "rose", "thorn", "bud", "presented"])


def broken_frame(cls: Class) -> pd.DataFrame:
    return pd.DataFrame(list(cls.broken), columns=["file", "reason"])




def export_xlsx(cls: Class, lang: str | None = None) -> bytes:
    """The whole class as one Excel workbook, one sheet per section (see :data:`SHEETS`), headers and
    codes translated, dates as real dates; text is always text (never a formula)."""

    lang = current_language(lang)
    wb = Workbook(write_only=True)
    frames = {
        "progress": progress(cls),
        "checkin": checkins(cls),
        "audience": audiences(cls),
        "goals": goals(cls),
        "channels": channels_chosen(cls, lang),
        "content": contents(cls),
        "frequency": frequency(cls, lang),
        "tasks": team_tasks(cls),
        "calendar": calendars(cls, lang),
        "rose": rose_frame(cls),
        "broken": broken_frame(cls),
    }
    frames["channels"] = frames["channels"].drop(columns="key")
    for key in SHEETS:
        _frame_sheet(wb, key, frames[key], lang)
    wb.properties.title = t("classroom.export.title", lang)
    wb.properties.created = wb.properties.modified = cls.read_at.astimezone(dt.timezone.utc).replace(
        tzinfo=None, microsecond=0)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_onepagers_zip(cls: Class, lang: str | None = None, charts: bool = False, full: bool = False) -> bytes:
    """A zip of every group's one-pager (``<slug>.html``, from :func:`helpers.onepager.render`), an
    ``index.html`` linking them, and a text file listing the files that could not be read.
    ``full=True``: each group's full report instead (:func:`helpers.report.html`).

    ``lang=None``: each one-pager in its group's own language, the index and the list in the current
    language. ``charts=True`` embeds the charts (about 0.1 s more per group)."""

    text_lang = current_language(lang)
    buf = io.BytesIO()
    used: set[str] = set()
    links = []
    stamp = cls.read_at.astimezone(_local_zone()).timetuple()[:6]
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        names = cls.names()
        for slug, doc in cls.groups:
            base = model.slug(doc.group)
            name, n = f"{base}.html", 1
            while name in used:  # two files holding the same group: keep both
                n += 1
                name = f"{base}-{n}.html"
            used.add(name)
            try:
                page = (full_report(doc, lang, charts=charts, name=names[slug]) if full
                        else onepager(doc, lang, charts=charts, name=names[slug]))
            except Exception as err:  # one group's page never costs the class its export
                page = render("classroom_page_failed.html", text_lang, name=names[slug], error=type(err).__name__)
            zf.writestr(zipfile.ZipInfo(name, stamp), page.encode("utf-8"), zipfile.ZIP_DEFLATED)
            links.append((name, names[slug]))
        index = render("classroom_index.html", text_lang, links=links)
        zf.writestr(zipfile.ZipInfo("index.html", stamp), index.encode("utf-8"), zipfile.ZIP_DEFLATED)
        lines = [t("classroom.export.broken_header", text_lang, count=len(cls.broken)), ""]
        lines += [f"{name}: {reason}" for name, reason in cls.broken] or [t("classroom.export.broken_none", text_lang)]
        zf.writestr(zipfile.ZipInfo(t("classroom.export.broken_file", text_lang), stamp),
                    ("\n".join(lines) + "\n").encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------
# Uploads

@dataclass
class UploadResult:
    ok: bool
    group: str | None
    message: str
    replaced: bool = False
    slug: str | None = None
    #: the kept upload (:func:`uploads`, :func:`undo_upload`); ``None`` when refused or not kept
    upload_id: str | None = None


def _utc(moment: dt.datetime) -> dt.datetime:
    """A moment with a zone (a document written by hand may carry none: read as UTC)."""
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment


def accept_upload(folder: str | os.PathLike | None, filename: str, content: bytes,
                  lang: str | None = None) -> UploadResult:
    """Take in one group file that a participant uploaded: merged into ``<slug of its group>.json``
    in ``folder`` by the store (:meth:`helpers.store.Workspace.import_file`), never written to the
    uploaded name, never into another group. Files from several laptops keep every answer of
    each, in any order; the same file twice changes nothing. Never raises for bad input."""

    root = Path(folder) if folder is not None else results_dir()
    if isinstance(content, (bytes, bytearray, memoryview)) and len(content) > MAX_UPLOAD_BYTES:
        return UploadResult(False, None, t("classroom.upload.too_large", lang, file=shown_file_name(filename),
                                           limit=MAX_UPLOAD_BYTES // (1024 * 1024)))
    workspace = Workspace(root)
    result = workspace.import_file(content, filename, lang)
    message, upload_id = result.message, None
    if result.ok:
        try:  # every upload taken in is kept, so that it can be undone
            kept = workspace.keep_upload(bytes(content), filename, result)
            upload_id = kept.id if kept else None
        except SaveFailed as err:
            message = f"{message} {t('classroom.upload.not_kept', lang, reason=str(err))}"
    return UploadResult(result.ok, result.group, message, replaced=result.status == "merged",
                        slug=result.slug, upload_id=upload_id)


def uploads(folder: str | os.PathLike | None = None) -> list[UploadRecord]:
    """Every upload kept in ``folder`` (default :func:`results_dir`), newest first."""
    return Workspace(Path(folder) if folder is not None else results_dir()).uploads()


def undo_upload(folder: str | os.PathLike | None, upload_id: str, lang: str | None = None) -> UndoResult:
    """Take back one upload (:meth:`helpers.store.Workspace.undo_upload`): its group as it was
    before, keeping every answer changed since. Never raises; the result says what happened."""
    return Workspace(Path(folder) if folder is not None else results_dir()).undo_upload(upload_id, lang)


def accept_uploads(folder: str | os.PathLike | None, files: Any, lang: str | None = None) -> list[UploadResult]:
    """:func:`accept_upload` for many files: ``(name, bytes)`` pairs, dicts with ``name`` and
    ``content`` (the value of an ``ipywidgets.FileUpload``), or a dict ``name -> bytes``."""
    if isinstance(files, dict) and not {"name", "content"} <= set(files):
        items = list(files.items())
    elif isinstance(files, dict):
        items = [(files.get("name"), files.get("content"))]
    else:
        items = []
        for f in files or ():
            if isinstance(f, dict):
                items.append((f.get("name"), f.get("content")))
            else:
                items.append(tuple(f)[:2])
    return [accept_upload(folder, str(name or ""), content if content is not None else b"", lang)
            for name, content in items]
