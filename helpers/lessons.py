"""The lesson pages as the app shows them: the same notebooks the workshop uses, never a second copy.

A part (``model.PARTS``: check-in, the five steps, the debrief, then the self-study parts) is the
notebook ``notebooks/<lang>/NN-*.ipynb`` numbered by its place in ``PARTS``. :func:`cells` reads it as the
app lays it out: each markdown cell as HTML (Markdown by ``markdown-it-py``, raw HTML escaped), each
code cell as the names of the ``ui`` forms it calls. The page's line that links to the next notebook
is left out: the app has its own Next button.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import json
from pathlib import Path
import re

from markdown_it import MarkdownIt

from .model import PARTS

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
#: ``ui.<form>()`` in a page's code cell (the only code a lesson page holds; see tests/test_notebooks.py).
_CALL = re.compile(r"^ui\.([a-z_]+)\(\)$")
#: The page's closing line that links to the next notebook ("**Volgende:** [Stap 1 · ...](01-....ipynb)").
_NEXT_LINE = re.compile(r"^\*\*[^*\n]+\*\*\s*\[[^\]\n]+\]\([^)\s]+\)\s*$", re.M)
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


@dataclass(frozen=True)
class Cell:
    """One cell of a lesson page: text (``html``) or the forms it shows (``forms``)."""

    html: str = ""
    forms: tuple[str, ...] = ()


def page(part: str, lang: str) -> Path | None:
    """The notebook of ``part`` in ``lang`` (``None`` when there is none)."""
    if part not in PARTS:
        return None
    found = sorted((NOTEBOOKS / lang).glob(f"{PARTS.index(part):02d}-*.ipynb"))
    return found[0] if found else None


def cells(part: str, lang: str) -> list[Cell]:
    """The cells of ``part``'s page in ``lang``, read again when the page changed on disk."""
    path = page(part, lang)
    if path is None:
        return []
    return list(_read(path, path.stat().st_mtime_ns))


def title(part: str, lang: str) -> str:
    """The page's title: the text of its first heading (``""`` without a page)."""
    path = page(part, lang)
    if path is None:
        return ""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            for line in _source(cell).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


@lru_cache(maxsize=64)
def _read(path: Path, _mtime: int) -> tuple[Cell, ...]:
    out = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "markdown":
            text = _NEXT_LINE.sub("", text).strip()
            if text:
                out.append(Cell(html=_MARKDOWN.render(text)))
        elif cell["cell_type"] == "code":
            forms = tuple(m[1] for line in text.splitlines() if (m := _CALL.match(line.strip())))
            if forms:
                out.append(Cell(forms=forms))
    return tuple(out)
