"""A Solr document (what CKAN's ``index_package`` sends to ``conn.add``)
turned into the values of one row of the PostgreSQL index.

Pure: imports nothing from CKAN. The SQL that stores the row is in
``writer.py``; text is analysed by PostgreSQL itself from the (form, text)
pairs prepared here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from ckanext.simore.search import datemath
from ckanext.simore.search import fields as schema
from ckanext.simore.search.fields import Kind
from ckanext.simore.search.ideographs import spaced

# Longer string values are indexed by their digest in ``terms`` (a GIN key
# has a size limit); exact matches still work, wildcards on them do not.
MAX_TERM_CHARS = 200
PARTITION_COLUMNS = ("site_id", "dataset_type", "state", "capacity")
DATE_COLUMNS = ("metadata_created", "metadata_modified")
# String fields with a column of their own in simore_search_doc (read
# without touching the larger terms array); not repeated in ``terms``.
COLUMN_FIELDS = {
    "site_id": "site_id",
    "dataset_type": "dataset_type",
    "state": "state",
    "capacity": "capacity",
    "index_id": "index_id",
    "id": "id",
    "name": "name",
    "title_string": "title_string",
    "permission_labels": "labels",
}

# String fields kept in ``terms`` whose values PostgreSQL also joins into a
# column of their own, trigram-indexed, so that a prefix query on them
# (``document_symbol:A\/HRC\/17*``, the recommendation picker's) is
# found through an index: each value follows a newline, escaped by
# ``escape_value`` (migration 010).
VALUE_COLUMNS = {"document_symbol": "document_symbols"}


def escape_value(value: str) -> str:
    """A value as its VALUE_COLUMNS column holds it: a newline only ever
    starts a value."""
    return value.replace("\\", "\\\\").replace("\n", "\\n")


# First in every row's facet values: counting it counts the documents, in
# the same pass as the facet counts (and per partition, in the kept counts).
TOTAL_TOKEN = "="


def term_token(field: str, value: str) -> str:
    """The ``terms`` entry for an exact (string-field) value."""
    if len(value) > MAX_TERM_CHARS:
        value = "#" + hashlib.md5(value.encode("utf-8")).hexdigest()
    return f"{field}={value}"


def presence_token(field: str) -> str:
    """The ``terms`` entry saying a document has a value for ``field``."""
    return field


def text_forms(field_name: str, languages: Iterable[str]) -> list[str]:
    """The analysis forms of a text field: the language-neutral one, or for
    ``text_<lang>`` the language's two stemmed forms (accents folded before
    and after stemming, so that both spellings meet). ``text`` itself, the
    catch-all, is queried in every form."""
    if field_name == "text":
        forms = [schema.NEUTRAL_CONFIG]
        for language in languages:
            forms.extend(language_forms(language))
        return list(dict.fromkeys(forms))
    language = schema.field(field_name).language
    return language_forms(language) if language else [schema.NEUTRAL_CONFIG]


def language_forms(language: str | None) -> list[str]:
    config = schema.language_config(language)
    if config == schema.NEUTRAL_CONFIG:
        return [config]
    # simore_<lang>: unaccent, then stem; <stemmer>: stem, then unaccent
    return [config, schema.LANGUAGE_STEMMERS[language]]


@dataclasses.dataclass
class IndexRow:
    """One document as the writer's INSERT takes it. The catch-all vector is
    made of the text parts, the language parts (text_<lang>) and the label
    parts (labels_<lang>), the last two also making their own fielded
    vector; the ranking vector of the text and language parts alone."""

    index_id: str
    id: str
    site_id: str
    name: str | None
    title: str | None
    dataset_type: str
    state: str
    capacity: str
    labels: list[str]
    metadata_created: str | None
    metadata_modified: str | None
    title_string: str | None
    terms: list[str]
    facets: list[str]
    vals: dict[str, Any]
    text_forms: list[str]
    text_bodies: list[str]
    text_weights: list[str]
    field_names: list[str]
    field_forms: list[str]
    field_bodies: list[str]
    language_names: list[str]
    language_forms: list[str]
    language_bodies: list[str]
    label_names: list[str]
    label_forms: list[str]
    label_bodies: list[str]
    stored: dict[str, Any]


class DocumentError(ValueError):
    pass


def solr_date(when: dt.datetime) -> str:
    """A date as Solr returns it: UTC, milliseconds only when not zero."""
    text = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    millis = when.microsecond // 1000
    return f"{text}.{millis:03d}Z" if millis else text + "Z"


def values_of(value: Any) -> list[str]:
    """A document value as Solr would index it: a list of non-empty
    strings (pysolr drops None and empty strings)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [item for element in value for item in values_of(element)]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, dt.datetime):
        return [value.isoformat() + ("Z" if value.tzinfo is None else "")]
    if isinstance(value, dt.date):
        return [value.isoformat()]
    if isinstance(value, dict):
        return [json.dumps(value, sort_keys=True, ensure_ascii=False)]
    text = str(value)
    return [text] if text else []


def _joined(parts: list[tuple[str, str, str]], body_at: int) -> list[tuple[str, str, str]]:
    """One part per field and analyser (and weight): a multivalued field's
    values analysed as one text. PostgreSQL's cost per analysed text
    dominates for short values such as vocabulary labels, and the positions
    run on from value to value as they do when vectors are concatenated."""
    grouped: dict[tuple[str, ...], list[str]] = {}
    for part in parts:
        grouped.setdefault(part[:body_at] + part[body_at + 1 :], []).append(part[body_at])
    return [
        key[:body_at] + ("\n".join(bodies),) + key[body_at:]  # type: ignore[misc]
        for key, bodies in grouped.items()
    ]


def build_row(doc: dict[str, Any], languages: Iterable[str], now: dt.datetime | None = None) -> IndexRow:
    languages = list(languages)
    if not doc.get("index_id"):
        raise DocumentError("A search document needs an index_id")
    now = now or dt.datetime.now(dt.timezone.utc)
    doc = dict(doc)
    doc.setdefault("indexed_ts", now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))

    terms: list[str] = []
    facets: list[str] = []
    vals: dict[str, Any] = {}
    text_parts: list[tuple[str, str]] = []
    field_parts: list[tuple[str, str, str]] = []
    language_parts: list[tuple[str, str, str]] = []  # text_<lang>, apart: large, rarely queried alone
    label_parts: list[tuple[str, str, str]] = []  # labels_<lang>: matched as the texts, not ranked
    stored: dict[str, Any] = {}
    columns: dict[str, Any] = {}

    for name, raw in doc.items():
        values = values_of(raw)
        if not values:
            continue
        spec = schema.field(name)
        if spec.kind is Kind.UNINDEXED:
            stored[name] = values[0]
            continue
        if spec.kind is Kind.NGRAM:
            continue  # derived from title / name
        if name not in COLUMN_FIELDS:
            terms.append(presence_token(name))
        if spec.kind is Kind.STRING:
            for value in values:
                if name not in COLUMN_FIELDS:
                    terms.append(term_token(name, value))
                if name not in schema.NOT_PRECOUNTED:
                    facets.append(f"{name}={value}")
        elif spec.kind is Kind.DATE:
            try:
                when = datemath.parse_date(values[0])
            except datemath.DateMathError:
                raise DocumentError(f"Invalid date in {name}: {values[0]!r}") from None
            iso = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            if name in DATE_COLUMNS:
                columns[name] = iso
            else:
                vals[name] = iso
            stored[name] = solr_date(when)
            continue
        elif spec.kind is Kind.INT:
            try:
                vals[name] = int(values[0])
            except ValueError:
                raise DocumentError(f"Invalid integer in {name}: {values[0]!r}") from None
        elif spec.language:  # text_<lang>, labels_<lang>: stemmed in that language, part of ``text`` too
            form = "|".join(language_forms(spec.language))  # both forms, analysed together
            (language_parts if spec.ranked else label_parts).extend((name, form, value) for value in values)
        elif name == "text":
            text_parts.extend((schema.NEUTRAL_CONFIG, value, "D") for value in values)
        elif spec.is_text:
            field_parts.extend((name, schema.NEUTRAL_CONFIG, value) for value in values)
        for target in schema.copy_targets(name):
            if target in ("title_ngram", "name_ngram"):
                continue
            for value in values:
                if target == "text":
                    text_parts.append((schema.NEUTRAL_CONFIG, value, schema.text_weight(name)))
                else:
                    if presence_token(target) not in terms:
                        terms.append(presence_token(target))
                    field_parts.append((target, schema.NEUTRAL_CONFIG, value))
                    if "text" in schema.copy_targets(target):
                        text_parts.append((schema.NEUTRAL_CONFIG, value, "D"))
        if spec.multivalued or isinstance(raw, (list, tuple, set)):
            stored[name] = values
        else:
            stored[name] = values[0]

    if text_parts or language_parts or label_parts:
        terms.append(presence_token("text"))
    text_parts = _joined(text_parts, body_at=1)
    field_parts = _joined(field_parts, body_at=2)
    language_parts = _joined(language_parts, body_at=2)
    label_parts = _joined(label_parts, body_at=2)

    def first(name: str) -> str | None:
        values = values_of(doc.get(name))
        return values[0] if values else None

    return IndexRow(
        index_id=first("index_id") or "",
        id=first("id") or "",
        site_id=first("site_id") or "",
        name=first("name"),
        title=first("title"),
        dataset_type=first("dataset_type") or "",
        state=first("state") or "",
        capacity=first("capacity") or "",
        labels=sorted(set(values_of(doc.get("permission_labels")))),
        metadata_created=columns.get("metadata_created"),
        metadata_modified=columns.get("metadata_modified"),
        title_string=first("title_string"),
        terms=list(dict.fromkeys(terms)),
        facets=[TOTAL_TOKEN] + facets,
        vals=vals,
        text_forms=[form for form, _, _ in text_parts],
        text_bodies=[spaced(body) for _, body, _ in text_parts],
        text_weights=[weight for _, _, weight in text_parts],
        field_names=[name for name, _, _ in field_parts],
        field_forms=[form for _, form, _ in field_parts],
        field_bodies=[spaced(body) for _, _, body in field_parts],
        language_names=[name for name, _, _ in language_parts],
        language_forms=[form for _, form, _ in language_parts],
        language_bodies=[spaced(body) for _, _, body in language_parts],
        label_names=[name for name, _, _ in label_parts],
        label_forms=[form for _, form, _ in label_parts],
        label_bodies=[spaced(body) for _, _, body in label_parts],
        stored=stored,
    )
