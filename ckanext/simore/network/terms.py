"""The network's RDF terms: one namespace shared by every SIMORE portal, so
that a theme, a country or a mechanism is the same URI in Asunción and in
Santiago, and a record's fields map to the same properties everywhere.

Pure logic: nothing here imports CKAN.

- ``https://w3id.org/nmirf/def#``: the properties and classes of the
  records (``nmirf:mechanism``, ``nmirf:Recommendation``…).
- ``https://w3id.org/nmirf/vocabulary/<vocabulary>/<code>``: the concepts of
  the shipped vocabularies; a concept keeps its URI from one version of its
  vocabulary to the next, the scheme says which version it is.
- ``https://w3id.org/nmirf/mechanism/<CODE>``: a mechanism, by the code every
  member records it with (``UPR``, ``CEDAW``, ``IACtHR``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS

BASE = "https://w3id.org/nmirf/"
NMIRF = Namespace(BASE + "def#")
VOCABULARY_BASE = BASE + "vocabulary/"
MECHANISM_BASE = BASE + "mechanism/"

# Fields DCAT-AP's own properties already carry well; every other field of a
# schema gets an ``nmirf:`` property named after it (fieldName), so a field
# added to a schema is published and read back without a line here.
STANDARD_PROPERTIES: Mapping[str, URIRef] = {
    "title_translated": DCTERMS.title,
    "notes_translated": DCTERMS.description,
    "text_translated": DCTERMS.description,
    "record_type": DCTERMS.type,
    "country": DCTERMS.spatial,
    "themes": DCAT.theme,
    "source_url": DCTERMS.source,
    "url": DCAT.landingPage,
}

# Fields the DCAT-AP profile writes and reads itself (CKAN's core fields),
# or that only make sense on the portal that holds the record.
CORE_FIELDS = frozenset({"title", "license_id", "owner_org"})

MULTILINGUAL = "multilingual"
CONCEPT = "concept"
MECHANISM = "mechanism"
RECORD = "record"
INSTITUTION = "institution"
DATE = "date"
NUMBER = "number"
LINK = "link"
ITEMS = "items"
TEXT = "text"


def property_for(field_name: str) -> URIRef:
    """The property a field is published with: ``publication_date`` →
    ``nmirf:publicationDate``."""
    if field_name in STANDARD_PROPERTIES:
        return STANDARD_PROPERTIES[field_name]
    first, *rest = field_name.split("_")
    return NMIRF[first + "".join(word.capitalize() for word in rest)]


def class_for(dataset_type: str) -> URIRef:
    """The class beside ``dcat:Dataset`` that says which kind of record it
    is: ``recommendation`` → ``nmirf:Recommendation``."""
    return NMIRF["".join(word.capitalize() for word in dataset_type.split("_"))]


def type_of_class(uri: str) -> str | None:
    """The dataset type a class names, the reverse of :func:`class_for`."""
    if not uri.startswith(str(NMIRF)):
        return None
    local = uri[len(str(NMIRF)) :]
    return re.sub(r"(?<!^)(?=[A-Z])", "_", local).lower() or None


def field_kind(field: Mapping[str, Any]) -> str | None:
    """How a scheming field is written in RDF, or None when the DCAT-AP
    profile itself handles it."""
    name = field["field_name"]
    if name in CORE_FIELDS:
        return None
    if field.get("repeating_subfields"):
        return ITEMS
    if field.get("simore_index") == MULTILINGUAL:
        return MULTILINGUAL
    if field.get("vocabulary"):
        return CONCEPT
    reference = field.get("reference_type")
    if reference == "mechanism":
        return MECHANISM
    if reference:
        return RECORD
    validators = str(field.get("validators", ""))
    if "simore_institution_reference" in validators:
        return INSTITUTION
    if "isodate" in validators:
        return DATE
    if "simore_web_link" in validators:
        return LINK
    if "simore_non_negative_decimal" in validators:
        return NUMBER
    return TEXT


def is_multiple(field: Mapping[str, Any]) -> bool:
    return bool(field.get("multiple"))


def concept_uri(vocabulary: str, code: str) -> URIRef:
    return URIRef("{}{}/{}".format(VOCABULARY_BASE, vocabulary, code))


def scheme_uri(vocabulary: str) -> URIRef:
    return URIRef("{}{}".format(VOCABULARY_BASE, vocabulary))


def code_in(vocabulary: str, uri: str) -> str | None:
    """The code of a concept of ``vocabulary``, or None for another URI."""
    prefix = "{}{}/".format(VOCABULARY_BASE, vocabulary)
    if not uri.startswith(prefix):
        return None
    return uri[len(prefix) :] or None


def mechanism_uri(code: str) -> URIRef:
    return URIRef(MECHANISM_BASE + code)


def mechanism_code(uri: str) -> str | None:
    return uri[len(MECHANISM_BASE) :] or None if uri.startswith(MECHANISM_BASE) else None
