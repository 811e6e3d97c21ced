"""Input validation of the extension's API actions beyond CKAN's
``logic.validate``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk


def validate_with_objects(schema: Callable[[], dict[str, Any]], *keys: str) -> Callable:
    """CKAN's ``logic.validate``, except that the values of ``keys`` (lists
    of objects the action checks itself) reach the action as they were
    given: CKAN 2.11's validation flattens a list of objects under a key
    with no sub-schema and drops it (2.12 keeps it)."""

    def decorator(action: Callable) -> Callable:
        @functools.wraps(action)
        def wrapper(context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
            kept = {key: data_dict[key] for key in keys if key in data_dict}
            others = {key: value for key, value in data_dict.items() if key not in kept}
            validated, errors = tk.navl_validate(others, context.get("schema", schema()), context)
            if errors:
                raise tk.ValidationError(errors)
            return action(context, {**validated, **kept})

        return wrapper

    return decorator
