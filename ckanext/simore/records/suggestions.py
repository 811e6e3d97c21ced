"""Pure logic of the recommendation picker: what a person types while
looking for a recommendation ("A/HRC/17 tortura", "CEDAW/C/PRY/CO/7 12",
"118.1") as a Lucene query over the search index, and a text shortened for
a suggestion. Imports nothing from CKAN."""

from __future__ import annotations

import re

# Lucene's special characters, escaped with a backslash (Solr's escaping)
_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
# the words of a token: letters and digits of any script, with the dots of
# a paragraph number ("118.1")
_WORDS = re.compile(r"[\w]+(?:\.[\w]+)*")

DEFAULT_LIMIT = 10
MAX_LIMIT = 25
# a picker's query is a few words: more would only make the search slow
MAX_TOKENS = 8
# the word being typed is also a prefix from this length on: one or two
# letters are the start of nearly every text (2.1 s for "t" at 73,500
# recommendations, make bench-picker) and say nothing yet
MIN_PREFIX = 3


def escape(term: str) -> str:
    return _SPECIAL.sub(r"\\\1", term)


def query(typed: str) -> str:
    """The Lucene query matching recommendations as ``typed``: a token with a
    slash is the start of a document symbol (an exact code, matched as a
    prefix); every other word must be in the text (in any language, stemmed
    when complete, as a prefix for the last one, still being typed, from
    ``MIN_PREFIX`` letters on) or be
    the paragraph (which CKAN copies into the catch-all text). "" for
    nothing to match on."""
    clauses = []
    tokens = typed.split()[:MAX_TOKENS]
    for position, token in enumerate(tokens):
        if "/" in token:
            clauses.append("+document_symbol:{}*".format(escape(token.strip("/"))))
            continue
        words = _WORDS.findall(token)
        for index, word in enumerate(words):
            last = position == len(tokens) - 1 and index == len(words) - 1
            term = escape(word.lower())
            prefix = last and len(word) >= MIN_PREFIX
            clauses.append("+(text:{0} OR text:{0}*)".format(term) if prefix else "+text:" + term)
    return " ".join(clauses)


def shorten(text: str, length: int) -> str:
    """``text`` cut at a word boundary to at most ``length`` characters,
    with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def bounded_limit(limit: int | None) -> int:
    return DEFAULT_LIMIT if not limit else max(1, min(int(limit), MAX_LIMIT))
