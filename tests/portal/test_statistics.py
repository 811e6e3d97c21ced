"""Public statistics: counted by the search backend's facets, public data
only, every filter applied to every chart, progress over time from the
status history; the page, its CSV downloads and the home page."""

import csv
import io

import builders
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.simore.portal import statistics


def as_user(user, action, **data):
    return helpers.call_action(action, context={"user": user}, **data)


def _stats(**filters):
    return helpers.call_action("simore_statistics", context={"user": ""}, **filters)


def _counts(result, chart):
    return {item["code"]: item["count"] for item in result["charts"][chart]["items"] if item["count"]}


def test_every_chart_counts_the_public_recommendations(portal):
    result = _stats()
    assert result["total"] == 4
    assert _counts(result, "mechanism") == {"upr": 2, "cedaw": 2}
    assert _counts(result, "status") == {"not_started": 4}
    assert _counts(result, "theme") == {
        "access_to_justice_remedy": 2,
        "right_to_health": 1,
        "discrimination_against_women": 1,
    }
    assert _counts(result, "institution") == {"salud": 2, "justicia": 2}
    assert _counts(result, "affected_persons") == {"women_girls": 1}
    assert _counts(result, "sdg") == {"3": 1}
    assert _counts(result, "year") == {"2019": 2, "2023": 2}
    # the years run without gaps; the bars are labelled in the interface language
    assert [item["code"] for item in result["charts"]["year"]["items"]] == [str(y) for y in range(2019, 2024)]
    labels = {item["code"]: item["label"] for item in result["charts"]["institution"]["items"]}
    assert labels["salud"] == "Ministerio de Salud"


def test_filters_apply_to_every_chart_at_once(portal):
    result = _stats(mechanism="upr", institution="justicia")
    assert result["total"] == 1
    assert _counts(result, "theme") == {"access_to_justice_remedy": 1}
    assert _counts(result, "institution") == {"salud": 1, "justicia": 1}
    assert _counts(_stats(year_from="2020"), "mechanism") == {"cedaw": 2}
    assert _stats(theme="right_to_health", upr_cycle="3")["total"] == 1
    assert _stats(year_from="2019", year_to="2019")["total"] == 2


def test_each_bar_leads_to_the_search_it_summarises(portal, app):
    result = _stats(institution="justicia")
    upr = next(item for item in result["charts"]["mechanism"]["items"] if item["code"] == "upr")
    assert upr["search"] == {"institutions": "justicia", "mechanism": "upr"}
    page = app.get(tk.h.url_for("recommendation.search", **upr["search"]))
    assert portal.recs.shared["name"] in page.body
    assert portal.recs.justice["name"] not in page.body


def test_unpublished_records_never_change_public_numbers(portal, app):
    before = _stats()
    theme_csv = app.get("/statistics/theme.csv").body
    totals = statistics.public_totals()
    # an action waiting for approval (private) and a private recommendation
    draft = builders.action("salud", [portal.recs.health["name"]])
    as_user("focal-salud", "simore_action_transition", id=draft["id"], transition="submit")
    builders.recommendation(
        "salud", "upr", private=True, institutions=["salud"], themes=["right_to_health"], publication_date="2019-01-01"
    )
    assert (
        helpers.call_action(
            "package_search", fq="+dataset_type:recommendation", include_private=True, context={"user": "coordinadora"}
        )["count"]
        == 5
    )
    assert _stats() == before
    # whoever asks: the coordinators see the public figures too
    assert helpers.call_action("simore_statistics", context={"user": "coordinadora"}) == before
    assert app.get("/statistics/theme.csv").body == theme_csv
    assert statistics.public_totals() == totals == {"recommendations": 4, "actions": 0, "mechanisms": 2}
    as_user("valida-salud", "simore_action_transition", id=draft["id"], transition="approve")
    as_user("coordinadora", "simore_action_transition", id=draft["id"], transition="publish")
    assert statistics.public_totals()["actions"] == 1


def test_progress_over_time_follows_the_status_history(portal):
    for rec, status in (
        (portal.recs.health, "in_progress"),
        (portal.recs.health, "implemented"),
        (portal.recs.justice, "partially_implemented"),
    ):
        as_user("coordinadora", "simore_status_set", id=rec["id"], status=status, justification="Informe")
    result = _stats()
    timeline = {period["year"]: period["counts"] for period in result["timeline"]}
    this_year = str(__import__("datetime").date.today().year)
    assert timeline["2019"] == {"not_started": 2, "in_progress": 0, "partially_implemented": 0, "implemented": 0}
    assert timeline["2023"]["not_started"] == 4
    assert timeline[this_year] == {"not_started": 2, "in_progress": 0, "partially_implemented": 1, "implemented": 1}
    assert _counts(result, "status") == {"not_started": 2, "partially_implemented": 1, "implemented": 1}
    # filtered like every other chart
    upr = {p["year"]: p["counts"] for p in _stats(mechanism="upr")["timeline"]}
    assert upr[this_year]["implemented"] == 1 and upr[this_year]["partially_implemented"] == 0


def test_only_known_charts_can_be_asked_for(portal):
    assert set(_stats(charts="status year")["charts"]) == {"status", "year"}
    with pytest.raises(tk.ValidationError):
        _stats(charts=["status", "pie"])


def test_anyone_may_read_the_statistics(portal):
    assert tk.check_access("simore_statistics", {"user": ""}, {})


def test_the_statistics_page_shows_every_chart_with_its_table_and_csv(portal, app):
    page = app.get("/statistics/?mechanism=upr").body
    for title in (
        "Implementation status",
        "Mechanism",
        "Themes",
        "Affected persons",
        "Sustainable Development Goals",
        "Responsible institutions",
        "Year",
        "Progress over time",
    ):
        assert title in page
    assert page.count("<table") == 8
    assert "/statistics/theme.csv?mechanism=upr" in page
    assert (
        'href="/recommendation/?mechanism=upr&amp;themes=right_to_health"' in page
        or 'href="/recommendation/?themes=right_to_health&amp;mechanism=upr"' in page
    )


@pytest.mark.parametrize(
    "lang,text", [("es", "Estado de implementación"), ("fr", "État de mise en œuvre"), ("en", "Implementation status")]
)
def test_the_statistics_page_speaks_the_visitors_language(portal, app, lang, text):
    page = app.get("/{}/statistics/".format(lang)).body
    assert text in page


def test_a_chart_downloads_as_csv_with_the_filters(portal, app):
    response = app.get("/statistics/mechanism.csv?institution=justicia")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "recommendations-by-mechanism-justicia.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.body)))
    assert rows[0] == ["code", "label", "count", "percent"]
    assert {row[0]: row[2] for row in rows[1:]} == {"upr": "1", "cedaw": "1"}
    timeline = list(csv.reader(io.StringIO(app.get("/statistics/timeline.csv").body)))
    assert timeline[0] == ["year", "not_started", "in_progress", "partially_implemented", "implemented", "total"]
    assert app.get("/statistics/pie.csv", status=404)


def test_the_home_page_shows_the_recommendations_at_a_glance(portal, app):
    page = app.get("/").body
    assert "Follow-up of human rights recommendations" in page
    assert 'action="/recommendation/"' in page
    assert "Implementation status" in page and "/statistics/" in page
