"""Auth functions of the information requests' API actions: the
coordinators write requests; an institution's focal points write its
answers and its validating authority approves them (the state machine
decides each transition); everyone reads a sent request and the approved
answers (the actions answer 404 for the rest)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import auth_rules, roles
from ckanext.simore.information_requests import actions, store
from ckanext.simore.workflow import machine as workflow

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)

simore_information_request_create = simore_information_request_update = auth_rules.coordinators_only()
simore_information_request_send = simore_information_request_close = auth_rules.coordinators_only()
simore_information_request_ask = auth_rules.coordinators_only()
simore_information_request_reminders_send = auth_rules.coordinators_only()


@tk.auth_allow_anonymous_access
def simore_information_request_show(context, data_dict):
    """A sent request and its approved answers are public; the action
    hides the rest."""
    return {"success": True}


simore_information_request_list = simore_answer_show = simore_information_request_show


def _organization_of_answer(data_dict) -> str | None:
    ref = (data_dict or {}).get("id")
    row = store.get_answer(ref) if isinstance(ref, str) else None
    return row.organization_id if row is not None else None


def _focal_point_of(user: str | None, organization_id: str | None) -> bool:
    return organization_id is not None and workflow.FOCAL_POINT in roles.institution_roles(user, organization_id)


def simore_answer_save(context, data_dict):
    """The institution's focal points (and its validating authority)."""
    ref = (data_dict or {}).get("organization")
    organization = model.Group.get(ref) if isinstance(ref, str) and ref else None
    return auth_rules.result(
        _focal_point_of(context.get("user"), organization.id if organization else None),
        tk._("Only the institution's focal points answer for it"),
    )


def simore_answer_attachment_add(context, data_dict):
    return auth_rules.result(
        _focal_point_of(context.get("user"), _organization_of_answer(data_dict)),
        tk._("Only the institution's focal points answer for it"),
    )


simore_answer_attachment_delete = simore_answer_attachment_add


def simore_answer_transition(context, data_dict):
    """Anyone with a workflow role towards the answer's institution may
    ask; the state machine then decides whether this transition is
    theirs."""
    organization_id = _organization_of_answer(data_dict)
    return auth_rules.result(
        organization_id is not None and bool(roles.institution_roles(context.get("user"), organization_id)),
        tk._("You have no role in this answer's institution"),
    )


def simore_information_request_owed(context, data_dict):
    """The institution's staff and the coordinators."""
    ref = (data_dict or {}).get("id")
    organization = model.Group.get(ref) if isinstance(ref, str) and ref else None
    return auth_rules.result(
        organization is not None and bool(roles.institution_roles(context.get("user"), organization.id)),
        tk._("Only the institution's staff and the coordinating body see what it owes"),
    )
