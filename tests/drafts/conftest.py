"""The drafts' tests work in the workflow's network (its coordinator
"coordinadora", CEDAW, the institutions "salud" and "justicia") with
recommendations that cite a symbol and paragraph, and published actions."""

import builders
import pytest
from ckan.tests import helpers
from workflow.conftest import network  # noqa: F401 (fixture)

COORDINATOR = {"user": "coordinadora", "ignore_auth": False}


def as_user(user):
    return {"user": user, "ignore_auth": False}


@pytest.fixture
def reports(network):  # noqa: F811
    """Two CEDAW recommendations (one of "salud", one of "justicia") with a
    published action each, a private one, and a follow-up report owed on
    the first two and a periodic report on all of CEDAW's."""
    women = builders.recommendation(
        "coordinacion",
        "cedaw",
        institutions=["salud"],
        document_symbol="CEDAW/C/PRY/CO/8",
        paragraph="12",
        themes=["discrimination_against_women"],
        text_translated={
            "es": "Adoptar una ley de igualdad.",
            "en": "Adopt an equality law.",
            "fr": "Adopter une loi.",
        },
    )
    justice = builders.recommendation(
        "coordinacion",
        "cedaw",
        institutions=["justicia"],
        document_symbol="CEDAW/C/PRY/CO/8",
        paragraph="40",
        text_translated={"es": "Reformar la justicia.", "en": "Reform the judiciary.", "fr": "Réformer la justice."},
    )
    hidden = builders.recommendation(
        "coordinacion",
        "cedaw",
        private=True,
        document_symbol="CEDAW/C/PRY/CO/8",
        paragraph="99",
        text_translated={"es": "Secreto de Estado.", "en": "State secret.", "fr": "Secret d'État."},
    )
    plan = builders.action("salud", [women["name"]], title_translated={"es": "Plan de igualdad", "en": "Equality plan"})
    builders.publish(plan)
    unpublished = builders.action(
        "justicia", [justice["name"]], title_translated={"es": "Borrador interno", "en": "Internal draft"}
    )
    follow_up = helpers.call_action(
        "simore_obligation_create",
        context=dict(COORDINATOR),
        mechanism="CEDAW",
        kind="follow_up_report",
        due_date="2030-06-30",
        recommendations=[women["name"], justice["name"]],
    )
    periodic = helpers.call_action(
        "simore_obligation_create",
        context=dict(COORDINATOR),
        mechanism="CEDAW",
        kind="periodic_report",
        due_date="2031-06-30",
    )
    return {
        "women": women,
        "justice": justice,
        "hidden": hidden,
        "plan": plan,
        "unpublished": unpublished,
        "follow_up": follow_up,
        "periodic": periodic,
        "network": network,
    }


@pytest.fixture
def draft(reports):
    """The follow-up report's draft, in English, as the coordinator."""
    return helpers.call_action(
        "simore_draft_create", context=dict(COORDINATOR), obligation=reports["follow_up"]["id"], language="en"
    )
