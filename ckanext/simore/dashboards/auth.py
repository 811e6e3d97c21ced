"""Auth functions of the dashboards: an institution's dashboard for its
staff and the coordinators, the coordinators' dashboard for them."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import roles

__all__ = [
    "simore_institution_dashboard",
    "simore_coordinator_dashboard",
    "simore_recommendations_without_action",
]


def simore_institution_dashboard(context, data_dict):
    organization = model.Group.get((data_dict or {}).get("id") or "")
    allowed = organization is not None and bool(
        roles.institution_roles(context.get("user"), organization.id))
    return {"success": True} if allowed else {
        "success": False,
        "msg": tk._("Only the institution's focal points, its validating authority and the "
                    "coordinating body see its dashboard")}


def simore_coordinator_dashboard(context, data_dict):
    if roles.is_coordinator(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the coordinating body sees this dashboard")}


simore_recommendations_without_action = simore_coordinator_dashboard
