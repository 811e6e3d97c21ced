"""The facets of each dataset type's search page, and their display labels
(vocabulary labels, mechanism and institution titles instead of codes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import config, languages
from ckanext.simore.multilingual import N_
from ckanext.simore.participation import voices as civil_society
from ckanext.simore.portal import labels as labels_module
from ckanext.simore.records import indexing

FACETS = {
    "recommendation": [
        ("mechanism", N_("Mechanism")),
        ("upr_cycle", N_("UPR cycle")),
        ("session", N_("Session or review")),
        ("themes", N_("Themes")),
        ("affected_persons", N_("Affected persons")),
        ("sdg_goals", N_("Sustainable Development Goals")),
        ("institutions", N_("Responsible institutions")),
        ("implementation_status", N_("Implementation status")),
        (civil_society.STATUS_FIELD, N_("Civil society's assessment")),
        (civil_society.ORGANIZATIONS_FIELD, N_("Civil society organizations")),
        ("upr_position", N_("UPR position")),
        ("publication_year", N_("Year")),
    ],
    "action": [
        ("organization", N_("Reporting institution")),
        ("measure_type", N_("Type of measure")),
        ("progress", N_("Progress")),
    ],
    "mechanism": [("family", N_("Family")), ("system", N_("System"))],
    "practice": [("country", N_("Country")), ("mechanism", N_("Mechanism")), ("themes", N_("Themes"))],
}


# A portal over many countries (a network's, a region's: no
# ckanext.simore.country) searches its recommendations by country first.
COUNTRY_FACET = ("country", N_("Country under review"))


def dataset_facets(facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
    if package_type not in FACETS:
        return facets_dict
    facets_dict.clear()
    wanted = FACETS[package_type]
    if package_type == "recommendation" and not config.country():
        wanted = [COUNTRY_FACET, *wanted]
    for field, title in wanted:
        facets_dict[field] = tk._(title)
    return facets_dict


def _labeller(field: dict[str, Any], labels: labels_module.Labels) -> Callable[[str], str] | None:
    """How a field's codes are labelled. Titles of mechanisms and
    institutions come from ``labels.Labels`` (one lookup per kind, kept
    until one changes), not one query per facet item."""
    if field.get("vocabulary"):
        return lambda code: languages.vocabulary_label(field["vocabulary"], code)
    if field.get("reference_type") == "mechanism":
        return labels.mechanism
    if field.get("reference_type"):
        return languages.dataset_title
    if field.get("preset", "").startswith("simore_institution") or field["field_name"] in (
        "institutions",
        "lead_institution",
    ):
        return labels.institution
    if field.get("choices"):
        labels_by_code = {c["value"]: c["label"] for c in field["choices"]}
        return lambda code: languages.text(labels_by_code.get(code, code))
    return None


def label_facet_items(search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
    """Give coded facet items a readable display name in the interface
    language (unless the search asks for codes only: ``ext_simore_codes``,
    as the statistics do, which label what they show themselves)."""
    facets = search_results.get("search_facets") or {}
    if not facets or (search_params.get("extras") or {}).get("ext_simore_codes"):
        return search_results
    labels = labels_module.Labels.current()
    labellers = {}
    for dataset_type in FACETS:
        for field in indexing.schema_fields(dataset_type):
            if field["field_name"] in facets and field["field_name"] not in labellers:
                labeller = _labeller(field, labels)
                if labeller:
                    labellers[field["field_name"]] = labeller
    # what civil society says is indexed beside the schema's fields
    labellers[civil_society.STATUS_FIELD] = lambda code: languages.vocabulary_label("implementation_statuses", code)
    labellers[civil_society.ORGANIZATIONS_FIELD] = labels.institution
    for name, labeller in labellers.items():
        for item in facets.get(name, {}).get("items", []):
            item["display_name"] = labeller(item["name"])
    return search_results
