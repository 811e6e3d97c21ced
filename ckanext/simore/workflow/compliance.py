"""Reporting compliance of a round: per institution, what it owes, what it
answered (an action submitted, approved, published, or "no progress"
declared) and what is outstanding, in one SQL aggregate over the round's
obligations and the actions filed for it (as the site sees them). The one
implementation: the API, the dashboards and the reminders all use it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.simore import clock, memo
from ckanext.simore.db import extras, tables
from ckanext.simore.portal import counts, counts_cache, stats
from ckanext.simore.portal import labels as labels_module
from ckanext.simore.records import texts
from ckanext.simore.workflow import machine as workflow


def _round_actions(round_id: str, organization_id: str | None = None) -> list[dict[str, Any]]:
    """Every action filed for the round (as the site sees them): who filed
    it, on which recommendations, how far it got."""
    fq = '+dataset_type:action +reporting_round:"{}"'.format(round_id)
    if organization_id:
        fq += ' +owner_org:"{}"'.format(organization_id)
    found, start = [], 0
    while True:
        result = counts.package_search(
            counts.site_context(),
            {
                "q": "",
                "fq": fq,
                "rows": 1000,
                "start": start,
                "include_private": True,
                "include_drafts": True,
                "fl": "owner_org,recommendations,workflow_state",
                "sort": "id asc",
            },
        )
        found.extend(result["results"])
        start += 1000
        if start >= result["count"]:
            return found


def _progress_values(actions: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """(recommendation name, institution id, level) of each action, as
    arrays for SQL; levels as ``machine.progress_level`` gives them."""
    names, orgs, levels = [], [], []
    for action in actions:
        state = action.get("workflow_state")
        state = state[0] if isinstance(state, list) and state else state
        level = workflow.progress_level(state)
        recommendations = action.get("recommendations") or []
        if isinstance(recommendations, str):
            recommendations = [recommendations]
        for name in recommendations:
            names.append(name)
            orgs.append(action.get("owner_org"))
            levels.append(level)
    return {"names": names, "orgs": orgs, "levels": levels}


_BEST = """
WITH progress AS (
  SELECT p.id AS recommendation_id, v.organization_id, max(v.level) AS level
  FROM unnest(CAST(:names AS text[]), CAST(:orgs AS text[]), CAST(:levels AS int[]))
       AS v(name, organization_id, level)
  JOIN package p ON p.name = v.name AND p.type = 'recommendation'
  GROUP BY 1, 2
)
"""


def round_compliance(
    round_row: Any, organization_id: str | None = None, labels: labels_module.Labels | None = None
) -> list[dict[str, Any]]:
    """Per institution: owed, submitted, approved, published, no progress,
    outstanding, answered share and overdue, in one aggregate (kept until a
    dataset changes or an institution answers in the round)."""
    rows = counts_cache.cached(
        "compliance",
        [round_row.id, organization_id, _round_signature(round_row.id)],
        lambda: _compliance_counts(round_row.id, organization_id),
        depends_on=(),
    )
    labels = labels or labels_module.Labels.current()
    overdue_round = round_row.state == "open" and round_row.due_date < clock.today()
    shaped = []
    for row in rows:
        row = dict(row)
        row["name"] = row["name"] or row["organization_id"]
        row["title"] = labels.institution(row["name"])
        shaped.append(stats.compliance_row(row, overdue_round))
    return stats.sort_compliance(shaped)


def _round_signature(round_id: str) -> list[Any]:
    """Changes with whatever a round's compliance depends on: the
    obligations and their "no progress" answers, the actions filed for it
    (how many, when one last changed); looked up once per request (a
    dashboard asks for each round's compliance and outstanding items)."""

    def items() -> list[Any]:
        row = model.Session.execute(
            sa.select(
                sa.func.count(tables.round_item.c.no_progress_at),
                sa.func.max(tables.round_item.c.no_progress_at),
                sa.func.count(),
            ).where(tables.round_item.c.round_id == round_id)
        ).one()
        return [row[0], str(row[1]), row[2]]

    return [*memo.per_request(("round items", round_id), items), *_actions_signature(round_id)]


def _actions_signature(round_id: str) -> list[Any]:
    """How many actions were filed for the round and when one last changed
    (those of every round at once, once per request)."""
    return memo.per_request(("actions signatures",), _actions_signatures).get(round_id, [0, None])


def _actions_signatures() -> dict[str, list[Any]]:
    """Round id -> [actions filed for it, when one last changed], in any
    state, deleted ones aside (migration 006's index finds the actions)."""
    join, round_id = extras.value_sql("reporting_round")
    rows = model.Session.execute(
        sa.text(
            f"SELECT {round_id} AS round_id, count(*) AS n, max(p.metadata_modified) AS latest "
            f"FROM package p {join} WHERE p.type = 'action' AND p.state IN ('active', 'draft') GROUP BY 1"
        )
    )
    return {row.round_id: [row.n, row.latest.isoformat()] for row in rows if row.round_id}


def _compliance_counts(round_id: str, organization_id: str | None) -> list[dict[str, Any]]:
    values = _progress_values(_round_actions(round_id, organization_id))
    where = "i.round_id = :round_id" + (" AND i.organization_id = :org" if organization_id else "")
    rows = (
        model.Session.execute(
            sa.text(
                _BEST
                + f"""
        SELECT i.organization_id, g.name, count(*) AS owed,
               count(i.no_progress_at) AS no_progress,
               count(*) FILTER (WHERE pr.level >= 1) AS submitted,
               count(*) FILTER (WHERE pr.level >= 2) AS approved,
               count(*) FILTER (WHERE pr.level >= 3) AS published,
               count(*) FILTER (WHERE i.no_progress_at IS NULL AND coalesce(pr.level, 0) = 0)
                 AS outstanding
        FROM simore_round_item i
        LEFT JOIN progress pr ON pr.recommendation_id = i.recommendation_id
                              AND pr.organization_id = i.organization_id
        LEFT JOIN "group" g ON g.id = i.organization_id
        WHERE {where}
        GROUP BY i.organization_id, g.name
    """
            ),
            dict(values, round_id=round_id, org=organization_id),
        )
        .mappings()
        .all()
    )
    return [dict(row) for row in rows]


def outstanding_items(
    round_row: Any, organization_id: str, limit: int = 20, viewer: str | None = None
) -> dict[str, Any]:
    """The recommendations an institution still owes in a round (neither
    reported nor answered "no progress"), first ``limit`` of them."""
    names = counts_cache.cached(
        "outstanding",
        [round_row.id, organization_id, limit, _round_signature(round_row.id)],
        lambda: _outstanding_names(round_row.id, organization_id, limit),
        depends_on=(),
    )
    return {"records": texts.record_texts(names, viewer), "count": len(names)}


def _outstanding_names(round_id: str, organization_id: str, limit: int) -> list[str]:
    values = _progress_values(_round_actions(round_id, organization_id))
    query = (
        _BEST
        + """
        SELECT {columns}
        FROM simore_round_item i
        JOIN package p ON p.id = i.recommendation_id
        LEFT JOIN progress pr ON pr.recommendation_id = i.recommendation_id
                              AND pr.organization_id = i.organization_id
        WHERE i.round_id = :round_id AND i.organization_id = :org
          AND i.no_progress_at IS NULL AND coalesce(pr.level, 0) = 0
        {tail}
    """
    )
    params = dict(values, round_id=round_id, org=organization_id, limit=limit)
    return list(
        model.Session.execute(sa.text(query.format(columns="p.name", tail="ORDER BY p.name LIMIT :limit")), params)
        .scalars()
        .all()
    )
