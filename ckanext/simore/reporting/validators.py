"""Validators of the calendar's inputs."""

from __future__ import annotations

import datetime
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError

__all__ = ["simore_day", "simore_reference_list", "simore_flag", "simore_string"]


def simore_day(value: Any) -> Any:
    """A day written YYYY-MM-DD (or a date); None when empty, so that an
    update can clear an optional date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise tk.Invalid(tk._("expected a date YYYY-MM-DD"))


def simore_reference_list(value: Any) -> Any:
    """Ids or names: a list of texts, or one text with them separated by
    commas, spaces or new lines (as a form's text area sends them)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [ref for ref in re.split(r"[\s,]+", value) if ref]
    if isinstance(value, list) and all(isinstance(ref, str) for ref in value):
        return [ref.strip() for ref in value if ref.strip()]
    raise tk.Invalid(tk._("expected a list of ids or names"))


def simore_flag(value: Any) -> bool:
    """True or false, as JSON or a form writes it (CKAN 2.11's
    boolean_validator fails on a list)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "on", "off", "yes", "no", ""):
        return value.lower() in ("true", "1", "on", "yes")
    raise tk.Invalid(tk._("expected true or false"))


def simore_string(key: Any, data: dict[Any, Any], errors: dict[Any, list[str]], context: Any) -> None:
    """A text; a list, a number or an object is refused (CKAN's
    unicode_safe would turn it into its Python spelling), and the field's
    other validators are not run on it (they expect a text)."""
    if not isinstance(data.get(key), str):
        errors[key].append(tk._("expected a text"))
        raise StopOnError
