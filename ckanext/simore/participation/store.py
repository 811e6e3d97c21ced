"""The SQL of civil society participation: requests to join or register
organizations, and who belongs to which civil society organization.
Nothing here commits: the actions do."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.simore.db import linked, tables
from ckanext.simore.participation import memberships

request = tables.membership_request


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def create_request(
    kind: str, user_id: str, organization_id: str | None, proposal: dict[str, Any] | None, message: str
) -> str:
    request_id = new_id()
    model.Session.execute(
        request.insert().values(
            id=request_id,
            kind=kind,
            user_id=user_id,
            organization_id=organization_id,
            proposal=proposal,
            message=message,
            state=memberships.PENDING,
        )
    )
    return request_id


def get_request(request_id: str, for_update: bool = False) -> sa.Row | None:
    query = sa.select(request).where(request.c.id == request_id)
    return model.Session.execute(query.with_for_update() if for_update else query).first()


def pending_count(user_id: str) -> int:
    return model.Session.execute(
        sa.select(sa.func.count()).where(request.c.user_id == user_id, request.c.state == memberships.PENDING)
    ).scalar_one()


def pending_for(user_id: str, organization_id: str | None, name: str | None) -> bool:
    """Whether the person already waits on a request for this organization
    (or to register one of this name)."""
    where = [request.c.user_id == user_id, request.c.state == memberships.PENDING]
    where.append(
        request.c.organization_id == organization_id if organization_id else request.c.proposal["name"].astext == name
    )
    return model.Session.execute(sa.select(request.c.id).where(*where)).first() is not None


def decide(request_id: str, state: str, reason: str, user_id: str | None, organization_id: str | None) -> None:
    model.Session.execute(
        request.update()
        .where(request.c.id == request_id)
        .values(
            state=state,
            reason=reason or None,
            decided_by=user_id,
            decided=sa.func.now(),
            organization_id=organization_id,
        )
    )


def listed(
    states: Iterable[str],
    user_id: str | None,
    organization_ids: Iterable[str] | None,
    kinds: Iterable[str],
    limit: int,
    offset: int,
) -> tuple[int, list[sa.Row]]:
    """How many requests match, and a page of them, newest first: made by
    ``user_id`` if given; about ``organization_ids`` if given."""
    query = sa.select(request).where(request.c.state.in_(list(states)), request.c.kind.in_(list(kinds)))
    if user_id is not None:
        query = query.where(request.c.user_id == user_id)
    if organization_ids is not None:
        query = query.where(request.c.organization_id.in_(list(organization_ids)))
    return linked.page(query, [request.c.created.desc(), request.c.id], limit, offset)
