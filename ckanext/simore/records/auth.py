"""Auth functions of the records: a recommendation's status and assignment
are the coordinators'; its status history is whoever may read it. And
CKAN's write auth functions, chained with the portal's governance by
type and role (``governance``): who may create, edit and delete each
dataset type, institutions and groups, whatever the ini allows. CKAN's own
checks (organization membership, its config options) still follow."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import auth_rules, config, organizations, roles
from ckanext.simore.records import actions, governance
from ckanext.simore.workflow import machine as workflow

# an auth function for each of the records' API actions, of the same name,
# and CKAN's write auth functions, chained
__all__ = [name for name in actions.__all__ if name.startswith("simore_")] + [
    "package_create",
    "package_update",
    "package_delete",
    "bulk_update_public",
    "bulk_update_private",
    "bulk_update_delete",
    "organization_create",
    "organization_delete",
    "group_create",
    "group_delete",
]


simore_status_set = simore_status_set_bulk = simore_recommendation_assign = auth_rules.coordinators_only()
# bulk changes name the staff who made them, and only coordinators make them
simore_change_set_list = simore_change_set_show = simore_change_set_undo = auth_rules.coordinators_only()


@tk.auth_allow_anonymous_access
def simore_status_history(context, data_dict):
    """Whoever may read the recommendation may read its status history."""
    return auth_rules.package_readable(context, data_dict)


@tk.auth_allow_anonymous_access
def simore_recommendation_suggest(context, data_dict):
    """Whoever may search the portal; the suggestions are what the user may
    read (the search applies their permission labels)."""
    try:
        tk.check_access("package_search", dict(context), {})
    except tk.NotAuthorized:
        return auth_rules.result(False, tk._("Not authorized to search"))
    return {"success": True}


def _refused(message: str) -> dict[str, Any]:
    """A refusal; ``message`` is translated here unless it already was."""
    return {"success": False, "msg": tk._(message)}


def _user(context) -> model.User | None:
    name = context.get("user")
    return roles.user_named(name) if isinstance(name, str) and name else None


def _actor(context, organization_ids: Iterable[str] = ()) -> governance.Actor:
    """The user's standing; staff means focal point or validating
    authority of one of ``organization_ids``."""
    user = _user(context)
    if user is None:
        return governance.Actor()
    return governance.Actor(
        sysadmin=bool(user.sysadmin),
        coordinator=roles.is_coordinator(user),
        institution_staff=any(
            workflow.FOCAL_POINT in roles.institution_roles(user, org_id) for org_id in organization_ids
        ),
    )


def _portal() -> governance.Portal:
    return governance.Portal(
        plain_datasets=config.plain_datasets_allowed(), other_types=frozenset(config.other_dataset_types())
    )


def _organization_id(ref: Any) -> str | None:
    group = model.Group.get(ref) if isinstance(ref, str) and ref else None
    return group.id if organizations.is_institution(group) else None


def _page_dataset_type() -> str | None:
    """Pages ask "may this user create records?" without naming a type;
    a dataset type's pages carry it as their ``package_type``."""
    try:
        return (tk.request.view_args or {}).get("package_type")
    except (RuntimeError, AttributeError):  # outside a request
        return None


@tk.chained_auth_function
def package_create(next_auth, context, data_dict=None):
    data_dict = data_dict or {}
    dataset_type = data_dict.get("type") or _page_dataset_type()
    if dataset_type is None:
        # No type at all (e.g. a "new record" button): may they create any?
        user = _user(context)
        if user is None or not (user.sysadmin or roles.is_coordinator(user) or roles.institutions_of(user)):
            return _refused(governance.N_("You may not record anything on this portal"))
        return next_auth(context, data_dict)
    if not isinstance(dataset_type, str):
        return _refused(governance.N_("This portal has no records of that type"))
    owner = _organization_id(data_dict.get("owner_org"))
    # Without an institution yet (an empty form), staff of any institution.
    institutions = [owner] if owner else roles.institutions_of(_user(context))
    reason = governance.refusal(dataset_type, governance.CREATE, _actor(context, institutions), _portal())
    return _refused(reason) if reason else next_auth(context, data_dict)


@tk.chained_auth_function
def package_update(next_auth, context, data_dict=None):
    return _existing_record_check(next_auth, context, data_dict, governance.UPDATE)


@tk.chained_auth_function
def package_delete(next_auth, context, data_dict=None):
    return _existing_record_check(next_auth, context, data_dict, governance.DELETE)


def _package(context, data_dict) -> model.Package | None:
    ref = (data_dict or {}).get("id") or (data_dict or {}).get("name")
    package = context.get("package")
    if isinstance(package, model.Package) and (not ref or ref in (package.id, package.name)):
        return package
    return model.Package.get(ref) if isinstance(ref, str) and ref else None


def _existing_record_check(next_auth, context, data_dict, operation: str):
    package = _package(context, data_dict)
    if package is None:
        return next_auth(context, data_dict)
    reason = _record_refusal(context, package, operation)
    return _refused(reason) if reason else next_auth(context, data_dict)


def _record_refusal(context, package: model.Package, operation: str) -> str | None:
    actor = _actor(context, [package.owner_org] if package.owner_org else [])
    reason = governance.refusal(package.type, operation, actor, _portal())
    if reason is None and package.type in governance.INSTITUTION_TYPES and not actor.sysadmin:
        # An action waiting for approval or published changes only
        # through the workflow.
        state = package.extras.get("workflow_state") or workflow.DRAFT
        if state not in workflow.EDITABLE_STATES:
            return tk._("This action is {state}: it cannot be changed now").format(
                state=tk.h.simore_vocabulary_label("report_states", state)
            )
    return reason


def _bulk_check(next_auth, context, data_dict, operation: str, visibility: bool):
    """An organization's bulk buttons act on many datasets: each must be
    one the user may change; an action's visibility is its workflow's."""
    ids = (data_dict or {}).get("datasets") or []
    if isinstance(ids, str):
        ids = [ids]
    packages = (
        model.Session.query(model.Package).filter(model.Package.id.in_([i for i in ids if isinstance(i, str)])).all()
    )
    for package in packages:
        if visibility and package.type in governance.INSTITUTION_TYPES:
            return _refused(governance.N_("An action becomes public or private only through its workflow"))
        reason = _record_refusal(context, package, operation)
        if reason:
            return _refused(reason)
    return next_auth(context, data_dict)


# CKAN hands a chained auth function the one it replaces, so one function
# serves each of the names it is registered under.
@tk.chained_auth_function
def _bulk_visibility_check(next_auth, context, data_dict=None):
    return _bulk_check(next_auth, context, data_dict, governance.UPDATE, visibility=True)


bulk_update_public = bulk_update_private = _bulk_visibility_check


@tk.chained_auth_function
def bulk_update_delete(next_auth, context, data_dict=None):
    return _bulk_check(next_auth, context, data_dict, governance.DELETE, visibility=False)


@tk.chained_auth_function
def _institutions_check(next_auth, context, data_dict=None):
    reason = governance.organization_refusal(_actor(context))
    return _refused(reason) if reason else next_auth(context, data_dict)


organization_create = organization_delete = group_create = group_delete = _institutions_check
