"""A portal over many countries (a network's or a region's) compares them:
for a theme or a mechanism, how many recommendations each received and how
far they are implemented, with each national portal as the source of
truth; the statistics page filters by country. Public records only."""

import csv
import io

import builders
import pytest
from ckan.tests import helpers

from ckanext.simore.portal import stats

pytestmark = pytest.mark.usefixtures("with_plugins")

PORTALS = ["PRY=https://simore.example.gov.py", "CHL=https://simore.example.cl/"]


def _recommendation(country, status, **fields):
    fields.setdefault("themes", ["right_to_health"])
    return builders.recommendation("coordinacion", "cedaw", country=country, implementation_status=status, **fields)


@pytest.fixture
def countries(clean_db, clean_index):
    built = builders.network()
    builders.mechanism("coordinacion", code="CEDAW")
    builders.mechanism("coordinacion", code="UPR", family="upr")
    for status in ("implemented", "implemented", "in_progress", "not_started"):
        _recommendation("PRY", status)
    _recommendation("PRY", "implemented", themes=["right_to_education"])
    for status in ("partially_implemented", "not_started"):
        _recommendation("CHL", status)
    _recommendation("URY", "implemented", mechanism="upr", themes=["right_to_education"])
    hidden = _recommendation("BOL", "implemented")
    helpers.call_action("package_patch", context={"user": "root"}, id=hidden["id"], private=True)
    return built


def _compare(user="", **filters):
    return helpers.call_action("simore_country_comparison", context={"user": user, "ignore_auth": False}, **filters)


@pytest.mark.ckan_config("ckanext.simore.network_portals", PORTALS)
def test_each_country_counts_its_public_recommendations_by_status_for_a_theme(countries):
    found = _compare(theme="right_to_health")
    rows = {row["code"]: row for row in found["countries"]}
    assert [row["code"] for row in found["countries"]] == ["PRY", "CHL"]
    assert rows["PRY"]["total"] == 4
    assert rows["PRY"]["statuses"] == {"not_started": 1, "in_progress": 1, "partially_implemented": 0, "implemented": 2}
    assert rows["PRY"]["implemented_percent"] == 50.0
    assert rows["CHL"]["progressed_percent"] == 50.0
    assert rows["PRY"]["portal"] == "https://simore.example.gov.py"
    assert rows["CHL"]["portal"] == "https://simore.example.cl"
    assert "BOL" not in rows  # private: counted for nobody, a sysadmin neither
    assert "BOL" not in {row["code"] for row in _compare("root")["countries"]}


def test_a_mechanism_narrows_the_comparison_and_a_country_without_a_portal_has_none(countries):
    rows = _compare(mechanism="upr")["countries"]
    assert [(row["code"], row["total"], row["portal"]) for row in rows] == [("URY", 1, "")]


def test_the_page_compares_links_each_country_to_its_recommendations_and_downloads(countries, app):
    page = app.get("/statistics/countries?theme=right_to_health")
    assert page.status_code == 200
    body = page.data.decode("utf-8")
    assert "Paraguay" in body and "Chile" in body and "Bolivia" not in body
    assert "country=PRY" in body
    rows = list(
        csv.reader(io.StringIO(app.get("/statistics/countries.csv?theme=right_to_health").data.decode("utf-8-sig")))
    )
    assert rows[0][:3] == ["country", "label", "total"]
    assert [row[0] for row in rows[1:]] == ["PRY", "CHL"]
    assert app.get("/statistics/").data.decode("utf-8").count("/statistics/countries") >= 1


def test_the_statistics_filter_by_country(countries, app):
    result = helpers.call_action("simore_statistics", country="CHL")
    assert result["total"] == 2
    assert 'name="country"' in app.get("/statistics/").data.decode("utf-8")


def test_bad_filters_are_ignored_never_put_into_a_query(countries):
    assert _compare(theme='x" OR *:*')["countries"] == _compare()["countries"]


def test_a_malformed_portal_entry_is_named():
    with pytest.raises(ValueError, match="PRY=simore"):
        stats.parse_portals(["PRY=simore.example.gov.py"])
    with pytest.raises(ValueError, match="Paraguay"):
        stats.parse_portals(["Paraguay=https://simore.example.gov.py"])
    assert stats.parse_portals([" pry = https://a.example/ "]) == {"PRY": "https://a.example"}


def test_a_portal_over_many_countries_searches_recommendations_by_country(countries, app):
    found = helpers.call_action("package_search", fq="+dataset_type:recommendation", **{"facet.field": '["country"]'})
    assert {item["name"]: item["count"] for item in found["search_facets"]["country"]["items"]} == {
        "PRY": 5,
        "CHL": 2,
        "URY": 1,
    }
    page = app.get("/recommendation/").data.decode("utf-8")
    assert "Country under review" in page and "Paraguay" in page
    assert "Chile" in app.get("/recommendation/?country=CHL").data.decode("utf-8")


@pytest.mark.ckan_config("ckanext.simore.country", "PRY")
def test_a_national_portal_has_no_country_facet(countries, app):
    assert "Country under review" not in app.get("/recommendation/").data.decode("utf-8")
