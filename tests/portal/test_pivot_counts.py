"""Counts kept per value of a pivot field (migration 004): a search narrowed
to one mechanism, institution, UPR cycle or theme reads them instead of
counting the matching rows, and they always equal the counted ones, as
every kind of user sees them, after creations, updates, status changes,
privacy changes and deletions."""

import json

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories, helpers

from ckanext.simore.search import facet_counts as facets
from ckanext.simore.search import translate

FIELDS = [
    "mechanism",
    "institutions",
    "themes",
    "upr_cycle",
    "implementation_status",
    "publication_year",
    "status_flow",
    "affected_persons",
    "sdg_goals",
]
PIVOTS = [
    'mechanism:"upr"',
    'mechanism:"cedaw"',
    'institutions:"salud"',
    'institutions:"justicia"',
    'upr_cycle:"3"',
    'institutions:"nadie"',
]


@pytest.fixture
def pivots_read(monkeypatch):
    """The pivots whose kept counts answered a search."""
    read = []
    original = facets.precomputed_sql

    def recording(partition, fields):
        read.append(partition.pivot)
        return original(partition, fields)

    monkeypatch.setattr(facets, "precomputed_sql", recording)
    return read


def _search(user, pivot):
    return helpers.call_action(
        "package_search",
        context={"user": user, "ignore_auth": False},
        q="",
        fq="+" + pivot,
        rows=0,
        include_private=True,
        include_drafts=True,
        **{"facet.field": json.dumps(FIELDS), "facet.limit": -1, "facet.mincount": 1},
    )


def _assert_kept_equal_counted(monkeypatch, pivots_read, users):
    pivots_read.clear()
    for user in users:
        for pivot in PIVOTS:
            kept = _search(user, pivot)
            with monkeypatch.context() as live:
                live.setattr(translate, "PIVOT_FIELDS", ())
                counted = _search(user, pivot)
            assert (kept["count"], kept["facets"]) == (counted["count"], counted["facets"]), (user, pivot)
    tokens = [pivot.replace(':"', "=").rstrip('"') for pivot in PIVOTS]
    assert [pivot for pivot in pivots_read if pivot] == tokens * len(users)  # each from its kept counts


def test_kept_counts_equal_counted_ones_through_every_change(portal, pivots_read, monkeypatch):
    sysadmin = factories.Sysadmin()["name"]
    users = [
        "",
        portal.people.focal_point["name"],
        portal.people.other_focal_point["name"],
        portal.people.coordinator["name"],
        sysadmin,
    ]
    # private datasets holding pivot values (a recommendation is always public):
    # CKAN indexes an extra under its own name too
    salud = model.Group.get("salud").id
    private = factories.Dataset(
        owner_org=salud,
        private=True,
        extras=[
            {"key": "mechanism", "value": "upr"},
            {"key": "institutions", "value": "salud"},
            {"key": "themes", "value": "access_to_justice_remedy"},
            {"key": "upr_cycle", "value": "3"},
        ],
    )
    factories.Dataset(owner_org=salud, private=True, extras=[{"key": "mechanism", "value": "cedaw"}])
    _assert_kept_equal_counted(monkeypatch, pivots_read, users)
    assert _search("", 'mechanism:"upr"')["count"] == 2  # public only
    assert _search(portal.people.focal_point["name"], 'mechanism:"upr"')["count"] == 3

    site = {"user": sysadmin}
    helpers.call_action(
        "package_patch",
        context=site,
        id=portal.recs.health["id"],
        mechanism="cedaw",
        themes=["right_to_health", "access_to_justice_remedy"],
    )
    helpers.call_action(
        "simore_recommendation_assign",
        context=site,
        ids=[portal.recs.health["id"]],
        institutions=["justicia"],
        replace=True,
    )
    helpers.call_action("package_patch", context=site, id=private["id"], private=False)
    helpers.call_action(
        "simore_status_set",
        context={"user": portal.people.coordinator["name"]},
        id=portal.recs.shared["id"],
        status="implemented",
        justification="Ley promulgada",
    )
    helpers.call_action("package_delete", context=site, id=portal.recs.justice["id"])
    _assert_kept_equal_counted(monkeypatch, pivots_read, users)
    assert _search("", 'mechanism:"cedaw"')["facets"]["institutions"] == {"justicia": 1}


def test_a_search_with_two_pivot_values_a_text_or_other_facets_is_counted_live(portal, pivots_read):
    helpers.call_action(
        "package_search",
        fq='+dataset_type:recommendation +mechanism:"upr" +upr_cycle:"3"',
        **{"facet.field": json.dumps(FIELDS)},
    )
    helpers.call_action("package_search", fq='+mechanism:"upr"', **{"facet.field": json.dumps(["session"])})
    helpers.call_action("package_search", q="ley", fq='+mechanism:"upr"', **{"facet.field": json.dumps(FIELDS)})
    assert not any(pivots_read)  # (the facet labels' lookup of mechanisms reads a whole partition)


def test_the_triggers_count_the_pivots_and_fields_the_search_reads(portal):
    arguments = model.Session.execute(
        sa.text(
            "SELECT tgname, tgnargs, encode(tgargs, 'escape') FROM pg_trigger "
            "WHERE tgname LIKE 'simore_search_pivot_%' AND tgname <> 'simore_search_pivot_truncated'"
        )
    ).all()
    assert len(arguments) == 3
    array = lambda literal: tuple(value.strip('"') for value in literal.strip("{}").split(","))  # noqa: E731
    for name, count, args in arguments:
        pivots, counted = args.split("\\000")[:count]
        assert array(pivots) == translate.PIVOT_FIELDS, name
        assert array(counted) == facets.PIVOT_COUNTED_FIELDS, name
