"""Who may do and see what in civil society participation: every API
action and every read channel against every role, the three roles of
civil society (a member, an organization's admin, a self-registered
person without organization) among them. Unpublished contributions are
their author's and the moderators' only; nobody writes in another's
name."""

import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import helpers
from participation.conftest import call, contribute, moderate, open_consultation
from security.web_client import register_through_form, token_header

ROLES = [
    "anonymous",
    "registered",
    "self_registered",
    "civil_society_member",
    "civil_society_admin",
    "other_civil_society_admin",
    "focal_point",
    "other_focal_point",
    "validator",
    "coordinator",
    "sysadmin",
]
USERS = {
    "anonymous": "",
    "registered": "ciudadana",
    "self_registered": "visitante",
    "civil_society_member": "socia",
    "civil_society_admin": "activista",
    "other_civil_society_admin": "profesora",
    "focal_point": "focal-salud",
    "other_focal_point": "focal-justicia",
    "validator": "valida-salud",
    "coordinator": "coordinadora",
    "sysadmin": "root",
}
MODERATORS = {"coordinator", "sysadmin"}
CIVIL_SOCIETY = {"civil_society_member", "civil_society_admin", "other_civil_society_admin"}


@pytest.fixture
def everyone(app, members):
    """The members' network and a person who signed up through the form."""
    register_through_form(app, "visitante")
    assert model.User.get("visitante") is not None
    return members


def _may(role, action, data):
    try:
        tk.check_access(action, {"user": USERS[role]}, dict(data))
        return True
    except tk.NotAuthorized:
        return False


@pytest.mark.parametrize("role", ROLES)
def test_who_may_run_each_action(everyone, role):
    made = contribute(record=everyone.recommendation["name"])
    moderate(made)
    join = call("vecina", "simore_membership_request_create", kind="join", organization="observatorio")
    register = call(
        "vecino",
        "simore_membership_request_create",
        kind="register",
        proposal={"title": "Nueva", "name": "nueva", "civil_society_kind": "ngo"},
    )
    registered = role != "anonymous"
    expected = {
        ("simore_membership_request_create", None): registered,
        ("simore_membership_request_list", None): registered,
        ("simore_membership_request_decide", join["id"]): role in MODERATORS | {"civil_society_admin"},
        ("simore_membership_request_decide", register["id"]): role in MODERATORS,
        ("simore_membership_request_withdraw", join["id"]): False,
        ("simore_contribution_create", None): role in CIVIL_SOCIETY,
        ("simore_contribution_update", made["id"]): registered,  # the action answers 404 but to the author
        ("simore_contribution_withdraw", made["id"]): registered,
        ("simore_contribution_moderate", made["id"]): role in MODERATORS,
        ("simore_contribution_report", made["id"]): registered,
        ("simore_contribution_show", made["id"]): True,
        ("simore_contribution_list", None): True,
        ("simore_consultation_open", None): role in MODERATORS,
        ("simore_consultation_close", "x"): role in MODERATORS,
        ("simore_consultation_publish", "x"): role in MODERATORS,
        ("simore_consultation_respond", "x"): role in MODERATORS,
        ("simore_consultation_comment", None): role in CIVIL_SOCIETY,
        ("simore_consultation_show", "x"): True,
        ("simore_consultation_list", None): True,
        ("simore_assessment_divergence", None): True,
    }
    for (action, ref), allowed in expected.items():
        # sysadmins pass every auth function, as in CKAN (the actions still
        # answer 404 for what is not theirs)
        assert _may(role, action, {"id": ref} if ref else {}) == (allowed or role == "sysadmin"), action
    answer = {"id": made["id"], "organization": "salud"}
    assert _may(role, "simore_contribution_answer", answer) == (role in {"focal_point", "validator", "sysadmin"})
    answer = {"id": made["id"], "organization": "justicia"}
    assert _may(role, "simore_contribution_answer", answer) == (role in {"other_focal_point", "sysadmin"})


@pytest.mark.parametrize("role", ROLES)
def test_what_each_role_does_to_anothers_contribution(everyone, role):
    """Through the actions, auth and checks together: only the author
    changes or withdraws; only moderators moderate."""
    if role == "civil_society_member":
        return  # the author
    made = contribute(record=everyone.recommendation["name"])
    user = USERS[role]
    for action, data in [
        ("simore_contribution_update", {"id": made["id"], "body": "cambiado"}),
        ("simore_contribution_withdraw", {"id": made["id"]}),
    ]:
        with pytest.raises((tk.NotAuthorized, tk.ObjectNotFound)):
            call(user, action, **data)
    if role in MODERATORS:
        call(user, "simore_contribution_moderate", id=made["id"], decision="publish")
    else:
        with pytest.raises(tk.NotAuthorized):
            call(user, "simore_contribution_moderate", id=made["id"], decision="publish")


def _channels(app, role, rec, made):
    """What each read channel shows this role of the contribution."""
    headers = token_header(USERS[role]) if USERS[role] else {}
    show = app.get(
        "/api/3/action/simore_contribution_show", params={"id": made["id"]}, headers=headers, expect_errors=True
    )
    by_record = app.get("/api/3/action/simore_contribution_list", params={"record": rec["id"]}, headers=headers).json
    by_organization = app.get(
        "/api/3/action/simore_contribution_list", params={"organization": "observatorio"}, headers=headers
    ).json
    pending = app.get("/api/3/action/simore_contribution_list", params={"state": "pending"}, headers=headers).json
    record_page = app.get("/recommendation/" + rec["name"], headers=headers).body
    organization_page = app.get("/civil_society/observatorio", headers=headers).body
    queue = app.get("/participation/moderation", headers=headers, expect_errors=True)
    return {
        "show": show.status_code == 200,
        "record_list": made["id"] in {c["id"] for c in by_record["result"]["results"]},
        "record_count": by_record["result"]["count"] == 1,
        "organization_list": made["id"] in {c["id"] for c in by_organization["result"]["results"]},
        "pending_list": made["id"] in {c["id"] for c in pending["result"]["results"]},
        "record_page": "contribution-" + made["id"] in record_page,
        "organization_page": "Nada se hizo" in organization_page,
        "queue": queue.status_code == 200 and made["id"] in queue.body,
    }


@pytest.mark.parametrize("role", ROLES)
def test_an_unpublished_contribution_is_its_author_and_the_moderators_only(app, everyone, role):
    rec = everyone.recommendation
    made = contribute(record=rec["name"], body="Nada se hizo")
    seen = _channels(app, role, rec, made)
    author = role == "civil_society_member"
    for channel, visible in seen.items():
        if channel == "queue":
            assert visible == (role in MODERATORS), channel
        elif channel == "pending_list":
            assert visible == (role in MODERATORS or author), channel
        else:
            assert visible == (role in MODERATORS or author), channel


@pytest.mark.parametrize("role", ROLES)
def test_a_published_contribution_is_everyones_while_its_record_is_public(app, everyone, role):
    rec = everyone.recommendation
    made = contribute(record=rec["name"], body="Nada se hizo")
    moderate(made)
    seen = _channels(app, role, rec, made)
    assert {channel for channel, visible in seen.items() if not visible} <= {"pending_list", "queue"}
    assert seen["queue"] is False
    helpers.call_action("package_patch", context={"user": "coordinadora"}, id=rec["id"], private=True)
    headers = token_header(USERS[role]) if USERS[role] else {}
    show = app.get(
        "/api/3/action/simore_contribution_show", params={"id": made["id"]}, headers=headers, expect_errors=True
    )
    by_organization = app.get(
        "/api/3/action/simore_contribution_list", params={"organization": "observatorio"}, headers=headers
    ).json["result"]
    reads_private = role in MODERATORS | {"civil_society_member"}
    assert (show.status_code == 200) == reads_private
    assert (by_organization["count"] == 1) == reads_private


def test_a_self_registered_person_has_no_rights_beyond_asking(app, everyone):
    user = USERS["self_registered"]
    made = contribute(record=everyone.recommendation["name"])
    for action, data in [
        ("simore_contribution_create", {}),
        ("simore_contribution_moderate", {"id": made["id"]}),
        ("simore_contribution_answer", {"id": made["id"], "organization": "salud"}),
        ("organization_create", {"type": "civil_society", "name": "mia"}),
    ]:
        with pytest.raises(tk.NotAuthorized):
            tk.check_access(action, {"user": user}, data)
    assert (
        "Send to the moderators"
        not in app.get("/recommendation/" + everyone.recommendation["name"], headers=token_header(user)).body
    )


@pytest.mark.parametrize("role", ROLES)
def test_who_changes_a_civil_society_organization_and_its_members(everyone, role):
    """Its admin edits it and manages its members (CKAN's own rule); the
    coordinating body creates them; deleting one is a sysadmin's."""
    target = {"id": everyone.observatory["id"]}
    admin = role in {"civil_society_admin", "sysadmin"}
    assert _may(role, "organization_update", target) == admin
    assert _may(role, "organization_member_create", {**target, "username": "vecina", "role": "member"}) == admin
    assert _may(role, "organization_delete", target) == (role == "sysadmin")
    creating = {"type": "civil_society", "name": "otra-osc"}
    assert _may(role, "organization_create", creating) == (role in MODERATORS)


@pytest.mark.parametrize("role", ROLES)
def test_a_drafts_text_reaches_civil_society_only_while_consulted(app, everyone, draft, role):
    """The consultation page and API: the coordinators always; members of
    the organizations consulted while it is open; nobody else, and nobody
    but the coordinators once it is closed (until its record is published,
    without the draft's text)."""
    opened = open_consultation(draft, audience="invited", organizations=["observatorio"])
    headers = token_header(USERS[role]) if USERS[role] else {}
    consulted = role in MODERATORS or role in {"civil_society_member", "civil_society_admin"}
    shown = app.get(
        "/api/3/action/simore_consultation_show", params={"id": opened["id"]}, headers=headers, expect_errors=True
    )
    assert (shown.status_code == 200) == consulted
    if consulted:
        assert all(section["body"] for section in shown.json["result"]["sections"])
    page = app.get("/consultations/" + opened["id"], headers=headers, expect_errors=True)
    assert (page.status_code == 200) == consulted
    draft_page = app.get("/drafts/" + draft["id"], headers=headers, expect_errors=True)
    assert (draft_page.status_code == 200) == (role in MODERATORS | {"focal_point", "validator", "other_focal_point"})
    call("coordinadora", "simore_consultation_close", id=opened["id"])
    closed = app.get(
        "/api/3/action/simore_consultation_show", params={"id": opened["id"]}, headers=headers, expect_errors=True
    )
    assert (closed.status_code == 200) == (role in MODERATORS)
    call("coordinadora", "simore_consultation_publish", id=opened["id"])
    record = app.get("/api/3/action/simore_consultation_show", params={"id": opened["id"]}, headers=headers)
    sections = record.json["result"]["sections"]
    assert all(section["body"] is None for section in sections) or role in MODERATORS
