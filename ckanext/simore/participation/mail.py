"""Mail of civil society participation: whoever decides a request is told
of it (the coordinating body a registration; an organization's admins,
else the coordinating body, a request to join), and the person who asked
is told the decision with its reason. Each mail once per person
(``workflow.notifications``); a mail that cannot be sent leaves the
request as it is."""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import mailer

from ckanext.simore.participation import memberships
from ckanext.simore.workflow import notifications

log = logging.getLogger(__name__)


def _requests_url() -> str:
    return tk.url_for("simore_participation.requests", _external=True)


def _send(key: str, users: list[model.User], subject: str, body: str) -> int:
    sent = 0
    for user in users:
        try:
            sent += notifications.send_once(key, user, subject, body)
        except mailer.MailerException as error:
            log.warning("%s not mailed to %s: %s", key, user.name, error)
    return sent


def _organization_title(row: Any) -> str:
    """The organization's name, on one line (it goes into a subject)."""
    if row.kind == memberships.REGISTER and row.proposal:
        title = row.proposal.get("title") or row.proposal.get("name") or ""
    else:
        group = model.Group.get(row.organization_id) if row.organization_id else None
        title = group.display_name if group is not None else ""
    return " ".join(title.split())


def announce_request(row: Any) -> int:
    """Tell whoever decides that a request waits."""
    person = model.User.get(row.user_id)
    title = _organization_title(row)
    if row.kind == memberships.REGISTER:
        deciders = notifications.coordinators()
        subject = tk._("[SIMORE] Request to register {organization}").format(organization=title)
        intro = tk._("{person} asks to register the civil society organization {organization}.")
    else:
        deciders = notifications.members(row.organization_id, (memberships.ADMIN_CAPACITY,))
        deciders = deciders or notifications.coordinators()
        subject = tk._("[SIMORE] Request to join {organization}").format(organization=title)
        intro = tk._("{person} asks to join {organization}.")
    parts = [intro.format(person=person.display_name if person else "", organization=title)]
    if row.message:
        parts.append(row.message)
    parts.append(_requests_url())
    return _send("membership_request:{}:made".format(row.id), deciders, subject, "\n\n".join(parts) + "\n")


def announce_decision(row: Any) -> int:
    """Tell the person who asked what was decided, and why."""
    person = model.User.get(row.user_id)
    if person is None:
        return 0
    title = _organization_title(row)
    if row.state == memberships.APPROVED:
        subject = tk._("[SIMORE] Your request about {organization} was approved").format(organization=title)
        intro = (
            tk._("{organization} is registered and you are its admin.")
            if row.kind == memberships.REGISTER
            else tk._("You are now a member of {organization}.")
        )
    else:
        subject = tk._("[SIMORE] Your request about {organization} was refused").format(organization=title)
        intro = tk._("Your request about {organization} was refused.")
    parts = [intro.format(organization=title)]
    if row.reason:
        parts.append(tk._("Reason: {reason}").format(reason=row.reason))
    parts.append(_requests_url())
    return _send("membership_request:{}:{}".format(row.id, row.state), [person], subject, "\n\n".join(parts) + "\n")
