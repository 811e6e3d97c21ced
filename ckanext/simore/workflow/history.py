"""Histories of records: an action's workflow events and a recommendation's
status changes, as a reader may see them (staff see who; the public sees
roles, institutions and the comments meant for it)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from ckanext.simore import config, roles
from ckanext.simore.db import tables
from ckanext.simore.workflow import machine as workflow

# The two histories
TRANSITIONS = tables.workflow_event
STATUS_CHANGES = tables.status_event


def record(history: sa.Table, **event: Any) -> int:
    """Add an event to a history (``TRANSITIONS`` or ``STATUS_CHANGES``)
    in the caller's transaction; its id."""
    event.setdefault("created", tables.written_now())
    return model.Session.execute(history.insert().values(**event).returning(history.c.id)).scalar_one()


def transition(
    history: sa.Table,
    subject: dict[str, str],
    state: str,
    name: str,
    acting_roles: set[str],
    user_id: str | None,
    comment: str,
) -> tuple[str, int]:
    """Make the transition ``name`` from ``state`` (workflow/machine.py) and
    record it in ``history``, ``subject`` naming the record (its column and
    id): (the new state, the event's id). A transition the roles may not
    make is a ValidationError naming ``transition``, and nothing is written."""
    try:
        target = workflow.apply(state, name, acting_roles, comment)
    except workflow.WorkflowError as error:
        model.Session.rollback()
        raise tk.ValidationError({"transition": [tk._(error.message).format(**error.params)]})
    event_id = record(
        history, **subject, transition=name, from_state=state, to_state=target, user_id=user_id, comment=comment
    )
    return target, event_id


def events(table, package: model.Package, context, describe) -> list[dict[str, Any]]:
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


def coordinating_institution() -> str | None:
    return config.coordinating_organization() or None
