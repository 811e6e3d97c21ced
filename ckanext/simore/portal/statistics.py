"""The public statistics: totals and charts of the public recommendations,
counted as an anonymous visitor (``counts``) and shaped by ``stats``."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import clock, config
from ckanext.simore.multilingual import N_
from ckanext.simore.portal import counts, stats
from ckanext.simore.portal import labels as labels_module

# The charts of the statistics page: name, title, index field, how its
# codes are ordered ("count": largest first; else a fixed order), how many
# bars are drawn (the table and CSV have them all), chart kind.
CHARTS = [
    ("status", N_("Implementation status"), "implementation_status", "vocabulary", None, "bars"),
    ("mechanism", N_("Mechanism"), "mechanism", "count", None, "bars"),
    ("theme", N_("Themes"), "themes", "count", 12, "bars"),
    ("affected_persons", N_("Affected persons"), "affected_persons", "count", 12, "bars"),
    ("sdg", N_("Sustainable Development Goals"), "sdg_goals", "vocabulary", None, "bars"),
    ("institution", N_("Responsible institutions"), "institutions", "count", 12, "bars"),
    ("year", N_("Year"), "publication_year", "years", None, "columns"),
]


TIMELINE = ("timeline", N_("Progress over time"))


CHART_NAMES = [name for name, *_ in CHARTS] + [TIMELINE[0]]


def statistics(filters: stats.Filters, charts: Iterable[str] | None = None) -> dict[str, Any]:
    """Totals and charts of the public recommendations the filters select,
    as plain data.

    One search, as an anonymous visitor: published data only, whoever asks.
    """
    wanted = set(charts or CHART_NAMES)
    fields = [field for name, _, field, *_ in CHARTS if name in wanted]
    if TIMELINE[0] in wanted:
        fields.append(stats.FLOW_FIELD)
    result = counts.counts(counts.anonymous(), filters.fq(), fields)
    total, facets = result["count"], result["facets"]
    labels = labels_module.Labels.current()
    shaped: dict[str, Any] = {"total": total, "filters": filters.args(), "charts": {}}
    for name, title, field, order, limit, kind in CHARTS:
        if name not in wanted:
            continue
        values = facets.get(field) or {}
        shaped["charts"][name] = stats.chart(
            name,
            tk._(title),
            field,
            values,
            total,
            labels.for_field(field),
            search=lambda code, field=field: filters.search_args(**{field: code}),
            order=labels_module.order(order, field, values),
            limit=limit,
            kind=kind,
            keep_zero=order == "years" or field == "implementation_status",
        )
    if "year" in shaped["charts"]:
        shaped["year_columns"] = [
            dataclasses.asdict(column) for column in stats.simple_columns(shaped["charts"]["year"].items)
        ]
    if TIMELINE[0] in wanted:
        periods = stats.timeline(facets.get(stats.FLOW_FIELD) or {}, clock.today().year)
        status_label = labels.for_field("implementation_status")
        shaped["timeline"] = [dataclasses.asdict(period) for period in periods]
        shaped["timeline_columns"] = [
            dataclasses.asdict(column)
            for column in stats.stacked_columns(periods, status_label, lambda year: filters.search_args())
        ]
        shaped["statuses"] = [{"code": code, "label": status_label(code)} for code in stats.STATUSES]
    shaped["charts"] = {name: chart.to_dict() for name, chart in shaped["charts"].items()}
    status_counts = facets.get("implementation_status") or {}
    shaped["implemented"] = status_counts.get("implemented", 0)
    shaped["partially_implemented"] = status_counts.get("partially_implemented", 0)
    shaped["mechanism_count"] = len(facets.get("mechanism") or {})
    shaped["institution_count"] = len(facets.get("institutions") or {})
    return shaped


def country_comparison(filters: stats.Filters) -> list[stats.CountryRow]:
    """The countries of the public recommendations the filters select, each
    with its count in each status: one search per status, as an anonymous
    visitor."""
    totals = counts.counts(counts.anonymous(), filters.fq(), ["country"])["facets"].get("country") or {}
    by_status = {
        status: counts.counts(
            counts.anonymous(), '{} +implementation_status:"{}"'.format(filters.fq(), status), ["country"]
        )["facets"].get("country")
        or {}
        for status in stats.STATUSES
    }
    label = labels_module.Labels.current().for_field("country")
    return stats.compare_countries(totals, by_status, label, config.network_portals())


def filter_choices(filters: stats.Filters) -> dict[str, list[tuple[str, str]]]:
    """The values each filter of the statistics page offers: those public
    recommendations have (one search over the precomputed counts)."""
    fields = ["mechanism", "upr_cycle", "themes", "institutions", "country", "publication_year"]
    facets = counts.counts(counts.anonymous(), "+dataset_type:recommendation", fields)["facets"]
    labels = labels_module.Labels.current()
    choices = {}
    for field in fields:
        label = labels.for_field(field)
        pairs = [(code, label(code)) for code in facets.get(field) or {}]
        if field in ("publication_year", "upr_cycle"):
            pairs.sort()
        else:
            pairs.sort(key=lambda pair: pair[1].lower())
        choices[field] = pairs
    # a filter's current value stays selectable even if nothing has it
    for name, field in stats.Filters.FIELDS.items():
        value = getattr(filters, name)
        if value and value not in dict(choices[field]):
            choices[field].append((value, labels.for_field(field)(value)))
    return choices


def public_totals() -> dict[str, int]:
    """How many public recommendations, published actions and mechanisms
    there are (home page): one whole-partition count each."""
    return {
        plural: counts.counts(counts.anonymous(), "+dataset_type:" + dataset_type, [])["count"]
        for dataset_type, plural in (
            ("recommendation", "recommendations"),
            ("action", "actions"),
            ("mechanism", "mechanisms"),
        )
    }
