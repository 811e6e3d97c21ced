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
            id=change_set_id, operation=operation, justification=justification, user_id=user_id, undoes=undoes
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


def found(change_set_id: str) -> dict[str, Any] | None:
    """A change set with ``undone_by`` (the change that undid it), or None."""
    undoing = tables.change_set.alias("undoing")
    row = model.Session.execute(
        sa.select(tables.change_set, undoing.c.id.label("undone_by"))
        .outerjoin(undoing, undoing.c.undoes == tables.change_set.c.id)
        .where(tables.change_set.c.id == change_set_id)
    ).first()
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
    each with its count of recommendations and ``undone_by``."""
    change_set, item = tables.change_set, tables.change_set_item
    undoing = change_set.alias("undoing")
    counts = sa.select(item.c.change_set_id, sa.func.count().label("count")).group_by(item.c.change_set_id).subquery()
    rows = model.Session.execute(
        sa.select(change_set, undoing.c.id.label("undone_by"), sa.func.coalesce(counts.c.count, 0).label("count"))
        .outerjoin(undoing, undoing.c.undoes == change_set.c.id)
        .outerjoin(counts, counts.c.change_set_id == change_set.c.id)
        .order_by(change_set.c.created.desc(), change_set.c.id)
        .limit(limit)
        .offset(offset)
    )
    total = model.Session.execute(sa.select(sa.func.count()).select_from(change_set)).scalar_one()
    return total, [dict(row._mapping) for row in rows]
