"""The calendar's SQL: reporting obligations
(``simore_reporting_obligation``) and the recommendations each covers
(``simore_reporting_obligation_recommendation``), read with the title and
code of their mechanism. Nothing here commits: the actions do."""

from __future__ import annotations

import datetime
import uuid

import sqlalchemy as sa
from ckan import model

from ckanext.simore.db import linked, tables
from ckanext.simore.reporting import calendar

obligation = tables.reporting_obligation
covered = tables.reporting_obligation_recommendation

# the columns a write may set
FIELDS = (
    "mechanism_id",
    "kind",
    "period",
    "period_start",
    "period_end",
    "due_date",
    "state",
    "document_symbol",
    "submitted_on",
    "notes",
)


def _with_mechanism(public_only: bool = False) -> sa.Select:
    """Obligations with their mechanism; ``public_only``: only those of a
    public mechanism (a private or deleted one is not the public's to see)."""
    mechanism = model.Package.__table__.alias("mechanism")
    query = sa.select(
        obligation, mechanism.c.name.label("mechanism_name"), mechanism.c.title.label("mechanism_title")
    ).join(mechanism, mechanism.c.id == obligation.c.mechanism_id)
    if public_only:
        query = query.where(mechanism.c.private.is_(False), mechanism.c.state == "active")
    return query


def get(obligation_id: str, public_only: bool = False) -> sa.Row | None:
    return model.Session.execute(_with_mechanism(public_only).where(obligation.c.id == obligation_id)).first()


_records = linked.RecordsWithRecommendations(
    obligation, FIELDS, covered, "obligation_id", new_id=lambda: uuid.uuid4().hex[:12]
)
create = _records.create
update = _records.update
delete = _records.delete
set_recommendations = _records.set_recommendations
recommendations = _records.recommendations


def recommendation_counts(obligation_ids: list[str]) -> dict[str, int]:
    if not obligation_ids:
        return {}
    rows = model.Session.execute(
        sa.select(covered.c.obligation_id, sa.func.count())
        .where(covered.c.obligation_id.in_(obligation_ids))
        .group_by(covered.c.obligation_id)
    )
    return dict(rows.all())


def listed(
    today: datetime.date,
    mechanism_id: str | None = None,
    state: str | None = None,
    kind: str | None = None,
    due_from: datetime.date | None = None,
    due_until: datetime.date | None = None,
    limit: int = 100,
    offset: int = 0,
    public_only: bool = False,
) -> tuple[int, list[sa.Row]]:
    """How many obligations match, and a page of them by due date; ``state``
    may be "overdue" (derived: due before today and not submitted)."""
    query = _with_mechanism(public_only)
    if mechanism_id:
        query = query.where(obligation.c.mechanism_id == mechanism_id)
    if kind:
        query = query.where(obligation.c.kind == kind)
    if state == calendar.OVERDUE:
        query = query.where(obligation.c.state != calendar.SUBMITTED, obligation.c.due_date < today)
    elif state == calendar.SUBMITTED:
        query = query.where(obligation.c.state == state)
    elif state:
        # a stored state other than submitted, still on time
        query = query.where(obligation.c.state == state, obligation.c.due_date >= today)
    if due_from:
        query = query.where(obligation.c.due_date >= due_from)
    if due_until:
        query = query.where(obligation.c.due_date <= due_until)
    return linked.page(query, [obligation.c.due_date, obligation.c.id], limit, offset)


def existing(mechanism_id: str, kind: str, due_date: datetime.date) -> bool:
    """Whether the calendar has this mechanism's report of this kind due
    that day (so that generating twice adds nothing)."""
    return (
        model.Session.execute(
            sa.select(obligation.c.id).where(
                obligation.c.mechanism_id == mechanism_id, obligation.c.kind == kind, obligation.c.due_date == due_date
            )
        ).first()
        is not None
    )


def not_submitted_due_by(day: datetime.date) -> list[sa.Row]:
    """Obligations not submitted whose due date is on or before ``day``
    (what the reminders look at)."""
    return model.Session.execute(
        _with_mechanism()
        .where(obligation.c.state != calendar.SUBMITTED, obligation.c.due_date <= day)
        .order_by(obligation.c.due_date)
    ).all()
