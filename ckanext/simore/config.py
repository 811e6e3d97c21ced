"""Readers for the extension's config options (defaults live only in
config_declaration.yaml)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def search_backend() -> str:
    return tk.config["ckanext.simore.search_backend"]


def languages() -> list[str]:
    return list(tk.config["ckanext.simore.languages"])


def required_languages() -> list[str]:
    return list(tk.config["ckanext.simore.required_languages"])


def coordinating_organization() -> str:
    return tk.config["ckanext.simore.coordinating_organization"]


def reminder_days_before() -> int:
    return int(tk.config["ckanext.simore.reminder_days_before"])


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
