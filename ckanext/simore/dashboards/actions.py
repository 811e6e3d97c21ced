"""Read-only API actions of the dashboards: an institution's dashboard,
the coordinators' dashboard and its list of recommendations without any
action (see ``content``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import config, organizations
from ckanext.simore.dashboards import content
from ckanext.simore.security import guard

__all__ = ["simore_institution_dashboard", "simore_coordinator_dashboard", "simore_recommendations_without_action"]


def _organization(data_dict) -> model.Group:
    organization = model.Group.get(guard.text_ref(data_dict, "id"))
    if not organizations.is_institution(organization) or organization.state != "active":
        raise tk.ObjectNotFound(tk._("No institution {ref!r}").format(ref=data_dict.get("id")))
    return organization


@tk.side_effect_free
def simore_institution_dashboard(context, data_dict):
    """An institution's dashboard: recommendations assigned to it (by
    status and mechanism), its actions by workflow state (drafts, returned
    with the reason, waiting for approval or publication), what it owes in
    each open reporting round and the deadlines.

    :param id: the institution's name or id
    """
    organization = _organization(data_dict)
    tk.check_access("simore_institution_dashboard", context, {"id": organization.id})
    return content.institution_dashboard(context, organization)


@tk.side_effect_free
def simore_coordinator_dashboard(context, data_dict):
    """The coordinators' dashboard: reporting compliance per institution in
    every open round, overdue institutions, actions waiting for
    publication, recommendations without an institution or without any
    action."""
    tk.check_access("simore_coordinator_dashboard", context, data_dict)
    return content.coordinator_dashboard(context)


@tk.side_effect_free
def simore_recommendations_without_action(context, data_dict):
    """Recommendations no action refers to, oldest first.

    :param limit: how many (default 50, at most 1000)
    :param offset: from which one (default 0)
    """
    tk.check_access("simore_recommendations_without_action", context, data_dict)
    limit = guard.bounded_int(data_dict, "limit", 50, 1000)
    offset = guard.bounded_int(data_dict, "offset", 0, config.max_search_start())
    return content.recommendations_without_action(context, limit=limit, offset=offset)
