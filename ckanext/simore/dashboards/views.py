"""Web pages of the dashboards: an institution's dashboard, the
coordinators' dashboard and its lists and downloads. Every page calls the
matching read-only API action, so that the web and the API show the same
numbers under the same rules."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.simore import web
from ckanext.simore.dashboards import content
from ckanext.simore.portal import stats
from ckanext.simore.workflow import compliance, rounds

__all__ = ["dashboards"]

dashboards = Blueprint("simore_dashboards", __name__, url_prefix="/dashboard")

PAGE_SIZE = 50


@dashboards.route("/institution")
def institutions():
    if not tk.current_user.is_authenticated:
        return web.forbidden()
    choices = content.institution_choices(tk.current_user.name)
    if len(choices) == 1:
        return tk.redirect_to("simore_dashboards.institution", id=choices[0]["name"])
    return tk.render("simore/dashboards/institutions.html", {"institutions": choices})


@dashboards.route("/institution/<id>")
def institution(id: str):
    result = web.run("simore_institution_dashboard", {"id": id})
    return tk.render("simore/dashboards/institution.html", {"dashboard": result})


@dashboards.route("/coordination")
def coordination():
    result = web.run("simore_coordinator_dashboard", {})
    return tk.render("simore/dashboards/coordination.html", {"dashboard": result})


@dashboards.route("/coordination/without-action")
def without_action():
    try:
        page = max(1, int(tk.request.args.get("page", 1)))
    except ValueError:
        page = 1
    result = web.run("simore_recommendations_without_action", {"limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE})
    return tk.render(
        "simore/dashboards/without_action.html",
        {"result": result, "page": page, "pages": max(1, -(-result["count"] // PAGE_SIZE))},
    )


@dashboards.route("/coordination/round/<id>.csv")
def round_csv(id: str):
    """A round's compliance per institution, for whoever may see the round."""
    try:
        tk.check_access("simore_round_show", web.context(), {"id": id})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized"))
    row = rounds.get(id)
    if row is None:
        return tk.abort(404, tk._("No reporting round {id!r}").format(id=id))
    return web.csv_response(stats.compliance_rows(compliance.round_compliance(row)), "compliance-{}.csv".format(id))
