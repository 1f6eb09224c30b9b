"""Goal progress (the measuring path, issue 11): each SMART goal of step 2 beside the figures.

For every goal: the figure now, measured in the export the group read (:mod:`helpers.progress`)
or typed in by hand where the export cannot tell it (leads, sales); where the straight line from
the baseline to the target says the group should stand today; on track or not, and what each week
still needs, in plain words; and the chart of that line. The day the baselines were measured is
the workshop's day unless the group says otherwise. What the form found is kept in the document
(``measure.goal_figures``), so the one-pager shows it without the file.
"""
from __future__ import annotations

import datetime as dt
import html

import ipywidgets as widgets

from .. import metrics_charts, progress, render
from ..i18n import current_language, t
from .base import (bind, date_from_doc, date_to_doc, number_from_doc, number_to_doc, on_main, safe, show_chart,
                   Session)
from .dates_field import DateField
from .measure_form import loaded_export
from .step import StepForm

__all__ = ["GoalProgressForm", "goal_progress", "today"]


def today() -> dt.date:
    """Today's date (a function, so that a test can set the day)."""
    return dt.date.today()


def start_of(doc) -> dt.date:
    """The day the baselines were measured: as the group set it, else the day the document began."""
    return doc.measure.goals_set_on or doc.created_at.astimezone().date()


class GoalCard(widgets.VBox):
    """One goal: its sentence, the figure now (with a box to type it by hand), the verdict, the chart."""

    def __init__(self, session: Session, goal_id: str):
        self.session, self.goal_id = session, goal_id
        L = current_language()
        self.title = widgets.HTML()
        self.figure = widgets.HTML()
        self.by_hand = widgets.Text(description=t("progressform.by_hand", L), placeholder=t("progressform.by_hand_hint", L),
                                    style={"description_width": "initial"}, layout=widgets.Layout(width="360px"))
        self.verdict = widgets.HTML()
        self.verdict.add_class("workshop-progress-verdict")
        self.chart = widgets.Output()
        path = ("measure", "goal_figures", goal_id, "current")
        super().__init__([self.title, self.figure,
                          bind(self.by_hand, path, session, to_doc=self._typed, from_doc=self._shown),
                          self.verdict, self.chart])
        self.add_class("workshop-progress-goal")
        self._drawn: tuple | None = None

    def _typed(self, text: str):
        value = number_to_doc(text)
        if value is not None and value < 0:
            raise ValueError(t("progressform.negative", current_language()))
        source = "hand" if value is not None else ""
        self.session.change(("measure", "goal_figures", self.goal_id, "source"), source)
        return value

    def _shown(self, value) -> str:
        figures = self.session.doc.measure.goal_figures.get(self.goal_id) if self.session.doc else None
        return number_from_doc(value) if figures is not None and figures.source == "hand" else ""

    def redraw(self, doc, export, number: int) -> None:
        L = current_language()
        goal = next((g for g in doc.goals if g.id == self.goal_id), None)
        if goal is None:
            return
        readable = progress.measurable(goal, L)
        kept = doc.measure.goal_figures.get(self.goal_id)
        hand = kept.current if kept is not None and kept.source == "hand" else None
        key = (goal.model_dump_json(), doc.measure.export.kept, start_of(doc), hand, today(), L)
        if key == self._drawn:
            return
        self._drawn = key
        sentence = goal.sentence or t("progressform.no_sentence", L)
        self.title.value = f"<h4>{html.escape(t('progressform.goal', L, number=number))}: {render.text(sentence)}</h4>"
        if hand is not None:
            now = progress.by_hand(hand, readable.platform)
        elif export is not None:
            now = progress.measured(export.rows, readable, today())
        elif kept is not None and kept.source == "export" and kept.current is not None:
            now = progress.by_hand(kept.current, readable.platform)  # kept when the file was at hand
        else:
            now = None
        # where the figure comes from is in the verdict; without an export, where to get one
        self.figure.value = f"<p><i>{html.escape(t('progressform.no_export', L))}</i></p>" if now is None else ""
        state = progress.progress(readable, now, today(), start_of(doc))
        label = progress.state_label(state.state, L)
        self.verdict.value = (f"<p role='status'><b>{html.escape(label[:1].upper() + label[1:])}.</b> "
                              f"{render.text(progress.summary(state, readable, L))}</p>")
        weekly = progress.weekly(export.rows, readable) if export is not None and hand is None else None
        show_chart(self.chart, metrics_charts.goal_progress(state, readable, weekly, L)
                   if state.state not in ("no_target", "no_baseline", "no_deadline") else None)
        if hand is None and export is not None and now is not None and now.value is not None:
            value = round(float(now.value), 6)
            if kept is None or kept.source != "export" or kept.current != value:
                self.session.change_many({("measure", "goal_figures", self.goal_id, "current"): value,
                                          ("measure", "goal_figures", self.goal_id, "source"): "export",
                                          ("measure", "goal_figures", self.goal_id, "measured_on"): today()})


class GoalProgressForm(StepForm):
    """Every goal of step 2 against the figures (see the module's docstring)."""

    name = "goal_progress"
    section = ("measure",)

    def build(self) -> list[widgets.Widget]:
        L = current_language()
        since = DateField(description=t("progressform.since", L), width="320px", style={"description_width": "initial"})
        self.since_hint = widgets.HTML()
        self.cards = widgets.VBox()
        self._cards: dict[str, GoalCard] = {}
        return [self.field("goals_set_on", since, to_doc=date_to_doc, from_doc=date_from_doc), self.since_hint,
                self.cards]

    def begin(self) -> None:
        self.redraw()
        self.session.on_saved(self._saved)  # an export read or a goal changed on this page

    def _saved(self, doc) -> None:
        on_main(self.redraw)

    def follow(self, doc) -> None:
        self.redraw()

    @safe
    def redraw(self) -> None:
        L = current_language()
        doc = self.session.doc
        self.since_hint.value = (f"<p><i>{html.escape(t('progressform.since_default', L, date=render.date(start_of(doc), L)))}</i></p>"
                                 if doc.measure.goals_set_on is None else "")
        ids = [g.id for g in doc.goals]
        if not ids:
            self.cards.children = [widgets.HTML(f"<p><i>{html.escape(t('progressform.no_goals', L))}</i></p>")]
            self._cards = {}
            return
        if list(self._cards) != ids:  # goals added, removed or moved in step 2: the cards follow
            self._cards = {gid: self._cards.get(gid) or GoalCard(self.session, gid) for gid in ids}
            self.cards.children = list(self._cards.values())
        export = loaded_export(self.session)
        for number, (gid, card) in enumerate(self._cards.items(), start=1):
            card.redraw(doc, export, number)


def goal_progress(session: Session | None = None) -> GoalProgressForm:
    """Each SMART goal of step 2 beside the figures: where it stands, on track or not."""
    return GoalProgressForm(session)
