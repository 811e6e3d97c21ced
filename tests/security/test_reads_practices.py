"""A private good practice (one the coordinators have not published yet)
reaches nobody outside the coordinating body: not its page, the API, the
search page and API, their facets and counts, the export, its activity or
the autocomplete; a public one reaches everyone."""

import json

import builders
import pytest
from ckan.tests import factories
from reads_portal import ATTACKERS, headers, reads_portal  # noqa: F401

SECRET = "Práctica reservada de la coordinación"
PUBLIC = "Práctica publicada para toda la red"
READERS = ATTACKERS + ["socia", "focal-salud"]


@pytest.fixture
def practices(reads_portal):  # noqa: F811
    """A public practice and a private one; only the private one is about
    Uruguay and transitional justice (facet values nobody else may count).
    ``socia`` is a member of a civil society organization."""
    factories.User(name="socia", email="socia@example.org")
    factories.Organization(
        type="civil_society",
        name="observatorio",
        civil_society_kind="ngo",
        users=[{"name": "socia", "capacity": "member"}],
    )
    public = builders.practice("coordinacion", title_translated={"es": PUBLIC}, themes=["nmirf"])
    secret = builders.practice(
        "coordinacion",
        private=True,
        title_translated={"es": SECRET},
        country="URY",
        themes=["transitional_justice"],
        contact_email="reservado@example.org",
    )
    return public, secret


def _search(app, user, **params):
    response = app.post(
        "/api/3/action/package_search",
        data=json.dumps({"fq": "dataset_type:practice", "include_private": True, "rows": 10, **params}),
        headers={**headers(user), "Content-Type": "application/json"},
    )
    return response.json["result"], response.get_data(as_text=True)


@pytest.mark.parametrize("user", READERS)
def test_a_private_practice_reaches_no_one_outside_the_coordinating_body(app, practices, user):
    public, secret = practices
    for path in (
        "/practice/" + secret["name"],
        "/dataset/activity/" + secret["name"],
        "/practice/edit/" + secret["name"],
    ):
        response = app.get(path, headers=headers(user), expect_errors=True)
        assert response.status_code in (403, 404), path
        assert SECRET not in response.body and "reservado@example.org" not in response.body, path
    shown = app.get("/api/3/action/package_show?id=" + secret["id"], headers=headers(user), expect_errors=True)
    assert shown.status_code in (403, 404) and SECRET not in shown.get_data(as_text=True)

    found, text = _search(app, user, q="reservada", **{"facet.field": '["country", "themes", "mechanism"]'})
    assert found["count"] == 0 and SECRET not in text
    found, text = _search(app, user, rows=0, **{"facet.field": '["country", "themes"]'})
    assert found["count"] == 1  # the public one only
    assert "URY" not in found["facets"]["country"] and "transitional_justice" not in found["facets"]["themes"]

    page = app.get("/practice/", headers=headers(user)).body
    assert PUBLIC in page and SECRET not in page and "1 good practice found" in page
    assert "Uruguay" not in page and "Transitional justice" not in page
    assert SECRET not in app.get("/export/practice.json", headers=headers(user)).get_data(as_text=True)
    completed = app.get("/api/2/util/dataset/autocomplete?incomplete=Práctica", headers=headers(user))
    assert SECRET not in completed.get_data(as_text=True)


@pytest.mark.parametrize("user", ["coordinadora", "root"])
def test_the_coordinating_body_reads_its_private_practice_everywhere(app, practices, user):
    _public, secret = practices
    assert SECRET in app.get("/practice/" + secret["name"], headers=headers(user)).body
    found, _text = _search(app, user, rows=0, **{"facet.field": '["country"]'})
    assert found["count"] == 2 and found["facets"]["country"] == {"PRY": 1, "URY": 1}
    page = app.get("/practice/", headers=headers(user)).body
    assert SECRET in page and "2 good practices found" in page
