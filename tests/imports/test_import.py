"""Importing into a portal: real UPR Info rows and UHRI-style files, every
mapped field, idempotence, updates that keep what users added, dry runs,
rejected rows, duplicates, an interrupted import, and the fast path's
records compared with package_create's."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import builders
import pytest
import sqlalchemy as sa
import uhri_files
from ckan import model
from ckan.tests import helpers
from uhri_files import PARAGUAY

from ckanext.simore.imports import bulk, messages, plan, runner, runs
from ckanext.simore.imports.messages import FileRefused

pytestmark = [
    pytest.mark.usefixtures("clean_db", "with_plugins"),
    pytest.mark.ckan_config("ckanext.simore.coordinating_organization", "coordinacion"),
]


def run_import(path: Path, dry_run: bool = False, **options) -> tuple[str, dict[str, int]]:
    run_id = runs.create(path, path.name, "coordinacion", None, options)
    return run_id, runner.execute(run_id, dry_run=dry_run)


def show(name: str) -> dict:
    return helpers.call_action("package_show", id=name)


def search(**params) -> dict:
    return helpers.call_action("package_search", **params)


def recommendation_count() -> int:
    return model.Session.execute(
        sa.select(sa.func.count())
        .select_from(model.package_table)
        .where(model.package_table.c.type == "recommendation", model.package_table.c.state == "active")
    ).scalar()


def rows_of(path: Path, count: int, into: Path) -> Path:
    with path.open(encoding="utf-8") as source, into.open("w", encoding="utf-8", newline="") as target:
        reader, writer = csv.reader(source), csv.writer(target)
        for index, row in enumerate(reader):
            if index > count:
                break
            writer.writerow(row)
    return into


def test_real_upr_info_rows_are_imported_searchable_and_mapped(portal):
    _, counts = run_import(PARAGUAY)
    assert counts["created"] == 129 and counts["rejected"] == 0
    assert search(fq="+dataset_type:recommendation +country:PRY", rows=0)["count"] == 129
    found = search(q="physical barriers public transportation", fq="+dataset_type:recommendation")
    assert found["count"] == 1
    record = show(found["results"][0]["name"])
    assert record["text_translated"] == {
        "en": (
            "Implement all provisions in the Convention on the Rights of Persons with Disabilities, "
            "among others, the elimination of physical barriers to information, public "
            "transportation and buildings"
        )
    }
    assert record["mechanism"] == "upr"
    assert record["country"] == "PRY"
    assert record["recommending_states"] == ["THA"]
    assert record["upr_position"] == "supported"
    assert record["record_type"] == "recommendation"
    assert record["session"] == "10" and record["upr_cycle"] == "1"
    assert record["themes"] == ["disabilities_definition_principles", "ratification_international_instruments"]
    assert record["affected_persons"] == ["persons_with_disabilities"]
    assert record["organization"]["name"] == "coordinacion"
    assert record["name"].startswith("rec-")
    # (activity lists hide the site user's activities: read the table)
    activities = (
        model.Session.execute(sa.text("SELECT activity_type FROM activity WHERE object_id = :id"), {"id": record["id"]})
        .scalars()
        .all()
    )
    assert activities == ["new package"]


def test_uhri_file_maps_bodies_special_procedures_and_reports_unmapped_labels(portal, tmp_path):
    special = dict(
        uhri_files.TREATY_ROW,
        **{
            "Reccomending Body": "SR Torture",
            "Themes": "- Conditions of detention",
            "OHCHR Annotation Id": "11111111-2222-4333-8444-555555555555",
        },
    )
    crc_code = dict(
        uhri_files.TREATY_ROW,
        **{
            "Reccomending Body": " CRC ",
            "Text": "13. Ensure birth registration",
            "OHCHR Annotation Id": "22222222-2222-4333-8444-555555555555",
        },
    )
    path = uhri_files.write_xlsx(tmp_path / "uhri.xlsx", uhri_files.rows() + [special, crc_code])
    check_id, checked = run_import(path, dry_run=True)
    assert checked["created"] == 4 and checked["mechanisms_created"] == 1
    warned = runs.rows(check_id, plan.DRY_RUN, with_messages=True)
    assert {(row["row_number"], m.render()) for row in warned for m in row["messages"]} == {
        (3, "unknown themes label 'A theme UHRI invented yesterday' (left out)"),
        (4, "new Special Procedures mechanism SR-Torture"),
        (5, "unknown themes label 'A theme UHRI invented yesterday' (left out)"),
    }
    run_id, counts = run_import(path)
    assert counts["created"] == 4 and counts["mechanisms_created"] == 1
    upr = show("rec-6f2b1c1e-3d2a-4a7b-9c1d-2e3f4a5b6c7d")
    assert upr["paragraph"] == "118.1" and upr["document_symbol"] == "A/HRC/17/18"
    assert upr["publication_date"] == "2011-07-01"
    assert upr["recommending_states"] == ["DNK", "FRA"]
    assert upr["sdg_goals"] == ["16"] and upr["sdg_targets"] == ["16.3"]
    assert upr["external_id"] == "6F2B1C1E-3D2A-4A7B-9C1D-2E3F4A5B6C7D"
    # two labels of one body lead to one mechanism
    assert show("rec-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")["mechanism"] == "crc"
    assert show("rec-22222222-2222-4333-8444-555555555555")["mechanism"] == "crc"
    mandate = show("sr-torture")
    assert mandate["family"] == "special_procedure" and mandate["code"] == "SR-Torture"
    assert show("rec-11111111-2222-4333-8444-555555555555")["mechanism"] == "sr-torture"
    warned = runs.rows(run_id, plan.IMPORT, with_messages=True)
    assert [(row["row_number"], row["outcome"]) for row in warned] == [(3, "created"), (5, "created")]


def test_the_same_file_twice_changes_nothing(portal):
    run_import(PARAGUAY)
    before = {p.name: p.metadata_modified for p in model.Session.query(model.Package).filter_by(type="recommendation")}
    _, counts = run_import(PARAGUAY)
    assert counts["unchanged"] == 129 and counts["created"] == counts["updated"] == 0
    after = {p.name: p.metadata_modified for p in model.Session.query(model.Package).filter_by(type="recommendation")}
    assert after == before


def test_a_newer_export_updates_without_touching_what_users_added(portal, tmp_path):
    path = uhri_files.write_xlsx(tmp_path / "v1.xlsx", uhri_files.rows())
    run_import(path)
    ministry = builders.institution(name="ministerio-justicia")
    name = "rec-6f2b1c1e-3d2a-4a7b-9c1d-2e3f4a5b6c7d"
    record = show(name)
    site_user = helpers.call_action("get_site_user", context={"ignore_auth": True})["name"]
    helpers.call_action(
        "package_patch",
        context={"user": site_user},
        id=name,
        text_translated=dict(record["text_translated"], es="Ratificar el Protocolo Facultativo"),
    )
    helpers.call_action(
        "simore_recommendation_assign",
        context={"user": site_user},
        ids=[name],
        institutions=[ministry["name"]],
        lead_institution=ministry["name"],
    )
    newer = dict(uhri_files.UPR_ROW, Themes="- Conditions of detention", **{"UPR Position": "Noted"})
    path2 = uhri_files.write_xlsx(tmp_path / "v2.xlsx", [newer, uhri_files.TREATY_ROW])
    _, counts = run_import(path2)
    assert counts["updated"] == 1 and counts["unchanged"] == 1
    updated = show(name)
    assert updated["themes"] == ["conditions_of_detention"]
    assert updated["upr_position"] == "noted"
    assert updated["text_translated"]["es"] == "Ratificar el Protocolo Facultativo"
    assert updated["institutions"] == ["ministerio-justicia"]
    assert updated["lead_institution"] == "ministerio-justicia"
    assert updated["implementation_status"] == record["implementation_status"]


def test_a_dry_run_reports_row_by_row_and_writes_nothing(portal, tmp_path):
    path = rows_of(PARAGUAY, 10, tmp_path / "ten.csv")
    run_id, counts = run_import(path, dry_run=True)
    assert counts["created"] == 10
    assert recommendation_count() == 0
    assert search(fq="+dataset_type:recommendation", rows=0)["count"] == 0
    reported = runs.rows(run_id, plan.DRY_RUN)
    assert [r["row_number"] for r in reported] == list(range(2, 12))
    assert {r["outcome"] for r in reported} == {"created"}
    assert runs.get(run_id)["state"] == runs.CHECKED


def test_bad_rows_are_rejected_by_number_and_good_rows_go_in(portal, tmp_path):
    good = dict(uhri_files.UPR_ROW)
    empty = dict(
        uhri_files.TREATY_ROW, Themes="", Text="   ", **{"OHCHR Annotation Id": "33333333-2222-4333-8444-555555555555"}
    )
    unknown = dict(
        uhri_files.TREATY_ROW,
        Themes="",
        **{"Reccomending Body": "Committee of Nowhere", "OHCHR Annotation Id": "44444444-2222-4333-8444-555555555555"},
    )
    no_country = dict(
        uhri_files.TREATY_ROW,
        Themes="",
        **{"Countries Concerned": "Atlantis", "OHCHR Annotation Id": "55555555-2222-4333-8444-555555555555"},
    )
    path = uhri_files.write_xlsx(tmp_path / "bad.xlsx", [good, empty, unknown, no_country])
    run_id, counts = run_import(path)
    assert counts["created"] == 1 and counts["rejected"] == 3
    rejected = {
        r["row_number"]: [m.render() for m in r["messages"]]
        for r in runs.rows(run_id, plan.IMPORT, outcome=plan.REJECTED)
    }
    assert rejected == {
        3: ["the text is empty"],
        4: ["unknown mechanism 'Committee of Nowhere'"],
        5: ["unknown country 'Atlantis'"],
    }
    assert recommendation_count() == 1


def test_duplicates_in_one_file_are_merged_and_counted(portal, tmp_path):
    path = rows_of(PARAGUAY, 3, tmp_path / "dups.csv")
    with path.open(encoding="utf-8") as stream:
        lines = stream.read().splitlines()
    changed_issue = lines[1].replace('"Disabilities,International instruments"', "Migrants")
    path.write_text("\n".join(lines + [lines[1], changed_issue]) + "\n", encoding="utf-8")
    run_id, counts = run_import(path)
    assert counts["created"] == 3 and counts["merged"] == 2
    merged = runs.rows(run_id, plan.IMPORT, outcome=plan.MERGED)
    assert [(r["row_number"], r["duplicate_of"]) for r in merged] == [(5, 2), (6, 2)]
    record = show(merged[0]["dataset_name"])
    assert "migrants" in record["affected_persons"]  # labels of the duplicate combined


def test_an_interrupted_import_leaves_whole_batches_and_resume_completes_it(portal, tmp_path, monkeypatch):
    path = rows_of(PARAGUAY, 40, tmp_path / "forty.csv")
    monkeypatch.setattr(runner, "BATCH_SIZE", 15)
    original, calls = bulk.create, []

    def dies_on_second_batch(validated, context):
        calls.append(len(validated))
        shown = original(validated, context)
        if len(calls) == 2:
            raise KeyboardInterrupt("killed")
        return shown

    monkeypatch.setattr(bulk, "create", dies_on_second_batch)
    run_id = runs.create(path, path.name, "coordinacion", None, {})
    with pytest.raises(KeyboardInterrupt):
        runner.execute(run_id, dry_run=False)
    # the first batch is complete: records, index and activities; no trace of the second
    assert recommendation_count() == 15
    assert search(fq="+dataset_type:recommendation", rows=0)["count"] == 15
    assert runs.done_rows(run_id, plan.IMPORT) == set(range(2, 17))
    monkeypatch.setattr(bulk, "create", original)
    counts = runner.execute(run_id, dry_run=False)
    assert counts["created"] == 40
    assert recommendation_count() == 40
    assert search(fq="+dataset_type:recommendation", rows=0)["count"] == 40
    assert runs.get(run_id)["state"] == runs.COMPLETED


def _comparable(record: dict) -> dict:
    ignored = {"id", "metadata_created", "metadata_modified"}
    return {k: v for k, v in record.items() if k not in ignored}


def _index_doc(package_id: str) -> dict:
    doc = model.Session.execute(
        sa.text("SELECT s.doc FROM simore_search_stored s JOIN simore_search_doc d USING (index_id) WHERE d.id = :id"),
        {"id": package_id},
    ).scalar()
    ignored = {
        "id",
        "index_id",
        "metadata_created",
        "metadata_modified",
        "data_dict",
        "validated_data_dict",
        "_version_",
        "indexed_ts",
    }
    return {k: v for k, v in doc.items() if k not in ignored}


# small batches: what the import learns in its first batch serves the next ones
@pytest.mark.parametrize("batch_size", [runner.BATCH_SIZE, 4])
def test_the_fast_path_writes_what_package_create_writes(portal, tmp_path, monkeypatch, batch_size):
    monkeypatch.setattr(runner, "BATCH_SIZE", batch_size)
    path = uhri_files.write_xlsx(tmp_path / "uhri.xlsx", uhri_files.rows())
    sample = rows_of(PARAGUAY, 12, tmp_path / "twelve.csv")
    results = {}
    for method in ("fast", "package_create"):
        for source in (path, sample):
            run_import(source, method=method)
        names = sorted(p.name for p in model.Session.query(model.Package).filter_by(type="recommendation"))
        results[method] = {}
        for name in names:
            record = show(name)
            activity = model.Session.execute(
                sa.text("SELECT activity_type, data, permission_labels, user_id FROM activity WHERE object_id = :id"),
                {"id": record["id"]},
            ).all()
            results[method][name] = (
                _comparable(record),
                _index_doc(record["id"]),
                [
                    (
                        a.activity_type,
                        _comparable(json.loads(a.data)["package"]),
                        json.loads(a.data)["actor"],
                        a.permission_labels,
                        a.user_id,
                    )
                    for a in activity
                ],
                model.Session.execute(
                    sa.text(
                        "SELECT count(*) FROM member WHERE table_id = :id AND capacity = 'organization' AND state = 'active'"
                    ),
                    {"id": record["id"]},
                ).scalar(),
            )
            helpers.call_action("dataset_purge", id=name)
        model.Session.execute(sa.text("DELETE FROM activity WHERE activity_type = 'new package'"))
        model.Session.commit()
    assert len(results["fast"]) == 14
    for name, fast in results["fast"].items():
        for index, part in enumerate(fast):
            assert part == results["package_create"][name][index], (name, index)


def test_each_batch_is_indexed_once_in_one_statement(portal, tmp_path, monkeypatch):
    # CKAN 2.11 would index each record again, one by one, when the batch commits
    from ckanext.simore.search import writer

    monkeypatch.setattr(runner, "BATCH_SIZE", 10)
    original, written = writer._write, []

    def counting(session, rows):
        written.append(sum(row.dataset_type == "recommendation" for row in rows))
        return original(session, rows)

    monkeypatch.setattr(writer, "_write", counting)
    _, counts = run_import(rows_of(PARAGUAY, 25, tmp_path / "25.csv"))
    assert counts["created"] == 25
    assert [n for n in written if n] == [10, 10, 5]
    assert search(fq="+dataset_type:recommendation", rows=0)["count"] == 25


def test_validating_workers_give_the_same_records(portal, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "BATCH_SIZE", 20)
    run_id, counts = run_import(PARAGUAY, workers=2)
    assert counts["created"] == 129 and counts["rejected"] == 0
    assert search(fq="+dataset_type:recommendation", rows=0)["count"] == 129
    assert [r["row_number"] for r in runs.rows(run_id, plan.IMPORT, limit=200)] == list(range(2, 131))
    _, again = run_import(PARAGUAY, workers=2)
    assert again["unchanged"] == 129


def test_a_file_broken_halfway_is_refused_before_anything_is_written(portal, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "BATCH_SIZE", 20)
    rows = [
        dict(uhri_files.UPR_ROW, **{"OHCHR Annotation Id": "", "Text": "118.{} Ratify treaty {}".format(n, n)})
        for n in range(100)
    ]
    whole = uhri_files.write_xlsx(tmp_path / "whole.xlsx", rows)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) * 2 // 3]  # the sheet's XML stops at row ~66
            target.writestr(item, data)
    run_id = runs.create(broken, broken.name, "coordinacion", None, {})
    with pytest.raises(FileRefused) as refused:
        runner.execute(run_id, dry_run=False)
    assert refused.value.message.template == messages.BAD_XLSX
    assert recommendation_count() == 0
    assert runs.get(run_id)["state"] == runs.REFUSED
