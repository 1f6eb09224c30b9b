"""From a file to tables of text: the size limit, the encoding (by its byte order mark, else UTF-8,
else Windows-1252 as Excel saves it), zip files (TikTok, YouTube) and workbooks (LinkedIn), and
the delimiters a CSV file may use (``,``; ``;`` from a Dutch Excel, with decimal commas; tabs).
Nothing here knows what a column means (:mod:`.formats` does)."""
from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
import datetime as dt
import io
from itertools import islice
import os
from pathlib import Path
import re
from typing import Callable, Iterator
import zipfile

import openpyxl

from .problems import ExportError

#: the largest file (or the sum of the files in a zip) the importer reads: a year of posts of a busy
#: account is a few megabytes; 100,000 rows of a Meta export are about 25
MAX_BYTES = 64 * 1024 * 1024
#: rows looked at for the header (note rows, titles, ``sep=,`` and GA4 comments come above it)
HEAD_ROWS = 30
DELIMITERS = (",", ";", "\t")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old binary .xls
_SEP_LINE = re.compile(r'^\s*"?sep=(.)"?\s*$')

Rows = Iterator[tuple[int, "list[str] | None"]]  # (row number, cells); None: the file breaks off here


@dataclass
class Table:
    """One table the file may hold: a CSV read with one delimiter, or one sheet of a workbook."""

    file: str
    sheet: str
    head: list[list[str]]
    rows: Callable[[], Rows]
    delimiter: str = ""
    decimal_comma: bool = False


def read_source(source: str | os.PathLike | bytes, name: str | None = None) -> tuple[bytes, str]:
    """The bytes of a file and the name to show; a file above :data:`MAX_BYTES` is refused before
    it is read."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = name or "export"
        if len(data) > MAX_BYTES:
            raise ExportError("kpi.error.too_big", file=name, limit=MAX_BYTES // (1024 * 1024))
        return data, name
    path = Path(source)
    name = name or path.name
    try:
        if path.is_dir():
            raise ExportError("kpi.error.not_a_file", file=name)
        if path.stat().st_size > MAX_BYTES:
            raise ExportError("kpi.error.too_big", file=name, limit=MAX_BYTES // (1024 * 1024))
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except ExportError:
        raise
    except FileNotFoundError:
        raise ExportError("kpi.error.missing", file=name) from None
    except (OSError, ValueError):
        raise ExportError("kpi.error.unreadable", file=name) from None
    if len(data) > MAX_BYTES:  # grew while we read it
        raise ExportError("kpi.error.too_big", file=name, limit=MAX_BYTES // (1024 * 1024))
    return data, name


def tables(data: bytes, name: str) -> list[Table]:
    """Every table the bytes may hold, in the order to try them."""
    if not data.strip():
        raise ExportError("kpi.error.empty", file=name)
    if data.startswith(_OLE):
        raise ExportError("kpi.error.old_xls", file=name)
    if data.startswith(b"PK\x03\x04"):
        return _zip_tables(data, name)
    return _csv_tables(decode(data, name), name)


def decode(data: bytes, name: str) -> str:
    """Text by the byte order mark; without one UTF-16 is recognised by its zero bytes, then UTF-8,
    then Windows-1252 (what Excel writes as "CSV" on a Dutch Windows)."""
    if data.startswith(codecs.BOM_UTF8):
        encodings, data = ["utf-8"], data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings, data = ["utf-16"], data[: len(data) - len(data) % 2]
    elif b"\x00" in data[:4096]:
        sample = data[:4096]
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            encodings = ["utf-16-le"]
        elif even > len(sample) // 4 and odd == 0:
            encodings = ["utf-16-be"]
        else:
            raise ExportError("kpi.error.not_text", file=name)
        data = data[: len(data) - len(data) % 2]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ExportError("kpi.error.encoding", file=name)
    if "\x00" in text or sum(ch < " " and ch not in "\t\r\n" for ch in text[:4096]) > 8:
        raise ExportError("kpi.error.not_text", file=name)
    return text


def _csv_tables(text: str, name: str, sheet: str = "") -> list[Table]:
    first = text.split("\n", 1)[0]
    sep = _SEP_LINE.match(first)
    delimiters = (sep.group(1),) if sep else DELIMITERS
    out = []
    for delimiter in delimiters:
        def rows(delimiter=delimiter) -> Rows:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
            n = 0
            try:
                for n, row in enumerate(reader, 1):
                    yield n, row
            except csv.Error:  # an open quote at the end, a field beyond csv's limit: the file breaks off
                yield n + 1, None
        head = [row for _, row in islice(rows(), HEAD_ROWS) if row is not None]
        out.append(Table(name, sheet, head, rows, delimiter, decimal_comma=delimiter == ";"))
    return out


def _zip_tables(data: bytes, name: str) -> list[Table]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if "xl/workbook.xml" in names:
                if sum(i.file_size for i in zf.infolist()) > 4 * MAX_BYTES:  # a zip bomb dressed as a workbook
                    raise ExportError("kpi.error.too_big", file=name, limit=MAX_BYTES // (1024 * 1024))
                return _workbook_tables(data, name)
            members = [i for i in zf.infolist() if i.filename.lower().endswith((".csv", ".xlsx"))
                       and not i.is_dir()]
            if not members:
                raise ExportError("kpi.error.zip_without_table", file=name)
            if sum(i.file_size for i in members) > MAX_BYTES:
                raise ExportError("kpi.error.too_big", file=name, limit=MAX_BYTES // (1024 * 1024))
            # YouTube Studio's table first, then TikTok's overview, then the rest in the zip's order
            order = {"table data.csv": 0, "overview.csv": 1, "content.csv": 2}
            members.sort(key=lambda i: order.get(Path(i.filename).name.lower(), 9))
            out = []
            for info in members:
                member = zf.read(info)
                inner = f"{name}/{info.filename}"
                if not member.strip():
                    continue
                if member.startswith(b"PK\x03\x04"):
                    out += _workbook_tables(member, inner)
                else:
                    out += _csv_tables(decode(member, inner), inner)
            if not out:
                raise ExportError("kpi.error.empty", file=name)
            return out
    except ExportError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, RuntimeError,
            ValueError, KeyError):
        raise ExportError("kpi.error.damaged_zip", file=name) from None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _workbook_tables(data: bytes, name: str) -> list[Table]:
    """One table per sheet, read whole (workbooks from these platforms are small; the size limit
    holds them). openpyxl raises many kinds of errors on a damaged file: each is one sentence."""
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = [(ws.title, [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)])
                      for ws in wb.worksheets]
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - a damaged workbook, whatever openpyxl tripped over
        raise ExportError("kpi.error.damaged_workbook", file=name) from None
    out = []
    for title, cells in sheets:
        def rows(cells=cells) -> Rows:
            yield from enumerate(cells, 1)
        out.append(Table(name, title, cells[:HEAD_ROWS], rows))
    if not out or not any(t.head for t in out):
        raise ExportError("kpi.error.empty", file=name)
    return out
