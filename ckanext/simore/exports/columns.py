"""The columns of an export, read from a dataset type's scheming fields:
codes and labels (in the chosen language) for vocabularies and links,
one column per language for multilingual texts. Column names are stable
(field names), so that an export can be imported again.

Pure logic: nothing here imports CKAN.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ckanext.simore import multilingual
from ckanext.simore.vocabularies import terms as vocabulary

# Separator of several values in one CSV or Excel cell (JSON keeps lists).
LIST_SEPARATOR = "; "
SKIPPED_PRESETS = ("simore_derived_title",)
SKIPPED_FIELDS = ("name", "owner_org")

Labeller = Callable[[str], str]


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable[[Mapping[str, Any]], Any]


def _as_list(value: Any) -> list[str]:
    if value in (None, "", []):
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def _texts(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return dict(value)
    try:
        return multilingual.parse(value or {})
    except multilingual.MultilingualError:
        return {}


def _is_multilingual(field: Mapping[str, Any]) -> bool:
    return str(field.get("preset", "")).startswith("simore_multilingual")


def _base_name(field_name: str) -> str:
    return field_name[: -len("_translated")] if field_name.endswith("_translated") else field_name


def vocabulary_labeller(name: str, lang: str, fallbacks: Iterable[str]) -> Labeller:
    vocab = vocabulary.get(name)
    fallbacks = list(fallbacks)

    def label(code: str) -> str:
        term = vocab.by_code.get(code)
        return term.label_in(lang, fallbacks) if term else code

    return label


def _choice_labeller(choices: list[Mapping[str, Any]], fallbacks: list[str]) -> Labeller:
    labels = {choice["value"]: choice["label"] for choice in choices}

    def label(code: str) -> str:
        found = labels.get(code, code)
        return multilingual.pick(found, fallbacks) if isinstance(found, Mapping) else str(found)

    return label


def columns_for(
    fields: list[Mapping[str, Any]],
    lang: str,
    languages: list[str],
    reference_labeller: Callable[[Mapping[str, Any]], Labeller | None],
    record_url: Callable[[Mapping[str, Any]], str],
) -> list[Column]:
    """The export's columns for a dataset type's scheming fields."""
    fallbacks = [lang] + [other for other in languages if other != lang]
    result = [Column("name", lambda d: d.get("name", "")), Column("url", record_url)]
    for field in fields:
        name = field["field_name"]
        if name in SKIPPED_FIELDS or field.get("preset") in SKIPPED_PRESETS:
            continue
        if _is_multilingual(field):
            base = _base_name(name)
            result.append(Column(base, functools.partial(_text_in, name=name, languages=fallbacks)))
            for other in languages:
                result.append(
                    Column("{}_{}".format(base, other), functools.partial(_text_in, name=name, languages=[other]))
                )
            continue
        labeller: Labeller | None = None
        if field.get("vocabulary"):
            labeller = vocabulary_labeller(field["vocabulary"], lang, fallbacks[1:])
        elif field.get("choices"):
            labeller = _choice_labeller(field["choices"], fallbacks)
        else:
            labeller = reference_labeller(field)
        multiple = bool(field.get("multiple")) or field.get("preset") in ("simore_vocabulary_multiple",)
        result.append(Column(name, functools.partial(_values if multiple else _value, name=name)))
        if labeller is not None:
            result.append(
                Column(
                    name + "_label", functools.partial(_labels if multiple else _label, name=name, labeller=labeller)
                )
            )
    result.extend(
        [
            Column("organization", lambda d: (d.get("organization") or {}).get("name", "")),
            Column("private", lambda d: bool(d.get("private"))),
            Column("metadata_created", lambda d: d.get("metadata_created", "")),
            Column("metadata_modified", lambda d: d.get("metadata_modified", "")),
        ]
    )
    return result


def listed_columns(name: str, labeller: Labeller | None = None) -> list[Column]:
    """The columns of a list of codes the export adds beside the schema's
    fields: the codes, and their labels if they have any."""
    result = [Column(name, functools.partial(_values, name=name))]
    if labeller is not None:
        result.append(Column(name + "_label", functools.partial(_labels, name=name, labeller=labeller)))
    return result


def record(columns: list[Column], dataset: Mapping[str, Any]) -> dict[str, Any]:
    """One export row as a dict (lists stay lists)."""
    return {column.name: column.value(dataset) for column in columns}


def flat(value: Any) -> Any:
    """A value for a CSV or Excel cell."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


# What a column reads from a record (``name`` is the field's).


def _text_in(record: Mapping[str, Any], name: str, languages: list[str]) -> str:
    """A multilingual field's text in the first of ``languages`` it has
    (one language: that one or nothing)."""
    texts = _texts(record.get(name))
    if len(languages) == 1:
        return texts.get(languages[0], "")
    return multilingual.pick(texts, languages)


def _value(record: Mapping[str, Any], name: str) -> Any:
    return record.get(name) if record.get(name) is not None else ""


def _values(record: Mapping[str, Any], name: str) -> list[Any]:
    return _as_list(record.get(name))


def _label(record: Mapping[str, Any], name: str, labeller: Labeller) -> str:
    return labeller(str(record.get(name))) if record.get(name) not in (None, "") else ""


def _labels(record: Mapping[str, Any], name: str, labeller: Labeller) -> list[str]:
    return [labeller(value) for value in _as_list(record.get(name))]
