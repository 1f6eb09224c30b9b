"""The full strategy report (lesson page 17): which sections it holds, and the report as one offline
HTML file and as an Excel workbook to download (:mod:`helpers.report`)."""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import export, report as full_report
from ..i18n import current_language, t
from .base import on_main, safe
from .step import StepForm

__all__ = ["ReportForm", "report"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportForm(StepForm):
    name = "report"
    shows_saved = False

    def build(self) -> list[widgets.Widget]:
        self.make = widgets.Button(description=t("reportform.make"), icon="file-text", button_style="primary")
        self.make.on_click(lambda _b: self.refresh())
        self.contents = widgets.HTML()
        self.downloads = widgets.HTML()
        self.downloads.add_class("workshop-report-downloads")
        return [self.make, self.message, self.contents, self.downloads]

    def begin(self) -> None:
        self._made = -1
        self.session.on_saved(lambda doc: on_main(self._changed, doc))

    def follow(self, doc) -> None:
        self._changed(doc)

    def _changed(self, doc) -> None:
        """Answers changed after the report was made: its downloads would hand out the old one."""
        if doc.revision != self._made and "data:" in self.downloads.value:
            self.downloads.value = f"<p>{html.escape(t('reportform.changed'))}</p>"

    @safe
    def refresh(self) -> None:
        L = current_language()
        doc = self.session.reload()
        self._made = doc.revision
        parts = [s.title for s in full_report.sections(doc, L, charts=False)]
        said = (t("reportform.contents", L, parts=", ".join(parts)) if parts else t("reportform.no_parts", L))
        self.contents.value = f"<p>{html.escape(said)}</p>"
        links = [export.download_link(full_report.html(doc, L).encode("utf-8"), full_report.filename(doc, "html"),
                                      "text/html", t("reportform.download_html", L)),
                 export.download_link(full_report.workbook(doc, L), full_report.filename(doc, "xlsx"), XLSX,
                                      t("reportform.download_xlsx", L))]
        self.downloads.value = f"<p>{' · '.join(links)}</p><p><small>{html.escape(t('reportform.print', L))}</small></p>"


def report(session=None) -> ReportForm:
    """The full report: make it, then download it as a web page (prints to A4) or a workbook."""
    return ReportForm(session)
