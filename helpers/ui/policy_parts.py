"""The parts of the policy form (:mod:`helpers.ui.policy_form`): the RACI grid (per task a choice
of —, R, A, C or I for each person; "—" removes the role), its legend and check in words, amounts."""
from __future__ import annotations

import html
from typing import Callable

import ipywidgets as widgets

from .. import model, render
from ..i18n import current_language, t
from ..strategy import policy as rules
from .base import Session, bind, close_tree, number_to_doc

RACI = ("deep_dives", "policy", "raci")
#: the number fields: (field of the policy, its label, its example)
NUMBERS = (("hours_per_week", "policy.form.hours", "policy.form.hours_placeholder"),
           ("budget_structural", "policy.form.structural", "policy.form.structural_placeholder"),
           ("budget_incidental", "policy.form.incidental", "policy.form.incidental_placeholder"))
LABEL = {"description_width": "initial"}


def words(tag: str, key: str) -> widgets.HTML:
    return widgets.HTML(f"<{tag}>{html.escape(t(key))}</{tag}>")


def area(key: str, rows: int = 5) -> widgets.Textarea:
    return widgets.Textarea(placeholder=t(key), rows=rows, layout=widgets.Layout(width="95%"))


def amount_to_doc(text: str):
    """A number as typed ("1.200", "€ 2,5k", "2,5"): a euro sign is the field's unit, not part of it."""
    value = number_to_doc((text or "").replace("€", ""))
    if value is not None and value < 0:
        raise ValueError(t("policy.form.not_negative"))
    return value


def amount_from_doc(value) -> str:
    return "" if value is None else render.number(value, current_language())


def legend() -> widgets.HTML:
    """What R, A, C and I mean, in words."""
    items = "".join(f"<li><b>{html.escape(rules.role_letter(r))}</b> = {html.escape(rules.role_name(r))}: "
                    f"{html.escape(rules.role_meaning(r))}</li>" for r in rules.ROLES)
    return widgets.HTML(f"<ul>{items}</ul>")


def check_html(policy: model.Policy) -> str:
    """What is still to arrange (a task without an R, without an A or with two A's), or that all is well."""
    found = "".join(f'<p style="color:#b26a00">⚠ {html.escape(w)}</p>' for w in rules.warnings(policy))
    return found or f'<p style="color:#2e7d32">✓ {html.escape(t("policy.form.all_good"))}</p>'


class RaciGrid(widgets.VBox):
    """Tasks x people (``cells[task, person]``), laid out again when either changes; ``on_change``
    is called after every choice (saved here, or shown from another laptop)."""

    def __init__(self, session: Session, on_change: Callable[[], None]):
        self.session, self._on_change = session, on_change
        self.shape: tuple | None = None
        self.cells: dict[tuple[str, str], widgets.Dropdown] = {}
        super().__init__()
        self.add_class("workshop-raci")
        self.redraw()

    def redraw(self) -> bool:
        """Lay the grid out again when the tasks or the people changed; ``True`` when it did."""
        doc = self.session.doc
        shape = (tuple(doc.deep_dives.policy.tasks), tuple(rules.people(doc)))
        if shape == self.shape:
            return False
        self.shape = shape
        for child in self.children:
            close_tree(child)
        self.cells = {}
        tasks, who = shape
        if not tasks or not who:
            note = t("policy.form.no_tasks") if not tasks else t("policy.form.no_people")
            self.children = (widgets.HTML(f"<p><i>{html.escape(note)}</i></p>"),)
            return True
        self.children = tuple(self._task_row(task, who) for task in tasks)
        return True

    def _task_row(self, task: str, who: tuple[str, ...]) -> widgets.VBox:
        options = [(t("policy.no_role"), ""), *((rules.role_letter(r), r) for r in rules.ROLES)]
        boxes = []
        for person in who:
            choice = widgets.Dropdown(options=options, description=person, style={"description_width": "initial"},
                                      layout=widgets.Layout(width="auto", min_width="130px"))
            boxes.append(bind(choice, (*RACI, task, person), self.session,
                              to_doc=lambda v: v or model.DELETE, from_doc=lambda v: v or ""))
            choice.observe(lambda _change: self._on_change(), names="value")
            self.cells[task, person] = choice
        row = widgets.VBox([widgets.HTML(f"<b>{html.escape(task)}</b>"), widgets.HBox(boxes)])
        row.add_class("workshop-raci-task")
        return row
