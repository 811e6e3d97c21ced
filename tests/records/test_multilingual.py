"""Multilingual values: parsing, cleaning and picking (pure logic)."""

import pytest

from ckanext.simore import multilingual

LANGS = ["es", "en", "fr"]


def test_parse_accepts_a_dict_or_its_json_text():
    assert multilingual.parse({"es": "hola"}) == {"es": "hola"}
    assert multilingual.parse('{"en": "hello"}') == {"en": "hello"}
    assert multilingual.parse("") == {}


@pytest.mark.parametrize("value", ["plain text", "[1, 2]", 42, ["es"], '"es"'])
def test_parse_refuses_what_is_not_an_object_keyed_by_language(value):
    with pytest.raises(multilingual.MultilingualError, match="keyed by language"):
        multilingual.parse(value)


def test_clean_strips_drops_empty_and_orders_by_configured_languages():
    texts, errors = multilingual.clean({"fr": " bonjour ", "es": "hola", "en": "  "}, LANGS, ["es"])
    assert errors == []
    assert list(texts.items()) == [("es", "hola"), ("fr", "bonjour")]


def test_clean_names_a_missing_required_language():
    texts, errors = multilingual.clean({"en": "hello"}, LANGS, ["es"])
    assert [multilingual.render(e) for e in errors] == ["missing text in language 'es'"]


def test_clean_refuses_unknown_languages_and_non_text_values():
    _, errors = multilingual.clean({"es": "hola", "de": "hallo", "fr": 3}, LANGS, ["es"])
    messages = [multilingual.render(e) for e in errors]
    assert "unknown language 'de' (expected one of: es, en, fr)" in messages
    assert "the fr text must be a string" in messages


@pytest.mark.parametrize(
    "preferred, expected", [(["fr", "es"], "bonjour"), (["en", "es", "fr"], "hola"), (["de"], "hola")]
)
def test_pick_uses_the_first_preferred_language_with_a_text(preferred, expected):
    assert multilingual.pick({"es": "hola", "fr": "bonjour"}, preferred) == expected


def test_pick_of_nothing_is_empty():
    assert multilingual.pick({}, LANGS) == ""
    assert multilingual.pick(None, LANGS) == ""
