"""Chinese (and Japanese) text for PostgreSQL's word search, which has no
segmenter for them: its parser takes a run of ideographs for one word, so
"酷刑" would never be found inside "禁止酷刑". Each ideograph is spaced into
a word of its own, in what is indexed and in what is searched; a query of
several ideographs is then a phrase of adjacent words, i.e. the characters
in that order. Pure: imports nothing."""

from __future__ import annotations

import re

# CJK ideographs (with extension A and the compatibility block) and kana; Korean is written with spaces and needs none of this.
IDEOGRAPH = re.compile("([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def spaced(text: str) -> str:
    """``text`` with a space around each ideograph (unchanged without one)."""
    return IDEOGRAPH.sub(r" \1 ", text)
