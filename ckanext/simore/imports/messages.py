"""What an import says about a file or a row: a translatable template and
its parameters, rendered in the reader's language when shown.

Pure logic: nothing here imports CKAN.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ckanext.simore.multilingual import N_

# File-level refusals.
EMPTY_FILE = N_("The file is empty.")
NO_ROWS = N_("The file has column headings but no rows.")
TOO_MANY_ROWS = N_(
    "The file has more than {limit} rows, the most one import may read "
    "(ckanext.simore.import_max_rows): split it into smaller files."
)
TOO_LARGE_UNPACKED = N_(
    "The workbook unpacks to {size} MB, more than the {limit} MB one import "
    "may read (ckanext.simore.import_max_unpacked_mb)."
)
CELL_TOO_LONG = N_(
    "the column {column} has {length} characters, more than the {limit} a cell "
    "may have (ckanext.simore.max_input_chars)"
)
NOT_UTF8 = N_("The file is not UTF-8 text (invalid byte at line {line}); save it as UTF-8 CSV or .xlsx.")
BAD_XLSX = N_("The file is not a readable .xlsx workbook (truncated or damaged): {detail}")
BAD_CSV = N_("The file is not a readable CSV file: {detail}")
BAD_JSON = N_("The file is not a readable JSON export: {detail}")
UNKNOWN_COLUMNS = N_(
    "Unrecognised columns: expected a UHRI export (Text, Countries Concerned, Reccomending Body, …), "
    "a UPR Info export (To, Text, From, Response, Issue, Session) or an export of this portal "
    "(name, text_en, mechanism, …). Found: {found}"
)
MISSING_COLUMNS = N_("The {format} export lacks the columns {columns}.")
NO_ORGANIZATION = N_("There is no organization {name!r} to record the recommendations under.")
NO_MECHANISM = N_(
    "There is no mechanism {code!r} in the portal: load the mechanisms first (ckan simore load-mechanisms)."
)

# Row-level problems (errors reject the row, warnings do not).
EMPTY_TEXT = N_("the text is empty")
UNKNOWN_LABEL = N_("unknown {vocabulary} label {label!r} (left out)")
UNKNOWN_COUNTRY = N_("unknown country {label!r}")
SEVERAL_COUNTRIES = N_("several countries ({labels}): only the first is kept")
UNKNOWN_MECHANISM = N_("unknown mechanism {label!r}")
OTHER_COUNTRY = N_("addressed to {country}, not to this portal's country ({expected})")
MISSING_VALUE = N_("the column {column} is empty")
BAD_DATE = N_("{value!r} is not a date")
BAD_SESSION = N_("{value!r} is not a session number")
INVALID = N_("{field}: {error}")
DUPLICATE = N_("same recommendation as row {row}: merged")
DUPLICATE_LABELS = N_("same recommendation as row {row}: merged, labels combined")
DUPLICATE_CONFLICT = N_(
    "same recommendation as row {row}, but {field} differs ({value!r}): the first row's value is kept"
)
DELETED = N_("the matching record {name} was deleted in the portal: not re-created")
NEW_MECHANISM = N_("new Special Procedures mechanism {code}")
WRITE_FAILED = N_("the database refused to save this record ({reason}); the other rows were imported")


@dataclass(frozen=True)
class Message:
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] = lambda m: m) -> str:
        return translate(self.template).format(**self.params)

    def as_json(self) -> dict[str, Any]:
        return {"template": self.template, "params": self.params}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        return cls(data["template"], dict(data.get("params") or {}))


class FileRefused(ValueError):
    """The file as a whole cannot be imported; nothing is written."""

    def __init__(self, template: str, **params: Any):
        self.message = Message(template, params)
        super().__init__(self.message.render())


def stored(message: Message) -> str:
    """A message as a run keeps it (its error): template and parameters, so
    that it is shown in each reader's language, not the job's."""
    return json.dumps(message.as_json())


def shown(text: str | None, translate: Callable[[str], str]) -> str | None:
    """A run's error in the reader's language: a stored message rendered,
    any other text (a failure's own words) as it is."""
    try:
        data = json.loads(text or "")
    except ValueError:
        return text
    if not isinstance(data, dict) or "template" not in data:
        return text
    return Message.from_json(data).render(translate)
