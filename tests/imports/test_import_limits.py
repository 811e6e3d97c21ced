"""Imports within limits (issue 11, item 13): the dry run refuses exactly the
rows the import refuses, a bad row never fails the others, and a file over
the row count or a workbook unpacking past its bound is refused before it is
read whole, with a message naming the limit."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
import uhri_files
from ckan import model

from ckanext.simore.imports import plan, runner, runs
from ckanext.simore.imports.messages import FileRefused

pytestmark = [
    pytest.mark.usefixtures("clean_db", "with_plugins"),
    pytest.mark.ckan_config("ckanext.simore.coordinating_organization", "coordinacion"),
]


def _run(path: Path, dry_run: bool, run_id: str | None = None) -> tuple[str, dict[str, int]]:
    run_id = run_id or runs.create(path, path.name, "coordinacion", None, {})
    return run_id, runner.execute(run_id, dry_run=dry_run)


def _recommendations() -> int:
    return model.Session.execute(
        sa.select(sa.func.count())
        .select_from(model.package_table)
        .where(model.package_table.c.type == "recommendation")
    ).scalar()


def _rejected(run_id: str, phase: str) -> dict[int, list[str]]:
    return {
        row["row_number"]: [message.render() for message in row["messages"]]
        for row in runs.rows(run_id, phase, outcome=plan.REJECTED)
    }


def _distinct_words(count: int) -> str:
    return " ".join("palabra{}x".format(index) for index in range(count))


@pytest.mark.parametrize(
    "write, text, expected",
    [
        # 2 MB of distinct words (CSV: a workbook cell holds 32,767 characters at
        # most): once a raw PostgreSQL error at indexing that failed the whole
        # import, and passed the dry run as "created"
        (uhri_files.write_csv, _distinct_words(200_000), "more than the 100000 a cell may have"),
        # over the text limit, under the cell limit: the validators refuse it
        (uhri_files.write_xlsx, _distinct_words(3_000), "longer than 20000 characters"),
    ],
    ids=["2 MB cell", "text over its limit"],
)
def test_the_dry_run_refuses_what_the_import_refuses_and_the_good_row_goes_in(portal, tmp_path, write, text, expected):
    huge = dict(uhri_files.TREATY_ROW, Text=text)
    path = write(
        tmp_path / ("huge.xlsx" if write is uhri_files.write_xlsx else "huge.csv"), [dict(uhri_files.UPR_ROW), huge]
    )
    run_id, checked = _run(path, dry_run=True)
    assert _recommendations() == 0
    _, imported = _run(path, dry_run=False, run_id=run_id)
    assert checked["created"] == imported["created"] == 1
    assert checked["rejected"] == imported["rejected"] == 1
    assert _rejected(run_id, plan.DRY_RUN) == _rejected(run_id, plan.IMPORT)
    messages = _rejected(run_id, plan.IMPORT)[3]
    assert any(expected in message for message in messages), [m[-200:] for m in messages]
    assert _recommendations() == 1
    assert runs.get(run_id)["state"] == runs.COMPLETED


@pytest.mark.ckan_config("ckanext.simore.import_max_rows", "2")
def test_a_file_with_more_rows_than_the_limit_is_refused(portal, tmp_path):
    rows = [
        dict(uhri_files.UPR_ROW, **{"OHCHR Annotation Id": "0000000{}-2222-4333-8444-555555555555".format(i)})
        for i in range(3)
    ]
    path = uhri_files.write_csv(tmp_path / "three.csv", rows)
    with pytest.raises(FileRefused) as refused:
        _run(path, dry_run=True)
    assert "more than 2 rows" in refused.value.message.render()
    assert _recommendations() == 0


@pytest.mark.ckan_config("ckanext.simore.import_max_unpacked_mb", "1")
def test_a_workbook_unpacking_past_the_limit_is_refused_before_it_is_read(portal, tmp_path):
    # a few kilobytes compressed, megabytes unpacked
    rows = [dict(uhri_files.TREATY_ROW, Text="a" * 30_000) for _ in range(60)]
    path = uhri_files.write_xlsx(tmp_path / "bomb.xlsx", rows)
    assert path.stat().st_size < 200_000
    with pytest.raises(FileRefused) as refused:
        _run(path, dry_run=True)
    message = refused.value.message.render()
    assert "unpacks to 2 MB, more than the 1 MB" in message
    assert runs.get(runs.recent()[0]["id"])["state"] == runs.REFUSED


@pytest.fixture
def database_refusing_a_text():
    """A constraint the validators know nothing of, as a stand-in for any
    write the database refuses (an index entry too large, a full disk…):
    the package table refuses one title."""
    model.Session.execute(
        sa.text(
            "ALTER TABLE package ADD CONSTRAINT simore_test_refused CHECK (title NOT LIKE '%REFUSED BY THE DATABASE%')"
        )
    )
    model.Session.commit()
    yield
    model.Session.rollback()
    model.Session.execute(sa.text("ALTER TABLE package DROP CONSTRAINT IF EXISTS simore_test_refused"))
    model.Session.commit()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_row_the_database_refuses_fails_alone(portal, tmp_path, database_refusing_a_text, workers):
    refused = dict(
        uhri_files.TREATY_ROW,
        Text="REFUSED BY THE DATABASE: adopt a law on the matter",
        **{"OHCHR Annotation Id": "11111111-2222-4333-8444-555555555555"},
    )
    path = uhri_files.write_csv(
        tmp_path / "three.csv", [dict(uhri_files.UPR_ROW), refused, dict(uhri_files.TREATY_ROW)]
    )
    run_id = runs.create(path, path.name, "coordinacion", None, {"workers": workers})
    checked = runner.execute(run_id, dry_run=True)
    assert checked["created"] == 3  # nothing the validators could tell
    imported = runner.execute(run_id, dry_run=False)
    assert (imported["created"], imported["rejected"]) == (2, 1)
    assert _recommendations() == 2
    [message] = _rejected(run_id, plan.IMPORT)[3]
    assert "the database refused to save this record" in message
    assert "simore_test_refused" in message and "INSERT" not in message
    assert runs.get(run_id)["state"] == runs.COMPLETED
