"""Read-only API actions of the public portal and the dashboards: the
statistics of public recommendations, an institution's dashboard and the
coordinators' dashboard (see ``portal``)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import config
from ckanext.simore.portal import queries as portal
from ckanext.simore.portal import stats
from ckanext.simore.security import guard

__all__ = [
    "simore_statistics",
    "simore_institution_dashboard",
    "simore_coordinator_dashboard",
    "simore_recommendations_without_action",
]


@tk.side_effect_free
def simore_statistics(context, data_dict):
    """Totals and chart data of the public recommendations: by
    implementation status, mechanism, theme, affected persons, SDG goal,
    responsible institution and year, and the number in each status at the
    end of each year (``timeline``). Counts only what is public.

    :param mechanism: optional mechanism name (e.g. ``upr``)
    :param upr_cycle: optional UPR cycle (``1``-``4``)
    :param theme: optional theme code
    :param institution: optional institution name
    :param year_from: optional first publication year
    :param year_to: optional last publication year
    :param charts: optional list of chart names (default: all of
        ``status mechanism theme affected_persons sdg institution year
        timeline``)
    """
    tk.check_access("simore_statistics", context, data_dict)
    charts = data_dict.get("charts")
    if isinstance(charts, str):
        charts = charts.replace(",", " ").split()
    if charts is not None and not (isinstance(charts, list) and all(isinstance(c, str) for c in charts)):
        raise tk.ValidationError({"charts": [tk._("expected a list of chart names")]})
    unknown = set(charts or []) - set(portal.CHART_NAMES)
    if unknown:
        raise tk.ValidationError({"charts": [tk._("unknown charts: {names}").format(
            names=", ".join(sorted(unknown)))]})
    return portal.statistics(stats.Filters.from_args(data_dict), charts)


def _organization(data_dict) -> model.Group:
    organization = model.Group.get(guard.text_ref(data_dict, "id"))
    if organization is None or not organization.is_organization or organization.state != "active":
        raise tk.ObjectNotFound(tk._("No institution {ref!r}").format(ref=data_dict.get("id")))
    return organization


@tk.side_effect_free
def simore_institution_dashboard(context, data_dict):
    """An institution's dashboard: recommendations assigned to it (by
    status and mechanism), its reports by workflow state (drafts, returned
    with the reason, waiting for approval or publication), what it owes in
    each open reporting round and the deadlines.

    :param id: the institution's name or id
    """
    organization = _organization(data_dict)
    tk.check_access("simore_institution_dashboard", context, {"id": organization.id})
    return portal.institution_dashboard(context, organization)


@tk.side_effect_free
def simore_coordinator_dashboard(context, data_dict):
    """The coordinators' dashboard: reporting compliance per institution in
    every open round, overdue institutions, reports waiting for
    publication, recommendations without an institution or without any
    action."""
    tk.check_access("simore_coordinator_dashboard", context, data_dict)
    return portal.coordinator_dashboard(context)


@tk.side_effect_free
def simore_recommendations_without_action(context, data_dict):
    """Recommendations no action report refers to, oldest first.

    :param limit: how many (default 50, at most 1000)
    :param offset: from which one (default 0)
    """
    tk.check_access("simore_recommendations_without_action", context, data_dict)
    limit = guard.bounded_int(data_dict, "limit", 50, 1000)
    offset = guard.bounded_int(data_dict, "offset", 0, config.max_search_start())
    return portal.recommendations_without_action(context, limit=limit, offset=offset)
