"""A small portal: the coordinating body, two institutions with their staff,
two mechanisms, recommendations with different classifications, statuses
and years, and actions in different states."""

from types import SimpleNamespace

import builders
import pytest
import snapshots


@pytest.fixture
def portal(clean_db, clean_index, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.simore.coordinating_organization", "coordinacion")
    return snapshots.restored("portal", _build_portal)


def _build_portal():
    people = builders.network().people
    builders.mechanism(
        "coordinacion",
        code="UPR",
        family="upr",
        title_translated={
            "es": "Examen Periódico Universal",
            "en": "Universal Periodic Review",
            "fr": "Examen périodique universel",
        },
    )
    builders.mechanism("coordinacion", code="CEDAW")
    recs = SimpleNamespace(
        health=builders.recommendation(
            "coordinacion",
            "upr",
            institutions=["salud"],
            upr_cycle="3",
            themes=["right_to_health"],
            affected_persons=["women_girls"],
            sdg_goals=["3"],
            publication_date="2019-05-01",
        ),
        shared=builders.recommendation(
            "coordinacion",
            "upr",
            institutions=["salud", "justicia"],
            upr_cycle="3",
            themes=["access_to_justice_remedy"],
            publication_date="2019-05-01",
        ),
        justice=builders.recommendation(
            "coordinacion",
            "cedaw",
            institutions=["justicia"],
            themes=["access_to_justice_remedy", "discrimination_against_women"],
            publication_date="2023-02-10",
        ),
        unassigned=builders.recommendation("coordinacion", "cedaw", publication_date="2023-02-10"),
    )
    return SimpleNamespace(people=people, recs=recs)


@pytest.fixture
def published_action(portal):
    act = builders.action("salud", [portal.recs.health["name"]])
    builders.publish(act)
    return act
