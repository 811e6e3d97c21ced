"""Indicators with their approved series, for whoever assembles public
content from them (the recommendation pages' charts, report drafts):
only approved values, the open data, whatever the reader."""

from __future__ import annotations

from typing import Any

from ckanext.simore.indicators import actions, chart, store


def series(recommendation_ids: list[str]) -> list[dict[str, Any]]:
    """The indicators measuring any of these recommendations (ids), by
    code, each as ``simore_indicator_show`` gives it without its
    recommendations, with ``values``: its approved values by period (as
    ``simore_indicator_value_list`` gives them) and ``measures``: which of
    ``recommendation_ids`` it measures."""
    if not recommendation_ids:
        return []
    _count, rows = store.listed(recommendation_ids=list(recommendation_ids), limit=actions.MAX_LISTED)
    if not rows:
        return []
    by_id = {row.id: row for row in rows}
    _count, found = store.values_of(list(by_id), approved_only=True)
    measured = store.measured(list(by_id), list(recommendation_ids))
    result = []
    for row in rows:
        entry = actions.indicator_dict(row, {})
        entry["values"] = [actions.value_dict(value, row) for value in found if value.indicator_id == row.id]
        entry["measures"] = measured.get(row.id, [])
        result.append(entry)
    return result


def totals(values: list[dict[str, Any]]) -> list[chart.Point]:
    """The points of a chart: the values without breakdown, by period."""
    return [chart.Point(value["period"], float(value["value"])) for value in values if not value["disaggregation"]]
