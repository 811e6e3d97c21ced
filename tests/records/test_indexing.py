"""What the extension puts in the search document: codes for facets,
texts per language (stemmed in that language), vocabulary labels."""

import builders
import pytest
from ckan.tests import helpers as ckan_helpers

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def records():
    org = builders.institution(name="coordinacion")
    builders.institution(name="salud")
    builders.mechanism(
        org["name"],
        code="CAT",
        title_translated={
            "es": "Comité contra la Tortura",
            "en": "Committee against Torture",
            "fr": "Comité contre la torture",
        },
    )
    torture = builders.recommendation(
        org["name"],
        "cat",
        text_translated={
            "es": "Investigar todas las denuncias de malos tratos en las comisarías.",
            "en": "Investigate all complaints of ill-treatment in police stations.",
            "fr": "Enquêter sur toutes les plaintes de mauvais traitements dans les commissariats.",
        },
        themes=["prohibition_torture_ill_treatment"],
        institutions=["salud"],
        publication_date="2019-05-20",
        implementation_status="in_progress",
    )
    equality = builders.recommendation(
        org["name"],
        "cat",
        text_translated={"es": "Combatir las discriminaciones contra las personas indígenas."},
        themes=["equality_non_discrimination"],
        publication_date="2023-01-10",
    )
    return torture, equality


def _names(**params):
    result = ckan_helpers.call_action("package_search", **params)
    return {package["name"] for package in result["results"]}


def test_texts_are_found_in_every_language_with_stemming_and_without_accents(records):
    torture, equality = records
    assert _names(q="comisaria") == {torture["name"]}
    assert _names(q="complaint") == {torture["name"]}
    assert _names(q="plainte") == {torture["name"]}
    assert _names(q="discriminación") == {equality["name"]}
    assert _names(q="discriminacion") == {equality["name"]}


def test_vocabulary_labels_make_records_findable_in_every_language(records):
    torture, _ = records
    assert torture["name"] in _names(q="tortura")
    assert torture["name"] in _names(q="torture")


def test_codes_are_exact_facetable_fields(records):
    torture, equality = records
    assert _names(fq="themes:prohibition_torture_ill_treatment") == {torture["name"]}
    assert _names(fq="institutions:salud") == {torture["name"]}
    assert _names(fq="publication_year:2023") == {equality["name"]}
    result = ckan_helpers.call_action(
        "package_search",
        fq="dataset_type:recommendation",
        **{"facet.field": '["themes", "mechanism", "implementation_status", "publication_year"]'},
    )
    facets = {name: {i["name"]: i["count"] for i in f["items"]} for name, f in result["search_facets"].items()}
    assert facets["mechanism"] == {"cat": 2}
    assert facets["publication_year"] == {"2019": 1, "2023": 1}
    assert facets["implementation_status"]["in_progress"] == 1


def test_facet_items_are_labelled_in_the_interface_language(app, records):
    page = app.get("/es/recommendation").body
    assert "Comité contra la Tortura" in page
    page = app.get("/fr/recommendation").body
    assert "Thèmes" in page
    assert "Comité contre la torture" in page
