"""A country's institutions as a sheet (CSV or Excel, one row each; the
template is ``data/institutions-template.csv``): what each row asks for,
or why it is refused, naming the row and the column.

Pure logic: the rows come from ``imports.sources``; nothing here imports
CKAN.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ckanext.simore import names
from ckanext.simore.imports.formats import cell_text
from ckanext.simore.imports.messages import Message
from ckanext.simore.imports.sources import Row
from ckanext.simore.multilingual import N_
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

# Why a row is refused, translated when shown.
ROW = N_("row {row}, {column}: {reason}")
TITLE_MISSING = N_("the institution's name in this language is missing")
NO_NAME = N_("give the institution a name, an acronym or a title")
SAME_NAME = N_("{name!r} is already row {row}")
UNKNOWN_BRANCH = N_("unknown branch of government {label!r} (one of: {codes})")
UNKNOWN_KIND = N_("unknown kind of institution {label!r} (one of: {codes})")
NOT_AN_EMAIL = N_("not an e-mail address: {value!r}")


@dataclass
class Institution:
    """A row that holds together: the organization's fields and whom to
    invite (e-mail, designation)."""

    row: int
    fields: dict[str, Any]
    invitations: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Refusal:
    """A row refused for a column: the reason a message to translate, or
    the words of whom refused it (CKAN's validators, already translated)."""

    row: int
    column: str
    reason: Message | str

    def render(self, translate: Callable[[str], str] = lambda text: text) -> str:
        reason = self.reason if isinstance(self.reason, str) else self.reason.render(translate)
        return translate(ROW).format(row=self.row, column=self.column, reason=reason)

    def __str__(self) -> str:
        return self.render()


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
                refusals.append(Refusal(number, "title_" + lang, Message(TITLE_MISSING)))
        default_title = titles.get(languages[0]) or next(iter(titles.values()), "")
        name = names.url_name(cell_text(cells.get("name")) or cell_text(cells.get("acronym")) or default_title)
        if not name:
            refusals.append(Refusal(number, "name", Message(NO_NAME)))
        elif name in seen:
            refusals.append(Refusal(number, "name", Message(SAME_NAME, {"name": name, "row": seen[name]})))
        branch_label = cell_text(cells.get("branch"))
        branch = _code("branches_of_government", branch_label) if branch_label else None
        if not branch:
            codes = ", ".join(terms.get("branches_of_government").codes())
            refusals.append(Refusal(number, "branch", Message(UNKNOWN_BRANCH, {"label": branch_label, "codes": codes})))
        kind_label = cell_text(cells.get("kind"))
        kind = _code("institution_kinds", kind_label) if kind_label else ""
        if kind is None:
            codes = ", ".join(terms.get("institution_kinds").codes())
            refusals.append(Refusal(number, "kind", Message(UNKNOWN_KIND, {"label": kind_label, "codes": codes})))
        invitations = []
        for column, designation in INVITATION_COLUMNS.items():
            for email in _emails(cells.get(column)):
                if EMAIL.match(email):
                    invitations.append((email.lower(), designation))
                else:
                    refusals.append(Refusal(number, column, Message(NOT_AN_EMAIL, {"value": email})))
        contact = cell_text(cells.get("contact_email"))
        if contact and not EMAIL.match(contact):
            refusals.append(Refusal(number, "contact_email", Message(NOT_AN_EMAIL, {"value": contact})))
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
