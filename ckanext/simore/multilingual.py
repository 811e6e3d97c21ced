"""Multilingual values, stored as ckanext-fluent stores them: a JSON object
keyed by language code, e.g. ``{"es": "…", "en": "…"}``.

Pure logic: nothing here imports CKAN.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any


def N_(message: str) -> str:
    """Marks a message for translation; the caller translates it."""
    return message


NOT_AN_OBJECT = N_('expected an object keyed by language code, e.g. {{"es": "…", "en": "…"}}')
UNKNOWN_LANGUAGE = N_("unknown language {lang!r} (expected one of: {languages})")
NOT_A_STRING = N_("the {lang} text must be a string")
MISSING_LANGUAGE = N_("missing text in language {lang!r}")

# The portal's languages are ISO 639-1 codes; CKAN names two of its
# interface locales after a script or a country.
INTERFACE_LOCALES = {"zh": "zh_Hans_CN", "pt": "pt_BR"}


def interface_locale(language: str) -> str:
    """CKAN's locale for a content language: ``zh`` → ``zh_Hans_CN``."""
    return INTERFACE_LOCALES.get(language, language)


def content_language(locale: str) -> str:
    """The content language of a CKAN locale: ``pt_BR`` → ``pt``."""
    return locale.split("_")[0]


def keyed_by_locale(texts: Mapping[str, str]) -> dict[str, str]:
    """Texts keyed by language, keyed by CKAN's locales instead (as
    ckanext-scheming picks a label: by the interface locale)."""
    return {interface_locale(lang): text for lang, text in texts.items()}


# The field keeping the language a record's texts came in (an import from an
# English-only source): that language, not the portal's required ones, must
# be complete in its required texts, on every write.
SOURCE_LANGUAGE_FIELD = "source_language"

# A problem: a message template (translatable) and its parameters.
Problem = tuple[str, dict[str, str]]


def render(problem: Problem, translate=lambda message: message) -> str:
    template, params = problem
    return translate(template).format(**params)


class MultilingualError(ValueError):
    """A value that cannot be a multilingual text."""

    def __init__(self, problem: Problem):
        super().__init__(render(problem))
        self.problem = problem


def parse(value: Any) -> dict[str, str]:
    """A dict from a dict or its JSON text; anything else is refused."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            raise MultilingualError((NOT_AN_OBJECT, {}))
    if not isinstance(value, Mapping):
        raise MultilingualError((NOT_AN_OBJECT, {}))
    return dict(value)


def clean(
    value: Mapping[str, Any], languages: Iterable[str], required: Iterable[str]
) -> tuple[dict[str, str], list[Problem]]:
    """Strip the texts, drop empty ones, and list what is wrong.

    Returns the cleaned value (in the configured language order) and the
    problems: unknown languages, non-text values, missing required
    languages.
    """
    languages = list(languages)
    errors: list[Problem] = []
    texts: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in languages:
            errors.append((UNKNOWN_LANGUAGE, {"lang": lang, "languages": ", ".join(languages)}))
        elif text is None:
            continue
        elif not isinstance(text, str):
            errors.append((NOT_A_STRING, {"lang": lang}))
        elif text.strip():
            texts[lang] = text.strip()
    for lang in required:
        if lang in languages and lang not in texts and not errors:
            errors.append((MISSING_LANGUAGE, {"lang": lang}))
    ordered = {lang: texts[lang] for lang in languages if lang in texts}
    return ordered, errors


def pick(value: Mapping[str, str] | None, preferred: Iterable[str]) -> str:
    """The text in the first preferred language that has one, else any.
    Interface texts keyed by CKAN's locale (``zh_Hans_CN``) answer for
    their language."""
    if not value:
        return ""
    for lang in preferred:
        for key in (lang, interface_locale(lang)):
            if value.get(key):
                return value[key]
    return next((text for text in value.values() if text), "")


def one_line(text: str, limit: int) -> str:
    """A text on one line, cut to ``limit`` characters with an ellipsis:
    what a record's plain title is made of."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def restricted(value: Mapping[str, str], languages: Iterable[str]) -> dict[str, str]:
    """The texts of ``value`` in ``languages`` only."""
    wanted = set(languages)
    return {lang: text for lang, text in value.items() if lang in wanted}


def form_key(field_name: str, lang: str) -> str:
    """Name of a form input holding one language of a multilingual field."""
    return "{}-{}".format(field_name, lang)
