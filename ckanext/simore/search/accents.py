"""Accents a language's stemmer needs on a word's ending, put back on a
word typed without them.

Snowball's Spanish stemmer removes "-ación" but not "-acion": typed
without its accent, "discriminacion" stays whole and misses the records
that only say "discriminaciones" (stemmed "discrimin"), which
"discriminación" finds. The index folds accents both before and after
stemming (``documents.language_forms``); a query word without accents is
searched as typed and, where its ending is one of these, as the language
writes it too.

Pure: imports nothing from CKAN.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# (unaccented ending, accented ending) a word may end in, by language
ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "es": (("cion", "ción"), ("sion", "sión")),
    "pt": (("coes", "ções"), ("cao", "ção"), ("soes", "sões"), ("sao", "são")),
}

_WORD = re.compile(r"\w+", re.UNICODE)


def restored(text: str, languages: Iterable[str]) -> str:
    """``text`` with each word's ending written as the first of the
    languages that has it writes it; ``text`` itself when none applies."""
    endings = [pair for language in languages for pair in ENDINGS.get(language, ())]
    if not endings:
        return text

    def accented(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = word.lower()
        for plain, written in endings:
            if lowered.endswith(plain) and len(word) > len(plain) + 1:
                return word[: -len(plain)] + written
        return word

    return _WORD.sub(accented, text)
