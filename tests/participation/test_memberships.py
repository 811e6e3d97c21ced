"""Requests to join a civil society organization or to register one:
who may ask, who decides, what approving does, what each reader sees, and
the mail that tells each person."""

import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from participation.conftest import call, civil_society

PROPOSAL = {"title": "Red de Mujeres", "name": "red-de-mujeres", "civil_society_kind": "network"}


def _register(user="vecina", **proposal):
    return call(
        user,
        "simore_membership_request_create",
        kind="register",
        proposal={**PROPOSAL, **proposal},
        message="Somos una red de 40 organizaciones.",
    )


def _join(user="vecina", organization="observatorio"):
    return call(user, "simore_membership_request_create", kind="join", organization=organization, message="Hola")


def _capacity(user, organization):
    group = model.Group.get(organization)
    member = (
        model.Session.query(model.Member)
        .filter_by(group_id=group.id, table_id=model.User.get(user).id, table_name="user", state="active")
        .first()
    )
    return member.capacity if member else None


def test_a_registration_approved_by_a_coordinator_creates_the_organization_with_the_person_as_admin(society, mailbox):
    made = _register()
    assert made["state"] == "pending" and made["proposal"]["civil_society_kind"] == "network"
    told = mailbox.take()
    assert {"coord@example.org"} <= {to for m in told for to in m["to"]}
    assert "Red de Mujeres" in told[0]["subject"]
    decided = call("coordinadora", "simore_membership_request_decide", id=made["id"], decision="approve")
    assert decided["state"] == "approved"
    organization = model.Group.get("red-de-mujeres")
    assert organization.type == "civil_society" and organization.is_organization
    assert call("", "organization_show", id="red-de-mujeres")["civil_society_kind"] == "network"
    assert _capacity("vecina", "red-de-mujeres") == "admin"
    (mail,) = mailbox.take()
    assert mail["to"] == ["vecina@example.org"] and "approved" in mail["subject"]


def test_a_registration_is_refused_with_a_reason_the_person_is_told(society, mailbox):
    made = _register()
    mailbox.take()
    with pytest.raises(tk.ValidationError) as error:
        call("coordinadora", "simore_membership_request_decide", id=made["id"], decision="refuse")
    assert "reason" in error.value.error_dict
    call("coordinadora", "simore_membership_request_decide", id=made["id"], decision="refuse", reason="Duplicada")
    assert model.Group.get("red-de-mujeres") is None
    (mail,) = mailbox.take()
    assert "refused" in mail["subject"] and b"Duplicada" in mail["body"]
    with pytest.raises(tk.ValidationError):
        call("coordinadora", "simore_membership_request_decide", id=made["id"], decision="approve")


def test_only_coordinators_decide_registrations(society):
    made = _register()
    for user in ("activista", "vecino", "focal-salud", "valida-salud", "vecina"):
        with pytest.raises(tk.NotAuthorized):
            call(user, "simore_membership_request_decide", id=made["id"], decision="approve")
    assert model.Group.get("red-de-mujeres") is None


def test_the_organizations_admin_decides_who_joins(society, mailbox):
    made = _join()
    (told,) = mailbox.take()
    assert told["to"] == ["activista@example.org"]
    for user in ("vecino", "focal-salud", "valida-salud", "vecina"):
        with pytest.raises(tk.NotAuthorized):
            call(user, "simore_membership_request_decide", id=made["id"], decision="approve")
    call("activista", "simore_membership_request_decide", id=made["id"], decision="approve")
    assert _capacity("vecina", "observatorio") == "member"
    assert mailbox.take()[0]["to"] == ["vecina@example.org"]


def test_the_admin_of_another_organization_does_not_decide(society):
    civil_society(name="catedra", admin="profesora", title="Cátedra de Derechos Humanos", civil_society_kind="academia")
    made = _join()
    with pytest.raises(tk.NotAuthorized):
        call("profesora", "simore_membership_request_decide", id=made["id"], decision="approve")


def test_state_staff_do_not_join_or_register(society):
    for user in ("focal-salud", "valida-salud", "coordinadora"):
        with pytest.raises(tk.ValidationError, match="State staff"):
            _join(user)
        with pytest.raises(tk.ValidationError, match="State staff"):
            _register(user)


def test_anonymous_visitors_ask_nothing(society):
    for action in ("simore_membership_request_create", "simore_membership_request_list"):
        with pytest.raises(tk.NotAuthorized):
            call("", action, kind="join", organization="observatorio")


def test_one_pending_request_per_organization_and_a_bounded_number_in_all(society):
    _join()
    with pytest.raises(tk.ValidationError, match="already asked"):
        _join()
    for serial in range(4):
        _register(name="red-{}".format(serial), title="Red {}".format(serial))
    with pytest.raises(tk.ValidationError, match="5 requests"):
        _register(name="red-9", title="Red 9")


def test_a_member_does_not_ask_again(society):
    with pytest.raises(tk.ValidationError, match="already a member"):
        _join("activista")


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "adopt"}, "kind"),
        ({"kind": "join"}, "organization"),
        ({"kind": "join", "organization": "salud"}, "organization"),
        ({"kind": "join", "organization": ["observatorio"]}, "organization"),
        ({"kind": "register"}, "proposal"),
        ({"kind": "register", "proposal": "Red"}, "proposal"),
        ({"kind": "register", "proposal": {**PROPOSAL, "owner": "x"}}, "proposal"),
        ({"kind": "register", "proposal": {"name": "red", "civil_society_kind": "ngo"}}, "title"),
        ({"kind": "register", "proposal": {**PROPOSAL, "civil_society_kind": "party"}}, "civil_society_kind"),
        ({"kind": "register", "proposal": {**PROPOSAL, "name": "observatorio"}}, "name"),
        ({"kind": "register", "proposal": {**PROPOSAL, "name": "salud"}}, "name"),
        ({"kind": "register", "proposal": {**PROPOSAL, "url": "javascript:alert(1)"}}, "url"),
        ({"kind": "register", "proposal": {**PROPOSAL, "contact_email": "nobody"}}, "contact_email"),
        ({"kind": "join", "organization": "observatorio", "message": "x" * 100_000}, "message"),
    ],
)
def test_bad_requests_are_refused_naming_the_field_and_nothing_is_written(society, data, field):
    with pytest.raises(tk.ValidationError) as error:
        call("vecina", "simore_membership_request_create", **data)
    assert field in error.value.error_dict
    assert call("vecina", "simore_membership_request_list")["mine"] == []


def test_each_reader_sees_their_own_requests_and_those_they_decide(society):
    joined = _join()
    registered = _register("vecino")
    vecina = call("vecina", "simore_membership_request_list")
    assert [r["id"] for r in vecina["mine"]] == [joined["id"]] and vecina["to_decide"] == []
    admin = call("activista", "simore_membership_request_list")
    assert [r["id"] for r in admin["to_decide"]] == [joined["id"]]
    assert "email" not in admin["to_decide"][0]["user"]
    coordinator = call("coordinadora", "simore_membership_request_list")
    assert {r["id"] for r in coordinator["to_decide"]} == {joined["id"], registered["id"]}
    assert {r["user"]["email"] for r in coordinator["to_decide"]} == {"vecina@example.org", "vecino@example.org"}
    assert call("focal-salud", "simore_membership_request_list")["to_decide"] == []


def test_a_person_withdraws_their_own_pending_request_only(society):
    made = _join()
    with pytest.raises(tk.NotAuthorized):
        call("vecino", "simore_membership_request_withdraw", id=made["id"])
    call("vecina", "simore_membership_request_withdraw", id=made["id"])
    assert call("vecina", "simore_membership_request_list", state="withdrawn")["mine"][0]["id"] == made["id"]
    with pytest.raises(tk.ValidationError):
        call("activista", "simore_membership_request_decide", id=made["id"], decision="approve")
    assert _capacity("vecina", "observatorio") is None
