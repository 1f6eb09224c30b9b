"""A list of rows in the document (team members, tasks, goals...) edited as rows of widgets."""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable

import ipywidgets as widgets

from ..i18n import t
from .base import Session, bind, message_label, safe, show_message


@dataclass
class Column:
    """One field of a row: its name in the document, how to build its widget, and conversions."""

    name: str
    make: Callable[[], widgets.ValueWidget]
    to_doc: Callable[[Any], Any] = lambda v: v
    from_doc: Callable[[Any], Any] = lambda v: v
    check: Callable[[Any], str | None] | None = None


class RowList(widgets.VBox):
    """Rows of ``path`` (a list in the document), each a line of bound widgets with a remove
    button, and an add button underneath. Rows are addressed by their stable id, so an edit can
    never land on another row, whatever another laptop adds or removes meanwhile; rows added or
    removed elsewhere appear and disappear here without disturbing the row being typed in."""

    def __init__(self, session: Session, path: tuple, columns: list[Column], new_row: Callable[[], dict],
                 add_label: str, max_rows: int = 50, on_change: Callable[[], None] | None = None):
        self.session, self.path, self.columns = session, tuple(path), columns
        self.new_row, self.max_rows, self._on_change = new_row, max_rows, on_change
        self.rows_box = widgets.VBox()
        self.rows: dict[str, widgets.HBox] = {}  # row id -> the row (its ``cells`` by column, its ``remove``)
        self.add_button = widgets.Button(description=add_label, icon="plus")
        self.add_button.add_class("workshop-add")
        self.add_button.on_click(self._add)
        self.message = message_label()
        super().__init__([self.rows_box, self.add_button, self.message])
        self.rebuild()
        session.on_change(self._follow)

    def show_problem(self, text: str) -> None:
        show_message(self.message, text)

    def ids(self) -> list[str]:
        return self.session.row_ids(self.path)

    def rebuild(self, force: bool = False) -> bool:
        """Match the rows shown to the document's; ``True`` when rows came or went."""
        ids = self.ids()
        if force:
            self.rows = {}
        changed = set(ids) != set(self.rows)
        for rid in ids:
            if rid not in self.rows:
                self.rows[rid] = self._make_row(rid)
        for rid in [r for r in self.rows if r not in ids]:
            del self.rows[rid]
        children = tuple(self.rows[r] for r in ids)
        if children != self.rows_box.children:
            self.rows_box.children = children
        self.add_button.disabled = len(ids) >= self.max_rows
        return changed

    def cell(self, rid: str, name: str) -> widgets.ValueWidget:
        """The widget of column ``name`` in row ``rid``."""
        return self.rows[rid].cells[name]

    @property
    def remove_buttons(self) -> dict[str, widgets.Button]:
        """Row id -> the row's remove button."""
        return {rid: row.remove for rid, row in self.rows.items()}

    def _make_row(self, rid: str) -> widgets.HBox:
        widgets_of = {col.name: col.make() for col in self.columns}
        cells = [bind(widgets_of[col.name], self.path + (rid, col.name), self.session, to_doc=col.to_doc,
                      from_doc=col.from_doc, check=col.check) for col in self.columns]
        remove = widgets.Button(icon="trash", tooltip=t("lists.remove"), description=t("lists.remove"),
                                layout=widgets.Layout(width="auto"))
        remove.add_class("workshop-remove")
        remove.on_click(lambda _b, rid=rid: self._remove(rid))
        row = widgets.HBox([*cells, remove])
        row.add_class("workshop-row")
        row.cells, row.remove = widgets_of, remove
        return row

    @safe
    def _follow(self, _doc) -> None:
        if self.rebuild() and self._on_change:
            self._on_change()

    @safe
    def _add(self, *_):
        if len(self.ids()) >= self.max_rows:
            show_message(self.message, t("lists.full", max=self.max_rows))
            return
        _rid, problem = self.session.insert(self.path, self.new_row())
        show_message(self.message, problem)
        self.rebuild()
        if self._on_change:
            self._on_change()

    @safe
    def _remove(self, rid: str):
        show_message(self.message, self.session.remove(self.path, rid))
        self.rebuild()
        if self._on_change:
            self._on_change()


def text(placeholder: str = "", width: str = "200px") -> Callable[[], widgets.Text]:
    return lambda: widgets.Text(placeholder=placeholder, layout=widgets.Layout(width=width))


def html_table(headers: list[str], rows: list[list[Any]], css_class: str = "workshop-table") -> str:
    """A plain HTML table; every cell is escaped (participants' text is never markup)."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if c is None else str(c))}</td>" for c in r) + "</tr>"
                   for r in rows)
    return f"<table class='{css_class}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def match_cards(cards: dict[str, Any], ids: list[str], make: Callable[[str, int], Any], box: widgets.Box) -> None:
    """Cards (a goal, an A/B test) for the rows ``ids`` of a list, in the document's order, by id:
    a new row gets a card (``make(row_id, number)``), every card its number (``card.number(n)``), a
    removed row's card goes; a card being typed in stays the same widget."""
    for n, rid in enumerate(ids, start=1):
        if rid not in cards:
            cards[rid] = make(rid, n)
        cards[rid].number(n)
    for rid in [r for r in cards if r not in ids]:
        del cards[rid]
    children = tuple(cards[r] for r in ids)
    if children != box.children:
        box.children = children

