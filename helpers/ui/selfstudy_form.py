"""The self-study start page (lesson page 07): where the learner stands across the workshop's steps
and the parts after it (done, started, not yet), how long each takes, and what to do next. It
follows the document, so it is right days later and after another laptop's work."""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import labels, model
from ..i18n import current_language, t
from ..strategy import status
from .base import on_main
from .step import StepForm

__all__ = ["SelfStudyForm", "selfstudy"]

_part = labels.kind("selfstudy_part", "app.part.{}", model.PARTS)
_state = labels.kind("selfstudy_state", "selfstudy.state.{}", ("done", "busy", "todo"))
_MARK = {"done": "✓", "busy": "…", "todo": "○", "": ""}


class SelfStudyForm(StepForm):
    name = "selfstudy"
    shows_saved = False

    def build(self) -> list[widgets.Widget]:
        self.next = widgets.HTML()
        self.next.add_class("workshop-selfstudy-next")
        self.table = widgets.HTML()
        self.table.add_class("workshop-selfstudy")
        return [self.next, self.table]

    def begin(self) -> None:
        self.redraw()
        self.session.on_saved(lambda doc: on_main(self.redraw))

    def follow(self, doc) -> None:
        self.redraw()

    def redraw(self) -> None:
        L = current_language()
        doc = self.session.doc
        parts = status.overview(doc)
        after = status.next_part(doc)
        self.next.value = (f"<p><b>{html.escape(t('selfstudy.next', L, part=_part(after, L)))}</b></p>" if after
                           else f"<p><b>{html.escape(t('selfstudy.all_done', L))}</b></p>")
        rows = []
        for item in parts:
            group = t("selfstudy.workshop" if item.part in model.STEPS else "selfstudy.after", L)
            state = f"{_MARK[item.state]} {_state(item.state, L)}" if item.state else ""
            time = t("selfstudy.minutes", L, count=item.minutes) if item.minutes else ""
            mark = " class='workshop-selfstudy-now'" if item.part == after else ""
            rows.append(f"<tr{mark}><td>{html.escape(group)}</td><td>{html.escape(_part(item.part, L))}</td>"
                        f"<td class='nowrap'>{html.escape(state)}</td><td class='nowrap'>{html.escape(time)}</td></tr>")
        head = "".join(f"<th>{html.escape(t(key, L))}</th>" for key in
                       ("selfstudy.col.when", "selfstudy.col.part", "selfstudy.col.state", "selfstudy.col.time"))
        self.table.value = (f"<div class='workshop-table-wrap'><table class='workshop-table'><thead><tr>{head}</tr>"
                            f"</thead><tbody>{''.join(rows)}</tbody></table></div>")


def selfstudy(session=None) -> SelfStudyForm:
    """Where the learner stands, how long each part takes, what to do next."""
    return SelfStudyForm(session)
