"""Forms of the records that the coordinators use: a recommendation's
implementation status and its assigned institutions, and the bulk form of
the recommendation search page (preview, then apply). Each posts to a view
that calls the matching API action."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import ckan.plugins.toolkit as tk
from flask import Blueprint
from werkzeug.datastructures import MultiDict

from ckanext.simore import web
from ckanext.simore.exports import selection
from ckanext.simore.multilingual import N_

__all__ = ["records"]

records = Blueprint("simore_records", __name__)


@records.route("/recommendation/<id>/status", methods=["POST"])
def recommendation_status(id: str):
    web.submit("simore_status_set", {"id": id, **web.form()}, tk._("The implementation status was updated."))
    return tk.redirect_to("recommendation.read", id=id)


@records.route("/recommendation/<id>/assign", methods=["POST"])
def recommendation_assign(id: str):
    form = web.form()
    data = {
        "ids": [id],
        "replace": form.get("replace", "true"),
        "institutions": tk.request.form.getlist("institutions"),
    }
    if form.get("lead_institution"):
        data["lead_institution"] = form["lead_institution"]
    web.submit("simore_recommendation_assign", data, tk._("The institutions were assigned."))
    return tk.redirect_to("recommendation.read", id=id)


# The bulk form of the recommendation search page: its fields and the
# labels a refusal names them by.
BULK_ACTIONS = {"assign": "simore_recommendation_assign", "status": "simore_status_set_bulk"}
BULK_FIELDS = {
    "ids": N_("Recommendations"),
    "q": N_("Search"),
    "institutions": N_("Institutions"),
    "lead_institution": N_("Lead institution"),
    "status": N_("Implementation status"),
    "justification": N_("Justification"),
}


def _bulk_request() -> tuple[str, dict[str, Any]]:
    """The bulk form's API action and its input: the selected
    recommendations or all those of the page's search."""
    form = tk.request.form
    if form.get("scope") == "search":
        search = selection.search_dict(MultiDict(parse_qsl(form.get("search", ""))), "recommendation")
        data: dict[str, Any] = {"q": search["q"], "fq": search["fq"]}
    else:
        data = {"ids": form.getlist("ids")}
    if form.get("operation") == "status":
        data.update(status=form.get("status", ""), justification=form.get("justification", ""))
        return BULK_ACTIONS["status"], data
    lead = form.get("lead_institution", "")
    # setting only the lead assigns it too
    data["institutions"] = form.getlist("institutions") or ([lead] if lead else [])
    data["replace"] = form.get("mode") == "replace"
    if lead:
        data["lead_institution"] = lead
    return BULK_ACTIONS["assign"], data


def _bulk_step(preview: bool) -> Any:
    action, data = _bulk_request()
    try:
        tk.check_access(action, web.context(), data)
    except tk.NotAuthorized as error:
        return web.forbidden(error)
    result, error = web.call(action, {**data, "preview": preview}, BULK_FIELDS)
    if error:
        tk.h.flash_error(error)
        return tk.redirect_to(_search_url())
    return tk.render(
        "simore/records/bulk.html",
        {
            "result": result,
            "operation": "status" if action == BULK_ACTIONS["status"] else "assign",
            "justification": data.get("justification", ""),
            "fields": [(key, value) for key, value in tk.request.form.items(multi=True) if key != "_csrf_token"],
            "search_url": _search_url(),
        },
    )


def _search_url() -> str:
    search = tk.request.form.get("search", "")
    return tk.url_for("recommendation.search") + ("?" + search if search else "")


@records.route("/recommendations/bulk/preview", methods=["POST"])
def bulk_preview():
    """What the bulk form would change; nothing is written."""
    return _bulk_step(preview=True)


@records.route("/recommendations/bulk/apply", methods=["POST"])
def bulk_apply():
    """The previewed change, made; the page lists each record's before and
    after."""
    return _bulk_step(preview=False)
