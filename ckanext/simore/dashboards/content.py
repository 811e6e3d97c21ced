"""What each dashboard shows, as its viewer may see it: an institution's
assigned recommendations, its actions by state and what it owes in open
rounds; the coordinators' compliance per round, overdue institutions,
actions waiting for publication and recommendations without an
institution or an action, and the reports owed to the mechanisms in the
next 12 months."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import clock, organizations, roles
from ckanext.simore.dashboards import queries
from ckanext.simore.portal import counts, counts_cache, stats
from ckanext.simore.portal import labels as labels_module
from ckanext.simore.records import texts
from ckanext.simore.workflow import compliance, rounds
from ckanext.simore.workflow import machine as workflow


def _round_summary(row: Any) -> dict[str, Any]:
    today = clock.today()
    return {
        "id": row.id,
        "title": row.title,
        "due_date": row.due_date.isoformat(),
        "days_left": stats.days_left(row.due_date, today),
        "overdue": row.state == "open" and row.due_date < today,
        "state": row.state,
    }


def institution_dashboard(context: dict[str, Any], organization: model.Group) -> dict[str, Any]:
    """What an institution has to do and where it stands, as its focal
    points, validating authority and the coordinators see it."""
    viewer = counts.viewer(context)
    labels = labels_module.Labels.current()
    quoted = '"{}"'.format(organization.name)
    assigned, assigned_facets = counts.facet_counts(
        viewer, "+dataset_type:recommendation +institutions:" + quoted, ["implementation_status", "mechanism"]
    )
    status_counts = assigned_facets.get("implementation_status") or {}
    search = lambda field: lambda code: {"institutions": organization.name, field: code}  # noqa: E731
    status_chart = stats.chart(
        "status",
        tk._("Implementation status"),
        "implementation_status",
        status_counts,
        assigned,
        labels.for_field("implementation_status"),
        search("implementation_status"),
        order=labels_module.order("vocabulary", "implementation_status", status_counts),
        keep_zero=True,
    )
    mechanism_counts = assigned_facets.get("mechanism") or {}
    mechanism_chart = stats.chart(
        "mechanism",
        tk._("Mechanism"),
        "mechanism",
        mechanism_counts,
        assigned,
        labels.for_field("mechanism"),
        search("mechanism"),
        limit=10,
    )

    actions_fq = '+dataset_type:action +owner_org:"{}"'.format(organization.id)
    action_total, action_facets = counts.facet_counts(viewer, actions_fq, ["workflow_state"])
    by_state = action_facets.get("workflow_state") or {}
    waiting = (workflow.DRAFT, workflow.RETURNED, workflow.WITHDRAWN, workflow.SUBMITTED, workflow.APPROVED)
    lists: dict[str, dict[str, Any]] = {state: {"count": by_state.get(state, 0), "results": []} for state in waiting}
    if any(by_state.get(state) for state in waiting):
        # the most recent unpublished actions, ten of each state at most
        recent = counts.latest(viewer, actions_fq + " +workflow_state:({})".format(" OR ".join(waiting)), rows=50)
        for action in recent["results"]:
            group = lists.get(action.get("workflow_state") or workflow.DRAFT)
            if group is not None and len(group["results"]) < 10:
                group["results"].append(action)
    reasons = queries.return_reasons(
        [r["id"] for key in (workflow.RETURNED, workflow.WITHDRAWN) for r in lists[key]["results"]]
    )
    for key in (workflow.RETURNED, workflow.WITHDRAWN):
        for action in lists[key]["results"]:
            action["simore_return"] = reasons.get(action["id"])

    owed = []
    for row in rounds.open_rounds():
        lines = compliance.round_compliance(row, organization.id, labels)
        if not lines:
            continue
        entry = dict(lines[0], **_round_summary(row))  # the round's title and id win
        entry["items"] = (
            compliance.outstanding_items(row, organization.id, viewer=context.get("user") or "")
            if lines[0]["outstanding"]
            else {"records": [], "count": 0}
        )
        owed.append(entry)
    return {
        "organization": {
            "id": organization.id,
            "name": organization.name,
            "title": labels.institution(organization.name),
        },
        "assigned": assigned,
        "status_chart": status_chart.to_dict(),
        "mechanism_chart": mechanism_chart.to_dict(),
        "reports": {
            "total": action_total,
            "by_state": by_state,
            "published": by_state.get(workflow.PUBLISHED, 0),
            **lists,
        },
        "rounds": owed,
        # the questions of information requests it has still to answer
        "questions_owed": tk.get_action("simore_information_request_owed")(dict(context), {"id": organization.id}),
        "outstanding": sum(entry["outstanding"] for entry in owed),
        "viewer_roles": sorted(roles.institution_roles(context.get("user") or None, organization.id)),
        "next_due": min((entry["due_date"] for entry in owed if entry["outstanding"]), default=None),
    }


def recommendations_without_action(context: dict[str, Any], limit: int = 10, offset: int = 0) -> dict[str, Any]:
    """Recommendations no action (in any state) refers to, as the
    coordinators see them (every recommendation and action): their number,
    and ``limit`` of them from ``offset``, oldest first."""
    found = counts_cache.cached(
        "without_action",
        [limit, offset],
        lambda: queries.without_action(limit, offset),
        depends_on=["action", "recommendation"],
    )
    return {"count": found["count"], "records": texts.record_texts(found["names"])}


def _with_institution_titles(found: dict[str, Any], labels: labels_module.Labels) -> dict[str, Any]:
    for record in found["results"]:
        organization = (record.get("organization") or {}).get("name")
        record["simore_institution_title"] = labels.institution(organization) if organization else ""
    return found


def recommendations_without_institution(limit: int = 10) -> dict[str, Any]:
    """Active recommendations no institution is assigned to (as the
    coordinators see them: every one), the most recently changed first."""
    found = counts_cache.cached(
        "without_institution", [limit], lambda: queries.without_institution(limit), depends_on=["recommendation"]
    )
    return {"count": found["count"], "records": texts.record_texts(found["names"])}


def coordinator_dashboard(context: dict[str, Any]) -> dict[str, Any]:
    """Reporting compliance per institution in every open round, overdue
    institutions, actions waiting for publication, recommendations without
    an institution or without any action."""
    viewer = counts.viewer(context)
    labels = labels_module.Labels.current()
    open_rounds = []
    for row in rounds.open_rounds():
        lines = compliance.round_compliance(row, labels=labels)
        owed = sum(entry["owed"] for entry in lines)
        outstanding = sum(entry["outstanding"] for entry in lines)
        chart = stats.compliance_chart(
            "round-" + row.id,
            tk._("Share of what each institution owes that it has answered"),
            lines,
            description=lambda r: (
                r["title"]
                + ": "
                + tk._("{answered} of {owed} answered ({percent})").format(
                    answered=r["answered"], owed=r["owed"], percent="{}\u00a0%".format(r["answered_percent"])
                )
            ),
        )
        open_rounds.append(
            dict(
                _round_summary(row),
                compliance=lines,
                chart=chart.to_dict(),
                owed=owed,
                outstanding=outstanding,
                answered_percent=int(round(100 * (owed - outstanding) / owed)) if owed else 100,
                overdue_institutions=[entry for entry in lines if entry["overdue"]],
            )
        )
    overdue = [dict(entry, round=r) for r in open_rounds for entry in r["overdue_institutions"]]
    return {
        "rounds": open_rounds,
        "overdue": overdue,
        "to_publish": _with_institution_titles(
            counts_cache.cached(
                "to_publish",
                [counts.labels_of(viewer)],
                lambda: counts.latest(viewer, "+dataset_type:action +workflow_state:approved", rows=20),
                depends_on=["action", "organization"],
            ),
            labels,
        ),
        "unassigned": recommendations_without_institution(),
        "without_action": recommendations_without_action(context),
        "reports_due": reports_due(context),
    }


# the coordinators' panel of reports owed to the mechanisms looks this far ahead
REPORTS_DUE_MONTHS = 12


def reports_due(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The reports owed to the mechanisms (the calendar) that are not
    submitted and due in the next 12 months or already overdue, by due
    date."""
    from ckanext.simore.reporting import calendar

    until = calendar.add_months(clock.today(), REPORTS_DUE_MONTHS)
    found = tk.get_action("simore_obligation_list")(
        {"user": context.get("user")}, {"due_until": until.isoformat(), "limit": 1000}
    )
    return [entry for entry in found["obligations"] if entry["stored_state"] != calendar.SUBMITTED]


def institution_choices(user: str) -> list[dict[str, str]]:
    """The institutions whose dashboard the user may open."""
    labels = labels_module.Labels.current()
    if roles.is_coordinator(user):
        coordinating = tk.config.get("ckanext.simore.coordinating_organization")
        records = model.Session.query(model.Group.name).filter(
            organizations.institutions_clause(), model.Group.state == "active", model.Group.name != coordinating
        )
        names = [name for (name,) in records]
    else:
        ids = roles.institutions_of(user)
        names = [g.name for g in model.Session.query(model.Group).filter(model.Group.id.in_(ids))] if ids else []
    return sorted(({"name": n, "title": labels.institution(n)} for n in names), key=lambda i: i["title"].lower())
