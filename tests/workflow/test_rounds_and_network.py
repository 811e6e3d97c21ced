"""Reporting rounds, bulk assignment, pending work and the focal-point
network through the API."""

import builders
import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_request_context")


def _as(user, action, **data):
    return helpers.call_action(action, context={"user": user}, **data)


@pytest.fixture
def round_(network):
    return _as("coordinadora", "simore_round_create", title="Ronda CEDAW", due_date="2030-01-31", fq="mechanism:cedaw")


def test_a_round_has_one_obligation_per_assigned_institution(network, round_):
    assert round_["item_count"] == 2  # salud and justicia on the CEDAW recommendation
    compliance = {row["name"]: row for row in _as("coordinadora", "simore_round_show", id=round_["id"])["compliance"]}
    assert {name: row["outstanding"] for name, row in compliance.items()} == {"salud": 1, "justicia": 1}


def test_actions_and_no_progress_answers_count_towards_compliance(network, round_):
    act = builders.action("salud", [network.recommendation["name"]], reporting_round=round_["id"])
    _as("focal-salud", "simore_action_transition", id=act["id"], transition="submit")
    _as(
        "focal-justicia",
        "simore_round_no_progress",
        id=round_["id"],
        recommendation=network.recommendation["name"],
        organization="justicia",
        comment="Sin avances en el período",
    )
    compliance = {row["name"]: row for row in _as("coordinadora", "simore_round_show", id=round_["id"])["compliance"]}
    assert (compliance["salud"]["submitted"], compliance["salud"]["approved"], compliance["salud"]["outstanding"]) == (
        1,
        0,
        0,
    )
    assert (compliance["justicia"]["no_progress"], compliance["justicia"]["outstanding"]) == (1, 0)


def test_no_progress_only_for_ones_own_institution_and_what_is_owed(network, round_):
    with pytest.raises(tk.NotAuthorized):
        tk.check_access(
            "simore_round_no_progress", {"user": "focal-justicia"}, {"id": round_["id"], "organization": "salud"}
        )
    other = builders.recommendation("coordinacion", "cedaw")  # created after the round opened
    with pytest.raises(tk.ValidationError):
        _as(
            "focal-salud",
            "simore_round_no_progress",
            id=round_["id"],
            recommendation=other["name"],
            organization="salud",
        )


def test_a_closed_round_takes_no_more_actions(network, round_):
    _as("coordinadora", "simore_round_close", id=round_["id"])
    with pytest.raises(tk.ValidationError) as excinfo:
        builders.action("salud", [network.recommendation["name"]], reporting_round=round_["id"])
    assert "is closed" in excinfo.value.error_dict["reporting_round"][0]


def test_bulk_assignment_from_a_search(network):
    builders.institution(name="mujer")
    second = builders.recommendation("coordinacion", "cedaw")
    result = _as(
        "coordinadora",
        "simore_recommendation_assign",
        fq="mechanism:cedaw",
        institutions=["mujer"],
        lead_institution="mujer",
    )
    assert result["count"] == 2
    for rec in (network.recommendation, second):
        shown = helpers.call_action("package_show", id=rec["id"])
        assert "mujer" in shown["institutions"] and shown["lead_institution"] == "mujer"
    assert set(helpers.call_action("package_show", id=network.recommendation["id"])["institutions"]) == {
        "mujer",
        "salud",
        "justicia",
    }


def test_pending_work_for_each_role(network, round_):
    act = builders.action("salud", [network.recommendation["name"]], reporting_round=round_["id"])
    focal = _as("focal-salud", "simore_pending_work")
    assert [r["id"] for r in focal["to_finish"]["results"]] == [act["id"]]
    assert [entry["name"] for entry in focal["owed"]] == ["salud"]  # a draft is not yet an answer
    _as("focal-salud", "simore_action_transition", id=act["id"], transition="submit")
    validator = _as("valida-salud", "simore_pending_work")
    assert [r["id"] for r in validator["to_approve"]["results"]] == [act["id"]]
    _as("valida-salud", "simore_action_transition", id=act["id"], transition="approve")
    coordinator = _as("coordinadora", "simore_pending_work")
    assert [r["id"] for r in coordinator["to_publish"]["results"]] == [act["id"]]
    other = _as("focal-justicia", "simore_pending_work")
    assert [entry["name"] for entry in other["owed"]] == ["justicia"]
    assert "to_publish" not in other and other["to_finish"]["count"] == 0


def test_network_lists_institutions_without_focal_point_and_hands_over(network):
    builders.institution(name="senado")
    for user_id, _, _ in helpers.call_action("member_list", id="senado", object_type="user"):
        helpers.call_action("organization_member_delete", context={"user": "root"}, id="senado", username=user_id)
    overview = _as("coordinadora", "simore_institution_network")
    assert overview["without_focal_point"] == ["senado"]
    factories.User(name="nuevo-focal", email="nuevo@example.org")
    _as(
        "coordinadora",
        "simore_institution_handover",
        organization="salud",
        from_user="focal-salud",
        to_user="nuevo-focal",
    )
    people = {i["name"]: i["people"] for i in _as("coordinadora", "simore_institution_network")["institutions"]}
    site_user = helpers.call_action("get_site_user")["name"]  # the builders' organization creator
    assert {p["name"] for p in people["salud"]} - {site_user} == {"nuevo-focal", "valida-salud"}
    with pytest.raises(tk.NotAuthorized):
        tk.check_access(
            "simore_action_transition",
            {"user": "focal-salud"},
            {"id": builders.action("salud", [network.recommendation["name"]])["id"]},
        )


def test_invitation_creates_a_pending_member_and_records_the_designation(network, mail_server):
    result = _as(
        "coordinadora",
        "simore_focal_point_invite",
        organization="justicia",
        email="alterno@example.org",
        designation="alternate",
    )
    user = model.User.get(result["user"])
    assert user.state == "pending" and user.email == "alterno@example.org"
    people = {i["name"]: i["people"] for i in _as("coordinadora", "simore_institution_network")["institutions"]}
    assert {
        "name": user.name,
        "display_name": user.display_name,
        "capacity": "editor",
        "designation": "alternate",
    } in people["justicia"]
    assert mail_server.get_smtp_messages()


def test_invalid_input_is_refused_with_field_errors(network):
    with pytest.raises(tk.ValidationError) as excinfo:
        _as("coordinadora", "simore_round_create", title="", due_date="31/01/2030")
    assert set(excinfo.value.error_dict) >= {"title", "due_date"}
    with pytest.raises(tk.ValidationError) as excinfo:
        _as("coordinadora", "simore_status_set", id=network.recommendation["id"], status="done", justification="x")
    assert "unknown code 'done'" in excinfo.value.error_dict["status"][0]
    with pytest.raises(tk.ValidationError) as excinfo:
        _as("coordinadora", "simore_focal_point_invite", organization="salud", email="not-an-email", designation="boss")
    assert set(excinfo.value.error_dict) == {"email", "designation"}
