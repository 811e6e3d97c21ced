"""The vocabulary loader and its label matching (pure logic)."""

import pytest

from ckanext.simore.vocabularies import terms as vocabulary

DOCUMENT = {
    "vocabulary": "colours",
    "version": "2026",
    "title": {"en": "Colours", "es": "Colores"},
    "source": "test",
    "terms": [
        {
            "code": "red",
            "label": {"en": "Red", "es": "Rojo"},
            "aliases": {"uhri": ["Red & crimson"], "upr_info": ["Reds"]},
        },
        {
            "code": "dark_red",
            "label": {"en": "Dark red", "es": "Rojo oscuro"},
            "parent": "red",
            "aliases": {"upr_info": ["Reds"]},
            "hex": "#800",
        },
    ],
}


def test_parse_builds_terms_indexed_by_code():
    vocab = vocabulary.parse(DOCUMENT)
    assert vocab.codes() == ["red", "dark_red"]
    assert "red" in vocab and "blue" not in vocab
    assert vocab.by_code["dark_red"].parent == "red"
    assert vocab.by_code["dark_red"].extra == {"hex": "#800"}


def test_label_falls_back_through_the_given_languages():
    term = vocabulary.parse(DOCUMENT).by_code["red"]
    assert term.label_in("es") == "Rojo"
    assert term.label_in("fr", ["en"]) == "Red"
    assert term.label_in("fr") == "Red"


@pytest.mark.parametrize("label", ["Red & crimson", " red and CRIMSON ", "Red  &  Crimson"])
def test_source_labels_match_despite_case_spaces_and_ampersands(label):
    assert vocabulary.parse(DOCUMENT).codes_for_label("uhri", label) == ["red"]


def test_a_source_label_may_map_to_several_terms_and_unknown_labels_to_none():
    vocab = vocabulary.parse(DOCUMENT)
    assert vocab.codes_for_label("upr_info", "Reds") == ["red", "dark_red"]
    assert vocab.codes_for_label("uhri", "Blue") == []


def test_a_label_without_alias_matches_the_terms_labels_in_any_language():
    vocab = vocabulary.parse(DOCUMENT)
    assert vocab.codes_for_label("upr_info", "rojo oscuro") == ["dark_red"]


def test_a_label_known_only_to_another_source_still_matches_after_the_labels():
    vocab = vocabulary.parse(DOCUMENT)
    assert vocab.codes_for_label("uhri", "Reds") == ["red", "dark_red"]  # UPR Info's alias
    assert vocab.codes_for_label("sheet", "red & crimson") == ["red"]  # UHRI's alias


@pytest.mark.parametrize(
    "name, code",
    [("St Vincent & the Grenadines", "VCT"), ("DPR Korea", "PRK"), ("Palestine", "PSE"), ("Republic of Congo", "COG")],
)
def test_a_uhri_file_may_name_a_country_as_upr_info_does(name, code):
    assert vocabulary.get("countries").codes_for_label("uhri", name) == [code]


def test_the_shipped_vocabularies_load_by_name():
    names = vocabulary.names()
    for name in [
        "themes",
        "affected_persons",
        "sdg_goals",
        "sdg_targets",
        "upr_positions",
        "implementation_statuses",
        "measure_types",
        "branches_of_government",
        "mechanism_families",
    ]:
        assert name in names
        assert vocabulary.get(name).terms
    with pytest.raises(KeyError):
        vocabulary.get("no_such_vocabulary")
