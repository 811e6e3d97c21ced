"""Import runs and their rows in the database (tables of migration 002)."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.simore.db.tables import import_row, import_run
from ckanext.simore.files import sha256
from ckanext.simore.imports import plan
from ckanext.simore.imports.messages import Message

# A run's states.
PENDING = "pending"  # uploaded, dry run queued
CHECKING = "checking"  # dry run in progress
CHECKED = "checked"  # dry run done: waiting for confirmation
IMPORTING = "importing"
COMPLETED = "completed"
FAILED = "failed"
REFUSED = "refused"  # the file as a whole cannot be imported
STATES = (PENDING, CHECKING, CHECKED, IMPORTING, COMPLETED, FAILED, REFUSED)


# A running import writes its progress after every batch (seconds apart):
# one silent for this long was stopped.
STALLED_AFTER = datetime.timedelta(minutes=10)


def stalled(run: dict[str, Any]) -> bool:
    if run["state"] not in (CHECKING, IMPORTING):
        return False
    updated = run["updated"]
    return datetime.datetime.now(updated.tzinfo) - updated > STALLED_AFTER


def create(
    path: Path,
    filename: str,
    organization: str,
    user_name: str | None,
    options: dict[str, Any] | None = None,
    state: str = PENDING,
) -> str:
    run_id = str(uuid.uuid4())
    model.Session.execute(
        import_run.insert().values(
            id=run_id,
            source="",
            filename=filename,
            file_path=str(path),
            file_sha256=sha256(path),
            organization=organization,
            options=options or {},
            user_name=user_name,
            state=state,
            total_rows=0,
            rows_done=0,
            counts={},
            dry_run_counts={},
        )
    )
    model.Session.commit()
    return run_id


def get(run_id: str) -> dict[str, Any] | None:
    row = model.Session.execute(sa.select(import_run).where(import_run.c.id == run_id)).mappings().first()
    return dict(row) if row else None


def update(run_id: str, commit: bool = True, **values: Any) -> None:
    model.Session.execute(import_run.update().where(import_run.c.id == run_id).values(updated=sa.func.now(), **values))
    if commit:
        model.Session.commit()


def recent(limit: int = 50) -> list[dict[str, Any]]:
    rows = model.Session.execute(sa.select(import_run).order_by(import_run.c.created.desc()).limit(limit)).mappings()
    return [dict(row) for row in rows]


def save_rows(run_id: str, phase: str, results: list[plan.RowResult]) -> None:
    """Record row outcomes in the current transaction (the caller commits
    them with the records they describe)."""
    if results:
        model.Session.execute(import_row.insert(), [r.as_row(run_id, phase) for r in results])


def clear_rows(run_id: str, phase: str) -> None:
    model.Session.execute(import_row.delete().where(import_row.c.run_id == run_id, import_row.c.phase == phase))


def done_rows(run_id: str, phase: str) -> set[int]:
    rows = model.Session.execute(
        sa.select(import_row.c.row_number).where(import_row.c.run_id == run_id, import_row.c.phase == phase)
    )
    return {row.row_number for row in rows}


def counts(run_id: str, phase: str) -> dict[str, int]:
    rows = model.Session.execute(
        sa.select(
            import_row.c.outcome,
            sa.func.count().label("n"),
            sa.func.count().filter(sa.func.jsonb_array_length(import_row.c.messages) > 0).label("warned"),
        )
        .where(import_row.c.run_id == run_id, import_row.c.phase == phase)
        .group_by(import_row.c.outcome)
    )
    result = {outcome: 0 for outcome in plan.OUTCOMES}
    result["with_warnings"] = 0
    for row in rows:
        result[row.outcome] = row.n
        if row.outcome not in (plan.REJECTED, plan.MERGED):  # their messages say why
            result["with_warnings"] += row.warned
    return result


def rows(
    run_id: str, phase: str, outcome: str | None = None, with_messages: bool = False, offset: int = 0, limit: int = 100
) -> list[dict[str, Any]]:
    query = sa.select(import_row).where(import_row.c.run_id == run_id, import_row.c.phase == phase)
    if outcome:
        query = query.where(import_row.c.outcome == outcome)
    if with_messages:
        query = query.where(sa.func.jsonb_array_length(import_row.c.messages) > 0)
    query = query.order_by(import_row.c.row_number).offset(offset).limit(limit)
    result = []
    for row in model.Session.execute(query).mappings():
        item = dict(row)
        item["messages"] = [Message.from_json(m) for m in row["messages"]]
        result.append(item)
    return result
