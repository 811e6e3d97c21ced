"""A small follow-up network: the coordinating body, two institutions with
their focal points and validating authorities, outsiders."""

from types import SimpleNamespace

import builders
import pytest
from ckan.tests import factories


@pytest.fixture
def network(clean_db, clean_index):
    """test.ini names "coordinacion" the coordinating organization."""
    people = SimpleNamespace(
        coordinator=factories.User(name="coordinadora", email="coord@example.org"),
        sysadmin=factories.Sysadmin(name="root", email="root@example.org"),
        focal_point=factories.User(name="focal-salud", email="focal.salud@example.org"),
        validator=factories.User(name="valida-salud", email="valida.salud@example.org"),
        other_focal_point=factories.User(name="focal-justicia", email="focal.justicia@example.org"),
        registered=factories.User(name="ciudadana", email="ciudadana@example.org"),
    )
    coordination = builders.institution(name="coordinacion", users=[{"name": "coordinadora", "capacity": "editor"}])
    health = builders.institution(
        name="salud",
        title="Ministerio de Salud",
        users=[{"name": "focal-salud", "capacity": "editor"}, {"name": "valida-salud", "capacity": "admin"}],
    )
    justice = builders.institution(name="justicia", users=[{"name": "focal-justicia", "capacity": "editor"}])
    builders.mechanism(coordination["name"], code="CEDAW")
    recommendation = builders.recommendation("coordinacion", "cedaw", institutions=["salud", "justicia"])
    return SimpleNamespace(
        people=people, coordination=coordination, health=health, justice=justice, recommendation=recommendation
    )


@pytest.fixture
def draft_action(network):
    return builders.action("salud", [network.recommendation["name"]])
