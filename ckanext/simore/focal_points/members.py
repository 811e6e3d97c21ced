"""The focal-point designations (table ``simore_focal_point``) and the
members of institutions: who is main or alternate focal point or
validating authority, since when, until when. Nothing here commits: the
actions do."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from ckanext.simore import organizations
from ckanext.simore.db import tables

_focal_point = tables.focal_point.c


def designate(organization_id: str, user_id: str, designation: str, by: model.User | None) -> None:
    model.Session.execute(
        tables.focal_point.insert().values(
            organization_id=organization_id, user_id=user_id, designation=designation, assigned_by=by.id if by else None
        )
    )


def end_designation(organization_id: str, user_id: str) -> str | None:
    """Close the user's open designation in the institution; the designation
    it was (None if there was none)."""
    where = (
        _focal_point.organization_id == organization_id,
        _focal_point.user_id == user_id,
        _focal_point.until.is_(None),
    )
    row = model.Session.execute(sa.select(_focal_point.designation).where(*where)).first()
    model.Session.execute(tables.focal_point.update().where(*where).values(until=sa.func.now()))
    return row.designation if row else None


def institutions() -> list[model.Group]:
    """Every active institution but the coordinating body, by title."""
    coordinating = tk.config.get("ckanext.simore.coordinating_organization")
    return [
        group
        for group in model.Session.query(model.Group)
        .filter(organizations.institutions_clause(), model.Group.state == "active")
        .order_by(model.Group.title)
        if group.name != coordinating
    ]


def people(organization_id: str) -> list[dict[str, Any]]:
    """The institution's focal points and validating authority (active or
    invited accounts), each with their designation."""
    members = (
        model.Session.query(model.User, model.Member.capacity)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(
            model.Member.group_id == organization_id,
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.User.state.in_(["active", "pending"]),
        )
    )
    designations = dict(
        model.Session.execute(
            sa.select(model.User.name, _focal_point.designation)
            .join(model.User, model.User.id == _focal_point.user_id)
            .where(_focal_point.organization_id == organization_id, _focal_point.until.is_(None))
        ).all()
    )
    return [
        {
            "name": user.name,
            "display_name": user.display_name,
            "capacity": capacity,
            "designation": designations.get(user.name, "validator" if capacity == "admin" else "main"),
        }
        for user, capacity in members
        if capacity in ("admin", "editor")
    ]
