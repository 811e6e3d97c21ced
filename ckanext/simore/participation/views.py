"""Pages of civil society participation: asking to join an organization
or to register one, and the requests page where a person follows their
requests and whoever decides approves or refuses them; the forms of
contributions (on a record's page), their edit page, and the moderators'
queue. Every page calls the matching API action."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.simore import config, web
from ckanext.simore.exports import columns, selection, writers
from ckanext.simore.exports import views as export_views
from ckanext.simore.multilingual import N_
from ckanext.simore.participation import actions, memberships, open_data, record

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


# -- contributions ------------------------------------------------------------------

CONTRIBUTION_LABELS = {
    "kind": N_("Kind of contribution"),
    "record": N_("Record"),
    "report": N_("Report"),
    "organization": N_("Organization"),
    "parent": N_("In reply to"),
    "body": N_("Text"),
    "status": N_("Implementation status according to the organization"),
    "evidence": N_("Evidence (links)"),
    "show_author": N_("Show my name"),
    "language": N_("Language"),
    "reason": N_("Reason"),
    "decision": N_("Decision"),
    "id": N_("Contribution"),
}


def _back_to_record(record: str, anchor: str = "civil-society") -> Any:
    package = web.run("package_show", {"id": record})
    return tk.redirect_to(tk.url_for("{}.read".format(package["type"]), id=package["name"]) + "#" + anchor)


def _back_to_report(draft_id: str, anchor: str = "civil-society") -> Any:
    return tk.redirect_to(tk.url_for("simore_drafts.read", id=draft_id) + "#" + anchor)


def _back_to_contribution(contribution: dict[str, Any], anchor: str = "") -> Any:
    """The page a contribution is read on (its record's or its report's),
    at ``anchor`` (the contribution itself unless said)."""
    anchor = anchor or "contribution-" + contribution["id"]
    if contribution["record"]:
        return _back_to_record(contribution["record"]["id"], anchor)
    if contribution["report"]:
        return _back_to_report(contribution["report"]["id"], anchor)
    return tk.redirect_to("simore_participation.requests")


def _contribution_data(form: dict[str, str]) -> dict[str, Any]:
    """A contribution form's fields as the API action takes them."""
    data: dict[str, Any] = {
        key: form[key] for key in ("kind", "organization", "parent", "body", "status", "language") if form.get(key)
    }
    data["evidence"] = form.get("evidence", "")
    data["show_author"] = bool(form.get("show_author"))
    return data


def _send_contribution(subject: dict[str, str]) -> Any:
    """Send the form's contribution about ``subject`` (a record or a
    report) to the moderators; a response if the user may not write."""
    refused = web.refused("simore_contribution_create")
    if refused is not None:
        return refused
    web.submit(
        "simore_contribution_create",
        {**subject, **_contribution_data(web.form())},
        tk._("Thank you: your contribution will be published once the moderators have read it."),
        CONTRIBUTION_LABELS,
    )
    return None


@participation.route("/participation/contribute/<record>", methods=["POST"])
def contribute(record: str):
    return _send_contribution({"record": record}) or _back_to_record(record)


@participation.route("/drafts/<id>/contribute", methods=["POST"])
def contribute_on_report(id: str):
    """A comment on a submitted report."""
    return _send_contribution({"report": id}) or _back_to_report(id)


@participation.route("/participation/contributions/<id>/edit", methods=["GET", "POST"])
def edit(id: str):
    contribution = web.run("simore_contribution_show", {"id": id})
    form = web.form()
    if tk.request.method == "POST":
        data = {"id": id, **_contribution_data(form)}
        for fixed in ("kind", "organization", "parent"):
            data.pop(fixed, None)
        changed, error = web.call("simore_contribution_update", data, CONTRIBUTION_LABELS)
        if changed:
            tk.h.flash_success(tk._("Your contribution was changed; it goes back to the moderators."))
            return _back_to_contribution(contribution)
        tk.h.flash_error(error)
    return tk.render("simore/participation/edit.html", {"contribution": contribution, "data": form or contribution})


@participation.route("/participation/contributions/<id>/withdraw", methods=["POST"])
def withdraw_contribution(id: str):
    contribution = web.run("simore_contribution_show", {"id": id})
    web.submit("simore_contribution_withdraw", {"id": id}, tk._("Your contribution was withdrawn."))
    return _back_to_contribution(contribution, "civil-society")


@participation.route("/participation/contributions/<id>/answer", methods=["POST"])
def answer(id: str):
    contribution = web.run("simore_contribution_show", {"id": id})
    form = web.form()
    data = {"id": id, "organization": form.get("organization", ""), "body": form.get("body", "")}
    refused = web.refused("simore_contribution_answer", data)
    if refused is not None:
        return refused
    web.submit("simore_contribution_answer", data, tk._("Your answer was published."), CONTRIBUTION_LABELS)
    return _back_to_contribution(contribution)


@participation.route("/participation/contributions/<id>/report", methods=["POST"])
def report(id: str):
    contribution = web.run("simore_contribution_show", {"id": id})
    web.submit(
        "simore_contribution_report",
        {"id": id, "reason": web.form().get("reason", "")},
        tk._("Thank you: the moderators will read your report."),
        CONTRIBUTION_LABELS,
    )
    return _back_to_contribution(contribution)


@participation.route("/participation/contributions.<fmt>")
def export_contributions(fmt: str):
    """Every published contribution (narrowed by the list action's
    filters) as CSV, Excel or JSON: the same for every reader."""
    if fmt not in writers.MIMETYPES:
        return tk.abort(404, tk._("Exports exist as csv, xlsx or json"))
    filters = {key: tk.request.args[key] for key in open_data.FILTERS if tk.request.args.get(key)}
    pages = _published_pages(filters)
    try:
        # the first page now: a bad filter is answered with an error, not a broken file
        first = next(pages)
    except tk.ObjectNotFound as missing:
        return tk.abort(404, str(missing))
    except tk.ValidationError as invalid:
        return tk.abort(400, web.validation_message(invalid, CONTRIBUTION_LABELS))
    lang = export_views.export_language()
    label = columns.vocabulary_labeller("implementation_statuses", lang, config.languages())
    rows = (
        open_data.row(shown, label, selection.record_url) for page in itertools.chain([first], pages) for shown in page
    )
    return export_views.download(fmt, list(open_data.COLUMNS), rows, "contributions", lang)


def _published_pages(filters: dict[str, str]) -> Iterator[list[dict[str, Any]]]:
    """The published contributions as the public reads them, a page at a
    time."""
    offset = 0
    while True:
        page = tk.get_action("simore_contribution_list")(
            {"user": ""}, {**filters, "state": "published", "limit": actions.MAX_LISTED, "offset": offset}
        )
        yield page["results"]
        offset += len(page["results"])
        if not page["results"] or offset >= page["count"]:
            return


@participation.route("/participation/moderation")
def moderation():
    refused = web.refused("simore_contribution_moderate")
    if refused is not None:
        return refused
    waiting = web.run("simore_contribution_list", {"state": "pending"})
    reported = web.run("simore_contribution_list", {"state": "published", "reported": True})
    return tk.render("simore/participation/moderation.html", {"waiting": waiting, "reported": reported})


@participation.route("/participation/contributions/<id>/moderate", methods=["POST"])
def moderate(id: str):
    form = web.form()
    data = {"id": id, "decision": form.get("decision", ""), "reason": form.get("reason", "")}
    messages = {
        "publish": tk._("The contribution was published."),
        "request_changes": tk._("The author is asked for changes."),
        "refuse": tk._("The contribution was refused; the author is told why."),
    }
    success = messages.get(data["decision"], "")
    return web.button(
        "simore_contribution_moderate", data, success, "simore_participation.moderation", CONTRIBUTION_LABELS
    )


# -- consultations --------------------------------------------------------------------

CONSULTATION_LABELS = {
    "draft": N_("Report draft"),
    "opens": N_("Opens on"),
    "closes": N_("Closes on"),
    "audience": N_("Consulted"),
    "organizations": N_("Invited organizations"),
    "message": N_("Message to the organizations"),
    "section": N_("Section"),
    "organization": N_("Organization"),
    "body": N_("Comment"),
    "response": N_("Response"),
    "text": N_("Why"),
    "id": N_("Consultation"),
}


@participation.route("/drafts/<id>/consult", methods=["POST"])
def consult(id: str):
    refused = web.refused("simore_consultation_open")
    if refused is not None:
        return refused
    form = web.form()
    data = {key: form[key] for key in ("opens", "closes", "audience", "message") if form.get(key)}
    data["draft"] = id
    data["organizations"] = tk.request.form.getlist("organizations")
    opened, error = web.call("simore_consultation_open", data, CONSULTATION_LABELS)
    if opened:
        tk.h.flash_success(tk._("The consultation is open; the organizations consulted were told by e-mail."))
        return tk.redirect_to("simore_participation.consultation", id=opened["id"])
    tk.h.flash_error(error)
    return tk.redirect_to("simore_drafts.read", id=id, _anchor="consultation")


@participation.route("/consultations/<id>")
def consultation(id: str):
    found = web.run("simore_consultation_show", {"id": id})
    return tk.render("simore/participation/consultation.html", {"consultation": found})


@participation.route("/consultations/<id>/comment", methods=["POST"])
def consultation_comment(id: str):
    refused = web.refused("simore_consultation_comment")
    if refused is not None:
        return refused
    form = web.form()
    data = {key: form.get(key, "") for key in ("section", "organization", "body")}
    data.update(consultation=id, show_author=bool(form.get("show_author")))
    web.submit(
        "simore_consultation_comment",
        data,
        tk._("Thank you: your comment will be published once the moderators have read it."),
        CONSULTATION_LABELS,
    )
    return tk.redirect_to(tk.url_for("simore_participation.consultation", id=id) + "#section-" + data["section"])


@participation.route("/consultations/<id>/close", methods=["POST"])
def close_consultation(id: str):
    return web.button(
        "simore_consultation_close",
        {"id": id},
        tk._("The consultation is closed."),
        "simore_participation.consultation",
        id=id,
    )


@participation.route("/consultations/<id>/publish", methods=["POST"])
def publish_consultation(id: str):
    return web.button(
        "simore_consultation_publish",
        {"id": id},
        tk._("The consultation's record is published."),
        "simore_participation.consultation",
        CONSULTATION_LABELS,
        id=id,
    )


@participation.route("/consultations/<id>/comments/<comment>/respond", methods=["POST"])
def respond(id: str, comment: str):
    form = web.form()
    data = {"id": comment, "response": form.get("response", ""), "text": form.get("text", "")}
    return web.button(
        "simore_consultation_respond",
        data,
        tk._("Your response was saved; the organization is told."),
        "simore_participation.consultation",
        CONSULTATION_LABELS,
        id=id,
    )


@participation.route("/consultations/<id>/record.csv")
def consultation_record(id: str):
    """The record as CSV: the coordinators', and everyone's once published."""
    found = web.run("simore_consultation_show", {"id": id})
    if "participants" not in found:
        return tk.abort(404, tk._("This consultation's record is not published yet."))
    return web.csv_response(record.csv_rows(found), "consultation-{}.csv".format(id))
