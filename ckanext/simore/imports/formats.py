"""The three layouts an import reads, each row mapped to a Record through
the vocabularies' aliases:

- ``uhri``: the Universal Human Rights Index's "Export to Excel" columns
  (as .xlsx or CSV), with its quirks: misspelt headings, ``- `` lists in
  one cell, stray spaces, ISO-2 country codes, Excel serial dates, the
  paragraph number at the start of the text, ``16.3 - …`` SDG labels,
  ``38th Session``;
- ``upr_info``: UPR Info's CSV (To, Text, From, Response, Issue, Session);
- ``simore``: this portal's own exports (codes in columns named after the
  schema's fields), so that an export can be imported elsewhere.

Pure logic: nothing here imports CKAN.
"""

from __future__ import annotations

import datetime
import functools
import html
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from ckanext.simore.exports.columns import LIST_SEPARATOR
from ckanext.simore.exports.formulas import restored
from ckanext.simore.imports import messages as m
from ckanext.simore.imports.messages import FileRefused, Message
from ckanext.simore.imports.records import (
    IMPORTED_FIELDS,
    LIST_FIELDS,
    SOURCE_LANGUAGE_FIELD,
    Record,
    cycle_for_session,
    unique,
)
from ckanext.simore.imports.sources import Row
from ckanext.simore.vocabularies import terms as vocabulary

UHRI = "uhri"
UPR_INFO = "upr_info"
SIMORE = "simore"

# UHRI's headings, keyed by their normalised spelling (UHRI misspells two;
# the correct spelling is accepted too).
UHRI_COLUMNS = {
    "text": "Text",
    "countries concerned": "Countries Concerned",
    "reccomending body": "Recommending Body",
    "recommending body": "Recommending Body",
    "document symbol": "Document Symbol",
    "themes": "Themes",
    "affected persons": "Affected Persons",
    "sdgs": "Sdgs",
    "document publication date": "Document Publication Date",
    "upr reccomending states": "UPR Recommending States",
    "upr recommending states": "UPR Recommending States",
    "upr position": "UPR Position",
    "type": "Type",
    "ohchr annotation id": "OHCHR Annotation Id",
    "upr session": "UPR Session",
    "regions concerned": "Regions Concerned",
    "recommending regions": "Recommending Regions",
    "date of publication on uhri": "Date of publication on UHRI",
}
UHRI_REQUIRED = ("Text", "Countries Concerned", "Recommending Body")
UPR_INFO_COLUMNS = {
    name.lower(): name
    for name in (
        "To",
        "To-Rgrp",
        "To-Org",
        "Text",
        "From",
        "From-Rgrp",
        "From-Org",
        "Response",
        "Action",
        "Issue",
        "Session",
        "source_file",
    )
}
UPR_INFO_REQUIRED = ("To", "Text", "From", "Response", "Issue", "Session")
SIMORE_REQUIRED = ("name", "mechanism")

SPECIAL_PROCEDURE = re.compile(r"^(SR|WG|IE)[\s\-]+\S", re.IGNORECASE)
PARAGRAPH = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?\s+(?=\S)|^\s*(\d+)\.\s+(?=\S)")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _key(header: str) -> str:
    return " ".join(header.split()).casefold()


def detect(headers: list[str]) -> tuple[str, dict[str, str]]:
    """The layout of a file from its headings, and the mapping from the
    file's headings to the canonical ones; FileRefused if none fits."""
    keys = {_key(h): h for h in headers if h}
    candidates = (
        (UHRI, UHRI_COLUMNS, UHRI_REQUIRED, "UHRI"),
        (UPR_INFO, UPR_INFO_COLUMNS, UPR_INFO_REQUIRED, "UPR Info"),
    )
    for layout, known, required, title in candidates:
        mapping = {keys[k]: canonical for k, canonical in known.items() if k in keys}
        if layout == UPR_INFO and "to" not in keys:
            continue
        if layout == UHRI and "countries concerned" not in keys and "ohchr annotation id" not in keys:
            continue
        missing = [c for c in required if c not in mapping.values()]
        if missing:
            raise FileRefused(m.MISSING_COLUMNS, format=title, columns=", ".join(missing))
        return layout, mapping
    if all(k in keys for k in SIMORE_REQUIRED) and any(k.startswith("text_") for k in keys):
        return SIMORE, {h: h for h in headers if h}
    raise FileRefused(m.UNKNOWN_COLUMNS, found=", ".join(h for h in headers if h)[:500])


def parser(layout: str, mapping: dict[str, str], languages: Iterable[str]) -> Callable[[Row], Record]:
    """A function turning one row of the file into a Record."""
    languages = list(languages)
    if layout == UHRI:
        return lambda row: parse_uhri(row[0], _rename(row[1], mapping))
    if layout == UPR_INFO:
        return lambda row: parse_upr_info(row[0], _rename(row[1], mapping))
    # the portal's own CSV export marks formula-like cells (exports.formulas)
    return lambda row: parse_simore(row[0], {h: restored(v) for h, v in row[1].items()}, languages)


def _rename(cells: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    return {mapping[h]: v for h, v in cells.items() if h in mapping}


# -- cells ---------------------------------------------------------------


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(html.unescape(str(value)).split())


def cell_lines(value: Any) -> list[str]:
    """The values of a multi-valued UHRI cell: one per line, each starting
    with ``- ``."""
    if value is None:
        return []
    lines = re.split(r"[\r\n]+", html.unescape(str(value)))
    return unique(" ".join(line.strip().lstrip("-•").split()) for line in lines)


# Labels repeat from row to row (tens of thousands of rows, hundreds of
# labels): each is looked up once per process.
@functools.lru_cache(maxsize=8192)
def _codes(vocab_name: str, source: str, label: str) -> tuple[str, ...]:
    return tuple(unique(vocabulary.get(vocab_name).codes_for_label(source, label)))


def map_labels(record: Record, field: str, vocab_name: str, source: str, labels: Iterable[str]) -> None:
    codes = list(record.fields.get(field) or [])
    for label in labels:
        found = _codes(vocab_name, source, label)
        if not found:
            record.warnings.append(Message(m.UNKNOWN_LABEL, {"vocabulary": vocab_name, "label": label}))
        codes.extend(c for c in found if c not in codes)
    if codes:
        record.fields[field] = codes


@functools.lru_cache(maxsize=4096)
def country_code(label: str, source: str) -> str | None:
    """A country's ISO alpha-3 code from its name in any language, the
    source's alias, or an ISO alpha-2 / alpha-3 code."""
    vocab = vocabulary.get("countries")
    cleaned = label.strip()
    if cleaned.upper() in vocab:
        return cleaned.upper()
    if len(cleaned) == 2:
        for term in vocab.terms:
            if str(term.extra.get("alpha2", "")).upper() == cleaned.upper():
                return term.code
    codes = _codes("countries", source, cleaned)
    return codes[0] if len(codes) == 1 else None


def country_codes(labels: Iterable[str], source: str) -> tuple[list[str], list[str]]:
    """The labels' country codes (each once), and the labels that name none."""
    codes: list[str] = []
    unknown: list[str] = []
    for label in labels:
        code = country_code(label, source)
        if code is None:
            unknown.append(label)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def map_countries(record: Record, labels: Iterable[str], source: str) -> list[str]:
    """The labels' country codes; a label that names none is a warning."""
    codes, unknown = country_codes(labels, source)
    _warn_unknown_countries(record, unknown)
    return codes


def _warn_unknown_countries(record: Record, labels: list[str]) -> None:
    record.warnings.extend(Message(m.UNKNOWN_COUNTRY, {"label": label}) for label in labels)


def parse_date(value: Any) -> datetime.date | None:
    """Excel serial day numbers, ISO dates, dd/mm/yyyy; None if neither."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        return None
    text = cell_text(value)
    if re.fullmatch(r"\d{4,5}(\.0+)?", text) and not re.fullmatch(r"(19|20)\d\d", text):
        return parse_date(float(text))
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text[:19], pattern).date()
        except ValueError:
            continue
    return None


def split_paragraph(text: str) -> tuple[str, str]:
    """(paragraph, text without it): UHRI starts a text with its paragraph
    number, e.g. ``118.1 Ratify …``."""
    match = PARAGRAPH.match(text)
    if not match:
        return "", text
    return match.group(1) or match.group(2), text[match.end() :].strip()


def _session(record: Record, value: Any) -> None:
    text = cell_text(value)
    if not text:
        return
    number = re.match(r"\d+", text)
    if not number:
        record.warnings.append(Message(m.BAD_SESSION, {"value": text}))
        return
    record.fields["session"] = str(int(number.group()))
    cycle = cycle_for_session(int(number.group()))
    if cycle and record.mechanism_label.upper() == "UPR":
        record.fields["upr_cycle"] = cycle


def _single(record: Record, field: str, vocab_name: str, source: str, value: Any) -> None:
    label = cell_text(value)
    if not label:
        return
    codes = _codes(vocab_name, source, label)
    if codes:
        record.fields[field] = codes[0]
    else:
        record.warnings.append(Message(m.UNKNOWN_LABEL, {"vocabulary": vocab_name, "label": label}))


def _text(record: Record, value: Any, language: str) -> None:
    text = cell_text(value)
    if text:
        record.texts[language] = text
    else:
        record.errors.append(Message(m.EMPTY_TEXT))


def _country(record: Record, labels: list[str], source: str, column: str) -> None:
    if not labels:
        record.errors.append(Message(m.MISSING_VALUE, {"column": column}))
        return
    codes, unknown = country_codes(labels, source)
    if not codes:  # the row is refused: its error names the labels, once
        record.errors.append(Message(m.UNKNOWN_COUNTRY, {"label": ", ".join(labels)}))
        return
    _warn_unknown_countries(record, unknown)
    if len(codes) > 1:
        record.warnings.append(Message(m.SEVERAL_COUNTRIES, {"labels": ", ".join(labels)}))
    record.fields["country"] = codes[0]


# -- UHRI ------------------------------------------------------------------


def parse_uhri(number: int, cells: dict[str, Any]) -> Record:
    record = Record(row=number, texts={}, fields={})
    paragraph, text = split_paragraph(cell_text(cells.get("Text")))
    _text(record, text, "en")
    if paragraph:
        record.fields["paragraph"] = paragraph
    bodies = cell_lines(cells.get("Recommending Body"))
    if not bodies:
        record.errors.append(Message(m.MISSING_VALUE, {"column": "Recommending Body"}))
    else:
        record.mechanism_label = bodies[0]
    _country(record, cell_lines(cells.get("Countries Concerned")), "uhri", "Countries Concerned")
    symbol = cell_text(cells.get("Document Symbol"))
    if symbol:
        record.fields["document_symbol"] = symbol
    map_labels(record, "themes", "themes", "uhri", cell_lines(cells.get("Themes")))
    map_labels(record, "affected_persons", "affected_persons", "uhri", cell_lines(cells.get("Affected Persons")))
    _sdgs(record, cell_lines(cells.get("Sdgs")))
    raw_date = cells.get("Document Publication Date")
    if cell_text(raw_date):
        date = parse_date(raw_date)
        if date:
            record.fields["publication_date"] = date.isoformat()
        else:
            record.warnings.append(Message(m.BAD_DATE, {"value": cell_text(raw_date)}))
    states = cell_lines(cells.get("UPR Recommending States"))
    if states:
        record.fields["recommending_states"] = map_countries(record, states, "uhri")
    _single(record, "upr_position", "upr_positions", "uhri", cells.get("UPR Position"))
    _single(record, "record_type", "record_types", "uhri", cells.get("Type"))
    record.fields.setdefault("record_type", "recommendation")
    annotation = cell_text(cells.get("OHCHR Annotation Id"))
    if annotation:
        record.fields["external_id"] = annotation
    _session(record, cells.get("UPR Session"))
    if "session" not in record.fields and record.fields.get("publication_date"):
        # a treaty body's review is identified by its year
        if record.mechanism_label.upper() != "UPR":
            record.fields["session"] = record.fields["publication_date"][:4]
    return record


def _sdgs(record: Record, labels: list[str]) -> None:
    goals = vocabulary.get("sdg_goals")
    targets = vocabulary.get("sdg_targets")
    for label in labels:
        code = label.split(" - ", 1)[0].strip() if " - " in label else label.strip()
        alias = _codes("sdg_goals", "uhri", label)
        if alias or code in goals:
            field, found = "sdg_goals", (alias or [code])[0]
        elif code.lower() in targets:
            field, found = "sdg_targets", code.lower()
        else:
            record.warnings.append(Message(m.UNKNOWN_LABEL, {"vocabulary": "sdg_targets", "label": label}))
            continue
        codes = record.fields.setdefault(field, [])
        if found not in codes:
            codes.append(found)


# -- UPR Info ----------------------------------------------------------------


def parse_upr_info(number: int, cells: dict[str, Any]) -> Record:
    record = Record(row=number, texts={}, fields={}, mechanism_label="UPR")
    _text(record, cells.get("Text"), "en")
    _country(record, [cell_text(cells.get("To"))] if cell_text(cells.get("To")) else [], "upr_info", "To")
    _single(record, "upr_position", "upr_positions", "upr_info", cells.get("Response"))
    pledge = record.fields.get("upr_position") == "voluntary_pledge"
    # A voluntary pledge is the State's own commitment: it names itself in
    # From, and is no recommendation.
    record.fields["record_type"] = "other" if pledge else "recommendation"
    recommending = cell_text(cells.get("From"))
    if recommending and not pledge:
        record.fields["recommending_states"] = map_countries(record, [recommending], "upr_info")
    issues = unique(cell_text(part) for part in str(cells.get("Issue") or "").split(","))
    for issue in issues:
        themes = _codes("themes", "upr_info", issue)
        persons = _codes("affected_persons", "upr_info", issue)
        if not themes and not persons:
            record.warnings.append(Message(m.UNKNOWN_LABEL, {"vocabulary": "issues", "label": issue}))
        for field, codes in (("themes", themes), ("affected_persons", persons)):
            existing = record.fields.setdefault(field, [])
            existing.extend(c for c in codes if c not in existing)
    for field in ("themes", "affected_persons"):
        if not record.fields.get(field):
            record.fields.pop(field, None)
    _session(record, cells.get("Session"))
    return record


# -- this portal's exports -----------------------------------------------------


def _cell_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return unique(str(v).strip() for v in value)
    text = str(value or "").strip()
    if text.startswith("["):
        try:
            return unique(str(v).strip() for v in json.loads(text))
        except ValueError:
            pass
    return unique(part.strip() for part in text.split(LIST_SEPARATOR.strip()))


def parse_simore(number: int, cells: dict[str, Any], languages: list[str]) -> Record:
    record = Record(
        row=number,
        texts={},
        fields={},
        name=cell_text(cells.get("name")),
        private=cell_text(cells.get("private")).lower() in ("true", "1", "yes"),
    )
    texts = cells.get("text_translated")
    if isinstance(texts, dict):
        record.texts.update({k: cell_text(v) for k, v in texts.items() if cell_text(v)})
    for lang in languages:
        if cell_text(cells.get("text_" + lang)):
            record.texts[lang] = cell_text(cells.get("text_" + lang))
    if not record.texts:
        record.errors.append(Message(m.EMPTY_TEXT))
    else:
        record.language = "en" if "en" in record.texts else next(iter(record.texts))
    if SOURCE_LANGUAGE_FIELD in cells:
        # a record the portal imported keeps its source language; one typed
        # in the portal has none and needs the required languages
        source = cell_text(cells[SOURCE_LANGUAGE_FIELD])
        record.source_language = source if source in record.texts else None
    else:
        # an export made before source languages were kept
        record.source_language = record.language
    record.mechanism_label = cell_text(cells.get("mechanism"))
    for field in IMPORTED_FIELDS:
        if field == "mechanism" or field not in cells:
            continue
        if field in LIST_FIELDS:
            values = _cell_list(cells[field])
            if values:
                record.fields[field] = values
        elif cell_text(cells[field]):
            record.fields[field] = cell_text(cells[field])
    return record
