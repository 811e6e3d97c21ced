"""Published contributions as open data: the columns of their export, a
row per contribution as the public reads it (``simore_contribution_list``
without a user), with the organization's status labelled in the
export's language.

Pure logic: nothing here imports CKAN."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# what an export may be narrowed to: the list action's filters
FILTERS = ("record", "report", "organization", "kind", "q")
COLUMNS = (
    "id",
    "kind",
    "record",
    "record_type",
    "record_url",
    "report",
    "report_title",
    "parent",
    "organization",
    "organization_title",
    "organization_type",
    "author",
    "language",
    "status",
    "status_label",
    "evidence",
    "body",
    "published",
)


def row(
    shown: Mapping[str, Any], status_label: Callable[[str], str], record_url: Callable[[Mapping[str, Any]], str]
) -> dict[str, Any]:
    """One contribution (as the list action shows it) as an export row."""
    record = shown.get("record") or {}
    report = shown.get("report") or {}
    organization = shown.get("organization") or {}
    status = shown.get("status") or ""
    return {
        "id": shown["id"],
        "kind": shown["kind"],
        "record": record.get("name", ""),
        "record_type": record.get("type", ""),
        "record_url": record_url(record) if record else "",
        "report": report.get("id", ""),
        "report_title": report.get("title", ""),
        "parent": shown.get("parent") or "",
        "organization": organization.get("name", ""),
        "organization_title": organization.get("title", ""),
        "organization_type": organization.get("type", ""),
        "author": shown.get("author") or "",
        "language": shown.get("language", ""),
        "status": status,
        "status_label": status_label(status) if status else "",
        "evidence": list(shown.get("evidence") or []),
        "body": shown.get("body", ""),
        "published": shown.get("published") or "",
    }
