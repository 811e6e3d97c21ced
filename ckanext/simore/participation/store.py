"""The SQL of civil society participation: requests to join or register
organizations, and who belongs to which civil society organization.
Nothing here commits: the actions do."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from ckan import model
from sqlalchemy.dialects.postgresql import insert

from ckanext.simore import organizations
from ckanext.simore.db import linked, tables
from ckanext.simore.drafts import states as draft_states
from ckanext.simore.participation import contributions, memberships
from ckanext.simore.search import fields as search_fields

request = tables.membership_request


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def create_request(
    kind: str, user_id: str, organization_id: str | None, proposal: dict[str, Any] | None, message: str
) -> str:
    request_id = new_id()
    model.Session.execute(
        request.insert().values(
            id=request_id,
            kind=kind,
            user_id=user_id,
            organization_id=organization_id,
            proposal=proposal,
            message=message,
            state=memberships.PENDING,
        )
    )
    return request_id


def get_request(request_id: str, for_update: bool = False) -> sa.Row | None:
    query = sa.select(request).where(request.c.id == request_id)
    return model.Session.execute(query.with_for_update() if for_update else query).first()


def pending_count(user_id: str) -> int:
    return model.Session.execute(
        sa.select(sa.func.count()).where(request.c.user_id == user_id, request.c.state == memberships.PENDING)
    ).scalar_one()


def pending_for(user_id: str, organization_id: str | None, name: str | None) -> bool:
    """Whether the person already waits on a request for this organization
    (or to register one of this name)."""
    where = [request.c.user_id == user_id, request.c.state == memberships.PENDING]
    where.append(
        request.c.organization_id == organization_id if organization_id else request.c.proposal["name"].astext == name
    )
    return model.Session.execute(sa.select(request.c.id).where(*where)).first() is not None


def decide(request_id: str, state: str, reason: str, user_id: str | None, organization_id: str | None) -> None:
    model.Session.execute(
        request.update()
        .where(request.c.id == request_id)
        .values(
            state=state,
            reason=reason or None,
            decided_by=user_id,
            decided=sa.func.now(),
            organization_id=organization_id,
        )
    )


def listed(
    states: Iterable[str],
    user_id: str | None,
    organization_ids: Iterable[str] | None,
    kinds: Iterable[str],
    limit: int,
    offset: int,
) -> tuple[int, list[sa.Row]]:
    """How many requests match, and a page of them, newest first: made by
    ``user_id`` if given; about ``organization_ids`` if given."""
    query = sa.select(request).where(request.c.state.in_(list(states)), request.c.kind.in_(list(kinds)))
    if user_id is not None:
        query = query.where(request.c.user_id == user_id)
    if organization_ids is not None:
        query = query.where(request.c.organization_id.in_(list(organization_ids)))
    return linked.page(query, [request.c.created.desc(), request.c.id], limit, offset)


# -- contributions ------------------------------------------------------------------

contribution = tables.contribution
abuse = tables.contribution_report

# the columns of a contribution its author may change
EDITABLE_FIELDS = ("body", "status", "evidence", "show_author", "language")


def create_contribution(values: dict[str, Any]) -> str:
    contribution_id = new_id()
    model.Session.execute(contribution.insert().values(id=contribution_id, **values))
    return contribution_id


def get_contribution(contribution_id: str, for_update: bool = False) -> sa.Row | None:
    query = sa.select(contribution).where(contribution.c.id == contribution_id)
    return model.Session.execute(query.with_for_update() if for_update else query).first()


def update_contribution(contribution_id: str, values: dict[str, Any]) -> None:
    model.Session.execute(
        contribution.update().where(contribution.c.id == contribution_id).values(modified=sa.func.now(), **values)
    )


def written_since(author_id: str, hours: int) -> int:
    """How many contributions the person wrote in the last ``hours``."""
    since = sa.func.now() - sa.func.make_interval(0, 0, 0, 0, hours)
    return model.Session.execute(
        sa.select(sa.func.count()).where(contribution.c.author_id == author_id, contribution.c.created > since)
    ).scalar_one()


def _public_record() -> Any:
    """The condition that a contribution's record is one everyone reads."""
    package = model.Package.__table__
    return sa.exists().where(
        package.c.id == contribution.c.package_id, package.c.state == "active", package.c.private.is_(False)
    )


def _public_subject() -> Any:
    """The condition that what a contribution is about is public: a record
    everyone reads, or a submitted report."""
    report = tables.report_draft
    submitted = sa.exists().where(report.c.id == contribution.c.draft_id, report.c.state == draft_states.SUBMITTED)
    return sa.or_(_public_record(), submitted)


def listed_contributions(
    *,
    package_id: str | None = None,
    draft_id: str | None = None,
    organization_id: str | None = None,
    kinds: Iterable[str] | None = None,
    states: Iterable[str] | None = None,
    visible_to: str | None = None,
    moderator: bool = False,
    reported: bool = False,
    words: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[sa.Row]]:
    """How many contributions match, and a page of them, oldest first: the
    published ones about records everyone reads and submitted reports,
    and besides, every one for a ``moderator`` or the person
    ``visible_to``'s own."""
    query = sa.select(contribution)
    if package_id is not None:
        query = query.where(contribution.c.package_id == package_id)
    if draft_id is not None:
        query = query.where(contribution.c.draft_id == draft_id)
    if organization_id is not None:
        query = query.where(contribution.c.organization_id == organization_id)
    if kinds is not None:
        query = query.where(contribution.c.kind.in_(list(kinds)))
    if states is not None:
        query = query.where(contribution.c.state.in_(list(states)))
    if reported:
        query = query.where(sa.exists().where(abuse.c.contribution_id == contribution.c.id))
    if words:
        query = query.where(_has_words(words))
    if not moderator:
        public = sa.and_(contribution.c.state == "published", _public_subject())
        query = query.where(sa.or_(public, contribution.c.author_id == visible_to) if visible_to else public)
    return linked.page(query, [contribution.c.created, contribution.c.id], limit, offset)


def _has_words(words: str) -> Any:
    """The condition that a contribution's text has every one of the words
    (accents aside, in any language: not stemmed)."""
    config = sa.literal_column("'{}'::regconfig".format(search_fields.NEUTRAL_CONFIG))
    return sa.func.to_tsvector(config, contribution.c.body).op("@@")(sa.func.plainto_tsquery(config, words))


def report_abuse(contribution_id: str, user_id: str, reason: str) -> bool:
    """Record a report; False if this person had reported it already."""
    inserted = model.Session.execute(
        insert(abuse)
        .values(contribution_id=contribution_id, user_id=user_id, reason=reason)
        .on_conflict_do_nothing()
        .returning(abuse.c.user_id)
    ).first()
    return inserted is not None


def abuse_reports(contribution_ids: Iterable[str]) -> dict[str, list[sa.Row]]:
    """contribution id → its reports of abuse, oldest first."""
    found: dict[str, list[sa.Row]] = {}
    ids = list(contribution_ids)
    if ids:
        rows = model.Session.execute(
            sa.select(abuse).where(abuse.c.contribution_id.in_(ids)).order_by(abuse.c.created)
        ).all()
        for row in rows:
            found.setdefault(row.contribution_id, []).append(row)
    return found


def concerned_institutions(package: model.Package) -> list[str]:
    """The ids of the institutions a contribution about this record
    concerns: an action's institution, a recommendation's assigned ones."""
    if package.type == "action":
        return [package.owner_org] if package.owner_org else []
    stored = package.extras.get("institutions") or "[]"
    try:
        names = json.loads(stored)
    except ValueError:
        names = [stored]
    groups = [model.Group.get(name) for name in names if isinstance(name, str)]
    return [group.id for group in groups if organizations.is_institution(group)]


# -- consultations --------------------------------------------------------------------

consultation = tables.consultation
invitee = tables.consultation_invitee


def create_consultation(values: dict[str, Any], organization_ids: Iterable[str]) -> str:
    consultation_id = new_id()
    model.Session.execute(consultation.insert().values(id=consultation_id, **values))
    ids = sorted(set(organization_ids))
    if ids:
        model.Session.execute(
            invitee.insert(), [{"consultation_id": consultation_id, "organization_id": org} for org in ids]
        )
    return consultation_id


def get_consultation(consultation_id: str, for_update: bool = False) -> sa.Row | None:
    query = sa.select(consultation).where(consultation.c.id == consultation_id)
    return model.Session.execute(query.with_for_update() if for_update else query).first()


def update_consultation(consultation_id: str, **values: Any) -> None:
    model.Session.execute(consultation.update().where(consultation.c.id == consultation_id).values(**values))


def consultations_of(draft_id: str | None = None) -> list[sa.Row]:
    """Consultations, newest first (of one draft if given)."""
    query = sa.select(consultation)
    if draft_id is not None:
        query = query.where(consultation.c.draft_id == draft_id)
    return model.Session.execute(query.order_by(consultation.c.created.desc())).all()


def invited(consultation_id: str) -> frozenset[str]:
    return frozenset(
        model.Session.execute(
            sa.select(invitee.c.organization_id).where(invitee.c.consultation_id == consultation_id)
        ).scalars()
    )


def consultation_comments(consultation_id: str, states: Iterable[str] | None = None) -> list[sa.Row]:
    """A consultation's comments, by section then oldest first."""
    query = sa.select(contribution).where(contribution.c.consultation_id == consultation_id)
    if states is not None:
        query = query.where(contribution.c.state.in_(list(states)))
    return model.Session.execute(query.order_by(contribution.c.section_id, contribution.c.created)).all()


def civil_society_members(organization_ids: Iterable[str] | None) -> list[model.User]:
    """The active members of these civil society organizations (of all of
    them when None), each once."""
    query = (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .filter(
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Group.type == organizations.CIVIL_SOCIETY,
            model.Group.state == "active",
            model.User.state == "active",
        )
    )
    if organization_ids is not None:
        query = query.filter(model.Group.id.in_(list(organization_ids)))
    return query.distinct().all()


def _latest_public_assessments(*where: Any) -> Any:
    """(record id, status) of each organization's latest published
    assessment of each public record (narrowed by ``where``)."""
    return (
        sa.select(contribution.c.package_id, contribution.c.status)
        .distinct(contribution.c.package_id, contribution.c.organization_id)
        .where(contribution.c.kind == contributions.ASSESSMENT, contribution.c.state == "published", _public_record())
        .where(*where)
        .order_by(contribution.c.package_id, contribution.c.organization_id, contribution.c.published.desc())
    )


def latest_public_assessments() -> list[tuple[str, str]]:
    """(recommendation id, status) of each organization's latest published
    assessment of each public recommendation."""
    return [(row.package_id, row.status) for row in model.Session.execute(_latest_public_assessments())]


def public_voices(package_ids: Iterable[str]) -> dict[str, tuple[list[str], list[str]]]:
    """What civil society says in public of each record: the statuses of
    each organization's latest published assessment, and the names of the
    organizations with a published contribution, each sorted; records it
    says nothing of are left out."""
    ids = list(package_ids)
    public = sa.and_(
        contribution.c.package_id.in_(ids),
        contribution.c.state == "published",
        contribution.c.kind.in_(contributions.KINDS),
        _public_record(),
    )
    latest = _latest_public_assessments(contribution.c.package_id.in_(ids))
    speakers = (
        sa.select(contribution.c.package_id, model.Group.name)
        .distinct()
        .join(model.Group, model.Group.id == contribution.c.organization_id)
        .where(public, model.Group.state == "active")
    )
    statuses: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    for package_id, status in model.Session.execute(latest):
        if status:
            statuses.setdefault(package_id, set()).add(status)
    for package_id, name in model.Session.execute(speakers):
        names.setdefault(package_id, set()).add(name)
    return {package_id: (sorted(statuses.get(package_id, ())), sorted(names[package_id])) for package_id in names}
