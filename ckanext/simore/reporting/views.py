"""Pages of the calendar of reporting obligations: the public calendar
(with filters), a page per obligation, the iCalendar feed, and the
coordinators' forms. Every page calls the matching API action, so the web
and the API share one set of rules."""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, make_response

from ckanext.simore import web
from ckanext.simore.multilingual import N_
from ckanext.simore.reporting import actions, feed

__all__ = ["calendar"]

calendar = Blueprint("simore_calendar", __name__)

# the form's fields, naming them in what a refused form is told
LABELS = {
    "mechanism": N_("Mechanism"),
    "kind": N_("Kind of report"),
    "period": N_("Period or cycle"),
    "period_start": N_("Period start"),
    "period_end": N_("Period end"),
    "due_date": N_("Due date"),
    "state": N_("State"),
    "recommendations": N_("Recommendations covered"),
    "document_symbol": N_("Document symbol"),
    "submitted_on": N_("Submission date"),
    "notes": N_("Notes"),
}
FILTERS = ("mechanism", "state", "kind")


def _filters() -> dict[str, str]:
    return {key: tk.request.args[key] for key in FILTERS if tk.request.args.get(key)}


@calendar.route("/calendar")
def index():
    filters = _filters()
    found = web.run("simore_obligation_list", dict(filters, limit=actions.MAX_LISTED))
    listed = found["obligations"]
    return tk.render(
        "simore/reporting/index.html",
        {
            "count": found["count"],
            "coming": [entry for entry in listed if entry["days_left"] >= 0],
            # past: the most recent first
            "past": [entry for entry in reversed(listed) if entry["days_left"] < 0],
            "filters": filters,
        },
    )


@calendar.route("/calendar.ics")
def ics():
    found = web.run("simore_obligation_list", dict(_filters(), limit=actions.MAX_LISTED))
    host = tk.request.host
    events = [
        feed.Event(
            uid="{}@{}".format(entry["id"], host),
            summary="{} — {}{}".format(
                entry["mechanism"]["code"],
                entry["kind_label"],
                " ({})".format(entry["period"]) if entry["period"] else "",
            ),
            due_date=datetime.date.fromisoformat(entry["due_date"]),
            description="{}\n{}: {}".format(entry["mechanism"]["title"], tk._("State"), entry["state_label"]),
            url=tk.url_for("simore_calendar.read", id=entry["id"], _external=True),
            modified=datetime.datetime.fromisoformat(entry["modified"]),
            done=entry["stored_state"] == "submitted",
        )
        for entry in found["obligations"]
    ]
    response = make_response(feed.ics(tk._("Calendar of reporting obligations"), events))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="simore-calendar.ics"'
    return response


# the calendar as open data: a column per field, labels in the reader's language
CSV_COLUMNS = (
    ("mechanism", lambda entry: entry["mechanism"]["code"]),
    ("mechanism_title", lambda entry: entry["mechanism"]["title"]),
    ("kind", lambda entry: entry["kind"]),
    ("kind_label", lambda entry: entry["kind_label"]),
    ("period", lambda entry: entry["period"]),
    ("period_start", lambda entry: entry["period_start"]),
    ("period_end", lambda entry: entry["period_end"]),
    ("due_date", lambda entry: entry["due_date"]),
    ("state", lambda entry: entry["state"]),
    ("state_label", lambda entry: entry["state_label"]),
    ("submitted_on", lambda entry: entry["submitted_on"]),
    ("document_symbol", lambda entry: entry["document_symbol"]),
    ("recommendations", lambda entry: entry["recommendation_count"]),
    ("url", lambda entry: tk.url_for("simore_calendar.read", id=entry["id"], _external=True)),
)


@calendar.route("/calendar.csv")
def csv():
    """The calendar (with the page's filters) as CSV."""
    found = web.run("simore_obligation_list", dict(_filters(), limit=actions.MAX_LISTED))
    rows: list[list[Any]] = [[name for name, _cell in CSV_COLUMNS]]
    rows += [[cell(entry) for _name, cell in CSV_COLUMNS] for entry in found["obligations"]]
    return web.csv_response(rows, "simore-calendar.csv")


@calendar.route("/calendar/new", methods=["GET", "POST"])
def new():
    refused = web.refused("simore_obligation_create")
    if refused is not None:
        return refused
    error, data = None, {"state": "planned", "mechanism": tk.request.args.get("mechanism", "")}
    if tk.request.method == "POST":
        data = web.form()
        created, error = web.call("simore_obligation_create", data, LABELS)
        if created:
            tk.h.flash_success(tk._("The report was added to the calendar."))
            return tk.redirect_to("simore_calendar.read", id=created["id"])
    return tk.render("simore/reporting/form.html", {"data": data, "error": error, "obligation": None})


@calendar.route("/calendar/generate", methods=["POST"])
def generate():
    refused = web.refused("simore_obligation_generate")
    if refused is not None:
        return refused
    form = web.form()
    planned = web.submit("simore_obligation_generate", form, tk._("The calendar was planned from the periodicities."))
    if planned is not None and not planned["planned"]:
        tk.h.flash_notice(
            tk._("Nothing to add: the calendar already has these reports, or the mechanism has no fixed periodicity.")
        )
    return tk.redirect_to("simore_calendar.index", mechanism=form.get("mechanism") or None)


@calendar.route("/calendar/<id>")
def read(id: str):
    return tk.render("simore/reporting/read.html", {"obligation": web.run("simore_obligation_show", {"id": id})})


@calendar.route("/calendar/<id>/edit", methods=["GET", "POST"])
def edit(id: str):
    refused = web.refused("simore_obligation_update")
    if refused is not None:
        return refused
    obligation = web.run("simore_obligation_show", {"id": id})
    error = None
    if tk.request.method == "POST":
        data = dict(web.form(), id=id)
        updated, error = web.call("simore_obligation_update", data, LABELS)
        if updated:
            tk.h.flash_success(tk._("The report was updated."))
            return tk.redirect_to("simore_calendar.read", id=id)
    else:
        data = {
            **{
                key: obligation[key] or ""
                for key in (
                    "kind",
                    "period",
                    "period_start",
                    "period_end",
                    "due_date",
                    "document_symbol",
                    "submitted_on",
                    "notes",
                )
            },
            "mechanism": obligation["mechanism"]["name"],
            "state": obligation["stored_state"],
            "recommendations": "\n".join(record["name"] for record in obligation["recommendations"]),
        }
    return tk.render("simore/reporting/form.html", {"data": data, "error": error, "obligation": obligation})


@calendar.route("/calendar/<id>/delete", methods=["POST"])
def delete(id: str):
    return web.delete(
        "simore_obligation_delete",
        id,
        tk._("The report was removed from the calendar."),
        "simore_calendar.index",
        "simore_calendar.read",
        id=id,
    )
