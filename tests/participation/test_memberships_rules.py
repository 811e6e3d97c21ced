"""The rules of membership requests, without CKAN."""

import pytest

from ckanext.simore.participation import memberships as m


def test_state_staff_may_not_join_or_register():
    assert m.request_refusal(m.JOIN, "org", m.Requester(state_staff=True))
    assert m.request_refusal(m.REGISTER, None, m.Requester(state_staff=True))


def test_a_person_has_a_bounded_number_of_requests_waiting():
    assert m.request_refusal(m.JOIN, "org", m.Requester(pending=m.MAX_PENDING - 1)) is None
    assert m.request_refusal(m.JOIN, "org", m.Requester(pending=m.MAX_PENDING))


def test_a_member_does_not_ask_to_join_again():
    assert m.request_refusal(m.JOIN, "org", m.Requester(member_of=frozenset({"org"})))
    assert m.request_refusal(m.JOIN, "other", m.Requester(member_of=frozenset({"org"}))) is None


@pytest.mark.parametrize(
    "kind, coordinator, admin, decides",
    [
        (m.REGISTER, True, False, True),
        (m.REGISTER, False, True, False),
        (m.JOIN, False, True, True),
        (m.JOIN, True, False, True),
        (m.JOIN, False, False, False),
    ],
)
def test_who_decides(kind, coordinator, admin, decides):
    assert m.may_decide(kind, coordinator, admin) is decides


def test_refusing_needs_a_reason_and_a_decided_request_stays_decided():
    assert m.decision_refusal(m.PENDING, m.REFUSE, "  ")
    assert m.decision_refusal(m.PENDING, m.REFUSE, "Not an organization") is None
    assert m.decision_refusal(m.PENDING, m.APPROVE, "") is None
    for state in (m.APPROVED, m.REFUSED, m.WITHDRAWN):
        assert m.decision_refusal(state, m.APPROVE, "ok")


def test_who_the_person_becomes():
    assert m.capacity_on_approval(m.REGISTER) == m.ADMIN_CAPACITY
    assert m.capacity_on_approval(m.JOIN) == m.MEMBER_CAPACITY
