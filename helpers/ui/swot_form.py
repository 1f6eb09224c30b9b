"""Part 3: a SWOT per channel (``deep_dives.swot_channels``), all channels side by side, and the
organisation-wide SWOT (``deep_dives.swot``). The logic is :mod:`helpers.strategy.swot`."""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import labels, model
from ..i18n import t
from ..strategy import Text, swot as logic
from .base import Session, close_tree, join_lines, safe, show_chart, show_message, split_sentences
from .blocks import blocks_html, sure_button, words
from .step import StepForm

ORGANISATION = ("deep_dives", "swot")


class SwotForm(StepForm):
    """A card of four lists per channel, an add field for another channel, the overview table and
    its chart, and the organisation's own SWOT."""

    name = "swot"
    section = ("deep_dives", "swot_channels")

    def build(self) -> list[widgets.Widget]:
        self.cards: dict[str, widgets.VBox] = {}
        self.channel_box, self.overview, self.chart, self.empty = (widgets.VBox(), widgets.HTML(), widgets.Output(),
                                                                   words(t("swot.no_channels")))
        self.new_channel = widgets.Text(placeholder=t("swot.add_placeholder"), layout=widgets.Layout(width="220px"))
        self.add = widgets.Button(description=t("swot.add_channel"), icon="plus")
        self.add.on_click(self._add)
        organisation = self._grid(ORGANISATION, "organisation")
        self.follow(self.session.doc)
        return [words(t("swot.heading_channels"), "h3"), words(t("swot.intro")), self.empty, self.channel_box,
                words(t("swot.add_help")), widgets.HBox([self.new_channel, self.add]), self.message,
                words(t("swot.overview.heading"), "h3"), self.overview, self.chart,
                words(t("swot.organisation.heading"), "h3"), words(t("swot.organisation.intro")), organisation]

    def _grid(self, base: tuple, prefix: str) -> widgets.GridBox:
        """The four lists of one SWOT, two by two: inside on top, outside below."""
        cells = []
        for part in logic.PARTS:
            area = widgets.Textarea(placeholder=logic.prompt(part), layout=widgets.Layout(width="95%", height="90px"))
            head = widgets.HTML(f"<b>{html.escape(logic.part_label(part))}</b><br>"
                                f"<small>{html.escape(logic.question(part))}</small>")
            cells.append(widgets.VBox([head, self.field(f"{prefix}.{part}", area, (*base, part),
                                                        to_doc=split_sentences, from_doc=join_lines)]))
            area.observe(lambda _c: self.show(), names="value")  # after the binding: the document has it
        return widgets.GridBox(cells, layout=widgets.Layout(grid_template_columns="1fr 1fr", grid_gap="6px 18px"))

    def follow(self, doc) -> None:
        """Cards for channels chosen or added meanwhile (a card being typed in stays), then the overview."""
        names = logic.channels(doc)
        for code in [c for c in names if c not in self.cards]:
            drop = sure_button(t("swot.remove_channel"), t("swot.remove_sure"), lambda code=code: self._remove(code))
            self.cards[code] = widgets.VBox([widgets.HBox([words(labels.platform(code), "h4"), drop]),
                                             self._grid((*self.section, code), code)])
        for code in names:  # a channel chosen in step 3 stays (it is removed there); one added here can go
            self.cards[code].children[0].children[1].layout.display = "none" if code in doc.channels.chosen else None
        if (children := tuple(self.cards[c] for c in names)) != self.channel_box.children:
            self.channel_box.children = children
        self.empty.layout.display = "none" if children else None
        self.show()

    @safe
    def show(self) -> None:
        table = logic.overview(self.session.doc)
        self.overview.value = blocks_html([table] if table else [Text("", t("swot.overview.empty"))])
        counts = logic.chart_rows(self.session.doc)
        if counts != getattr(self, "_drawn", None):  # a new chart only when a count changed
            self._drawn = counts
            show_chart(self.chart, logic.chart(self.session.doc))

    @safe
    def _remove(self, code: str) -> None:  # a channel the group added leaves, with its four lists
        show_message(self.message, problem := self.session.change((*self.section, code), model.DELETE))
        if problem is None and code in self.cards:
            close_tree(self.cards.pop(code))
            self.follow(self.session.doc)

    @safe
    def _add(self, *_) -> None:
        code, known = logic.channel_key(self.new_channel.value), self.session.doc.deep_dives.swot_channels
        if code is None:
            return show_message(self.message, t("swot.channel_missing"))
        if code not in known and len(known) >= logic.MAX_CHANNELS:
            return show_message(self.message, t("swot.channels_full", max=logic.MAX_CHANNELS))
        path = (*self.section, code, "strengths")
        show_message(self.message, problem := self.session.change(path, self.session.get_value(path) or []))
        if problem is None:
            self.new_channel.value = ""
            self.follow(self.session.doc)


def swot(session: Session | None = None) -> SwotForm:
    """The SWOT per channel and of the organisation: ``ui.swot()``."""
    return SwotForm(session)
