"""Part 4: key messages per audience (``deep_dives.messages``) from the workshop's starting point, and
the tactic questions (``deep_dives.tactics``). The logic is :mod:`helpers.strategy.tactics`."""
from __future__ import annotations

import ipywidgets as widgets

from .. import labels
from ..i18n import t
from ..strategy import tactics as logic
from .audience_form import CheckGroup
from .base import Session, join_lines, number_from_doc, number_to_doc, safe, show_chart, split_sentences
from .blocks import blocks_html, words
from .lists import Column, RowList, text
from .step import StepForm


class MessagesForm(StepForm):
    """The workshop's audience, key messages and tone as a start, then a key message per audience."""

    name = "messages"
    section = ("deep_dives", "messages")

    def build(self) -> list[widgets.Widget]:
        self.start = widgets.HTML()
        self.rows = RowList(self.session, self.section, [
            Column("audience", text(logic.placeholder("audience"), "200px")),
            Column("message", text(logic.placeholder("message"), "460px"))],
            new_row=lambda: {"audience": "", "message": ""}, add_label=t("tactics.add_message"), max_rows=30)
        self.follow(self.session.doc)
        return [words(t("tactics.start.heading"), "h4"), self.start, words(t("tactics.messages_heading"), "h3"),
                words(t("tactics.messages_intro")), self.rows]

    def follow(self, doc) -> None:
        self.start.value = blocks_html(logic.starting_point(doc) or [logic.Text("", t("tactics.start.empty"))])


class TacticsForm(StepForm):
    """Paid or organic per chosen channel, influencers, user content, inspiration, the share of own
    content (with its chart), segmentation and when the team answers."""

    name = "tactics"
    section = ("deep_dives", "tactics")

    def build(self) -> list[widgets.Widget]:
        self.paid, self.chart, self.none = widgets.VBox(), widgets.Output(), words(t("tactics.no_channels"))
        ugc = CheckGroup([(logic.ugc_label(u), u) for u in logic.UGC_TYPES], columns=3)
        share = widgets.Text(placeholder=logic.placeholder("share"), layout=widgets.Layout(width="120px"))
        parts = {"paid": [self.paid],
                 "influencers": [self._area("influencers", True), words(f"💡 {t('tactics.influence_not_reach')}"),
                                 self._area("influence_note")],
                 "ugc": [widgets.HTML(blocks_html([logic.ugc_explained()])),
                         self.field("ugc", ugc, to_doc=list, from_doc=tuple), self._area("ugc_note")],
                 "inspiration": [self._area("inspiration", True)],
                 "share": [self.field("own_share", share, to_doc=number_to_doc, from_doc=number_from_doc), self.chart],
                 "segmentation": [self._area("segmentation")],
                 "answer_hours": [self.field("answer_hours", widgets.Text(
                     placeholder=logic.placeholder("answer_hours"), layout=widgets.Layout(width="60%")))]}
        share.observe(lambda _c: self.show(), names="value")  # after its binding: the document has it
        self.boxes: dict[str, widgets.VBox] = {}  # a choice per channel, kept while the channel is chosen
        self.follow(self.session.doc)
        return [w for topic, fields in parts.items()
                for w in (words(logic.heading(topic), "h4"), words(logic.question(topic)), *fields)]

    def _area(self, name: str, lines: bool = False) -> widgets.VBox:
        area = widgets.Textarea(placeholder=logic.placeholder(name), layout=widgets.Layout(width="95%", height="80px"))
        return self.field(name, area, **({"to_doc": split_sentences, "from_doc": join_lines} if lines else {}))

    def follow(self, doc) -> None:
        """A choice per channel chosen in step 3 (a channel chosen elsewhere meanwhile appears too)."""
        for code in [c for c in doc.channels.chosen if c not in self.boxes]:
            choice = widgets.Dropdown(options=[("", ""), *((logic.mix_label(m), m) for m in logic.MIXES)],
                                      description=labels.platform(code), style={"description_width": "140px"})
            self.boxes[code] = self.field(f"paid.{code}", choice, (*self.section, "paid", code))
        if (children := tuple(self.boxes[c] for c in doc.channels.chosen) or (self.none,)) != self.paid.children:
            self.paid.children = children
        self.show()

    @safe
    def show(self) -> None:
        show_chart(self.chart, logic.chart(self.session.doc))


def messages(session: Session | None = None) -> MessagesForm:  # ui.messages()
    return MessagesForm(session)


def tactics(session: Session | None = None) -> TacticsForm:  # ui.tactics()
    return TacticsForm(session)
