"""The life of an institution's action, as a state machine.

Pure logic: nothing here imports CKAN. An action is drafted and submitted by
the institution's focal points, approved (or returned) by its validating
authority, published (or returned) by the coordinating body, and may later
be withdrawn by the coordinators. Only a published action is public.
"""

from __future__ import annotations

from dataclasses import dataclass

from ckanext.simore.multilingual import N_

DRAFT = "draft"
SUBMITTED = "submitted"
APPROVED = "approved"
PUBLISHED = "published"
RETURNED = "returned"
WITHDRAWN = "withdrawn"

STATES = (DRAFT, SUBMITTED, APPROVED, PUBLISHED, RETURNED, WITHDRAWN)
# Display labels of the states: the vocabulary ``report_states``.

# Roles a user can hold towards one action.
FOCAL_POINT = "focal_point"  # editor of the reporting institution
VALIDATOR = "validator"  # admin of the reporting institution
COORDINATOR = "coordinator"  # coordinating body or sysadmin

# States in which the institution may still change the action's content.
EDITABLE_STATES = frozenset({DRAFT, RETURNED, WITHDRAWN})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    needs_comment: bool = False
    label: str = ""


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "submit",
            frozenset({DRAFT, RETURNED, WITHDRAWN}),
            SUBMITTED,
            frozenset({FOCAL_POINT, VALIDATOR}),
            label=N_("Submit for approval"),
        ),
        Transition("approve", frozenset({SUBMITTED}), APPROVED, frozenset({VALIDATOR}), label=N_("Approve")),
        Transition("publish", frozenset({APPROVED}), PUBLISHED, frozenset({COORDINATOR}), label=N_("Publish")),
        Transition(
            "return",
            frozenset({SUBMITTED, APPROVED}),
            RETURNED,
            frozenset({VALIDATOR, COORDINATOR}),
            needs_comment=True,
            label=N_("Return for changes"),
        ),
        Transition(
            "withdraw",
            frozenset({PUBLISHED}),
            WITHDRAWN,
            frozenset({COORDINATOR}),
            needs_comment=True,
            label=N_("Withdraw from publication"),
        ),
    )
}


# Comments meant for the public (shown in a published action's public
# history); the others are the staff's own.
PUBLIC_COMMENT_TRANSITIONS = frozenset({"publish"})


def acting_role(transition_name: str, from_state: str, actor_roles: set[str] | frozenset[str]) -> str:
    """The role a past transition was made in (public histories show
    roles, not people). A return of a submitted action is the validating
    authority's unless its author holds only the coordinator's role."""
    if transition_name == "submit":
        return FOCAL_POINT
    if transition_name == "approve":
        return VALIDATOR
    if (
        transition_name == "return"
        and from_state == SUBMITTED
        and (VALIDATOR in actor_roles or COORDINATOR not in actor_roles)
    ):
        return VALIDATOR
    return COORDINATOR


class WorkflowError(ValueError):
    """A transition that cannot happen; ``message`` is translatable and
    ``params`` fill it."""

    def __init__(self, message: str, **params: str):
        super().__init__(message.format(**params))
        self.message = message
        self.params = params


def allowed(state: str, roles: set[str] | frozenset[str]) -> list[Transition]:
    """The transitions these roles may make from this state."""
    return [t for t in TRANSITIONS.values() if state in t.sources and t.roles & set(roles)]


def apply(state: str, transition_name: str, roles: set[str] | frozenset[str], comment: str = "") -> str:
    """The state after ``transition_name``, or WorkflowError saying why not.

    A coordinator may also return an approved action; only the reporting
    institution's validating authority approves.
    """
    transition = TRANSITIONS.get(transition_name)
    if transition is None:
        raise WorkflowError(N_("unknown transition {name!r}"), name=transition_name)
    if not transition.roles & set(roles):
        raise WorkflowError(N_("you may not {name} this action"), name=transition_name)
    if state not in transition.sources:
        raise WorkflowError(
            N_("an action that is {state} cannot be sent to {target}"), state=state, target=transition.target
        )
    if transition.needs_comment and not comment.strip():
        raise WorkflowError(N_("give a reason to {name} this action"), name=transition_name)
    return transition.target


def is_public(state: str) -> bool:
    return state == PUBLISHED


# How far an action got, for counting what an institution answered in a
# round: a later state includes the earlier ones.
_PROGRESS = {SUBMITTED: 1, APPROVED: 2, PUBLISHED: 3}


def progress_level(state: str | None) -> int:
    """0 filed but not submitted, 1 submitted, 2 approved, 3 published."""
    return _PROGRESS.get(state or "", 0)
