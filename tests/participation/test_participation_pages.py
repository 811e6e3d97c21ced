"""The pages of civil society participation: asking to join and to
register, deciding, writing a contribution on a record's page, the
moderators' queue, answering; user text is escaped or sanitised."""

from __future__ import annotations

from participation.conftest import call, contribute, moderate
from security.web_client import active_markup, token_header


def test_a_person_asks_to_join_from_the_organizations_page_and_its_admin_approves(app, society):
    vecina = token_header("vecina")
    page = app.get("/civil_society/observatorio", headers=vecina).body
    assert "/participation/join/observatorio" in page
    assert "Recommendations assigned" not in page
    app.post("/participation/join/observatorio", data={"message": "Soy voluntaria"}, headers=vecina)
    mine = app.get("/participation/requests", headers=vecina).body
    assert "Join Observatorio de Derechos" in mine and "Withdraw" in mine
    admin = app.get("/participation/requests", headers=token_header("activista")).body
    assert "Soy voluntaria" in admin and "Approve" in admin
    (request,) = call("activista", "simore_membership_request_list")["to_decide"]
    app.post(
        "/participation/requests/{}/decide".format(request["id"]),
        data={"decision": "approve"},
        headers=token_header("activista"),
    )
    assert "You are a member of this organization." in app.get("/civil_society/observatorio", headers=vecina).body


def test_a_registration_through_the_form_is_decided_by_a_coordinator(app, society):
    vecina = token_header("vecina")
    form = {
        "title": "Red <script>alert(1)</script>",
        "name": "red",
        "civil_society_kind": "ngo",
        "message": "<b>hola</b>",
    }
    app.post("/participation/register", data=form, headers=vecina)
    page = app.get("/participation/requests", headers=token_header("coordinadora")).body
    assert "vecina@example.org" in page and not active_markup(page, "alert(1)")
    (request,) = call("coordinadora", "simore_membership_request_list")["to_decide"]
    response = app.post(
        "/participation/requests/{}/decide".format(request["id"]),
        data={"decision": "approve"},
        headers=token_header("activista"),
        expect_errors=True,
    )
    assert response.status_code == 403
    app.post(
        "/participation/requests/{}/decide".format(request["id"]),
        data={"decision": "approve"},
        headers=token_header("coordinadora"),
    )
    assert app.get("/civil_society/red").status_code == 200


def test_a_refused_form_names_the_field(app, society):
    page = app.post(
        "/participation/register",
        data={"title": "Red", "name": "salud", "civil_society_kind": "ngo"},
        headers=token_header("vecina"),
    ).body
    assert "URL:" in page and "already" in page


def test_requests_pages_ask_visitors_to_log_in(app, society):
    for path in (
        "/participation/requests",
        "/participation/register",
        "/participation/join/observatorio",
        "/participation/moderation",
    ):
        assert app.get(path, expect_errors=True).status_code == 403, path


def test_a_member_writes_on_a_recommendation_page_the_moderators_publish_and_the_institution_answers(app, members):
    rec = members.recommendation
    page = app.get("/recommendation/" + rec["name"], headers=token_header("socia")).body
    assert "What civil society says" in page and "Send to the moderators" in page
    assert "Send to the moderators" not in app.get("/recommendation/" + rec["name"]).body
    payload = "<img src=x onerror=alert(7)> [x](javascript:alert(7)) **firme**"
    app.post(
        "/participation/contribute/" + rec["name"],
        data={
            "kind": "assessment",
            "organization": members.observatory["id"],
            "status": "implemented",
            "body": payload,
        },
        headers=token_header("socia"),
    )
    (made,) = call("socia", "simore_contribution_list", record=rec["id"])["results"]
    assert made["state"] == "pending"
    assert made["id"] not in app.get("/recommendation/" + rec["name"]).body
    queue = app.get("/participation/moderation", headers=token_header("coordinadora")).body
    assert made["id"] in queue and not active_markup(queue, "alert(7)")
    assert (
        app.get("/participation/moderation", headers=token_header("activista"), expect_errors=True).status_code == 403
    )
    app.post(
        "/participation/contributions/{}/moderate".format(made["id"]),
        data={"decision": "publish"},
        headers=token_header("coordinadora"),
    )
    public = app.get("/recommendation/" + rec["name"]).body
    assert "contribution-" + made["id"] in public and "<strong>firme</strong>" in public
    assert not active_markup(public, "alert(7)")
    assert "differs from the State" in public  # the State says "not started"
    focal = app.get("/recommendation/" + rec["name"], headers=token_header("focal-salud")).body
    assert "Answer for Ministerio de Salud" in focal
    app.post(
        "/participation/contributions/{}/answer".format(made["id"]),
        data={"organization": members.health["id"], "body": "Hay un plan en curso."},
        headers=token_header("focal-salud"),
    )
    assert "Hay un plan en curso." in app.get("/recommendation/" + rec["name"]).body
    assert "Observatorio" in app.get("/civil_society/observatorio").body


def test_the_author_changes_a_contribution_sent_back_for_changes(app, members):
    made = contribute(record=members.recommendation["name"])
    moderate(made, "request_changes", "Añada una fuente")
    page = app.get("/participation/contributions/{}/edit".format(made["id"]), headers=token_header("socia")).body
    assert "Añada una fuente" in page
    assert (
        app.get(
            "/participation/contributions/{}/edit".format(made["id"]),
            headers=token_header("activista"),
            expect_errors=True,
        ).status_code
        == 404
    )
    app.post(
        "/participation/contributions/{}/edit".format(made["id"]),
        data={"body": "Fuente: informe 2025."},
        headers=token_header("socia"),
    )
    assert call("socia", "simore_contribution_show", id=made["id"])["state"] == "pending"
