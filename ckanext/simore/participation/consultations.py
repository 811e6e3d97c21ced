"""Consultations of civil society on a report's draft.

Pure logic: nothing here imports CKAN.

The coordinating body opens a consultation on a draft that is not yet
submitted, for every civil society organization or the invited ones, from
a day to a day. While it is open, members of the organizations consulted
read the draft's sections and comment on each (comments are moderated as
every contribution is). The coordinating body responds to each published
comment (taken into account, partly, not, and why). Once it is closed, its
record (who took part, what was said, how it was considered) may be
published with the report.
"""

from __future__ import annotations

import datetime

from ckanext.simore.multilingual import N_

ALL, INVITED = "all", "invited"
AUDIENCES = {ALL: N_("Every civil society organization"), INVITED: N_("The invited organizations")}

SCHEDULED, OPEN, CLOSED, PUBLISHED = "scheduled", "open", "closed", "published"
STATES = {SCHEDULED: N_("Scheduled"), OPEN: N_("Open"), CLOSED: N_("Closed"), PUBLISHED: N_("Record published")}

RESPONSES = {
    "taken": N_("Taken into account"),
    "partly": N_("Partly taken into account"),
    "not": N_("Not taken into account"),
}

# why a comment cannot change once its consultation is closed
CLOSED_FOR_CHANGES = N_("The consultation is closed: its comments no longer change")

# the longest a consultation stays open
MAX_DAYS = 180


def state(opens: datetime.date, closes: datetime.date, closed: bool, published: bool, today: datetime.date) -> str:
    """Where a consultation stands today: closed early by the
    coordinators, or by its dates."""
    if published:
        return PUBLISHED
    if closed or today > closes:
        return CLOSED
    return OPEN if today >= opens else SCHEDULED


def opening_errors(
    draft_editable: bool,
    opens: datetime.date,
    closes: datetime.date,
    today: datetime.date,
    audience: str,
    invited: int,
    already_open: bool,
) -> dict[str, str]:
    """What keeps a consultation from being opened, by field (untranslated)."""
    errors = {}
    if not draft_editable:
        errors["draft"] = N_("A submitted report is no longer consulted on")
    elif already_open:
        errors["draft"] = N_("This draft already has a consultation that is not closed")
    if closes < opens:
        errors["closes"] = N_("The consultation closes before it opens")
    elif closes < today:
        errors["closes"] = N_("This day has passed")
    elif (closes - opens).days > MAX_DAYS:
        errors["closes"] = N_("A consultation lasts at most {days} days")
    if audience == INVITED and not invited:
        errors["organizations"] = N_("Invite at least one civil society organization")
    if audience == ALL and invited:
        errors["organizations"] = N_("Invitations are for a consultation of the invited organizations only")
    return errors


def takes_part(audience: str, invited: frozenset[str], organization_id: str) -> bool:
    """Whether an organization is consulted."""
    return audience == ALL or organization_id in invited


def response_refusal(comment_state: str, response: str, text: str) -> str | None:
    """None when a comment may be responded to so (untranslated)."""
    if comment_state != "published":
        return N_("Only published comments are responded to")
    if response not in RESPONSES:
        return N_("unknown response")
    if response != "taken" and not text.strip():
        return N_("Say why: the organization and the public read it")
    return None
