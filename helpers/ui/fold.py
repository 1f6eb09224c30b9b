"""A folded part of a form: what a group fills in only when it has time left.

A step asks first what the workshop needs (seed 003's minimum); the rest of the step sits in a
fold, an ``Accordion`` with one section that is closed until the participant clicks its title.
Fields inside a fold are bound and saved like any other: folding only hides them.
"""
from __future__ import annotations

from typing import Iterable

import ipywidgets as widgets

__all__ = ["fold", "is_open"]


def fold(title: str, children: Iterable[widgets.Widget], *, open: bool = False) -> widgets.Accordion:
    """``children`` under one clickable ``title``, closed unless ``open``. The widgets are kept in
    ``fold.body`` (a ``VBox``) so a form can change them later (``fold.body.children = ...``)."""
    body = widgets.VBox(list(children))
    box = widgets.Accordion([body])
    box.set_title(0, title)
    box.selected_index = 0 if open else None
    box.add_class("workshop-fold")
    box.body = body
    return box


def is_open(box: widgets.Accordion) -> bool:
    """Whether the participant has opened the fold."""
    return box.selected_index is not None
