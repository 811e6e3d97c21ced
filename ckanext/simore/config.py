"""Readers for the extension's config options (defaults live only in
config_declaration.yaml)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore.portal import stats


def search_backend() -> str:
    return tk.config["ckanext.simore.search_backend"]


def languages() -> list[str]:
    return list(tk.config["ckanext.simore.languages"])


def required_languages() -> list[str]:
    return list(tk.config["ckanext.simore.required_languages"])


def country() -> str:
    """The portal's country (ISO alpha-3), or "" for a portal over many."""
    return (tk.config["ckanext.simore.country"] or "").upper()


def network_portals() -> dict[str, str]:
    """{country: national portal} (ckanext.simore.network_portals)."""
    return stats.parse_portals(tk.config["ckanext.simore.network_portals"])


def coordinating_organization() -> str:
    return tk.config["ckanext.simore.coordinating_organization"]


def license_id() -> str:
    return tk.config["ckanext.simore.license_id"]


def reminder_days_before() -> int:
    return int(tk.config["ckanext.simore.reminder_days_before"])


def contribution_edit_hours() -> int:
    return int(tk.config["ckanext.simore.contribution_edit_hours"])


def contributions_per_day() -> int:
    return int(tk.config["ckanext.simore.contributions_per_day"])


def obligation_reminder_days() -> list[int]:
    return [int(days) for days in tk.config["ckanext.simore.obligation_reminder_days"]]


def search_cache_seconds() -> int:
    return int(tk.config["ckanext.simore.search_cache_seconds"])


def statistics_cache_seconds() -> int:
    return int(tk.config["ckanext.simore.statistics_cache_seconds"])


def plain_datasets_allowed() -> bool:
    return tk.asbool(tk.config["ckanext.simore.allow_plain_datasets"])


def other_dataset_types() -> list[str]:
    return list(tk.config["ckanext.simore.other_dataset_types"])


def evidence_file_types() -> list[str]:
    return list(tk.config["ckanext.simore.evidence_file_types"])


def content_security_policy() -> str:
    return " ".join(tk.config["ckanext.simore.content_security_policy"].split())


# Limits on input (docs/security.md).


def max_input_chars() -> int:
    return int(tk.config["ckanext.simore.max_input_chars"])


def max_text_chars() -> int:
    return int(tk.config["ckanext.simore.max_text_chars"])


def max_title_chars() -> int:
    return int(tk.config["ckanext.simore.max_title_chars"])


def max_code_chars() -> int:
    return int(tk.config["ckanext.simore.max_code_chars"])


def max_list_items() -> int:
    return int(tk.config["ckanext.simore.max_list_items"])


def max_repeating_rows() -> int:
    return int(tk.config["ckanext.simore.max_repeating_rows"])


def max_query_terms() -> int:
    return int(tk.config["ckanext.simore.max_query_terms"])


def max_search_start() -> int:
    return int(tk.config["ckanext.simore.max_search_start"])


def search_timeout_ms() -> int:
    return int(tk.config["ckanext.simore.search_timeout_ms"])


def max_export_records() -> int:
    return int(tk.config["ckanext.simore.max_export_records"])


def import_max_rows() -> int:
    return int(tk.config["ckanext.simore.import_max_rows"])


def import_max_unpacked_bytes() -> int:
    return int(tk.config["ckanext.simore.import_max_unpacked_mb"]) * 1024 * 1024
