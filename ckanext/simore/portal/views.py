"""Web pages of the public portal: the statistics page and its CSV
downloads. Every page calls the matching read-only API action, so that the
web and the API show the same numbers under the same rules."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.simore import web
from ckanext.simore.portal import labels, stats
from ckanext.simore.portal import statistics as statistics_module

__all__ = ["statistics"]

statistics = Blueprint("simore_statistics", __name__, url_prefix="/statistics")


def _filter_args() -> dict[str, str]:
    return stats.Filters.from_args(tk.request.args).args()


@statistics.route("/")
def index():
    filters = stats.Filters.from_args(tk.request.args)
    result = web.run("simore_statistics", filters.args())
    return tk.render(
        "simore/portal/index.html",
        {"stats": result, "filters": filters, "choices": statistics_module.filter_choices(filters)},
    )


@statistics.route("/countries")
def countries():
    filters = stats.Filters.from_args(tk.request.args)
    result = web.run("simore_country_comparison", filters.args())
    return tk.render(
        "simore/portal/countries.html",
        {
            "comparison": result,
            "filters": filters,
            "choices": statistics_module.filter_choices(filters),
            "status_label": labels.Labels.current().for_field("implementation_status"),
        },
    )


@statistics.route("/countries.csv")
def countries_csv():
    result = web.run("simore_country_comparison", _filter_args())
    suffix = "-".join(value for value in _filter_args().values())
    return web.csv_response(
        stats.comparison_rows(result["countries"]), "countries{}.csv".format("-" + suffix if suffix else "")
    )


@statistics.route("/<chart>.csv")
def chart_csv(chart: str):
    if chart not in statistics_module.CHART_NAMES:
        return tk.abort(404, tk._("No chart called {name!r}").format(name=chart))
    result = web.run("simore_statistics", dict(_filter_args(), charts=[chart]))
    if chart == statistics_module.TIMELINE[0]:
        periods = [stats.Period(**period) for period in result["timeline"]]
        rows = stats.timeline_rows(periods)
    else:
        data = result["charts"][chart]
        rows = [["code", "label", "count", "percent"]] + [
            [item["code"], item["label"], item["count"], round(100 * item["share"], 1)] for item in data["items"]
        ]
    suffix = "-".join(value for value in _filter_args().values())
    name = "recommendations-by-{}{}.csv".format(chart, "-" + suffix if suffix else "")
    return web.csv_response(rows, name.replace("/", "_"))
