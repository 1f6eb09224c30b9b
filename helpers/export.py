"""Turn a Strategy document into files: one function per format, all returning bytes."""
from __future__ import annotations

from typing import Callable

from .model import Strategy


def to_json(doc: Strategy) -> bytes:
    return doc.model_dump_json(indent=2).encode("utf-8")


#: format name -> (file extension, exporter). Steps add their formats here.
FORMATS: dict[str, tuple[str, Callable[[Strategy], bytes]]] = {
    "json": ("json", to_json),
}


def export(doc: Strategy, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise KeyError(fmt)
    return FORMATS[fmt][1](doc)


def filename(doc: Strategy, fmt: str) -> str:
    from .model import slug

    return f"{slug(doc.group)}.{FORMATS[fmt][0]}"
