"""Web pages of imports, for coordinators: upload a file, read the dry
run's report, confirm, follow the background job, read the result. Every
page calls the imports' API actions."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.simore import config, web
from ckanext.simore.imports import plan, runs

__all__ = ["imports"]

imports = Blueprint("simore_imports", __name__, url_prefix="/imports")

PAGE_SIZE = 100


@imports.route("/", methods=["GET", "POST"])
def index():
    if tk.request.method == "POST":
        data = {
            "upload": tk.request.files.get("upload"),
            "organization": tk.request.form.get("organization", ""),
            "create_mechanisms": tk.request.form.get("create_mechanisms") == "on",
        }
        try:
            run = tk.get_action("simore_import_create")(web.context(), data)
        except tk.NotAuthorized as error:
            return tk.abort(403, str(error))
        except tk.ValidationError as error:
            tk.h.flash_error(web.validation_message(error))
        else:
            tk.h.flash_success(tk._("The file was received: its dry run is under way."))
            return tk.redirect_to("simore_imports.read", id=run["id"])
    runs_list = web.run("simore_import_list", {})
    return tk.render(
        "simore/imports/index.html", {"runs": runs_list, "default_organization": config.coordinating_organization()}
    )


@imports.route("/<id>")
def read(id: str):
    run = web.run("simore_import_show", {"id": id})
    outcome = tk.request.args.get("outcome") or None
    if outcome not in plan.OUTCOMES:
        outcome = None
    page = max(1, tk.h.get_page_number(tk.request.args))
    phase = (
        plan.IMPORT
        if run["counts"] or run["state"] in (runs.IMPORTING, runs.FAILED) and run["rows_done"]
        else plan.DRY_RUN
    )
    rows = web.run(
        "simore_import_rows",
        {
            "id": id,
            "phase": phase,
            "outcome": outcome,
            "with_messages": outcome is None,
            "offset": (page - 1) * PAGE_SIZE,
            "limit": PAGE_SIZE + 1,
        },
    )
    return tk.render(
        "simore/imports/read.html",
        {
            "run": run,
            "phase": phase,
            "rows": rows[:PAGE_SIZE],
            "outcome": outcome,
            "page": page,
            "more": len(rows) > PAGE_SIZE,
            "outcomes": plan.OUTCOMES,
            "working": run["state"] in (runs.PENDING, runs.CHECKING, runs.IMPORTING) and not run["stalled"],
        },
    )


def _post(action: str, id: str, success: str):
    try:
        tk.get_action(action)(web.context(), {"id": id})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ObjectNotFound as error:
        return tk.abort(404, str(error))
    except tk.ValidationError as error:
        tk.h.flash_error(web.validation_message(error))
    else:
        tk.h.flash_success(success)
    return tk.redirect_to("simore_imports.read", id=id)


@imports.route("/<id>/confirm", methods=["POST"])
def confirm(id: str):
    return _post("simore_import_confirm", id, tk._("The import is under way."))


@imports.route("/<id>/resume", methods=["POST"])
def resume(id: str):
    return _post("simore_import_resume", id, tk._("The import goes on where it stopped."))
