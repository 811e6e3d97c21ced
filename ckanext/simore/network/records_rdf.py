"""A record's fields written to RDF and read back, field by field as its
scheming schema declares them (``network/terms.py`` says which property
and which kind of value each field gets).

Pure logic: nothing here imports CKAN. What a name of a record, an
institution or a mechanism is as a URI, and back, is the caller's
:class:`References` (the portal's database, or a harvest's map of a peer's
records to this portal's).

Values that have no order in RDF (themes, institutions, linked
recommendations…) are read back sorted; a repeated group of subfields (an
action's indicators) keeps its order through ``nmirf:position``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD
from rdflib.term import Node

from ckanext.simore import multilingual
from ckanext.simore.network import terms as rdf_terms

POSITION = rdf_terms.NMIRF.position


class References(Protocol):
    """Turns the names a record stores into URIs, and URIs back into
    names; None when it knows no such thing (the value is then kept as the
    URI, which the record's validators refuse with a message naming the
    field)."""

    def record_uris(self, names: Iterable[str]) -> dict[str, str]: ...

    def record_names(self, uris: Iterable[str]) -> dict[str, str]: ...

    def institution_uri(self, name: str) -> str | None: ...

    def institution_name(self, uri: str) -> str | None: ...

    def institution_titles(self, name: str) -> Mapping[str, str]: ...

    def mechanism_code(self, name: str) -> str | None: ...

    def mechanism_name(self, code: str) -> str | None: ...


def _as_list(value: Any) -> list:
    if value in (None, "", []):
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def titles(record: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, str]:
    """The record's title in each language: its multilingual title, or the
    first words of the field its title is derived from (a recommendation's
    text), shortened as the portal shortens its plain title."""
    derived: Mapping[str, Any] = next((f for f in schema["dataset_fields"] if f["field_name"] == "title"), {})
    source = derived.get("derive_from", "title_translated")
    limit = int(derived.get("title_length", 200))
    texts = record.get(source) or {}
    return {lang: multilingual.one_line(text, limit) for lang, text in texts.items() if text}


# -- writing ---------------------------------------------------------------------


def write(
    graph: Graph, subject: URIRef, record: Mapping[str, Any], schema: Mapping[str, Any], refs: References
) -> None:
    """Adds the record's fields to the graph. DCAT-AP's one-language title
    and description are replaced by one statement per language."""
    graph.bind("nmirf", rdf_terms.NMIRF)
    graph.add((subject, RDF.type, rdf_terms.class_for(record["type"])))
    owner = (record.get("organization") or {}).get("name")
    if owner:
        _institution(graph, owner, refs)
    graph.remove((subject, DCTERMS.title, None))
    graph.remove((subject, DCTERMS.description, None))
    for lang, title in titles(record, schema).items():
        graph.add((subject, DCTERMS.title, Literal(title, lang=lang)))
    for field in schema["dataset_fields"]:
        kind = rdf_terms.field_kind(field)
        if kind is not None:
            for node in _nodes(graph, kind, field, record.get(field["field_name"]), refs):
                graph.add((subject, rdf_terms.property_for(field["field_name"]), node))


def _nodes(graph: Graph, kind: str, field: Mapping[str, Any], value: Any, refs: References) -> list[Node]:
    if kind == rdf_terms.MULTILINGUAL:
        return [Literal(text, lang=lang) for lang, text in (value or {}).items() if text]
    if kind == rdf_terms.ITEMS:
        return [_item_node(graph, field, position, item) for position, item in enumerate(value or [])]
    values = [str(one) for one in _as_list(value)]
    if kind == rdf_terms.CONCEPT:
        return [rdf_terms.concept_uri(field["vocabulary"], code) for code in values]
    if kind == rdf_terms.MECHANISM:
        return [URIRef(_mechanism_uri(name, refs)) for name in values]
    if kind == rdf_terms.RECORD:
        uris = refs.record_uris(values)
        return [URIRef(uris[name]) for name in values if name in uris]
    if kind == rdf_terms.INSTITUTION:
        return [node for node in (_institution(graph, name, refs) for name in values) if node is not None]
    if kind == rdf_terms.LINK:
        return [URIRef(one) for one in values]
    datatype = {rdf_terms.DATE: XSD.date, rdf_terms.NUMBER: XSD.decimal}.get(kind)
    return [Literal(one, datatype=datatype) for one in values]


def _institution(graph: Graph, name: str, refs: References) -> URIRef | None:
    """The institution's URI, described (its URL name and its title in each
    language) so that a reader of the record needs nothing else."""
    uri = refs.institution_uri(name)
    if uri is None:
        return None
    node = URIRef(uri)
    graph.add((node, RDF.type, FOAF.Organization))
    graph.add((node, rdf_terms.NMIRF.name, Literal(name)))
    for lang, title in refs.institution_titles(name).items():
        graph.add((node, FOAF.name, Literal(title, lang=lang or None)))
    return node


def _mechanism_uri(name: str, refs: References) -> str:
    code = refs.mechanism_code(name)
    return rdf_terms.mechanism_uri(code) if code else name


def _item_node(graph: Graph, field: Mapping[str, Any], position: int, item: Mapping[str, Any]) -> BNode:
    node = BNode()
    graph.add((node, POSITION, Literal(position)))
    for subfield in field["repeating_subfields"]:
        value = item.get(subfield["field_name"])
        if value not in (None, ""):
            graph.add((node, rdf_terms.property_for(subfield["field_name"]), Literal(str(value))))
    return node


# -- reading ---------------------------------------------------------------------


def dataset_type(graph: Graph, subject: URIRef, known: Iterable[str]) -> str | None:
    """The record's dataset type, from its ``nmirf:`` class, if one of
    ``known``."""
    known = set(known)
    for cls in graph.objects(subject, RDF.type):
        found = rdf_terms.type_of_class(str(cls))
        if found in known:
            return found
    return None


def read(graph: Graph, subject: URIRef, schema: Mapping[str, Any], refs: References) -> dict[str, Any]:
    """The record's fields as its schema stores them (no empty ones)."""
    record: dict[str, Any] = {}
    for field in schema["dataset_fields"]:
        kind = rdf_terms.field_kind(field)
        if kind is None:
            continue
        objects = list(graph.objects(subject, rdf_terms.property_for(field["field_name"])))
        value = _value(graph, kind, field, objects, refs)
        if value not in (None, "", [], {}):
            record[field["field_name"]] = value
    return record


def _value(graph: Graph, kind: str, field: Mapping[str, Any], objects: list[Node], refs: References) -> Any:
    if kind == rdf_terms.MULTILINGUAL:
        return {o.language: str(o) for o in objects if isinstance(o, Literal) and o.language}
    if kind == rdf_terms.ITEMS:
        return _items(graph, field, objects)
    values = sorted(_scalars(kind, field, objects, refs))
    return values if rdf_terms.is_multiple(field) else (values[0] if values else None)


def _scalars(kind: str, field: Mapping[str, Any], objects: list[Node], refs: References) -> list[str]:
    texts = [str(o) for o in objects]
    if kind == rdf_terms.CONCEPT:
        codes = (rdf_terms.code_in(field["vocabulary"], text) for text in texts)
        return [code for code in codes if code is not None]
    if kind == rdf_terms.MECHANISM:
        return [_mechanism_name(text, refs) for text in texts]
    if kind == rdf_terms.RECORD:
        names = refs.record_names(texts)
        return [names.get(text, text) for text in texts]
    if kind == rdf_terms.INSTITUTION:
        return [refs.institution_name(text) or text for text in texts]
    return texts


def _mechanism_name(uri: str, refs: References) -> str:
    code = rdf_terms.mechanism_code(uri)
    return (refs.mechanism_name(code) if code else None) or uri


def _items(graph: Graph, field: Mapping[str, Any], nodes: list[Node]) -> list[dict[str, str]]:
    def position(node: Node) -> int:
        value = graph.value(node, POSITION)
        return int(value) if value is not None else 0

    items = []
    for node in sorted(nodes, key=position):
        item = {}
        for subfield in field["repeating_subfields"]:
            value = graph.value(node, rdf_terms.property_for(subfield["field_name"]))
            if value is not None:
                item[subfield["field_name"]] = str(value)
        items.append(item)
    return items
