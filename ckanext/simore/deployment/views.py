"""The first sysadmin's page for setting up the country (``/setup``): the
institutions' sheet, the mechanisms, a dry run, then the real thing; the
same steps as ``ckan simore setup-country``."""

from __future__ import annotations

from importlib import resources

import ckan.plugins.toolkit as tk
from flask import Blueprint, send_file

from ckanext.simore import config, languages, web
from ckanext.simore.multilingual import N_
from ckanext.simore.records import loaders

__all__ = ["setup"]

setup = Blueprint("simore_setup", __name__, url_prefix="/setup")

LABELS = {"upload": N_("Sheet of institutions"), "mechanisms": N_("Mechanisms"), "dry_run": N_("Dry run")}


def _mechanisms() -> list[dict[str, str]]:
    """The shipped mechanisms, named in the reader's language."""
    return [
        {"code": entry["code"], "title": languages.text(entry["title"])}
        for entry in loaders.read_data_file("mechanisms.yaml")
    ]


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
            "mechanisms": _mechanisms(),
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
