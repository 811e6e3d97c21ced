"""Forms of the records that the coordinators use: a recommendation's
implementation status and its assigned institutions. Each posts to a view
that calls the matching API action."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.simore import web

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
