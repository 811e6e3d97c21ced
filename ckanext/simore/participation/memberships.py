"""Requests to join a civil society organization or to register a new
one, and who decides them.

Pure logic: nothing here imports CKAN.

- A registered person asks to **join** an organization, or to **register**
  one (with its proposed details); State staff (focal points, validating
  authorities, coordinators) do not: civil society speaks for itself.
- The coordinating body decides registrations; an organization's admins,
  and the coordinating body, decide who joins it. Refusing needs a reason,
  which the person is told.
- A pending request may be withdrawn by whoever made it; a decided one is
  kept as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from ckanext.simore.multilingual import N_

JOIN, REGISTER = "join", "register"
KINDS = (JOIN, REGISTER)

PENDING, APPROVED, REFUSED, WITHDRAWN = "pending", "approved", "refused", "withdrawn"
STATES = (PENDING, APPROVED, REFUSED, WITHDRAWN)

APPROVE, REFUSE = "approve", "refuse"
DECISIONS = (APPROVE, REFUSE)

# how many requests one person may have waiting at once
MAX_PENDING = 5

# the capacity of a member who joins, and of the person who registers an organization
MEMBER_CAPACITY = "member"
ADMIN_CAPACITY = "admin"


@dataclass(frozen=True)
class Requester:
    """What the actions found out about the person asking."""

    state_staff: bool = False
    pending: int = 0
    # the organizations the person is already a member of
    member_of: frozenset[str] = frozenset()


def request_refusal(kind: str, organization_id: str | None, requester: Requester) -> str | None:
    """None when the person may make this request, else why not
    (untranslated)."""
    if requester.state_staff:
        return N_("State staff cannot join or register civil society organizations")
    if requester.pending >= MAX_PENDING:
        return N_("You already have {max} requests waiting for a decision")
    if kind == JOIN and organization_id in requester.member_of:
        return N_("You are already a member of this organization")
    return None


def may_decide(kind: str, coordinator: bool, organization_admin: bool) -> bool:
    """Coordinators decide every request; an organization's admins decide
    who joins it."""
    return coordinator or (kind == JOIN and organization_admin)


def decision_refusal(state: str, decision: str, reason: str) -> str | None:
    """None when a request in ``state`` may be decided so, else why not
    (untranslated)."""
    if state != PENDING:
        return N_("This request was already decided or withdrawn")
    if decision == REFUSE and not reason.strip():
        return N_("Say why the request is refused: the person is told")
    return None


def capacity_on_approval(kind: str) -> str:
    """Who the person becomes in the organization when approved."""
    return ADMIN_CAPACITY if kind == REGISTER else MEMBER_CAPACITY
