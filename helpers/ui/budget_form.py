"""Part 7, the budget: cost lines, their totals, a chart per kind and the check against the paid
channels (the logic is :mod:`helpers.strategy.budget`)."""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import labels, render
from ..i18n import current_language, t
from ..strategy import budget as logic
from .base import Session, number_to_doc, on_main, safe, show_chart
from .lists import Column, RowList, html_table, text
from .step import StepForm

PATH = ("deep_dives", "budget")


def amount_to_doc(typed: str) -> float:
    """An amount as typed ("1.200", "1.200,50", "€ 80") for the document; an empty field is 0."""
    cleaned = (typed or "").replace("€", "").strip()
    if not cleaned:
        return 0.0
    try:
        value = number_to_doc(cleaned)
    except ValueError:
        raise ValueError(t("budget.not_an_amount", value=cleaned[:20])) from None
    if value < 0:
        raise ValueError(t("budget.negative"))
    return value


def amount_from_doc(value) -> str:
    return render.number(value, current_language(), digits=2) if value else ""


def _choice(options, width: str):
    return lambda: widgets.Dropdown(options=list(options), layout=widgets.Layout(width=width))


class BudgetForm(StepForm):
    """One line per cost; under it the totals, the checks and the chart, redrawn as lines change."""

    name = "budget"
    section = PATH

    def build(self) -> list[widgets.Widget]:
        self.lines = RowList(self.session, PATH, [
            Column("item", text(t("budget.item_placeholder"), "190px")),
            Column("kind", _choice([(logic.kind_label(k), k) for k in logic.KINDS], "170px")),
            Column("platform", self._platform_widget),
            Column("period", _choice([(logic.period_label(p), p) for p in logic.PERIODS], "120px")),
            Column("amount", text(t("budget.amount_placeholder"), "130px"), to_doc=amount_to_doc,
                   from_doc=amount_from_doc)],
            new_row=lambda: {"item": "", "kind": "content", "period": "month", "amount": 0},
            add_label=t("budget.add_line"), max_rows=100, on_change=self.refresh)
        self.totals, self.checks, self.chart = widgets.HTML(), widgets.HTML(), widgets.Output()
        return [widgets.HTML(f"<p>{html.escape(t('budget.intro'))}</p>"), self.lines, self.totals, self.checks,
                self.chart]

    def _platform_widget(self) -> widgets.Combobox:
        doc = self.session.doc
        codes = dict.fromkeys([*doc.channels.chosen, *doc.deep_dives.tactics.paid]) if doc else {}
        return widgets.Combobox(options=[labels.platform(c) for c in codes], ensure_option=False,
                                placeholder=t("budget.platform_placeholder"), layout=widgets.Layout(width="170px"))

    def begin(self) -> None:
        self.session.on_saved(self._saved)  # a method: it goes when the form goes
        self.refresh()

    def follow(self, _doc) -> None:
        self.refresh()

    def _saved(self, _doc) -> None:  # after each save of ours (from the saving thread)
        on_main(self.refresh)

    @safe
    def refresh(self) -> None:
        doc, lang = self.session.doc, current_language()
        if not doc.deep_dives.budget:
            self.totals.value, self.checks.value = f"<p>{html.escape(t('budget.empty'))}</p>", ""
            show_chart(self.chart, None)
            return
        table = logic.totals_table(doc, lang)
        self.totals.value = (f"<h4>{html.escape(table.label)}</h4>{html_table(list(table.head), list(table.rows))}"
                             f"<p>{html.escape(logic.summary(doc, lang))}</p>")
        checks = logic.check_sentences(doc, lang)
        self.checks.value = (f"<h4>{html.escape(t('budget.check.heading'))}</h4><ul>"
                             + "".join(f"<li>{html.escape(c)}</li>" for c in checks) + "</ul>") if checks else ""
        show_chart(self.chart, logic.chart(doc, lang))


def budget(session: Session | None = None) -> BudgetForm:
    """The budget: cost lines, totals a month and a year, one-off costs apart, and a chart."""
    return BudgetForm(session)
