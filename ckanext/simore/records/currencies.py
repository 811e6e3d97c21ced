"""ISO 4217 currencies as Babel (CKAN's own i18n library) knows them: the
codes an action's budget may be in, and their names in a language. Pure
logic."""

from __future__ import annotations

import functools

from babel.core import UnknownLocaleError
from babel.numbers import get_currency_name, list_currencies


def codes() -> set[str]:
    return set(list_currencies())


@functools.lru_cache(maxsize=16)
def choices(locale: str) -> tuple[dict[str, str], ...]:
    """Every code with its name in ``locale`` (English for a locale Babel
    does not know), by code."""
    try:
        name = functools.partial(get_currency_name, locale=locale)
        name("USD")
    except (UnknownLocaleError, ValueError):
        name = functools.partial(get_currency_name, locale="en")
    return tuple({"value": code, "label": "{} — {}".format(code, name(code))} for code in sorted(codes()))
