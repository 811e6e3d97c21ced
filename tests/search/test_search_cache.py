"""The search cache (``ckanext.simore.search_cache_seconds``): the same
search is answered from Redis until a record changes; a change made through
CKAN is seen by the next search at once; each reader's permission labels
are part of what is kept, so a private record never reaches another reader
through it."""

import builders
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories, helpers

from ckanext.simore.portal import counts_cache

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
    pytest.mark.ckan_config("ckanext.simore.search_cache_seconds", 600),
]


@pytest.fixture(autouse=True)
def fresh_cache():
    counts_cache.invalidate()  # the database was emptied outside CKAN's session


@pytest.fixture
def index_reads():
    """How many statements read the search index."""
    seen = []

    def count(conn, cursor, statement, *args):
        if "simore_search_doc" in statement:
            seen.append(statement)

    sa.event.listen(model.meta.engine, "before_cursor_execute", count)
    yield seen
    sa.event.remove(model.meta.engine, "before_cursor_execute", count)


def _search(user=None, **params):
    context = {"user": user or "", "ignore_auth": False}
    return helpers.call_action("package_search", context=context, fq="+dataset_type:recommendation", **params)


def test_the_same_search_is_answered_from_the_cache_until_a_record_changes(index_reads):
    org = builders.institution(name="coordinacion")
    mechanism = builders.mechanism(org["name"], code="CAT")
    record = builders.recommendation(org["name"], mechanism["name"])
    first = _search(q="discriminación", **{"facet.field": '["mechanism"]'})
    assert first["count"] == 1
    read_before = len(index_reads)
    again = _search(q="discriminación", **{"facet.field": '["mechanism"]'})
    assert len(index_reads) == read_before  # not one statement on the index
    assert again["count"] == 1 and again["results"][0]["id"] == record["id"]
    assert again["search_facets"] == first["search_facets"]

    helpers.call_action(
        "package_patch",
        context={"user": factories.Sysadmin()["name"]},
        id=record["id"],
        text_translated={"es": "Prohibir la tortura.", "en": "Ban torture."},
    )
    assert _search(q="discriminación")["count"] == 0  # the change is seen at once
    assert _search(q="tortura")["count"] == 1


def test_a_private_record_reaches_only_the_readers_who_may_see_it(index_reads):
    member = factories.User()
    org = builders.institution(name="coordinacion", users=[{"name": member["name"], "capacity": "editor"}])
    mechanism = builders.mechanism(org["name"], code="CAT")
    builders.recommendation(org["name"], mechanism["name"], private=True)
    assert _search(q="discriminación")["count"] == 0  # an anonymous visitor, kept
    assert _search(member["name"], q="discriminación", include_private=True)["count"] == 1
    assert _search(q="discriminación")["count"] == 0
    assert _search(factories.User()["name"], q="discriminación", include_private=True)["count"] == 0


def test_the_cache_can_be_turned_off(index_reads, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.simore.search_cache_seconds", 0)
    org = builders.institution(name="coordinacion")
    builders.recommendation(org["name"], builders.mechanism(org["name"], code="CAT")["name"])
    _search(q="discriminación")
    read_before = len(index_reads)
    _search(q="discriminación")
    assert len(index_reads) > read_before
