"""Where a learner stands across the whole strategy: each part of the workshop and of self-study
done, started or not yet, judged from what the document holds (like ``model.step_status``), how
long each takes (``data/agenda.yaml`` for the workshop, ``data/selfstudy.yaml`` after it), and
which part to do next."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .. import agenda, model

__all__ = ["PartStatus", "minutes", "next_part", "status", "overview"]

SELF_STUDY_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "selfstudy.yaml"
#: parts whose state the document cannot tell (a page to read, a report to download)
NO_STATE = ("start", "report")


@dataclass(frozen=True)
class PartStatus:
    part: str
    state: str            # "done", "busy" or "todo" ("" for a part without answers of its own)
    minutes: int | None


def _status(started: bool, finished: bool) -> str:
    return "done" if finished else "busy" if started else "todo"


@lru_cache(maxsize=4)
def _self_study_minutes(path: Path = SELF_STUDY_FILE) -> dict[str, int]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(p["key"]): int(p["minutes"]) for p in data.get("parts", [])}


def minutes(part: str) -> int | None:
    """About how long ``part`` takes: the agenda's minutes for a workshop part, the estimate of
    ``data/selfstudy.yaml`` for a self-study part."""
    if part in model.STEPS:
        return agenda.minutes_of(part)
    return _self_study_minutes().get(part)


def status(doc: model.Strategy) -> dict[str, str]:
    """For each self-study part: ``done``, ``busy`` or ``todo`` (see the module's docstring)."""
    d, m = doc.deep_dives, doc.measure
    s, tac, pol = d.situation, d.tactics, d.policy
    chosen = list(doc.channels.chosen)
    scan = [s.works_internally, s.outsiders_say, s.who_talks, s.complaints, s.opinion_leaders, s.competitors_do]
    audited = [a for a in d.accounts if a.verdict]
    swots = [d.swot, *d.swot_channels.values()]
    full = [w for w in swots if w.strengths and w.weaknesses and w.opportunities and w.threats]
    tasks = [task for task in pol.tasks if task]
    roles = {task: list(pol.raci.get(task, {}).values()) for task in tasks}
    risks_done = [r for r in d.risks if r.title and r.response and r.owner]
    return {
        "situation": _status(any(map(bool, scan)) or bool(d.accounts),
                             bool(d.accounts) and sum(map(bool, scan)) >= 3),
        "competitors": _status(bool(d.rivals or audited),
                               bool(d.rivals) and bool(d.accounts) and len(audited) == len(d.accounts)),
        "swot": _status(any(w.strengths or w.weaknesses or w.opportunities or w.threats for w in swots),
                        bool(full) and all(c in d.swot_channels and d.swot_channels[c] in full for c in chosen)),
        "tactics": _status(bool(d.messages or tac.paid or tac.influencers or tac.ugc or tac.inspiration
                                or tac.segmentation or tac.answer_hours),
                           bool(d.messages) and all(tac.paid.get(c) for c in chosen) and bool(tac.answer_hours)),
        "policy": _status(bool(tasks or pol.raci or d.guidelines_do or d.guidelines_dont or pol.stance),
                          bool(tasks) and all("R" in r and r.count("A") == 1 for r in roles.values())
                          and bool(d.guidelines_do and d.guidelines_dont)),
        "risks": _status(bool(d.risks), len(risks_done) >= 3),
        "budget": _status(bool(d.budget), any(line.amount > 0 for line in d.budget)),
        "distribution": _status(bool(d.distribution.formula or d.distribution.stages),
                                bool(d.distribution.formula) and len([x for x in d.distribution.stages if x.owner]) >= 3),
        "measure": _status(bool(m.export.file or m.tests or m.learned or m.next_steps),
                           bool(m.export.file) and bool(m.learned) and bool(m.next_steps)),
    }


def overview(doc: model.Strategy | None) -> list[PartStatus]:
    """Every part of the app (``model.PARTS``) with its state and minutes; no document: all to do."""
    steps = model.step_status(doc) if doc is not None else {}
    deep = status(doc) if doc is not None else {}
    out = []
    for part in model.PARTS:
        state = "" if part in NO_STATE else (steps.get(part) or deep.get(part) or "todo")
        out.append(PartStatus(part, state, minutes(part)))
    return out


def next_part(doc: model.Strategy | None) -> str | None:
    """The part to do next: the first workshop part not done, else the first self-study part not
    done; ``None`` when everything is done (then: the report)."""
    for item in overview(doc):
        if item.state in ("todo", "busy"):
            return item.part
    return None
