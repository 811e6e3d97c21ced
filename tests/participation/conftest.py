"""Civil society participation is tested in the workflow's network (the
coordinator "coordinadora"; "salud" with its focal point and validating
authority; "justicia"), with a civil society organization "observatorio"
whose admin is "activista", and people who belong to no organization."""

import datetime

import builders
import pytest
from ckan import model
from ckan.tests import factories, helpers
from workflow.conftest import network  # noqa: F401 (fixture)


def call(user, action, **data):
    """Call an action as ``user``, its auth checked."""
    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


def civil_society(name="observatorio", admin="activista", **fields):
    """A civil society organization, with ``admin`` (created if needed) as its admin."""
    if admin and not model.User.get(admin):
        factories.User(name=admin, email=admin + "@example.org")
    data = {
        "type": "civil_society",
        "name": name,
        "title": "Observatorio de Derechos",
        "civil_society_kind": "ngo",
        "users": [{"name": admin, "capacity": "admin"}] if admin else [],
        **fields,
    }
    return builders._create("organization_create", data)


@pytest.fixture
def society(network):  # noqa: F811
    """The network plus "observatorio" (admin "activista") and two people
    with no organization, "vecina" and "vecino"."""
    network.observatory = civil_society()
    for name in ("vecina", "vecino"):
        factories.User(name=name, email=name + "@example.org", fullname=name.capitalize())
    return network


@pytest.fixture
def members(society):
    """The society plus "socia", a member of "observatorio", and a second
    organization "catedra" (admin "profesora")."""
    factories.User(name="socia", email="socia@example.org", fullname="Sonia Socia")
    call("activista", "organization_member_create", id="observatorio", username="socia", role="member")
    society.chair = civil_society(
        name="catedra", admin="profesora", title="Cátedra de Derechos Humanos", civil_society_kind="academia"
    )
    return society


def contribute(user="socia", organization="observatorio", record=None, kind="comment", **fields):
    """A contribution about ``record`` (a name or id) by ``user``."""
    return call(
        user,
        "simore_contribution_create",
        kind=kind,
        organization=organization,
        record=record,
        body=fields.pop("body", "La ley **no** se aplica."),
        **fields,
    )


def moderate(contribution, decision="publish", reason=""):
    return call("coordinadora", "simore_contribution_moderate", id=contribution["id"], decision=decision, reason=reason)


@pytest.fixture
def draft(members):
    """A draft of a CEDAW follow-up report on the network's recommendation."""
    obligation = call(
        "coordinadora",
        "simore_obligation_create",
        mechanism="CEDAW",
        kind="follow_up_report",
        due_date="2030-06-30",
        recommendations=[members.recommendation["name"]],
    )
    return call("coordinadora", "simore_draft_create", obligation=obligation["id"], language="es")


def open_consultation(draft_dict, **fields):
    """A consultation on the draft, open for 30 days to every organization
    unless ``fields`` say otherwise."""
    closes = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    data = {"draft": draft_dict["id"], "closes": closes, "audience": "all", "message": "Esperamos sus aportes"}
    return call("coordinadora", "simore_consultation_open", **{**data, **fields})
