"""API actions of the focal-point workflow: action transitions and their
history, reporting rounds, pending work and reminders."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate

from ckanext.simore import keys, roles
from ckanext.simore.records import lookups
from ckanext.simore.security import guard
from ckanext.simore.workflow import compliance, history, input_schemas, notifications, rounds
from ckanext.simore.workflow import machine as workflow

__all__ = [
    "simore_action_transition",
    "simore_action_history",
    "simore_round_create",
    "simore_round_list",
    "simore_round_show",
    "simore_round_close",
    "simore_round_outstanding",
    "simore_round_no_progress",
    "simore_pending_work",
    "simore_reminders_send",
]

# the most records one outstanding list shows (a page, not an export)
MAX_OUTSTANDING_LISTED = 1000


@validate(input_schemas.action_transition)
def simore_action_transition(context, data_dict):
    """Move an action along its workflow.

    :param id: the action's id or name
    :param transition: ``submit``, ``approve``, ``publish``, ``return`` or
        ``withdraw``
    :param comment: why (required to return or withdraw)
    :returns: the action's new state and the recorded event
    """
    tk.check_access("simore_action_transition", context, data_dict)
    package = lookups.package_of_type(data_dict["id"], "action")
    user = lookups.user_of(context)
    package = lookups.locked(package.id)
    state = package.extras.get("workflow_state") or workflow.DRAFT
    comment = data_dict.get("comment", "")
    # Trusted internal callers (loaders replaying an action's history) may
    # name the roles they act in; everyone else acts in their own.
    acting_roles = (context.get(keys.ACTING_ROLES) if context.get("ignore_auth") else None) or roles.institution_roles(
        user, package.owner_org
    )
    target, event_id = history.transition(
        history.TRANSITIONS,
        {"package_id": package.id},
        state,
        data_dict["transition"],
        acting_roles,
        user.id if user else None,
        comment,
    )
    # package_patch commits: the state, the event and the index change
    # become visible together.
    tk.get_action("package_patch")(
        lookups.internal_context(context, **{keys.TRANSITION_TARGET: target}),
        {"id": package.id, "workflow_state": target, "private": not workflow.is_public(target)},
    )
    tk.enqueue_job(notifications.notify_transition, [event_id], title="simore notify transition {}".format(event_id))
    return {"id": package.id, "from_state": state, "state": target, "event_id": event_id}


@tk.side_effect_free
def simore_action_history(context, data_dict):
    """The transitions of an action, oldest first: when, from, to,
    the role and institution that made each; who and the comments for the
    institution's staff and the coordinators (the public sees only comments
    meant for it)."""
    ref = guard.text_ref(data_dict, "id")  # a list or a number is a 400, before any lookup
    tk.check_access("simore_action_history", context, data_dict)
    package = lookups.package_of_type(ref, "action")
    institution = model.Group.get(package.owner_org)

    def describe(event, user):
        actor_roles = roles.institution_roles(user, package.owner_org) if user else set()
        role = workflow.acting_role(event["transition"], event["from_state"], actor_roles)
        at = (
            history.coordinating_institution()
            if role == workflow.COORDINATOR
            else (institution.name if institution else None)
        )
        return role, at, event["transition"] in workflow.PUBLIC_COMMENT_TRANSITIONS

    return history.events(history.TRANSITIONS, package, context, describe)


def _round_dict(row, with_compliance: bool = False) -> dict[str, Any]:
    result = dict(row._mapping)
    result["due_date"] = row.due_date.isoformat()
    result["created"] = row.created.isoformat()
    result["closed"] = row.closed.isoformat() if row.closed else None
    result["item_count"] = len(rounds.items(row.id))
    if with_compliance:
        result["compliance"] = compliance.round_compliance(row)
    return result


def _round_or_404(round_id: str):
    return lookups.found(rounds.get(round_id), tk._("No reporting round {id!r}").format(id=round_id))


@validate(input_schemas.round_create)
def simore_round_create(context, data_dict):
    """Open a reporting round: every institution assigned to a
    recommendation the search finds has to report on it by the due date.

    :param title: e.g. "Follow-up 2026-1"
    :param due_date: YYYY-MM-DD
    :param q: search text selecting the recommendations (optional)
    :param fq: search filters selecting the recommendations (optional)
    :param description: optional
    """
    tk.check_access("simore_round_create", context, data_dict)
    user = lookups.user_of(context)
    round_id = rounds.open_round(
        data_dict["title"],
        data_dict["due_date"],
        data_dict.get("q", ""),
        data_dict.get("fq", ""),
        data_dict.get("description", ""),
        user.id if user else None,
    )
    model.Session.commit()
    return _round_dict(rounds.get(round_id))


@tk.side_effect_free
def simore_round_list(context, data_dict):
    """Reporting rounds, newest first."""
    tk.check_access("simore_round_list", context, data_dict)
    return [_round_dict(row) for row in rounds.all_rounds()]


@tk.side_effect_free
def simore_round_show(context, data_dict):
    """A reporting round with its compliance per institution (owed,
    submitted, approved, published, no progress, outstanding, overdue)."""
    tk.check_access("simore_round_show", context, data_dict)
    return _round_dict(_round_or_404(guard.text_ref(data_dict, "id")), with_compliance=True)


def simore_round_close(context, data_dict):
    """Close a reporting round: no more actions are filed for it."""
    tk.check_access("simore_round_close", context, data_dict)
    row = _round_or_404(guard.text_ref(data_dict, "id"))
    rounds.close(row.id)
    model.Session.commit()
    return _round_dict(rounds.get(row.id))


@tk.side_effect_free
@validate(input_schemas.round_outstanding)
def simore_round_outstanding(context, data_dict):
    """What an institution still owes in a round: the recommendations it
    has neither reported an action on nor answered "no progress" for.

    :param id: the round's id
    :param organization: the institution's id or name
    :param limit: at most this many records (default 100, at most 1000)
    :returns: ``outstanding`` (how many in all), ``records`` (name and the
        text the reader may see, the first ``limit`` by name) and
        ``viewer_roles`` (the reader's roles in the institution: a focal
        point answers from this list)
    """
    tk.check_access("simore_round_outstanding", context, data_dict)
    row = _round_or_404(data_dict["id"])
    organization = model.Group.get(data_dict["organization"])
    if organization is None or not organization.is_organization:
        raise tk.ObjectNotFound(tk._("No institution {name!r}").format(name=data_dict["organization"]))
    counts = compliance.round_compliance(row, organization.id)
    items = compliance.outstanding_items(
        row, organization.id, min(data_dict.get("limit", 100), MAX_OUTSTANDING_LISTED), context.get("user") or ""
    )
    return {
        "round": _round_dict(row),
        "organization": {"id": organization.id, "name": organization.name, "title": organization.display_name},
        "outstanding": counts[0]["outstanding"] if counts else 0,
        "records": items["records"],
        "viewer_roles": sorted(roles.institution_roles(context.get("user"), organization.id)),
    }


@validate(input_schemas.round_no_progress)
def simore_round_no_progress(context, data_dict):
    """Answer "no progress this period" for a recommendation owed in a round.

    :param id: the round's id
    :param recommendation: the recommendation's id or name
    :param organization: the answering institution's id or name
    :param comment: optional explanation
    """
    tk.check_access("simore_round_no_progress", context, data_dict)
    row = _round_or_404(data_dict["id"])
    recommendation = lookups.package_of_type(data_dict["recommendation"], "recommendation", "recommendation")
    organization = model.Group.get(data_dict["organization"])
    user = lookups.user_of(context)
    if (
        row.state != "open"
        or organization is None
        or not rounds.declare_no_progress(
            row.id, recommendation.id, organization.id, data_dict.get("comment", ""), user.id if user else None
        )
    ):
        raise tk.ValidationError(
            {"recommendation": [tk._("this recommendation is not owed by this institution in an open round")]}
        )
    model.Session.commit()
    return {"id": row.id, "recommendation": recommendation.name, "organization": organization.name}


def _search(context, fq: str, rows: int = 50) -> dict[str, Any]:
    return tk.get_action("package_search")(
        {"user": context.get("user")},
        {"fq": fq, "rows": rows, "include_private": True, "sort": "metadata_modified desc"},
    )


@tk.side_effect_free
def simore_pending_work(context, data_dict):
    """What the current user has to do: actions to finish or resubmit,
    actions to approve, actions to publish, recommendations to report on
    in open rounds,
    overdue institutions and unassigned recommendations."""
    tk.check_access("simore_pending_work", context, data_dict)
    user = lookups.user_of(context)
    work: dict[str, Any] = {}
    my_orgs = roles.institutions_of(user)
    if my_orgs:
        orgs = " OR ".join('"{}"'.format(org) for org in my_orgs)
        work["to_finish"] = _search(
            context,
            "+dataset_type:action +owner_org:({}) +workflow_state:(draft OR returned OR withdrawn)".format(orgs),
        )
        admin_orgs = [org for org in my_orgs if workflow.VALIDATOR in roles.institution_roles(user, org)]
        if admin_orgs:
            work["to_approve"] = _search(
                context,
                "+dataset_type:action +workflow_state:submitted +owner_org:({})".format(
                    " OR ".join('"{}"'.format(o) for o in admin_orgs)
                ),
            )
        work["owed"] = [
            {"round": _round_dict(row), **entry}
            for row in rounds.open_rounds()
            for entry in compliance.round_compliance(row)
            if entry["organization_id"] in my_orgs and entry["outstanding"]
        ]
    if roles.is_coordinator(user):
        work["to_publish"] = _search(context, "+dataset_type:action +workflow_state:approved")
        work["overdue"] = [
            {"round": _round_dict(row), **entry}
            for row in rounds.open_rounds()
            for entry in compliance.round_compliance(row)
            if entry["overdue"]
        ]
        work["unassigned"] = _search(context, "+dataset_type:recommendation -institutions:[* TO *]", rows=20)
    return work


def simore_reminders_send(context, data_dict):
    """Send the due-soon and overdue reminders of open rounds (each once).

    :param today: optional YYYY-MM-DD, the day to compute from
    """
    tk.check_access("simore_reminders_send", context, data_dict)
    return {"sent": notifications.send_reminders(guard.optional_day(data_dict, "today"))}
