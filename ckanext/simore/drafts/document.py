"""A draft as a Word document (python-docx): a title page line with the
mechanism and symbol, Heading 1 for the title, Heading 2 per section,
paragraphs numbered consecutively across the report ("1.", "2." …) as UN
documents are, and the list of its annexes last; and, where LibreOffice
is installed, the same as PDF or ODT (converted from the DOCX)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import docx
from docx.shared import Pt

from ckanext.simore.drafts import assembly

# the formats a converter can make from the DOCX, and their media types
CONVERTED = {"pdf": "application/pdf", "odt": "application/vnd.oasis.opendocument.text"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONVERTERS = ("soffice", "libreoffice")
CONVERSION_SECONDS = 120


def docx_bytes(
    title: str,
    title_line: str,
    language: str,
    sections: Iterable[tuple[str, str]],
    annexes: Sequence[str] = (),
    annexes_heading: str = "Annexes",
) -> bytes:
    """The report: ``title_line`` (mechanism, symbol) above the title, then
    each (heading, body) section with its numbered paragraphs, and the
    titles of its ``annexes`` (if any) under ``annexes_heading``."""
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.language = language
    document.styles["Normal"].font.size = Pt(11)
    document.add_paragraph(title_line)
    document.add_heading(title, level=1)
    for heading, entries in assembly.numbered(sections):
        document.add_heading(heading, level=2)
        for number, text in entries:
            document.add_paragraph("{}.\t{}".format(number, text))
    if annexes:
        document.add_heading(annexes_heading, level=2)
        for annex in annexes:
            document.add_paragraph(annex, style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def converter() -> str | None:
    """The LibreOffice command on PATH, if any."""
    return next((path for path in map(shutil.which, CONVERTERS) if path), None)


def available_formats() -> list[str]:
    """What the draft can be downloaded as: DOCX, and PDF and ODT where a
    converter is present."""
    return ["docx", *CONVERTED] if converter() else ["docx"]


def converted(docx_data: bytes, target: str) -> bytes:
    """The DOCX converted to ``target`` (pdf or odt) by LibreOffice."""
    command = converter()
    if command is None or target not in CONVERTED:
        raise ValueError("no converter to {}".format(target))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(docx_data)
        subprocess.run(
            [command, "--headless", "--convert-to", target, "--outdir", folder, str(source)],
            check=True,
            capture_output=True,
            timeout=CONVERSION_SECONDS,
        )
        return (Path(folder) / "report.{}".format(target)).read_bytes()
