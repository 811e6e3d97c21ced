"""The shipped vocabularies as SKOS concept schemes in the network's
namespace, versioned, in every language, from every portal."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from ckanext.simore.network import skos
from ckanext.simore.network import terms as rdf_terms
from ckanext.simore.vocabularies import terms as vocabularies

THEMES = URIRef("https://w3id.org/nmirf/vocabulary/themes")


def test_every_vocabulary_is_a_versioned_scheme_whose_concepts_carry_code_and_labels():
    graph = skos.schemes(vocabularies.names())
    for name in vocabularies.names():
        vocabulary = vocabularies.get(name)
        scheme = rdf_terms.scheme_uri(name)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
        assert (scheme, OWL.versionInfo, Literal(vocabulary.version)) in graph
        concepts = set(graph.subjects(SKOS.inScheme, scheme))
        assert len(concepts) == len(vocabulary.terms), name
        for term in vocabulary.terms:
            concept = rdf_terms.concept_uri(name, term.code)
            assert (concept, SKOS.notation, Literal(term.code)) in graph
            labels = {label.language: str(label) for label in graph.objects(concept, SKOS.prefLabel)}
            assert labels == dict(term.label), (name, term.code)


def test_an_sdg_target_is_narrower_than_its_goal_and_sources_labels_are_alternatives():
    graph = skos.schemes(["sdg_targets", "themes"])
    target = rdf_terms.concept_uri("sdg_targets", "16.3")
    assert (target, SKOS.broader, rdf_terms.concept_uri("sdg_goals", "16")) in graph
    women = rdf_terms.concept_uri("themes", "discrimination_against_women")
    alternatives = {str(o) for o in graph.objects(women, SKOS.altLabel)}
    assert alternatives, "UHRI's and UPR Info's labels are kept"


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize("extension,rdflib_format", [("ttl", "turtle"), ("rdf", "xml"), ("jsonld", "json-ld")])
def test_a_portal_serves_each_scheme_and_all_of_them(app, extension, rdflib_format):
    one = app.get("/vocabulary/themes." + extension)
    assert one.status_code == 200
    graph = Graph().parse(data=one.data, format=rdflib_format)
    assert (THEMES, RDF.type, SKOS.ConceptScheme) in graph
    assert len(set(graph.subjects(RDF.type, SKOS.ConceptScheme))) == 1
    every = Graph().parse(data=app.get("/vocabulary." + extension).data, format=rdflib_format)
    assert len(set(every.subjects(RDF.type, SKOS.ConceptScheme))) == len(vocabularies.names())


@pytest.mark.usefixtures("with_plugins")
def test_an_unknown_vocabulary_or_format_is_not_found(app):
    assert app.get("/vocabulary/nothing.ttl").status_code == 404
    assert app.get("/vocabulary/themes.html").status_code == 404
    assert app.get("/vocabulary/themes.pdf").status_code == 404
