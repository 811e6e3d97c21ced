"""Bulk changes of recommendations kept whole (``simore_change_set``): who
changed which recommendations, when, why, each one's fields before and
after, and which change undid it. Written in the caller's transaction."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.simore.db import tables

# What a change set did: an assignment of institutions, a status
ASSIGNMENT = "assignment"
STATUS = "status"


def record(
    operation: str, justification: str, user_id: str | None, changes: list[dict[str, Any]], undoes: str | None = None
) -> str:
    """Keep a change set (``changes`` as the bulk actions answer them:
    ``id``, ``before``, ``after``); its id."""
    change_set_id = str(uuid.uuid4())
    model.Session.execute(
        tables.change_set.insert().values(
            id=change_set_id,
            operation=operation,
            justification=justification,
            user_id=user_id,
            undoes=undoes,
            created=tables.written_now(),
        )
    )
    model.Session.execute(
        tables.change_set_item.insert(),
        [
            {
                "change_set_id": change_set_id,
                "package_id": change["id"],
                "position": position,
                "before": change["before"],
                "after": change["after"],
            }
            for position, change in enumerate(changes)
        ],
    )
    return change_set_id


def _with_undone_by(*columns: Any) -> sa.Select:
    """Change sets, each with ``undone_by`` (the change that undid it) and
    ``columns``."""
    undoing = tables.change_set.alias("undoing")
    return sa.select(tables.change_set, undoing.c.id.label("undone_by"), *columns).outerjoin(
        undoing, undoing.c.undoes == tables.change_set.c.id
    )


def found(change_set_id: str) -> dict[str, Any] | None:
    """A change set with ``undone_by``, or None."""
    row = model.Session.execute(_with_undone_by().where(tables.change_set.c.id == change_set_id)).first()
    return dict(row._mapping) if row else None


def items(change_set_id: str) -> list[dict[str, Any]]:
    """The recommendations a change set changed, in its order."""
    item = tables.change_set_item
    rows = model.Session.execute(
        sa.select(item.c.package_id, item.c.before, item.c.after)
        .where(item.c.change_set_id == change_set_id)
        .order_by(item.c.position)
    )
    return [dict(row._mapping) for row in rows]


def latest(limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """How many change sets there are, and a page of them, newest first,
    each with ``undone_by`` and its count of recommendations (read for the
    page's change sets only, through the items' key)."""
    item = tables.change_set_item
    count = (
        sa.select(sa.func.count())
        .where(item.c.change_set_id == tables.change_set.c.id)
        .scalar_subquery()
        .label("count")
    )
    rows = model.Session.execute(
        _with_undone_by(count)
        .order_by(tables.change_set.c.created.desc(), tables.change_set.c.id)
        .limit(limit)
        .offset(offset)
    )
    total = model.Session.execute(sa.select(sa.func.count()).select_from(tables.change_set)).scalar_one()
    return total, [dict(row._mapping) for row in rows]
