"""The records of a search, as the search page or package_search finds
them, fetched page by page for an export."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import multilingual, organizations
from ckanext.simore.exports.columns import Labeller
from ckanext.simore.records import readable

PAGE_SIZE = 500
# the search page's own parameters, not field filters
RESERVED = ("q", "page", "sort", "fq", "lang")


def search_dict(args: Any, package_type: str) -> dict[str, Any]:
    """package_search's input for the search page's query string: ``q``,
    ``sort``, every other parameter a field filter (``themes=…``) and
    ``ext_*`` extras, as CKAN's search page builds it; ``fq`` is passed on
    as package_search takes it."""
    fq = ""
    extras: dict[str, Any] = {}
    for param, value in args.items(multi=True):
        if param in RESERVED or not value or param.startswith("_"):
            continue
        if param.startswith("ext_"):
            extras[param] = value
        else:
            fq += ' {}:"{}"'.format(param, value.replace('"', '\\"'))
    if args.get("fq"):
        fq += " " + args["fq"]
    fq += " +dataset_type:{}".format(package_type)
    return {
        "q": args.get("q", ""),
        "fq": fq.strip(),
        "sort": args.get("sort") or "score desc, metadata_modified desc",
        "extras": extras,
        "include_private": tk.config.get("ckan.search.default_include_private"),
    }


def results(
    context: dict[str, Any], data_dict: dict[str, Any], page_size: int | None = None
) -> Iterator[dict[str, Any]]:
    """Every record the search finds, one page at a time. The name breaks
    ties, so that paging neither repeats nor skips a record."""
    data = dict(data_dict, rows=page_size or PAGE_SIZE)
    if "name" not in data["sort"]:
        data["sort"] = data["sort"] + ", name asc"
    start = 0
    while True:
        page = tk.get_action("package_search")(dict(context), dict(data, start=start))
        yield from page["results"]
        start += len(page["results"])
        if not page["results"] or start >= page["count"]:
            return


def _titles(records: Any, fallbacks: list[str]) -> dict[str, str]:
    titles = {}
    for record in records:
        translated = record.extras.get("title_translated")
        try:
            texts = multilingual.parse(translated) if translated else {}
        except multilingual.MultilingualError:
            texts = {}
        titles[record.name] = multilingual.pick(texts, fallbacks) or record.title or record.name
    return titles


def reference_labeller(lang: str, languages: list[str], user: str | None) -> Any:
    """Labels of linked records in the chosen language: mechanisms' and
    institutions' names (a few dozen, read once per export); a mechanism
    the user may not read keeps its code."""
    fallbacks = [lang] + [other for other in languages if other != lang]
    cache: dict[str, dict[str, str]] = {}

    def institutions() -> dict[str, str]:
        if "institutions" not in cache:
            cache["institutions"] = _titles(
                model.Session.query(model.Group).filter(organizations.institutions_clause()), fallbacks
            )
        return cache["institutions"]

    def mechanisms() -> dict[str, str]:
        if "mechanisms" not in cache:
            cache["mechanisms"] = _titles(
                (
                    package
                    for package in model.Session.query(model.Package).filter(model.Package.type == "mechanism")
                    if readable.may_read(package, user)
                ),
                fallbacks,
            )
        return cache["mechanisms"]

    def for_field(field: Mapping[str, Any]) -> Labeller | None:
        if field.get("reference_type") == "mechanism":
            return lambda name: mechanisms().get(name, name)
        if field.get("reference_type"):
            return None  # linked recommendations: their names suffice
        if str(field.get("preset", "")).startswith("simore_institution"):
            return lambda name: institutions().get(name, name)
        return None

    return for_field


def record_url(dataset: Mapping[str, Any]) -> str:
    return tk.url_for("{}.read".format(dataset.get("type", "dataset")), id=dataset.get("name", ""), _external=True)
