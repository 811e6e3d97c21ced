"""DCAT-AP 3 through ckanext-dcat: the catalog and every record in Turtle,
RDF/XML and JSON-LD, parsed with rdflib; every field of a recommendation,
an action and a mechanism in the network's terms, read back equal; nothing
a reader may not see in any of them; schema.org in each record's page."""

import json
import re

import builders
import pytest
from ckan.tests import helpers
from ckanext.dcat.processors import RDFParser
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from ckanext.simore.network import terms as rdf_terms

pytestmark = pytest.mark.usefixtures("with_plugins")

FORMATS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}
MEDIA_TYPES = {"ttl": "text/turtle", "rdf": "application/rdf+xml", "jsonld": "application/ld+json"}


def call(user, action, **data):
    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


@pytest.fixture
def portal(clean_db, clean_index):
    built = builders.network()
    builders.mechanism("coordinacion", code="CEDAW", url="https://www.ohchr.org/en/treaty-bodies/cedaw")
    built.recommendation = builders.recommendation(
        "coordinacion",
        "cedaw",
        text_translated={
            "es": "Adoptar una ley integral contra la discriminación.",
            "en": "Adopt a comprehensive anti-discrimination law.",
            "fr": "Adopter une loi globale contre la discrimination.",
        },
        record_type="recommendation",
        country="PRY",
        document_symbol="CEDAW/C/PRY/CO/8",
        paragraph="21 (a)",
        publication_date="2023-03-01",
        themes=["equality_non_discrimination", "discrimination_against_women"],
        affected_persons=["women_girls", "children"],
        sdg_goals=["5", "10"],
        sdg_targets=["5.1", "10.3"],
        external_id="a1b2c3d4-0000-4000-8000-000000000001",
        source_url="https://uhri.ohchr.org/en/our-data-api",
        institutions=["salud", "justicia"],
        lead_institution="salud",
        implementation_status="in_progress",
    )
    action = builders.action(
        "salud",
        [built.recommendation["name"]],
        notes_translated={"es": "Se aprobó el plan.", "en": "The plan was adopted."},
        start_date="2024-01-15",
        end_date="2026-12-31",
        budget_amount="125000.50",
        budget_currency="PYG",
        indicators=[
            {"indicator": "Leyes aprobadas", "baseline": "0", "target": "1", "current_value": "1"},
            {"indicator": "Personas formadas", "baseline": "10", "target": "500"},
        ],
        resources=[{"name": "Decreto 123", "url": "https://example.org/decreto-123.pdf", "description": "El decreto"}],
    )
    builders.publish(action)
    built.action = call("", "package_show", id=action["id"])
    built.draft = builders.action("justicia", [built.recommendation["name"]], title_translated={"es": "Borrador"})
    built.mechanism = call("", "package_show", id="cedaw")
    built.practice = builders.practice(
        "coordinacion",
        mechanism="cedaw",
        themes=["equality_non_discrimination"],
        outcomes_translated={"es": "Todas las recomendaciones con responsable.", "en": "Every recommendation owned."},
        contact_name="Carla Coordinadora",
        contact_email="coord@example.org",
        resources=[{"name": "Guía", "url": "https://example.org/guia.pdf"}],
    )
    return built


def _graph(body, extension):
    graph = Graph()
    graph.parse(data=body, format=FORMATS[extension])
    return graph


def _read_back(record):
    """The record through the portal's DCAT-AP serialization and parser."""
    body = call("", "dcat_dataset_show", id=record["id"], format="ttl")
    parser = RDFParser(profiles=["simore"])
    parser.parse(body, _format="turtle")
    (found,) = list(parser.datasets())
    return found


def _schema_fields(dataset_type):
    schema = helpers.call_action("scheming_dataset_schema_show", type=dataset_type)
    return [
        f["field_name"] for f in schema["dataset_fields"] if f["field_name"] not in ("title", "license_id", "owner_org")
    ]


def _comparable(value):
    return sorted(value) if isinstance(value, list) and not (value and isinstance(value[0], dict)) else value


@pytest.mark.parametrize("kind", ["recommendation", "action", "mechanism", "practice"])
def test_a_record_written_to_rdf_and_read_back_is_the_same_record(portal, kind):
    record = getattr(portal, kind)
    found = _read_back(record)
    assert found["type"] == kind
    assert found["id"] == record["id"]
    compared = [name for name in _schema_fields(kind) if record.get(name) not in (None, "", [], {})]
    assert len(compared) >= 6, compared  # the fixture fills the fields
    for name in compared:
        assert _comparable(found.get(name)) == _comparable(record[name]), name
    assert found["owner_org"] == record["organization"]["name"]
    assert [(r["name"], r["url"]) for r in found["resources"]] == [(r["name"], r["url"]) for r in record["resources"]]


def test_a_recommendation_is_dcat_ap_with_concepts_uris_and_texts_in_each_language(app, portal):
    rec = portal.recommendation
    response = app.get("/dataset/{}.ttl".format(rec["id"]))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = _graph(response.data, "ttl")
    subject = URIRef("http://test.ckan.net/dataset/" + rec["id"])
    assert (subject, RDF.type, DCAT.Dataset) in graph
    assert (subject, RDF.type, rdf_terms.NMIRF.Recommendation) in graph
    descriptions = {o.language: str(o) for o in graph.objects(subject, DCTERMS.description)}
    assert descriptions == rec["text_translated"]
    assert {o.language for o in graph.objects(subject, DCTERMS.title)} == {"es", "en", "fr"}
    assert (subject, DCAT.theme, rdf_terms.concept_uri("themes", "equality_non_discrimination")) in graph
    assert (subject, DCTERMS.spatial, rdf_terms.concept_uri("countries", "PRY")) in graph
    assert (subject, rdf_terms.NMIRF.mechanism, rdf_terms.mechanism_uri("CEDAW")) in graph
    status = rdf_terms.concept_uri("implementation_statuses", "in_progress")
    assert (subject, rdf_terms.NMIRF.implementationStatus, status) in graph
    health = URIRef("http://test.ckan.net/organization/" + portal.health["id"])
    assert (subject, rdf_terms.NMIRF.leadInstitution, health) in graph
    assert (subject, rdf_terms.NMIRF.publicationDate, Literal("2023-03-01", datatype=XSD.date)) in graph


def test_an_action_links_its_recommendations_and_keeps_its_indicators_in_order(app, portal):
    graph = _graph(app.get("/dataset/{}.jsonld".format(portal.action["id"])).data, "jsonld")
    subject = URIRef("http://test.ckan.net/dataset/" + portal.action["id"])
    linked = URIRef("http://test.ckan.net/dataset/" + portal.recommendation["id"])
    assert (subject, rdf_terms.NMIRF.recommendations, linked) in graph
    assert len(list(graph.objects(subject, DCAT.distribution))) == 1


@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_the_catalog_holds_what_the_public_may_read_and_nothing_else(app, portal, extension):
    response = app.get("/catalog." + extension)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(MEDIA_TYPES[extension])
    graph = _graph(response.data, extension)
    listed = {str(o).rsplit("/", 1)[-1] for o in graph.objects(None, DCAT.dataset)}
    public = {portal.recommendation["id"], portal.action["id"], portal.mechanism["id"], portal.practice["id"]}
    assert public <= listed
    assert portal.draft["id"] not in listed
    assert portal.draft["id"] not in response.data.decode("utf-8")


@pytest.mark.parametrize("user", ["", "ciudadana", "focal-salud"])
def test_an_unpublished_action_is_no_record_of_the_catalog_for_a_reader_outside_its_institution(app, portal, user):
    token = helpers.call_action("api_token_create", context={"user": "root"}, user=user, name="t") if user else None
    headers = {"Authorization": token["token"]} if token else {}
    response = app.get("/dataset/{}.ttl".format(portal.draft["id"]), headers=headers)
    assert response.status_code in (403, 404)
    assert "Borrador" not in response.data.decode("utf-8")
    catalog = app.get("/catalog.ttl", headers=headers).data.decode("utf-8")
    assert portal.draft["id"] not in catalog


def test_a_reference_to_a_record_the_reader_may_not_read_is_left_out(app, portal):
    call("root", "package_patch", id=portal.recommendation["id"], private=True)
    body = app.get("/dataset/{}.ttl".format(portal.action["id"])).data.decode("utf-8")
    assert portal.recommendation["id"] not in body
    assert "discrimination" not in body


def test_each_record_page_carries_schema_org_in_every_language_and_text_cannot_break_out(app, portal):
    call(
        "coordinadora",
        "package_patch",
        id=portal.recommendation["id"],
        text_translated={"es": "Texto </script><script>alert(1)</script>", "en": "Text", "fr": "Texte"},
    )
    for path in ("/recommendation/" + portal.recommendation["name"], "/action/" + portal.action["name"]):
        page = app.get(path)
        assert page.status_code == 200, path
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.data.decode("utf-8"), re.S)
        assert len(blocks) == 1, path
        data = json.loads(blocks[0])
        names = [node for node in data["@graph"] if "Dataset" in str(node.get("@type"))][0]["schema:name"]
        assert {name["@language"] for name in names} >= {"es", "en"}
    assert "<script>alert(1)" not in app.get("/recommendation/" + portal.recommendation["name"]).data.decode("utf-8")
