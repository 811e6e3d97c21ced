"""What no input may hold, wherever it comes from: NUL characters and lone
surrogates (PostgreSQL cannot store them; the driver fails before SQL even
runs), texts over the configured size, nesting deeper than any real record.

Pure: imports nothing from CKAN. ``find_malformed`` walks a request's data
(dicts, lists, strings) and returns the first problem with the path of the
value that has it, so that the error can name the field.
"""

from __future__ import annotations

import dataclasses
from typing import Any

# Deeper than any record of the portal (a dataset holds lists of dicts of
# lists at most): a deeper value is an attack on the JSON decoder or on
# recursive validators, not data.
MAX_DEPTH = 8


@dataclasses.dataclass(frozen=True)
class Problem:
    path: tuple[str, ...]
    kind: str  # "nul", "surrogate", "too_long", "too_deep"
    limit: int = 0

    @property
    def field(self) -> str:
        """The field to name in the error: the top-level key (CKAN's
        errors are keyed by field), or ``__input`` for a bare value."""
        return self.path[0] if self.path else "__input"


def text_problem(value: str, max_chars: int) -> str | None:
    """Why a text cannot be accepted, or None."""
    if "\x00" in value:
        return "nul"
    if len(value) > max_chars:
        return "too_long"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate"
    return None


def find_malformed(data: Any, max_chars: int, path: tuple[str, ...] = ()) -> Problem | None:
    """The first malformed value in ``data`` (keys are checked too), or None."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, path)]
    while stack:
        value, where = stack.pop()
        if len(where) > MAX_DEPTH:
            return Problem(where[:1], "too_deep", MAX_DEPTH)
        if isinstance(value, str):
            kind = text_problem(value, max_chars)
            if kind:
                return Problem(where, kind, max_chars)
        elif isinstance(value, dict):
            for key, item in value.items():
                label = key if isinstance(key, str) else repr(key)
                kind = text_problem(label, max_chars) if isinstance(key, str) else None
                if kind:
                    return Problem(where + (_printable(label),), kind, max_chars)
                stack.append((item, where + (label,)))
        elif isinstance(value, (list, tuple)):
            stack.extend((item, where + (str(index),)) for index, item in enumerate(value))
    return None


def _printable(text: str) -> str:
    """A key safe to echo in an error message."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")[:100]
