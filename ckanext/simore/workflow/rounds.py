"""Reporting rounds: what each institution owes (the rounds and their
obligations in ``simore_round`` and ``simore_round_item``). Nothing here
commits: the actions do.

Opening a round fixes its scope: every (recommendation, institution) pair
from the recommendations a search selected, where the institution is
assigned to the recommendation. An institution answers each pair with an
action filed for the round, or with an explicit "no progress this
period".
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from ckanext.simore import organizations
from ckanext.simore.db import tables
from ckanext.simore.records import loaders


def search_all(q: str, fq: str) -> Iterator[dict[str, Any]]:
    """Every dataset a search finds, page by page, seen by the site user."""
    start, rows = 0, 500
    while True:
        result = tk.get_action("package_search")(
            loaders.site_user_context(),
            {"q": q, "fq": fq, "rows": rows, "start": start, "include_private": True, "sort": "id asc"},
        )
        yield from result["results"]
        start += rows
        if start >= result["count"]:
            return


def open_round(title: str, due_date: datetime.date, q: str, fq: str, description: str, user_id: str | None) -> str:
    """Create the round and its obligations; returns the round's id."""
    round_id = uuid.uuid4().hex[:12]
    model.Session.execute(
        tables.reporting_round.insert().values(
            id=round_id,
            title=title,
            description=description,
            due_date=due_date,
            scope_q=q,
            scope_fq=fq,
            created_by=user_id,
        )
    )
    organization_ids = dict(
        model.Session.execute(
            sa.select(model.Group.name, model.Group.id).where(organizations.institutions_clause())
        ).all()
    )
    items = [
        {"round_id": round_id, "recommendation_id": rec["id"], "organization_id": organization_ids[name]}
        for rec in search_all(q, "+dataset_type:recommendation " + fq)
        for name in rec.get("institutions") or []
        if name in organization_ids
    ]
    if items:
        model.Session.execute(tables.round_item.insert(), items)
    return round_id


def get(round_id: str):
    return model.Session.execute(
        sa.select(tables.reporting_round).where(tables.reporting_round.c.id == round_id)
    ).first()


def open_rounds() -> list:
    return list(
        model.Session.execute(
            sa.select(tables.reporting_round)
            .where(tables.reporting_round.c.state == "open")
            .order_by(tables.reporting_round.c.due_date)
        )
    )


def all_rounds() -> list:
    return list(
        model.Session.execute(sa.select(tables.reporting_round).order_by(tables.reporting_round.c.created.desc()))
    )


def items(round_id: str, organization_id: str | None = None) -> list:
    query = sa.select(tables.round_item).where(tables.round_item.c.round_id == round_id)
    if organization_id:
        query = query.where(tables.round_item.c.organization_id == organization_id)
    return list(model.Session.execute(query))


def declare_no_progress(
    round_id: str, recommendation_id: str, organization_id: str, comment: str, user_id: str
) -> bool:
    """Record an explicit "no progress this period"; False if the pair is
    not owed in this round."""
    result = model.Session.execute(
        tables.round_item.update()
        .where(
            tables.round_item.c.round_id == round_id,
            tables.round_item.c.recommendation_id == recommendation_id,
            tables.round_item.c.organization_id == organization_id,
        )
        .values(no_progress_comment=comment, no_progress_by=user_id, no_progress_at=sa.func.now())
    )
    return result.rowcount == 1


def close(round_id: str) -> None:
    model.Session.execute(
        tables.reporting_round.update()
        .where(tables.reporting_round.c.id == round_id)
        .values(state="closed", closed=sa.func.now())
    )
