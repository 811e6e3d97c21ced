"""A recommendation's implementation-status history in its search document
(``stats.status_flows``), so that progress over time is counted by facets;
the histories of a batch being indexed are read in one query."""

from __future__ import annotations

import contextlib
import contextvars
import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.simore import clock
from ckanext.simore.db import tables
from ckanext.simore.portal import stats

# package id -> its status events, read for a batch being indexed
_prefetched_events: contextvars.ContextVar[dict[str, list[Any]] | None] = contextvars.ContextVar(
    "simore_prefetched_status_events", default=None
)


def _status_events(condition: Any) -> list[Any]:
    event = tables.status_event.c
    return model.Session.execute(
        sa.select(event.package_id, event.created, event.from_status, event.to_status)
        .where(condition)
        .order_by(event.created, event.id)
    ).all()


@contextlib.contextmanager
def status_events_prefetched(package_ids: list[str]) -> Iterator[None]:
    """Index many datasets with one query for their status histories
    (index_status_flow otherwise reads one history per dataset)."""
    events: dict[str, list[Any]] = {package_id: [] for package_id in package_ids}
    if package_ids:
        for row in _status_events(tables.status_event.c.package_id.in_(package_ids)):
            events[row.package_id].append(row)
    token = _prefetched_events.set(events)
    try:
        yield
    finally:
        _prefetched_events.reset(token)


def index_status_flow(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Add a recommendation's status flows (``stats.status_flows``) to its
    search document, so that progress over time is counted by facets."""
    if (pkg_dict.get("dataset_type") or pkg_dict.get("type")) != "recommendation" or not pkg_dict.get("id"):
        return pkg_dict
    prefetched = _prefetched_events.get()
    if prefetched is not None and pkg_dict["id"] in prefetched:
        events = prefetched[pkg_dict["id"]]
    else:
        events = _status_events(tables.status_event.c.package_id == pkg_dict["id"])
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    issued = (
        _year_of(pkg_dict.get("publication_year")) or _year_of(pkg_dict.get("metadata_created")) or clock.today().year
    )
    current = validated.get("implementation_status") or None
    modified = _year_of(pkg_dict.get("metadata_modified")) or clock.today().year
    pkg_dict[stats.FLOW_FIELD] = stats.status_flows(
        issued, [(row.created.year, row.from_status, row.to_status) for row in events], current, modified
    )
    return pkg_dict


def _year_of(value: Any) -> int | None:
    text = str(value or "")[:4]
    return int(text) if text.isdigit() else None
