"""Multilingual values, stored as ckanext-fluent stores them: a JSON object
keyed by language code, e.g. ``{"es": "…", "en": "…"}``.

Pure logic: nothing here imports CKAN.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Mapping


class MultilingualError(ValueError):
    """A value that cannot be a multilingual text; the message says why."""


def parse(value: Any) -> dict[str, str]:
    """A dict from a dict or its JSON text; anything else is refused."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            raise MultilingualError(
                "expected an object keyed by language code, "
                'e.g. {"es": "…", "en": "…"}'
            )
    if not isinstance(value, Mapping):
        raise MultilingualError(
            'expected an object keyed by language code, e.g. {"es": "…", "en": "…"}'
        )
    return dict(value)


def clean(
    value: Mapping[str, Any], languages: Iterable[str], required: Iterable[str]
) -> tuple[dict[str, str], list[str]]:
    """Strip the texts, drop empty ones, and list what is wrong.

    Returns the cleaned value (in the configured language order) and the
    error messages: unknown languages, non-text values, missing required
    languages.
    """
    languages = list(languages)
    errors = []
    texts: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in languages:
            errors.append(
                "unknown language {!r} (expected one of: {})".format(
                    lang, ", ".join(languages)
                )
            )
        elif text is None:
            continue
        elif not isinstance(text, str):
            errors.append("the {} text must be a string".format(lang))
        elif text.strip():
            texts[lang] = text.strip()
    for lang in required:
        if lang in languages and lang not in texts and not errors:
            errors.append("missing text in language {!r}".format(lang))
    ordered = {lang: texts[lang] for lang in languages if lang in texts}
    return ordered, errors


def pick(value: Mapping[str, str] | None, preferred: Iterable[str]) -> str:
    """The text in the first preferred language that has one, else any."""
    if not value:
        return ""
    for lang in preferred:
        if value.get(lang):
            return value[lang]
    return next((text for text in value.values() if text), "")


def form_key(field_name: str, lang: str) -> str:
    """Name of a form input holding one language of a multilingual field."""
    return "{}-{}".format(field_name, lang)
