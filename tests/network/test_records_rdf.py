"""A record's fields in RDF and back, without a portal: the mapping alone
(``network/records_rdf.py``) with references resolved by a dictionary."""

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF

from ckanext.simore.network import records_rdf
from ckanext.simore.network import terms as rdf_terms

SUBJECT = URIRef("https://peer.example/dataset/1")
SCHEMA = {
    "dataset_fields": [
        {"field_name": "title", "derive_from": "text_translated", "title_length": 20},
        {"field_name": "text_translated", "simore_index": "multilingual"},
        {"field_name": "themes", "vocabulary": "themes", "multiple": True},
        {"field_name": "mechanism", "reference_type": "mechanism"},
        {"field_name": "institutions", "multiple": True, "validators": "simore_institution_reference"},
        {"field_name": "publication_date", "validators": "scheming_required isodate"},
        {"field_name": "budget_amount", "validators": "ignore_missing simore_non_negative_decimal"},
        {"field_name": "indicators", "repeating_subfields": [{"field_name": "indicator"}, {"field_name": "target"}]},
        {"field_name": "paragraph"},
        {"field_name": "owner_org"},
    ]
}


class Peer:
    """References of a peer whose institutions are known by name."""

    def record_uris(self, names):
        return {name: "https://peer.example/dataset/" + name for name in names}

    def record_names(self, uris):
        return {uri: uri.rsplit("/", 1)[-1] for uri in uris}

    def institution_uri(self, name):
        return "https://peer.example/organization/" + name if name != "unknown" else None

    def institution_name(self, uri):
        return uri.rsplit("/", 1)[-1]

    def institution_titles(self, name):
        return {"es": "Ministerio " + name, "en": "Ministry " + name}

    def mechanism_code(self, name):
        return name.upper()

    def mechanism_name(self, code):
        return code.lower()


RECORD = {
    "type": "recommendation",
    "text_translated": {"es": "Adoptar una ley integral contra la discriminación", "en": "Adopt a law"},
    "themes": ["right_to_health", "equality_non_discrimination"],
    "mechanism": "cedaw",
    "institutions": ["salud", "justicia"],
    "publication_date": "2023-03-01",
    "budget_amount": "125000.50",
    "indicators": [{"indicator": "B", "target": "1"}, {"indicator": "A"}],
    "paragraph": "21 (a)",
    "organization": {"name": "coordinacion"},
}


def _written():
    graph = Graph()
    records_rdf.write(graph, SUBJECT, RECORD, SCHEMA, Peer())
    return Graph().parse(data=graph.serialize(format="turtle"), format="turtle")


def test_every_field_is_read_back_as_written_sets_sorted_and_items_in_order():
    found = records_rdf.read(_written(), SUBJECT, SCHEMA, Peer())
    expected = {key: value for key, value in RECORD.items() if key not in ("type", "organization")}
    expected["themes"] = sorted(expected["themes"])
    expected["institutions"] = sorted(expected["institutions"])
    assert found == expected


def test_the_title_in_each_language_is_the_text_shortened():
    titles = records_rdf.titles(RECORD, SCHEMA)
    assert titles == {"es": "Adoptar una ley int…", "en": "Adopt a law"}


def test_institutions_and_the_owner_are_described_by_name_and_title():
    graph = _written()
    health = URIRef("https://peer.example/organization/salud")
    assert (health, RDF.type, FOAF.Organization) in graph
    assert str(graph.value(health, rdf_terms.NMIRF.name)) == "salud"
    assert {(t.language, str(t)) for t in graph.objects(health, FOAF.name)} == {
        ("es", "Ministerio salud"),
        ("en", "Ministry salud"),
    }
    owner = URIRef("https://peer.example/organization/coordinacion")
    assert str(graph.value(owner, rdf_terms.NMIRF.name)) == "coordinacion"


def test_a_reference_nobody_knows_is_kept_as_its_uri_for_the_validators_to_name():
    graph = _written()
    graph.add((SUBJECT, rdf_terms.NMIRF.mechanism, URIRef("https://elsewhere.example/m/1")))

    class Forgetful(Peer):
        def mechanism_name(self, code):
            return None

    found = records_rdf.read(graph, SUBJECT, SCHEMA, Forgetful())
    assert found["mechanism"] in ("https://elsewhere.example/m/1", rdf_terms.mechanism_uri("CEDAW"))


def test_the_record_kind_comes_back_from_its_class():
    graph = _written()
    assert records_rdf.dataset_type(graph, SUBJECT, ["recommendation", "action"]) == "recommendation"
    assert records_rdf.dataset_type(graph, SUBJECT, ["action"]) is None
    assert rdf_terms.type_of_class(str(rdf_terms.class_for("dataset_series"))) == "dataset_series"
