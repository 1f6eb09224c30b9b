"""Part 1 of the whole strategy, the starting situation: the quick scan (``ui.situation()``) and the
channels in use now (``ui.accounts()``), whose figures can be taken over from the measuring path's
export. The figures and words come from :mod:`helpers.strategy.situation`."""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import render
from ..i18n import current_language, t
from ..strategy import situation as logic
from .base import Session, join_lines, safe, split_sentences
from .measure_form import loaded_export
from .row_tables import figure_columns, intro, number_column, platform_column, table, text_column
from .step import StepForm

SCAN, ACCOUNTS = ("deep_dives", "situation"), ("deep_dives", "accounts")


class SituationForm(StepForm):
    """The quick scan: five questions in words and the opinion leaders, one per line."""

    name, section = "situation", SCAN
    QUESTIONS = (("works_internally", "situation.scan.works_internally"), ("outsiders_say", "situation.scan.outsiders_say"),
                 ("who_talks", "situation.scan.who_talks"), ("opinion_leaders", "situation.scan.opinion_leaders"),
                 ("complaints", "situation.scan.complaints"), ("competitors_do", "situation.scan.competitors_do"))

    def build(self) -> list[widgets.Widget]:
        out = [intro(t("situation.scan.heading"))]
        for name, question in self.QUESTIONS:
            leaders = name == "opinion_leaders"
            area = widgets.Textarea(layout=widgets.Layout(width="95%", height="70px"), placeholder=t(
                "situation.scan.opinion_leaders_placeholder" if leaders else "situation.scan.placeholder"))
            options = {"to_doc": split_sentences, "from_doc": join_lines} if leaders else {}
            out += [widgets.HTML(f"<b>{html.escape(t(question))}</b>"), self.field(name, area, **options)]
        return out


class AccountsForm(StepForm):
    """The accounts in use, a line each, and a button that takes figures over from the export."""

    name, section = "accounts", ACCOUNTS

    def build(self) -> list[widgets.Widget]:
        spec = [platform_column(),
                text_column("handle", "fields.deep_dives.accounts.handle", t("situation.accounts.handle_placeholder")),
                *figure_columns("accounts"),
                number_column("response_hours", "fields.deep_dives.accounts.response_hours",
                              t("situation.accounts.response_placeholder"), 1)]
        self.rows = table(self.session, ACCOUNTS, spec, t("situation.accounts.add"), {"platform": ""})
        self.take = widgets.Button(description=t("situation.accounts.take_over"), icon="download",
                                   tooltip=t("situation.accounts.take_over_tip"), layout=widgets.Layout(width="auto"))
        self.take.on_click(lambda _b: self.take_over())
        self.said = widgets.HTML()
        return [intro(t("situation.accounts.heading"), t("situation.accounts.intro")), self.rows, self.take,
                self.message, self.said]

    @safe
    def take_over(self) -> None:
        """Fill the rows of the export's platforms with its figures (a row added where none is)."""
        export, lang = loaded_export(self.session), current_language()
        self.said.value = ""
        if export is None:
            return self.show_problem(t("situation.accounts.no_export"))
        changes, new_rows, found = logic.take_over(self.session.doc.deep_dives.accounts, export)
        if not found:
            return self.show_problem(t("situation.accounts.nothing_found"))
        problems = self.session.change_many({(*ACCOUNTS, rid, f): v for (rid, f), v in changes.items()})
        problems.update({ACCOUNTS: p for row in new_rows for _rid, p in [self.session.insert(ACCOUNTS, row)] if p})
        self.rows.rebuild()
        for binding in self.session.bindings():  # the figures just set, in the fields
            if binding.path[:2] == ACCOUNTS:
                binding.refresh(self.session, set())
        self.show_problem(next(iter(problems.values()), None))
        lines = logic.describe(found, [r["platform"] for r in new_rows], lang)
        self.said.value = "".join(f"<p>{render.text(line)}</p>" for line in lines)


def situation(session: Session | None = None) -> SituationForm:
    return SituationForm(session)


def accounts(session: Session | None = None) -> AccountsForm:
    return AccountsForm(session)
