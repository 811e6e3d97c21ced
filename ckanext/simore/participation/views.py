"""Pages of civil society participation: asking to join an organization
or to register one, and the requests page where a person follows their
requests and whoever decides approves or refuses them. Every page calls
the matching API action."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.simore import web
from ckanext.simore.multilingual import N_
from ckanext.simore.participation import actions, memberships

__all__ = ["participation"]

participation = Blueprint("simore_participation", __name__)

# the forms' fields, naming them in what a refused form is told
LABELS = {
    "kind": N_("Request"),
    "organization": N_("Organization"),
    "message": N_("Message"),
    "reason": N_("Reason"),
    "decision": N_("Decision"),
    "title": N_("Name"),
    "name": N_("URL"),
    "civil_society_kind": N_("Kind of organization"),
    "description": N_("Description"),
    "url": N_("Website"),
    "contact_email": N_("Contact e-mail"),
    "acronym": N_("Acronym"),
}


@participation.route("/participation/requests")
def requests():
    state = tk.request.args.get("state") or memberships.PENDING
    found = web.run("simore_membership_request_list", {"state": state})
    return tk.render(
        "simore/participation/requests.html", {"found": found, "state": state, "states": memberships.STATES}
    )


@participation.route("/participation/join/<id>", methods=["GET", "POST"])
def join(id: str):
    organization = web.run("organization_show", {"id": id, "include_datasets": False})
    refused = web.refused("simore_membership_request_create")
    if refused is not None:
        return refused
    if tk.request.method == "POST":
        data = {"kind": memberships.JOIN, "organization": organization["id"], "message": web.form().get("message", "")}
        created, error = web.call("simore_membership_request_create", data, LABELS)
        if created:
            tk.h.flash_success(tk._("Your request was sent to the organization's admins."))
            return tk.redirect_to("simore_participation.requests")
        tk.h.flash_error(error)
    return tk.render("simore/participation/join.html", {"organization": organization, "data": web.form()})


@participation.route("/participation/register", methods=["GET", "POST"])
def register():
    refused = web.refused("simore_membership_request_create")
    if refused is not None:
        return refused
    form = web.form()
    if tk.request.method == "POST":
        proposal = {key: form[key] for key in actions.PROPOSAL_FIELDS if form.get(key)}
        data = {"kind": memberships.REGISTER, "proposal": proposal, "message": form.get("message", "")}
        created, error = web.call("simore_membership_request_create", data, LABELS)
        if created:
            tk.h.flash_success(tk._("Your request was sent to the coordinating body."))
            return tk.redirect_to("simore_participation.requests")
        tk.h.flash_error(error)
    return tk.render("simore/participation/register.html", {"data": form})


@participation.route("/participation/requests/<id>/decide", methods=["POST"])
def decide(id: str):
    form = web.form()
    success = (
        tk._("The request was approved.")
        if form.get("decision") == memberships.APPROVE
        else tk._("The request was refused; the person is told why.")
    )
    data = {"id": id, "decision": form.get("decision", ""), "reason": form.get("reason", "")}
    return web.button("simore_membership_request_decide", data, success, "simore_participation.requests", LABELS)


@participation.route("/participation/requests/<id>/withdraw", methods=["POST"])
def withdraw(id: str):
    return web.button(
        "simore_membership_request_withdraw",
        {"id": id},
        tk._("Your request was withdrawn."),
        "simore_participation.requests",
    )
