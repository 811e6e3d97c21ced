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

# what a coordinator sets; "submitted" only by submitting
SET_STATES = [state for state in STATES if state != SUBMITTED]


def editable(state: str) -> bool:
    return state != SUBMITTED
