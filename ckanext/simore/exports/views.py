"""Exports of any search (the same query and filters as the search page
or package_search) as CSV, Excel or JSON, streamed while the records are
read page by page. Private records come only to those allowed to see
them: the records are those package_search returns to the user."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError, SearchQueryError
from flask import Blueprint, Response, stream_with_context

from ckanext.simore import config, languages, web
from ckanext.simore.exports import columns, writers
from ckanext.simore.exports import selection as search
from ckanext.simore.participation import voices
from ckanext.simore.portal import labels
from ckanext.simore.records import indexing

__all__ = ["exports"]

exports = Blueprint("simore_exports", __name__, url_prefix="/export")

TYPES = ("recommendation", "action", "practice")


def export_language() -> str:
    """The language of an export's labels: ``lang`` if the portal has it,
    else the interface's."""
    requested = tk.request.args.get("lang")
    if requested in config.languages():
        return requested
    current = languages.interface_language()
    return current if current in config.languages() else config.languages()[0]


def _with_civil_society_columns(cols: list[columns.Column], lang: str) -> list[columns.Column]:
    """The columns, with what civil society says of each recommendation
    before the record's own metadata (its organization, dates)."""
    fallbacks = [other for other in config.languages() if other != lang]
    said = columns.listed_columns(
        voices.STATUS_FIELD, columns.vocabulary_labeller("implementation_statuses", lang, fallbacks)
    ) + columns.listed_columns(
        voices.ORGANIZATIONS_FIELD, functools.lru_cache(maxsize=None)(labels.Labels.current().institution)
    )
    at = next(index for index, column in enumerate(cols) if column.name == "organization")
    return cols[:at] + said + cols[at:]


@exports.route("/<package_type>.<fmt>")
def export(package_type: str, fmt: str):
    if package_type not in TYPES or fmt not in writers.MIMETYPES:
        return tk.abort(
            404, tk._("Exports exist for recommendations, actions and good practices, as csv, xlsx or json")
        )
    context: dict[str, Any] = web.context()
    try:
        tk.check_access("simore_export", context, {"type": package_type})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized"))
    lang = export_language()
    data_dict = search.search_dict(tk.request.args, package_type)
    try:
        # the first page now: a bad query is answered with an error, not a broken file
        found = tk.get_action("package_search")(dict(context), dict(data_dict, rows=0))["count"]
    except (SearchQueryError, SearchError) as error:
        return tk.abort(400, tk._("Invalid search query: {error_message}").format(error_message=str(error)))
    if found > config.max_export_records():
        # an export's cost grows with its size: a bound keeps one request
        # from holding the server
        return tk.abort(
            400,
            tk._(
                "This export would have {count} records, more than the {limit} an export may have; "
                "narrow the search with filters."
            ).format(count=found, limit=config.max_export_records()),
        )
    cols = columns.columns_for(
        indexing.schema_fields(package_type),
        lang,
        config.languages(),
        search.reference_labeller(lang, config.languages(), context["user"]),
        search.record_url,
    )
    datasets = search.results(context, data_dict)
    if package_type == "recommendation":
        cols = _with_civil_society_columns(cols, lang)
        datasets = voices.joined(datasets)
    rows = (columns.record(cols, dataset) for dataset in datasets)
    return download(fmt, [column.name for column in cols], rows, package_type, lang)


def download(fmt: str, headers: list[str], rows: Iterable[dict[str, Any]], name: str, lang: str) -> Response:
    """An export's file, streamed as its rows are read: ``name-lang.fmt``."""
    if fmt == "csv":
        body = writers.csv_stream(headers, rows)
    elif fmt == "json":
        body = writers.json_stream(rows)
    else:
        body = writers.xlsx_stream(headers, rows, title=name)
    filename = "{}-{}.{}".format(name, lang, fmt)
    return Response(
        stream_with_context(body),
        mimetype=writers.MIMETYPES[fmt],
        headers={"Content-Disposition": 'attachment; filename="{}"'.format(filename)},
    )
