"""API actions of civil society participation: requests to join a civil
society organization or to register one, decided by the coordinating body
(registrations) or the organization's admins (who joins), each outcome
mailed to the person who asked (``mail``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import plugins as lib_plugins
from ckan.logic import validate

from ckanext.simore import organizations, roles
from ckanext.simore.participation import input_schemas, mail, memberships, store
from ckanext.simore.records import lookups
from ckanext.simore.security import guard

__all__ = [
    "simore_membership_request_create",
    "simore_membership_request_decide",
    "simore_membership_request_withdraw",
    "simore_membership_request_list",
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
