"""Part 2 of the whole strategy: competitors per channel with the benchmark chart (``ui.rivals()``)
and the audit of the group's own accounts (``ui.audit()``). The chart and the verdicts' words come
from :mod:`helpers.strategy.competitors`."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..i18n import t
from ..strategy import competitors as logic
from .base import Session, on_main, safe, show_chart
from .lists import Column
from .row_tables import figure_columns, intro, platform_column, table, text_column
from .step import StepForm

RIVALS, ACCOUNTS = ("deep_dives", "rivals"), ("deep_dives", "accounts")


class RivalsForm(StepForm):
    """A line per competitor per channel, and below it the own accounts beside them in a chart."""

    name, section = "rivals", RIVALS

    def build(self) -> list[widgets.Widget]:
        spec = [text_column("competitor", "fields.deep_dives.rivals.competitor", t("competitors.rivals.competitor_placeholder")),
                platform_column(),
                *figure_columns("rivals"),
                text_column("works", "fields.deep_dives.rivals.works", t("competitors.rivals.works_placeholder"), "180px"),
                text_column("misses", "fields.deep_dives.rivals.misses", t("competitors.rivals.misses_placeholder"), "180px")]
        self.rows = table(self.session, RIVALS, spec, t("competitors.rivals.add"), {"competitor": ""}, max_rows=60)
        self.waiting, self.chart = widgets.HTML(), widgets.Output()
        return [intro(t("competitors.rivals.heading"), t("competitors.rivals.intro")), self.rows, self.message,
                self.waiting, self.chart]

    def begin(self) -> None:
        self._drawn: list | None = None
        self.redraw()
        self.session.on_saved(self._saved)  # a figure typed here: the chart follows once it is saved

    def _saved(self, _doc) -> None:
        on_main(self.redraw)

    def follow(self, _doc) -> None:
        self.redraw()

    @safe
    def redraw(self) -> None:
        rows = logic.benchmark_rows(self.session.doc)
        if rows == self._drawn:
            return
        self._drawn = rows
        chart = logic.benchmark_chart(self.session.doc)
        self.waiting.value = "" if chart is not None else f"<p><i>{html.escape(t('competitors.rivals.chart_waiting'))}</i></p>"
        show_chart(self.chart, chart)


class AuditForm(StepForm):
    """The audit: the same accounts, now with who runs each, what for, its KPI, its best content and
    whether it is kept, improved or stopped."""

    name, section = "audit", ACCOUNTS

    def build(self) -> list[widgets.Widget]:
        choices = [(t("competitors.audit.choose"), ""), *((logic.verdict_label(v), v) for v in logic.VERDICTS)]
        verdict = lambda: widgets.Dropdown(options=choices, layout=widgets.Layout(width="130px"))
        spec = [platform_column(),
                text_column("handle", "fields.deep_dives.accounts.handle", t("situation.accounts.handle_placeholder"), "120px"),
                text_column("owner", "fields.owner", t("competitors.audit.owner_placeholder"), "120px"),
                text_column("mission", "fields.deep_dives.accounts.mission", t("competitors.audit.mission_placeholder"), "170px"),
                text_column("kpi", "fields.kpi", t("competitors.audit.kpi_placeholder"), "120px"),
                text_column("top_content", "fields.deep_dives.accounts.top_content",
                            t("competitors.audit.top_content_placeholder"), "170px"),
                (Column("verdict", verdict), "fields.deep_dives.accounts.verdict", "130px")]
        self.rows = table(self.session, ACCOUNTS, spec, t("competitors.audit.add"), {"platform": ""})
        return [intro(t("competitors.audit.heading"), t("competitors.audit.intro")), self.rows]


def rivals(session: Session | None = None) -> RivalsForm:
    return RivalsForm(session)


def audit(session: Session | None = None) -> AuditForm:
    return AuditForm(session)
