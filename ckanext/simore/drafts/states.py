"""The states of a report's draft (pure): the preparation's steps of the
calendar, from drafting to submitted; a submitted draft is the published
report and is no longer edited."""

from __future__ import annotations

from ckanext.simore.multilingual import N_

DRAFTING, SUBMITTED = "drafting", "submitted"
STATES: dict[str, str] = {
    DRAFTING: N_("Drafting"),
    "in_consultation": N_("In consultation"),
    "validated": N_("Validated"),
    SUBMITTED: N_("Submitted"),
}


def editable(state: str) -> bool:
    return state != SUBMITTED
