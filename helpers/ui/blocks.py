"""Small pieces of HTML the self-study forms share: a heading or paragraph of plain words, and the
blocks of :mod:`helpers.strategy` (``Text``, ``Items``, ``Table``) drawn on a form. Every word is
escaped: what a participant typed is never markup."""
from __future__ import annotations

import html
import threading
from typing import Callable

import ipywidgets as widgets

from ..strategy import Items, Table, Text
from .base import on_main
from .lists import html_table

__all__ = ["blocks_html", "sure_button", "words"]


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


def sure_button(label: str, sure: str, act: Callable[[], None]) -> widgets.Button:
    """A button for what cannot be undone: the first click asks (``sure``, in red), the second does
    ``act()``; unanswered, the question goes away after 6 s."""
    button = widgets.Button(description=label, icon="trash", layout=widgets.Layout(width="auto"))
    timer: list = []

    def reset() -> None:
        button.description, button.button_style = label, ""

    def click(_b) -> None:
        for old in timer:
            old.cancel()
        timer.clear()
        if button.description != sure:
            button.description, button.button_style = sure, "danger"
            timer.append(threading.Timer(6.0, lambda: on_main(reset)))
            timer[0].daemon = True
            timer[0].start()
        else:
            reset()
            act()

    button.on_click(click)
    return button
