"""The portal the read-channel tests attack (imported by test_reads_*.py
and test_exports_injection.py): the coordinating body, two institutions
with their staff, a freshly registered user, public and private records.

Attackers: anonymous, ``ciudadana`` (registered, no role) and
``focal-justicia`` (focal point of another institution)."""

from types import SimpleNamespace

import builders
import pytest
from ckan.tests import factories, helpers

SECRET_TEXT = "Texto reservado de la coordinación"
SECRET_MECHANISM_TITLE = "Mecanismo reservado"
ATTACKERS = ["anonymous", "ciudadana", "focal-justicia"]


@pytest.fixture
def reads_portal(clean_db, clean_index, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.simore.coordinating_organization", "coordinacion")
    people = builders.network(full_names=True).people
    builders.mechanism("coordinacion", code="CEDAW")
    secret_mechanism = builders.mechanism(
        "coordinacion",
        code="SECRETO",
        private=True,
        title_translated={"es": SECRET_MECHANISM_TITLE, "en": SECRET_MECHANISM_TITLE},
    )
    public = builders.recommendation("coordinacion", "cedaw", institutions=["salud", "justicia"])
    private = builders.recommendation(
        "coordinacion",
        "cedaw",
        private=True,
        institutions=["justicia"],
        text_translated={"es": SECRET_TEXT, "en": SECRET_TEXT},
    )
    return SimpleNamespace(people=people, public=public, private=private, secret_mechanism=secret_mechanism)


def headers(user):
    """Request headers authenticating ``user`` (none for anonymous)."""
    if user in (None, "anonymous"):
        return {}
    return {"Authorization": factories.APIToken(user=user)["token"]}


def context(user):
    return {"user": "" if user in (None, "anonymous") else user, "ignore_auth": False}


def publish(action_id):
    for user, name in [("focal-salud", "submit"), ("valida-salud", "approve"), ("coordinadora", "publish")]:
        helpers.call_action("simore_action_transition", context={"user": user}, id=action_id, transition=name)
