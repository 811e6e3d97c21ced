"""The action state machine (pure logic)."""

import pytest

from ckanext.simore.workflow import machine as wf

FP, VAL, COORD = {wf.FOCAL_POINT}, {wf.VALIDATOR}, {wf.COORDINATOR}


def test_the_happy_path_runs_from_draft_to_published():
    state = wf.apply(wf.DRAFT, "submit", FP)
    state = wf.apply(state, "approve", VAL)
    state = wf.apply(state, "publish", COORD)
    assert state == wf.PUBLISHED and wf.is_public(state)


@pytest.mark.parametrize("state, roles", [(wf.SUBMITTED, VAL), (wf.SUBMITTED, COORD), (wf.APPROVED, COORD)])
def test_either_approver_returns_with_a_reason(state, roles):
    with pytest.raises(wf.WorkflowError, match="give a reason"):
        wf.apply(state, "return", roles, comment="  ")
    assert wf.apply(state, "return", roles, comment="Falta evidencia") == wf.RETURNED
    assert wf.apply(wf.RETURNED, "submit", FP) == wf.SUBMITTED


@pytest.mark.parametrize(
    "state, name, roles",
    [
        (wf.DRAFT, "approve", VAL),  # not submitted yet
        (wf.SUBMITTED, "approve", FP),  # focal points do not approve
        (wf.SUBMITTED, "approve", COORD),  # the institution approves first
        (wf.SUBMITTED, "publish", COORD),  # publication needs the institution's approval
        (wf.APPROVED, "publish", VAL),  # only coordinators publish
        (wf.PUBLISHED, "submit", FP),  # published actions are not re-submitted
        (wf.APPROVED, "approve", VAL),  # no double approval
        (wf.PUBLISHED, "withdraw", VAL),  # only coordinators withdraw
    ],
)
def test_forbidden_transitions_are_refused(state, name, roles):
    with pytest.raises(wf.WorkflowError):
        wf.apply(state, name, roles, comment="reason")


def test_withdrawal_needs_a_reason_and_unpublishes():
    state = wf.apply(wf.PUBLISHED, "withdraw", COORD, comment="Datos erróneos")
    assert state == wf.WITHDRAWN and not wf.is_public(state)
    assert wf.WITHDRAWN in wf.EDITABLE_STATES


def test_unknown_transition_is_named():
    with pytest.raises(wf.WorkflowError, match="unknown transition 'archive'"):
        wf.apply(wf.DRAFT, "archive", COORD)


def test_allowed_lists_what_each_role_may_do():
    assert [t.name for t in wf.allowed(wf.SUBMITTED, VAL)] == ["approve", "return"]
    assert [t.name for t in wf.allowed(wf.SUBMITTED, COORD)] == ["return"]
    assert [t.name for t in wf.allowed(wf.APPROVED, COORD)] == ["publish", "return"]
    assert wf.allowed(wf.PUBLISHED, FP) == []
