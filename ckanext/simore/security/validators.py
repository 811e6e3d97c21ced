"""Validators bounding the size of an action's inputs (the limits of the
configuration, read when validating so that a changed option applies at
once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import config
from ckanext.simore.multilingual import N_

__all__ = ["simore_title_length", "simore_text_length", "simore_list_length"]


def _at_most(limit: Callable[[], int], message: str) -> Callable[[Any], Any]:
    def validator(value: Any) -> Any:
        if isinstance(value, (str, list)) and len(value) > limit():
            raise tk.Invalid(tk._(message).format(limit=limit()))
        return value

    return validator


simore_title_length = _at_most(config.max_title_chars, N_("at most {limit} characters"))
simore_text_length = _at_most(config.max_text_chars, N_("at most {limit} characters"))
simore_list_length = _at_most(config.max_list_items, N_("at most {limit} values"))
