"""Exports of a search as CSV, Excel and JSON: the search page's query and
filters, labels in the chosen language beside the codes, private records
only for those who may see them, page-by-page streaming, and the round
trip (an export imported into an empty portal gives the same records)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import builders
import openpyxl
import pytest
import uhri_files
from ckan import model
from ckan.tests import factories, helpers
from uhri_files import PARAGUAY

from ckanext.simore.exports import selection as search
from ckanext.simore.imports import runner, runs
from ckanext.simore.records import loaders

pytestmark = [
    pytest.mark.usefixtures("clean_db", "with_plugins"),
    pytest.mark.ckan_config("ckanext.simore.coordinating_organization", "coordinacion"),
]


def load_portal():
    builders.institution(name="coordinacion", title="Coordinación")
    loaders.load_mechanisms("coordinacion")


def run_import(path: Path) -> dict[str, int]:
    run_id = runs.create(path, path.name, "coordinacion", None, {})
    return runner.execute(run_id, dry_run=False)


@pytest.fixture
def portal():
    load_portal()
    run_import(PARAGUAY)


def csv_rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_export_follows_the_search_page_filters_with_labels_in_the_chosen_language(app, portal):
    expected = helpers.call_action(
        "package_search", fq='+dataset_type:recommendation themes:"right_to_health"', rows=0
    )["count"]
    assert expected > 0
    response = app.get("/export/recommendation.csv?themes=right_to_health&lang=es")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = csv_rows(response.data)
    assert len(rows) == expected
    row = rows[0]
    assert "right_to_health" in row["themes"].split("; ")
    assert "Derecho a la salud" in row["themes_label"].split("; ")
    assert row["country"] == "PRY" and row["country_label"] == "Paraguay"
    assert row["mechanism"] == "upr" and row["mechanism_label"] == "Examen Periódico Universal"
    assert row["upr_cycle_label"] == "Ciclo 1 (2008-2011)"
    assert row["text"] == row["text_en"] and row["text_es"] == ""
    assert row["url"].endswith("/recommendation/" + row["name"])


def test_a_text_query_and_sorting_as_on_the_search_page(app, portal):
    rows = csv_rows(app.get("/export/recommendation.csv?q=disabilities&sort=name+asc").data)
    found = helpers.call_action(
        "package_search", q="disabilities", fq="+dataset_type:recommendation", sort="name asc", rows=1000
    )
    assert [r["name"] for r in rows] == [d["name"] for d in found["results"]]


def test_excel_and_json_exports(app, portal):
    book = openpyxl.load_workbook(io.BytesIO(app.get("/export/recommendation.xlsx?country=PRY").data))
    sheet = book.active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["name", "url", "text"]
    assert sheet.max_row == 130
    records = json.loads(app.get("/export/recommendation.json?lang=fr").data)
    assert len(records) == 129
    assert isinstance(records[0]["themes"], list) and isinstance(records[0]["themes_label"], list)
    assert records[0]["upr_position_label"] in ("Acceptée", "Notée", "Engagement volontaire")


def test_private_records_are_exported_only_to_those_allowed(app, portal):
    other = builders.institution(name="ministerio")
    member = factories.User()
    helpers.call_action("organization_member_create", id="ministerio", username=member["name"], role="editor")
    builders.recommendation("ministerio", "upr", private=True, name="rec-privada")
    anonymous = [r["name"] for r in csv_rows(app.get("/export/recommendation.csv").data)]
    assert "rec-privada" not in anonymous and len(anonymous) == 129
    headers = {"Authorization": factories.APIToken(user=member["name"])["token"]}
    allowed = [r["name"] for r in csv_rows(app.get("/export/recommendation.csv", headers=headers).data)]
    assert "rec-privada" in allowed and len(allowed) == 130
    assert other


def test_the_export_reads_page_by_page(app, portal, monkeypatch):
    monkeypatch.setattr(search, "PAGE_SIZE", 7)
    calls = []
    from ckan.plugins import toolkit as tk

    real = tk.get_action("package_search")

    def counting(context, data_dict):
        calls.append(data_dict.get("start"))
        return real(context, data_dict)

    monkeypatch.setattr(
        search.tk, "get_action", lambda name: counting if name == "package_search" else tk.get_action(name)
    )
    rows = csv_rows(app.get("/export/recommendation.csv").data)
    assert len(rows) == 129 and len({r["name"] for r in rows}) == 129
    # a first query checks the search, then one query per page
    assert calls == [None] + list(range(0, 129, 7))


def test_unknown_types_and_formats_are_not_found(app):
    assert app.get("/export/mechanism.csv", expect_errors=True).status_code == 404
    assert app.get("/export/recommendation.pdf", expect_errors=True).status_code == 404


def _records() -> dict[str, dict]:
    ignored = {"id", "metadata_created", "metadata_modified", "creator_user_id", "organization", "owner_org"}
    result = {}
    for package in model.Session.query(model.Package).filter_by(type="recommendation", state="active"):
        shown = helpers.call_action("package_show", id=package.name)
        result[package.name] = {k: v for k, v in shown.items() if k not in ignored}
    return result


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_an_export_of_an_import_round_trips_into_an_empty_portal(app, fmt, tmp_path, reset_db, migrate_db_for):
    load_portal()
    sample = tmp_path / "sample.csv"
    sample.write_text("".join(PARAGUAY.read_text(encoding="utf-8").splitlines(keepends=True)[:31]), encoding="utf-8")
    run_import(sample)
    run_import(uhri_files.write_xlsx(tmp_path / "uhri.xlsx", uhri_files.rows()))
    # typed in the portal: private, in Spanish only
    builders.recommendation(
        "coordinacion",
        "cat",
        name="rec-tipeada",
        private=True,
        text_translated={"es": "Tipificar la tortura"},
        themes=["right_to_health"],
    )
    before = _records()
    exported = tmp_path / ("export." + fmt)
    sysadmin = factories.Sysadmin()
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    exported.write_bytes(app.get("/export/recommendation." + fmt, headers=headers).data)

    reset_db()
    migrate_db_for("activity")
    migrate_db_for("simore")
    load_portal()
    counts = run_import(exported)
    assert counts["created"] == len(before) == 33 and counts["rejected"] == 0
    assert _records() == before
