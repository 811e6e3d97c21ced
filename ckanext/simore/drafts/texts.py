"""Pure text work on drafts: counting words against the limit (from
``word_limits.yaml``), and the difference between two versions of a
section (difflib). Imports nothing from CKAN."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

import yaml

# a word: letters or digits, with inner hyphens or apostrophes ("follow-up",
# "State's"); a symbol such as "CEDAW/C/PRY/CO/8" counts its parts, as
# word processors' counts of UN documents differ on it anyway
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def word_count(texts: Iterable[str]) -> int:
    return sum(len(WORD.findall(text)) for text in texts)


def over_limit(count: int, limit: int | None) -> bool:
    return limit is not None and count > limit


def parse_word_limits(data: dict[str, Any]) -> dict[str, dict[str, int | None]]:
    """The data file's content, checked: "kinds" → kind → limit, and
    "mechanisms" → code → kind → limit; every limit a positive whole
    number or null."""
    result: dict[str, dict[str, int | None]] = {}
    entries: list[tuple[str, Any]] = [("", data.get("kinds") or {})]
    entries += [(str(code).upper(), kinds or {}) for code, kinds in (data.get("mechanisms") or {}).items()]
    for code, kinds in entries:
        for kind, limit in kinds.items():
            if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0):
                raise ValueError(
                    "{} {}: a limit is a positive whole number or null, not {!r}".format(code, kind, limit)
                )
            result.setdefault(code, {})[str(kind)] = limit
    return result


def shipped_word_limits() -> dict[str, dict[str, int | None]]:
    text = (resources.files("ckanext.simore.drafts") / "word_limits.yaml").read_text(encoding="utf-8")
    return parse_word_limits(yaml.safe_load(text))


def word_limit(limits: dict[str, dict[str, int | None]], code: str, kind: str) -> int | None:
    """The mechanism's own limit for the kind, else the kind's."""
    own = limits.get(code.upper(), {})
    if kind in own:
        return own[kind]
    return limits.get("", {}).get(kind)


def diff(before: str, after: str, before_label: str, after_label: str) -> list[dict[str, str]]:
    """The lines of a unified diff between two texts, each with its kind
    (``added``, ``removed``, ``context``, ``hunk``) for the page to colour."""
    lines = difflib.unified_diff(
        before.splitlines(), after.splitlines(), fromfile=before_label, tofile=after_label, lineterm="", n=2
    )
    result = []
    for line in lines:
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "added", "-": "removed", "@": "hunk"}.get(line[:1], "context")
        result.append({"kind": kind, "text": line})
    return result
