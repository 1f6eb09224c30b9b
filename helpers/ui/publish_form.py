"""Part 8, publishing: the content calendar as bulk-upload files for Hootsuite and Buffer, one file
per tool and channel, the posts a tool would refuse said in words (:mod:`helpers.strategy.distribution`)."""
from __future__ import annotations

import datetime as dt
import html

import ipywidgets as widgets

from .. import export, labels
from ..i18n import current_language, t
from ..model import slug
from ..strategy import distribution as logic
from .base import Session, safe, show_message
from .step import StepForm


def paragraph(key: str) -> widgets.HTML:
    return widgets.HTML(f"<p>{html.escape(t(key))}</p>")


class PublishForm(StepForm):
    """Download links for the calendar in the bulk layouts of Hootsuite and Buffer, a file per
    channel; the posts a tool would refuse are said in words instead."""

    name = "publish"
    section = ("calendar",)
    shows_saved = False

    def build(self) -> list[widgets.Widget]:
        self.prepare = widgets.Button(description=t("distribution.prepare"), icon="download", button_style="primary")
        self.prepare.on_click(lambda _b: self.make())
        self.files, self._made_from = widgets.HTML(), None
        return [paragraph("distribution.publish_intro"), paragraph("distribution.hootsuite_hint"), paragraph("distribution.buffer_hint"),
                self.prepare, self.message, self.files]

    def follow(self, doc) -> None:
        if self._made_from is not None and self._made_from != doc.calendar.model_dump(mode="json"):
            self._made_from, self.files.value = None, html.escape(t("distribution.changed"))

    @safe
    def make(self, now: dt.datetime | None = None) -> None:
        doc, lang, now = self.session.reload(), current_language(), now or dt.datetime.now()
        show_message(self.message, None if doc.calendar.entries else t("distribution.no_calendar"))
        parts = []
        for tool in logic.TOOLS:
            for channel in logic.channels(doc):
                data, count = logic.bulk_file(doc, tool, channel, now)
                shown = labels.platform(channel, lang) or t("distribution.no_channel")
                words = dict(tool=logic.tool_label(tool, lang), channel=shown, count=count)
                parts.append(export.download_link(data, f"{tool}-{slug(doc.group)}-{slug(shown)}.csv", "text/csv",
                                                  t("distribution.download", **words)) if count
                             else html.escape(t("distribution.nothing_to_upload", **words)))
            left = logic.problem_sentences(doc.calendar.entries, tool, now, lang)
            if left:
                parts.append(f"<b>{html.escape(t('distribution.left_out_heading', tool=logic.tool_label(tool, lang)))}"
                             "</b><ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in left) + "</ul>")
        self.files.value = "<br>".join(parts)
        self._made_from = doc.calendar.model_dump(mode="json")


def publish(session: Session | None = None) -> PublishForm:
    """Download links for the calendar in Hootsuite's and Buffer's bulk layouts."""
    return PublishForm(session)
