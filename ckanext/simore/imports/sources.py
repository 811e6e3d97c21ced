"""Reading a spreadsheet as column headings and rows: UTF-8 CSV, .xlsx (as
UHRI's "Export to Excel" writes it) or a JSON list of objects (this
portal's JSON export). A file that cannot be read is refused as a whole.

Pure logic: nothing here imports CKAN.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ckanext.simore.imports.messages import (
    BAD_CSV,
    BAD_JSON,
    BAD_XLSX,
    EMPTY_FILE,
    NO_ROWS,
    NOT_UTF8,
    TOO_LARGE_UNPACKED,
    TOO_MANY_ROWS,
    FileRefused,
)

# A row: its number as a spreadsheet shows it (headings are row 1) and its
# cells by heading.
Row = tuple[int, dict[str, Any]]

csv.field_size_limit(10 * 1024 * 1024)


@dataclass(frozen=True)
class Limits:
    """How much of a file an import reads at most (None: no limit)."""

    max_rows: int | None = None
    max_unpacked_bytes: int | None = None


@dataclass
class Table:
    headers: list[str]
    path: Path
    kind: str  # csv, xlsx or json
    limits: Limits = Limits()

    def rows(self) -> Iterator[Row]:
        """The rows again, from the start (the file is read anew); a file
        with more rows than the limit is refused when the limit is passed."""
        for count, row in enumerate(_READERS[self.kind](self.path, self.limits)[1], start=1):
            if self.limits.max_rows is not None and count > self.limits.max_rows:
                raise FileRefused(TOO_MANY_ROWS, limit=self.limits.max_rows)
            yield row


def open_table(path: str | Path, limits: Limits = Limits()) -> Table:
    """Check that the file is readable and has rows, and return its
    headings; raise FileRefused naming what is wrong. (An import reads every
    row before it writes anything, so a file broken halfway is refused
    too.)"""
    path = Path(path)
    head = path.read_bytes()[:4] if path.stat().st_size else b""
    if not head:
        raise FileRefused(EMPTY_FILE)
    if head.startswith(b"PK\x03\x04"):
        kind = "xlsx"
    elif head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"[", b"{")):
        kind = "json"
    else:
        kind = "csv"
    headers, rows = _READERS[kind](path, limits)
    if not headers:
        raise FileRefused(EMPTY_FILE)
    if next(rows, None) is None:
        raise FileRefused(NO_ROWS)
    return Table(headers=headers, path=path, kind=kind, limits=limits)


def _clean_header(value: Any) -> str:
    return " ".join(str(value or "").split())


def _read_csv(path: Path, limits: Limits) -> tuple[list[str], Iterator[Row]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(NOT_UTF8, line=data[: error.start].count(b"\n") + 1)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        headers = [_clean_header(h) for h in next(reader, [])]
    except csv.Error as error:
        raise FileRefused(BAD_CSV, detail=str(error))

    def rows() -> Iterator[Row]:
        # numbered as a spreadsheet shows them (a cell may hold line breaks)
        number = 1
        try:
            for cells in reader:
                number += 1
                if not any(cell.strip() for cell in cells):
                    continue
                yield number, dict(zip(headers, cells))
        except csv.Error as error:
            raise FileRefused(BAD_CSV, detail="line {}: {}".format(reader.line_num, error))

    return headers, rows()


# What a damaged workbook raises: a broken zip, a missing part, XML cut
# short (ParseError is a SyntaxError).
_XLSX_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, EOFError, SyntaxError)


def _unpacked_size(path: Path) -> int:
    """What a workbook's parts add up to once decompressed, as its zip
    directory says (reading a part stops at that size)."""
    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist())


def _read_xlsx(path: Path, limits: Limits) -> tuple[list[str], Iterator[Row]]:
    import openpyxl

    try:
        if limits.max_unpacked_bytes is not None:
            size = _unpacked_size(path)
            if size > limits.max_unpacked_bytes:
                mb = 1024 * 1024
                raise FileRefused(TOO_LARGE_UNPACKED, size=-(-size // mb), limit=limits.max_unpacked_bytes // mb)
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        cells = sheet.iter_rows(values_only=True)
        headers = [_clean_header(h) for h in next(cells, ())]
        while headers and not headers[-1]:
            headers.pop()
    except _XLSX_ERRORS as error:
        raise FileRefused(BAD_XLSX, detail=str(error) or type(error).__name__)

    def rows() -> Iterator[Row]:
        number = 1
        try:
            for values in cells:
                number += 1
                if not any(v not in (None, "") for v in values):
                    continue
                yield number, {h: _xlsx_value(v) for h, v in zip(headers, values) if h}
        except _XLSX_ERRORS as error:
            raise FileRefused(BAD_XLSX, detail="row {}: {}".format(number, error))
        finally:
            workbook.close()

    return headers, rows()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_json(path: Path, limits: Limits) -> tuple[list[str], Iterator[Row]]:
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FileRefused(NOT_UTF8, line=raw[: error.start].count(b"\n") + 1)
    except ValueError as error:
        raise FileRefused(BAD_JSON, detail=str(error))
    if isinstance(data, dict):
        data = data.get("records", data.get("results"))
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise FileRefused(BAD_JSON, detail="expected a list of objects")
    headers: list[str] = []
    for item in data:
        headers.extend(key for key in item if key not in headers)
    # Objects are numbered from 1, as rows after a heading row would be.
    return headers, ((index + 2, item) for index, item in enumerate(data))


_READERS = {"csv": _read_csv, "xlsx": _read_xlsx, "json": _read_json}
