"""Template helpers of the indicators: the choices of their forms and
filters, the chart of a series, the indicators of a recommendation's
page and the transitions the reader may make on a value."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from markupsafe import Markup

from ckanext.simore import languages, roles
from ckanext.simore.indicators import chart, definitions, input_schemas, series
from ckanext.simore.vocabularies import terms
from ckanext.simore.workflow import machine as workflow

__all__ = [
    "simore_indicator_choices",
    "simore_indicator_dimension_values",
    "simore_indicator_chart",
    "simore_recommendation_indicators",
    "simore_indicator_value_transitions",
]

# the lists an indicator's form and filters choose from
SHIPPED = (definitions.KINDS, definitions.UNITS, definitions.PERIODICITIES, definitions.DISAGGREGATIONS)


def simore_indicator_choices(list_name: str) -> list[dict[str, str]]:
    """A shipped list (``kinds``, ``units``, ``periodicities``,
    ``disaggregations``) or the ``themes`` vocabulary, as choices in the
    reader's language."""
    vocabulary = definitions.shipped(list_name) if list_name in SHIPPED else terms.get(list_name)
    return [{"value": term.code, "text": term.label_in(*languages.label_order())} for term in vocabulary.terms]


def simore_indicator_dimension_values(dimension: str) -> list[dict[str, str]]:
    """A breakdown's closed values as choices (empty: free text)."""
    order = languages.preferred_languages()
    return [
        {"value": code, "text": next((labels[lang] for lang in order if labels.get(lang)), code)}
        for code, labels in definitions.dimension_values(dimension).items()
    ]


def simore_indicator_chart(indicator: dict[str, Any], values: list[dict[str, Any]], chart_id: str) -> Markup:
    """The SVG chart of an indicator's approved values without breakdown
    (chart.py escapes every text it writes)."""
    points = series.totals([value for value in values if value["state"] == workflow.APPROVED])
    return Markup(
        chart.svg(points, indicator["title_text"], chart_id, indicator["yes_no"], yes=tk._("Yes"), no=tk._("No"))
    )


def simore_recommendation_indicators(recommendation_id: str) -> list[dict[str, Any]]:
    return series.series([recommendation_id])


def simore_indicator_value_transitions(value: dict[str, Any]) -> list[dict[str, Any]]:
    """The transitions the current user may make on this value now."""
    user_roles = roles.institution_roles(roles.current_user_name() or None, value["organization_id"])
    return [
        {"name": t.name, "label": tk._(t.label), "needs_comment": t.needs_comment}
        for t in workflow.allowed(value["state"], user_roles)
        if t.name in input_schemas.TRANSITIONS
    ]
