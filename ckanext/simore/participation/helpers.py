"""Template helpers of civil society participation: the choices of its
forms, the states of requests, and what a person may do on an
organization's page."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import languages, organizations, roles, web
from ckanext.simore.multilingual import N_
from ckanext.simore.participation import consultations, contributions, divergence, memberships, store
from ckanext.simore.portal import labels as labels_module
from ckanext.simore.vocabularies import terms
from ckanext.simore.workflow import machine as workflow

__all__ = [
    "simore_civil_society_kinds",
    "simore_membership_state_label",
    "simore_civil_society_standing",
    "simore_record_contributions",
    "simore_report_contributions",
    "simore_contribution_label",
    "simore_contributing_organizations",
    "simore_answering_institutions",
    "simore_organization_contributions",
    "simore_consultation_label",
    "simore_consultation_responses",
    "simore_draft_consultations",
    "simore_civil_society_choices",
    "simore_assessment_divergence",
    "simore_civil_society_enabled",
]

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


def simore_contribution_label(code: str) -> str:
    """A kind or a state of contribution, in the interface language."""
    return tk._(contributions.LABELS[code]) if code in contributions.LABELS else code


def _threads(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Contributions with their replies (oldest first), each reply under
    the one it answers."""
    by_id = {entry["id"]: {**entry, "replies": []} for entry in results}
    roots = []
    for entry in by_id.values():
        parent = by_id.get(entry["parent"]) if entry["parent"] else None
        (parent["replies"] if parent else roots).append(entry)
    return roots


def simore_record_contributions(record_id: str) -> dict[str, Any]:
    """What civil society says about a record, as the current user may see
    it: the latest assessment of each organization, and the threads."""
    return _said({"record": record_id})


def simore_report_contributions(draft_id: str) -> dict[str, Any]:
    """What civil society says about a submitted report: the threads."""
    return _said({"report": draft_id})


def _said(subject: dict[str, str]) -> dict[str, Any]:
    found = tk.get_action("simore_contribution_list")(web.context(), subject)
    results = found["results"]
    latest: dict[str, dict[str, Any]] = {}
    for entry in results:
        if entry["kind"] == contributions.ASSESSMENT and entry["state"] == contributions.PUBLISHED:
            latest[entry["organization"]["id"]] = entry
    return {"assessments": list(latest.values()), "threads": _threads(results), "count": found["count"]}


def simore_organization_contributions(organization_id: str) -> list[dict[str, Any]]:
    """A civil society organization's published contributions."""
    return tk.get_action("simore_contribution_list")(web.context(), {"organization": organization_id})["results"]


def simore_contributing_organizations() -> list[dict[str, str]]:
    """The civil society organizations the current user writes for."""
    user = roles.current_user_name()
    ids = list(roles.civil_society_of(user)) if user else []
    groups = [model.Group.get(group_id) for group_id in ids]
    return [{"value": group.id, "text": group.display_name} for group in groups if group is not None]


def simore_answering_institutions(record: dict[str, Any]) -> list[dict[str, str]]:
    """The institutions concerned by a record for which the current user
    answers (as a focal point or validating authority)."""
    user = roles.current_user_name()
    package = model.Package.get(record.get("id", "")) if user else None
    if package is None:
        return []
    answering = []
    for institution_id in store.concerned_institutions(package):
        if workflow.FOCAL_POINT in roles.institution_roles(user, institution_id):
            group = model.Group.get(institution_id)
            answering.append({"value": group.id, "text": group.display_name})
    return answering


def simore_consultation_label(code: str) -> str:
    """A consultation's state, audience or response, in the interface
    language."""
    for labels in (consultations.STATES, consultations.AUDIENCES, consultations.RESPONSES):
        if code in labels:
            return tk._(labels[code])
    return code


def simore_consultation_responses() -> list[dict[str, str]]:
    return [{"value": code, "text": tk._(label)} for code, label in consultations.RESPONSES.items()]


def simore_draft_consultations(draft_id: str) -> list[dict[str, Any]]:
    """The consultations on a draft the current user may see."""
    return tk.get_action("simore_consultation_list")(web.context(), {"draft": draft_id})["consultations"]


def simore_civil_society_choices() -> list[dict[str, str]]:
    """Every active civil society organization, by name (to invite them)."""
    groups = (
        model.Session.query(model.Group)
        .filter(model.Group.type == organizations.CIVIL_SOCIETY, model.Group.state == "active")
        .order_by(model.Group.title)
    )
    return [{"value": group.id, "text": group.display_name} for group in groups]


def simore_assessment_divergence() -> dict[str, Any]:
    """State and civil society side by side, each code labelled."""
    found = tk.get_action("simore_assessment_divergence")(web.context(), {})
    labels = labels_module.Labels.current()
    for name, field in divergence.DIMENSIONS:
        label = labels.for_field(field)
        for row in found[name]:
            row["label"] = label(row["code"])
    return found


def simore_civil_society_enabled() -> bool:
    """Whether civil society organizations have their pages: the scheming
    schema ``civil_society.yaml`` is configured (a portal may leave it out)."""
    from flask import current_app

    return "civil_society.index" in current_app.view_functions
