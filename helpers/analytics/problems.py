"""What the importer says: an error that stops the import, and a row it left out, both in plain
words from the ``kpi`` catalogue (Dutch and English), each naming the file, and where it can the
row and the column."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import t


class ExportError(ValueError):
    """The file cannot be read as an analytics export. ``key`` is the catalogue key of the
    sentence, ``values`` its placeholders (``file`` always; ``row`` and ``column`` where known);
    :meth:`message` gives the sentence in a language, ``str(err)`` in the current one."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.message()


@dataclass(frozen=True)
class Skipped:
    """One row left out and why: ``row`` is the row number as a spreadsheet shows the file
    (the header row and any lines above it counted), ``column`` the column's header (or "")."""

    file: str
    row: int
    reason: str                       # a catalogue key: kpi.skip.*
    column: str = ""
    values: dict = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return t(self.reason, lang, file=self.file, row=self.row, column=self.column, **self.values)

    def as_dict(self, lang: str | None = None) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "reason": self.message(lang)}
