"""A small portal to attack: the coordinating body, an institution with its
focal point and validating authority, a mechanism, a recommendation and an
action with its evidence; users log in with a password (a browser's
cookie) or an API token (a script's header)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import builders
import pytest
from ckan.tests import factories
from web_client import PASSWORD
from workflow.conftest import draft_action, network  # noqa: F401 (fixtures)


@pytest.fixture
def site(clean_db, clean_index, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.simore.coordinating_organization", "coordinacion")
    for name in ("coordinadora", "focal-salud", "valida-salud", "ciudadana"):
        factories.User(name=name, email=name + "@example.org", password=PASSWORD)
    coordination = builders.institution(name="coordinacion", users=[{"name": "coordinadora", "capacity": "editor"}])
    health = builders.institution(
        name="salud",
        title="Ministerio de Salud",
        users=[{"name": "focal-salud", "capacity": "editor"}, {"name": "valida-salud", "capacity": "admin"}],
    )
    builders.mechanism("coordinacion", code="CEDAW")
    recommendation = builders.recommendation("coordinacion", "cedaw", institutions=["salud"])
    act = builders.action(
        "salud", [recommendation["name"]], resources=[{"url": "https://example.org/evidencia.pdf", "name": "Evidencia"}]
    )
    return SimpleNamespace(coordination=coordination, health=health, recommendation=recommendation, action=act)


@pytest.fixture
def api(app, network, draft_action):  # noqa: F811
    """Calls an API action as the sysadmin with a JSON body: (the status,
    the response's text); ``api.draft_action`` and ``api.recommendation`` are the
    network's."""
    headers = {"Authorization": factories.APIToken(user="root")["token"], "Content-Type": "application/json"}

    def call(action, **data):
        response = app.post("/api/3/action/" + action, data=json.dumps(data), headers=headers)
        return response.status_code, response.get_data(as_text=True)

    call.draft_action, call.recommendation = draft_action, network.recommendation
    return call
