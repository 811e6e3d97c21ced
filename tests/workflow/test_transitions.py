"""Action transitions through the API: who may make which, what is
recorded, what becomes public."""

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

pytestmark = pytest.mark.usefixtures("with_request_context")


def _transition(user, draft_action, name, comment=""):
    return helpers.call_action(
        "simore_action_transition",
        context={"user": user["name"]},
        id=draft_action["id"],
        transition=name,
        comment=comment,
    )


def _show(draft_action):
    return helpers.call_action("package_show", id=draft_action["id"])


def test_a_new_action_is_a_private_draft(draft_action):
    shown = _show(draft_action)
    assert shown["workflow_state"] == "draft"
    assert shown["private"] is True


def test_the_full_cycle_publishes_and_records_history(network, draft_action):
    people = network.people
    _transition(people.focal_point, draft_action, "submit")
    _transition(people.validator, draft_action, "return", "Falta el presupuesto")
    _transition(people.focal_point, draft_action, "submit")
    _transition(people.validator, draft_action, "approve")
    result = _transition(people.coordinator, draft_action, "publish")
    assert result["state"] == "published"
    shown = _show(draft_action)
    assert shown["workflow_state"] == "published" and shown["private"] is False
    history = helpers.call_action("simore_action_history", id=draft_action["id"])
    assert [(e["from_state"], e["to_state"], e["user"]) for e in history] == [
        ("draft", "submitted", "focal-salud"),
        ("submitted", "returned", "valida-salud"),
        ("returned", "submitted", "focal-salud"),
        ("submitted", "approved", "valida-salud"),
        ("approved", "published", "coordinadora"),
    ]
    assert history[1]["comment"] == "Falta el presupuesto"


@pytest.mark.parametrize(
    "who, transition",
    [
        ("other_focal_point", "submit"),  # another institution's focal point
        ("registered", "submit"),  # an outsider
    ],
)
def test_outsiders_cannot_move_an_action(network, draft_action, who, transition):
    with pytest.raises(tk.NotAuthorized):
        tk.check_access(
            "simore_action_transition",
            {"user": getattr(network.people, who)["name"]},
            {"id": draft_action["id"], "transition": transition},
        )


def test_a_forbidden_transition_is_a_clear_error_and_changes_nothing(network, draft_action):
    with pytest.raises(tk.ValidationError) as excinfo:
        _transition(network.people.focal_point, draft_action, "approve")
    assert "you may not approve this action" in excinfo.value.error_dict["transition"][0]
    assert _show(draft_action)["workflow_state"] == "draft"
    assert helpers.call_action("simore_action_history", id=draft_action["id"]) == []


def test_the_state_cannot_be_forged_through_package_update(network, draft_action):
    helpers.call_action(
        "package_patch",
        context={"user": network.people.focal_point["name"]},
        id=draft_action["id"],
        workflow_state="published",
        private=False,
    )
    shown = _show(draft_action)
    assert shown["workflow_state"] == "draft" and shown["private"] is True


def test_a_submitted_action_is_frozen_for_its_institution(network, draft_action):
    _transition(network.people.focal_point, draft_action, "submit")
    with pytest.raises(tk.NotAuthorized):
        tk.check_access("package_update", {"user": network.people.focal_point["name"]}, {"id": draft_action["id"]})
    with pytest.raises(tk.NotAuthorized):
        tk.check_access("package_delete", {"user": network.people.validator["name"]}, {"id": draft_action["id"]})


def test_withdrawal_makes_a_published_action_private_again(network, draft_action):
    people = network.people
    for user, name in [(people.focal_point, "submit"), (people.validator, "approve"), (people.coordinator, "publish")]:
        _transition(user, draft_action, name)
    with pytest.raises(tk.ValidationError):
        _transition(people.coordinator, draft_action, "withdraw")
    _transition(people.coordinator, draft_action, "withdraw", "Cifras erróneas")
    assert _show(draft_action)["private"] is True


def test_status_changes_keep_a_justified_history(network):
    rec = network.recommendation
    coordinator = {"user": network.people.coordinator["name"]}
    helpers.call_action(
        "simore_status_set", context=coordinator, id=rec["id"], status="in_progress", justification="Plan aprobado"
    )
    helpers.call_action(
        "simore_status_set", context=coordinator, id=rec["id"], status="implemented", justification="Ley promulgada"
    )
    assert helpers.call_action("package_show", id=rec["id"])["implementation_status"] == "implemented"
    history = helpers.call_action("simore_status_history", id=rec["id"])
    assert [(e["from_status"], e["to_status"], e["justification"]) for e in history] == [
        ("not_started", "in_progress", "Plan aprobado"),
        ("in_progress", "implemented", "Ley promulgada"),
    ]
    with pytest.raises(tk.NotAuthorized):
        tk.check_access("simore_status_set", {"user": network.people.validator["name"]}, {"id": rec["id"]})
    # an ordinary edit that tries to change it is refused, naming the field;
    # one that leaves it out keeps it
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("package_patch", context=coordinator, id=rec["id"], implementation_status="not_started")
    assert "simore_status_set" in refused.value.error_dict["implementation_status"][0]
    helpers.call_action("package_patch", context=coordinator, id=rec["id"], paragraph="12")
    assert helpers.call_action("package_show", id=rec["id"])["implementation_status"] == "implemented"


def test_a_change_to_the_same_status_is_refused_and_not_recorded(network):
    rec = network.recommendation
    coordinator = {"user": network.people.coordinator["name"]}
    helpers.call_action("simore_status_set", context=coordinator, id=rec["id"], status="in_progress", justification="a")
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action(
            "simore_status_set", context=coordinator, id=rec["id"], status="in_progress", justification="b"
        )
    assert "already has this status" in refused.value.error_dict["status"][0]
    history = helpers.call_action("simore_status_history", id=rec["id"])
    assert [(e["from_status"], e["to_status"]) for e in history] == [("not_started", "in_progress")]
