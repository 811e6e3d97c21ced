"""A recommendation read from one row of an export, its identity (name and
matching key), and how it becomes the dataset dict of a new record or
changes an existing one without touching what the portal's users own.

Pure logic: nothing here imports CKAN.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ckanext.simore import names
from ckanext.simore.imports.messages import DUPLICATE, DUPLICATE_CONFLICT, DUPLICATE_LABELS, Message
from ckanext.simore.multilingual import SOURCE_LANGUAGE_FIELD

# UHRI and UPR Info publish in English.
SOURCE_LANGUAGE = "en"
TEXT_FIELD = "text_translated"
LIST_FIELDS = ("recommending_states", "themes", "affected_persons", "sdg_goals", "sdg_targets")
# The fields an import writes. Everything else (institutions, lead
# institution, implementation status, texts in other languages, resources,
# the workflow's fields) belongs to the portal's users and is never
# overwritten by an update.
IMPORTED_FIELDS = (
    "mechanism",
    "record_type",
    "country",
    "upr_cycle",
    "session",
    "document_symbol",
    "paragraph",
    "publication_date",
    "upr_position",
    "external_id",
    "source_url",
) + LIST_FIELDS
NAME_PREFIX = "rec-"


@dataclass
class Record:
    row: int
    # texts by language; ``language`` is the one that identifies the record
    texts: dict[str, str]
    fields: dict[str, Any]
    language: str = SOURCE_LANGUAGE
    # the language the text came in, kept by the record (None: a portal's
    # own record, whose texts follow the required languages)
    source_language: str | None = SOURCE_LANGUAGE
    warnings: list[Message] = field(default_factory=list)
    errors: list[Message] = field(default_factory=list)
    # the mechanism as the file names it, until resolved to a record's name
    mechanism_label: str = ""
    # a name given by the file (this portal's own exports)
    name: str = ""
    # a private record exported by a portal stays private
    private: bool = False

    @property
    def text(self) -> str:
        return self.texts.get(self.language, "")

    @property
    def rejected(self) -> bool:
        return bool(self.errors)


def cycle_for_session(session: int) -> str | None:
    """The UPR cycle of a Working Group session (cycle 1 = sessions 1-12,
    2 = 13-26, 3 = 27-40, 4 = 41-54)."""
    for cycle, last in (("1", 12), ("2", 26), ("3", 40), ("4", 54)):
        if 1 <= session <= last:
            return cycle
    return None


def normalise_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_key(text: str, fields: Mapping[str, Any]) -> str:
    """What identifies a recommendation without an annotation id: document
    symbol, paragraph, recommending States and text; with the mechanism,
    country and session, which the symbol implies but UPR Info lacks (the
    same text from the same State recurs from one cycle to the next)."""
    parts = [
        str(fields.get(name) or "").strip().casefold()
        for name in ("mechanism", "country", "session", "document_symbol", "paragraph")
    ]
    parts.append(",".join(sorted(fields.get("recommending_states") or [])))
    parts.append(normalise_text(text))
    return "\x1f".join(parts)


def record_name(external_id: str | None, key: str) -> str:
    """A deterministic URL name, so that a re-import finds the record: from
    the UHRI annotation id when there is one, else a hash of the key."""
    if external_id:
        try:
            return NAME_PREFIX + str(uuid.UUID(external_id.strip()))
        except ValueError:
            slug = names.url_name(external_id)
            if 2 <= len(slug) <= 90:
                return NAME_PREFIX + slug
            key = "external:" + external_id.strip()
    return NAME_PREFIX + hashlib.sha1(key.encode("utf-8")).hexdigest()[:24]


def identity(record: Record) -> tuple[str, str]:
    """(name, key) of a record whose mechanism has been resolved."""
    key = match_key(record.text, record.fields)
    return record.name or record_name(record.fields.get("external_id"), key), key


def merge_duplicate(first: Record, other: Record) -> Message:
    """Fold a later row for the same recommendation into the first: list
    fields are combined, single values of the first row are kept."""
    combined = False
    for name in LIST_FIELDS:
        extra = [code for code in other.fields.get(name) or [] if code not in (first.fields.get(name) or [])]
        if extra:
            first.fields[name] = list(first.fields.get(name) or []) + extra
            combined = True
    for name in IMPORTED_FIELDS:
        if name in LIST_FIELDS:
            continue
        mine, theirs = first.fields.get(name), other.fields.get(name)
        if theirs not in (None, "") and mine not in (None, "") and theirs != mine:
            return Message(DUPLICATE_CONFLICT, {"row": first.row, "field": name, "value": theirs})
    return Message(DUPLICATE_LABELS if combined else DUPLICATE, {"row": first.row})


def new_dataset(record: Record, name: str, owner_org: str) -> dict[str, Any]:
    """The package_create input for a new record."""
    data: dict[str, Any] = {
        "type": "recommendation",
        "name": name,
        "owner_org": owner_org,
        TEXT_FIELD: dict(record.texts),
    }
    if record.source_language:
        data[SOURCE_LANGUAGE_FIELD] = record.source_language
    if record.private:
        data["private"] = True
    for key in IMPORTED_FIELDS:
        value = record.fields.get(key)
        if value not in (None, "", []):
            data[key] = value
    return data


def _as_list(value: Any) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return [value]
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _as_texts(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            return {}
    return dict(value) if isinstance(value, Mapping) else {}


def imported_values(record: Record) -> dict[str, Any]:
    """The values an import owns, in a comparable form."""
    values = {key: record.fields.get(key) for key in IMPORTED_FIELDS}
    values.update({"text_" + lang: text for lang, text in record.texts.items()})
    return _comparable(values)


def stored_values(stored: Mapping[str, Any], languages: Iterable[str]) -> dict[str, Any]:
    """The same values of an existing record (package_show output or its
    stored extras), for the texts of the given languages."""
    values = {key: stored.get(key) for key in IMPORTED_FIELDS}
    texts = _as_texts(stored.get(TEXT_FIELD))
    values.update({"text_" + lang: texts.get(lang, "") for lang in languages})
    return _comparable(values)


def _comparable(values: Mapping[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in values.items():
        if key in LIST_FIELDS:
            result[key] = _as_list(value)
        else:
            result[key] = "" if value is None else str(value).strip()
    return result


def changes(record: Record, stored: Mapping[str, Any]) -> list[str]:
    """Names of the imported fields whose value differs from the stored
    record's."""
    new, old = imported_values(record), stored_values(stored, record.texts)
    return [key for key in new if new[key] != old[key]]


def updated_dataset(current: Mapping[str, Any], record: Record) -> dict[str, Any]:
    """The package_update input for an existing record: its current dict
    with the imported fields replaced; the source language's text replaced
    and the other languages' texts kept, and the stored source language."""
    data = dict(current)
    for key in IMPORTED_FIELDS:
        value = record.fields.get(key)
        if value in (None, "", []):
            data.pop(key, None)
        else:
            data[key] = value
    texts = _as_texts(current.get(TEXT_FIELD))
    texts.update(record.texts)
    data[TEXT_FIELD] = texts
    if record.source_language:
        # a record imported before source languages were kept gets its own
        data.setdefault(SOURCE_LANGUAGE_FIELD, record.source_language)
    return data


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
