"""Activity streams follow a dataset's current visibility.

CKAN stores with each activity the permission labels its dataset had when
the activity was written, and every activity channel (dataset,
organization, user, dashboard and "recently changed" streams, activity_show
and its data and diff, the activity pages and e-mails) filters by them. So
an action that was published once and is withdrawn now would stay readable
through its old "public" activities. Whenever a dataset's labels change,
its past activities are narrowed: an activity is seen only by those who
could see it when it was written *and* may see the dataset now.

Who made an activity is the staff's business: readers outside the
record's institution and the coordinators get its activities without the
actor's user id or name (as the portal's own histories show roles, not
people).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ckan.plugins as p
import sqlalchemy as sa
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


def organization_of(activity: dict[str, Any]) -> str | None:
    """The institution an activity dict belongs to: its dataset's, or the
    organization it is about. Pure logic."""
    data = activity.get("data")
    package = data.get("package") if isinstance(data, dict) else None
    if isinstance(package, dict):
        return package.get("owner_org")
    if "organization" in str(activity.get("activity_type") or ""):
        return activity.get("object_id")
    return None


def without_actor(activity: dict[str, Any]) -> dict[str, Any]:
    """The activity dict without who made it (its ``user_id`` and what
    CKAN keeps of them in its data). Pure logic."""
    shown = dict(activity, user_id=None)
    if isinstance(activity.get("data"), dict):
        shown["data"] = without_actor_name(activity["data"])
    return shown


def without_actor_name(data: dict[str, Any]) -> dict[str, Any]:
    """An activity's data without the actor's name, nor the id of the
    dataset's creator it recorded. Pure logic."""
    data = dict(data, actor=None) if "actor" in data else data
    if isinstance(data.get("package"), dict) and data["package"].get("creator_user_id"):
        data = dict(data, package=dict(data["package"], creator_user_id=None))
    return data


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
        sa.text("SELECT id, permission_labels FROM activity WHERE object_id = :id AND activity_type LIKE '%package'"),
        {"id": package.id if package is not None else package_id},
    ).all()
    for row in rows:
        labels = narrowed(row.permission_labels, current)
        if labels != list(row.permission_labels or []):
            model.Session.execute(
                sa.text("UPDATE activity SET permission_labels = CAST(:labels AS text[]) WHERE id = :id"),
                {"labels": labels, "id": row.id},
            )
