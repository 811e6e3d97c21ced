"""Web pages and forms of the focal-point workflow: report transitions,
implementation status, reporting rounds and the focal-point network. Every
form posts to a view that calls the matching API action, so the web and
the API share one set of rules."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.simore.security import links

__all__ = ["workflow", "rounds", "network"]

workflow = Blueprint("simore_workflow", __name__)
rounds = Blueprint("simore_rounds", __name__, url_prefix="/rounds")
network = Blueprint("simore_network", __name__, url_prefix="/institutions/network")


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _call(action: str, data: dict[str, Any]) -> tuple[Any, str | None]:
    """Run an action for the current user: (result, None) or (None, the
    error to show)."""
    try:
        return tk.get_action(action)(_context(), data), None
    except tk.NotAuthorized as error:
        return None, str(error) or tk._("Not authorized")
    except tk.ObjectNotFound as error:
        return None, str(error) or tk._("Not found")
    except tk.ValidationError as error:
        return None, "; ".join(
            message for messages in error.error_dict.values()
            for message in (messages if isinstance(messages, list) else [messages])
        )


def _form() -> dict[str, str]:
    return {key: value for key, value in tk.request.form.items() if key != "_csrf_token"}


def _flash_outcome(error: str | None, success: str) -> None:
    if error:
        tk.h.flash_error(error)
    else:
        tk.h.flash_success(success)


@workflow.route("/action/<id>/transition", methods=["POST"])
def action_transition(id: str):
    form = _form()
    _, error = _call("simore_action_transition", {"id": id, **form})
    _flash_outcome(error, tk._("The report's status was updated."))
    return tk.redirect_to("action.read", id=id)


@workflow.route("/recommendation/<id>/status", methods=["POST"])
def recommendation_status(id: str):
    _, error = _call("simore_status_set", {"id": id, **_form()})
    _flash_outcome(error, tk._("The implementation status was updated."))
    return tk.redirect_to("recommendation.read", id=id)


@workflow.route("/recommendation/<id>/assign", methods=["POST"])
def recommendation_assign(id: str):
    form = _form()
    data = {"ids": [id], "replace": form.get("replace", "true"),
            "institutions": tk.request.form.getlist("institutions")}
    if form.get("lead_institution"):
        data["lead_institution"] = form["lead_institution"]
    _, error = _call("simore_recommendation_assign", data)
    _flash_outcome(error, tk._("The institutions were assigned."))
    return tk.redirect_to("recommendation.read", id=id)


@rounds.route("/")
def index():
    result, error = _call("simore_round_list", {})
    if error:
        return tk.abort(403, error)
    return tk.render("simore/rounds/index.html", {"rounds": result})


@rounds.route("/new", methods=["GET", "POST"])
def new():
    data, errors = {}, None
    if tk.request.method == "POST":
        data = _form()
        created, errors = _call("simore_round_create", data)
        if created:
            tk.h.flash_success(tk._("The reporting round was opened."))
            return tk.redirect_to("simore_rounds.read", id=created["id"])
    else:
        try:
            tk.check_access("simore_round_create", _context(), {})
        except tk.NotAuthorized:
            return tk.abort(403, tk._("Only the coordinating body may open reporting rounds"))
        data = {"fq": tk.request.args.get("fq", ""), "q": tk.request.args.get("q", "")}
    return tk.render("simore/rounds/new.html", {"data": data, "error": errors})


@rounds.route("/<id>")
def read(id: str):
    result, error = _call("simore_round_show", {"id": id})
    if error:
        return tk.abort(404 if "No reporting round" in error else 403, error)
    return tk.render("simore/rounds/read.html", {"round": result})


@rounds.route("/<id>/close", methods=["POST"])
def close(id: str):
    _, error = _call("simore_round_close", {"id": id})
    _flash_outcome(error, tk._("The reporting round was closed."))
    return tk.redirect_to("simore_rounds.read", id=id)


@rounds.route("/<id>/no-progress", methods=["POST"])
def no_progress(id: str):
    form = _form()
    came_from = links.local_path(form.pop("came_from", None))  # never another site
    _, error = _call("simore_round_no_progress", {"id": id, **form})
    _flash_outcome(error, tk._("Your answer was recorded."))
    return tk.redirect_to(came_from or tk.h.url_for("simore_rounds.read", id=id))


@network.route("/")
def overview():
    result, error = _call("simore_institution_network", {})
    if error:
        return tk.abort(403, error)
    return tk.render("simore/network/index.html", {"network": result})


@network.route("/invite", methods=["POST"])
def invite():
    _, error = _call("simore_focal_point_invite", _form())
    _flash_outcome(error, tk._("The invitation was sent."))
    return tk.redirect_to("simore_network.overview")


@network.route("/handover", methods=["POST"])
def handover():
    _, error = _call("simore_institution_handover", _form())
    _flash_outcome(error, tk._("The institution was handed over."))
    return tk.redirect_to("simore_network.overview")
