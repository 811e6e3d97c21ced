"""Auth functions of the workflow actions: who may do what is decided by
``roles`` (coordinator, validating authority, focal point)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import auth_rules, roles
from ckanext.simore.workflow import actions
from ckanext.simore.workflow import machine as workflow

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)


simore_round_create = simore_round_close = simore_reminders_send = auth_rules.coordinators_only()


def simore_action_transition(context, data_dict):
    """Anyone with a workflow role towards the action's institution may ask;
    the state machine then decides whether this transition is theirs."""
    package = model.Package.get(data_dict.get("id") or "")
    if package is None:
        return auth_rules.result(False, tk._("No such action"))
    return auth_rules.result(
        bool(roles.institution_roles(context.get("user"), package.owner_org)),
        tk._("You have no role in this action's institution"),
    )


@tk.auth_allow_anonymous_access
def simore_action_history(context, data_dict):
    """Whoever may read the action may read its history."""
    return auth_rules.package_readable(context, data_dict)


def simore_round_list(context, data_dict):
    """Rounds concern the network: coordinators and institution staff."""
    user = context.get("user")
    return auth_rules.result(
        roles.is_coordinator(user) or bool(roles.institutions_of(user)),
        tk._("Only the coordinating body and institution staff see reporting rounds"),
    )


simore_round_show = simore_round_outstanding = simore_round_list


def simore_round_no_progress(context, data_dict):
    organization = model.Group.get(data_dict.get("organization") or "")
    user = context.get("user")
    allowed = organization is not None and workflow.FOCAL_POINT in roles.institution_roles(user, organization.id)
    return auth_rules.result(allowed, tk._("Only the institution's focal points answer for it"))


def simore_pending_work(context, data_dict):
    return auth_rules.result(bool(context.get("user")), tk._("Log in to see your pending work"))
