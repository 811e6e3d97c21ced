"""A country's institutions as a sheet (CSV or Excel, one row each; the
template is ``data/institutions-template.csv``): what each row asks for,
or why it is refused, naming the row and the column.

Pure logic: the rows come from ``imports.sources``; nothing here imports
CKAN.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ckanext.simore import names
from ckanext.simore.imports.formats import cell_text
from ckanext.simore.imports.sources import Row
from ckanext.simore.vocabularies import terms

# who is invited, from which column, as what (focal_points.actions' designations)
INVITATION_COLUMNS = {"focal_points": "main", "alternates": "alternate", "validators": "validator"}
TEXT_COLUMNS = {
    "acronym": "acronym",
    "website": "url",
    "contact_name": "contact_name",
    "contact_email": "contact_email",
    "contact_phone": "contact_phone",
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SEPARATORS = re.compile(r"[\s,;]+")


@dataclass
class Institution:
    """A row that holds together: the organization's fields and whom to
    invite (e-mail, designation)."""

    row: int
    fields: dict[str, Any]
    invitations: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Refusal:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return "row {}, {}: {}".format(self.row, self.column, self.reason)


def _key(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", heading.strip().lower()).strip("_")


def missing_columns(headings: Iterable[str], languages: Sequence[str]) -> list[str]:
    """The columns a sheet must have: a title in the first (the portal's
    default) language and the branch of government."""
    present = {_key(heading) for heading in headings}
    return [column for column in ("title_" + languages[0], "branch") if column not in present]


def _code(vocabulary: str, value: str) -> str | None:
    vocab = terms.get(vocabulary)
    if value in vocab:
        return value
    found = vocab.codes_for_label("sheet", value)
    return found[0] if len(found) == 1 else None


def _emails(value: Any) -> list[str]:
    return [email for email in SEPARATORS.split(cell_text(value)) if email]


def read(rows: Iterable[Row], languages: Sequence[str], required: Sequence[str]) -> Iterator[Institution | Refusal]:
    """Each row as an Institution, or its refusals (every problem of the
    row, each naming its column). ``required``: the languages every title
    must have."""
    seen: dict[str, int] = {}
    for number, raw in rows:
        cells = {_key(heading): value for heading, value in raw.items()}
        if not any(cell_text(value) for value in cells.values()):
            continue  # an empty line
        refusals: list[Refusal] = []
        titles = {lang: cell_text(cells.get("title_" + lang)) for lang in languages}
        titles = {lang: text for lang, text in titles.items() if text}
        for lang in required:
            if lang not in titles:
                refusals.append(Refusal(number, "title_" + lang, "the institution's name in this language is missing"))
        default_title = titles.get(languages[0]) or next(iter(titles.values()), "")
        name = names.url_name(cell_text(cells.get("name")) or cell_text(cells.get("acronym")) or default_title)
        if not name:
            refusals.append(Refusal(number, "name", "give the institution a name, an acronym or a title"))
        elif name in seen:
            refusals.append(Refusal(number, "name", "{!r} is already row {}".format(name, seen[name])))
        branch_label = cell_text(cells.get("branch"))
        branch = _code("branches_of_government", branch_label) if branch_label else None
        if not branch:
            refusals.append(
                Refusal(
                    number,
                    "branch",
                    "unknown branch of government {!r} (one of: {})".format(
                        branch_label, ", ".join(terms.get("branches_of_government").codes())
                    ),
                )
            )
        kind_label = cell_text(cells.get("kind"))
        kind = _code("institution_kinds", kind_label) if kind_label else ""
        if kind is None:
            refusals.append(
                Refusal(
                    number,
                    "kind",
                    "unknown kind of institution {!r} (one of: {})".format(
                        kind_label, ", ".join(terms.get("institution_kinds").codes())
                    ),
                )
            )
        invitations = []
        for column, designation in INVITATION_COLUMNS.items():
            for email in _emails(cells.get(column)):
                if EMAIL.match(email):
                    invitations.append((email.lower(), designation))
                else:
                    refusals.append(Refusal(number, column, "not an e-mail address: {!r}".format(email)))
        contact = cell_text(cells.get("contact_email"))
        if contact and not EMAIL.match(contact):
            refusals.append(Refusal(number, "contact_email", "not an e-mail address: {!r}".format(contact)))
        if refusals:
            yield from refusals
            continue
        seen[name] = number
        fields = {
            "name": name,
            "title": default_title,
            "title_translated": titles,
            "branch_of_government": branch,
            "institution_kind": kind or "",
        }
        fields.update({target: cell_text(cells.get(column)) for column, target in TEXT_COLUMNS.items()})
        yield Institution(number, fields, invitations)
