"""The pure layer of imports: reading files, recognising layouts, mapping
rows through the vocabularies (no CKAN, no database)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import uhri_files
from uhri_files import UPR_INFO

from ckanext.simore.imports import formats, records, sources
from ckanext.simore.imports import messages as m
from ckanext.simore.imports.messages import FileRefused


def read(path: Path) -> list[records.Record]:
    table = sources.open_table(path)
    layout, mapping = formats.detect(table.headers)
    parse = formats.parser(layout, mapping, ["es", "en", "fr"])
    return [parse(row) for row in table.rows()]


def rendered(record: records.Record) -> list[str]:
    return [message.render() for message in record.warnings + record.errors]


@pytest.mark.parametrize("writer", [uhri_files.write_xlsx, uhri_files.write_csv])
def test_uhri_row_maps_every_column_despite_the_quirks(tmp_path, writer):
    path = writer(tmp_path / ("uhri" + (".xlsx" if writer is uhri_files.write_xlsx else ".csv")), uhri_files.rows())
    upr, treaty = read(path)
    assert upr.row == 2 and treaty.row == 3
    assert upr.texts == {"en": "Ratify the Optional Protocol to the Convention against Torture"}
    assert upr.mechanism_label == "UPR"
    assert upr.fields == {
        "paragraph": "118.1",
        "country": "PRY",
        "document_symbol": "A/HRC/17/18",
        "themes": ["ratification_international_instruments", "prohibition_torture_ill_treatment"],
        "affected_persons": ["persons_deprived_of_liberty"],
        "sdg_goals": ["16"],
        "sdg_targets": ["16.3"],
        "publication_date": "2011-07-01",
        "recommending_states": ["DNK", "FRA"],
        "upr_position": "supported",
        "record_type": "recommendation",
        "external_id": "6F2B1C1E-3D2A-4A7B-9C1D-2E3F4A5B6C7D",
        "session": "10",
        "upr_cycle": "1",
    }
    assert not upr.warnings and not upr.errors


def test_a_uhri_row_may_name_countries_as_upr_info_does(tmp_path):
    row = {
        **uhri_files.UPR_ROW,
        "Countries Concerned": "- DPR Korea",
        "UPR Reccomending States": "- St Vincent & the Grenadines\n- Palestine\n- Republic of Congo",
    }
    (record,) = read(uhri_files.write_csv(tmp_path / "uhri.csv", [row]))
    assert record.fields["country"] == "PRK"
    assert record.fields["recommending_states"] == ["VCT", "PSE", "COG"]
    assert not record.warnings and not record.errors


def test_uhri_treaty_body_row_and_unmapped_label_is_reported(tmp_path):
    _, treaty = read(uhri_files.write_xlsx(tmp_path / "uhri.xlsx", uhri_files.rows()))
    assert treaty.mechanism_label == "Committee on the Rights of the Child"
    assert treaty.fields["paragraph"] == "12"
    assert treaty.text.startswith("The Committee recommends")
    assert treaty.fields["country"] == "PRY"  # ISO-2 code
    assert treaty.fields["themes"] == ["children_protection_against_exploitation"]
    assert treaty.fields["sdg_targets"] == ["16.2"]
    assert treaty.fields["session"] == "2018"  # a treaty body's review year
    assert "upr_cycle" not in treaty.fields
    assert rendered(treaty) == ["unknown themes label 'A theme UHRI invented yesterday' (left out)"]


def test_upr_info_real_rows(tmp_path):
    rows = read(UPR_INFO / "upr-recommendations-paraguay.csv")
    assert len(rows) == 129
    first = rows[0]
    assert first.row == 2
    assert first.mechanism_label == "UPR"
    assert first.fields == {
        "country": "PRY",
        "upr_position": "supported",
        "record_type": "recommendation",
        "recommending_states": ["THA"],
        "themes": ["disabilities_definition_principles", "ratification_international_instruments"],
        "affected_persons": ["persons_with_disabilities"],
        "session": "10",
        "upr_cycle": "1",
    }
    assert first.text.startswith("Implement all provisions in the Convention on the Rights of Persons")
    assert not any(r.errors or r.warnings for r in rows)


def test_upr_info_voluntary_pledge_and_unknown_state(tmp_path):
    path = tmp_path / "upr.csv"
    path.write_text(
        "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session,source_file\n"
        'Albania,EEG,"OIC, OIF",Implement the Roma strategy,Albania,EEG,"OIC, OIF",Voluntary Pledge,5,"Minorities,National plan of action",19,voluntary.csv\n'
        'Chad,Africa,AU,Abolish the death penalty,&#40;Unknown&#41;,,,Noted,4,"Death penalty,Made-up issue",8,6-9.csv\n',
        encoding="utf-8",
    )
    pledge, unknown = read(path)
    assert pledge.fields["record_type"] == "other"
    assert pledge.fields["upr_position"] == "voluntary_pledge"
    assert "recommending_states" not in pledge.fields
    assert unknown.fields.get("recommending_states") == []
    assert rendered(unknown) == ["unknown country '(Unknown)'", "unknown issues label 'Made-up issue' (left out)"]


def test_match_key_and_names_are_deterministic():
    record = records.Record(
        row=2,
        texts={"en": "Ratify  the OP-CAT"},
        fields={"mechanism": "upr", "country": "PRY", "session": "10", "recommending_states": ["FRA", "DNK"]},
    )
    same = records.Record(
        row=9, texts={"en": "ratify the OP-CAT "}, fields=dict(record.fields, recommending_states=["DNK", "FRA"])
    )
    assert records.identity(record) == records.identity(same)
    assert records.identity(record)[0].startswith("rec-")
    other_cycle = records.Record(row=3, texts=record.texts, fields=dict(record.fields, session="24"))
    assert records.identity(other_cycle)[0] != records.identity(record)[0]
    with_id = records.Record(
        row=4, texts=record.texts, fields=dict(record.fields, external_id="6F2B1C1E-3D2A-4A7B-9C1D-2E3F4A5B6C7D")
    )
    assert records.identity(with_id)[0] == "rec-6f2b1c1e-3d2a-4a7b-9c1d-2e3f4a5b6c7d"


def test_an_update_keeps_what_users_own():
    current = {
        "name": "rec-x",
        "text_translated": {"en": "Old text", "es": "Texto traducido"},
        "themes": ["right_to_health"],
        "institutions": ["ministerio-salud"],
        "lead_institution": "ministerio-salud",
        "implementation_status": "in_progress",
        "resources": [{"url": "http://x"}],
    }
    record = records.Record(row=2, texts={"en": "New text"}, fields={"themes": ["right_to_education"]})
    data = records.updated_dataset(current, record)
    assert data["text_translated"] == {"en": "New text", "es": "Texto traducido"}
    assert data["themes"] == ["right_to_education"]
    for kept in ("institutions", "lead_institution", "implementation_status", "resources"):
        assert data[kept] == current[kept]
    assert records.changes(record, current) == ["themes", "text_en"]


@pytest.mark.parametrize(
    "content, template",
    [
        (b"", m.EMPTY_FILE),
        (b"To,Text,From,Response,Issue,Session\n", m.NO_ROWS),
        (b"Name,Description\nx,y\n", m.UNKNOWN_COLUMNS),
        (b"To,Text,From\nParaguay,Do it,France\n", m.MISSING_COLUMNS),
        (b"To,Text,From,Response,Issue,Session\nParaguay,Caf\xe9 \xff,France,Noted,Other,10\n", m.NOT_UTF8),
    ],
)
def test_malformed_files_are_refused_with_one_message(tmp_path, content, template):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(FileRefused) as refused:
        table = sources.open_table(path)
        formats.detect(table.headers)
    assert refused.value.message.template == template
    assert str(refused.value)


def test_a_truncated_xlsx_is_refused(tmp_path):
    good = uhri_files.write_xlsx(tmp_path / "good.xlsx", uhri_files.rows())
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(FileRefused) as refused:
        read(truncated)
    assert refused.value.message.template == m.BAD_XLSX
    assert zipfile.is_zipfile(good)


def test_excel_serial_dates_and_cells():
    assert formats.parse_date(43140).isoformat() == "2018-02-09"
    assert formats.parse_date("2019-03-21").isoformat() == "2019-03-21"
    assert formats.parse_date("21/03/2019").isoformat() == "2019-03-21"
    assert formats.parse_date("soon") is None
    assert formats.cell_lines("- A \n-  B\n\n- A") == ["A", "B"]
    assert formats.split_paragraph("2030 Agenda commitments") == ("", "2030 Agenda commitments")
    assert formats.split_paragraph("118.12. Ratify") == ("118.12", "Ratify")


@pytest.mark.parametrize(
    "cells, source",
    [
        ({"text_en": "Ratify", "source_language": "en"}, "en"),  # imported, then exported
        ({"text_es": "Ratificar", "text_en": "Ratify", "source_language": ""}, None),  # typed in the portal
        ({"text_es": "Ratificar", "source_language": "en"}, None),  # names a language it has no text in
        ({"text_en": "Ratify"}, "en"),  # an export made before source languages were kept
    ],
)
def test_an_export_of_this_portal_gives_each_record_its_source_language(cells, source):
    record = formats.parse_simore(2, dict(cells, mechanism="upr"), ["es", "en", "fr"])
    assert record.source_language == source
    assert records.new_dataset(record, "rec-x", "org").get("source_language") == source
