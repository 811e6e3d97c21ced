"""Clear errors instead of 500s, and no partial write, for the extension's
actions and for the dataset and organization writes: inputs are checked
before anything reads them, and an error of the database rolls the session
back and answers without SQL (the details go to the log)."""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib.navl.dictization_functions import DataError

from ckanext.simore import config
from ckanext.simore.security import bounds as inputs

log = logging.getLogger(__name__)

_ = tk._


def problem_message(problem: inputs.Problem) -> str:
    messages = {
        "nul": _("contains a NUL character, which cannot be stored"),
        "surrogate": _("is not valid Unicode text (a lone surrogate)"),
        "too_long": _("is longer than {limit} characters"),
        "too_deep": _("is nested more than {limit} levels deep"),
    }
    where = ".".join(problem.path[1:])
    message = messages[problem.kind].format(limit=problem.limit)
    return "{} {}".format(where, message) if where else message


def check_input(data_dict: Any) -> None:
    """Refuse malformed input with an error naming the field."""
    problem = inputs.find_malformed(data_dict, config.max_input_chars())
    if problem:
        raise tk.ValidationError({problem.field: [problem_message(problem)]})


def text_ref(data_dict: dict[str, Any], key: str) -> str:
    """A required reference (id or name) that must be a text: ids are
    compared with text columns, and a number or a list there is an error of
    the database, not "not found"."""
    value = data_dict.get(key)
    if value is None or value == "":
        # not get_or_bust: it validates the whole input, and fails on odd values elsewhere
        raise tk.ValidationError({key: [_("Missing value")]})
    if not isinstance(value, str):
        raise tk.ValidationError({key: [_("expected a text (an id or a name)")]})
    return value


def bounded_int(data_dict: dict[str, Any], key: str, default: int, maximum: int) -> int:
    """A whole number from 0 to ``maximum`` (``default`` when not given)."""
    value = data_dict.get(key, default)
    try:
        number = int(value) if not isinstance(value, bool) and value not in (None, "") else default
    except (TypeError, ValueError, OverflowError):
        raise tk.ValidationError({key: [_("expected a whole number")]})
    if number < 0 or number > maximum:
        raise tk.ValidationError({key: [_("expected a whole number from 0 to {maximum}").format(maximum=maximum)]})
    return number


def optional_day(data_dict: dict[str, Any], key: str) -> datetime.date | None:
    """A YYYY-MM-DD date (the day a command computes from), or None when
    not given."""
    value = data_dict.get(key)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise tk.ValidationError({key: [_("expected a date YYYY-MM-DD")]})


def guarded(action: Callable[..., Any]) -> Callable[..., Any]:
    """The action with its input checked first, and the session rolled back
    on any error (a refused write leaves nothing behind), unless the caller
    holds the transaction (``defer_commit``) and so rolls back itself. A
    database error always rolls back: the transaction is aborted anyway."""

    @functools.wraps(action)
    def wrapper(context, data_dict=None):
        try:
            check_input(data_dict or {})
            return action(context, data_dict)
        except DataError:
            # CKAN's validation refuses a list of non-objects with an error
            # its API answers with a 500 on 2.11
            raise tk.ValidationError(
                {"__input": [_("The input's structure is not valid: a list holds values that are not objects.")]}
            )
        except sa.exc.DBAPIError as error:
            model.Session.rollback()
            log.warning("Database error in %s: %s", action.__name__, error)
            raise tk.ValidationError(
                {"__input": [_("The database refused this input; check the values' types and sizes.")]}
            )
        except Exception:
            if not (context or {}).get("defer_commit"):
                model.Session.rollback()
            raise

    return wrapper


# Keys CKAN looks up in the database (auth runs before validation): a list
# or a number there is an error of the database.
TEXT_KEYS = ("id", "name", "owner_org", "type")


def check_texts(data_dict: dict[str, Any]) -> None:
    for key in TEXT_KEYS:
        value = data_dict.get(key)
        # what JSON can bring; CKAN itself passes a row (a tuple) as an id
        # in bulk updates
        if isinstance(value, (list, dict, int, float)):
            raise tk.ValidationError({key: [_("expected a text (an id or a name)")]})


def check_flags(data_dict: dict[str, Any]) -> None:
    """CKAN 2.11's boolean_validator fails (a 500) on a list or an object."""
    if isinstance(data_dict.get("private"), (list, dict)):
        raise tk.ValidationError({"private": [_("expected true or false")]})


def check_resources(data_dict: dict[str, Any]) -> None:
    """A dataset's resources (an action's evidence) are a list of objects:
    CKAN hands each to its uploader before validating them."""
    resources = data_dict.get("resources")
    if resources is not None and not (
        isinstance(resources, list) and all(isinstance(resource, dict) for resource in resources)
    ):
        raise tk.ValidationError({"resources": [_("a list of objects (one per file or link)")]})


def check_repeating_rows(data_dict: dict[str, Any]) -> None:
    """Repeating subfields (an action's indicators) within their limits:
    the number of rows, and the length of each cell."""
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    dataset_type = data_dict.get("type")
    if not dataset_type and data_dict.get("id"):
        package = model.Package.get(data_dict["id"])
        dataset_type = package.type if package else None
    schema = scheming_get_dataset_schema(dataset_type) if dataset_type else None
    for field in (schema or {}).get("dataset_fields", []):
        rows = data_dict.get(field["field_name"])
        if not field.get("repeating_subfields") or not isinstance(rows, list):
            continue
        if len(rows) > config.max_repeating_rows():
            raise tk.ValidationError(
                {field["field_name"]: [_("at most {limit} rows").format(limit=config.max_repeating_rows())]}
            )
        for row in rows:
            cells = row.values() if isinstance(row, dict) else []
            if any(isinstance(cell, str) and len(cell) > config.max_title_chars() for cell in cells):
                raise tk.ValidationError(
                    {
                        field["field_name"]: [
                            _("a value of a row is longer than {limit} characters").format(
                                limit=config.max_title_chars()
                            )
                        ]
                    }
                )
