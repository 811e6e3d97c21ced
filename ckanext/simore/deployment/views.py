"""The first sysadmin's page for setting up the country (``/setup``): the
institutions' sheet, the mechanisms, a dry run, then the real thing; the
same steps as ``ckan simore setup-country``."""

from __future__ import annotations

from importlib import resources
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, send_file

from ckanext.simore import config, languages, web
from ckanext.simore.multilingual import N_
from ckanext.simore.records import loaders
from ckanext.simore.vocabularies import terms as vocabulary

__all__ = ["setup"]

setup = Blueprint("simore_setup", __name__, url_prefix="/setup")

LABELS = {"upload": N_("Sheet of institutions"), "mechanisms": N_("Mechanisms"), "dry_run": N_("Dry run")}


def _mechanisms_by_system() -> list[dict[str, Any]]:
    """The shipped mechanisms grouped by system (the UN, then each regional
    one, in the vocabulary's order), named in the reader's language."""
    shipped = loaders.read_data_file("mechanisms.yaml")
    groups = [
        {
            "system": languages.vocabulary_label("mechanism_systems", system),
            "mechanisms": [
                {"code": entry["code"], "title": languages.text(entry["title"])}
                for entry in shipped
                if entry["system"] == system
            ],
        }
        for system in vocabulary.get("mechanism_systems").codes()
    ]
    return [group for group in groups if group["mechanisms"]]


@setup.route("/", methods=["GET", "POST"])
def index():
    denied = web.refused("simore_country_setup")
    if denied is not None:
        return denied
    report, chosen = None, None
    if tk.request.method == "POST":
        chosen = tk.request.form.getlist("mechanisms")
        data = {
            "upload": tk.request.files.get("upload"),
            "mechanisms": chosen,  # none ticked is refused, not taken for all
            "dry_run": tk.request.form.get("step") != "apply",
        }
        report, error = web.call("simore_country_setup", data, LABELS)
        if error:
            tk.h.flash_error(error)
    return tk.render(
        "simore/deployment/setup.html",
        {
            "report": report,
            "systems": _mechanisms_by_system(),
            "chosen": set(chosen) if chosen is not None else None,
            "country": config.country(),
            "languages": config.languages(),
            "coordination": config.coordinating_organization(),
        },
    )


@setup.route("/institutions-template.csv")
def template():
    denied = web.refused("simore_country_setup")
    if denied is not None:
        return denied
    sheet = resources.files("ckanext.simore") / "data" / "institutions-template.csv"
    return send_file(str(sheet), mimetype="text/csv", as_attachment=True, download_name="institutions-template.csv")
