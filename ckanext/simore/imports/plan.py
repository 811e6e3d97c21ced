"""What an import does with each row: the outcomes and their counts.

Pure logic: nothing here imports CKAN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ckanext.simore.imports.messages import Message

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
MERGED = "merged"
REJECTED = "rejected"
OUTCOMES = (CREATED, UPDATED, UNCHANGED, MERGED, REJECTED)

# The phases a run records rows for.
DRY_RUN = "dry_run"
IMPORT = "import"


@dataclass
class RowResult:
    row: int
    outcome: str
    name: str | None = None
    duplicate_of: int | None = None
    messages: list[Message] = field(default_factory=list)

    def as_row(self, run_id: str, phase: str) -> dict[str, Any]:
        return {
            "run_id": run_id,
            "phase": phase,
            "row_number": self.row,
            "outcome": self.outcome,
            "dataset_name": self.name,
            "duplicate_of": self.duplicate_of,
            "messages": [message.as_json() for message in self.messages],
        }


def summary(counts: dict[str, int]) -> str:
    parts = ["{} {}".format(counts.get(outcome, 0), outcome) for outcome in OUTCOMES]
    if counts.get("with_warnings"):
        parts.append("{} with warnings".format(counts["with_warnings"]))
    if counts.get("mechanisms_created"):
        parts.append("{} new mechanisms".format(counts["mechanisms_created"]))
    return ", ".join(parts)
