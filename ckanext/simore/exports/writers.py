"""Streaming writers: each yields the file piece by piece while the rows
arrive, so that an export of 50,000 records never holds them all.

Pure logic: nothing here imports CKAN.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from ckanext.simore.exports.columns import flat
from ckanext.simore.exports.formulas import neutralised

CHUNK = 64 * 1024

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def csv_stream(headers: list[str], rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # the byte order mark makes Excel read the file as UTF-8
    buffer.write("\ufeff")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(csv_cells(flat(row[h]) for h in headers))
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_cells(values: Iterable[Any]) -> list[Any]:
    """One CSV row's cells, none of them read as a formula by a
    spreadsheet (``formulas``)."""
    return [neutralised(_cell(value)) for value in values]


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """A small CSV file (a chart's table) as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(csv_cells(row))
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def json_stream(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    yield b"[\n"
    first = True
    for row in rows:
        yield (b"" if first else b",\n") + json.dumps(row, ensure_ascii=False).encode("utf-8")
        first = False
    yield b"\n]\n"


def xlsx_stream(headers: list[str], rows: Iterable[dict[str, Any]], title: str = "export") -> Iterator[bytes]:
    """openpyxl's write-only mode keeps rows on disk, not in memory; the
    workbook (a zip) can only be sent once it is complete."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, header) for header in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, flat(row[h])) for h in headers])
    with tempfile.TemporaryFile() as stream:
        workbook.save(stream)
        stream.seek(0)
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            yield chunk


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    # Excel caps a cell at 32,767 characters; control characters are
    # not allowed in its XML
    cell = WriteOnlyCell(sheet, "".join(c for c in value if c in "\t\n\r" or ord(c) >= 32)[:32767])
    # typed as text: openpyxl would store "=…" as a formula and "#N/A" as
    # an error, which Excel would then compute
    cell.data_type = "s"
    return cell
