"""What the portal already holds, read in one query per dataset type: the
recommendations an import may match, and the mechanisms its rows name."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ckanext.simore.db import extras
from ckanext.simore.imports.records import IMPORTED_FIELDS, TEXT_FIELD, match_key
from ckanext.simore.vocabularies.terms import normalise_label

_KEYS = tuple(IMPORTED_FIELDS) + (TEXT_FIELD, "code", "title_translated")


def _json(value: Any, default: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return default
    return value if value is not None else default


@dataclass
class Mechanisms:
    """The portal's mechanisms, found by code, name or title in any
    language (UHRI names a body ``CRC`` or ``Committee on the Rights of the
    Child``)."""

    by_label: dict[str, str] = field(default_factory=dict)

    def find(self, label: str) -> str | None:
        return self.by_label.get(normalise_label(label)) if label else None

    def add(self, name: str, labels: Iterable[str]) -> None:
        for label in labels:
            if label:
                self.by_label.setdefault(normalise_label(label), name)


def mechanisms() -> Mechanisms:
    found = Mechanisms()
    for name, stored in extras.stored_by_name("mechanism", ("code", "title_translated")).items():
        if stored["state"] != "active":
            continue
        titles = _json(stored.get("title_translated"), {})
        found.add(name, [stored.get("code") or "", name, *(titles.values() if isinstance(titles, dict) else [])])
    return found


@dataclass
class Existing:
    """The portal's recommendations, by name, external id and matching
    key."""

    by_name: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_external_id: dict[str, str] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)

    def find(self, name: str, external_id: str | None, key: str) -> dict[str, Any] | None:
        if name in self.by_name:
            return self.by_name[name]
        other = (external_id and self.by_external_id.get(external_id.strip().lower())) or self.by_key.get(key)
        return self.by_name.get(other) if other else None

    def add(self, stored: dict[str, Any]) -> None:
        self.by_name[stored["name"]] = stored
        if stored.get("external_id"):
            self.by_external_id.setdefault(str(stored["external_id"]).strip().lower(), stored["name"])
        fields = dict(stored)
        fields["recommending_states"] = _json(stored.get("recommending_states"), [])
        texts = _json(stored.get(TEXT_FIELD), {})
        for text in texts.values() if isinstance(texts, dict) else []:
            self.by_key.setdefault(match_key(text, fields), stored["name"])


def recommendations() -> Existing:
    existing = Existing()
    for stored in extras.stored_by_name("recommendation", _KEYS).values():
        existing.add(stored)
    return existing
