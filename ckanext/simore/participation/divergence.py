"""Where civil society's assessments of implementation differ from the
State's, by mechanism, theme and responsible institution.

Pure logic: nothing here imports CKAN."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# what a recommendation is grouped by: its field in the index, one value or many
DIMENSIONS = (("mechanism", "mechanism"), ("theme", "themes"), ("institution", "institutions"))


@dataclass(frozen=True)
class Row:
    code: str
    assessed: int  # assessments (an organization × a recommendation)
    agree: int
    differ: int


def _values(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value if item]
    return [str(value)] if value else []


def by_dimension(
    assessments: Iterable[tuple[str, str]], recommendations: Mapping[str, Mapping[str, Any]]
) -> dict[str, list[Row]]:
    """``assessments``: (recommendation id, the organization's status) of
    each organization's latest assessment; ``recommendations``: id → its
    fields (``implementation_status`` and the dimensions' fields), the
    public ones only (others are left out). Rows with the most differences
    first."""
    tallies: dict[str, dict[str, list[int]]] = {name: {} for name, _ in DIMENSIONS}
    for recommendation_id, status in assessments:
        record = recommendations.get(recommendation_id)
        if record is None:
            continue
        differs = status != record.get("implementation_status")
        for name, field in DIMENSIONS:
            for code in _values(record.get(field)):
                tally = tallies[name].setdefault(code, [0, 0])
                tally[0] += 1
                tally[1] += int(differs)
    return {
        name: sorted(
            (Row(code, assessed, assessed - differ, differ) for code, (assessed, differ) in counted.items()),
            key=lambda row: (-row.differ, -row.assessed, row.code),
        )
        for name, counted in tallies.items()
    }


def totals(assessments: Iterable[tuple[str, str]], recommendations: Mapping[str, Mapping[str, Any]]) -> Row:
    """All the public assessments: how many agree with the State and differ."""
    counted = [
        status != recommendations[recommendation_id].get("implementation_status")
        for recommendation_id, status in assessments
        if recommendation_id in recommendations
    ]
    return Row("", len(counted), counted.count(False), counted.count(True))
