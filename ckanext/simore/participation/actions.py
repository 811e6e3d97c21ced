"""API actions of civil society participation: requests to join a civil
society organization or to register one, decided by the coordinating body
(registrations) or the organization's admins (who joins), each outcome
mailed to the person who asked (``mail``); contributions of the
organizations' members (``contributions``), moderated by the coordinating
body and answered by the institutions concerned. Unpublished
contributions are seen by their author and the moderators only; published
ones by whoever may read the record they are about."""

from __future__ import annotations

import dataclasses
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import plugins as lib_plugins
from ckan.logic import validate

from ckanext.simore import clock, config, languages, organizations, roles
from ckanext.simore.drafts import states as draft_states
from ckanext.simore.drafts import store as drafts_store
from ckanext.simore.participation import (
    consultations,
    contributions,
    divergence,
    input_schemas,
    mail,
    memberships,
    store,
    voices,
)
from ckanext.simore.portal import counts
from ckanext.simore.records import lookups, readable
from ckanext.simore.security import guard
from ckanext.simore.security import links as safe_links
from ckanext.simore.vocabularies import terms

__all__ = [
    "simore_membership_request_create",
    "simore_membership_request_decide",
    "simore_membership_request_withdraw",
    "simore_membership_request_list",
    "simore_contribution_create",
    "simore_contribution_update",
    "simore_contribution_withdraw",
    "simore_contribution_moderate",
    "simore_contribution_answer",
    "simore_contribution_report",
    "simore_contribution_show",
    "simore_contribution_list",
    "simore_consultation_open",
    "simore_consultation_close",
    "simore_consultation_publish",
    "simore_consultation_show",
    "simore_consultation_list",
    "simore_consultation_comment",
    "simore_consultation_respond",
    "simore_assessment_divergence",
]

# the most requests one list answers
MAX_LISTED = 500
# the fields of a proposed organization: those of its schema a person
# fills in (the logo is added by its admin once it exists)
PROPOSAL_FIELDS = (
    "title",
    "name",
    "title_translated",
    "acronym",
    "civil_society_kind",
    "description",
    "url",
    "contact_email",
)


def _requester(context) -> model.User:
    user = lookups.user_of(context)
    if user is None:
        raise tk.NotAuthorized(tk._("Log in to make a request"))
    return user


def civil_society_organization(ref: Any, field: str = "organization") -> model.Group:
    """The active civil society organization called or identified ``ref``."""
    group = model.Group.get(ref) if isinstance(ref, str) and ref else None
    if not organizations.is_civil_society(group) or group.state != "active":
        raise tk.ValidationError({field: [tk._("There is no civil society organization {ref!r}").format(ref=ref)]})
    return group


def _checked_proposal(context, proposal: Any) -> dict[str, Any]:
    """The proposed organization's details, validated by the civil society
    organization schema as its creation will be (a name already taken is
    refused now, not when a coordinator approves)."""
    if not isinstance(proposal, dict):
        raise tk.ValidationError({"proposal": [tk._("expected the organization's details")]})
    unknown = sorted(set(proposal) - set(PROPOSAL_FIELDS))
    if unknown:
        raise tk.ValidationError({"proposal": [tk._("unknown field(s): {names}").format(names=", ".join(unknown))]})
    plugin = lib_plugins.lookup_group_plugin(organizations.CIVIL_SOCIETY)
    data = {"type": organizations.CIVIL_SOCIETY, **proposal}
    validation_context = {"model": model, "session": model.Session, "user": context.get("user")}
    validated, errors = lib_plugins.plugin_validate(
        plugin, validation_context, data, plugin.create_group_schema(), "organization_create"
    )
    if errors:
        raise tk.ValidationError(errors)
    return {key: validated[key] for key in PROPOSAL_FIELDS if validated.get(key) not in (None, "", {}, [])}


@validate(input_schemas.membership_request_create)
def simore_membership_request_create(context, data_dict):
    """Ask to join a civil society organization (``kind`` "join",
    ``organization``) or to register one (``kind`` "register",
    ``proposal``: its title, name, kind and the rest of its details), with
    a ``message`` to whoever decides."""
    tk.check_access("simore_membership_request_create", context, data_dict)
    user = _requester(context)
    kind = data_dict["kind"]
    organization = proposal = None
    if kind == memberships.JOIN:
        organization = civil_society_organization(data_dict.get("organization"))
    else:
        proposal = _checked_proposal(context, data_dict.get("proposal"))
    requester = memberships.Requester(
        state_staff=roles.is_state_staff(user),
        pending=store.pending_count(user.id),
        member_of=frozenset(roles.civil_society_of(user)),
    )
    refusal = memberships.request_refusal(kind, organization.id if organization else None, requester)
    if refusal:
        raise tk.ValidationError({"kind": [tk._(refusal).format(max=memberships.MAX_PENDING)]})
    if store.pending_for(user.id, organization.id if organization else None, (proposal or {}).get("name")):
        raise tk.ValidationError({"kind": [tk._("You already asked this; your request waits for a decision")]})
    request_id = store.create_request(
        kind, user.id, organization.id if organization else None, proposal, (data_dict.get("message") or "").strip()
    )
    model.Session.commit()
    row = store.get_request(request_id)
    mail.announce_request(row)
    return _shown(row, user)


def _request_for_decision(context, data_dict) -> Any:
    row = store.get_request(guard.text_ref(data_dict, "id"), for_update=True)
    if row is None:
        raise tk.ObjectNotFound(tk._("No such request"))
    return row


@validate(input_schemas.membership_request_decide)
def simore_membership_request_decide(context, data_dict):
    """Approve or refuse a pending request (``decision``), with a
    ``reason`` (required to refuse) the person is told. Approving a
    registration creates the organization with the person as its admin;
    approving a request to join makes the person a member."""
    tk.check_access("simore_membership_request_decide", context, data_dict)
    row = _request_for_decision(context, data_dict)
    decision, reason = data_dict["decision"], (data_dict.get("reason") or "").strip()
    refusal = memberships.decision_refusal(row.state, decision, reason)
    if refusal:
        field = "reason" if row.state == memberships.PENDING else "id"
        raise tk.ValidationError({field: [tk._(refusal)]})
    organization_id = row.organization_id
    if decision == memberships.APPROVE:
        organization_id = _carry_out(row)
    state = memberships.APPROVED if decision == memberships.APPROVE else memberships.REFUSED
    decider = lookups.user_of(context)
    store.decide(row.id, state, reason, decider.id if decider else None, organization_id)
    model.Session.commit()
    decided = store.get_request(row.id)
    mail.announce_decision(decided)
    return _shown(decided, decider)


def _carry_out(row: Any) -> str:
    """What approving the request does: the organization registered (the
    person its admin) or the person made a member; the organization's id."""
    person = model.User.get(row.user_id)
    if person is None or person.state != "active":
        raise tk.ValidationError({"id": [tk._("The person who asked no longer has an account")]})
    internal = {"user": person.name, "ignore_auth": True, "defer_commit": True}
    if row.kind == memberships.REGISTER:
        created = tk.get_action("organization_create")(internal, {"type": organizations.CIVIL_SOCIETY, **row.proposal})
        return created["id"]
    organization = civil_society_organization(row.organization_id, "id")
    tk.get_action("organization_member_create")(
        internal, {"id": organization.id, "username": person.name, "role": memberships.capacity_on_approval(row.kind)}
    )
    return organization.id


def simore_membership_request_withdraw(context, data_dict):
    """Withdraw one's own pending request."""
    tk.check_access("simore_membership_request_withdraw", context, data_dict)
    row = _request_for_decision(context, data_dict)
    if row.state != memberships.PENDING:
        raise tk.ValidationError({"id": [tk._("This request was already decided or withdrawn")]})
    store.decide(row.id, memberships.WITHDRAWN, "", row.user_id, row.organization_id)
    model.Session.commit()
    return _shown(store.get_request(row.id), lookups.user_of(context))


@tk.side_effect_free
@validate(input_schemas.membership_request_list)
def simore_membership_request_list(context, data_dict):
    """The requests the user made (``mine``) and those they decide
    (``to_decide``: every one for the coordinators, those to join the
    organizations they administer for an organization's admins), in a
    ``state`` (pending unless said), newest first."""
    tk.check_access("simore_membership_request_list", context, data_dict)
    user = _requester(context)
    states = [data_dict.get("state") or memberships.PENDING]
    limit = guard.bounded_int(data_dict, "limit", MAX_LISTED, MAX_LISTED)
    _, mine = store.listed(states, user.id, None, memberships.KINDS, limit, 0)
    if roles.is_coordinator(user):
        count, to_decide = store.listed(states, None, None, memberships.KINDS, limit, 0)
    else:
        administered = [org for org, capacity in roles.civil_society_of(user).items() if capacity == "admin"]
        count, to_decide = store.listed(states, None, administered, [memberships.JOIN], limit, 0)
    return {
        "mine": [_shown(row, user) for row in mine],
        "to_decide": [_shown(row, user) for row in to_decide],
        "to_decide_count": count,
    }


def _shown(row: Any, reader: model.User | None) -> dict[str, Any]:
    """A request as its reader sees it: the person's e-mail address only
    to the coordinators, who decided only to the deciders."""
    person = model.User.get(row.user_id)
    organization = model.Group.get(row.organization_id) if row.organization_id else None
    coordinator = roles.is_coordinator(reader)
    shown = {
        "id": row.id,
        "kind": row.kind,
        "state": row.state,
        "message": row.message,
        "reason": row.reason,
        "created": row.created.isoformat(),
        "decided": row.decided.isoformat() if row.decided else None,
        "proposal": row.proposal,
        "organization": {"id": organization.id, "name": organization.name, "title": organization.title}
        if organization is not None
        else None,
        "user": {
            "name": person.name if person else None,
            "display_name": person.display_name if person else None,
            **({"email": person.email} if coordinator and person else {}),
        },
    }
    if reader is not None and reader.id != row.user_id:
        decider = model.User.get(row.decided_by) if row.decided_by else None
        shown["decided_by"] = decider.display_name if decider else None
    return shown


# -- contributions ------------------------------------------------------------------


def _member_of(user: model.User, organization_ref: Any) -> model.Group:
    """The civil society organization the person writes for: one they
    belong to."""
    organization = civil_society_organization(organization_ref)
    if organization.id not in roles.civil_society_of(user):
        raise tk.ValidationError({"organization": [tk._("You are not a member of this organization")]})
    return organization


def _record(ref: Any, user_name: str) -> model.Package:
    """The recommendation or action a contribution is about, if the person
    may read it (else as if it did not exist)."""
    package = model.Package.get(ref) if isinstance(ref, str) and ref else None
    if package is None or package.type not in ("recommendation", "action") or not readable.may_read(package, user_name):
        raise tk.ValidationError({"record": [tk._("There is no recommendation or action {ref!r}").format(ref=ref)]})
    return package


def _published_action(package: model.Package) -> bool:
    return package.type != "action" or (package.extras.get("workflow_state") == "published" and not package.private)


def _status(code: Any) -> str | None:
    if code in (None, ""):
        return None
    if code not in terms.get("implementation_statuses"):
        raise tk.ValidationError({"status": [tk._("unknown implementation status {code!r}").format(code=code)]})
    return code


def _evidence(links: list[str]) -> list[str]:
    bad = [link for link in links if not safe_links.web_link(link)]
    if bad:
        raise tk.ValidationError(
            {
                "evidence": [
                    tk._("Only links beginning with http:// or https:// are accepted: {link}").format(link=bad[0])
                ]
            }
        )
    return links


def _language(code: Any) -> str:
    if code in (None, ""):
        return languages.interface_language() or config.languages()[0]
    if code not in config.languages():
        raise tk.ValidationError({"language": [tk._("unknown language {lang!r}").format(lang=code)]})
    return code


def _checked_fields(kind: str, data: dict[str, Any], parent: Any) -> dict[str, Any]:
    values = {"status": _status(data.get("status")), "evidence": _evidence(data.get("evidence") or [])}
    errors = contributions.field_errors(kind, values["status"], values["evidence"], parent.kind if parent else None)
    if errors:
        raise tk.ValidationError(
            {field: [tk._(message).format(limit=contributions.MAX_EVIDENCE)] for field, message in errors.items()}
        )
    return values


def _submitted_report(ref: Any) -> Any:
    """The report a comment is about: a draft once submitted (before, as
    if it did not exist: None)."""
    row = drafts_store.get(ref) if isinstance(ref, str) and ref else None
    return row if row is not None and row.state == draft_states.SUBMITTED else None


def _subject(data_dict, user_name: str) -> tuple[str, dict[str, str], str, bool]:
    """What a contribution is about, one of a ``record`` and a submitted
    ``report``: (the field naming it, its column, the target's type,
    whether it is open to contributions)."""
    if bool(data_dict.get("record")) == bool(data_dict.get("report")):
        raise tk.ValidationError(
            {"record": [tk._("Name what the contribution is about: a record, or a submitted report")]}
        )
    if data_dict.get("report"):
        report = _submitted_report(data_dict["report"])
        if report is None:
            message = tk._("There is no submitted report {ref!r}").format(ref=data_dict["report"])
            raise tk.ValidationError({"report": [message]})
        return "report", {"draft_id": report.id}, contributions.REPORT, True
    package = _record(data_dict["record"], user_name)
    return "record", {"package_id": package.id}, package.type, _published_action(package)


def _parent(ref: Any, subject: dict[str, str]) -> Any:
    """The published contribution about the same record or report a
    reply answers."""
    if ref in (None, ""):
        return None
    row = store.get_contribution(ref)
    same = row is not None and row.package_id == subject.get("package_id") and row.draft_id == subject.get("draft_id")
    if not same or row.state != contributions.PUBLISHED:
        raise tk.ValidationError({"parent": [tk._("There is no published contribution {ref!r} here").format(ref=ref)]})
    return row


@validate(input_schemas.contribution_create)
def simore_contribution_create(context, data_dict):
    """Write a contribution in the name of one's civil society
    ``organization``: a ``kind`` (comment, assessment, measure) about a
    ``record`` (a recommendation; a published action for comments) or,
    for a comment, a submitted ``report`` (its draft's id); its ``body``
    (markdown), for an assessment its ``status`` (a code of
    implementation_statuses), for assessments and measures ``evidence``
    (links); a comment may reply to a published ``parent``. It waits for
    moderation; ``show_author`` names the person beside the organization."""
    tk.check_access("simore_contribution_create", context, data_dict)
    user = _requester(context)
    organization = _member_of(user, data_dict["organization"])
    field, subject, target_type, open_to_all = _subject(data_dict, user.name)
    kind = data_dict["kind"]
    refusal = contributions.target_refusal(kind, target_type, open_to_all)
    if refusal:
        raise tk.ValidationError({field: [tk._(refusal)]})
    parent = _parent(data_dict.get("parent"), subject)
    values = _checked_fields(kind, data_dict, parent)
    return _write_for_moderation(
        user, organization, data_dict, kind=kind, parent_id=parent.id if parent else None, **subject, **values
    )


def _write_for_moderation(user: model.User, organization: model.Group, data_dict, **where: Any) -> dict[str, Any]:
    """Write a contribution (``where``: its kind and what it is about)
    waiting for moderation, within the person's daily limit; tell the
    moderators."""
    limit = config.contributions_per_day()
    refusal = contributions.rate_refusal(store.written_since(user.id, 24), limit)
    if refusal:
        raise tk.ValidationError({"body": [tk._(refusal).format(limit=limit)]})
    contribution_id = store.create_contribution(
        {
            "organization_id": organization.id,
            "author_id": user.id,
            "show_author": bool(data_dict.get("show_author")),
            "language": _language(data_dict.get("language")),
            "body": data_dict["body"].strip(),
            "state": contributions.PENDING,
            **where,
        }
    )
    model.Session.commit()
    row = store.get_contribution(contribution_id)
    mail.announce_contribution(row)
    return _contribution_shown(row, user)


def _own_contribution(context, data_dict) -> tuple[Any, model.User]:
    user = _requester(context)
    row = store.get_contribution(guard.text_ref(data_dict, "id"), for_update=True)
    if row is None or row.author_id != user.id or row.kind == contributions.ANSWER:
        raise tk.ObjectNotFound(tk._("No such contribution"))
    return row, user


@validate(input_schemas.contribution_update)
def simore_contribution_update(context, data_dict):
    """Change one's own contribution (its ``body``, ``status``,
    ``evidence``, ``show_author``, ``language``) while it waits for
    moderation or was sent back for changes, or for
    ``ckanext.simore.contribution_edit_hours`` after it was published; it
    goes (back) to moderation."""
    tk.check_access("simore_contribution_update", context, data_dict)
    row, user = _own_contribution(context, data_dict)
    refusal = contributions.edit_refusal(row.state, row.published, clock.now(), config.contribution_edit_hours())
    if refusal is None and row.consultation_id:
        if _consultation_state(_consultation(row.consultation_id)) != consultations.OPEN:
            refusal = consultations.CLOSED_FOR_CHANGES
    if refusal:
        raise tk.ValidationError({"id": [tk._(refusal)]})
    merged = {"status": data_dict.get("status", row.status), "evidence": data_dict.get("evidence", row.evidence)}
    parent = store.get_contribution(row.parent_id) if row.parent_id else None
    values = _checked_fields(row.kind, merged, parent)
    if "body" in data_dict:
        values["body"] = data_dict["body"].strip()
    if "show_author" in data_dict:
        values["show_author"] = bool(data_dict["show_author"])
    if "language" in data_dict:
        values["language"] = _language(data_dict["language"])
    store.update_contribution(row.id, {**values, "state": contributions.PENDING, "published": None})
    model.Session.commit()
    _reindex(row, contributions.PENDING)
    changed = store.get_contribution(row.id)
    if row.state != contributions.PENDING:
        mail.announce_contribution(changed)
    return _contribution_shown(changed, user)


def simore_contribution_withdraw(context, data_dict):
    """Withdraw one's own contribution, published or not: it is no longer
    shown (its answers go with it)."""
    tk.check_access("simore_contribution_withdraw", context, data_dict)
    row, user = _own_contribution(context, data_dict)
    if row.state == contributions.WITHDRAWN:
        raise tk.ValidationError({"id": [tk._("This contribution was already withdrawn")]})
    store.update_contribution(row.id, {"state": contributions.WITHDRAWN})
    model.Session.commit()
    _reindex(row, contributions.WITHDRAWN)
    return _contribution_shown(store.get_contribution(row.id), user)


def _reindex(row: Any, new_state: str) -> None:
    """Index the contribution's record again if what the public sees of
    civil society there changed with it."""
    if row.kind in contributions.KINDS:
        was, now = row.state == contributions.PUBLISHED, new_state == contributions.PUBLISHED
        voices.reindex_if_shown_changed(row.package_id, was, now)


@validate(input_schemas.contribution_moderate)
def simore_contribution_moderate(context, data_dict):
    """Publish a contribution waiting for moderation, send it back for
    changes or refuse it (both with a ``reason`` the author is told), or
    take a published one down (refuse). The author is mailed the decision;
    on publication, the institutions concerned are mailed too."""
    tk.check_access("simore_contribution_moderate", context, data_dict)
    row = store.get_contribution(guard.text_ref(data_dict, "id"), for_update=True)
    if row is None or row.kind == contributions.ANSWER:
        raise tk.ObjectNotFound(tk._("No such contribution"))
    decision, reason = data_dict["decision"], (data_dict.get("reason") or "").strip()
    refusal = contributions.moderation_refusal(row.state, decision, reason)
    if refusal:
        raise tk.ValidationError(
            {"reason" if row.state in (contributions.PENDING, contributions.PUBLISHED) else "id": [tk._(refusal)]}
        )
    moderator = lookups.user_of(context)
    state = contributions.DECISIONS[decision]
    store.update_contribution(
        row.id,
        {
            "state": state,
            "moderation_reason": reason or None,
            "moderated_by": moderator.id if moderator else None,
            "moderated": sa.func.now(),
            "published": sa.func.now() if state == contributions.PUBLISHED else row.published,
        },
    )
    model.Session.commit()
    _reindex(row, state)
    decided = store.get_contribution(row.id)
    mail.announce_moderation(decided)
    return _contribution_shown(decided, moderator)


@validate(input_schemas.contribution_answer)
def simore_contribution_answer(context, data_dict):
    """An institution concerned answers a published contribution publicly
    (``organization``: the institution, ``body``: markdown), written by
    its focal points; the answer is published at once."""
    tk.check_access("simore_contribution_answer", context, data_dict)
    user = _requester(context)
    row = store.get_contribution(guard.text_ref(data_dict, "id"))
    if row is None or row.state != contributions.PUBLISHED or row.kind == contributions.ANSWER:
        raise tk.ObjectNotFound(tk._("No such contribution"))
    institution = model.Group.get(data_dict["organization"])
    package = model.Package.get(row.package_id)
    if (
        not organizations.is_institution(institution)
        or package is None
        or institution.id not in store.concerned_institutions(package)
    ):
        raise tk.ValidationError({"organization": [tk._("This contribution does not concern this institution")]})
    answer_id = store.create_contribution(
        {
            "kind": contributions.ANSWER,
            "package_id": row.package_id,
            "parent_id": row.id,
            "organization_id": institution.id,
            "author_id": user.id,
            "language": _language(None),
            "body": data_dict["body"].strip(),
            "state": contributions.PUBLISHED,
            "published": sa.func.now(),
        }
    )
    model.Session.commit()
    answer = store.get_contribution(answer_id)
    mail.announce_answer(answer, row)
    return _contribution_shown(answer, user)


@validate(input_schemas.contribution_report)
def simore_contribution_report(context, data_dict):
    """Report a published contribution as abusive, saying why; the
    moderators see it in their queue."""
    tk.check_access("simore_contribution_report", context, data_dict)
    user = _requester(context)
    row = _readable_contribution(data_dict, user.name)
    if row.state != contributions.PUBLISHED:
        raise tk.ObjectNotFound(tk._("No such contribution"))
    if not store.report_abuse(row.id, user.id, data_dict["reason"].strip()):
        raise tk.ValidationError({"id": [tk._("You already reported this contribution")]})
    model.Session.commit()
    return {"reported": True}


def _may_see(row: Any, user: model.User | None) -> bool:
    """A published contribution about a record the user may read (in a
    consultation whose record is published); any contribution for its
    author and the moderators."""
    if user is not None and (row.author_id == user.id or roles.is_coordinator(user)):
        return True
    if row.state != contributions.PUBLISHED:
        return False
    if row.consultation_id:
        return _consultation_state(_consultation(row.consultation_id)) == consultations.PUBLISHED
    if row.draft_id:
        return _submitted_report(row.draft_id) is not None
    return readable.may_read(model.Package.get(row.package_id), user.name if user else None)


def _readable_contribution(data_dict, user_name: str | None) -> Any:
    row = store.get_contribution(guard.text_ref(data_dict, "id"))
    if row is None or not _may_see(row, roles.user_named(user_name) if user_name else None):
        raise tk.ObjectNotFound(tk._("No such contribution"))
    return row


@tk.side_effect_free
def simore_contribution_show(context, data_dict):
    """One contribution, as its reader may see it."""
    tk.check_access("simore_contribution_show", context, data_dict)
    row = _readable_contribution(data_dict, context.get("user"))
    return _contribution_shown(row, lookups.user_of(context))


@tk.side_effect_free
@validate(input_schemas.contribution_list)
def simore_contribution_list(context, data_dict):
    """Contributions, oldest first: about a ``record`` or a submitted
    ``report``, of an ``organization`` (civil society's or an
    institution's answers), of a ``kind``, with all the words of ``q``
    in their text (accents aside); everyone sees the published
    ones about public records and submitted reports, an author their own
    too, the moderators every one (``state`` and ``reported``: the
    moderation queue)."""
    tk.check_access("simore_contribution_list", context, data_dict)
    user = lookups.user_of(context)
    moderator = roles.is_coordinator(user)
    package_id = organization_id = draft_id = None
    if data_dict.get("report"):
        report = _submitted_report(data_dict["report"])
        if report is None:
            raise tk.ObjectNotFound(tk._("No such report"))
        draft_id = report.id
    if data_dict.get("record"):
        package = model.Package.get(data_dict["record"])
        if package is None or not readable.may_read(package, user.name if user else None):
            raise tk.ObjectNotFound(tk._("No such record"))
        package_id = package.id
    if data_dict.get("organization"):
        organization = model.Group.get(data_dict["organization"])
        if organization is None or not organization.is_organization:
            raise tk.ObjectNotFound(tk._("No such organization"))
        organization_id = organization.id
    limit = guard.bounded_int(data_dict, "limit", MAX_LISTED, MAX_LISTED)
    offset = guard.bounded_int(data_dict, "offset", 0, 10**6)
    count, rows = store.listed_contributions(
        package_id=package_id,
        draft_id=draft_id,
        organization_id=organization_id,
        kinds=[data_dict["kind"]] if data_dict.get("kind") else None,
        states=[data_dict["state"]] if data_dict.get("state") else None,
        visible_to=user.id if user else None,
        moderator=moderator,
        reported=bool(data_dict.get("reported")) and moderator,
        words=data_dict.get("q"),
        limit=limit,
        offset=offset,
    )
    reports = store.abuse_reports(row.id for row in rows) if moderator else {}
    return {"count": count, "results": [_contribution_shown(row, user, reports.get(row.id)) for row in rows]}


def _report_brief(draft_id: str, moderator: bool) -> dict[str, Any] | None:
    """The report a comment is about, if the reader may read it."""
    report = drafts_store.get(draft_id) if moderator else _submitted_report(draft_id)
    return {"id": report.id, "title": report.title} if report is not None else None


def _contribution_shown(row: Any, reader: model.User | None, reports: list[Any] | None = None) -> dict[str, Any]:
    """A contribution as its reader sees it: attributed to its
    organization; the person named only if they chose to be (or to the
    moderators and themselves); the moderation's reason to its author and
    the moderators."""
    organization = model.Group.get(row.organization_id)
    package = model.Package.get(row.package_id) if row.package_id else None
    reader_name = reader.name if reader else None
    own = reader is not None and reader.id == row.author_id
    moderator = roles.is_coordinator(reader)
    author = model.User.get(row.author_id)
    shown = {
        "id": row.id,
        "kind": row.kind,
        "record": {"id": package.id, "name": package.name, "type": package.type}
        if package is not None and readable.may_read(package, reader_name)
        else None,
        "report": _report_brief(row.draft_id, moderator) if row.draft_id else None,
        "parent": row.parent_id,
        "organization": {
            "id": organization.id,
            "name": organization.name,
            "title": organization.display_name,
            "type": organization.type,
        }
        if organization is not None
        else None,
        "author": author.display_name if author is not None and (row.show_author or own or moderator) else None,
        "show_author": row.show_author,
        "yours": own,
        "language": row.language,
        "body": row.body,
        "status": row.status,
        "evidence": list(row.evidence or []),
        "state": row.state,
        "created": row.created.isoformat(),
        "modified": row.modified.isoformat(),
        "published": row.published.isoformat() if row.published else None,
    }
    if row.kind == contributions.CONSULTATION:
        shown.update(
            consultation=row.consultation_id,
            section=row.section_id,
            response=row.response,
            response_text=row.response_text,
            responded=row.responded.isoformat() if row.responded else None,
        )
    if own or moderator:
        shown["moderation_reason"] = row.moderation_reason
    if moderator and reports is not None:
        shown["abuse_reports"] = [
            {"reason": report.reason, "created": report.created.isoformat()} for report in reports
        ]
    return shown


# -- consultations on report drafts ---------------------------------------------------


def _consultation(ref: Any, lock: bool = False) -> Any:
    row = store.get_consultation(ref, for_update=lock) if isinstance(ref, str) and ref else None
    if row is None:
        raise tk.ObjectNotFound(tk._("No consultation {id!r}").format(id=ref))
    return row


def _consultation_state(row: Any) -> str:
    return consultations.state(row.opens, row.closes, row.closed is not None, row.published is not None, clock.today())


def _consulted_organizations(user: model.User | None, row: Any) -> list[str]:
    """The civil society organizations of ``user`` this consultation consults."""
    if user is None:
        return []
    invited = store.invited(row.id)
    return [org for org in roles.civil_society_of(user) if consultations.takes_part(row.audience, invited, org)]


def _readable_consultation(context, ref: Any) -> tuple[Any, str]:
    """(consultation, its state) if the reader may see it: the coordinators
    always; members of an organization consulted while it is open; everyone
    once its record is published. Else a 404."""
    row = _consultation(ref)
    state = _consultation_state(row)
    user = lookups.user_of(context)
    if roles.is_coordinator(user) or state == consultations.PUBLISHED:
        return row, state
    if state == consultations.OPEN and _consulted_organizations(user, row):
        return row, state
    raise tk.ObjectNotFound(tk._("No consultation {id!r}").format(id=ref))


@validate(input_schemas.consultation_open)
def simore_consultation_open(context, data_dict):
    """Open a consultation of civil society on a report's ``draft`` from
    ``opens`` (today unless said) to ``closes``, for ``audience`` "all"
    civil society organizations or the "invited" ``organizations``, with a
    ``message`` to them; the members of the organizations consulted are
    mailed, and the draft's state becomes "in consultation"."""
    tk.check_access("simore_consultation_open", context, data_dict)
    draft = drafts_store.get(guard.text_ref(data_dict, "draft"), lock=True)
    if draft is None:
        raise tk.ValidationError({"draft": [tk._("No report draft {id!r}").format(id=data_dict["draft"])]})
    opens, closes = data_dict.get("opens") or clock.today(), data_dict["closes"]
    invited = [civil_society_organization(ref, "organizations").id for ref in data_dict.get("organizations") or []]
    already_open = any(
        _consultation_state(row) in (consultations.SCHEDULED, consultations.OPEN)
        for row in store.consultations_of(draft.id)
    )
    errors = consultations.opening_errors(
        draft_states.editable(draft.state),
        opens,
        closes,
        clock.today(),
        data_dict["audience"],
        len(invited),
        already_open,
    )
    if errors:
        raise tk.ValidationError(
            {field: [tk._(message).format(days=consultations.MAX_DAYS)] for field, message in errors.items()}
        )
    user = lookups.user_of(context)
    consultation_id = store.create_consultation(
        {
            "draft_id": draft.id,
            "opens": opens,
            "closes": closes,
            "audience": data_dict["audience"],
            "message": (data_dict.get("message") or "").strip(),
            "created_by": user.id if user else None,
        },
        invited,
    )
    drafts_store.update(draft.id, state="in_consultation")
    model.Session.commit()
    row = store.get_consultation(consultation_id)
    mail.announce_consultation(row, draft.title, invited if data_dict["audience"] == consultations.INVITED else None)
    return _consultation_shown(row, context)


def simore_consultation_close(context, data_dict):
    """Close an open (or scheduled) consultation before its last day."""
    tk.check_access("simore_consultation_close", context, data_dict)
    row = _consultation(guard.text_ref(data_dict, "id"), lock=True)
    if _consultation_state(row) not in (consultations.SCHEDULED, consultations.OPEN):
        raise tk.ValidationError({"id": [tk._("This consultation is already closed")]})
    store.update_consultation(row.id, closed=sa.func.now())
    model.Session.commit()
    return _consultation_shown(store.get_consultation(row.id), context)


def simore_consultation_publish(context, data_dict):
    """Publish a closed consultation's record: who took part, the
    published comments and how each was considered, for everyone."""
    tk.check_access("simore_consultation_publish", context, data_dict)
    row = _consultation(guard.text_ref(data_dict, "id"), lock=True)
    if _consultation_state(row) != consultations.CLOSED:
        raise tk.ValidationError({"id": [tk._("Only a closed consultation's record is published")]})
    unanswered = [
        comment.id
        for comment in store.consultation_comments(row.id, [contributions.PUBLISHED])
        if comment.response is None
    ]
    if unanswered:
        raise tk.ValidationError(
            {"id": [tk._("Respond to every published comment first ({count} left)").format(count=len(unanswered))]}
        )
    store.update_consultation(row.id, published=sa.func.now())
    model.Session.commit()
    return _consultation_shown(store.get_consultation(row.id), context)


@tk.side_effect_free
def simore_consultation_show(context, data_dict):
    """A consultation as its reader may see it: the draft's sections (to
    the coordinators, and to the organizations consulted while it is
    open), the reader's own comments, and once published its record."""
    tk.check_access("simore_consultation_show", context, data_dict)
    row, _state = _readable_consultation(context, guard.text_ref(data_dict, "id"))
    return _consultation_shown(row, context)


@tk.side_effect_free
def simore_consultation_list(context, data_dict):
    """The consultations the reader may see (of one ``draft`` if given),
    newest first."""
    tk.check_access("simore_consultation_list", context, data_dict)
    ref = (data_dict or {}).get("draft")
    rows = store.consultations_of(guard.text_ref(data_dict, "draft") if ref else None)
    shown = []
    for row in rows:
        try:
            _readable_consultation(context, row.id)
        except tk.ObjectNotFound:
            continue
        shown.append(_consultation_shown(row, context, with_sections=False))
    return {"count": len(shown), "consultations": shown}


@validate(input_schemas.consultation_comment)
def simore_consultation_comment(context, data_dict):
    """Comment on a ``section`` of the draft in an open ``consultation``,
    in the name of one's civil society ``organization`` (consulted); the
    comment waits for moderation as every contribution does."""
    tk.check_access("simore_consultation_comment", context, data_dict)
    user = _requester(context)
    row, state = _readable_consultation(context, data_dict["consultation"])
    if state != consultations.OPEN:
        raise tk.ValidationError({"consultation": [tk._("This consultation is not open")]})
    organization = _member_of(user, data_dict["organization"])
    if organization.id not in _consulted_organizations(user, row):
        raise tk.ValidationError({"organization": [tk._("This organization is not consulted")]})
    section = drafts_store.section_of(data_dict["section"])
    if section is None or section.draft_id != row.draft_id:
        raise tk.ValidationError({"section": [tk._("No section {id!r} in this draft").format(id=data_dict["section"])]})
    return _write_for_moderation(
        user, organization, data_dict, kind=contributions.CONSULTATION, consultation_id=row.id, section_id=section.id
    )


@validate(input_schemas.consultation_respond)
def simore_consultation_respond(context, data_dict):
    """Respond to a published comment of a consultation: taken into
    account, partly or not (``response``), and why (``text``, required
    unless taken into account); the author is told."""
    tk.check_access("simore_consultation_respond", context, data_dict)
    row = store.get_contribution(guard.text_ref(data_dict, "id"), for_update=True)
    if row is None or row.kind != contributions.CONSULTATION:
        raise tk.ObjectNotFound(tk._("No such contribution"))
    text = (data_dict.get("text") or "").strip()
    refusal = consultations.response_refusal(row.state, data_dict["response"], text)
    if refusal:
        raise tk.ValidationError({"text" if row.state == contributions.PUBLISHED else "id": [tk._(refusal)]})
    consultation = _consultation(row.consultation_id)
    if _consultation_state(consultation) == consultations.PUBLISHED:
        raise tk.ValidationError({"id": [tk._("The record of this consultation is published")]})
    user = lookups.user_of(context)
    store.update_contribution(
        row.id,
        {
            "response": data_dict["response"],
            "response_text": text or None,
            "responded_by": user.id if user else None,
            "responded": sa.func.now(),
        },
    )
    model.Session.commit()
    responded = store.get_contribution(row.id)
    mail.announce_response(responded)
    return _contribution_shown(responded, user)


def _consultation_shown(row: Any, context, with_sections: bool = True) -> dict[str, Any]:
    """A consultation as its reader sees it."""
    user = lookups.user_of(context)
    coordinator = roles.is_coordinator(user)
    state = _consultation_state(row)
    draft = drafts_store.get(row.draft_id)
    invited = store.invited(row.id)
    shown: dict[str, Any] = {
        "id": row.id,
        "draft": {"id": draft.id, "title": draft.title, "language": draft.language} if draft else None,
        "opens": row.opens.isoformat(),
        "closes": row.closes.isoformat(),
        "audience": row.audience,
        "invited": [_organization_brief(org) for org in sorted(invited)],
        "message": row.message,
        "state": state,
        "consulted": [_organization_brief(org) for org in _consulted_organizations(user, row)],
    }
    if not with_sections:
        return shown
    sections = drafts_store.sections(row.draft_id)
    comments = store.consultation_comments(row.id)
    public = state == consultations.PUBLISHED
    seen = [
        comment
        for comment in comments
        if coordinator
        or (user is not None and comment.author_id == user.id)
        or (public and comment.state == contributions.PUBLISHED)
    ]
    open_to_reader = coordinator or (state == consultations.OPEN and bool(shown["consulted"]))
    shown["sections"] = [
        {
            "id": section.id,
            "position": section.position,
            "heading": section.heading,
            # the draft's text only while the reader is consulted (and to the coordinators)
            "body": section.body if open_to_reader else None,
            "comments": [_contribution_shown(comment, user) for comment in seen if comment.section_id == section.id],
        }
        for section in sections
    ]
    if public or coordinator:
        published = [comment for comment in comments if comment.state == contributions.PUBLISHED]
        shown["participants"] = sorted(
            {_organization_brief(comment.organization_id)["title"] for comment in published}, key=str.lower
        )
    return shown


def _organization_brief(organization_id: str) -> dict[str, Any]:
    group = model.Group.get(organization_id)
    if group is None:
        return {"id": organization_id, "name": None, "title": ""}
    return {"id": group.id, "name": group.name, "title": group.display_name}


# -- State and civil society side by side ---------------------------------------------

# how many recommendations one search reads back
_BATCH = 200


def _public_recommendations(ids: list[str]) -> dict[str, dict[str, Any]]:
    """id → the fields of each public recommendation among ``ids``, as an
    anonymous visitor finds them."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        result = counts.package_search(
            counts.anonymous(),
            {
                "q": "",
                "fq": "+dataset_type:recommendation +id:({})".format(" OR ".join('"{}"'.format(i) for i in batch)),
                "rows": len(batch),
            },
        )
        found.update({record["id"]: record for record in result["results"]})
    return found


@tk.side_effect_free
def simore_assessment_divergence(context, data_dict):
    """Where the organizations' published assessments of public
    recommendations agree with the State's implementation status and
    where they differ, in all and by mechanism, theme and responsible
    institution (codes, with ``assessed``, ``agree`` and ``differ``)."""
    tk.check_access("simore_assessment_divergence", context, data_dict)
    assessments = store.latest_public_assessments()
    recommendations = _public_recommendations(sorted({rec for rec, _status in assessments}))
    total = divergence.totals(assessments, recommendations)
    return {
        "total": dataclasses.asdict(total),
        **{
            name: [dataclasses.asdict(row) for row in rows]
            for name, rows in divergence.by_dimension(assessments, recommendations).items()
        },
    }
