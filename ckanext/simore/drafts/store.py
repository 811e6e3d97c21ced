"""The drafts' SQL: drafts (``simore_report_draft``), their sections,
each section's versions and comments, their annexes. Nothing here
commits: the actions do."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from ckan import model
from sqlalchemy.dialects.postgresql import ARRAY, array

from ckanext.simore.db import linked, tables
from ckanext.simore.drafts import assembly, states
from ckanext.simore.reporting import obligations

draft = tables.report_draft
section = tables.report_draft_section
version = tables.report_draft_section_version
comment = tables.report_draft_comment
annex = tables.report_draft_annex


def _cites_any(institutions: list[str]) -> sa.ColumnElement:
    """A section concerning one of ``institutions`` (ids)."""
    return section.c.institutions.op("?|")(sa.cast(array(institutions or [""]), ARRAY(sa.UnicodeText)))


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


mechanism = model.Package.__table__.alias("mechanism")


def _with_obligation() -> sa.Select:
    """Drafts with their report owed and its mechanism; ``published``: a
    submitted draft of a public mechanism (a private mechanism's reports
    are the coordinators' only, as in the calendar)."""
    obligation = obligations.obligation
    return (
        sa.select(
            draft,
            obligation.c.kind,
            obligation.c.due_date,
            obligation.c.period,
            obligation.c.document_symbol,
            obligation.c.submitted_on,
            mechanism.c.name.label("mechanism_name"),
            _published().label("published"),
        )
        .join(obligation, obligation.c.id == draft.c.obligation_id)
        .join(mechanism, mechanism.c.id == obligation.c.mechanism_id)
    )


def _published() -> sa.ColumnElement:
    return sa.and_(draft.c.state == states.SUBMITTED, mechanism.c.private.is_(False), mechanism.c.state == "active")


def get(draft_id: str, lock: bool = False) -> sa.Row | None:
    """The draft; ``lock``: its row locked until the transaction ends (a
    change that must not cross its submission)."""
    query = _with_obligation().where(draft.c.id == draft_id)
    return model.Session.execute(query.with_for_update(of=draft) if lock else query).first()


def create(values: dict[str, Any], sections: Iterable[assembly.Section], user_id: str | None) -> str:
    draft_id = _new_id()
    model.Session.execute(draft.insert().values(id=draft_id, created_by=user_id, **values))
    section_rows, version_rows = [], []
    for position, found in enumerate(sections):
        section_id = _new_id()
        section_rows.append(
            {
                "id": section_id,
                "draft_id": draft_id,
                "position": position,
                "heading": found.heading,
                "body": found.body,
                "version": 1,
                "recommendations": list(found.recommendations),
                "institutions": list(found.institutions),
            }
        )
        version_rows.append(
            {"section_id": section_id, "version": 1, "heading": found.heading, "body": found.body, "user_id": user_id}
        )
    if section_rows:
        model.Session.execute(section.insert(), section_rows)
        model.Session.execute(version.insert(), version_rows)
    return draft_id


def delete(draft_id: str) -> None:
    model.Session.execute(draft.delete().where(draft.c.id == draft_id))


def update(draft_id: str, **values: Any) -> None:
    """Set the draft's ``title`` or ``state``."""
    model.Session.execute(draft.update().where(draft.c.id == draft_id).values(modified=sa.func.now(), **values))


def _touch(draft_id: str) -> None:
    """The draft changed now."""
    model.Session.execute(draft.update().where(draft.c.id == draft_id).values(modified=sa.func.now()))


def sections(draft_id: str, institutions: list[str] | None = None) -> list[sa.Row]:
    """The draft's sections in order; only those concerning one of
    ``institutions`` when given."""
    query = section.select().where(section.c.draft_id == draft_id).order_by(section.c.position)
    if institutions is not None:
        query = query.where(_cites_any(institutions))
    return model.Session.execute(query).all()


def section_of(section_id: str, lock: bool = False) -> sa.Row | None:
    query = section.select().where(section.c.id == section_id)
    return model.Session.execute(query.with_for_update() if lock else query).first()


def concerns(draft_id: str, institutions: list[str]) -> bool:
    """Whether a section of the draft cites a recommendation of one of
    ``institutions``."""
    if not institutions:
        return False
    return bool(sections_count(draft_id, institutions))


def sections_count(draft_id: str, institutions: list[str]) -> int:
    return (
        model.Session.execute(
            sa.select(sa.func.count())
            .select_from(section)
            .where(section.c.draft_id == draft_id, _cites_any(institutions))
        ).scalar()
        or 0
    )


def save_version(row: sa.Row, heading: str, body: str, user_id: str | None) -> int:
    """Store a new version of a section (the section keeps the latest)."""
    number = row.version + 1
    model.Session.execute(
        version.insert().values(section_id=row.id, version=number, heading=heading, body=body, user_id=user_id)
    )
    model.Session.execute(
        section.update().where(section.c.id == row.id).values(heading=heading, body=body, version=number)
    )
    _touch(row.draft_id)
    return number


def versions(section_id: str) -> list[sa.Row]:
    user = model.User.__table__
    return model.Session.execute(
        sa.select(version, user.c.name.label("user_name"), user.c.fullname.label("user_fullname"))
        .outerjoin(user, user.c.id == version.c.user_id)
        .where(version.c.section_id == section_id)
        .order_by(version.c.version.desc())
    ).all()


def version_of(section_id: str, number: int) -> sa.Row | None:
    return model.Session.execute(
        version.select().where(version.c.section_id == section_id, version.c.version == number)
    ).first()


def add_comment(section_id: str, user_id: str | None, institution_id: str | None, text: str) -> int:
    return model.Session.execute(
        comment.insert()
        .values(section_id=section_id, user_id=user_id, institution_id=institution_id, text=text)
        .returning(comment.c.id)
    ).scalar_one()


def comments(section_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The comments on each section, oldest first, with their author."""
    if not section_ids:
        return {}
    user, group = model.User.__table__, model.Group.__table__
    rows = model.Session.execute(
        sa.select(
            comment,
            user.c.name.label("user_name"),
            user.c.fullname.label("user_fullname"),
            group.c.name.label("institution_name"),
            group.c.title.label("institution_title"),
        )
        .outerjoin(user, user.c.id == comment.c.user_id)
        .outerjoin(group, group.c.id == comment.c.institution_id)
        .where(comment.c.section_id.in_(section_ids))
        .order_by(comment.c.created, comment.c.id)
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row.section_id, []).append(
            {
                "id": row.id,
                "user": row.user_name,
                "user_fullname": row.user_fullname or row.user_name,
                "institution": row.institution_name,
                "institution_title": row.institution_title,
                "text": row.text,
                "created": row.created.isoformat(),
            }
        )
    return found


def listed(
    obligation_id: str | None, state: str | None, institutions: list[str] | None, limit: int, offset: int
) -> tuple[int, list[sa.Row]]:
    """How many drafts match and a page of them, newest first.
    ``institutions``: not a coordinator, so only the published drafts (submitted, of a public mechanism) and
    those with a section concerning one of these institutions."""
    query = _with_obligation()
    if obligation_id:
        query = query.where(draft.c.obligation_id == obligation_id)
    if state:
        query = query.where(draft.c.state == state)
    if institutions is not None:
        concerned = sa.select(section.c.id).where(section.c.draft_id == draft.c.id, _cites_any(institutions)).exists()
        query = query.where(sa.or_(_published(), concerned))
    return linked.page(query, [draft.c.created.desc(), draft.c.id], limit, offset)


def add_annex(annex_id: str, draft_id: str, title: str, filename: str, size: int, user_id: str | None) -> None:
    model.Session.execute(
        annex.insert().values(
            id=annex_id, draft_id=draft_id, title=title, filename=filename, size=size, created_by=user_id
        )
    )
    _touch(draft_id)


def annexes(draft_id: str) -> list[sa.Row]:
    """The draft's annexes, in the order they were added."""
    return model.Session.execute(
        annex.select().where(annex.c.draft_id == draft_id).order_by(annex.c.created, annex.c.id)
    ).all()


def delete_annex(draft_id: str, annex_id: str) -> None:
    model.Session.execute(annex.delete().where(annex.c.draft_id == draft_id, annex.c.id == annex_id))
    _touch(draft_id)
