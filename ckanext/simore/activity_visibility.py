"""Activity streams follow a dataset's current visibility.

CKAN stores with each activity the permission labels its dataset had when
the activity was written, and every activity channel (dataset,
organization, user, dashboard and "recently changed" streams, activity_show
and its data and diff, the activity pages and e-mails) filters by them. So
a report that was published once and is withdrawn now would stay readable
through its old "public" activities. Whenever a dataset's labels change,
its past activities are narrowed: an activity is seen only by those who
could see it when it was written *and* may see the dataset now.
"""
from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa

import ckan.plugins as p
from ckan import model
from ckan.lib.plugins import get_permission_labels

PUBLIC = "public"


def narrowed(stored: Iterable[str] | None, current: Iterable[str]) -> list[str]:
    """The labels an activity keeps once its dataset has the labels
    ``current``. Pure logic.

    Labels grant access alone (a reader needs one of them), so: a public
    dataset leaves its activities as they were (a draft's activities stay
    its institution's); a public activity of a dataset no longer public
    takes the dataset's labels; otherwise only labels in both remain.
    """
    stored, current = list(stored or []), list(current)
    if PUBLIC in current:
        return stored
    if PUBLIC in stored:
        return current
    return [label for label in stored if label in current]


def follow_dataset(package_id: str) -> None:
    """Narrow the stored labels of the dataset's activities to what its
    current labels allow (in the caller's transaction); a purged dataset's
    are left to sysadmins."""
    if not p.plugin_loaded("activity"):
        return
    package = model.Package.get(package_id)
    current = get_permission_labels().get_dataset_labels(package) if package is not None else []
    if PUBLIC in current:
        return  # nothing to narrow: the common case costs no query
    rows = model.Session.execute(
        sa.text("SELECT id, permission_labels FROM activity "
                "WHERE object_id = :id AND activity_type LIKE '%package'"),
        {"id": package.id if package is not None else package_id},
    ).all()
    for row in rows:
        labels = narrowed(row.permission_labels, current)
        if labels != list(row.permission_labels or []):
            model.Session.execute(
                sa.text("UPDATE activity SET permission_labels = CAST(:labels AS text[]) WHERE id = :id"),
                {"labels": labels, "id": row.id},
            )
