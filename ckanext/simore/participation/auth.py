"""Auth functions of civil society participation: any registered person
may ask to join or register an organization (the action refuses State
staff, with the reason); the coordinating body decides registrations and
an organization's admins who joins it; a person withdraws their own
requests. Members of civil society organizations contribute and change
their own contributions, and comment in the consultations they are part
of; the coordinating body moderates, opens, closes and publishes
consultations and responds to their comments; the focal points of an
institution concerned answer; everyone reads what the actions show them."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import auth_rules, organizations, roles
from ckanext.simore.multilingual import N_
from ckanext.simore.participation import actions, memberships, store
from ckanext.simore.workflow import machine as workflow

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)


def _person(context):
    name = context.get("user")
    return roles.user_named(name) if isinstance(name, str) and name else None


def simore_membership_request_create(context, data_dict):
    return auth_rules.result(_person(context) is not None, tk._("Log in to make a request"))


simore_membership_request_list = simore_membership_request_create


def _request(data_dict):
    ref = (data_dict or {}).get("id")
    return store.get_request(ref) if isinstance(ref, str) and ref else None


def simore_membership_request_decide(context, data_dict):
    """The coordinators; for a request to join, the organization's admins
    too. An unknown request is the action's to answer (404)."""
    user = context.get("user")
    row = _request(data_dict)
    if row is None:
        return auth_rules.result(roles.is_coordinator(user), tk._("Only the coordinating body may do this"))
    admin = row.organization_id is not None and roles.civil_society_of(user).get(row.organization_id) == "admin"
    return auth_rules.result(
        memberships.may_decide(row.kind, roles.is_coordinator(user), admin),
        tk._("Only the coordinating body and the organization's admins decide this request"),
    )


def simore_membership_request_withdraw(context, data_dict):
    row, user = _request(data_dict), _person(context)
    return auth_rules.result(
        row is not None and user is not None and row.user_id == user.id,
        tk._("Only the person who made a request may withdraw it"),
    )


# -- contributions ------------------------------------------------------------------


def simore_contribution_create(context, data_dict):
    """Members of a civil society organization (the action checks the one
    named, and the record)."""
    person = _person(context)
    return auth_rules.result(
        person is not None and bool(roles.civil_society_of(person)),
        tk._("Only members of a civil society organization contribute"),
    )


def simore_contribution_update(context, data_dict):
    """The author (the action answers 404 to anyone else)."""
    return auth_rules.result(_person(context) is not None, tk._("Log in to change your contributions"))


simore_contribution_withdraw = simore_contribution_update
simore_contribution_moderate = auth_rules.coordinators_only(N_("Only the coordinating body moderates contributions"))


def simore_contribution_answer(context, data_dict):
    """The focal points (and validating authority) of the ``organization``
    answering; the action checks that the contribution concerns it."""
    ref = (data_dict or {}).get("organization")
    group = model.Group.get(ref) if isinstance(ref, str) and ref else None
    return auth_rules.result(
        organizations.is_institution(group)
        and workflow.FOCAL_POINT in roles.institution_roles(context.get("user"), group.id),
        tk._("Only the focal points of an institution concerned answer for it"),
    )


def simore_contribution_report(context, data_dict):
    return auth_rules.result(_person(context) is not None, tk._("Log in to report a contribution"))


@tk.auth_allow_anonymous_access
def simore_contribution_show(context, data_dict):
    """Everyone: the action shows each reader what they may see."""
    return {"success": True}


simore_contribution_list = simore_contribution_show


# -- consultations --------------------------------------------------------------------

simore_consultation_open = auth_rules.coordinators_only(N_("Only the coordinating body opens consultations"))
simore_consultation_close = simore_consultation_publish = simore_consultation_respond = auth_rules.coordinators_only()


@tk.auth_allow_anonymous_access
def simore_consultation_show(context, data_dict):
    """Everyone: the actions show a consultation to the coordinators, to
    the organizations consulted while it is open, and its record once
    published (a 404 for the rest)."""
    return {"success": True}


simore_consultation_list = simore_consultation_show
simore_consultation_comment = simore_contribution_create


@tk.auth_allow_anonymous_access
def simore_assessment_divergence(context, data_dict):
    """Everyone: public recommendations' published assessments only."""
    return {"success": True}
