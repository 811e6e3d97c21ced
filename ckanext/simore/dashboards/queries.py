"""The SQL of the coordination and institution dashboards: why actions were
returned, recommendations no action refers to, recommendations without an
institution (each written to use migration 006's partial indexes)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.simore.db import extras, tables
from ckanext.simore.portal import counts
from ckanext.simore.workflow import machine as workflow


def return_reasons(package_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The latest "return" of each action: why and when."""
    if not package_ids:
        return {}
    rows = model.Session.execute(
        sa.select(tables.workflow_event.c.package_id, tables.workflow_event.c.comment, tables.workflow_event.c.created)
        .where(
            tables.workflow_event.c.package_id.in_(package_ids), tables.workflow_event.c.to_state == workflow.RETURNED
        )
        .order_by(tables.workflow_event.c.package_id, tables.workflow_event.c.created.desc())
        .distinct(tables.workflow_event.c.package_id)
    )
    return {row.package_id: {"comment": row.comment, "created": row.created.isoformat()} for row in rows}


def without_action(limit: int, offset: int) -> dict[str, Any]:
    """One statement: the recommendations the actions refer to (the actions
    found by migration 006's index of the dataset types other than
    recommendations), how many of them are active, and a page of the
    others (walking its index of active recommendations by creation).
    Their number is every active recommendation (the search's kept count)
    less those referred to."""
    join, referred = extras.value_sql("recommendations")
    row = model.Session.execute(
        sa.text(f"""
        WITH referenced AS MATERIALIZED (
          SELECT DISTINCT r.name FROM package p {join}
          CROSS JOIN LATERAL jsonb_array_elements_text(CAST({referred} AS jsonb)) AS r(name)
          WHERE p.type = 'action' AND p.state IN ('active', 'draft') AND r.name IS NOT NULL)
        SELECT (SELECT count(*) FROM package p JOIN referenced r ON r.name = p.name
                WHERE p.type = 'recommendation' AND p.state = 'active') AS with_action,
               array(SELECT p.name FROM package p
                     WHERE p.type = 'recommendation' AND p.state = 'active'
                       AND p.name NOT IN (SELECT name FROM referenced)
                     ORDER BY p.metadata_created, p.name LIMIT :limit OFFSET :offset) AS names
    """),
        {"limit": limit, "offset": offset},
    ).one()
    recommendations = counts.counts(counts.site_context(), "+dataset_type:recommendation", [], include_private=True)[
        "count"
    ]
    return {"count": max(recommendations - row.with_action, 0), "names": list(row.names)}


def without_institution(limit: int) -> dict[str, Any]:
    source = (
        f"FROM package p WHERE p.type = 'recommendation' AND p.state = 'active' AND {extras.empty_sql('institutions')}"
    )
    rows = model.Session.execute(
        sa.text(
            "SELECT p.name, count(*) OVER () AS total "
            + source
            + " ORDER BY p.metadata_modified DESC, p.name LIMIT :limit"
        ),
        {"limit": max(limit, 1)},
    ).all()
    return {"count": rows[0].total if rows else 0, "names": [row.name for row in rows][:limit]}
