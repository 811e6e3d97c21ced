"""The read-only API action of the public portal: the statistics of public
recommendations (see ``statistics``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore.portal import statistics, stats

__all__ = ["simore_statistics"]


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
