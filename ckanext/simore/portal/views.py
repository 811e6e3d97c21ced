"""Web pages of the public portal and the dashboards: the statistics page
and its CSV downloads, an institution's dashboard, the coordinators'
dashboard. Every page calls the matching read-only API action, so that the
web and the API show the same numbers under the same rules."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, make_response

import ckan.plugins.toolkit as tk

from ckanext.simore.portal import queries as portal
from ckanext.simore.workflow import rounds
from ckanext.simore.portal import stats
from ckanext.simore.exports import writers

__all__ = ["statistics", "dashboards"]

statistics = Blueprint("simore_statistics", __name__, url_prefix="/statistics")
dashboards = Blueprint("simore_dashboards", __name__, url_prefix="/dashboard")

PAGE_SIZE = 50


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _run(action: str, data: dict[str, Any]) -> Any:
    """The action's result for the current user, or the matching HTTP error."""
    try:
        return tk.get_action(action)(_context(), data)
    except tk.NotAuthorized as error:
        if not tk.current_user.is_authenticated:
            return tk.abort(403, tk._("Log in to see this page"))
        return tk.abort(403, str(error) or tk._("Not authorized"))
    except tk.ObjectNotFound as error:
        return tk.abort(404, str(error) or tk._("Not found"))
    except tk.ValidationError as error:
        return tk.abort(400, "; ".join(str(m) for m in error.error_dict.values()))


def _csv(rows: list[list[Any]], filename: str):
    response = make_response(writers.csv_text(rows))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="{}"'.format(filename)
    return response


def _filter_args() -> dict[str, str]:
    return stats.Filters.from_args(tk.request.args).args()


@statistics.route("/")
def index():
    filters = stats.Filters.from_args(tk.request.args)
    result = _run("simore_statistics", filters.args())
    return tk.render("simore/stats/index.html", {
        "stats": result,
        "filters": filters,
        "choices": portal.filter_choices(filters),
    })


@statistics.route("/<chart>.csv")
def chart_csv(chart: str):
    if chart not in portal.CHART_NAMES:
        return tk.abort(404, tk._("No chart called {name!r}").format(name=chart))
    result = _run("simore_statistics", dict(_filter_args(), charts=[chart]))
    if chart == portal.TIMELINE[0]:
        periods = [stats.Period(**period) for period in result["timeline"]]
        rows = stats.timeline_rows(periods)
    else:
        data = result["charts"][chart]
        rows = [["code", "label", "count", "percent"]] + [
            [item["code"], item["label"], item["count"], round(100 * item["share"], 1)]
            for item in data["items"]]
    suffix = "-".join(value for value in _filter_args().values())
    name = "recommendations-by-{}{}.csv".format(chart, "-" + suffix if suffix else "")
    return _csv(rows, name.replace("/", "_"))


@dashboards.route("/institution")
def institutions():
    if not tk.current_user.is_authenticated:
        return tk.abort(403, tk._("Log in to see this page"))
    choices = portal.institution_choices(tk.current_user.name)
    if len(choices) == 1:
        return tk.redirect_to("simore_dashboards.institution", id=choices[0]["name"])
    return tk.render("simore/dashboards/institutions.html", {"institutions": choices})


@dashboards.route("/institution/<id>")
def institution(id: str):
    result = _run("simore_institution_dashboard", {"id": id})
    return tk.render("simore/dashboards/institution.html", {"dashboard": result})


@dashboards.route("/coordination")
def coordination():
    result = _run("simore_coordinator_dashboard", {})
    return tk.render("simore/dashboards/coordination.html", {"dashboard": result})


@dashboards.route("/coordination/without-action")
def without_action():
    try:
        page = max(1, int(tk.request.args.get("page", 1)))
    except ValueError:
        page = 1
    result = _run("simore_recommendations_without_action",
                  {"limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE})
    return tk.render("simore/dashboards/without_action.html", {
        "result": result, "page": page,
        "pages": max(1, -(-result["count"] // PAGE_SIZE)),
    })


@dashboards.route("/coordination/round/<id>.csv")
def round_csv(id: str):
    """A round's compliance per institution, for whoever may see the round."""
    try:
        tk.check_access("simore_round_show", _context(), {"id": id})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized"))
    row = rounds.get(id)
    if row is None:
        return tk.abort(404, tk._("No reporting round {id!r}").format(id=id))
    return _csv(stats.compliance_rows(portal.round_compliance(row)), "compliance-{}.csv".format(id))
