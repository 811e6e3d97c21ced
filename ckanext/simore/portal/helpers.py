"""Template helpers of the public portal and the dashboards."""

from __future__ import annotations

import functools
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import languages, roles

__all__ = ["simore_home_statistics", "simore_statistics_args", "simore_number", "simore_status_summary"]


def simore_home_statistics() -> dict[str, Any]:
    """The home page's figures and charts (public data only)."""
    from ckanext.simore.portal import statistics

    result = tk.get_action("simore_statistics")(
        {"user": roles.current_user_name()}, {"charts": ["status", "mechanism", "theme", "institution"]}
    )
    result["totals"] = statistics.public_totals()
    for chart in result["charts"].values():
        if chart["kind"] == "bars" and chart["shown"] > 6:
            chart["hidden"] += chart["shown"] - 6
            chart["shown"] = 6
    return result


def simore_statistics_args(search_args: dict[str, Any]) -> dict[str, str]:
    """The statistics page's filters matching a recommendation search's
    facet filters (mechanism, UPR cycle, theme, institution), if any."""
    from ckanext.simore.portal import stats

    fields = {field: name for name, field in stats.Filters.FIELDS.items()}
    args = {fields[key]: value for key, value in (search_args or {}).items() if key in fields}
    return stats.Filters.from_args(args).args()


def simore_number(number: Any) -> str:
    """A whole number with the interface language's digit grouping
    (12,345 / 12.345 / 12 345); a fast stand-in for h.localised_number on
    pages that print hundreds of counts."""
    try:
        text = "{:,}".format(int(number))
    except (TypeError, ValueError):
        return str(number)
    lang = languages.preferred_languages()[0] if languages.preferred_languages() else "en"
    return text.replace(",", _group_symbol(lang)) if "," in text else text


def simore_status_summary(filters: dict[str, str]) -> dict[str, Any]:
    """Public recommendations matching ``filters`` (statistics page
    filters) by implementation status."""
    return tk.get_action("simore_statistics")({"user": roles.current_user_name()}, dict(filters, charts=["status"]))


@functools.lru_cache(maxsize=32)
def _group_symbol(lang: str) -> str:
    from babel import Locale

    try:
        symbols = Locale.parse(lang).number_symbols
    except (ValueError, TypeError):
        return ","
    if "latn" in symbols:  # babel 2.14+: per numbering system
        symbols = symbols["latn"]
    return symbols.get("group", ",")
