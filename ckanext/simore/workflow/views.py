"""Web pages and forms of the focal-point workflow: action transitions and
reporting rounds. Every form posts to a view that calls the matching API
action, so the web and the API share one set of rules."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.simore import web
from ckanext.simore.security import links
from ckanext.simore.workflow import actions

__all__ = ["workflow", "rounds"]

workflow = Blueprint("simore_workflow", __name__)
rounds = Blueprint("simore_rounds", __name__, url_prefix="/rounds")


@workflow.route("/action/<id>/transition", methods=["POST"])
def action_transition(id: str):
    web.submit("simore_action_transition", {"id": id, **web.form()}, tk._("The action's status was updated."))
    return tk.redirect_to("action.read", id=id)


@rounds.route("/")
def index():
    return tk.render("simore/workflow/index.html", {"rounds": web.run("simore_round_list", {})})


@rounds.route("/new", methods=["GET", "POST"])
def new():
    error = None
    if tk.request.method == "POST":
        data = web.form()
        created, error = web.call("simore_round_create", data)
        if created:
            tk.h.flash_success(tk._("The reporting round was opened."))
            return tk.redirect_to("simore_rounds.read", id=created["id"])
    else:
        try:
            tk.check_access("simore_round_create", web.context(), {})
        except tk.NotAuthorized:
            return tk.abort(403, tk._("Only the coordinating body may open reporting rounds"))
        data = {"fq": tk.request.args.get("fq", ""), "q": tk.request.args.get("q", "")}
    return tk.render("simore/workflow/new.html", {"data": data, "error": error})


@rounds.route("/<id>")
def read(id: str):
    return tk.render("simore/workflow/read.html", {"round": web.run("simore_round_show", {"id": id})})


@rounds.route("/<id>/owed/<organization>")
def outstanding(id: str, organization: str):
    owed = web.run(
        "simore_round_outstanding", {"id": id, "organization": organization, "limit": actions.MAX_OUTSTANDING_LISTED}
    )
    return tk.render("simore/workflow/outstanding.html", {"owed": owed})


@rounds.route("/<id>/close", methods=["POST"])
def close(id: str):
    web.submit("simore_round_close", {"id": id}, tk._("The reporting round was closed."))
    return tk.redirect_to("simore_rounds.read", id=id)


@rounds.route("/<id>/no-progress", methods=["POST"])
def no_progress(id: str):
    form = web.form()
    came_from = links.local_path(form.pop("came_from", None))  # never another site
    web.submit("simore_round_no_progress", {"id": id, **form}, tk._("Your answer was recorded."))
    return tk.redirect_to(came_from or tk.h.url_for("simore_rounds.read", id=id))
