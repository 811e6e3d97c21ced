"""The picker's query and texts (pure logic, no CKAN)."""

from ckanext.simore.records import suggestions


def test_a_token_with_a_slash_is_the_start_of_a_document_symbol():
    assert suggestions.query("A/HRC/17") == r"+document_symbol:A\/HRC\/17*"
    assert suggestions.query("CEDAW/C/PRY/CO/7/") == r"+document_symbol:CEDAW\/C\/PRY\/CO\/7*"


def test_words_must_all_match_the_last_one_also_as_a_prefix():
    assert suggestions.query("Tortura detenc") == "+text:tortura +(text:detenc OR text:detenc*)"


def test_one_or_two_letters_being_typed_are_a_word_not_yet_a_prefix():
    # a prefix of one or two letters matches nearly every text, slowly
    assert suggestions.query("t") == "+text:t"
    assert suggestions.query("tortura de") == "+text:tortura +text:de"
    assert suggestions.query("tor") == "+(text:tor OR text:tor*)"


def test_a_paragraph_number_is_one_word():
    assert suggestions.query("A/HRC/17 118.1") == r"+document_symbol:A\/HRC\/17* +(text:118.1 OR text:118.1*)"


def test_lucene_syntax_typed_is_only_text():
    assert suggestions.query('salud" OR (x:y) -zona') == (
        "+text:salud +text:or +text:x +text:y +(text:zona OR text:zona*)"
    )
    assert suggestions.query("") == ""
    assert suggestions.query("  ¿? ") == ""


def test_a_long_input_is_cut_to_a_few_words():
    assert suggestions.query("palabra " * 1000).count("palabra") == suggestions.MAX_TOKENS + 1


def test_a_text_is_shortened_at_a_word_with_an_ellipsis():
    assert suggestions.shorten("uno  dos\ntres", 20) == "uno dos tres"
    assert suggestions.shorten("uno dos tres cuatro", 12) == "uno dos…"


def test_the_limit_is_bounded():
    assert suggestions.bounded_limit(None) == suggestions.DEFAULT_LIMIT
    assert suggestions.bounded_limit(1000) == suggestions.MAX_LIMIT
