"""The read-only API action of the public portal: the statistics of public
recommendations (see ``statistics``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore.portal import statistics, stats

__all__ = ["simore_statistics", "simore_country_comparison"]


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
    unknown = set(charts or []) - set(statistics.CHART_NAMES)
    if unknown:
        raise tk.ValidationError({"charts": [tk._("unknown charts: {names}").format(names=", ".join(sorted(unknown)))]})
    return statistics.statistics(stats.Filters.from_args(data_dict), charts)


@tk.side_effect_free
def simore_country_comparison(context, data_dict):
    """The countries of the public recommendations compared, for a portal
    over many (a network's or a region's): for each country, how many
    recommendations it received and how many are in each implementation
    status, the share implemented and the share at least partially
    implemented, and its national portal (``ckanext.simore.network_portals``),
    the most recommendations first. Counts only what is public.

    Takes the filters of ``simore_statistics`` (``theme``, ``mechanism``,
    ``upr_cycle``, ``institution``, ``year_from``, ``year_to``, ``country``).
    """
    tk.check_access("simore_country_comparison", context, data_dict)
    filters = stats.Filters.from_args(data_dict)
    return {
        "filters": filters.args(),
        "statuses": list(stats.STATUSES),
        "countries": [row.to_dict() for row in statistics.country_comparison(filters)],
    }
