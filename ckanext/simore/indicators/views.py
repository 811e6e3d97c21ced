"""Pages of the indicators: the list (with filters), an indicator's page
(definition, chart, table, values in progress for its staff), the
coordinators' forms, the focal points' value form, the transitions and
the CSV of the approved values. Every page calls the matching API
action, so the web and the API share one set of rules."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.simore import config, multilingual, web
from ckanext.simore.indicators import actions
from ckanext.simore.multilingual import N_
from ckanext.simore.workflow import machine as workflow

__all__ = ["indicators"]

indicators = Blueprint("simore_indicators", __name__)

# the forms' fields, naming them in what a refused form is told
LABELS = {
    "code": N_("Code"),
    "title": N_("Title"),
    "description": N_("Description"),
    "kind": N_("Kind of indicator"),
    "unit": N_("Unit"),
    "currency": N_("Currency"),
    "source": N_("Source"),
    "periodicity": N_("Periodicity"),
    "disaggregations": N_("Disaggregations"),
    "organization": N_("Responsible institution"),
    "themes": N_("Themes"),
    "sdg_targets": N_("SDG targets"),
    "recommendations": N_("Recommendations measured"),
    "period": N_("Period"),
    "value": N_("Value"),
    "disaggregation": N_("Breakdown"),
    "note": N_("Note"),
    "state": N_("State"),
    "transition": N_("Transition"),
    "comment": N_("Comment"),
}
FILTERS = ("kind", "theme")
TEXT_FIELDS = ("code", "kind", "unit", "currency", "source", "periodicity", "organization", "sdg_targets")
LIST_FIELDS = ("disaggregations", "themes")
# the columns of the CSV of an indicator's approved values (open data:
# the API's names, not translated)
CSV_COLUMNS = ("indicator", "period", "value", "unit", "currency", "disaggregation", "organization", "source", "note")


def _indicator_form() -> dict[str, Any]:
    form = web.form()
    data: dict[str, Any] = {key: form.get(key, "") for key in TEXT_FIELDS + ("recommendations",)}
    for field in ("title", "description"):
        data[field] = {lang: form.get(multilingual.form_key(field, lang), "") for lang in config.languages()}
    for field in LIST_FIELDS:
        data[field] = tk.request.form.getlist(field)
    return data


def _value_form(indicator: dict[str, Any]) -> dict[str, Any]:
    form = web.form()
    data: dict[str, Any] = {key: form.get(key, "") for key in ("period", "value", "note", "source")}
    data["disaggregation"] = {
        dimension: form.get("disaggregation-" + dimension, "") for dimension in indicator["disaggregations"]
    }
    return data


@indicators.route("/indicators")
def index():
    filters = {key: tk.request.args[key] for key in FILTERS if tk.request.args.get(key)}
    found = web.run("simore_indicator_list", dict(filters, limit=actions.MAX_LISTED))
    return tk.render("simore/indicators/index.html", {"found": found, "filters": filters})


@indicators.route("/indicators/new", methods=["GET", "POST"])
def new():
    refused = web.refused("simore_indicator_create")
    if refused is not None:
        return refused
    error, data = None, {"kind": "outcome", "periodicity": "annual", "title": {}, "description": {}}
    if tk.request.method == "POST":
        data = _indicator_form()
        created, error = web.call("simore_indicator_create", data, LABELS)
        if created:
            tk.h.flash_success(tk._("The indicator was defined."))
            return tk.redirect_to("simore_indicators.read", code=created["code"])
    return tk.render("simore/indicators/form.html", {"data": data, "error": error, "indicator": None})


@indicators.route("/indicators/<code>")
def read(code: str):
    indicator = web.run("simore_indicator_show", {"id": code})
    listed = web.run("simore_indicator_value_list", {"indicator": code, "limit": actions.MAX_VALUES_LISTED})
    approved = [value for value in listed["values"] if value["state"] == workflow.APPROVED]
    return tk.render(
        "simore/indicators/read.html",
        {
            "indicator": indicator,
            "approved": approved,
            "in_progress": [value for value in listed["values"] if value["state"] != workflow.APPROVED],
            "may_report": tk.h.check_access("simore_indicator_value_create", {"indicator": indicator["id"]}),
        },
    )


@indicators.route("/indicators/<code>/edit", methods=["GET", "POST"])
def edit(code: str):
    refused = web.refused("simore_indicator_update")
    if refused is not None:
        return refused
    indicator = web.run("simore_indicator_show", {"id": code})
    error = None
    if tk.request.method == "POST":
        data = dict(_indicator_form(), id=indicator["id"])
        updated, error = web.call("simore_indicator_update", data, LABELS)
        if updated:
            tk.h.flash_success(tk._("The indicator was updated."))
            return tk.redirect_to("simore_indicators.read", code=updated["code"])
    else:
        data = {
            **{key: indicator[key] for key in ("code", "title", "description", "kind", "unit", "currency", "source")},
            **{key: indicator[key] for key in ("periodicity", "disaggregations", "themes")},
            "organization": indicator["organization"]["name"],
            "sdg_targets": " ".join(indicator["sdg_targets"]),
            "recommendations": "\n".join(record["name"] for record in indicator["recommendations"]),
        }
    return tk.render("simore/indicators/form.html", {"data": data, "error": error, "indicator": indicator})


@indicators.route("/indicators/<code>/delete", methods=["POST"])
def delete(code: str):
    return web.delete(
        "simore_indicator_delete",
        code,
        tk._("The indicator was removed."),
        "simore_indicators.index",
        "simore_indicators.read",
        code=code,
    )


@indicators.route("/indicators/<code>/values.csv")
def values_csv(code: str):
    indicator = web.run("simore_indicator_show", {"id": code})
    listed = web.run(
        "simore_indicator_value_list",
        {"indicator": code, "state": workflow.APPROVED, "limit": actions.MAX_VALUES_LISTED},
    )
    rows: list[list[Any]] = [list(CSV_COLUMNS)]
    for value in listed["values"]:
        breakdown = ";".join("{}={}".format(key, part) for key, part in value["disaggregation"].items())
        cells = dict(value, disaggregation=breakdown)
        rows.append([cells[column] for column in CSV_COLUMNS])
    return web.csv_response(rows, "indicator-{}.csv".format(indicator["code"]))


@indicators.route("/indicators/<code>/values/new", methods=["GET", "POST"])
def new_value(code: str):
    indicator = web.run("simore_indicator_show", {"id": code})
    refused = web.refused("simore_indicator_value_create", {"indicator": indicator["id"]})
    if refused is not None:
        return refused
    error, data = None, {"disaggregation": {}}
    if tk.request.method == "POST":
        data = _value_form(indicator)
        created, error = web.call("simore_indicator_value_create", dict(data, indicator=indicator["id"]), LABELS)
        if created:
            tk.h.flash_success(tk._("The value was saved as a draft: submit it for approval."))
            return tk.redirect_to("simore_indicators.read", code=indicator["code"])
    return tk.render("simore/indicators/value_form.html", {"indicator": indicator, "data": data, "error": error})


@indicators.route("/indicators/<code>/values/<value_id>/edit", methods=["GET", "POST"])
def edit_value(code: str, value_id: str):
    indicator = web.run("simore_indicator_show", {"id": code})
    refused = web.refused("simore_indicator_value_update", {"id": value_id})
    if refused is not None:
        return refused
    value = web.run("simore_indicator_value_show", {"id": value_id})
    error = None
    if tk.request.method == "POST":
        data = _value_form(indicator)
        updated, error = web.call("simore_indicator_value_update", dict(data, id=value_id), LABELS)
        if updated:
            tk.h.flash_success(tk._("The value was updated."))
            return tk.redirect_to("simore_indicators.read", code=indicator["code"])
    else:
        data = {key: value[key] for key in ("period", "note", "source", "disaggregation")}
        data["value"] = ("yes" if value["value"] else "no") if indicator["yes_no"] else value["value"]
    return tk.render(
        "simore/indicators/value_form.html", {"indicator": indicator, "data": data, "error": error, "value": value}
    )


@indicators.route("/indicators/<code>/values/<value_id>/transition", methods=["POST"])
def transition(code: str, value_id: str):
    refused = web.refused("simore_indicator_value_transition", {"id": value_id})
    if refused is not None:
        return refused
    form = web.form()
    web.submit(
        "simore_indicator_value_transition",
        {"id": value_id, "transition": form.get("transition", ""), "comment": form.get("comment", "")},
        tk._("The value moved on."),
    )
    return tk.redirect_to("simore_indicators.read", code=code)


@indicators.route("/indicators/<code>/values/<value_id>/delete", methods=["POST"])
def delete_value(code: str, value_id: str):
    refused = web.refused("simore_indicator_value_delete", {"id": value_id})
    if refused is not None:
        return refused
    web.submit("simore_indicator_value_delete", {"id": value_id}, tk._("The value was removed."))
    return tk.redirect_to("simore_indicators.read", code=code)
