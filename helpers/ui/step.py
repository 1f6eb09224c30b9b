"""The base of every step's form: what a step form needs besides its own fields.

A step form subclasses :class:`StepForm`, names its part of the document (``section``) and returns
its widgets from :meth:`StepForm.build`, binding each field with :meth:`StepForm.field`. The base
gives it the rest: the "no group yet" guard, the problem line and the saved indicator under the
fields, following what other laptops save (:meth:`StepForm.follow`), widgets found by name
(``form["sentence"]``), the step's answers as ``form.value``, and one live form per step in a
kernel: running the cell again closes the old form, and its listeners go with it.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .. import model
from .base import Session, bind, message_label, need_group, safe, saved_indicator, show_message, stylesheet, time_box

__all__ = ["StepForm"]


class StepForm(widgets.VBox):
    """A step's form over the live document (see the module's docstring)."""

    name: str = ""                      # the step, as in the class names the page's style and tests use
    section: tuple = ()                 # the document path of the step's answers
    shows_saved: bool = True            # a view that saves nothing has no saved indicator
    block: str | None = None            # the part of the agenda whose time box heads the form (default: name)

    def __init__(self, session: Session | None = None):
        self.session = session or Session.get()
        self.named: dict[str, widgets.Widget] = {}
        head = [stylesheet(), *([time_box(self.block or self.name)] if (self.block or self.name) in model.STEPS else [])]
        if not self.session.ready:
            super().__init__([*head, need_group()])
            return
        self.message = message_label()
        self.saved = saved_indicator(self.session) if self.shows_saved else None
        children = self.build()
        if self.message not in children:  # a form may place its problem line itself
            children.append(self.message)
        super().__init__([*head, *children, *([self.saved] if self.saved is not None else [])])
        self.add_class("workshop-step")
        self.add_class(f"workshop-step-{self.name}")
        self.session.adopt(self)
        self.session.on_change(self._follow)
        self.begin()

    # -- what a step form writes --------------------------------------------------------------------
    def build(self) -> list[widgets.Widget]:
        """The form's widgets, top to bottom. The problem line (``self.message``) comes after them
        unless the list places it, and the saved indicator comes last."""
        raise NotImplementedError

    def begin(self) -> None:
        """Called once the form is laid out (a first drawing of charts and tables)."""

    def follow(self, doc: model.Strategy) -> None:
        """Another kernel's or laptop's change came in (the bound fields show it already)."""

    # -- what the base gives ------------------------------------------------------------------------
    def field(self, name: str, widget: widgets.ValueWidget, path: Any = None, **options) -> widgets.VBox:
        """Bind ``widget`` to ``path`` (default: ``name`` in the step's section), with its message
        line; the widget is found again as ``form[name]``."""
        self.named[name] = widget
        return bind(widget, path if path is not None else (*self.section, name), self.session, **options)

    def __getitem__(self, name: str) -> widgets.Widget:
        return self.named[name]

    @property
    def value(self) -> Any:
        """The step's answers as the document holds them now (codes, not labels)."""
        return self.session.get_value(self.section) if self.section else None

    def show_problem(self, text: str | None) -> None:
        show_message(self.message, text)

    @safe
    def _follow(self, doc: model.Strategy) -> None:
        self.follow(doc)
