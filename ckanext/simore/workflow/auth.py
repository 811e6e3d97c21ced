"""Auth functions of the workflow actions: who may do what is decided by
``roles`` (coordinator, validating authority, focal point)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import roles
from ckanext.simore.workflow import machine as workflow

__all__ = [
    "simore_action_transition",
    "simore_action_history",
    "simore_status_set",
    "simore_status_history",
    "simore_recommendation_assign",
    "simore_round_create",
    "simore_round_list",
    "simore_round_show",
    "simore_round_close",
    "simore_round_no_progress",
    "simore_pending_work",
    "simore_focal_point_invite",
    "simore_institution_network",
    "simore_institution_handover",
    "simore_reminders_send",
]


def _result(allowed: bool, message: str = ""):
    return {"success": True} if allowed else {"success": False, "msg": message or tk._("Not authorized")}


def _coordinators_only(context, data_dict=None):
    return _result(roles.is_coordinator(context.get("user")),
                   tk._("Only the coordinating body may do this"))


simore_status_set = _coordinators_only
simore_recommendation_assign = _coordinators_only
simore_round_create = _coordinators_only
simore_round_close = _coordinators_only
simore_focal_point_invite = _coordinators_only
simore_institution_network = _coordinators_only
simore_institution_handover = _coordinators_only
simore_reminders_send = _coordinators_only


def simore_action_transition(context, data_dict):
    """Anyone with a workflow role towards the report's institution may ask;
    the state machine then decides whether this transition is theirs."""
    package = model.Package.get(data_dict.get("id") or "")
    if package is None:
        return _result(False, tk._("No such report"))
    return _result(bool(roles.institution_roles(context.get("user"), package.owner_org)),
                   tk._("You have no role in this report's institution"))


@tk.auth_allow_anonymous_access
def simore_action_history(context, data_dict):
    """Whoever may read the report may read its history."""
    return _package_readable(context, data_dict)


@tk.auth_allow_anonymous_access
def simore_status_history(context, data_dict):
    return _package_readable(context, data_dict)


def _package_readable(context, data_dict):
    try:
        tk.check_access("package_show", dict(context), {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return _result(False, tk._("Not authorized to read this record"))
    return {"success": True}


def simore_round_list(context, data_dict):
    """Rounds concern the network: coordinators and institution staff."""
    user = context.get("user")
    return _result(roles.is_coordinator(user) or bool(roles.institutions_of(user)),
                   tk._("Only the coordinating body and institution staff see reporting rounds"))


simore_round_show = simore_round_list


def simore_round_no_progress(context, data_dict):
    organization = model.Group.get(data_dict.get("organization") or "")
    user = context.get("user")
    allowed = organization is not None and workflow.FOCAL_POINT in roles.institution_roles(user, organization.id)
    return _result(allowed, tk._("Only the institution's focal points answer for it"))


def simore_pending_work(context, data_dict):
    return _result(bool(context.get("user")), tk._("Log in to see your pending work"))
