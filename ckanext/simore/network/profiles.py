"""The portal's ckanext-dcat profiles (entry points ``ckan.rdf.profiles``):

- ``simore``: DCAT-AP 3 (ckanext-dcat's ``euro_dcat_ap_3``) plus every field
  of a SIMORE record in the network's terms (``records_rdf``), written and
  read back; the catalog says which country's portal it is.
- ``simore_schemaorg``: schema.org for search engines (``structured_data``),
  with the record's title and text in every language.
"""

from __future__ import annotations

from typing import Any

from ckanext.dcat.profiles import SCHEMA, EuropeanDCATAP3Profile, SchemaOrgProfile
from ckanext.scheming.helpers import scheming_dataset_schemas, scheming_get_dataset_schema
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from ckanext.simore import config
from ckanext.simore.network import records_rdf
from ckanext.simore.network import terms as rdf_terms
from ckanext.simore.network.references import PortalReferences


def _known_type(dataset_type: str) -> str:
    """ckanext-dcat's serializer asks each profile for the scheming schema
    of a type ``dataset``, which a SIMORE portal has not got (every record
    is written and read with its own type's schema): any type will do."""
    types = scheming_dataset_schemas() or {}
    return dataset_type if dataset_type in types else next(iter(types), dataset_type)


class SimoreProfile(EuropeanDCATAP3Profile):
    def __init__(self, graph, dataset_type="dataset", compatibility_mode=False):
        super().__init__(graph, dataset_type=_known_type(dataset_type), compatibility_mode=compatibility_mode)

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        super().graph_from_dataset(dataset_dict, dataset_ref)
        schema = scheming_get_dataset_schema(dataset_dict.get("type"))
        if schema:
            records_rdf.write(self.g, dataset_ref, dataset_dict, schema, PortalReferences())

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        super().graph_from_catalog(catalog_dict, catalog_ref)
        if config.country():
            self.g.add((catalog_ref, DCTERMS.spatial, rdf_terms.concept_uri("countries", config.country())))
        for lang in config.languages():
            self.g.add((catalog_ref, DCTERMS.language, Literal(lang)))

    def parse_dataset(self, dataset_dict, dataset_ref):
        """ckanext-dcat's parser keeps the dict a profile fills in place:
        a SIMORE record's is replaced by the record as its schema stores it."""
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        dataset_type = records_rdf.dataset_type(self.g, dataset_ref, (scheming_dataset_schemas() or {}).keys())
        if dataset_type is not None:
            record = _simore_record(self.g, dataset_ref, dataset_type, dataset_dict)
            dataset_dict.clear()
            dataset_dict.update(record)
        return dataset_dict


def _simore_record(graph, subject: URIRef, dataset_type: str, parsed: dict[str, Any]) -> dict[str, Any]:
    """The record as its schema stores it: what DCAT-AP's parse found of
    CKAN's core fields (id, resources) and the SIMORE fields."""
    schema = scheming_get_dataset_schema(dataset_type)
    refs = PortalReferences()
    record: dict[str, Any] = {"type": dataset_type, **records_rdf.read(graph, subject, schema, refs)}
    identifier = graph.value(subject, DCTERMS.identifier)
    if identifier is not None:
        record["id"] = str(identifier)
    publisher = graph.value(subject, DCTERMS.publisher)
    if publisher is not None:
        record["owner_org"] = refs.institution_name(str(publisher)) or str(publisher)
    resource_fields = [field["field_name"] for field in schema.get("resource_fields", [])]
    record["resources"] = [
        {name: resource[name] for name in resource_fields if resource.get(name)}
        for resource in parsed.get("resources", [])
    ]
    return record


class SimoreSchemaOrgProfile(SchemaOrgProfile):
    def __init__(self, graph, dataset_type="dataset", compatibility_mode=False):
        super().__init__(graph, dataset_type=_known_type(dataset_type), compatibility_mode=compatibility_mode)

    def additional_fields(self, dataset_ref, dataset_dict):
        """The title and text in every language, where schema.org's profile
        wrote CKAN's one-language title and no text."""
        schema = scheming_get_dataset_schema(dataset_dict.get("type"))
        if not schema:
            return
        self.g.remove((dataset_ref, SCHEMA.name, None))
        for lang, title in records_rdf.titles(dataset_dict, schema).items():
            self.g.add((dataset_ref, SCHEMA.name, Literal(title, lang=lang)))
        texts = dataset_dict.get("notes_translated") or dataset_dict.get("text_translated") or {}
        if texts:
            self.g.remove((dataset_ref, SCHEMA.description, None))
        for lang, text in texts.items():
            if text:
                self.g.add((dataset_ref, SCHEMA.description, Literal(text, lang=lang)))
