"""Small pieces of HTML the self-study forms share: a heading or paragraph of plain words, and the
blocks of :mod:`helpers.strategy` (``Text``, ``Items``, ``Table``) drawn on a form. Every word is
escaped: what a participant typed is never markup."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..strategy import Items, Table, Text
from .lists import html_table

__all__ = ["blocks_html", "words"]


def words(text: str, tag: str = "p") -> widgets.HTML:
    """``text`` as a paragraph (or a heading: ``tag="h3"``)."""
    return widgets.HTML(f"<{tag}>{html.escape(text)}</{tag}>")


def blocks_html(blocks) -> str:
    """Blocks of a part's logic as HTML; the line breaks inside a text or a table cell are kept."""
    out = []
    for block in blocks:
        label = html.escape(block.label)
        if isinstance(block, Items):
            out.append(f"<p><b>{label}</b></p><ul>{''.join(f'<li>{html.escape(i)}</li>' for i in block.items)}</ul>")
        elif isinstance(block, Table):
            out.append(f"<div style='white-space:pre-line'>{html_table(list(block.head), block.rows)}</div>")
        elif isinstance(block, Text):
            head = f"<b>{label}:</b> " if label else ""
            out.append(f"<p style='white-space:pre-line'>{head}{html.escape(block.text)}</p>")
    return "".join(out)
