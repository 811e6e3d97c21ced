"""API actions of the focal-point workflow: report transitions and their
history, implementation status, assignment, reporting rounds, pending
work and the focal-point network."""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate

from ckanext.simore import config, roles
from ckanext.simore.records import loaders
from ckanext.simore.workflow import notifications
from ckanext.simore.workflow import compliance, rounds
from ckanext.simore.db import tables
from ckanext.simore.workflow import machine as workflow
from ckanext.simore.security import guard
from ckanext.simore.workflow import input_schemas as schema
from ckanext.simore.records.validators import (
    ASSIGNMENT_CONTEXT_KEY, STATUS_CONTEXT_KEY, TRANSITION_CONTEXT_KEY, institution_name)

ACTING_ROLES_CONTEXT_KEY = "simore_acting_roles"

__all__ = [
    "simore_action_transition",
    "simore_action_history",
    "simore_status_set",
    "simore_status_history",
    "simore_recommendation_assign",
    "simore_round_create",
    "simore_round_list",
    "simore_round_show",
    "simore_round_close",
    "simore_round_no_progress",
    "simore_pending_work",
    "simore_focal_point_invite",
    "simore_institution_network",
    "simore_institution_handover",
    "simore_reminders_send",
]


def _user(context) -> model.User | None:
    return model.User.get(context.get("user") or "") if context.get("user") else None


def _package_of_type(ref: Any, dataset_type: str, field: str = "id") -> model.Package:
    if not isinstance(ref, str):
        raise tk.ValidationError({field: [tk._("expected a text (an id or a name)")]})
    package = model.Package.get(ref)
    if package is None or package.type != dataset_type or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("No {type} called {ref!r}").format(type=dataset_type, ref=ref))
    return package


def _locked(package_id: str) -> model.Package:
    """The package row, locked until the transaction ends, re-read from the
    database: a concurrent transition waits here and then sees the result."""
    model.Session.expire_all()
    return (
        model.Session.query(model.Package)
        .filter(model.Package.id == package_id)
        .with_for_update()
        .populate_existing()
        .one()
    )


def _internal_context(context, **flags) -> dict[str, Any]:
    return {"user": context.get("user"), "ignore_auth": True, **flags}


@validate(schema.action_transition)
def simore_action_transition(context, data_dict):
    """Move an action report along its workflow.

    :param id: the action's id or name
    :param transition: ``submit``, ``approve``, ``publish``, ``return`` or
        ``withdraw``
    :param comment: why (required to return or withdraw)
    :returns: the report's new state and the recorded event
    """
    tk.check_access("simore_action_transition", context, data_dict)
    package = _package_of_type(data_dict["id"], "action")
    user = _user(context)
    package = _locked(package.id)
    state = package.extras.get("workflow_state") or workflow.DRAFT
    comment = data_dict.get("comment", "")
    # Trusted internal callers (loaders replaying a report's history) may
    # name the roles they act in; everyone else acts in their own.
    acting_roles = (context.get(ACTING_ROLES_CONTEXT_KEY) if context.get("ignore_auth") else None) \
        or roles.institution_roles(user, package.owner_org)
    try:
        target = workflow.apply(state, data_dict["transition"], acting_roles, comment)
    except workflow.WorkflowError as error:
        model.Session.rollback()
        raise tk.ValidationError({"transition": [tk._(error.message).format(**error.params)]})
    event_id = model.Session.execute(
        tables.workflow_event.insert()
        .values(package_id=package.id, transition=data_dict["transition"], from_state=state,
                to_state=target, user_id=user.id if user else None, comment=comment)
        .returning(tables.workflow_event.c.id)
    ).scalar_one()
    # package_patch commits: the state, the event and the index change
    # become visible together.
    tk.get_action("package_patch")(
        _internal_context(context, **{TRANSITION_CONTEXT_KEY: target}),
        {"id": package.id, "workflow_state": target, "private": not workflow.is_public(target)},
    )
    tk.enqueue_job(notifications.notify_transition, [event_id],
                   title="simore notify transition {}".format(event_id))
    return {"id": package.id, "from_state": state, "state": target, "event_id": event_id}


def _events(table, package: model.Package, context, describe) -> list[dict[str, Any]]:
    """A record's events, oldest first. Its institution's staff and the
    coordinators see who did what; everyone else the role and institution
    only, and only the comments meant for the public (``describe`` gives an
    event's role, institution and whether its comment is public)."""
    staff = context.get("ignore_auth") or bool(roles.institution_roles(context.get("user"), package.owner_org))
    rows = model.Session.execute(
        sa.select(table).where(table.c.package_id == package.id).order_by(table.c.created, table.c.id)
    )
    events = []
    for row in rows:
        event = dict(row._mapping)
        user = model.User.get(event.pop("user_id") or "")
        role, institution, public_comment = describe(event, user)
        event.update(role=role, institution=institution)
        if staff:
            event["user"] = user.name if user else None
            event["user_display_name"] = user.display_name if user else None
        elif not public_comment:
            event.pop("comment", None)
        event["created"] = event["created"].isoformat()
        events.append(event)
    return events


def _coordinating_institution() -> str | None:
    return config.coordinating_organization() or None


@tk.side_effect_free
def simore_action_history(context, data_dict):
    """The transitions of an action report, oldest first: when, from, to,
    the role and institution that made each; who and the comments for the
    institution's staff and the coordinators (the public sees only comments
    meant for it)."""
    tk.check_access("simore_action_history", context, data_dict)
    package = _package_of_type(guard.text_ref(data_dict, "id"), "action")
    institution = model.Group.get(package.owner_org)

    def describe(event, user):
        actor_roles = roles.institution_roles(user, package.owner_org) if user else set()
        role = workflow.acting_role(event["transition"], event["from_state"], actor_roles)
        at = _coordinating_institution() if role == workflow.COORDINATOR else (
            institution.name if institution else None)
        return role, at, event["transition"] in workflow.PUBLIC_COMMENT_TRANSITIONS

    return _events(tables.workflow_event, package, context, describe)


@validate(schema.status_set)
def simore_status_set(context, data_dict):
    """Set a recommendation's implementation status, with a justification
    kept in its history.

    :param id: the recommendation's id or name
    :param status: a code of the ``implementation_statuses`` vocabulary
    :param justification: why
    """
    tk.check_access("simore_status_set", context, data_dict)
    package = _locked(_package_of_type(data_dict["id"], "recommendation").id)
    previous = package.extras.get("implementation_status")
    user = _user(context)
    model.Session.execute(tables.status_event.insert().values(
        package_id=package.id, from_status=previous, to_status=data_dict["status"],
        justification=data_dict["justification"], user_id=user.id if user else None,
    ))
    tk.get_action("package_patch")(
        _internal_context(context, **{STATUS_CONTEXT_KEY: data_dict["status"]}),
        {"id": package.id, "implementation_status": data_dict["status"]},
    )
    return {"id": package.id, "from_status": previous, "status": data_dict["status"]}


@tk.side_effect_free
def simore_status_history(context, data_dict):
    """The implementation-status changes of a recommendation, oldest first,
    with their public justification; who made each, for the coordinators."""
    tk.check_access("simore_status_history", context, data_dict)
    package = _package_of_type(guard.text_ref(data_dict, "id"), "recommendation")
    return _events(tables.status_event, package, context,
                   lambda event, user: (workflow.COORDINATOR, _coordinating_institution(), True))


@validate(schema.recommendation_assign)
def simore_recommendation_assign(context, data_dict):
    """Assign institutions to recommendations, chosen by id/name or by a
    search (``q``/``fq``), in one go.

    :param ids: recommendation ids or names (or give ``q``/``fq``)
    :param institutions: institution names or ids to add
    :param lead_institution: optional; becomes the lead of every one
    :param replace: true to replace the assigned institutions instead of
        adding to them
    :returns: the number of recommendations changed
    """
    tk.check_access("simore_recommendation_assign", context, data_dict)
    if data_dict.get("ids"):
        names = [_package_of_type(ref, "recommendation", "ids").name for ref in data_dict["ids"]]
    elif data_dict.get("q") or data_dict.get("fq"):
        names = [rec["name"] for rec in rounds.search_all(
            data_dict.get("q", ""), "+dataset_type:recommendation " + data_dict.get("fq", ""))]
    else:
        raise tk.ValidationError({"ids": [tk._("give recommendation ids or a search (q, fq)")]})
    try:
        institutions = [institution_name(ref) for ref in data_dict["institutions"]]
    except tk.Invalid as error:
        raise tk.ValidationError({"institutions": [error.error]})
    # Everything is checked before the first write (CKAN 2.12's
    # package_update cannot defer its commit: it drops its savepoint).
    write_context = _internal_context(context, **{ASSIGNMENT_CONTEXT_KEY: True})
    changed = 0
    for name in names:
        current = tk.get_action("package_show")(_internal_context(context), {"id": name})
        assigned = [] if data_dict.get("replace") else list(current.get("institutions") or [])
        for institution in institutions:
            if institution not in assigned:
                assigned.append(institution)
        patch = {"id": name, "institutions": assigned}
        if data_dict.get("lead_institution"):
            patch["lead_institution"] = data_dict["lead_institution"]
        elif current.get("lead_institution") and current["lead_institution"] not in assigned:
            patch["lead_institution"] = None  # the lead was taken away
        if assigned != current.get("institutions") or "lead_institution" in patch:
            tk.get_action("package_patch")(dict(write_context), patch)
            changed += 1
    return {"count": changed}


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
    row = rounds.get(round_id)
    if row is None:
        raise tk.ObjectNotFound(tk._("No reporting round {id!r}").format(id=round_id))
    return row


@validate(schema.round_create)
def simore_round_create(context, data_dict):
    """Open a reporting round: every institution assigned to a
    recommendation the search finds owes a report by the due date.

    :param title: e.g. "Follow-up 2026-1"
    :param due_date: YYYY-MM-DD
    :param q: search text selecting the recommendations (optional)
    :param fq: search filters selecting the recommendations (optional)
    :param description: optional
    """
    tk.check_access("simore_round_create", context, data_dict)
    user = _user(context)
    round_id = rounds.open_round(
        data_dict["title"], data_dict["due_date"], data_dict.get("q", ""),
        data_dict.get("fq", ""), data_dict.get("description", ""), user.id if user else None,
    )
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
    """Close a reporting round: no more reports are filed for it."""
    tk.check_access("simore_round_close", context, data_dict)
    row = _round_or_404(guard.text_ref(data_dict, "id"))
    rounds.close(row.id)
    return _round_dict(rounds.get(row.id))


@validate(schema.round_no_progress)
def simore_round_no_progress(context, data_dict):
    """Answer "no progress this period" for a recommendation owed in a round.

    :param id: the round's id
    :param recommendation: the recommendation's id or name
    :param organization: the answering institution's id or name
    :param comment: optional explanation
    """
    tk.check_access("simore_round_no_progress", context, data_dict)
    row = _round_or_404(data_dict["id"])
    recommendation = _package_of_type(data_dict["recommendation"], "recommendation", "recommendation")
    organization = model.Group.get(data_dict["organization"])
    user = _user(context)
    if row.state != "open" or organization is None or not rounds.declare_no_progress(
        row.id, recommendation.id, organization.id, data_dict.get("comment", ""), user.id if user else None
    ):
        raise tk.ValidationError({"recommendation": [
            tk._("this recommendation is not owed by this institution in an open round")]})
    return {"id": row.id, "recommendation": recommendation.name, "organization": organization.name}


def _search(context, fq: str, rows: int = 50) -> dict[str, Any]:
    return tk.get_action("package_search")(
        {"user": context.get("user")},
        {"fq": fq, "rows": rows, "include_private": True, "sort": "metadata_modified desc"},
    )


@tk.side_effect_free
def simore_pending_work(context, data_dict):
    """What the current user has to do: reports to finish or resubmit,
    reports to approve, reports to publish, reports owed in open rounds,
    overdue institutions and unassigned recommendations."""
    tk.check_access("simore_pending_work", context, data_dict)
    user = _user(context)
    work: dict[str, Any] = {}
    my_orgs = roles.institutions_of(user)
    if my_orgs:
        orgs = " OR ".join('"{}"'.format(org) for org in my_orgs)
        work["to_finish"] = _search(context, "+dataset_type:action +owner_org:({}) "
                                             "+workflow_state:(draft OR returned OR withdrawn)".format(orgs))
        admin_orgs = [org for org in my_orgs if workflow.VALIDATOR in roles.institution_roles(user, org)]
        if admin_orgs:
            work["to_approve"] = _search(context, "+dataset_type:action +workflow_state:submitted "
                                                  "+owner_org:({})".format(" OR ".join('"{}"'.format(o) for o in admin_orgs)))
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


DESIGNATION_CAPACITY = {"main": "editor", "alternate": "editor", "validator": "admin"}


@validate(schema.focal_point_invite)
def simore_focal_point_invite(context, data_dict):
    """Invite someone by e-mail to be an institution's main or alternate
    focal point, or its validating authority (CKAN sends the invitation).

    :param organization: the institution's id or name
    :param email: the person's e-mail address
    :param designation: ``main``, ``alternate`` or ``validator``
    """
    tk.check_access("simore_focal_point_invite", context, data_dict)
    organization = model.Group.get(data_dict["organization"])
    if organization is None or not organization.is_organization:
        raise tk.ObjectNotFound(tk._("No institution {ref!r}").format(ref=data_dict["organization"]))
    existing = _user_by_email(data_dict["email"])
    # CKAN re-checks membership changes as the calling user inside
    # organization_member_create; coordinators act here as the site.
    internal = loaders.site_user_context()
    if existing:
        user = existing
        tk.get_action("organization_member_create")(internal, {
            "id": organization.id, "username": user.name,
            "role": DESIGNATION_CAPACITY[data_dict["designation"]]})
    else:
        invited = tk.get_action("user_invite")(internal, {
            "email": data_dict["email"], "group_id": organization.id,
            "role": DESIGNATION_CAPACITY[data_dict["designation"]]})
        user = model.User.get(invited["id"])
    _designate(organization.id, user.id, data_dict["designation"], _user(context))
    return {"organization": organization.name, "user": user.name,
            "designation": data_dict["designation"]}


def _user_by_email(email: str) -> model.User | None:
    """The account with this e-mail address: CKAN 2.11's User.by_email
    returns a list, 2.12's one user or None."""
    found = model.User.by_email(email)
    if isinstance(found, list):
        return found[0] if found else None
    return found


def _designate(organization_id: str, user_id: str, designation: str, by: model.User | None) -> None:
    model.Session.execute(tables.focal_point.insert().values(
        organization_id=organization_id, user_id=user_id, designation=designation,
        assigned_by=by.id if by else None))
    model.Session.commit()


@tk.side_effect_free
def simore_institution_network(context, data_dict):
    """Every institution with its active focal points and validating
    authorities; ``without_focal_point`` lists those nobody reports for."""
    tk.check_access("simore_institution_network", context, data_dict)
    coordinating = tk.config.get("ckanext.simore.coordinating_organization")
    institutions = []
    for group in model.Session.query(model.Group).filter_by(is_organization=True, state="active").order_by(model.Group.title):
        if group.name == coordinating:
            continue
        members = model.Session.query(model.User, model.Member.capacity) \
            .join(model.Member, model.Member.table_id == model.User.id) \
            .filter(model.Member.group_id == group.id, model.Member.table_name == "user",
                    model.Member.state == "active", model.User.state.in_(["active", "pending"]))
        designations = dict(model.Session.execute(
            sa.select(model.User.name, tables.focal_point.c.designation)
            .join(model.User, model.User.id == tables.focal_point.c.user_id)
            .where(tables.focal_point.c.organization_id == group.id, tables.focal_point.c.until.is_(None))
        ).all())
        people = [
            {"name": user.name, "display_name": user.display_name, "capacity": capacity,
             "designation": designations.get(user.name, "validator" if capacity == "admin" else "main")}
            for user, capacity in members
            if capacity in ("admin", "editor")
        ]
        institutions.append({"name": group.name, "title": group.title, "people": people,
                             "has_focal_point": any(p["capacity"] in ("admin", "editor") for p in people)})
    return {"institutions": institutions,
            "without_focal_point": [i["name"] for i in institutions if not i["has_focal_point"]]}


@validate(schema.institution_handover)
def simore_institution_handover(context, data_dict):
    """Hand an institution's role from one person to another when staff
    change: the newcomer gets the same capacity, the leaver loses it, the
    history (who did what) stays.

    :param organization: the institution's id or name
    :param from_user: who leaves
    :param to_user: who takes over
    """
    tk.check_access("simore_institution_handover", context, data_dict)
    organization = model.Group.get(data_dict["organization"])
    leaver, newcomer = model.User.get(data_dict["from_user"]), model.User.get(data_dict["to_user"])
    if organization is None or leaver is None or newcomer is None:
        raise tk.ObjectNotFound(tk._("No such institution or user"))
    capacity = roles._capacities(leaver.id).get(organization.id)
    if capacity not in ("admin", "editor"):
        raise tk.ValidationError({"from_user": [tk._("{user} has no role in {institution}").format(
            user=leaver.name, institution=organization.name)]})
    internal = loaders.site_user_context()
    tk.get_action("organization_member_create")(internal, {
        "id": organization.id, "username": newcomer.name, "role": capacity})
    tk.get_action("organization_member_delete")(internal, {
        "id": organization.id, "username": leaver.name})
    open_row = model.Session.execute(
        sa.select(tables.focal_point.c.designation)
        .where(tables.focal_point.c.organization_id == organization.id,
               tables.focal_point.c.user_id == leaver.id, tables.focal_point.c.until.is_(None))
    ).first()
    model.Session.execute(
        tables.focal_point.update()
        .where(tables.focal_point.c.organization_id == organization.id,
               tables.focal_point.c.user_id == leaver.id, tables.focal_point.c.until.is_(None))
        .values(until=sa.func.now()))
    designation = open_row.designation if open_row else ("validator" if capacity == "admin" else "main")
    _designate(organization.id, newcomer.id, designation, _user(context))
    return {"organization": organization.name, "from_user": leaver.name,
            "to_user": newcomer.name, "capacity": capacity}


def simore_reminders_send(context, data_dict):
    """Send the due-soon and overdue reminders of open rounds (each once).

    :param today: optional YYYY-MM-DD, the day to compute from
    """
    tk.check_access("simore_reminders_send", context, data_dict)
    today = data_dict.get("today")
    if today:
        try:
            today = datetime.date.fromisoformat(today)
        except (TypeError, ValueError):
            raise tk.ValidationError({"today": [tk._("expected a date YYYY-MM-DD")]})
    return {"sent": notifications.send_reminders(today)}
