"""The measuring path after the workshop (issue 11): an analytics export read in, its KPIs with
their formulas, the best time to post, and what the group learned and will change.

- :func:`measure_import`: drop or choose an export (or read the example); the importer
  (:mod:`helpers.analytics`) says what it found and every row it left out. A copy is kept in the
  workspace (:meth:`helpers.store.Workspace.keep_export`) and the figures go into the document's
  ``measure`` section, so the report and a group file sent on carry them without the file.
- :func:`kpis`: the engagement rate by reach, impressions or followers (the learner picks the
  denominator and sees the formula beside the figure), click-through and conversion rate, costs;
  overall, mean and median; per week, post or platform; the weekly chart with benchmark lines.
- :func:`best_times`: the weekday x hour heatmap with a warning for thin cells, and one sentence.
- :func:`adjust`: what the figures taught and what the group will change.

The forms hold no logic: figures come from :mod:`helpers.metrics`, charts from
:mod:`helpers.metrics_charts`.
"""
from __future__ import annotations

from collections import OrderedDict
import html
import secrets
from pathlib import Path
import threading
from typing import Any

import ipywidgets as widgets
import pandas as pd

from .. import analytics, labels, metrics, metrics_charts, model, render
from ..i18n import current_language, t
from ..store import SaveFailed
from .base import Session, join_lines, on_main, safe, show_chart, split_lines
from .collect_form import STYLE, drop_zone, refusals, take_files
from .step import StepForm

__all__ = ["EXAMPLE", "measure_import", "kpis", "best_times", "adjust", "loaded_export"]

#: the example export a learner without figures of their own can try (invented figures; data/examples/README.md)
EXAMPLE = Path(__file__).resolve().parent.parent.parent / "data" / "examples" / "instagram-voorbeeld.csv"
#: the largest file the page sends (app mode keeps tornado's 10 MiB websocket limit; see collect_form)
SEND_LIMIT = 10 * 1024 * 1024 - 512 * 1024
_REFUSALS = {"size": "measureform.refused_size", "total": "measureform.refused_size"}
_BASES = ("reach", "impressions", "followers")
_PERIODS = metrics.PERIODS
_period_label = labels.kind("measure_period", "measureform.period.{}", _PERIODS)
_basis_label = labels.kind("measure_basis", "measureform.basis.{}", _BASES)
_column = labels.kind("measure_column", "measureform.col.{}", ("kpi", "formula", "overall", "mean", "median", "posts",
                                                               *(f"group_{p}" for p in _PERIODS)))
#: the KPIs the table shows, after the engagement rate the learner chose
_OTHER_KPIS = ("click_through_rate", "conversion_rate", "cost_per_click", "cost_per_result", "response_time")

# -- the export behind the forms -------------------------------------------------------------------
_CACHE: "OrderedDict[tuple, analytics.Export]" = OrderedDict()
_CACHE_LOCK = threading.Lock()


def engagement_kpi(basis: str | None) -> str:
    """The engagement rate's KPI for the denominator the learner chose."""
    return f"engagement_rate_{basis if basis in _BASES else 'reach'}"


def loaded_export(session: Session) -> analytics.Export | None:
    """The export the group read last, read again from the copy kept in the workspace (a few kept
    per kernel); ``None`` when there is none, or its copy is not here."""
    doc = session.doc
    if doc is None or not doc.measure.export.kept:
        return None
    found = doc.measure.export
    key = (str(session.workspace.root), doc.group, found.kept)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    content = session.workspace.export_file(doc.group, found.kept)
    if content is None:
        return None
    try:
        export = analytics.read_export(content, found.file or found.kept)
    except analytics.ExportError:
        return None
    with _CACHE_LOCK:
        _CACHE[key] = export
        while len(_CACHE) > 4:
            _CACHE.popitem(last=False)
    return export


def _figures(export: analytics.Export, basis: str) -> dict[tuple, Any]:
    """What the document keeps of an export: what it is, its totals, the KPIs and the best times."""
    start, end = export.period
    totals = export.totals()
    changes: dict[tuple, Any] = {
        ("measure", "export", "format"): export.format, ("measure", "export", "platform"): export.platform,
        ("measure", "export", "start"): start, ("measure", "export", "end"): end,
        ("measure", "export", "rows"): int(len(export.rows)),
    }
    for name in ("reach", "impressions", "engagements", "clicks"):
        value = totals.get(name)
        changes[("measure", "export", name)] = None if value is None else float(value)
    for kpi in metrics.FORMULAS:
        try:
            value = metrics.figure(export.rows, kpi).overall
        except metrics.MetricsProblem:
            value = None
        changes[("measure", "kpis", kpi)] = model.DELETE if value is None else round(float(value), 6)
    changes[("measure", "best_times")] = _best(export, basis)
    return changes


def _best(export: analytics.Export, basis: str) -> list[dict]:
    try:
        table = metrics.best_times(export.rows, engagement_kpi(basis))
    except metrics.MetricsProblem:
        return []
    return _best_rows(table)


def _best_rows(table: pd.DataFrame) -> list[dict]:
    """The best cells of an hour-by-hour table as the document keeps them."""
    return [{"weekday": r["weekday"], "hour": int(r["hour"]), "rate": round(float(r["median"]), 6),
             "posts": int(r["posts"])} for r in metrics.best_cells(table).to_dict("records")]


def _period(start, end, lang: str) -> str:
    if start is None or end is None:
        return t("measureform.no_period", lang)
    return t("measureform.period_line", lang, start=render.date(start, lang), end=render.date(end, lang))


# -- 1. the export in -------------------------------------------------------------------------------
class MeasureImportForm(StepForm):
    """Drop or choose an export, or read the example; what was found, in words."""

    name = "measure_import"
    section = ("measure", "export")

    def build(self) -> list[widgets.Widget]:
        L = current_language()
        self.token = f"wsm-measure-{secrets.token_hex(6)}"
        self.upload = widgets.FileUpload(accept=".csv,.tsv,.txt,.xlsx,.xls,.zip", multiple=False,
                                         description=t("measureform.choose", L), layout=widgets.Layout(width="auto"))
        self.upload.observe(self._on_upload, names="value")
        words = widgets.HTML(f"{STYLE}<span>⬇ {html.escape(t('measureform.drop', L))}</span>")
        self.zone, self.refused, self.script = drop_zone(words, self.upload, self.token, SEND_LIMIT)
        self.refused.observe(self._on_refused, names="value")
        self.example = widgets.Button(description=t("measureform.example", L), icon="table",
                                      tooltip=t("measureform.example_tip", L), layout=widgets.Layout(width="auto"))
        self.example.on_click(lambda _b: self.read_example())
        self.found = widgets.HTML()
        self.found.add_class("workshop-measure-found")
        # a file the importer does not know: the learner says which column means what
        self._pending: tuple[bytes, str] | None = None
        self.mapping = widgets.VBox(layout=widgets.Layout(display="none"))
        self.mapping.add_class("workshop-measure-mapping")
        return [self.zone, self.refused, self.script, self.example, self.message, self.mapping, self.found]

    def begin(self) -> None:
        self.show_found()

    def follow(self, doc) -> None:
        self.show_found()

    # -- what a learner does ----------------------------------------------------------------------
    @safe
    def _on_upload(self, change) -> None:
        take_files(self.upload, change, lambda files: self.read(bytes(files[0]["content"]), str(files[0]["name"])))

    @safe
    def _on_refused(self, change) -> None:
        sentences, _sent = refusals(change["new"], current_language(), keys=_REFUSALS,
                                    limit_mb=SEND_LIMIT // (1024 * 1024))
        if sentences:
            self.show_problem(" ".join(sentences))

    def read_example(self) -> bool:
        return self.read(EXAMPLE.read_bytes(), t("measureform.example_file", current_language()))

    def read(self, content: bytes, name: str) -> bool:
        """Read ``content`` (a file called ``name``) as an export and keep what it holds; a file that
        cannot be read is explained beside the field and nothing saved before is changed."""
        L = current_language()
        try:
            export = analytics.read_export(content, name, L)
        except analytics.ExportError as err:
            self.show_problem(err.message(L))
            if err.key == "kpi.error.unknown_format":
                self.ask_mapping(content, name)
            return False
        return self.keep(export, content, name)

    def ask_mapping(self, content: bytes, name: str) -> None:
        """For each column of a file the importer does not know, a choice of what it means, a choice
        of platform, and a button that reads the file so."""
        L = current_language()
        try:
            columns = analytics.headers(content, name)
        except analytics.ExportError:
            columns = []
        if not columns:
            return
        self._pending = (content, name)
        meanings = [("—", "")] + [(t(analytics.MEANING_KEYS[m], L), m) for m in analytics.MEANINGS]
        self.choices = {}
        rows = []
        for column in columns:
            guess = column.strip().lower()
            guess = guess if guess in analytics.MEANINGS else ""
            choice = widgets.Dropdown(options=meanings, value=guess, description=column,
                                      style={"description_width": "180px"}, layout=widgets.Layout(width="460px"))
            self.choices[column] = choice
            rows.append(choice)
        self.platform = widgets.Dropdown(options=[(t(analytics.PLATFORM_KEYS[p], L), p) for p in analytics.PLATFORMS],
                                         value="unknown", description=t("measureform.mapping_platform", L),
                                         style={"description_width": "180px"})
        self.read_mapped = widgets.Button(description=t("measureform.mapping_read", L), button_style="primary",
                                          icon="check", layout=widgets.Layout(width="auto"))
        self.read_mapped.on_click(lambda _b: self.read_with_mapping())
        intro = widgets.HTML(f"<p><b>{html.escape(t('measureform.mapping_intro', L, file=name))}</b></p>")
        self.mapping.children = [intro, *rows, self.platform, self.read_mapped]
        self.mapping.layout.display = "flex"

    @safe
    def read_with_mapping(self) -> bool:
        if self._pending is None:
            return False
        L = current_language()
        content, name = self._pending
        mapping = {column: box.value for column, box in self.choices.items() if box.value}
        try:
            export = analytics.read_export(content, name, L, mapping=mapping, platform=self.platform.value)
        except analytics.ExportError as err:
            self.show_problem(err.message(L))
            return False
        return self.keep(export, content, name)

    def keep(self, export: analytics.Export, content: bytes, name: str) -> bool:
        """Keep a copy of the file and what the document holds of it; the mapping asked goes."""
        group = self.session.group
        try:
            kept = self.session.workspace.keep_export(group, content, name)
        except SaveFailed as err:
            self.show_problem(str(err))
            return False
        with _CACHE_LOCK:
            _CACHE[(str(self.session.workspace.root), group, kept)] = export
        basis = self.session.get_value(("measure", "engagement_basis")) or "reach"
        changes = {("measure", "export", "file"): name[:model.SHORT].strip(), ("measure", "export", "kept"): kept,
                   **_figures(export, basis)}
        problems = self.session.change_many(changes)
        if problems:
            self.show_problem(next(iter(problems.values())))
            return False
        self.show_problem(None)
        self._pending = None
        self.mapping.children = []
        self.mapping.layout.display = "none"
        self.show_found(export)
        return True

    def show_found(self, export: analytics.Export | None = None) -> None:
        """What the export held: the importer's own summary when the file is at hand, else what the
        document kept of it."""
        L = current_language()
        doc = self.session.doc
        found = doc.measure.export if doc is not None else None
        if found is None or not found.file:
            self.found.value = f"<p><i>{html.escape(t('measureform.nothing_yet', L))}</i></p>"
            return
        export = export or loaded_export(self.session)
        if export is not None:
            lines = analytics.summary(export, L).splitlines()
        else:
            lines = [t("measureform.kept_only", L, file=found.file,
                       platform=labels.platform(found.platform, L) if found.platform else "-",
                       rows=render.number(found.rows, L)), _period(found.start, found.end, L)]
        items = "".join(f"<li>{render.text(line.strip())}</li>" for line in lines[1:] if line.strip())
        self.found.value = (f"<div role='status'><p><b>{render.text(lines[0])}</b></p>"
                            f"<ul class='workshop-measure-lines'>{items}</ul></div>")


# -- 2. the KPIs --------------------------------------------------------------------------------------
class KpiForm(StepForm):
    """The KPIs of the export, each with its formula; the engagement rate's denominator chosen."""

    name = "kpis"
    section = ("measure",)

    def build(self) -> list[widgets.Widget]:
        L = current_language()
        basis = widgets.Dropdown(options=[(_basis_label(b, L), b) for b in _BASES],
                                 description=t("measureform.basis_label", L), style={"description_width": "initial"})
        self.period = widgets.ToggleButtons(options=[(_period_label(p, L), p) for p in _PERIODS], value="week",
                                            style={"button_width": "auto"})
        self.period.observe(lambda _c: self.redraw(), names="value")
        self.table = widgets.HTML()
        self.table.add_class("workshop-measure-kpis")
        self.chart = widgets.Output()
        self.detail = widgets.HTML()
        chosen = self.field("engagement_basis", basis)
        basis.observe(lambda _c: self.redraw(), names="value")  # after the field's own save
        return [chosen, self.table, self.period, self.detail, self.chart]

    def begin(self) -> None:
        self._drawn: tuple | None = None
        self.redraw()
        self.session.on_saved(self._saved)  # an export read on this page, in the form above

    def _saved(self, doc) -> None:
        on_main(self.follow, doc)

    def follow(self, doc) -> None:
        key = (doc.measure.export.kept, doc.measure.engagement_basis)
        if key != self._drawn:
            self.redraw()

    @safe
    def redraw(self) -> None:
        L = current_language()
        doc = self.session.doc
        basis = self["engagement_basis"].value or doc.measure.engagement_basis
        self._drawn = (doc.measure.export.kept, basis)
        export = loaded_export(self.session)
        chosen = engagement_kpi(basis)
        if export is None:
            self.table.value = self._kept_table(doc, chosen, L)
            self.detail.value = ""
            show_chart(self.chart, None)
            return
        rows, missing = [], []
        for kpi in (chosen, *_OTHER_KPIS):
            try:
                fig = metrics.figure(export.rows, kpi, L)
            except metrics.MetricsProblem:
                fig = None
            if fig is None or fig.posts == 0:
                missing.append(metrics.kpi_label(kpi, L))
                continue
            rows.append((fig.label, fig.formula, metrics.show(fig.overall, kpi, L), metrics.show(fig.mean, kpi, L),
                         metrics.show(fig.median, kpi, L)))
        note = (f"<p><i>{render.text(t('measureform.not_in_file', L, kpis=', '.join(missing)))}</i></p>"
                if missing else "")
        self.table.value = _table(rows, L) + note
        try:
            per = metrics.by(export.rows, chosen, self.period.value, L)
        except metrics.MetricsProblem as err:
            self.detail.value = f"<p>{render.text(str(err))}</p>"
            show_chart(self.chart, None)
            return
        self.detail.value = _per_table(per, chosen, self.period.value, L)
        if self.period.value == "week":
            platform = export.platform if export.platform not in ("unknown", "") else None
            bench = metrics.benchmarks(chosen, platform, L) if platform else None
            show_chart(self.chart, metrics_charts.weekly_with_benchmarks(per, chosen, bench, L))
        else:
            show_chart(self.chart, None)

    @staticmethod
    def _kept_table(doc, chosen: str, L: str) -> str:
        kept = doc.measure.kpis
        if not kept:
            return f"<p><i>{html.escape(t('measureform.import_first', L))}</i></p>"
        rows = [(metrics.kpi_label(k, L), metrics.formula_text(k, L), metrics.show(kept[k], k, L), "", "")
                for k in (chosen, *_OTHER_KPIS) if k in kept]
        return _table(rows, L) + f"<p><i>{html.escape(t('measureform.kept_figures', L))}</i></p>"


def _table(rows: list[tuple], L: str) -> str:
    head = "".join(f"<th>{html.escape(_column(c, L))}</th>" for c in ("kpi", "formula", "overall", "mean", "median"))
    body = "".join("<tr>" + "".join(f"<td>{render.text(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<div class='workshop-table-wrap'><table class='workshop-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def _per_table(per: pd.DataFrame, kpi: str, period: str, L: str, limit: int = 60) -> str:
    head = "".join(f"<th>{html.escape(_column(c, L))}</th>" for c in (f"group_{period}", "posts", "overall", "median"))
    body = "".join(f"<tr><td class='nowrap'>{render.text(r['group'])}</td><td>{render.number(int(r['posts']), L)}</td>"
                   f"<td>{render.text(metrics.show(r['overall'], kpi, L))}</td>"
                   f"<td>{render.text(metrics.show(r['median'], kpi, L))}</td></tr>"
                   for r in per.head(limit).to_dict("records"))
    more = (f"<p><i>{html.escape(t('measureform.more_rows', L, count=render.number(len(per) - limit, L)))}</i></p>"
            if len(per) > limit else "")
    return (f"<div class='workshop-table-wrap'><table class='workshop-table'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>{more}")


# -- 3. the best time to post -------------------------------------------------------------------------
class BestTimesForm(StepForm):
    """Weekday x hour: the median engagement rate and the posts behind it; one plain sentence."""

    name = "best_times"
    section = ("measure", "best_times")
    shows_saved = False

    def build(self) -> list[widgets.Widget]:
        L = current_language()
        self.hours = widgets.Dropdown(options=[(t("measureform.hours", L, count=h), h) for h in (1, 2, 3, 4)],
                                      value=1, description=t("measureform.hours_label", L),
                                      style={"description_width": "initial"})
        self.hours.observe(lambda _c: self.redraw(), names="value")
        self.advice = widgets.HTML()
        self.advice.add_class("workshop-measure-advice")
        self.chart = widgets.Output()
        return [self.hours, self.advice, self.chart]

    def begin(self) -> None:
        self._drawn: tuple | None = None
        self.redraw()
        self.session.on_saved(self._saved)  # an export read, or the denominator chosen, on this page

    def _saved(self, doc) -> None:
        on_main(self.follow, doc)

    def follow(self, doc) -> None:
        if (doc.measure.export.kept, doc.measure.engagement_basis) != self._drawn:
            self.redraw()

    @safe
    def redraw(self) -> None:
        L = current_language()
        doc = self.session.doc
        self._drawn = (doc.measure.export.kept, doc.measure.engagement_basis)
        kpi = engagement_kpi(doc.measure.engagement_basis)
        export = loaded_export(self.session)
        if export is None:
            kept = doc.measure.best_times
            if kept:
                best = kept[0]
                text = t("measureform.best_kept", L, day=labels.weekday(best.weekday, L),
                         start=f"{best.hour:02d}:00", value=metrics.show(best.rate, kpi, L),
                         posts=render.number(best.posts, L))
            else:
                text = t("measureform.import_first", L)
            self.advice.value = f"<p>{render.text(text)}</p>"
            show_chart(self.chart, None)
            return
        try:
            table = metrics.best_times(export.rows, kpi, hours=self.hours.value, lang=L)
        except metrics.MetricsProblem as err:
            self.advice.value = f"<p>{render.text(str(err))}</p>"
            show_chart(self.chart, None)
            return
        self.advice.value = f"<p><b>{render.text(metrics.best_time_advice(table, kpi, L))}</b></p>"
        show_chart(self.chart, metrics_charts.best_time_heatmap(table, kpi, L))
        # the document keeps the hour-by-hour best: the table drawn is that one unless hours are grouped
        best = _best_rows(table) if self.hours.value == 1 else _best(export, doc.measure.engagement_basis)
        if [b.model_dump() for b in doc.measure.best_times] != best:
            self.session.change(("measure", "best_times"), best)


# -- 4. keep adjusting ------------------------------------------------------------------------------------
class AdjustForm(StepForm):
    """What the figures taught, and what the group changes next."""

    name = "adjust"
    section = ("measure",)

    def build(self) -> list[widgets.Widget]:
        L = current_language()
        learned = widgets.Textarea(placeholder=t("measureform.learned_placeholder", L),
                                   description=t("measureform.learned", L), style={"description_width": "initial"},
                                   layout=widgets.Layout(width="95%", height="90px"))
        steps = widgets.Textarea(placeholder=t("measureform.next_placeholder", L),
                                 description=t("measureform.next", L), style={"description_width": "initial"},
                                 layout=widgets.Layout(width="95%", height="90px"))
        return [self.field("learned", learned),
                self.field("next_steps", steps, to_doc=split_lines, from_doc=join_lines)]


def measure_import(session: Session | None = None) -> MeasureImportForm:
    """Read an analytics export (drop, choose, or the example)."""
    return MeasureImportForm(session)


def kpis(session: Session | None = None) -> KpiForm:
    """The KPIs of the export, with their formulas."""
    return KpiForm(session)


def best_times(session: Session | None = None) -> BestTimesForm:
    """The best time to post: the heatmap and one sentence."""
    return BestTimesForm(session)


def adjust(session: Session | None = None) -> AdjustForm:
    """What the figures taught and what changes next."""
    return AdjustForm(session)
