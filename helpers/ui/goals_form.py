"""Step 2: SMART goals, each a sentence with a live SMART check and structured fields."""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import labels, smart
from ..i18n import t
from .base import Session, bind, date_from_doc, date_to_doc, number_from_doc, number_to_doc, safe, show_message
from .dates_field import DateField
from .lists import match_cards
from .step import StepForm


letter_question = labels.kind("goal_letter", "goals.letter_{}", smart.LETTERS)
phase_choice = labels.kind("phase_choice", "goals.phase_{}", smart.PHASES)  # as the form offers them


def verdict_html(result) -> str:
    """The SMART verdict as a small table: letter, yes/no, reason, suggestion (all escaped).
    An empty sentence gets a neutral prompt instead of five failures."""
    if getattr(result, "empty", False):
        return (f"<div class='workshop-smart workshop-smart-empty'><p>{html.escape(result.specific.reason)}"
                f"<br><i>{html.escape(result.specific.suggestion)}</i></p></div>")
    rows = []
    for letter in smart.LETTERS:
        v = getattr(result, letter)
        mark = "✅" if v.ok else "❌"
        tip = "" if v.ok or not getattr(v, "suggestion", "") else f"<br><i>{html.escape(v.suggestion)}</i>"
        rows.append(f"<tr><td><b>{html.escape(letter_question(letter))}</b></td><td>{mark}</td>"
                    f"<td>{html.escape(v.reason)}{tip}</td></tr>")
    score = sum(getattr(result, letter).ok for letter in smart.LETTERS)
    head = html.escape(t("goals.score", score=score))
    return f"<div class='workshop-smart'><p><b>{head}</b></p><table>{''.join(rows)}</table></div>"


class GoalCard(widgets.VBox):
    """One goal: the sentence with its live check, and the fields that make it measurable."""

    @property
    def value(self) -> dict | None:
        """The goal as the document holds it now (its row, by id)."""
        return self.session.get_value(("goals", self.row_id))

    def __init__(self, session: Session, row_id: str, number: int, on_remove):
        self.session, self.row_id = session, row_id
        base = ("goals", row_id)
        catalogue = smart.org_goals()
        self.sentence = widgets.Textarea(placeholder=t("goals.sentence_placeholder"),
                                         layout=widgets.Layout(width="95%", height="60px"))
        self.org_goal = widgets.Dropdown(options=[("—", "")] + [(g["label"], g["key"]) for g in catalogue],
                                         description=t("fields.org_goal"), style={"description_width": "initial"})
        self.phase = widgets.Dropdown(options=[("—", "")] + [(phase_choice(p), p) for p in smart.PHASES],
                                      description=t("fields.phase"), style={"description_width": "initial"})
        self.kpi = widgets.Combobox(description=t("fields.kpi"), options=[], ensure_option=False,
                                    style={"description_width": "initial"})
        self.platform = widgets.Text(description=t("fields.platform"), style={"description_width": "initial"})
        self.baseline = widgets.Text(description=t("fields.baseline"), style={"description_width": "initial"},
                                     layout=widgets.Layout(width="260px"))
        self.target = widgets.Text(description=t("fields.target"), style={"description_width": "initial"},
                                   layout=widgets.Layout(width="260px"))
        self.deadline = DateField(description=t("fields.deadline"), width="300px",
                                  style={"description_width": "initial"})
        self.verdict = widgets.HTML()
        self.verdict.add_class("workshop-verdict")
        self.remove = widgets.Button(description=t("goals.remove"), icon="trash")
        self.remove.on_click(lambda _b: on_remove(row_id))
        fields = [
            bind(self.sentence, base + ("sentence",), session),
            self.verdict,
            widgets.HBox([bind(self.org_goal, base + ("org_goal",), session),
                          bind(self.phase, base + ("phase",), session)]),
            widgets.HBox([bind(self.kpi, base + ("kpi",), session), bind(self.platform, base + ("platform",), session)]),
            widgets.HBox([bind(self.baseline, base + ("baseline",), session, to_doc=number_to_doc,
                               from_doc=number_from_doc),
                          bind(self.target, base + ("target",), session, to_doc=number_to_doc,
                               from_doc=number_from_doc)]),
            bind(self.deadline, base + ("deadline",), session, to_doc=date_to_doc, from_doc=date_from_doc),
            self.remove,
        ]
        self.title = widgets.HTML()
        self.number(number)
        super().__init__([self.title, *fields], layout=widgets.Layout(border="1px solid #ddd", padding="6px",
                                                                   margin="6px 0"))
        self.add_class("workshop-goal")
        self._org_goals = {g["key"]: g for g in catalogue}
        for w in (self.sentence, self.org_goal, self.baseline):
            w.observe(self._recheck, names="value")
        self.org_goal.observe(self._suggest, names="value")
        self._suggest({"new": self.org_goal.value})
        self._recheck()

    def number(self, n: int) -> None:
        """Show the goal's place in the list (it changes when another goal is removed)."""
        value = f"<h3>{html.escape(t('goals.goal_n', n=n))}</h3>"
        if self.title.value != value:
            self.title.value = value

    @safe
    def _suggest(self, change):
        goal = self._org_goals.get(change["new"] or "")
        kpis = goal.get("kpis", []) if goal else []
        self.kpi.options = list(kpis) if isinstance(kpis, (list, tuple)) else [k.strip() for k in str(kpis).split(",") if k.strip()]
        if goal and not self.phase.value and goal.get("phase") in smart.PHASES:
            self.phase.value = goal["phase"]

    @safe
    def _recheck(self, *_):
        baseline = self.session.get_value(("goals", self.row_id, "baseline"))
        result = smart.check(self.sentence.value or "", org_goal=self.org_goal.value or None, baseline=baseline)
        self.verdict.value = verdict_html(result)
        # shown, never stored: the one-pager and the exports compute it again (helpers.smart.verdict)


class GoalsForm(StepForm):
    """All goals of the group, one card each, with an add button."""

    name = "goals"
    section = ("goals",)

    def build(self) -> list[widgets.Widget]:
        self.cards = widgets.VBox()
        self.by_id: dict[str, GoalCard] = {}
        self.add = widgets.Button(description=t("goals.add"), icon="plus", button_style="primary")
        self.add.add_class("workshop-add-goal")
        self.add.on_click(self._add)
        return [self.cards, self.add]

    def begin(self) -> None:
        if not self.session.doc.goals:
            self._add()
        else:
            self.rebuild()

    def follow(self, _doc) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """Match the cards to the goals in the document, by id: a card being typed in stays."""
        ids = self.session.row_ids("goals")
        match_cards(self.by_id, ids, lambda rid, n: GoalCard(self.session, rid, n, self._remove), self.cards)

    @safe
    def _add(self, *_):
        _rid, problem = self.session.insert("goals", {"sentence": ""})
        show_message(self.message, problem)
        self.rebuild()

    @safe
    def _remove(self, row_id: str):
        show_message(self.message, self.session.remove("goals", row_id))
        self.rebuild()


def goals(session: Session | None = None) -> GoalsForm:
    return GoalsForm(session)
