"""Two approvers acting on the same action at the same moment: exactly one
wins, the other is told why, and the history stays consistent."""

import threading

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers


def _run_concurrently(app, calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, user, transition, comment):
        with app.flask_app.test_request_context():
            try:
                barrier.wait()
                result = tk.get_action("simore_action_transition")(
                    {"user": user}, {"id": calls[index][3], "transition": transition, "comment": comment}
                )
                outcomes[index] = ("ok", result["state"])
            except tk.ValidationError as error:
                outcomes[index] = ("refused", error.error_dict["transition"][0])
            finally:
                model.Session.remove()

    threads = [
        threading.Thread(target=worker, args=(i, user, transition, comment))
        for i, (user, transition, comment, _) in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("second", [("valida-salud-2", "approve", ""), ("coordinadora", "return", "Incompleto")])
def test_concurrent_transitions_leave_one_result_and_a_consistent_history(app, network, draft_action, second):
    factories.User(name="valida-salud-2")
    helpers.call_action("organization_member_create", id="salud", username="valida-salud-2", role="admin")
    helpers.call_action(
        "simore_action_transition", context={"user": "focal-salud"}, id=draft_action["id"], transition="submit"
    )
    model.Session.remove()

    outcomes = _run_concurrently(
        app, [("valida-salud", "approve", "", draft_action["id"]), (*second, draft_action["id"])]
    )

    # The two run one after the other (the action's row is locked) and the
    # second sees the first's result. Two approvals: the second is refused.
    # An approval and the coordinators' return: if the return comes first,
    # the approval is refused; if the approval comes first, the coordinators
    # may still return the approved action, so both succeed, in that order.
    succeeded = [state for kind, state in outcomes if kind == "ok"]
    history = helpers.call_action("simore_action_history", id=draft_action["id"])
    assert [e["to_state"] for e in history] == ["submitted", *sorted(succeeded, key=["approved", "returned"].index)]
    if len(succeeded) == 2:
        assert second[1] == "return" and [e["to_state"] for e in history[1:]] == ["approved", "returned"], outcomes
    else:
        assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    for before, after in zip(history, history[1:]):
        assert after["from_state"] == before["to_state"]  # no update lost
    assert helpers.call_action("package_show", id=draft_action["id"])["workflow_state"] == history[-1]["to_state"]


def test_an_event_is_dated_when_written_not_when_its_transaction_began(app, network, draft_action):
    # A transaction that waited for the action's lock writes its event after
    # the one it waited for: the history must read in that order, although
    # PostgreSQL's now() would date it at the transaction's start.
    helpers.call_action(
        "simore_action_transition", context={"user": "focal-salud"}, id=draft_action["id"], transition="submit"
    )
    model.Session.remove()
    model.Session.execute(sa.text("SELECT 1"))  # this thread's transaction begins here
    approval = _run_concurrently(app, [("valida-salud", "approve", "", draft_action["id"])])
    assert approval == [("ok", "approved")]
    helpers.call_action(
        "simore_action_transition",
        context={"user": "coordinadora"},
        id=draft_action["id"],
        transition="return",
        comment="Incompleto",
    )
    history = helpers.call_action("simore_action_history", id=draft_action["id"])
    assert [e["to_state"] for e in history] == ["submitted", "approved", "returned"]
