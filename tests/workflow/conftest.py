"""A small follow-up network: the coordinating body, two institutions with
their focal points and validating authorities, outsiders."""

import builders
import pytest
import snapshots


@pytest.fixture
def network(clean_db, clean_index):
    """test.ini names "coordinacion" the coordinating organization."""
    return snapshots.restored("network", _build_network)


def _build_network():
    built = builders.network()
    builders.mechanism("coordinacion", code="CEDAW")
    built.recommendation = builders.recommendation("coordinacion", "cedaw", institutions=["salud", "justicia"])
    return built


@pytest.fixture
def draft_action(network):
    return builders.action("salud", [network.recommendation["name"]])
