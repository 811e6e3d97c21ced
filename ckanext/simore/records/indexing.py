"""What the extension adds to a dataset's search document (any backend).

From the scheming-validated dataset it adds, for every schema field marked
``simore_index: codes``, the list of codes (facetable, exact), and for every
``simore_index: multilingual`` field its texts under ``text_<lang>``, where
the backend stems them in that language. The labels of vocabulary codes go
under ``labels_<lang>``, searched as the texts are (a search for "tortura"
finds recommendations classified under the theme "Prohibition of torture")
but not ranking them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import config, multilingual
from ckanext.simore.search.fields import LABELS_PREFIX
from ckanext.simore.vocabularies import terms as vocabulary


def schema_fields(dataset_type: str) -> list[dict[str, Any]]:
    schema = tk.h.scheming_get_dataset_schema(dataset_type)
    return schema["dataset_fields"] if schema else []


def _as_codes(value: Any) -> list[str]:
    if value in (None, "", []):
        return []
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return [value]
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _vocabulary_labels(name: str, codes: Iterable[str]) -> dict[str, list[str]]:
    vocab = vocabulary.get(name)
    labels: dict[str, list[str]] = {}
    for code in codes:
        term = vocab.by_code.get(code)
        for lang, label in term.label.items() if term else ():
            labels.setdefault(lang, []).append(label)
    return labels


def before_dataset_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    fields = schema_fields(pkg_dict.get("dataset_type") or pkg_dict.get("type", ""))
    if not fields:
        return pkg_dict
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    texts: dict[str, list[str]] = {lang: [] for lang in config.languages()}
    labels: dict[str, list[str]] = {}
    for field in fields:
        name, kind = field["field_name"], field.get("simore_index")
        value = validated.get(name)
        if kind == "codes":
            codes = _as_codes(value)
            pkg_dict[name] = codes
            pkg_dict.pop("extras_" + name, None)
            if field.get("vocabulary"):
                for lang, names in _vocabulary_labels(field["vocabulary"], codes).items():
                    labels.setdefault(lang, []).extend(names)
        elif kind == "multilingual":
            pkg_dict.pop(name, None)
            pkg_dict.pop("extras_" + name, None)
            try:
                value = multilingual.parse(value or {})
            except multilingual.MultilingualError:
                continue
            for lang, text in value.items():
                texts.setdefault(lang, []).append(text)
    for lang, values in texts.items():
        if values:
            pkg_dict["text_" + lang] = values
    for lang, values in labels.items():
        pkg_dict[LABELS_PREFIX + lang] = values
    year = str(validated.get("publication_date") or "")[:4]
    if year.isdigit():
        pkg_dict["publication_year"] = year
    return pkg_dict
