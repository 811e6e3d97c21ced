"""What civil society organizations contribute, and the rules of its
moderation.

Pure logic: nothing here imports CKAN.

- **comment** on a recommendation, a published action or a submitted
  report, threaded (a reply names its parent);
- **assessment** of a recommendation's implementation: the organization's
  own status (the State's vocabulary), its justification, its evidence;
- **measure**: information on a measure the organization knows of, with
  its evidence;
- **answer**: the public answer of an institution concerned to a
  published contribution (written by its focal points, not moderated);
- **consultation**: a comment on a section of a report's draft during a
  consultation (``consultations``), with the coordinators' response.

Civil society's contributions are moderated by the coordinating body:
published, refused or sent back for changes, with a reason the author is
told. The author may edit while waiting or sent back, and for a while
after publishing (the edit goes back to moderation), and may withdraw.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from ckanext.simore.multilingual import N_

COMMENT, ASSESSMENT, MEASURE, ANSWER = "comment", "assessment", "measure", "answer"
# a comment on a section of a draft in consultation (``consultations``)
CONSULTATION = "consultation"
# what civil society writes
KINDS = (COMMENT, ASSESSMENT, MEASURE)
# what each kind may be about: a record's type, or a submitted report
REPORT = "report"
TARGETS = {COMMENT: ("recommendation", "action", REPORT), ASSESSMENT: ("recommendation",), MEASURE: ("recommendation",)}

PENDING, PUBLISHED, CHANGES_REQUESTED, REFUSED, WITHDRAWN = (
    "pending",
    "published",
    "changes_requested",
    "refused",
    "withdrawn",
)
STATES = (PENDING, PUBLISHED, CHANGES_REQUESTED, REFUSED, WITHDRAWN)
LABELS = {
    COMMENT: N_("Comment"),
    ASSESSMENT: N_("Assessment of implementation"),
    MEASURE: N_("Measure"),
    ANSWER: N_("Answer of the institution"),
    CONSULTATION: N_("Comment on a draft report"),
    PENDING: N_("Waiting for moderation"),
    PUBLISHED: N_("Published"),
    CHANGES_REQUESTED: N_("Changes requested"),
    REFUSED: N_("Not published"),
    WITHDRAWN: N_("Withdrawn"),
}
EDITABLE = (PENDING, CHANGES_REQUESTED)

PUBLISH, REFUSE, REQUEST_CHANGES = "publish", "refuse", "request_changes"
DECISIONS = {PUBLISH: PUBLISHED, REFUSE: REFUSED, REQUEST_CHANGES: CHANGES_REQUESTED}

# evidence: links to what supports an assessment or a measure
MAX_EVIDENCE = 10


def target_refusal(kind: str, target_type: str, target_published: bool) -> str | None:
    """None when a contribution of ``kind`` may be about a record of
    ``target_type`` (an action only once published), else why not."""
    if target_type not in TARGETS.get(kind, ()):
        return N_("A contribution of this kind is about a recommendation only")
    if not target_published:
        return N_("Only published actions are open to comments")
    return None


def field_errors(kind: str, status: str | None, evidence: Sequence[str], parent_kind: str | None) -> dict[str, str]:
    """What is wrong with a contribution's fields, by field (untranslated)."""
    errors = {}
    if kind == ASSESSMENT and not status:
        errors["status"] = N_("An assessment gives the organization's own implementation status")
    if kind != ASSESSMENT and status:
        errors["status"] = N_("Only an assessment gives an implementation status")
    if kind in (COMMENT, ANSWER) and evidence:
        errors["evidence"] = N_("Only assessments and measures have evidence")
    if len(evidence) > MAX_EVIDENCE:
        errors["evidence"] = N_("at most {limit} values")
    if parent_kind is not None and kind != COMMENT and kind != ANSWER:
        errors["parent"] = N_("Only comments and answers reply to a contribution")
    return errors


def moderation_refusal(state: str, decision: str, reason: str) -> str | None:
    """None when a contribution in ``state`` may be moderated so."""
    if decision not in DECISIONS:
        return N_("unknown decision")
    if state not in (PENDING, PUBLISHED):
        return N_("This contribution is not waiting for moderation")
    if state == PUBLISHED and decision != REFUSE:
        return N_("A published contribution can only be taken down (refused)")
    if decision != PUBLISH and not reason.strip():
        return N_("Say why: the author is told")
    return None


def edit_refusal(
    state: str, published: datetime.datetime | None, now: datetime.datetime, window_hours: int
) -> str | None:
    """None when the author may still change a contribution."""
    if state in EDITABLE:
        return None
    if state == PUBLISHED and published is not None and now - published <= datetime.timedelta(hours=window_hours):
        return None
    return N_("This contribution can no longer be changed")


def rate_refusal(written_last_day: int, limit: int) -> str | None:
    if written_last_day >= limit:
        return N_("You have written {limit} contributions in the last 24 hours: please wait before writing more")
    return None
