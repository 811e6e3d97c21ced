"""The accents a stemmer needs, put back on query words typed without
them (pure logic)."""

import pytest

from ckanext.simore.search import accents


@pytest.mark.parametrize(
    "typed, languages, written",
    [
        ("discriminacion", ["es"], "discriminación"),
        ("Discriminacion racial", ["es", "en"], "Discriminación racial"),
        ("educacion y prevision", ["es"], "educación y previsión"),
        ("recomendacoes educacao", ["pt"], "recomendações educação"),
        ("discriminaciones", ["es"], "discriminaciones"),  # the plural has no accent
        ("discriminación", ["es"], "discriminación"),  # already written so
        ("cion", ["es"], "cion"),  # an ending, not a word's
        ("discrimination", ["en", "fr"], "discrimination"),  # no rule for these languages
        ("discriminacion", [], "discriminacion"),
    ],
)
def test_an_ending_is_written_as_its_language_writes_it(typed, languages, written):
    assert accents.restored(typed, languages) == written
