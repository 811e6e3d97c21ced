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
    data["justification"] = form.get("justification", "")
    # setting only the lead assigns it too
    data["institutions"] = form.getlist("institutions") or ([lead] if lead else [])
    data["replace"] = form.get("mode") == "replace"
    if lead:
        data["lead_institution"] = lead
    return BULK_ACTIONS["assign"], data


def _bulk_step(preview: bool) -> Any:
    action, data = _bulk_request()
    refused = web.refused(action, data)
    if refused is not None:
        return refused
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


# The kept bulk changes: a page of them, one with its records, its undoing.
CHANGES_PER_PAGE = 20


@records.route("/recommendations/changes")
def change_sets():
    """The bulk changes of recommendations, newest first."""
    page = max(1, tk.h.get_page_number(tk.request.args))
    found = web.run("simore_change_set_list", {"limit": CHANGES_PER_PAGE, "offset": (page - 1) * CHANGES_PER_PAGE})
    return tk.render(
        "simore/records/change_sets.html",
        {"found": found, "page": page, "more": page * CHANGES_PER_PAGE < found["count"]},
    )


@records.route("/recommendations/changes/<id>")
def change_set(id: str):
    """One bulk change: each record before, after and now, and the form
    that undoes it."""
    return tk.render("simore/records/change_set.html", {"change_set": web.run("simore_change_set_show", {"id": id})})


@records.route("/recommendations/changes/<id>/undo", methods=["POST"])
def change_set_undo(id: str):
    """The undoing of a bulk change: its preview, then (``confirm``) made."""
    preview = not tk.request.form.get("confirm")
    justification = tk.request.form.get("justification", "")
    data = {"id": id, "justification": justification, "preview": preview}
    refused = web.refused("simore_change_set_undo", data)
    if refused is not None:
        return refused
    result, error = web.call("simore_change_set_undo", data, BULK_FIELDS)
    if error:
        tk.h.flash_error(error)
        return tk.redirect_to("simore_records.change_set", id=id)
    if not preview and result["change_set"]:
        tk.h.flash_success(tk._("The change was undone."))
        return tk.redirect_to("simore_records.change_set", id=result["change_set"])
    return tk.render(
        "simore/records/bulk.html",
        {
            "result": result,
            "operation": "undo",
            "justification": justification,
            "fields": [("justification", justification), ("confirm", "1")],
            "confirm_url": tk.url_for("simore_records.change_set_undo", id=id),
            "search_url": tk.url_for("simore_records.change_set", id=id),
        },
    )
