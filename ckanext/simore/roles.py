"""Who someone is in the follow-up network, from CKAN's users and
memberships.

- coordinator: a sysadmin, or a member of the coordinating organization
  (``ckanext.simore.coordinating_organization``);
- validating authority of an institution: an admin of its organization;
- focal point of an institution: an editor of its organization;
- member or admin of a civil society organization (``organizations``):
  a member or admin of that organization, which gives no role towards
  institutions or their records.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from ckanext.simore import config, organizations
from ckanext.simore.memo import per_request
from ckanext.simore.workflow import machine as workflow


def user_named(name: str) -> model.User | None:
    """The user by name or id, looked up once per request."""
    return per_request(("user", name), lambda: model.User.get(name))


def user_with_email(email: str) -> model.User | None:
    """The account with this e-mail address: CKAN 2.11's User.by_email
    returns a list, 2.12's one user or None."""
    found = model.User.by_email(email)
    if isinstance(found, list):
        return found[0] if found else None
    return found


def _user(user: model.User | str | None) -> model.User | None:
    if user is None or isinstance(user, model.User):
        return user
    return user_named(user) if user else None


def _capacities(user_id: str, kind: str = organizations.INSTITUTION) -> dict[str, str]:
    """organization id → capacity, for the user's active memberships of
    organizations of this kind (State institutions unless said)."""
    return per_request(("capacities", user_id, kind), lambda: _query_capacities(user_id, kind))


def _coordinating_group_id() -> str | None:
    coordinating = config.coordinating_organization()
    if not coordinating:
        return None
    group = per_request(("group", coordinating), lambda: model.Group.get(coordinating))
    return group.id if group is not None else None


def _query_capacities(user_id: str, kind: str) -> dict[str, str]:
    rows = model.Session.execute(
        sa.select(model.Member.group_id, model.Member.capacity)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .where(
            model.Member.table_name == "user",
            model.Member.table_id == user_id,
            model.Member.state == "active",
            model.Group.is_organization.is_(True),
            model.Group.type == kind,
            model.Group.state == "active",
        )
    )
    return {group_id: capacity for group_id, capacity in rows}


def capacity_in(user: model.User | str | None, organization_id: str) -> str | None:
    """The user's capacity (admin, editor, member) in the organization."""
    user = _user(user)
    return _capacities(user.id).get(organization_id) if user is not None else None


def is_coordinator(user: model.User | str | None) -> bool:
    user = _user(user)
    if user is None:
        return False
    if user.sysadmin:
        return True
    group_id = _coordinating_group_id()
    return group_id is not None and group_id in _capacities(user.id)


def institution_roles(user: model.User | str | None, organization_id: str) -> set[str]:
    """The workflow roles the user holds towards actions of this
    institution (see ``workflow``)."""
    user = _user(user)
    if user is None:
        return set()
    roles = set()
    capacity = _capacities(user.id).get(organization_id)
    if capacity == "admin":
        roles.add(workflow.VALIDATOR)
    if capacity in ("admin", "editor"):
        roles.add(workflow.FOCAL_POINT)
    if is_coordinator(user):
        roles.add(workflow.COORDINATOR)
    return roles


def civil_society_of(user: model.User | str | None) -> dict[str, str]:
    """organization id → capacity (admin or member), for the civil society
    organizations the user belongs to; none for State staff, even if an
    organization's admin added them: civil society speaks for itself."""
    user = _user(user)
    if user is None or is_state_staff(user):
        return {}
    return _capacities(user.id, organizations.CIVIL_SOCIETY)


def is_state_staff(user: model.User | str | None) -> bool:
    """A coordinator, or staff of any State institution."""
    user = _user(user)
    return user is not None and (is_coordinator(user) or bool(_capacities(user.id)))


def institutions_of(user: model.User | str | None) -> list[str]:
    """Ids of the institutions where the user is a focal point or
    validating authority."""
    user = _user(user)
    if user is None:
        return []
    return [org for org, capacity in _capacities(user.id).items() if capacity in ("admin", "editor")]


def current_user_name() -> str:
    """The name of the request's user; "" for anonymous or outside a
    request."""
    try:
        return tk.current_user.name if tk.current_user.is_authenticated else ""
    except (RuntimeError, AttributeError):  # outside a request: nobody
        return ""
