"""Template helpers of civil society participation: the choices of its
forms, the states of requests, and what a person may do on an
organization's page."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import languages, organizations, roles
from ckanext.simore.multilingual import N_
from ckanext.simore.participation import memberships
from ckanext.simore.vocabularies import terms

__all__ = ["simore_civil_society_kinds", "simore_membership_state_label", "simore_civil_society_standing"]

STATE_LABELS = {
    memberships.PENDING: N_("Waiting for a decision"),
    memberships.APPROVED: N_("Approved"),
    memberships.REFUSED: N_("Refused"),
    memberships.WITHDRAWN: N_("Withdrawn"),
}


def simore_civil_society_kinds() -> list[dict[str, str]]:
    return [
        {"value": code, "text": languages.vocabulary_label("civil_society_kinds", code)}
        for code in terms.get("civil_society_kinds").codes()
    ]


def simore_membership_state_label(state: str) -> str:
    return tk._(STATE_LABELS[state]) if state in STATE_LABELS else state


def simore_civil_society_standing(organization: dict[str, Any]) -> str:
    """The current user towards a civil society organization: "admin",
    "member", "state_staff" (who may not join), "visitor" (who may ask to
    join), or "" (anonymous, or not such an organization)."""
    if organization.get("type") != organizations.CIVIL_SOCIETY:
        return ""
    user = roles.current_user_name()
    if not user:
        return ""
    capacity = roles.civil_society_of(user).get(organization.get("id", ""))
    if capacity:
        return "admin" if capacity == memberships.ADMIN_CAPACITY else "member"
    return "state_staff" if roles.is_state_staff(user) else "visitor"
