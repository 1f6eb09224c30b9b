"""The Strategy document: one typed, validated, versioned document per participant or group.

It knows no widgets and no files. :func:`load_document` migrates an older version before it
validates; :func:`apply_changes` sets fields by path and validates the result;
:func:`explain` turns a validation error into plain words in the user's language.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from typing import Annotated, Any, Iterable, Literal
import unicodedata

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints,
    ValidationError, field_validator, model_validator)

from .i18n import has, number_text, t

SCHEMA_VERSION = 3

#: A row's stable id: "r" and hex digits (never all digits, so a path can tell it from an index).
ROW_ID = re.compile(r"^r[0-9a-f]{6,32}$")
MAX_REVISION = 10 ** 12


def new_row_id() -> str:
    return "r" + secrets.token_hex(6)

SHORT = 200  # a name, a word, a KPI
LONG = 2000  # a sentence or a paragraph

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HIDDEN = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("control_characters")
    return value


ShortText = Annotated[str, StringConstraints(max_length=SHORT, strip_whitespace=True), AfterValidator(_no_control)]
LongText = Annotated[str, StringConstraints(max_length=LONG), AfterValidator(_no_control)]
Mood = Annotated[int, Field(ge=1, le=5)]
Percent = Annotated[int, Field(ge=0, le=100)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Language = Literal["nl", "en"]
Phase = Literal["see", "think", "do", "care"]
HeroHubHelp = Literal["hero", "hub", "help"]
TextList = Annotated[list[ShortText], Field(max_length=50)]


def _unique(items: list) -> list:
    return list(dict.fromkeys(items))


#: A set of choices (a checkbox group): each item once, in the order chosen.
ChoiceList = Annotated[list[ShortText], Field(max_length=50), AfterValidator(_unique)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False,
                              allow_inf_nan=False)


RowId = Annotated[str, StringConstraints(pattern=ROW_ID.pattern)]


class Row(Section):
    """An item of a list with a stable id: edits and removals address the row, never a position."""

    id: RowId = Field(default_factory=new_row_id)


class CheckinPerson(Section):
    mood: Mood | None = None
    word: ShortText = ""


class Checkin(Section):
    # keyed by the person's name: two laptops checking in at once never overwrite each other
    people: dict[ShortText, CheckinPerson] = Field(default_factory=dict, max_length=50)


class Audience(Section):
    description: LongText = ""
    age_min: Annotated[int, Field(ge=0, le=120)] | None = None
    age_max: Annotated[int, Field(ge=0, le=120)] | None = None
    gender: Literal["", "all", "women", "men", "mixed", "other"] = ""
    occupation: ShortText = ""
    income: Literal["", "low", "middle", "high", "mixed"] = ""
    location: ShortText = ""
    interests: TextList = Field(default_factory=list)
    online_where: ChoiceList = Field(default_factory=list)
    online_when: ChoiceList = Field(default_factory=list)
    pains: TextList = Field(default_factory=list)
    gains: TextList = Field(default_factory=list)
    persona_name: ShortText = ""
    persona_quote: ShortText = ""

    @model_validator(mode="after")
    def _ages_in_order(self) -> "Audience":
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError("age_order")
        return self


class SmartVerdict(Section):
    specific: bool = False
    measurable: bool = False
    achievable: bool = False
    relevant: bool = False
    time_bound: bool = False


class Goal(Row):
    sentence: LongText = ""
    org_goal: ShortText = ""
    phase: Literal["", "see", "think", "do", "care"] = ""
    kpi: ShortText = ""
    platform: ShortText = ""
    baseline: Annotated[float, Field(ge=0)] | None = None
    target: Annotated[float, Field(ge=0)] | None = None
    deadline: dt.date | None = None
    smart: SmartVerdict = Field(default_factory=SmartVerdict)


class Channels(Section):
    weights: dict[ShortText, Annotated[float, Field(ge=0, le=10)]] = Field(default_factory=dict)
    brand_fit: dict[ShortText, Annotated[int, Field(ge=0, le=5)]] = Field(default_factory=dict)
    features_wanted: ChoiceList = Field(default_factory=list)
    age_profiles: dict[ShortText, dict[ShortText, Annotated[float, Field(ge=0, le=100)]]] = Field(
        default_factory=dict
    )
    chosen: ChoiceList = Field(default_factory=list)
    reason: LongText = ""


class Content(Section):
    themes: TextList = Field(default_factory=list)
    key_messages: TextList = Field(default_factory=list)
    tone: ChoiceList = Field(default_factory=list)
    tone_notes: LongText = ""
    hero: Percent = 10
    hub: Percent = 30
    help: Percent = 60
    formats: dict[ShortText, ChoiceList] = Field(default_factory=dict)
    posts_per_week: dict[ShortText, Annotated[int, Field(ge=0, le=70)]] = Field(default_factory=dict)
    days: dict[ShortText, Annotated[list[Weekday], Field(max_length=7), AfterValidator(_unique)]] = Field(default_factory=dict)
    times: dict[ShortText, Annotated[list[ClockTime], Field(max_length=24)]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _mix_sums_to_100(self) -> "Content":
        if self.hero + self.hub + self.help != 100:
            raise ValueError("mix_sum")
        return self


class Member(Row):
    name: ShortText = ""
    role: ShortText = ""


class Task(Row):
    title: ShortText = ""
    owner: ShortText = ""
    due: dt.date | None = None
    done: bool = False


class Team(Section):
    members: Annotated[list[Member], Field(max_length=30)] = Field(default_factory=list)
    tasks: Annotated[list[Task], Field(max_length=200)] = Field(default_factory=list)


class CalendarEntry(Row):
    date: dt.date
    time: ClockTime = "09:00"
    channel: ShortText = ""
    theme: ShortText = ""
    layer: Literal["", "hero", "hub", "help"] = ""
    format: ShortText = ""
    owner: ShortText = ""
    title: ShortText = ""
    status: Literal["idea", "draft", "ready", "published"] = "idea"
    audience: ShortText = ""
    keywords: ShortText = ""


class Calendar(Section):
    start: dt.date | None = None
    weeks: Annotated[int, Field(ge=1, le=52)] = 4
    entries: Annotated[list[CalendarEntry], Field(max_length=2000)] = Field(default_factory=list)


class Debrief(Section):
    rose: LongText = ""
    thorn: LongText = ""
    bud: LongText = ""
    presented: bool = False


class Competitor(Row):
    name: ShortText = ""
    channels: TextList = Field(default_factory=list)
    followers: Annotated[int, Field(ge=0)] | None = None
    posts_per_week: Annotated[float, Field(ge=0)] | None = None
    strong: LongText = ""
    weak: LongText = ""


Count = Annotated[int, Field(ge=0, le=10**12)]
Amount = Annotated[float, Field(ge=0, le=10**9)]
Rate = Annotated[float, Field(ge=0, le=100)]


class Account(Row):
    """One of the organisation's own accounts: its figures now (the starting situation) and the
    audit's judgement (who runs it, what it is for, keep, improve or stop)."""

    platform: ShortText = ""
    handle: ShortText = ""
    followers: Count | None = None
    posts_per_week: Annotated[float, Field(ge=0, le=500)] | None = None
    engagement_rate: Rate | None = None          # percent
    response_hours: Annotated[float, Field(ge=0, le=10000)] | None = None
    owner: ShortText = ""
    mission: ShortText = ""
    kpi: ShortText = ""
    top_content: ShortText = ""
    verdict: Literal["", "keep", "improve", "stop"] = ""


class Situation(Section):
    """The quick scan: what works inside, what outsiders say, who talks about the organisation."""

    works_internally: LongText = ""
    outsiders_say: LongText = ""
    who_talks: LongText = ""
    complaints: LongText = ""
    opinion_leaders: TextList = Field(default_factory=list)
    competitors_do: LongText = ""


class RivalChannel(Row):
    """A competitor on one channel: the competitor x channel table."""

    competitor: ShortText = ""
    platform: ShortText = ""
    followers: Count | None = None
    posts_per_week: Annotated[float, Field(ge=0, le=500)] | None = None
    engagement_rate: Rate | None = None
    works: LongText = ""
    misses: LongText = ""


class AudienceMessage(Row):
    """A key message for one audience."""

    audience: ShortText = ""
    message: LongText = ""


class Tactics(Section):
    """The tactic questions: paid or organic per channel, influencers, user-generated content,
    inspiration, the own and third-party mix, segmentation, when the team answers."""

    paid: dict[ShortText, Literal["", "organic", "paid", "both"]] = Field(default_factory=dict, max_length=50)
    influencers: TextList = Field(default_factory=list)
    influence_note: LongText = ""
    ugc: ChoiceList = Field(default_factory=list)            # social_proof, user_moment, crowdsourcing
    ugc_note: LongText = ""
    inspiration: TextList = Field(default_factory=list)
    own_share: Percent | None = None                          # own content, the rest from others
    segmentation: LongText = ""
    answer_hours: ShortText = ""


Raci = Literal["R", "A", "C", "I"]


class Policy(Section):
    """Internal policy: who does what (a RACI grid of tasks x people), time and budget, and
    whether the organisation acts or responds."""

    tasks: TextList = Field(default_factory=list)
    raci: dict[ShortText, dict[ShortText, Raci]] = Field(default_factory=dict, max_length=50)
    hours_per_week: Annotated[float, Field(ge=0, le=1000)] | None = None
    budget_structural: Amount | None = None                   # a year
    budget_incidental: Amount | None = None
    stance: Literal["", "proactive", "reactive", "both"] = ""


class BudgetLine(Row):
    item: ShortText = ""
    kind: Literal["content", "tools", "ads", "influencers", "people", "other"] = "other"
    platform: ShortText = ""                                   # for ads: the channel it pays for
    period: Literal["month", "year", "once"] = "month"
    paid: bool = False
    amount: Annotated[float, Field(ge=0)] = 0.0


class Risk(Row):
    title: ShortText = ""
    scenario: ShortText = ""
    likelihood: Annotated[int, Field(ge=1, le=5)] = 3
    impact: Annotated[int, Field(ge=1, le=5)] = 3
    response: LongText = ""
    owner: ShortText = ""


class Swot(Section):
    strengths: TextList = Field(default_factory=list)
    weaknesses: TextList = Field(default_factory=list)
    opportunities: TextList = Field(default_factory=list)
    threats: TextList = Field(default_factory=list)


class FormulaSlot(Row):
    """The editorial formula: a recurring topic on a fixed day."""

    weekday: Weekday | None = None
    topic: ShortText = ""
    platform: ShortText = ""
    format: ShortText = ""


class Stage(Row):
    """A stage of the workflow from idea to published and answered, with its owner and status."""

    name: ShortText = ""
    owner: ShortText = ""
    status: Literal["", "todo", "doing", "done"] = ""


class Distribution(Section):
    formula: Annotated[list[FormulaSlot], Field(max_length=50)] = Field(default_factory=list)
    stages: Annotated[list[Stage], Field(max_length=20)] = Field(default_factory=list)


class DeepDives(Section):
    """The parts for self-study and deeper work (issue 12), one lesson page each."""

    situation_quantitative: LongText = ""
    situation_qualitative: LongText = ""
    situation: Situation = Field(default_factory=Situation)
    accounts: Annotated[list[Account], Field(max_length=30)] = Field(default_factory=list)
    rivals: Annotated[list[RivalChannel], Field(max_length=60)] = Field(default_factory=list)
    swot: Swot = Field(default_factory=Swot)
    swot_channels: dict[ShortText, Swot] = Field(default_factory=dict, max_length=20)
    competitors: Annotated[list[Competitor], Field(max_length=30)] = Field(default_factory=list)
    messages: Annotated[list[AudienceMessage], Field(max_length=30)] = Field(default_factory=list)
    tactics: Tactics = Field(default_factory=Tactics)
    policy: Policy = Field(default_factory=Policy)
    budget: Annotated[list[BudgetLine], Field(max_length=100)] = Field(default_factory=list)
    guidelines_do: TextList = Field(default_factory=list)
    guidelines_dont: TextList = Field(default_factory=list)
    risks: Annotated[list[Risk], Field(max_length=50)] = Field(default_factory=list)
    proactive: LongText = ""
    distribution: Distribution = Field(default_factory=Distribution)
    notes: dict[ShortText, LongText] = Field(default_factory=dict, max_length=5000)


class ExportFound(Section):
    """What the last analytics export read in the measuring path held (helpers.analytics): the
    figures stay in the document when the file itself is not at hand (a group file sent on)."""

    file: ShortText = ""          # the file's name as the learner chose it
    kept: ShortText = ""          # the store's name of its copy in the workspace ("" when not kept)
    format: ShortText = ""
    platform: ShortText = ""
    start: dt.date | None = None
    end: dt.date | None = None
    rows: Annotated[int, Field(ge=0)] = 0
    reach: Annotated[float, Field(ge=0)] | None = None
    impressions: Annotated[float, Field(ge=0)] | None = None
    engagements: Annotated[float, Field(ge=0)] | None = None
    clicks: Annotated[float, Field(ge=0)] | None = None


class GoalFigure(Section):
    """Where a goal of step 2 stands now: the figure measured (from the export, or typed in by hand
    when the export cannot tell it, as for leads or sales) and on which day."""

    current: Annotated[float, Field(ge=0)] | None = None
    source: Literal["", "export", "hand"] = ""
    measured_on: dt.date | None = None


class AbTest(Row):
    """An A/B test: two variants and, for each, how many people saw it and how many took the step."""

    name: ShortText = ""
    variant_a: ShortText = ""
    variant_b: ShortText = ""
    a_shown: Annotated[int, Field(ge=0)] | None = None
    a_converted: Annotated[int, Field(ge=0)] | None = None
    b_shown: Annotated[int, Field(ge=0)] | None = None
    b_converted: Annotated[int, Field(ge=0)] | None = None


class BestSlot(Section):
    weekday: Weekday
    hour: Annotated[int, Field(ge=0, le=23)]
    rate: Annotated[float, Field(ge=0)]
    posts: Annotated[int, Field(ge=0)]


class Measure(Section):
    """The measuring path after the workshop (issue 11): the export read, the engagement rate's
    denominator, the KPIs and best times found in it, each goal's figure now, the A/B tests, and
    what the group learned and will change ("keep adjusting")."""

    export: ExportFound = Field(default_factory=ExportFound)
    engagement_basis: Literal["reach", "impressions", "followers"] = "reach"
    kpis: dict[ShortText, float] = Field(default_factory=dict, max_length=50)
    best_times: Annotated[list[BestSlot], Field(max_length=3)] = Field(default_factory=list)
    goals_set_on: dt.date | None = None   # when the baselines were measured (the workshop's day)
    goal_figures: dict[ShortText, GoalFigure] = Field(default_factory=dict, max_length=20)
    tests: Annotated[list[AbTest], Field(max_length=20)] = Field(default_factory=list)
    learned: LongText = ""
    next_steps: TextList = Field(default_factory=list)


class Strategy(Section):
    schema_version: Literal[3] = SCHEMA_VERSION
    group: Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]
    language: Language = "nl"
    revision: Annotated[int, Field(ge=0, le=MAX_REVISION)] = 0
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    updated_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    checkin: Checkin = Field(default_factory=Checkin)
    audience: Audience = Field(default_factory=Audience)
    goals: Annotated[list[Goal], Field(max_length=20)] = Field(default_factory=list)
    channels: Channels = Field(default_factory=Channels)
    content: Content = Field(default_factory=Content)
    team: Team = Field(default_factory=Team)
    calendar: Calendar = Field(default_factory=Calendar)
    debrief: Debrief = Field(default_factory=Debrief)
    deep_dives: DeepDives = Field(default_factory=DeepDives)
    measure: Measure = Field(default_factory=Measure)
    _sync: dict | None = PrivateAttr(default=None)

    @property
    def sync_state(self) -> dict | None:
        """What a merge needs (kept beside the document by the store; see helpers.crdt)."""
        return self._sync

    @sync_state.setter
    def sync_state(self, state: dict | None) -> None:
        self._sync = state

    @field_validator("group")
    @classmethod
    def _group_printable(cls, value: str) -> str:
        return _no_control(value)


# --------------------------------------------------------------------------------------------------
# Steps and progress

STEPS = ("checkin", "audience", "goals", "channels", "content", "team", "debrief")
#: the parts for after the workshop, at one's own pace (a lesson page each, after the debrief's)
SELF_STUDY = ("start", "situation", "competitors", "swot", "tactics", "policy", "risks", "budget", "distribution",
              "measure", "report")
#: every part the participant's app shows: the workshop, then self-study
PARTS = STEPS + SELF_STUDY


def step_status(doc: Strategy) -> dict[str, str]:
    """For each step: ``todo``, ``busy`` or ``done``, judged from what the document holds."""
    a, c = doc.audience, doc.content
    # step 1 is done with what the workshop needs (seed 003: ages, gender, occupation, income,
    # interests); the rest of the form is for a group with time left
    audience_fields = [a.age_min is not None or a.age_max is not None, bool(a.gender), bool(a.occupation),
                       bool(a.income), bool(a.interests)]
    audience_more = [a.location, a.online_where, a.online_when, a.pains, a.gains, a.persona_name,
                     a.persona_quote, a.description]
    goals_full = [g for g in doc.goals if g.sentence and g.org_goal and g.deadline]
    content_fields = [bool(c.themes), bool(c.posts_per_week), bool(c.key_messages)]
    return {
        "checkin": _status(bool(doc.checkin.people), bool(doc.checkin.people)),
        "audience": _status(any(audience_fields) or any(map(bool, audience_more)), all(audience_fields)),
        "goals": _status(bool(doc.goals), bool(goals_full)),
        "channels": _status(bool(doc.channels.brand_fit or doc.channels.chosen), bool(doc.channels.chosen)),
        "content": _status(any(content_fields), all(content_fields)),
        "team": _status(bool(doc.team.members or doc.team.tasks or doc.calendar.entries),
                        bool(doc.team.tasks and doc.calendar.entries)),
        "debrief": _status(any([doc.debrief.rose, doc.debrief.thorn, doc.debrief.bud]),
                           all([doc.debrief.rose, doc.debrief.thorn, doc.debrief.bud])),
    }


def _status(started: bool, finished: bool) -> str:
    return "done" if finished else "busy" if started else "todo"


# --------------------------------------------------------------------------------------------------
# Versions and migration

def _migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 (the first pilot) kept goals as plain sentences, one mood for the whole group,
    and called the group ``name``."""
    data = dict(data)
    if "name" in data and "group" not in data:
        data["group"] = data.pop("name")
    goals = data.get("goals") or []
    data["goals"] = [{"sentence": g} if isinstance(g, str) else g for g in goals]
    checkin = data.get("checkin") or {}
    if "mood" in checkin or "word" in checkin:
        person = {"mood": checkin.get("mood"), "word": checkin.get("word", "")}
        data["checkin"] = {"people": {data.get("group", "?"): person}}
    rose = data.pop("rose", None)
    if isinstance(rose, dict):
        data["debrief"] = {k: rose.get(k, "") for k in ("rose", "thorn", "bud")}
    data["schema_version"] = 2
    return data


ROW_LIST_PATHS = (("goals",), ("team", "members"), ("team", "tasks"), ("calendar", "entries"),
                  ("deep_dives", "competitors"), ("deep_dives", "budget"), ("deep_dives", "risks"))


def _migrate_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 gives every row of every list a stable id. Old rows get an id made from the
    group, the list, the position and the content, so the same old file always gets the same ids
    (importing it twice adds nothing)."""

    data = dict(data)
    for path in ROW_LIST_PATHS:
        node: Any = data
        for part in path[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict) or not isinstance(node.get(path[-1]), list):
            continue
        rows = []
        for i, row in enumerate(node[path[-1]]):
            if isinstance(row, dict) and "id" not in row:
                blob = json.dumps([data.get("group"), list(path), i, row], sort_keys=True, default=str)
                row = {"id": "r" + hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:12], **row}
            rows.append(row)
        node = dict(node) if path[:-1] else node
        node[path[-1]] = rows
        if path[:-1]:
            data[path[0]] = {**data[path[0]], path[-1]: rows}
    data["schema_version"] = 3
    return data


MIGRATIONS = {1: _migrate_1_to_2, 2: _migrate_2_to_3}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a document of any earlier version up to :data:`SCHEMA_VERSION`."""
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or version > SCHEMA_VERSION or version < 1:
        raise ValueError(f"unknown schema_version {version!r}")
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    return data


def load_document(data: dict[str, Any]) -> Strategy:
    """Validate a document read from disk, migrating it first when it is older. A sync state
    (``_sync``, what a merge needs) is left out; :func:`split_sync` gives it."""
    if not isinstance(data, dict):
        raise ValueError("a document is a JSON object")
    if "_sync" in data:
        data = {k: v for k, v in data.items() if k != "_sync"}
    return Strategy.model_validate(migrate(data))


def new_document(group: str, language: str = "nl") -> Strategy:
    """A new, empty document. A new group's name may not hide or reorder text (bidi controls,
    zero-width characters): it is how a trainer tells groups apart. (A file that already has such
    a name is still read, and shown with the characters made visible.)"""
    if isinstance(group, str) and _HIDDEN.search(group):

        raise InvalidChange({("group",): t("errors.control_characters", language,
                                          field=field_label(("group",), language))})
    return Strategy(group=group, language=language)


def json_schema() -> dict[str, Any]:
    schema = Strategy.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"social-media-workshop/strategy-v{SCHEMA_VERSION}.json"
    return schema


# --------------------------------------------------------------------------------------------------
# Changes by path

Path = tuple[str | int, ...]


def parse_path(path: str | Path) -> Path:
    """``"goals.0.sentence"`` -> ``("goals", 0, "sentence")``; tuples pass through."""
    if isinstance(path, tuple):
        return path
    return tuple(int(p) if p.isdigit() else p for p in str(path).split(".") if p != "")


def _row_index(rows: list, key: str) -> int:
    for i, row in enumerate(rows):
        if isinstance(row, dict) and row.get("id") == key:
            return i
    raise KeyError(key)


def get_at(data: Any, path: Path) -> Any:
    """The value at ``path``; in a list of rows a part may be a row id instead of a position."""
    for key in path:
        if isinstance(data, list) and isinstance(key, str):
            key = _row_index(data, key)
        data = data[key]
    return data


def set_at(data: dict[str, Any], path: Path, value: Any, delete: bool = False) -> None:
    """Set (or delete) one field of a JSON-like tree, creating dicts on the way.

    In a list, an index equal to its length appends."""
    if not path:
        raise ValueError("empty path")
    node: Any = data
    for i, key in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(node, list) and isinstance(key, str):
            key = _row_index(node, key)
        if isinstance(node, list):
            if key == len(node):
                node.append({} if isinstance(nxt, str) else [])
            node = node[key]
        else:
            if key not in node or node[key] is None:
                node[key] = {} if isinstance(nxt, str) else []
            node = node[key]
    last = path[-1]
    if isinstance(node, list) and isinstance(last, str):
        last = _row_index(node, last)
    if delete:
        if isinstance(node, list):
            if isinstance(last, int) and 0 <= last < len(node):
                node.pop(last)
        else:
            node.pop(last, None)
    elif isinstance(node, list) and last == len(node):
        node.append(value)
    else:
        node[last] = value


class InvalidChange(ValueError):
    """A change that would make the document invalid; ``problems`` maps path -> plain message."""

    def __init__(self, problems: dict[Path, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


def apply_changes(doc: Strategy, changes: list[tuple[Path, Any]] | dict, lang: str | None = None) -> Strategy:
    """A new document with ``changes`` applied, validated; raise :class:`InvalidChange` if not valid.

    ``changes`` maps a path to its new value; the value :data:`DELETE` removes the field."""
    items = changes.items() if isinstance(changes, dict) else changes
    data = doc.model_dump(mode="json")
    for path, value in items:
        path = parse_path(path)
        try:
            set_at(data, path, value, delete=value is DELETE)
        except (KeyError, IndexError, TypeError, ValueError):
            raise InvalidChange({path: explain_path_error(path, lang)}) from None
    try:
        return Strategy.model_validate(data)
    except ValidationError as err:
        raise InvalidChange(explain(err, lang)) from None


class _Delete:
    def __repr__(self) -> str:
        return "DELETE"


DELETE = _Delete()


def other_text_answers(section: BaseModel, shown: Iterable[str]) -> list[tuple[str, str | list[str]]]:
    """The section's text answers (a text, or a list of texts) whose fields are not in ``shown``,
    in the model's order. The one-pager and the exports list these after the fields they lay out
    themselves, so a text field added to a step reaches both without touching them."""
    shown = set(shown)
    out: list[tuple[str, str | list[str]]] = []
    for name in type(section).model_fields:
        value = getattr(section, name)
        if name in shown or name == "id":
            continue
        if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            out.append((name, value))
    return out


# --------------------------------------------------------------------------------------------------
# Plain-words validation messages

def field_label(path: Path, lang: str | None = None) -> str:
    """The plain-words name of the field at ``path``: the most specific label the catalogue knows.

    Parts of the path that are the participant's own keys (a platform, a person's name) are not
    labels; they are added in brackets: "Tijden (Instagram)"."""

    names = [p for p in path if isinstance(p, str)]
    for end in range(len(names), 0, -1):
        for start in range(end):
            key = "fields." + ".".join(names[start:end])
            if has(key, lang):
                rest = [t(f"platforms.names.{r}", lang) if has(f"platforms.names.{r}", lang) else r
                        for r in names[end:]]
                return t(key, lang) + (f" ({', '.join(rest)})" if rest else "")
    return names[-1].replace("_", " ") if names else t("fields.document", lang)


def explain_path_error(path: Path, lang: str | None = None) -> str:
    return t("errors.no_such_field", lang, field=field_label(path, lang))


def explain(err: ValidationError, lang: str | None = None) -> dict[Path, str]:
    """Each error of ``err`` as path -> a sentence naming the field in plain words."""

    out: dict[Path, str] = {}
    for e in err.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith(("function-", "constrained-"))))
        kind = e["type"]
        ctx = e.get("ctx") or {}
        message = str(ctx.get("error", "")) if kind == "value_error" else ""
        code = message.removeprefix("Value error, ") if message else kind
        label = field_label(loc, lang)
        key = f"errors.{code}"
        if not has(key, lang):
            key = "errors.invalid"
        values = {k: v for k, v in ctx.items() if isinstance(v, (int, float, str))}
        # a limit as the reader writes it: "0", not pydantic's "0.0"; "2,5" in Dutch
        values = {k: number_text(v, lang) if isinstance(v, float) else v for k, v in values.items()}
        values.setdefault("max_length", ctx.get("max_length", ""))
        out[loc] = t(key, lang, field=label, **values)
    return out


def slug(name: str, max_words: int = 40) -> str:
    """A strict, readable ASCII slug plus a short fingerprint of the exact name.

    Only ``[a-z0-9-]`` survives, so no name can form a path, a hidden file or a reserved
    Windows device name; the fingerprint keeps "Zoë" and "Zoe" apart."""

    normal = unicodedata.normalize("NFKC", str(name)).strip().casefold()
    ascii_part = unicodedata.normalize("NFKD", normal).encode("ascii", "ignore").decode("ascii")
    readable = re.sub(r"[^a-z0-9]+", "-", ascii_part).strip("-")[:max_words].strip("-") or "group"
    digest = hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{readable}-{digest}"

