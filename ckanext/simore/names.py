"""URL names of records, derived from what identifies them. Pure logic."""

from __future__ import annotations

import re

_NOT_IN_A_NAME = re.compile(r"[^a-z0-9_-]+")


def url_name(text: str) -> str:
    """``text`` in lower case, each run of anything but letters, digits,
    ``_`` and ``-`` made one ``-``: a mechanism's name from its code
    ("CEDAW" → "cedaw", "SR-Torture" → "sr-torture")."""
    return _NOT_IN_A_NAME.sub("-", text.strip().lower()).strip("-")
