"""The focal-point network page of the coordinators: every institution's
focal points and validating authority, invitations and handovers."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.simore import web

__all__ = ["network"]

network = Blueprint("simore_network", __name__, url_prefix="/institutions/network")


@network.route("/")
def overview():
    return tk.render("simore/focal_points/index.html", {"network": web.run("simore_institution_network", {})})


@network.route("/invite", methods=["POST"])
def invite():
    web.submit("simore_focal_point_invite", web.form(), tk._("The invitation was sent."))
    return tk.redirect_to("simore_network.overview")


@network.route("/handover", methods=["POST"])
def handover():
    web.submit("simore_institution_handover", web.form(), tk._("The institution was handed over."))
    return tk.redirect_to("simore_network.overview")
