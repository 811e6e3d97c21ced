"""The recommendation picker's API action: recommendations only, found by
words in any language, by symbol and paragraph, the institution's assigned
first, and only what the user may read."""

import builders
import pytest
from ckan.tests import helpers
from workflow.conftest import network  # noqa: F401 (fixture)


@pytest.fixture
def records(network):  # noqa: F811
    builders.mechanism(
        "coordinacion",
        code="CAT",
        title_translated={"es": "Comité contra la Tortura", "en": "Committee against Torture", "fr": "Comité"},
    )
    torture = {
        "es": "Prevenir la tortura en los centros de detención.",
        "en": "Prevent torture in detention centres.",
        "fr": "Prévenir la torture dans les lieux de détention.",
    }
    return {
        "justice": builders.recommendation(
            "coordinacion",
            "cat",
            text_translated=torture,
            document_symbol="CAT/C/PRY/CO/7",
            paragraph="12",
            institutions=["justicia"],
            implementation_status="in_progress",
        ),
        "health": builders.recommendation(
            "coordinacion",
            "cedaw",
            text_translated={**torture, "es": "Investigar la tortura en hospitales psiquiátricos."},
            document_symbol="A/HRC/17/18",
            paragraph="118.1",
            institutions=["salud"],
        ),
        "private": builders.recommendation(
            "justicia",
            "cat",
            private=True,
            document_symbol="CAT/C/PRY/CO/7",
            paragraph="30",
            text_translated={**torture, "es": "Tortura: registro confidencial."},
        ),
    }


def _suggest(user, **params):
    return helpers.call_action("simore_recommendation_suggest", context={"user": user, "ignore_auth": False}, **params)


def _names(found):
    return [item["name"] for item in found]


def test_words_find_recommendations_only_not_the_mechanism(records):
    found = _suggest("ciudadana", q="tortura")
    assert sorted(_names(found)) == sorted([records["justice"]["name"], records["health"]["name"]])
    # in any language, and a word still being typed
    assert sorted(_names(_suggest("ciudadana", q="torture"))) == sorted(_names(found))
    assert records["justice"]["name"] in _names(_suggest("ciudadana", q="détenti"))


def test_a_symbol_and_a_paragraph_find_the_recommendation(records):
    assert _names(_suggest("ciudadana", q="A/HRC/17")) == [records["health"]["name"]]
    assert _names(_suggest("ciudadana", q="A/HRC/17 118.1")) == [records["health"]["name"]]
    assert _names(_suggest("ciudadana", q="CAT/C/PRY/CO/7 12")) == [records["justice"]["name"]]
    assert _suggest("ciudadana", q="CCPR/C") == []


def test_a_suggestion_shows_text_symbol_paragraph_mechanism_and_status(records):
    (item,) = _suggest("ciudadana", q="CAT/C/PRY/CO/7")
    assert item["text"] == "Prevenir la tortura en los centros de detención."
    assert (item["document_symbol"], item["paragraph"]) == ("CAT/C/PRY/CO/7", "12")
    assert item["mechanism"] == "Comité contra la Tortura"
    assert item["implementation_status"] and item["implementation_status"] != "in_progress"


def test_the_institutions_assigned_recommendations_come_first(records):
    found = _suggest("focal-salud", q="tortura")
    assert _names(found) == [records["health"]["name"], records["justice"]["name"]]
    assert [item["assigned"] for item in found] == [True, False]
    found = _suggest("focal-justicia", q="tortura")
    assert found[0]["name"] == records["justice"]["name"] and found[0]["assigned"]
    # another institution's order on request
    assert _suggest("ciudadana", q="tortura", organization="salud")[0]["name"] == records["health"]["name"]
    assert len(_suggest("ciudadana", q="tortura", limit=1)) == 1


@pytest.mark.parametrize("user", ["", "ciudadana", "focal-salud", "valida-salud"])
def test_a_private_recommendation_of_another_institution_is_never_suggested(records, user):
    # not even when asking for that institution's recommendations first
    found = _suggest(user, q="CAT/C/PRY/CO/7", organization="justicia", limit=25)
    assert records["private"]["name"] not in _names(found)
    assert records["justice"]["name"] in _names(found)


def test_the_institution_sees_its_private_recommendation(records):
    assert records["private"]["name"] in _names(_suggest("focal-justicia", q="registro"))


def test_the_api_answers_a_get_for_anonymous_visitors(app, records):
    response = app.get("/api/3/action/simore_recommendation_suggest", params={"q": "registro confidencial"})
    assert response.json["success"] and response.json["result"] == []
    response = app.get("/api/3/action/simore_recommendation_suggest", params={"q": "tortura", "limit": "x"})
    assert response.status_code == 409


def _page(app, path, user):
    from ckan.tests import factories

    headers = {"Authorization": factories.APIToken(user=user)["token"]} if user else {}
    return app.get(path, headers=headers).body


@pytest.mark.parametrize(("user", "shown"), [("focal-salud", True), ("ciudadana", False), ("", False)])
def test_a_recommendations_page_links_to_the_action_form_with_it_filled_in(app, records, user, shown):
    name = records["health"]["name"]
    page = _page(app, "/recommendation/" + name, user)
    assert ('href="/action/new?recommendations={}"'.format(name) in page) == shown


def test_the_action_form_opens_with_the_recommendation_in_the_picker(app, records):
    name = records["health"]["name"]
    page = _page(app, "/action/new?recommendations=" + name, "focal-salud")
    assert 'data-module="simore-recommendation-picker"' in page
    assert 'value="{}"'.format(name) in page
    # escaped inside the attribute, listed by its text, not its identifier
    selected = '[{{"name": "{}", "text": "Prevent torture in detention centres."}}]'.format(name)
    assert 'data-module-selected="{}"'.format(selected.replace('"', "&#34;")) in page
    assert "recommendation_picker.js" in page or "recommendation-picker.js" in page
