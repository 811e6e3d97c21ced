"""The shipped vocabularies as SKOS concept schemes, in the network's
namespace (``network/terms.py``), so that every member publishes and reads
the same concepts.

Pure logic: nothing here imports CKAN.

A scheme carries its version (``owl:versionInfo``) and a versioned IRI
(``owl:versionIRI``, ``…/themes/2026-02``); a concept carries its code
(``skos:notation``), its label in every language (``skos:prefLabel``), the
labels the sources use (``skos:altLabel``, without a language: they are
verbatim strings of UHRI or UPR Info) and its parent (``skos:broader``).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from ckanext.simore.network import terms as rdf_terms
from ckanext.simore.vocabularies import terms as vocabularies

# Where a vocabulary's ``parent`` codes live when not in the vocabulary
# itself: an SDG target's parent is a goal.
PARENT_VOCABULARY = {"sdg_targets": "sdg_goals"}


def version_iri(vocabulary: vocabularies.Vocabulary) -> URIRef:
    return URIRef("{}/{}".format(rdf_terms.scheme_uri(vocabulary.name), vocabulary.version))


def bind_prefixes(graph: Graph) -> Graph:
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    graph.bind("owl", OWL)
    graph.bind("nmirf", rdf_terms.NMIRF)
    return graph


def add_scheme(graph: Graph, vocabulary: vocabularies.Vocabulary) -> URIRef:
    """Adds one vocabulary to ``graph``: its scheme and every concept."""
    scheme = rdf_terms.scheme_uri(vocabulary.name)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, OWL.versionInfo, Literal(vocabulary.version)))
    graph.add((scheme, OWL.versionIRI, version_iri(vocabulary)))
    for lang, title in vocabulary.title.items():
        graph.add((scheme, DCTERMS.title, Literal(title, lang=lang)))
    if vocabulary.source:
        graph.add((scheme, DCTERMS.source, Literal(vocabulary.source)))
    parents = PARENT_VOCABULARY.get(vocabulary.name, vocabulary.name)
    for term in vocabulary.terms:
        concept = rdf_terms.concept_uri(vocabulary.name, term.code)
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.inScheme, scheme))
        graph.add((concept, SKOS.notation, Literal(term.code)))
        for lang, label in term.label.items():
            graph.add((concept, SKOS.prefLabel, Literal(label, lang=lang)))
        for labels in term.aliases.values():
            for alias in labels:
                graph.add((concept, SKOS.altLabel, Literal(alias)))
        if term.parent is not None:
            graph.add((concept, SKOS.broader, rdf_terms.concept_uri(parents, term.parent)))
        else:
            graph.add((scheme, SKOS.hasTopConcept, concept))
    return scheme


def schemes(names: Iterable[str]) -> Graph:
    """A graph of the named vocabularies (KeyError for an unknown one)."""
    graph = bind_prefixes(Graph())
    for name in names:
        add_scheme(graph, vocabularies.get(name))
    return graph
