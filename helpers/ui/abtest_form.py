"""The measuring path: A/B tests (``measure.tests``), one card each, with the figures in plain words
as the participant types, and a calculator for how many people a test needs.

Each card binds a test's name, its two variants' names and, per variant, the people who saw it
("Gezien door") and who did what the test counts ("Deed het"). Counts are read as the reader writes
them (:func:`helpers.abtest.parse_count`: "1.200" in Dutch, "1,200" in English); a count that is not
one, or more people who did it than saw it, gets a message beside the field and is not saved. The
result box shows :func:`helpers.abtest.summary` of what is saved. The calculator
(:func:`helpers.abtest.plan_summary`) stores nothing.
"""
from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as widgets

from .. import abtest as ab, render
from ..i18n import current_language, t
from .base import Session, bind, message_label, safe, show_message
from .lists import match_cards
from .step import StepForm

__all__ = ["AbTestForm", "AbTestCard", "Planner", "abtest", "result_html"]

SECTION = ("measure", "tests")
#: the most tests a plan holds (as the document's model allows)
MAX_TESTS = 20
VARIANTS = ("a", "b")
COUNTS = ("shown", "converted")

_STYLE = {"description_width": "initial"}


def _esc(text: object) -> str:
    return html.escape(str(text))


def _count_from_doc(value: Any) -> str:
    """A stored count as the reader writes it: 1200 -> "1.200" (nl), "1,200" (en); none: empty."""
    return "" if value is None else render.number(value, current_language(), 0)


def result_html(row: dict | None, lang: str | None = None) -> str:
    """The result box of one test (a row of ``measure.tests``): a prompt until all four counts are
    there, then :func:`helpers.abtest.summary` with the verdict in bold and the people each variant
    needs; counts that are not a test (nobody saw a variant) give the plain sentence why."""
    row = row or {}
    head = f"<h4>{_esc(t('abtestform.result.heading', lang))}</h4>"
    counts = [row.get(f"{v}_{c}") for v in VARIANTS for c in ("converted", "shown")]
    if any(c is None for c in counts):
        return f"{head}<p><i>{_esc(t('abtestform.result.waiting', lang))}</i></p>"
    try:
        result = ab.compare(*counts, lang=lang)
    except ab.AbTestProblem as err:
        return f'{head}<p style="color:#b00020">⚠ {_esc(err)}</p>'
    lines = []
    if row.get("variant_a") or row.get("variant_b"):
        lines.append(_esc(t("abtestform.result.names", lang, a=row.get("variant_a") or "A",
                            b=row.get("variant_b") or "B")))
    said = ab.verdict(result, lang)
    for line in ab.summary(result, lang).split("\n"):
        if line == said:
            lines.append(f"<b>{_esc(line)}</b>")
        elif line:
            lines.append(_esc(line))
    if result.needed_per_variant is not None:
        lines.append(_esc(t("abtestform.result.needed", lang,
                            needed=render.number(result.needed_per_variant, lang))))
    return head + "".join(f"<p>{line}</p>" for line in lines)


class AbTestCard(widgets.VBox):
    """One test: its name, both variants with their counts, the result, and a remove button that
    asks for a second click."""

    def __init__(self, session: Session, row_id: str, number: int, on_remove: Callable[[str], None]):
        self.session, self.row_id = session, row_id
        self.base = (*SECTION, row_id)
        self._on_remove = on_remove
        self.confirming = False
        self.name = widgets.Text(description=t("abtestform.name"), placeholder=t("abtestform.name_placeholder"),
                                 style=_STYLE, layout=widgets.Layout(width="95%"))
        #: per variant ("a", "b"): its name and its counts ("shown", "converted")
        self.variant_name: dict[str, widgets.Text] = {}
        self.counts: dict[tuple[str, str], widgets.Text] = {}
        columns = []
        for v in VARIANTS:
            self.variant_name[v] = widgets.Text(
                description=t("abtestform.variant_name"), style=_STYLE, layout=widgets.Layout(width="300px"),
                placeholder=t("abtestform.variant_a_placeholder" if v == "a" else "abtestform.variant_b_placeholder"))
            fields = [widgets.HTML(f"<b>{_esc(t('abtestform.variant_heading', variant=v.upper()))}</b>"),
                      bind(self.variant_name[v], (*self.base, f"variant_{v}"), session)]
            for c in COUNTS:
                seen = c == "shown"
                box = widgets.Text(description=t("abtestform.shown" if seen else "abtestform.converted"),
                                   placeholder=t("abtestform.shown_placeholder" if seen else "abtestform.converted_placeholder"),
                                   style=_STYLE, layout=widgets.Layout(width="220px"))
                self.counts[v, c] = box
                fields.append(bind(box, self._path(v, c), session, to_doc=self._reader(v, c),
                                   from_doc=_count_from_doc))
            column = widgets.VBox(fields, layout=widgets.Layout(margin="0 24px 0 0"))
            column.add_class(f"workshop-abtest-variant-{v}")
            columns.append(column)
        self.result = widgets.HTML()
        self.result.add_class("workshop-abtest-result")
        self.remove = widgets.Button(description=t("abtestform.remove"), tooltip=t("abtestform.remove_tip"),
                                     icon="trash", layout=widgets.Layout(width="auto"))
        self.remove.add_class("workshop-remove")
        self.remove.on_click(self._remove)
        self.title = widgets.HTML()
        self.number(number)
        super().__init__([self.title, bind(self.name, (*self.base, "name"), session), widgets.HBox(columns),
                          self.result, self.remove],
                         layout=widgets.Layout(border="1px solid #ddd", padding="6px", margin="6px 0"))
        self.add_class("workshop-abtest")
        for w in (self.name, *self.variant_name.values(), *self.counts.values()):
            # observed after the binding: the document holds the change when the result is worked out
            w.observe(self._typed, names="value")
        self.show_result()

    # -- what the document holds ----------------------------------------------------------------------
    @property
    def value(self) -> dict | None:
        """The test as the document holds it now (its row, by id)."""
        return self.session.get_value(self.base)

    def _path(self, variant: str, count: str) -> tuple:
        return (*self.base, f"{variant}_{count}")

    def _reader(self, variant: str, count: str) -> Callable[[str], int | None]:
        """``to_doc`` of one count field: the typed text as a whole number (empty: none), refused
        in words when it is not one or when more people did it than saw it."""
        def read(text: str) -> int | None:
            if not (text or "").strip():
                return None
            lang = current_language()
            value = ab.parse_count(text, lang)
            other = self.session.get_value(self._path(variant, "converted" if count == "shown" else "shown"))
            if other is not None:
                shown, converted = (value, other) if count == "shown" else (other, value)
                if converted > shown:
                    key = "abtestform.problem.fewer_than_converted" if count == "shown" \
                        else "abtestform.problem.more_than_shown"
                    raise ab.AbTestProblem(t(key, lang, shown=render.number(shown, lang),
                                                 converted=render.number(converted, lang)))
            return value
        return read

    # -- showing ----------------------------------------------------------------------------------------
    def number(self, n: int) -> None:
        """Show the test's place in the list (it changes when another test is removed)."""
        value = f"<h3>{_esc(t('abtestform.test_n', number=n))}</h3>"
        if self.title.value != value:
            self.title.value = value

    def show_result(self) -> None:
        value = result_html(self.value)
        if self.result.value != value:
            self.result.value = value

    @safe
    def _typed(self, change) -> None:
        self._unconfirm()
        self._retry(change["owner"])
        self.show_result()

    def _retry(self, changed: widgets.Widget) -> None:
        """A count refused because of the other count of its variant ("more did it than saw it")
        may fit now that the other one changed: it is read and saved again."""
        for (v, c), box in self.counts.items():
            label = getattr(box, "_message_line", None)
            if box is changed or label is None or not label.value or not box.value.strip():
                continue
            try:
                value = self._reader(v, c)(box.value)
            except ab.AbTestProblem as err:
                show_message(label, str(err))
                continue
            show_message(label, self.session.change(self._path(v, c), value))

    # -- removing -----------------------------------------------------------------------------------
    def _unconfirm(self) -> None:
        if self.confirming:
            self.confirming = False
            self.remove.description, self.remove.button_style = t("abtestform.remove"), ""

    @safe
    def _remove(self, *_) -> None:
        """The first click asks once more (the button says so), the second removes the test."""
        if not self.confirming:
            self.confirming = True
            self.remove.description, self.remove.button_style = t("abtestform.remove_sure"), "danger"
            return
        self._unconfirm()
        self._on_remove(self.row_id)


class Planner(widgets.VBox):
    """"How many people do I need?": the rate now and the difference worth detecting give the
    people each variant needs (:func:`helpers.abtest.plan_summary`). A calculator: it saves nothing."""

    def __init__(self):
        self.baseline = widgets.Text(description=t("abtestform.plan.baseline"),
                                     placeholder=t("abtestform.plan.baseline_placeholder"), style=_STYLE,
                                     layout=widgets.Layout(width="260px"))
        self.difference = widgets.Text(description=t("abtestform.plan.difference"),
                                       placeholder=t("abtestform.plan.difference_placeholder"), style=_STYLE,
                                       layout=widgets.Layout(width="320px"))
        self.baseline_message, self.difference_message = message_label(), message_label()
        self.answer = widgets.HTML()
        self.answer.add_class("workshop-abtest-plan-answer")
        for w in (self.baseline, self.difference):
            w.observe(self._typed, names="value")
        super().__init__([
            widgets.HTML(f"<h3>{_esc(t('abtestform.plan.heading'))}</h3>"
                         f"<p>{_esc(t('abtestform.plan.intro'))}</p>"),
            widgets.VBox([self.baseline, self.baseline_message]),
            widgets.VBox([widgets.HBox([self.difference, widgets.HTML(_esc(t("abtestform.plan.unit")))]),
                          self.difference_message]),
            self.answer,
        ], layout=widgets.Layout(border="1px solid #ddd", padding="6px", margin="12px 0 6px"))
        self.add_class("workshop-abtest-plan")
        self._typed()

    def show_problem(self, text: str | None) -> None:
        self.answer.value = f'<p style="color:#b00020">⚠ {_esc(text)}</p>' if text else ""

    @staticmethod
    def _read(box: widgets.Text, label: widgets.HTML, lang: str) -> float | None:
        text = (box.value or "").strip()
        unit = t("abtestform.plan.unit", lang)
        if text.lower().endswith(unit.lower()):  # "0,5 procentpunt", the unit shown beside the field
            text = text[: -len(unit)].strip()
        if not text:
            show_message(label, None)
            return None
        try:
            value = ab.parse_percent(text, lang)
        except ab.AbTestProblem as err:
            show_message(label, str(err))
            return None
        show_message(label, None)
        return value

    @safe
    def _typed(self, *_) -> None:
        lang = current_language()
        baseline = self._read(self.baseline, self.baseline_message, lang)
        difference = self._read(self.difference, self.difference_message, lang)
        if baseline is None or difference is None:
            self.answer.value = f"<p><i>{_esc(t('abtestform.plan.waiting', lang))}</i></p>"
            return
        try:
            self.answer.value = f"<p><b>{_esc(ab.plan_summary(baseline, difference, lang))}</b></p>"
        except ab.AbTestProblem as err:
            self.show_problem(str(err))


class AbTestForm(StepForm):
    """All A/B tests of the group, one card each, an add button, and the planning calculator."""

    name = "abtest"
    section = SECTION

    def build(self) -> list[widgets.Widget]:
        self.cards = widgets.VBox()
        self.by_id: dict[str, AbTestCard] = {}
        self.empty = widgets.HTML(f"<p><i>{_esc(t('abtestform.none_yet'))}</i></p>")
        self.add = widgets.Button(description=t("abtestform.add"), icon="plus", button_style="primary")
        self.add.add_class("workshop-add-abtest")
        self.add.on_click(self._add)
        self.planner = Planner()
        self.named.update(baseline=self.planner.baseline, difference=self.planner.difference)
        return [widgets.HTML(f"<h3>{_esc(t('abtestform.heading'))}</h3><p>{_esc(t('abtestform.intro'))}</p>"),
                self.empty, self.cards, self.add, self.message, self.planner]

    def begin(self) -> None:
        self.rebuild()

    def follow(self, _doc) -> None:
        self.rebuild()
        for card in self.by_id.values():  # counts saved elsewhere: their result too
            card.show_result()

    def rebuild(self) -> None:
        """Match the cards to the tests in the document, by id: a card being typed in stays."""
        ids = self.session.row_ids(SECTION)
        match_cards(self.by_id, ids, lambda rid, n: AbTestCard(self.session, rid, n, self._remove), self.cards)
        self.empty.layout.display = "none" if ids else None
        self.add.disabled = len(ids) >= MAX_TESTS

    @safe
    def _add(self, *_) -> None:
        if len(self.session.row_ids(SECTION)) >= MAX_TESTS:
            show_message(self.message, t("abtestform.full", max=MAX_TESTS))
            return
        _rid, problem = self.session.insert(SECTION, {"name": ""})
        show_message(self.message, problem)
        self.rebuild()

    @safe
    def _remove(self, row_id: str) -> None:
        show_message(self.message, self.session.remove(SECTION, row_id))
        self.rebuild()


def abtest(session: Session | None = None) -> AbTestForm:
    """The A/B test form: ``ui.abtest()``."""
    return AbTestForm(session)
