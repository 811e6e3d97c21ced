"""The SQL of information requests: requests, their questions (with the
recommendations, themes and institutions of each), answers, their
attachments and history. Nothing here commits: the actions do."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from ckan import model
from sqlalchemy.dialects import postgresql

from ckanext.simore.db import linked, tables
from ckanext.simore.information_requests import questions as rules

request = tables.information_request
question = tables.information_question
about = tables.information_question_recommendation
themed = tables.information_question_theme
assignment = tables.information_assignment
answer = tables.information_answer
event = tables.information_answer_event
attachment = tables.information_answer_attachment

# the columns of a request a write may set
FIELDS = ("title", "kind", "mechanism_id", "obligation_id", "deadline", "notes")


def new_id() -> str:
    return uuid.uuid4().hex[:12]


# -- requests -------------------------------------------------------------------------


def create(values: dict[str, Any], user_id: str | None) -> str:
    request_id = new_id()
    model.Session.execute(
        request.insert().values(id=request_id, created_by=user_id, **{k: values[k] for k in FIELDS if k in values})
    )
    return request_id


def update(request_id: str, values: dict[str, Any]) -> None:
    model.Session.execute(
        request.update()
        .where(request.c.id == request_id)
        .values(modified=sa.func.now(), **{k: values[k] for k in FIELDS if k in values})
    )


def set_state(request_id: str, state: str) -> None:
    extra = {"sent": sa.func.now()} if state == rules.SENT else {}
    model.Session.execute(
        request.update().where(request.c.id == request_id).values(state=state, modified=sa.func.now(), **extra)
    )


def get(request_id: str, for_update: bool = False) -> sa.Row | None:
    query = sa.select(request).where(request.c.id == request_id)
    return model.Session.execute(query.with_for_update() if for_update else query).first()


def listed(states: Iterable[str], limit: int, offset: int) -> tuple[int, list[sa.Row]]:
    """How many requests are in these states, and a page of them, newest
    deadline first."""
    query = sa.select(request).where(request.c.state.in_(list(states)))
    return linked.page(query, [request.c.deadline.desc(), request.c.created.desc()], limit, offset)


def feeding(obligation_id: str, kind: str) -> list[sa.Row]:
    """The sent (or closed) requests of a kind that feed a report of the
    calendar, oldest first."""
    query = (
        sa.select(request)
        .where(request.c.obligation_id == obligation_id, request.c.kind == kind, request.c.state != rules.DRAFT)
        .order_by(request.c.created)
    )
    return model.Session.execute(query).all()


def sent_requests() -> list[sa.Row]:
    return model.Session.execute(sa.select(request).where(request.c.state == rules.SENT)).all()


# -- questions ------------------------------------------------------------------------


def set_questions(request_id: str, entries: list[dict[str, Any]]) -> None:
    """Replace the questions of a request (a draft: nothing is answered
    yet). Each entry: ``label``, ``text``, ``recommendation_ids``,
    ``themes``, ``organization_ids`` and ``deadline`` (None: the
    request's)."""
    model.Session.execute(question.delete().where(question.c.request_id == request_id))
    for position, entry in enumerate(entries):
        question_id = new_id()
        model.Session.execute(
            question.insert().values(
                id=question_id, request_id=request_id, position=position, label=entry["label"], text=entry["text"]
            )
        )
        rows = [
            (
                about,
                [
                    {"question_id": question_id, "recommendation_id": r}
                    for r in dict.fromkeys(entry["recommendation_ids"])
                ],
            ),
            (themed, [{"question_id": question_id, "theme": t} for t in dict.fromkeys(entry["themes"])]),
            (
                assignment,
                [
                    {"question_id": question_id, "organization_id": o, "deadline": entry.get("deadline")}
                    for o in dict.fromkeys(entry["organization_ids"])
                ],
            ),
        ]
        for table, values in rows:
            if values:
                model.Session.execute(table.insert(), values)


def questions_of(request_id: str) -> list[dict[str, Any]]:
    """The questions in order, each with ``recommendation_ids``, ``themes``
    and ``assignments`` (organization id and its own deadline or None)."""
    found = [
        dict(row._mapping, recommendation_ids=[], themes=[], assignments=[])
        for row in model.Session.execute(
            sa.select(question).where(question.c.request_id == request_id).order_by(question.c.position)
        )
    ]
    by_id = {entry["id"]: entry for entry in found}
    if not by_id:
        return found
    ids = list(by_id)
    for row in model.Session.execute(sa.select(about).where(about.c.question_id.in_(ids))):
        by_id[row.question_id]["recommendation_ids"].append(row.recommendation_id)
    for row in model.Session.execute(sa.select(themed).where(themed.c.question_id.in_(ids)).order_by(themed.c.theme)):
        by_id[row.question_id]["themes"].append(row.theme)
    for row in model.Session.execute(sa.select(assignment).where(assignment.c.question_id.in_(ids))):
        by_id[row.question_id]["assignments"].append({"organization_id": row.organization_id, "deadline": row.deadline})
    return found


def assign(question_ids: list[str], organization_ids: list[str], deadline: datetime.date | None) -> None:
    """Ask these institutions these questions; an institution already asked
    keeps its deadline unless ``deadline`` is given."""
    rows = [
        {"question_id": question_id, "organization_id": organization_id, "deadline": deadline}
        for question_id in question_ids
        for organization_id in organization_ids
    ]
    if not rows:
        return
    insert = postgresql.insert(assignment).values(rows)
    keys = [assignment.c.question_id, assignment.c.organization_id]
    if deadline is None:
        model.Session.execute(insert.on_conflict_do_nothing(index_elements=keys))
    else:
        model.Session.execute(insert.on_conflict_do_update(index_elements=keys, set_={"deadline": deadline}))


def get_question(question_id: str) -> sa.Row | None:
    return model.Session.execute(sa.select(question).where(question.c.id == question_id)).first()


def deadline_of(question_id: str, organization_id: str) -> datetime.date | None:
    """The institution's deadline for the question; None when it is not
    assigned to it."""
    return model.Session.execute(
        sa.select(sa.func.coalesce(assignment.c.deadline, request.c.deadline))
        .join(question, question.c.id == assignment.c.question_id)
        .join(request, request.c.id == question.c.request_id)
        .where(assignment.c.question_id == question_id, assignment.c.organization_id == organization_id)
    ).scalar()


def owed(request_ids: list[str] | None = None, organization_ids: list[str] | None = None) -> list[sa.Row]:
    """Every question owed by an institution: ``request_id``,
    ``question_id``, ``label``, ``organization_id``, its ``deadline`` and
    the ``state`` of its answer (None when not begun)."""
    query = (
        sa.select(
            question.c.request_id,
            question.c.id.label("question_id"),
            question.c.label,
            question.c.position,
            assignment.c.organization_id,
            sa.func.coalesce(assignment.c.deadline, request.c.deadline).label("deadline"),
            answer.c.state,
        )
        .join(question, question.c.id == assignment.c.question_id)
        .join(request, request.c.id == question.c.request_id)
        .outerjoin(
            answer,
            sa.and_(answer.c.question_id == question.c.id, answer.c.organization_id == assignment.c.organization_id),
        )
        .order_by(request.c.deadline, question.c.request_id, question.c.position)
    )
    if request_ids is not None:
        query = query.where(question.c.request_id.in_(request_ids))
    if organization_ids is not None:
        query = query.where(assignment.c.organization_id.in_(organization_ids))
    return model.Session.execute(query).all()


# -- answers --------------------------------------------------------------------------


def get_answer(answer_id: str, for_update: bool = False) -> sa.Row | None:
    query = (
        sa.select(answer, question.c.request_id, question.c.label, question.c.text.label("question_text"))
        .join(question, question.c.id == answer.c.question_id)
        .where(answer.c.id == answer_id)
    )
    return model.Session.execute(query.with_for_update(of=answer) if for_update else query).first()


def answer_for(question_id: str, organization_id: str) -> sa.Row | None:
    found = model.Session.execute(
        sa.select(answer.c.id).where(answer.c.question_id == question_id, answer.c.organization_id == organization_id)
    ).scalar()
    return get_answer(found, for_update=True) if found else None


def create_answer(question_id: str, organization_id: str, text: str, user_id: str | None) -> str:
    answer_id = new_id()
    model.Session.execute(
        answer.insert().values(
            id=answer_id, question_id=question_id, organization_id=organization_id, text=text, created_by=user_id
        )
    )
    return answer_id


def update_answer(answer_id: str, **values: Any) -> None:
    model.Session.execute(answer.update().where(answer.c.id == answer_id).values(modified=sa.func.now(), **values))


def answers(
    request_id: str | None = None,
    organization_ids: Iterable[str] | None = None,
    states: Iterable[str] | None = None,
    recommendation_ids: Iterable[str] | None = None,
) -> list[sa.Row]:
    """Answers with their question, in the request's order; narrowed to
    some institutions, some states, or the questions linked to some
    recommendations."""
    query = (
        sa.select(
            answer, question.c.request_id, question.c.label, question.c.position, question.c.text.label("question_text")
        )
        .join(question, question.c.id == answer.c.question_id)
        .order_by(question.c.request_id, question.c.position, answer.c.organization_id)
    )
    if request_id is not None:
        query = query.where(question.c.request_id == request_id)
    if organization_ids is not None:
        query = query.where(answer.c.organization_id.in_(list(organization_ids)))
    if states is not None:
        query = query.where(answer.c.state.in_(list(states)))
    if recommendation_ids is not None:
        query = query.where(
            question.c.id.in_(
                sa.select(about.c.question_id).where(about.c.recommendation_id.in_(list(recommendation_ids)))
            )
        )
    return model.Session.execute(query).all()


def events_of(answer_id: str) -> list[sa.Row]:
    return model.Session.execute(
        sa.select(event).where(event.c.answer_id == answer_id).order_by(event.c.created, event.c.id)
    ).all()


# -- attachments ----------------------------------------------------------------------


def add_attachment(attachment_id: str, answer_id: str, filename: str, size: int, user_id: str | None) -> None:
    model.Session.execute(
        attachment.insert().values(
            id=attachment_id, answer_id=answer_id, filename=filename, size=size, created_by=user_id
        )
    )


def attachments_of(answer_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    if not answer_ids:
        return found
    rows = model.Session.execute(
        sa.select(attachment).where(attachment.c.answer_id.in_(answer_ids)).order_by(attachment.c.created)
    )
    for row in rows:
        found.setdefault(row.answer_id, []).append(dict(row._mapping))
    return found


def delete_attachment(attachment_id: str) -> None:
    model.Session.execute(attachment.delete().where(attachment.c.id == attachment_id))
