"""Debrief: the group's one-pager for the presentation, and the Rose reflection."""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import export, onepager as onepager_page
from ..i18n import t
from .base import Session, on_main, safe
from .step import StepForm


class OnePager(StepForm):
    """The five points on one page, as the exported file shows them, plus its downloads."""

    name = "onepager"
    shows_saved = False

    def build(self) -> list[widgets.Widget]:
        self.refresh_button = widgets.Button(description=t("debrief.refresh"), icon="refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.page = widgets.HTML()
        self.page.add_class("workshop-onepager")
        self.downloads = widgets.HTML()
        return [self.refresh_button, self.message, self.page, self.downloads]  # a problem under its button

    def begin(self) -> None:
        self._shown = -1
        self.session.on_saved(self._saved)  # a method: it goes when the form goes
        self.refresh()

    def follow(self, doc) -> None:
        self._changed(doc)

    def _saved(self, doc) -> None:
        on_main(self._changed, doc)

    def _changed(self, doc) -> None:
        """Answers changed after the page was made: its downloads would hand out the old page."""
        if doc.revision != self._shown and "data:" in self.downloads.value:
            self.downloads.value = f"<p>{html.escape(t('debrief.changed', button=t('debrief.refresh')))}</p>"

    @safe
    def refresh(self) -> None:
        doc = self.session.reload()
        self._shown = doc.revision
        page = onepager_page.render(doc)
        # a sandboxed frame: the page keeps its own styles and can run nothing
        self.page.value = (f'<iframe sandbox title="{html.escape(t("debrief.onepager_title"), quote=True)}" '
                           f'style="width:100%;height:720px;border:1px solid #ccc;background:#fff" '
                           f'srcdoc="{html.escape(page, quote=True)}"></iframe>')
        links = [export.download_link(page.encode("utf-8"), export.filename(doc, "html"), "text/html",
                                      t("debrief.download_html")),
                 export.download_link(self.session.workspace.group_file(doc.group) or export.export(doc, "json"),
                                      export.filename(doc, "json"), "application/json", t("debrief.download_json"))]
        self.downloads.value = (f"<p>{' · '.join(links)}</p>"
                                f"<p><small>{html.escape(t('debrief.send_to_trainer'))}</small></p>")


class RoseForm(StepForm):
    """Rose (highlight), thorn (challenge) and bud (new idea), saved with the document."""

    name = "rose"
    block = "debrief"
    section = ("debrief",)
    PARTS = (("rose", "🌹", "debrief.rose_placeholder", "fields.debrief.rose", "debrief.rose_question"),
             ("thorn", "🌵", "debrief.thorn_placeholder", "fields.debrief.thorn", "debrief.thorn_question"),
             ("bud", "🌱", "debrief.bud_placeholder", "fields.debrief.bud", "debrief.bud_question"))

    def build(self) -> list[widgets.Widget]:
        columns = []
        for key, emoji, placeholder, label, question in self.PARTS:
            area = widgets.Textarea(placeholder=t(placeholder), layout=widgets.Layout(width="95%", height="90px"))
            head = widgets.HTML(f"<h3>{emoji} {html.escape(t(label))}</h3><p>{html.escape(t(question))}</p>")
            columns.append(widgets.VBox([head, self.field(key, area)], layout=widgets.Layout(width="33%")))
        presented = widgets.Checkbox(description=t("fields.debrief.presented"), indent=False)
        return [widgets.HBox(columns), self.field("presented", presented)]

    # the fields by name, as before: form.rose, form.thorn, form.bud, form.presented
    rose = property(lambda self: self.named["rose"])
    thorn = property(lambda self: self.named["thorn"])
    bud = property(lambda self: self.named["bud"])
    presented = property(lambda self: self.named["presented"])


def onepager(session: Session | None = None) -> OnePager:
    return OnePager(session)


def rose(session: Session | None = None) -> RoseForm:
    return RoseForm(session)
