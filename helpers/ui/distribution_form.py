"""Part 8, distribution and workflow: the editorial formula, the workflow's stages, and the
content calendar as bulk-upload files for Hootsuite and Buffer (:mod:`helpers.strategy.distribution`)."""
from __future__ import annotations


import ipywidgets as widgets

from .. import labels
from ..i18n import current_language, t
from ..strategy import distribution as logic
from .base import Session, safe
from .lists import Column, RowList, text
from .publish_form import PublishForm, paragraph as _p, publish
from .step import StepForm

__all__ = ["FormulaForm", "PublishForm", "WorkflowForm", "formula", "publish", "workflow"]

PATH = ("deep_dives", "distribution")


def _choice(options, width: str = "150px"):
    return lambda: widgets.Dropdown(options=list(options), layout=widgets.Layout(width=width))


class FormulaForm(StepForm):
    """Recurring topics on fixed days: day, topic, channel and format per row."""

    name = "formula"
    section = (*PATH, "formula")

    def build(self) -> list[widgets.Widget]:
        days = [(t("distribution.no_day"), ""), *((labels.weekday(d), d) for d in labels.WEEKDAYS)]
        self.slots = RowList(self.session, self.section, [
            Column("weekday", _choice(days), to_doc=lambda v: v or None, from_doc=lambda v: v or ""),
            Column("topic", text(t("distribution.topic_placeholder"), "240px")),
            Column("platform", text(t("distribution.platform_placeholder"), "150px")),
            Column("format", text(t("distribution.format_placeholder"), "150px"))],
            new_row=lambda: {"topic": ""}, add_label=t("distribution.add_slot"), max_rows=50)
        return [_p("distribution.formula_intro"), self.slots]


class WorkflowForm(StepForm):
    """The stages from idea to published and answered, each with an owner and a status."""

    name = "workflow"
    section = (*PATH, "stages")

    def build(self) -> list[widgets.Widget]:
        statuses = [("", ""), *((logic.status_label(s), s) for s in logic.STATUSES)]
        self.stages = RowList(self.session, self.section, [
            Column("name", text(t("distribution.stage_placeholder"), "240px")),
            Column("owner", text(t("distribution.owner_placeholder"), "160px")),
            Column("status", _choice(statuses, "140px"))],
            new_row=lambda: {"name": "", "status": "todo"}, add_label=t("distribution.add_stage"), max_rows=20)
        self.fill = widgets.Button(description=t("distribution.fill_usual"), icon="magic")
        self.fill.on_click(self._fill)
        return [_p("distribution.workflow_intro"), self.fill, self.stages]

    @safe
    def _fill(self, *_):
        if self.session.row_ids(self.section):
            return self.show_problem(t("distribution.already_stages"))
        for row in logic.usual_stages(current_language()):
            _rid, problem = self.session.insert(self.section, row)
            if problem:
                return self.show_problem(problem)
        self.stages.rebuild()


def formula(session: Session | None = None) -> FormulaForm:
    return FormulaForm(session)


def workflow(session: Session | None = None) -> WorkflowForm:
    return WorkflowForm(session)
