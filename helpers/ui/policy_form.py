"""Self-study part 5: internal policy (tasks, who does what in a RACI grid, time and budget,
proactive or reactive) and the do's and don'ts. The checks are :mod:`helpers.strategy.policy`'s."""
from __future__ import annotations

import ipywidgets as widgets

from ..i18n import current_language, t
from ..strategy import policy as rules
from .base import Session, join_lines, safe, split_sentences
from .policy_parts import LABEL, NUMBERS, RaciGrid, amount_from_doc, amount_to_doc, area, check_html, legend, words
from .step import StepForm


class PolicyForm(StepForm):
    name = "policy"
    section = ("deep_dives", "policy")

    def build(self) -> list[widgets.Widget]:
        tasks = self.field("tasks", area("policy.form.tasks_placeholder"), to_doc=split_sentences, from_doc=join_lines)
        self["tasks"].observe(self._tasks_edited, names="value")
        self.suggest = widgets.Button(description=t("policy.form.suggest"), icon="plus")
        self.suggest.on_click(self._suggest)
        self.grid, self.warnings = RaciGrid(self.session, self.check), widgets.HTML()
        self.person = widgets.Text(placeholder=t("policy.form.person_placeholder"))
        self.add_person = widgets.Button(description=t("policy.form.add_person"), icon="user-plus")
        self.add_person.on_click(self._add_person)
        numbers = [self.field(path, widgets.Text(description=t(label), placeholder=t(hint), style=LABEL),
                              to_doc=amount_to_doc, from_doc=amount_from_doc) for path, label, hint in NUMBERS]
        stances = [(t("policy.form.stance_none"), ""), *((rules.stance_label(s), s) for s in rules.STANCES)]
        self.check()
        return [words("h3", "policy.form.tasks_heading"), words("p", "policy.form.tasks_intro"), tasks, self.suggest,
                words("h3", "policy.form.grid_heading"), words("p", "policy.form.grid_intro"), legend(), self.grid,
                self.warnings, widgets.HBox([self.person, self.add_person]), self.message,
                words("h3", "policy.form.time_heading"), *numbers, words("h3", "policy.form.stance_heading"),
                self.field("stance", widgets.Dropdown(options=stances, description=t("policy.form.stance"), style=LABEL)),
                words("p", "policy.form.proactive"),
                self.field("proactive", area("policy.form.proactive_placeholder", 3), ("deep_dives", "proactive"))]

    def follow(self, _doc) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.grid.redraw()
        self.check()

    @safe
    def _tasks_edited(self, _change) -> None:
        """A task renamed in the list keeps its roles (the grid last showed the list before)."""
        before = self.grid.shape[0] if self.grid.shape else ()
        moved = rules.carried_roles(self.session.doc.deep_dives.policy, before)
        if moved:
            self.show_problem(next(iter(self.session.change_many(moved).values()), None))
        self.refresh()

    def check(self) -> None:
        self.warnings.value = check_html(self.session.doc.deep_dives.policy) if self.grid.cells else ""

    @safe
    def _suggest(self, *_) -> None:
        tasks = self.session.doc.deep_dives.policy.tasks
        self["tasks"].value = join_lines([*tasks, *rules.missing_suggestions(tasks, current_language())])

    @safe
    def _add_person(self, *_) -> None:
        """A person who is not in the team of step 5 yet joins it, and so the grid."""
        name = self.person.value.strip()
        if name and name in rules.people(self.session.doc):
            self.show_problem(t("policy.form.person_known", name=name))
        elif name:
            _rid, problem = self.session.insert(("team", "members"), {"name": name, "role": ""})
            self.show_problem(problem)
            self.person.value = "" if problem is None else self.person.value
            self.refresh()


class GuidelinesForm(StepForm):
    name = "guidelines"
    section = ("deep_dives",)

    def build(self) -> list[widgets.Widget]:
        return [words("p", "policy.form.guidelines_intro"),
                words("b", "policy.form.do"), self.field("guidelines_do", area("policy.form.do_placeholder"),
                                                         to_doc=split_sentences, from_doc=join_lines),
                words("b", "policy.form.dont"), self.field("guidelines_dont", area("policy.form.dont_placeholder"),
                                                           to_doc=split_sentences, from_doc=join_lines)]


def policy(session: Session | None = None) -> PolicyForm:
    return PolicyForm(session)


def guidelines(session: Session | None = None) -> GuidelinesForm:
    return GuidelinesForm(session)
