"""Auth functions of the dashboards: an institution's dashboard for its
staff and the coordinators, the coordinators' dashboard for them."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import auth_rules, roles
from ckanext.simore.dashboards import actions
from ckanext.simore.multilingual import N_

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)


def simore_institution_dashboard(context, data_dict):
    organization = model.Group.get((data_dict or {}).get("id") or "")
    allowed = organization is not None and bool(roles.institution_roles(context.get("user"), organization.id))
    return (
        {"success": True}
        if allowed
        else {
            "success": False,
            "msg": tk._(
                "Only the institution's focal points, its validating authority and the "
                "coordinating body see its dashboard"
            ),
        }
    )


simore_coordinator_dashboard = simore_recommendations_without_action = auth_rules.coordinators_only(
    N_("Only the coordinating body sees this dashboard")
)
