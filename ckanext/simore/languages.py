"""The interface language and the portal's languages as a request sees
them: multilingual values, vocabulary labels and record titles in the
reader's language (CKAN glue over ``multilingual`` and ``vocabularies``)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import config, multilingual, roles
from ckanext.simore.vocabularies import terms as vocabulary


def catalogue_locales() -> list[str]:
    """The CKAN locales the extension's interface is translated into."""
    folder = resources.files("ckanext.simore.i18n")
    return sorted(entry.name for entry in folder.iterdir() if entry.joinpath("LC_MESSAGES").is_dir())


def text_direction(lang: str) -> str:
    """``rtl`` for a language written right to left (Arabic), else ``ltr``."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang).text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"


def interface_locale() -> str | None:
    """The request's CKAN locale (``zh_Hans_CN``), None outside a request."""
    try:
        return tk.h.lang() or None
    except (TypeError, RuntimeError):
        return None


def interface_language() -> str | None:
    """The content language of the request's locale (``zh`` for
    ``zh_Hans_CN``), None outside a request."""
    locale = interface_locale()
    return multilingual.content_language(locale) if locale else None


def preferred_languages() -> list[str]:
    """The interface language first, then the configured order. A locale
    named after a script or a country (``zh_Hans_CN``) comes before its
    language: the schemas' interface texts are keyed by CKAN's locales, the
    records' texts and vocabularies by language."""
    locale, current = interface_locale(), interface_language()
    first = [code for code in dict.fromkeys([locale, current]) if code]
    return first + [lang for lang in config.languages() if lang not in first]


def label_order() -> tuple[str, list[str]]:
    preferred = preferred_languages()
    return preferred[0], preferred[1:]


def text(value: Any) -> str:
    """A multilingual value in the interface language, with fallback."""
    if isinstance(value, str):
        try:
            value = multilingual.parse(value)
        except multilingual.MultilingualError:
            return value
    return multilingual.pick(value or {}, preferred_languages())


def vocabulary_label(vocabulary_name: str, code: str) -> str:
    try:
        term = vocabulary.get(vocabulary_name).by_code.get(code)
    except KeyError:
        return code
    return term.label_in(*label_order()) if term else code


def translated_title(record: Any, name: str) -> str:
    """A dataset's or organization's title in the interface language, from
    its ``title_translated`` when it has one."""
    if record is None:
        return name
    translated = record.extras.get("title_translated")
    return (text(translated) if translated else "") or record.title or record.name


def institution_title(name: str) -> str:
    return translated_title(model.Group.get(name), name)


def readable_title(name: str) -> str | None:
    """A dataset's title, if the current user may read the dataset."""
    from ckanext.simore.records import readable

    package = model.Package.get(name) if name else None
    if not readable.may_read(package, roles.current_user_name()):
        return None
    return translated_title(package, name)


def dataset_title(name: str) -> str:
    """A dataset's title, or its name alone for a reader who may not read
    it (the name is what the referring record already shows)."""
    return readable_title(name) or name
