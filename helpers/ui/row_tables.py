"""The tables of the starting situation and the competitors (parts 1 and 2 of the whole strategy):
rows of bound fields under a line of column names, numbers shown and read as the reader writes them,
a platform typed or chosen ("Insta" is stored as ``instagram``)."""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import channels, render
from ..i18n import current_language, t
from ..labels import platform as platform_name
from .base import Session, number_to_doc
from .lists import Column, RowList

__all__ = ["intro", "box", "shown", "platform_column", "number_column", "text_column", "figure_columns", "table"]

#: the labels of posts a week and engagement, in the accounts' table and the competitors'
_FIGURE_LABELS = {
    "accounts": ("fields.deep_dives.accounts.posts_per_week", "fields.deep_dives.accounts.engagement_rate"),
    "rivals": ("fields.deep_dives.rivals.posts_per_week", "fields.deep_dives.rivals.engagement_rate")}


def intro(heading: str, text: str = "") -> widgets.HTML:
    return widgets.HTML(f"<h3>{html.escape(heading)}</h3>" + (f"<p>{html.escape(text)}</p>" if text else ""))


def box(make, width: str, placeholder: str = ""):
    """A maker of a widget of ``width`` with ``placeholder`` (a column's ``make``)."""
    return lambda: make(placeholder=placeholder, layout=widgets.Layout(width=width))


def shown(digits: int):
    """A stored number as the reader writes it ("1.200", "2,5"); none: empty."""
    return lambda v: "" if v is None else render.number(v, current_language(), digits)


def platform_column() -> tuple:
    """The platform: chosen from the known ones or typed; stored as its key where there is one."""
    options = [platform_name(p) for p in channels.known_platforms()]
    make = lambda: widgets.Combobox(options=options, ensure_option=False, layout=widgets.Layout(width="130px"),
                                    placeholder=t("situation.accounts.platform_placeholder"))
    return (Column("platform", make, to_doc=lambda v: channels.platform_key(v) or v.strip(), from_doc=platform_name),
            "fields.platform", "130px")


def number_column(name: str, label: str, placeholder: str, digits: int, width: str = "95px") -> tuple:
    return Column(name, box(widgets.Text, width, placeholder), number_to_doc, shown(digits)), label, width


def text_column(name: str, label: str, placeholder: str, width: str = "140px") -> tuple:
    return Column(name, box(widgets.Text, width, placeholder)), label, width


def figure_columns(kind: str) -> list[tuple]:
    """Followers, posts a week and engagement (%): the figures the own accounts and the competitors share."""
    posts, engagement = _FIGURE_LABELS[kind]
    return [number_column("followers", "fields.followers", t("situation.accounts.followers_placeholder"), 0),
            number_column("posts_per_week", posts, t("situation.accounts.posts_placeholder"), 1),
            number_column("engagement_rate", engagement, t("situation.accounts.engagement_placeholder"), 2)]


def table(session: Session, path: tuple, spec: list[tuple], add: str, new_row: dict, max_rows: int = 30) -> RowList:
    """A :class:`RowList` of ``spec`` ((column, label key, width) each) under a line of column names."""
    rows = RowList(session, path, [c for c, _l, _w in spec], new_row=lambda: dict(new_row), add_label=add, max_rows=max_rows)
    head = widgets.HBox([widgets.HTML(f"<b>{html.escape(t(label))}</b>", layout=widgets.Layout(width=w, margin="0 2px"))
                         for _c, label, w in spec])
    rows.children = (head, *rows.children)
    return rows
