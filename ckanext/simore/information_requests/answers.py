"""Answers as readers see them, and the approved answers the report drafts
are assembled from (``approved_answers``)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.simore import roles
from ckanext.simore.information_requests import questions, store
from ckanext.simore.portal.labels import Labels
from ckanext.simore.workflow import machine


def is_staff(user: str | None, organization_id: str) -> bool:
    """Whether the user works on this institution's answers: its focal
    points and validating authority, and the coordinators."""
    return bool(roles.institution_roles(user, organization_id))


def visible(row: Any, user: str | None) -> bool:
    """An answer in progress is its institution's and the coordinators';
    an approved one is everyone's."""
    return row.state == machine.APPROVED or is_staff(user, row.organization_id)


def institution(organization_id: str) -> dict[str, str | None]:
    group = model.Group.get(organization_id)
    name = group.name if group else None
    return {"id": organization_id, "name": name, "title": Labels.current().institution(name) if name else None}


def recommendations(ids: list[str], include_private: bool) -> list[dict[str, Any]]:
    """These recommendations that still exist, by name; private ones only
    when ``include_private``."""
    if not ids:
        return []
    package = model.Package.__table__
    query = (
        sa.select(package.c.id, package.c.name, package.c.title)
        .where(package.c.id.in_(ids), package.c.state == "active", package.c.type == "recommendation")
        .order_by(package.c.name)
    )
    if not include_private:
        query = query.where(package.c.private.is_(False))
    return [dict(row._mapping) for row in model.Session.execute(query)]


def answer_dict(row: Any, attachments: list[dict[str, Any]], staff: bool) -> dict[str, Any]:
    """An answer with its attachments; its author and dates are for the
    staff only."""
    result: dict[str, Any] = {
        "id": row.id,
        "request_id": row.request_id,
        "question_id": row.question_id,
        "question_label": row.label,
        "question_text": row.question_text,
        "organization": institution(row.organization_id),
        "text": row.text,
        "state": row.state,
        "modified": row.modified.isoformat(),
        "attachments": [{"id": item["id"], "filename": item["filename"], "size": item["size"]} for item in attachments],
    }
    if staff:
        author = model.User.get(row.created_by or "")
        result["created_by"] = author.name if author else None
        result["created"] = row.created.isoformat()
    return result


def approved_answers(
    recommendation_ids: list[str] | None = None, request_id: str | None = None
) -> list[dict[str, Any]]:
    """The approved answers (public, validated by their institution), for
    the report drafts: of one request, or to the questions linked to some
    recommendations, or all. Each: ``request`` (id, title, kind),
    ``question_label``, ``question_text``, ``organization`` (id, name,
    title), ``text``, ``attachments`` and ``recommendations`` (id, name,
    title of the public ones the question is linked to)."""
    rows = store.answers(request_id=request_id, states=[machine.APPROVED], recommendation_ids=recommendation_ids)
    files = store.attachments_of([row.id for row in rows])
    requests: dict[str, Any] = {}
    links: dict[str, list[str]] = {}
    found = []
    for row in rows:
        if row.request_id not in requests:
            requests[row.request_id] = store.get(row.request_id)
            links.update({q["id"]: q["recommendation_ids"] for q in store.questions_of(row.request_id)})
        parent = requests[row.request_id]
        entry = answer_dict(row, files.get(row.id, []), staff=False)
        entry["request"] = {"id": parent.id, "title": parent.title, "kind": parent.kind}
        entry["recommendations"] = recommendations(links.get(row.question_id, []), include_private=False)
        found.append(entry)
    return found


def lists_of_issues(obligation_id: str) -> list[dict[str, Any]]:
    """The paragraphs of the Lists of Issues that feed a report (the
    questions of its sent ``list_of_issues`` requests, in order), each with
    ``request_id``, ``label``, ``text``, ``recommendation_ids`` and
    ``answers``: its approved answers (as ``approved_answers`` gives them)."""
    found = []
    for row in store.feeding(obligation_id, questions.LIST_OF_ISSUES):
        approved = approved_answers(request_id=row.id)
        for entry in store.questions_of(row.id):
            found.append(
                {
                    "request_id": row.id,
                    "label": entry["label"],
                    "text": entry["text"],
                    "recommendation_ids": entry["recommendation_ids"],
                    "answers": [answer for answer in approved if answer["question_id"] == entry["id"]],
                }
            )
    return found
