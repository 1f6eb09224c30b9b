"""Self-study part 6: the risk register, prepared scenarios that add a row on a click, the risks from
high to low and the likelihood x impact matrix (logic and chart: :mod:`helpers.strategy.risks`)."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..i18n import current_language, t
from ..strategy import risks as rules
from .base import Session, safe, show_chart
from .lists import Column, RowList, text
from .step import StepForm

RISKS = ("deep_dives", "risks")
MAX_RISKS = 50


def _scale(label: str) -> widgets.Dropdown:
    return widgets.Dropdown(options=[(rules.choice(n), n) for n in rules.SCALE], value=3, description=label,
                            style={"description_width": "initial"}, layout=widgets.Layout(width="190px"))


class RisksForm(StepForm):
    name = "risks"
    section = RISKS

    def build(self) -> list[widgets.Widget]:
        self.register = RowList(self.session, RISKS, [
            Column("title", text(t("risks.form.title_placeholder"), "220px")),
            Column("likelihood", lambda: _scale(t("risks.form.likelihood"))),
            Column("impact", lambda: _scale(t("risks.form.impact"))),
            Column("scenario", text(t("risks.form.scenario_placeholder"), "260px")),
            Column("response", lambda: widgets.Textarea(placeholder=t("risks.form.response_placeholder"), rows=2)),
            Column("owner", self._owner)],
            new_row=lambda: {"title": "", "likelihood": 3, "impact": 3}, add_label=t("risks.form.add"),
            max_rows=MAX_RISKS, on_change=self.refresh)
        self.prepared = {code: widgets.Button(description=rules.prepared_button(code), icon="plus",
                                              layout=widgets.Layout(width="auto")) for code in rules.PREPARED}
        for code, button in self.prepared.items():
            button.on_click(lambda _b, code=code: self._prepare(code))
        self.overview, self.chart, self._drawn = widgets.HTML(), widgets.Output(), None
        return [widgets.HTML(f"<p>{html.escape(t('risks.form.intro'))}</p>"),
                widgets.HBox([widgets.HTML(html.escape(t("risks.form.prepared"))), *self.prepared.values()]),
                self.message, self.register, self.overview, self.chart]

    def _owner(self) -> widgets.Combobox:
        names = [m.name for m in self.session.doc.team.members if m.name]
        return widgets.Combobox(options=names, placeholder=t("risks.form.owner_placeholder"), ensure_option=False,
                                layout=widgets.Layout(width="160px"))

    def begin(self) -> None:
        self.refresh()

    def follow(self, _doc) -> None:
        self.refresh()

    @safe
    def refresh(self) -> None:
        """The risks from high to low, and the matrix when a risk moved, came or went."""
        for row in self.register.rows.values():  # a row's fields, once each, after their binding has saved
            for cell in row.cells.values():
                if not getattr(cell, "_risks_watched", False):
                    cell.observe(lambda _change: self.refresh(), names="value")
                    cell._risks_watched = True
        risks, lang = self.session.doc.deep_dives.risks, current_language()
        found = [f"<div>{html.escape(line)}</div>" for line in rules.lines(risks, lang)]
        self.overview.value = f"<h4>{html.escape(t('risks.form.overview'))}</h4>{''.join(found)}" if found \
            else f"<p><i>{html.escape(t('risks.form.none_yet'))}</i></p>"
        placed = [(r.likelihood, r.impact) for r in risks]
        if placed != self._drawn:
            show_chart(self.chart, rules.matrix(risks, lang) if risks else None)
            self._drawn = placed

    @safe
    def _prepare(self, code: str) -> None:
        if len(self.session.row_ids(RISKS)) >= MAX_RISKS:
            self.show_problem(t("lists.full", max=MAX_RISKS))
            return
        _rid, problem = self.session.insert(RISKS, rules.prepared(code, current_language()))
        self.show_problem(problem)
        self.register.rebuild()
        self.refresh()


def risks(session: Session | None = None) -> RisksForm:
    return RisksForm(session)
