"""A date field people type in: "1-7-2027", "1 juli", "July 1, 2027".

It replaces ipywidgets' DatePicker, which in Chromium shows mm/dd/yyyy whatever the language (a
Dutch "01-07-2027" silently became 7 January) and says nothing of a date in the past.
"""
from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.trait_types import Date
import traitlets

from .. import dates
from ..i18n import t
from .base import message_label, safe, show_message

__all__ = ["DateField"]


class DateField(widgets.VBox):
    """A text box for a date, with ``value`` a ``datetime.date`` (or ``None`` when empty), so that
    :func:`~helpers.ui.base.bind` saves and shows it as it did a DatePicker.

    The text is read (:func:`helpers.dates.parse_date`) only when the participant leaves the box or
    presses Enter (``continuous_update=False``): nothing is read or written back while they type,
    so no character is ever lost. Beside the box it says how it read the date ("= donderdag 1 juli
    2027") and then writes the date out in the box ("1 juli 2027"); below it, in the participant's
    language, what is wrong with a text that is no date (``value`` and what was saved stay as they
    were) and a warning for a date in the past (saved all the same)."""

    value = Date(None, allow_none=True)
    disabled = traitlets.Bool(False)
    #: an empty date in the document empties the field (``bind`` shows ``None``, as for a DatePicker)
    shows_none = True

    def __init__(self, description: str = "", value: dt.date | None = None, width: str = "150px",
                 read_width: str | None = None, lang: str | None = None, today: dt.date | None = None,
                 **text_options: Any):
        self.lang, self.today = lang, today
        self._reading = False   # the value is being set from the text typed
        self._writing = False   # the text is being set from the value
        self.text = widgets.Text(description=description, placeholder=t("dates.placeholder", lang),
                                 continuous_update=False, layout=widgets.Layout(width=width), **text_options)
        # (``read_width``: the same room in every row of a list, so the columns after it line up)
        self.read_as = widgets.HTML(layout=widgets.Layout(margin="0 12px 0 6px", width=read_width))
        self.read_as.add_class("workshop-date-read")
        #: the field's problem line; ``bind`` shows its own messages (a save refused) here too
        self.message_line = message_label()
        self._message_line = self.message_line  # (what base.message_of reads, bound or not)
        # on a narrow screen the reading goes under the box rather than one word a line beside it
        line = widgets.HBox([self.text, self.read_as], layout=widgets.Layout(flex_flow="row wrap",
                                                                             align_items="center"))
        super().__init__([line, self.message_line])
        self.add_class("workshop-date")
        self.text.observe(self._typed, names="value")
        if value is not None:
            self.value = value

    def show_problem(self, text: str | None) -> None:
        """(For :func:`~helpers.ui.base.safe`: an unexpected failure is said in the field's line.)"""
        show_message(self.message_line, text)

    # -- what the participant typed ----------------------------------------------------------------
    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    @safe
    def _typed(self, change) -> None:
        if self._writing:
            return
        try:
            d = dates.parse_date(change["new"], self.lang, self._today())
        except dates.DateProblem as err:
            self.read_as.value = ""
            kept = f" {t('dates.kept', self.lang, date=dates.show_date(self.value, self.lang))}" if self.value else ""
            show_message(self.message_line, err.message + kept)
            return
        self._show(d)
        if d != self.value:
            self._reading = True
            try:
                self.value = d      # bind saves it (and may put a problem of its own in the line)
            finally:
                self._reading = False
        self._write(d)              # the box has been left: the date written out, unambiguous

    # -- a value from elsewhere (the document, another laptop, the form) ------------------------------
    @traitlets.observe("value")
    def _value_changed(self, change) -> None:
        if self._reading:
            return
        self._show(change["new"])
        self._write(change["new"])

    @traitlets.observe("disabled")
    def _disabled_changed(self, change) -> None:
        self.text.disabled = change["new"]

    def _show(self, d: dt.date | None) -> None:
        """How the date was read, and the warning for a date in the past (or no message)."""
        said = "" if d is None else t("dates.read_as", self.lang, date=dates.show_day(d, self.lang))
        self.read_as.value = f'<span style="white-space:nowrap">{html.escape(said)}</span>' if said else ""
        show_message(self.message_line, self.soft_check(d))

    def _write(self, d: dt.date | None) -> None:
        written = "" if d is None else dates.show_date(d, self.lang)
        if self.text.value != written:
            self._writing = True
            try:
                self.text.value = written
            finally:
                self._writing = False

    def soft_check(self, value: Any) -> str | None:
        """The warning for a date in the past (a ``date`` or a stored ISO text), or ``None``: the
        check :func:`~helpers.ui.base.bind` applies after a save when it is given no other."""
        if isinstance(value, str) and value:
            value = dt.date.fromisoformat(value)
        if isinstance(value, dt.date) and dates.in_the_past(value, self._today()):
            return t("dates.in_the_past", self.lang)
        return None
