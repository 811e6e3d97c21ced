"""Governance by type and role: who may create, edit and delete each dataset
type, institutions and groups — every role, a self-registered visitor
included, through the auth functions and through the API. Status and
assignment change only through their own actions."""

import builders
import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from security.web_client import register_through_form

ROLES = [
    "anonymous",
    "registered",
    "self_registered",
    "civil_society_member",
    "civil_society_admin",
    "focal_point",
    "other_focal_point",
    "validator",
    "coordinator",
    "sysadmin",
]
COORDINATION = {"coordinator", "sysadmin"}
HEALTH_STAFF = {"focal_point", "validator", "sysadmin"}
JUSTICE_STAFF = {"other_focal_point", "sysadmin"}

# Who may create (C), update (U) and delete (D) each kind of record.
RECORD_MATRIX = {
    "recommendation": COORDINATION,
    "mechanism": COORDINATION,
    "practice": COORDINATION,
    "practice_private": COORDINATION,
    "action_health": HEALTH_STAFF,
    "action_justice": JUSTICE_STAFF,
    "dataset": {"sysadmin"},
    "zzz": {"sysadmin"},
}


@pytest.fixture
def people(app, network):
    """Every role's user name; the self-registered one went through the
    public registration form; the civil society organization "observatorio"
    has an admin and a member."""
    register_through_form(app, "visitante")
    assert model.User.get("visitante") is not None
    names = {role: person["name"] for role, person in vars(network.people).items()}
    names.update(anonymous="", self_registered="visitante")
    for role, name in (("civil_society_admin", "activista"), ("civil_society_member", "socia")):
        factories.User(name=name, email=name + "@example.org")
        names[role] = name
    factories.Organization(
        type="civil_society",
        name="observatorio",
        civil_society_kind="ngo",
        users=[{"name": "activista", "capacity": "admin"}, {"name": "socia", "capacity": "member"}],
    )
    return names


@pytest.fixture
def records(network):
    """One existing record of each kind, made by those who may."""
    rec = network.recommendation
    site = {"user": helpers.call_action("get_site_user", context={"ignore_auth": True})["name"], "ignore_auth": True}
    plain = helpers.call_action(
        "package_create", context=dict(site), name="plain-dataset", owner_org=network.coordination["id"]
    )
    odd = helpers.call_action(
        "package_create", context=dict(site), name="odd-type", type="zzz", owner_org=network.coordination["id"]
    )
    return {
        "recommendation": rec,
        "mechanism": helpers.call_action("package_show", id="cedaw"),
        "practice": builders.practice("coordinacion", mechanism="cedaw"),
        "practice_private": builders.practice("coordinacion", private=True),
        "action_health": builders.action("salud", [rec["name"]]),
        "action_justice": builders.action("justicia", [rec["name"]]),
        "dataset": plain,
        "zzz": odd,
    }


def _create_data(kind, network):
    owner = {"action_health": network.health, "action_justice": network.justice}.get(kind, network.coordination)
    dataset_type = kind.split("_")[0]  # action_health, practice_private
    return {"type": dataset_type, "owner_org": owner["id"], **({"private": True} if kind.endswith("private") else {})}


def _allowed(action, user, data):
    try:
        tk.check_access(action, {"user": user}, dict(data))
        return True
    except tk.NotAuthorized:
        return False


@pytest.mark.parametrize("kind", list(RECORD_MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_who_creates_edits_and_deletes_each_type(people, network, records, kind, role):
    user = people[role]
    expected = role in RECORD_MATRIX[kind]
    record = records[kind]
    assert _allowed("package_create", user, _create_data(kind, network)) == expected, "create"
    assert _allowed("package_update", user, {"id": record["id"]}) == expected, "update"
    assert _allowed("package_patch", user, {"id": record["id"]}) == expected, "patch"
    assert _allowed("package_delete", user, {"id": record["id"]}) == expected, "delete"
    assert _allowed("resource_create", user, {"package_id": record["id"]}) == expected, "evidence"


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_a_public_practice_and_only_the_coordinating_body_a_private_one(people, records, role):
    user = people[role]
    assert _allowed("package_show", user, {"id": records["practice"]["id"]})
    assert _allowed("package_show", user, {"id": records["practice_private"]["id"]}) == (role in COORDINATION)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinating_body_creates_and_removes_institutions(people, network, role):
    user = people[role]
    assert _allowed("organization_create", user, {"name": "nueva"}) == (role in COORDINATION)
    civil_society = {"name": "nueva-osc", "type": "civil_society"}
    assert _allowed("organization_create", user, civil_society) == (role in COORDINATION)
    assert _allowed("group_create", user, {"name": "grupo"}) == (role in COORDINATION)
    # deleting also needs CKAN's own rule: the institution's admin (or a sysadmin)
    assert _allowed("organization_delete", user, {"id": network.health["id"]}) == (role == "sysadmin")
    assert _allowed("group_delete", user, {"id": network.health["id"]}) == (role == "sysadmin")


def _api(app, user, action, data):
    headers = {"Authorization": factories.APIToken(user=user)["token"]} if user else {}
    return app.post("/api/3/action/" + action, json=data, headers=headers, expect_errors=True)


@pytest.mark.parametrize("role", ["self_registered", "civil_society_member", "focal_point", "validator"])
def test_what_the_review_did_is_refused_through_the_api(app, people, network, role):
    user = people[role]
    before = model.Session.query(model.Package).count()
    for data in [
        {
            "type": "recommendation",
            "owner_org": "salud",
            "mechanism": "cedaw",
            "record_type": "recommendation",
            "implementation_status": "implemented",
            "institutions": ["salud", "justicia"],
            "text_translated": {"es": "Falsa"},
        },
        {
            "type": "mechanism",
            "owner_org": "salud",
            "code": "FAKE",
            "family": "treaty_body",
            "system": "un",
            "title_translated": {"es": "Falso"},
        },
        {
            "type": "practice",
            "owner_org": "salud",
            "country": "PRY",
            "title_translated": {"es": "Falsa"},
            "problem_translated": {"es": "Falso"},
            "notes_translated": {"es": "Falsa"},
        },
        {"type": "dataset", "owner_org": "salud", "name": "plain"},
        {"type": "zzz", "owner_org": "salud", "name": "odd"},
    ]:
        response = _api(app, user, "package_create", data)
        assert response.status_code == 403, (data["type"], response.json)
    assert _api(app, user, "organization_create", {"name": "mi-institucion"}).status_code == 403
    assert _api(app, user, "group_create", {"name": "mi-grupo"}).status_code == 403
    assert (
        _api(app, user, "package_patch", {"id": network.recommendation["id"], "institutions": ["justicia"]}).status_code
        == 403
    )
    assert model.Session.query(model.Package).count() == before
    assert model.Group.get("mi-institucion") is None


@pytest.mark.parametrize("role", ["self_registered", "civil_society_member", "focal_point", "validator"])
def test_a_practice_is_changed_by_the_coordinating_body_only_through_the_api(app, people, records, role):
    user = people[role]
    for kind in ("practice", "practice_private"):
        practice = records[kind]
        changed = {"id": practice["id"], "title_translated": {"es": "Cambiada"}}
        assert _api(app, user, "package_patch", changed).status_code == 403, kind
        document = {"package_id": practice["id"], "url": "https://example.org/falso.pdf"}
        assert _api(app, user, "resource_create", document).status_code == 403, kind
        assert _api(app, user, "package_delete", {"id": practice["id"]}).status_code == 403, kind
        shown = helpers.call_action("package_show", id=practice["id"])
        assert (shown["title_translated"], shown["state"], shown["resources"]) == (
            practice["title_translated"],
            "active",
            [],
        ), kind


def test_a_registered_visitor_has_no_rights(app, people, network):
    user = people["self_registered"]
    for action, data in [
        ("package_create", {}),
        ("organization_create", {}),
        ("group_create", {}),
        ("simore_round_list", {}),
        ("simore_round_create", {}),
        ("simore_import_create", {}),
        ("simore_institution_network", {}),
        ("simore_coordinator_dashboard", {}),
        ("simore_institution_dashboard", {"id": "salud"}),
        ("bulk_update_public", {"org_id": network.health["id"], "datasets": []}),
    ]:
        assert not _allowed(action, user, data), action
    headers = {"Authorization": factories.APIToken(user=user)["token"]}
    assert app.get("/recommendation/new", headers=headers, expect_errors=True).status_code == 403
    assert app.get("/action/new", headers=headers, expect_errors=True).status_code == 403
    assert app.get("/practice/new", headers=headers, expect_errors=True).status_code == 403
    assert app.get("/organization/new", headers=headers, expect_errors=True).status_code == 403


def test_a_focal_point_reports_but_never_records_recommendations(app, people):
    headers = {"Authorization": factories.APIToken(user=people["focal_point"])["token"]}
    assert app.get("/action/new", headers=headers).status_code == 200
    assert app.get("/recommendation/new", headers=headers, expect_errors=True).status_code == 403
    assert app.get("/mechanism/new", headers=headers, expect_errors=True).status_code == 403
    assert app.get("/practice/new", headers=headers, expect_errors=True).status_code == 403


def test_an_action_is_born_a_private_draft(people, network):
    act = helpers.call_action(
        "package_create",
        context={"user": people["focal_point"], "ignore_auth": False},
        type="action",
        owner_org="salud",
        recommendations=[network.recommendation["name"]],
        title_translated={"es": "Acción"},
        measure_type="policy_plan",
        progress="in_progress",
        workflow_state="published",
        private=False,
    )
    assert act["workflow_state"] == "draft"
    assert act["private"] is True


def test_action_visibility_follows_only_its_workflow(people, network):
    act = builders.action("salud", [network.recommendation["name"]])
    data = {"org_id": network.health["id"], "datasets": [act["id"]]}
    for role in ("focal_point", "validator"):
        assert not _allowed("bulk_update_public", people[role], data)
        assert not _allowed("bulk_update_private", people[role], data)
    # a draft may still be deleted by its institution
    assert _allowed("bulk_update_delete", people["validator"], data)
    assert not _allowed("bulk_update_delete", people["other_focal_point"], data)


class TestStatusAndAssignmentHaveTheirOwnActions:
    def test_creating_with_a_status_or_institutions_is_refused_naming_the_field(self, people, network):
        coordinator = {"user": people["coordinator"], "ignore_auth": False}
        recommendation = {
            "type": "recommendation",
            "owner_org": "coordinacion",
            "mechanism": "cedaw",
            "record_type": "recommendation",
            "text_translated": {"es": "Texto"},
        }
        before = model.Session.query(model.Package).count()
        for field, value, action in [
            ("implementation_status", "implemented", "simore_status_set"),
            ("institutions", ["salud"], "simore_recommendation_assign"),
            ("lead_institution", "salud", "simore_recommendation_assign"),
        ]:
            with pytest.raises(tk.ValidationError) as refused:
                helpers.call_action("package_create", context=dict(coordinator), **recommendation, **{field: value})
            assert action in refused.value.error_dict[field][0]
        assert model.Session.query(model.Package).count() == before
        created = helpers.call_action(
            "package_create", context=dict(coordinator), **recommendation, implementation_status="not_started"
        )
        assert created["implementation_status"] == "not_started"
        assert not created.get("institutions")

    def test_an_edit_cannot_reassign_but_keeps_the_assignment(self, people, network):
        rec = network.recommendation
        coordinator = {"user": people["coordinator"]}
        with pytest.raises(tk.ValidationError) as refused:
            helpers.call_action("package_patch", context=dict(coordinator), id=rec["id"], institutions=["justicia"])
        assert "simore_recommendation_assign" in refused.value.error_dict["institutions"][0]
        shown = helpers.call_action("package_show", id=rec["id"])
        # the whole record sent back unchanged is accepted
        helpers.call_action("package_update", context=dict(coordinator), **shown)
        assert helpers.call_action("package_show", id=rec["id"])["institutions"] == ["salud", "justicia"]

    def test_assignment_refuses_an_unknown_institution_and_writes_nothing(self, people, network):
        second = builders.recommendation("coordinacion", "cedaw")
        with pytest.raises(tk.ValidationError) as refused:
            helpers.call_action(
                "simore_recommendation_assign",
                context={"user": people["coordinator"]},
                ids=[network.recommendation["id"], second["id"]],
                institutions=["justicia", "fantasma"],
            )
        assert "fantasma" in refused.value.error_dict["institutions"][0]
        assert not helpers.call_action("package_show", id=second["id"]).get("institutions")

    def test_assignment_by_the_coordinating_body(self, people, network):
        second = builders.recommendation("coordinacion", "cedaw")
        result = helpers.call_action(
            "simore_recommendation_assign",
            context={"user": people["coordinator"]},
            ids=[network.recommendation["id"], second["name"]],
            institutions=[network.justice["id"]],
            lead_institution="justicia",
        )
        assert (result["count"], result["skipped"]) == (2, 0)  # the answer also lists each change
        shown = helpers.call_action("package_show", id=second["id"])
        assert shown["institutions"] == ["justicia"] and shown["lead_institution"] == "justicia"


def test_coordinators_assign_on_the_recommendation_page(app, people, network):
    rec = network.recommendation
    coordinator = {"Authorization": factories.APIToken(user=people["coordinator"])["token"]}
    focal = {"Authorization": factories.APIToken(user=people["focal_point"])["token"]}
    assert 'name="lead_institution"' in app.get("/recommendation/" + rec["name"], headers=coordinator).body
    assert 'name="lead_institution"' not in app.get("/recommendation/" + rec["name"], headers=focal).body
    app.post(
        "/recommendation/{}/assign".format(rec["name"]),
        headers=focal,
        data={"institutions": ["justicia"], "replace": "true"},
    )
    assert helpers.call_action("package_show", id=rec["id"])["institutions"] == ["salud", "justicia"]
    app.post(
        "/recommendation/{}/assign".format(rec["name"]),
        headers=coordinator,
        data={"institutions": ["justicia"], "lead_institution": "justicia", "replace": "true"},
    )
    shown = helpers.call_action("package_show", id=rec["id"])
    assert shown["institutions"] == ["justicia"] and shown["lead_institution"] == "justicia"
    app.post("/recommendation/{}/assign".format(rec["name"]), headers=coordinator, data={"replace": "true"})
    shown = helpers.call_action("package_show", id=rec["id"])
    assert not shown.get("institutions") and not shown.get("lead_institution")
