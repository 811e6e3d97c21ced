"""API actions of imports: a coordinator uploads a file (a dry run is
queued), reads the report, confirms (the import is queued) and follows the
run. Every web page of imports calls these."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import config
from ckanext.simore.imports import jobs, messages, plan, runs
from ckanext.simore.security import guard

__all__ = [
    "simore_import_create",
    "simore_import_confirm",
    "simore_import_resume",
    "simore_import_show",
    "simore_import_rows",
    "simore_import_list",
]

ROWS_LIMIT = 1000


def _run_or_404(run_id: Any) -> dict[str, Any]:
    if not isinstance(run_id, (str, type(None))):
        raise tk.ValidationError({"id": [tk._("expected a text (an id or a name)")]})
    run = runs.get(run_id or "")
    if run is None:
        raise tk.ObjectNotFound(tk._("There is no import run {id!r}").format(id=run_id))
    return run


def _public(run: dict[str, Any]) -> dict[str, Any]:
    shown = {key: value for key, value in run.items() if key not in ("file_path",)}
    for key in ("created", "updated", "finished"):
        if shown.get(key) is not None:
            shown[key] = shown[key].isoformat()
    shown["stalled"] = runs.stalled(run)
    shown["error"] = messages.shown(shown.get("error"), tk._)
    return shown


def simore_import_create(context, data_dict):
    """Upload an export (UHRI .xlsx/.csv, UPR Info .csv or this portal's
    export) and queue its dry run.

    :param upload: the file (multipart upload)
    :param organization: owner of the imported records (optional, default:
        the coordinating organization)
    :param create_mechanisms: create missing Special Procedures mechanisms
        (optional, default true)
    :returns: the run
    """
    tk.check_access("simore_import_create", context, data_dict)
    upload = data_dict.get("upload")
    filename = getattr(upload, "filename", None)
    if upload is None or not filename:
        raise tk.ValidationError({"upload": [tk._("Choose a file to import")]})
    organization = data_dict.get("organization") or config.coordinating_organization()
    try:
        org = tk.get_action("organization_show")({"ignore_auth": True}, {"id": organization or ""})
    except tk.ObjectNotFound:
        raise tk.ValidationError(
            {"organization": [tk._("There is no organization {name!r}").format(name=organization)]}
        )
    path = jobs.store_upload(upload, filename)
    create_mechanisms = tk.asbool(data_dict.get("create_mechanisms", True))
    run_id = runs.create(path, filename, org["name"], context.get("user"), {"create_mechanisms": create_mechanisms})
    jobs.enqueue(run_id, dry_run=True)
    return _public(runs.get(run_id))


def simore_import_confirm(context, data_dict):
    """Queue the import of a run whose dry run is done.

    :param id: the run's id
    """
    tk.check_access("simore_import_confirm", context, data_dict)
    run = _run_or_404(data_dict.get("id"))
    if run["state"] != runs.CHECKED:
        raise tk.ValidationError(
            {"id": [tk._("This import cannot be confirmed now (it is {state}).").format(state=run["state"])]}
        )
    runs.update(run["id"], state=runs.IMPORTING)
    jobs.enqueue(run["id"], dry_run=False)
    return _public(runs.get(run["id"]))


def simore_import_resume(context, data_dict):
    """Queue again an import that failed or was stopped (rows already done
    are kept and skipped).

    :param id: the run's id
    """
    tk.check_access("simore_import_resume", context, data_dict)
    run = _run_or_404(data_dict.get("id"))
    if not (run["state"] == runs.FAILED or runs.stalled(run)):
        raise tk.ValidationError(
            {"id": [tk._("This import cannot be resumed (it is {state}).").format(state=run["state"])]}
        )
    # a failed dry run is checked again; a failed import goes on
    jobs.enqueue(run["id"], dry_run=not run["dry_run_counts"])
    return _public(runs.get(run["id"]))


@tk.side_effect_free
def simore_import_show(context, data_dict):
    """An import run: file, state, progress and counts (of the dry run and
    of the import).

    :param id: the run's id
    """
    tk.check_access("simore_import_show", context, data_dict)
    return _public(_run_or_404(data_dict.get("id")))


@tk.side_effect_free
def simore_import_rows(context, data_dict):
    """A run's rows with their outcome and messages (rendered in the
    request's language).

    :param id: the run's id
    :param phase: ``dry_run`` or ``import`` (default: the latest)
    :param outcome: only rows with this outcome (optional)
    :param with_messages: only rows with messages (optional)
    :param offset: (default 0)
    :param limit: (default 100, at most 1000)
    """
    tk.check_access("simore_import_rows", context, data_dict)
    run = _run_or_404(data_dict.get("id"))
    phase = data_dict.get("phase") or (
        plan.IMPORT if run["counts"] or run["state"] in (runs.IMPORTING, runs.FAILED) else plan.DRY_RUN
    )
    if phase not in (plan.IMPORT, plan.DRY_RUN):
        raise tk.ValidationError({"phase": [tk._("Expected dry_run or import")]})
    outcome = data_dict.get("outcome") or None
    if outcome and outcome not in plan.OUTCOMES:
        raise tk.ValidationError(
            {"outcome": [tk._("Expected one of: {values}").format(values=", ".join(plan.OUTCOMES))]}
        )
    offset = guard.bounded_int(data_dict, "offset", 0, config.max_search_start())
    limit = max(1, guard.bounded_int(data_dict, "limit", 100, ROWS_LIMIT))
    with_messages = data_dict.get("with_messages", False)
    try:
        with_messages = tk.asbool(with_messages) if isinstance(with_messages, (str, bool, int)) else None
    except ValueError:
        with_messages = None
    if with_messages is None:
        raise tk.ValidationError({"with_messages": [tk._("expected true or false")]})
    rows = runs.rows(run["id"], phase, outcome=outcome, with_messages=with_messages, offset=offset, limit=limit)
    return [dict(row, messages=[message.render(tk._) for message in row["messages"]]) for row in rows]


@tk.side_effect_free
def simore_import_list(context, data_dict):
    """The latest import runs (newest first)."""
    tk.check_access("simore_import_list", context, data_dict)
    return [_public(run) for run in runs.recent()]
