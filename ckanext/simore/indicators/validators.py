"""Validators of the indicators' references: an action's indicator row may
name an indicator defined in the portal by its code."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore.indicators import store

__all__ = ["simore_indicator_reference"]


def simore_indicator_reference(value: Any) -> Any:
    """The code of an existing indicator (lower-cased), or "" for none."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise tk.Invalid(tk._("expected a text"))
    row = store.get(value.strip())
    if row is None:
        raise tk.Invalid(tk._("no indicator has the code {code!r}").format(code=value.strip()))
    return row.code
