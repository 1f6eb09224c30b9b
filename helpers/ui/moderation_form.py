"""The trainer's moderation panel: a tick box for every group, check-in word and Rose card;
a ticked one is kept off the projector (see :mod:`helpers.moderation`). Nothing is deleted.

The panel only shows and reports: the dashboard keeps the :class:`~helpers.moderation.Moderation`,
saves it and redraws what the projector shows. The boxes are made again only when the items change.
"""
from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from .. import classroom, render
from ..i18n import t
from ..moderation import Moderation

_esc = render.text
#: at most this many words are offered (the most frequent), as in the word cloud
MAX_WORDS = 80


def _items(cls: classroom.Class, everything: classroom.Class) -> dict[str, list[tuple[str, str]]]:
    """Per kind, (item, label) pairs: every group of ``everything``; the words and cards of ``cls``
    (the class without its hidden groups) plus those already hidden."""
    names = everything.names()
    groups = [(slug, names[slug]) for slug, _ in everything.groups]
    words = [(w, f"{w} ({n})") for w, n in classroom.words(cls)[:MAX_WORDS]]
    cards = [(c.card, f"{c.group} · {classroom.rose_title(c.kind)}: {c.text[:80]}")
             for c in classroom.rose_cards(cls)]
    return {"groups": groups, "words": words, "cards": cards}


class ModerationPanel(widgets.VBox):
    """``on_change(kind, item, hidden)`` is called when the trainer ticks or clears a box."""

    def __init__(self, on_change: Callable[[str, str, bool], None], lang: str | None = None):
        self.lang = lang
        self.on_change = on_change
        self._keys: dict[str, tuple] = {}
        self._boxes: dict[str, dict[str, widgets.Checkbox]] = {}
        self._updating = False
        self.count = widgets.HTML()
        # groups and words side by side as far as the width goes; a card per line
        self.lists = {kind: widgets.Box(layout=widgets.Layout(
                          max_height="220px", overflow="auto", display="flex",
                          flex_flow="column" if kind == "cards" else "row wrap", grid_gap="0 18px"))
                      for kind in ("groups", "words", "cards")}
        for box in self.lists.values():
            box.add_class("wsm-moderation-list")
        parts = [self.count]
        for kind in ("groups", "words", "cards"):
            parts += [widgets.HTML(f"<h4 style='margin:10px 0 2px'>{_esc(t('moderation.' + kind, lang))}</h4>"),
                      self.lists[kind]]
        super().__init__(parts)
        self.add_class("wsm-moderation")

    def update(self, everything: classroom.Class, shown: classroom.Class, moderation: Moderation) -> None:
        """Show a box for every item (``shown``: the class without its hidden groups), ticked when hidden."""
        self._updating = True
        try:
            for kind, items in _items(shown, everything).items():
                hidden = getattr(moderation, kind)
                if kind == "words":  # a hidden word stays listed, so it can be shown again
                    known = {w for w, _ in items}
                    items = items + [(w, w) for w in sorted(hidden) if w not in known]
                # boxes are kept per item and relabelled in place ("koffie (4)" becomes "koffie (3)"):
                # a box the trainer is about to tick never disappears under the pointer
                old = self._boxes.get(kind, {})
                boxes = {}
                for item, label in items:
                    box = old.get(item)
                    if box is None:
                        box = widgets.Checkbox(value=item in hidden, description=label, indent=False,
                                               layout=widgets.Layout(width="auto"))
                        box.observe(lambda change, k=kind, i=item: self._changed(k, i, change["new"]), names="value")
                    elif box.description != label:
                        box.description = label
                    boxes[item] = box
                key = tuple(boxes)
                if self._keys.get(kind) != key:
                    self._keys[kind] = key
                    self.lists[kind].children = list(boxes.values()) or [
                        widgets.HTML(f"<em>{_esc(t('dashboard.none', self.lang))}</em>")]
                for item, box in old.items():
                    if item not in boxes:
                        box.close()
                self._boxes[kind] = boxes
                for item, box in self._boxes[kind].items():
                    box.value = item in hidden
            self.count.value = _esc(t("moderation.count", self.lang, count=len(moderation)))
        finally:
            self._updating = False

    def _changed(self, kind: str, item: str, hidden: bool) -> None:
        if not self._updating:
            self.on_change(kind, item, hidden)

    def box(self, kind: str, item: str) -> widgets.Checkbox | None:
        """The tick box of one item (for tests and for the dashboard's own use)."""
        return self._boxes.get(kind, {}).get(item)
