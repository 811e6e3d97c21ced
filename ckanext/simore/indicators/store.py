"""The indicators' SQL: definitions (``simore_indicator``), the
recommendations each measures, values and their history. Nothing here
commits: the actions do."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.simore.db import linked, tables
from ckanext.simore.workflow import machine as workflow

indicator = tables.indicator
measures = tables.indicator_recommendation
value = tables.indicator_value
event = tables.indicator_value_event

# the columns a write may set
FIELDS = (
    "code",
    "title",
    "description",
    "kind",
    "unit",
    "currency",
    "source",
    "periodicity",
    "disaggregations",
    "organization_id",
    "themes",
    "sdg_targets",
)
VALUE_FIELDS = ("period", "period_start", "value", "disaggregation", "disaggregation_key", "note", "source")


def _new_id() -> str:
    return uuid.uuid4().hex


def get(ref: str) -> sa.Row | None:
    """An indicator by id or code."""
    return model.Session.execute(
        sa.select(indicator).where(sa.or_(indicator.c.id == ref, indicator.c.code == ref.strip().lower()))
    ).first()


def code_taken(code: str, other_than: str | None = None) -> bool:
    query = sa.select(indicator.c.id).where(indicator.c.code == code)
    if other_than:
        query = query.where(indicator.c.id != other_than)
    return model.Session.execute(query).first() is not None


_records = linked.RecordsWithRecommendations(indicator, FIELDS, measures, "indicator_id", new_id=_new_id)
create = _records.create
update = _records.update
delete = _records.delete
set_recommendations = _records.set_recommendations
recommendations = _records.recommendations


def listed(
    kind: str | None = None,
    theme: str | None = None,
    sdg_target: str | None = None,
    organization_id: str | None = None,
    recommendation_ids: list[str] | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[sa.Row]]:
    """How many indicators match, and a page of them by code."""
    query = sa.select(indicator)
    if kind:
        query = query.where(indicator.c.kind == kind)
    if theme:
        query = query.where(indicator.c.themes.contains([theme]))
    if sdg_target:
        query = query.where(indicator.c.sdg_targets.contains([sdg_target]))
    if organization_id:
        query = query.where(indicator.c.organization_id == organization_id)
    if recommendation_ids is not None:
        query = query.where(
            indicator.c.id.in_(
                sa.select(measures.c.indicator_id).where(measures.c.recommendation_id.in_(recommendation_ids))
            )
        )
    return linked.page(query, [indicator.c.code], limit, offset)


def has_values(indicator_id: str) -> bool:
    return model.Session.execute(sa.select(value.c.id).where(value.c.indicator_id == indicator_id)).first() is not None


# values


def get_value(value_id: str) -> sa.Row | None:
    return model.Session.execute(sa.select(value).where(value.c.id == value_id)).first()


def locked_value(value_id: str) -> sa.Row | None:
    """The value's row, locked until the transaction ends: a concurrent
    transition waits, then sees the result."""
    return model.Session.execute(sa.select(value).where(value.c.id == value_id).with_for_update()).first()


def value_taken(indicator_id: str, period: str, disaggregation_key: str, other_than: str | None = None) -> bool:
    query = sa.select(value.c.id).where(
        value.c.indicator_id == indicator_id, value.c.period == period, value.c.disaggregation_key == disaggregation_key
    )
    if other_than:
        query = query.where(value.c.id != other_than)
    return model.Session.execute(query).first() is not None


def create_value(indicator_id: str, organization_id: str, values: dict[str, Any], user_id: str | None) -> str:
    value_id = _new_id()
    model.Session.execute(
        value.insert().values(
            id=value_id,
            indicator_id=indicator_id,
            organization_id=organization_id,
            state=workflow.DRAFT,
            created_by=user_id,
            **{key: values[key] for key in VALUE_FIELDS if key in values},
        )
    )
    return value_id


def update_value(value_id: str, values: dict[str, Any]) -> None:
    model.Session.execute(
        value.update()
        .where(value.c.id == value_id)
        .values(modified=sa.func.now(), **{key: values[key] for key in VALUE_FIELDS if key in values})
    )


def set_state(value_id: str, state: str) -> None:
    model.Session.execute(value.update().where(value.c.id == value_id).values(state=state, modified=sa.func.now()))


def delete_value(value_id: str) -> None:
    model.Session.execute(value.delete().where(value.c.id == value_id))


def values_of(
    indicator_ids: list[str],
    approved_only: bool,
    staff_of: Iterable[str] = (),
    state: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[sa.Row]]:
    """The values of these indicators by period: the approved ones, and
    (unless ``approved_only``) those in progress of the institutions in
    ``staff_of`` (every institution's when it holds ``"*"``)."""
    query = sa.select(value).where(value.c.indicator_id.in_(indicator_ids))
    visible = value.c.state == workflow.APPROVED
    if not approved_only:
        staff = list(staff_of)
        if "*" in staff:
            visible = sa.true()
        elif staff:
            visible = sa.or_(visible, value.c.organization_id.in_(staff))
    query = query.where(visible)
    if state:
        query = query.where(value.c.state == state)
    return linked.page(
        query, [value.c.indicator_id, value.c.period_start, value.c.disaggregation_key, value.c.id], limit, offset
    )


def events_of(value_id: str) -> list[dict[str, Any]]:
    rows = model.Session.execute(sa.select(event).where(event.c.value_id == value_id).order_by(event.c.id))
    return [dict(row._mapping) for row in rows]


def measured(indicator_ids: list[str], recommendation_ids: list[str]) -> dict[str, list[str]]:
    """Which of ``recommendation_ids`` each indicator measures."""
    rows = model.Session.execute(
        sa.select(measures.c.indicator_id, measures.c.recommendation_id).where(
            measures.c.indicator_id.in_(indicator_ids), measures.c.recommendation_id.in_(recommendation_ids)
        )
    )
    found: dict[str, list[str]] = {}
    for indicator_id, recommendation_id in rows:
        found.setdefault(indicator_id, []).append(recommendation_id)
    return found
