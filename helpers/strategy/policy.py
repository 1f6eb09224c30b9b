"""Part 5 of the self-study: internal policy and guidelines (``doc.deep_dives.policy``,
``guidelines_do``, ``guidelines_dont`` and ``proactive``). Pure logic: no widgets, no files.

Who does what is a RACI grid of tasks x people: per task, each person is Responsible (does the
work), Accountable (makes the final call), Consulted or Informed, or has no role. A task needs at
least one R and exactly one A; :func:`task_problems` names the tasks that miss that.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from .. import labels, model, render
from ..i18n import t
from . import Items, Section, Table, Text

__all__ = ["PROBLEMS", "ROLES", "STANCES", "SUGGESTED", "missing_suggestions", "money", "people", "problem_text",
           "carried_roles", "renamed_tasks", "role_letter", "role_meaning", "role_name", "roles_of", "section", "suggestions", "task_problems",
           "warnings"]

ROLES = ("R", "A", "C", "I")
STANCES = ("proactive", "reactive", "both")
SUGGESTED = ("create", "respond", "monitor", "report", "approve")
PROBLEMS = ("no_roles", "no_r", "no_a", "many_a")

role_letter = labels.kind("raci_letter", "policy.roles.{}.letter", ROLES)
role_name = labels.kind("raci_role", "policy.roles.{}.name", ROLES)
role_meaning = labels.kind("raci_meaning", "policy.roles.{}.meaning", ROLES)
stance_label = labels.kind("policy_stance", "policy.stance.{}", STANCES)
suggested_task = labels.kind("policy_task", "policy.suggested.{}", SUGGESTED)
problem_text = labels.kind("raci_problem", "policy.problem.{}", PROBLEMS)


def suggestions(lang: str | None = None) -> list[str]:
    """The usual tasks of social media in ``lang``: creating, answering, monitoring, reporting, approving."""
    return [suggested_task(code, lang) for code in SUGGESTED]


def missing_suggestions(tasks: Iterable[str], lang: str | None = None) -> list[str]:
    """The suggested tasks that ``tasks`` does not hold yet (case ignored)."""
    have = {task.strip().casefold() for task in tasks}
    return [task for task in suggestions(lang) if task.casefold() not in have]


def people(doc: model.Strategy) -> list[str]:
    """The people of the grid: the team's members (step 5), then anyone else who holds a role in it
    for a listed task (a member removed from the team keeps their roles visible)."""
    names = [m.name for m in doc.team.members if m.name]
    policy = doc.deep_dives.policy
    names += [person for task in policy.tasks for person in policy.raci.get(task, {})]
    return list(dict.fromkeys(names))


def renamed_tasks(before: Sequence[str], after: Sequence[str]) -> dict[str, str]:
    """Old task -> new name, for the lines of the task list that were edited in place (the same
    number of lines replaced by as many others; tasks added or removed are no rename)."""
    renamed = {}
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=list(before), b=list(after), autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            renamed.update((old, new) for old, new in zip(before[i1:i2], after[j1:j2]) if old not in after)
    return renamed


def carried_roles(policy: model.Policy, before: Sequence[str]) -> dict[tuple, object]:
    """The changes (path -> value) that move the roles of each renamed task (see :func:`renamed_tasks`)
    to its new name: a task renamed keeps who does what. Nothing when the new name has roles already."""
    changes: dict[tuple, object] = {}
    for old, new in renamed_tasks(before, policy.tasks).items():
        if policy.raci.get(old) and not policy.raci.get(new):
            changes[("deep_dives", "policy", "raci", new)] = dict(policy.raci[old])
            changes[("deep_dives", "policy", "raci", old)] = model.DELETE
    return changes


def roles_of(policy: model.Policy, task: str) -> dict[str, str]:
    """Person -> role code for one task."""
    return dict(policy.raci.get(task, {}))


def task_problems(policy: model.Policy) -> list[tuple[str, str]]:
    """(task, problem code) for each listed task without any role yet (``no_roles``), else without an
    R (``no_r``), without an A (``no_a``) or with more than one A (``many_a``), in the order of the tasks."""
    out = []
    for task in policy.tasks:
        held = list(roles_of(policy, task).values())
        if not held:
            out.append((task, "no_roles"))
            continue
        if "R" not in held:
            out.append((task, "no_r"))
        if held.count("A") == 0:
            out.append((task, "no_a"))
        elif held.count("A") > 1:
            out.append((task, "many_a"))
    return out


def warnings(policy: model.Policy, lang: str | None = None) -> list[str]:
    """:func:`task_problems` in words."""
    return [problem_text(code, lang, task=task) for task, code in task_problems(policy)]


def money(value: float | None, lang: str | None = None) -> str:
    """An amount in euros as the reader writes it ("€ 1.200" in Dutch, "€1,200" in English); "" for none."""
    return "" if value is None else t("policy.money", lang, amount=render.number(value, lang))


def _has_answers(doc: model.Strategy) -> bool:
    p, d = doc.deep_dives.policy, doc.deep_dives
    return any([p.tasks, p.hours_per_week is not None, p.budget_structural is not None,
                p.budget_incidental is not None, p.stance, d.proactive.strip(), d.guidelines_do, d.guidelines_dont])


def section(doc: model.Strategy, lang: str | None = None, charts: bool = True) -> Section | None:
    """The part for the full report: the RACI grid with what its letters mean and what is still to
    arrange, time and budget, proactive or reactive, and the do's and don'ts (``None`` without answers)."""
    if not _has_answers(doc):
        return None
    policy, dives = doc.deep_dives.policy, doc.deep_dives
    blocks: list = []
    held = {person for task in policy.tasks for person in roles_of(policy, task)}
    who = [p for p in people(doc) if p in held] or people(doc)  # the people with a role, when any has one
    if policy.tasks:
        rows = tuple((task, *(role_letter(roles_of(policy, task).get(p, ""), lang) for p in who))
                     for task in policy.tasks)
        blocks.append(Table(t("policy.section.raci", lang), (t("policy.form.task", lang), *who), rows))
        blocks.append(Items(t("policy.section.letters", lang), tuple(
            t("policy.section.letter_line", lang, letter=role_letter(r, lang), name=role_name(r, lang),
              meaning=role_meaning(r, lang)) for r in ROLES)))
        if warnings(policy, lang):
            blocks.append(Items(t("policy.section.warnings", lang), tuple(warnings(policy, lang))))
    time = [(t("policy.section.hours", lang), render.number(policy.hours_per_week, lang)),
            (t("policy.section.structural", lang), money(policy.budget_structural, lang)),
            (t("policy.section.incidental", lang), money(policy.budget_incidental, lang))]
    time = [row for row in time if row[1]]
    if time:
        blocks.append(Table(t("policy.section.time", lang),
                            (t("policy.section.what", lang), t("policy.section.value", lang)), tuple(time), (1,)))
    stance = "\n".join(x for x in (stance_label(policy.stance, lang) if policy.stance else "",
                                   dives.proactive.strip()) if x)
    if stance:
        blocks.append(Text(t("policy.section.stance", lang), stance))
    for key, items in (("policy.section.do", dives.guidelines_do), ("policy.section.dont", dives.guidelines_dont)):
        if items:
            blocks.append(Items(t(key, lang), tuple(items)))
    return Section("policy", t("policy.title", lang), tuple(blocks))
