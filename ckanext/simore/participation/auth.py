"""Auth functions of civil society participation: any registered person
may ask to join or register an organization (the action refuses State
staff, with the reason); the coordinating body decides registrations and
an organization's admins who joins it; a person withdraws their own
requests."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore import auth_rules, roles
from ckanext.simore.participation import actions, memberships, store

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
