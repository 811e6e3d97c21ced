"""Civil society participation is tested in the workflow's network (the
coordinator "coordinadora"; "salud" with its focal point and validating
authority; "justicia"), with a civil society organization "observatorio"
whose admin is "activista", and people who belong to no organization."""

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
