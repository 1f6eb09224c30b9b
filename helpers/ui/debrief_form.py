"""Debrief: the group's one-pager for the presentation, and the Rose reflection."""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import export, onepager as onepager_page
from ..i18n import t
from .base import Session, bind, message_label, need_group, safe, saved_indicator, show_message


class OnePager(widgets.VBox):
    """The five points on one page, as the exported file shows them, plus its downloads."""

    def __init__(self, session: Session | None = None):
        self.session = session or Session.get()
        if not self.session.ready:
            super().__init__([need_group()])
            return
        self.refresh_button = widgets.Button(description=t("debrief.refresh"), icon="refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.page = widgets.HTML()
        self.page.add_class("workshop-onepager")
        self.downloads = widgets.HTML()
        self.message = message_label()
        super().__init__([self.refresh_button, self.message, self.page, self.downloads])
        self.refresh()

    def show_problem(self, text: str) -> None:
        show_message(self.message, text)

    @safe
    def refresh(self) -> None:
        doc = self.session.reload()
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


class RoseForm(widgets.VBox):
    """Rose (highlight), thorn (challenge) and bud (new idea), saved with the document."""

    def __init__(self, session: Session | None = None):
        self.session = session or Session.get()
        if not self.session.ready:
            super().__init__([need_group()])
            return
        def area(key: str) -> widgets.Textarea:
            return widgets.Textarea(placeholder=t(f"debrief.{key}_placeholder"),
                                    layout=widgets.Layout(width="95%", height="90px"))
        self.rose = area("rose")
        self.thorn = area("thorn")
        self.bud = area("bud")
        self.presented = widgets.Checkbox(description=t("fields.debrief.presented"), indent=False)
        columns = []
        for key, emoji, w in (("rose", "🌹", self.rose), ("thorn", "🌵", self.thorn), ("bud", "🌱", self.bud)):
            head = widgets.HTML(f"<h3>{emoji} {html.escape(t(f'fields.debrief.{key}'))}</h3>"
                                f"<p>{html.escape(t(f'debrief.{key}_question'))}</p>")
            columns.append(widgets.VBox([head, bind(w, ("debrief", key), self.session)],
                                        layout=widgets.Layout(width="33%")))
        super().__init__([widgets.HBox(columns), bind(self.presented, ("debrief", "presented"), self.session),
                          saved_indicator(self.session)])


def onepager(session: Session | None = None) -> OnePager:
    return OnePager(session)


def rose(session: Session | None = None) -> RoseForm:
    return RoseForm(session)
