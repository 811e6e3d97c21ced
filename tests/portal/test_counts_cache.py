"""Counts kept in Redis: served again while nothing changes, recomputed as
soon as a change of a dataset commits, never kept across a rollback."""

import builders
import pytest
from ckan import model
from ckan.tests import helpers

from ckanext.simore.portal import counts_cache


def _stats():
    return helpers.call_action("simore_statistics", context={"user": ""}, charts=["status"])


@pytest.fixture
def computations(monkeypatch):
    """How many times counts were really computed."""
    calls = []
    original = counts_cache.cached

    def counting(kind, params, compute, **options):
        return original(kind, params, lambda: calls.append(kind) or compute(), **options)

    monkeypatch.setattr(counts_cache, "cached", counting)
    return calls


def test_counts_are_served_again_until_a_dataset_changes(portal, computations):
    first = _stats()
    assert _stats() == first and computations.count("counts") == 1
    builders.recommendation("coordinacion", "upr", publication_date="2024-01-01")
    assert _stats()["total"] == first["total"] + 1
    assert computations.count("counts") == 2


def test_a_status_change_or_a_bulk_update_invalidates(portal, computations):
    before = _stats()
    helpers.call_action(
        "simore_status_set",
        context={"user": "coordinadora"},
        id=portal.recs.health["id"],
        status="implemented",
        justification="Ley promulgada",
    )
    assert _stats()["charts"]["status"] != before["charts"]["status"]
    # CKAN's bulk update (e.g. an organization's "make private") changes rows without the ORM units
    site_user = helpers.call_action("get_site_user", context={"ignore_auth": True})["name"]
    coordinacion = helpers.call_action("organization_show", id="coordinacion")["id"]
    helpers.call_action(
        "bulk_update_private", context={"user": site_user}, datasets=[portal.recs.justice["id"]], org_id=coordinacion
    )
    assert _stats()["total"] == before["total"] - 1


def test_a_rolled_back_change_keeps_the_counts(portal, computations):
    _stats()
    package = model.Package.get(portal.recs.health["id"])
    package.title = "changed, then rolled back"
    model.Session.flush()
    model.Session.rollback()
    _stats()
    assert computations.count("counts") == 1


@pytest.mark.ckan_config("ckanext.simore.statistics_cache_seconds", 0)
def test_no_cache_when_turned_off(portal, computations):
    _stats()
    _stats()
    assert computations.count("counts") == 2


def test_an_action_moving_through_the_workflow_keeps_the_public_statistics(portal, computations):
    _stats()
    act = builders.action("salud", [portal.recs.health["name"]])
    helpers.call_action("simore_action_transition", context={"user": "focal-salud"}, id=act["id"], transition="submit")
    _stats()
    assert computations.count("counts") == 1
    # but the counts of actions are computed again
    first = helpers.call_action("simore_institution_dashboard", context={"user": "focal-salud"}, id="salud")
    assert first["reports"]["by_state"] == {"submitted": 1}
    helpers.call_action(
        "simore_action_transition", context={"user": "valida-salud"}, id=act["id"], transition="approve"
    )
    again = helpers.call_action("simore_institution_dashboard", context={"user": "focal-salud"}, id="salud")
    assert again["reports"]["by_state"] == {"approved": 1}


def test_a_request_asks_once_and_sees_a_change_it_makes(portal, app):
    """Roles are looked up once per request, forgotten when the session writes."""
    from ckanext.simore import roles

    queries = []
    original = roles._query_capacities
    with app.flask_app.test_request_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            roles, "_query_capacities", lambda user_id, kind: queries.append(user_id) or original(user_id, kind)
        )
        user = model.User.get("coordinadora")
        assert roles.is_coordinator(user.name) and roles.is_coordinator(user.name)
        assert len(queries) == 1
        membership = model.Session.query(model.Member).filter_by(table_id=user.id, state="active").one()
        membership.state = "deleted"
        model.Session.commit()
        assert not roles.is_coordinator(user.name) and len(queries) == 2
