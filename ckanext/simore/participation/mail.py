"""Mail of civil society participation: whoever decides a request is told
of it (the coordinating body a registration; an organization's admins,
else the coordinating body, a request to join), and the person who asked
is told the decision with its reason; the moderators are told of each
contribution waiting, its author of their decision, the institutions
concerned of a published one and the author of an institution's answer.
Each mail once per person
(``workflow.notifications``); a mail that cannot be sent leaves the
request as it is."""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import mailer

from ckanext.simore import dates
from ckanext.simore.multilingual import N_
from ckanext.simore.participation import consultations, contributions, memberships, store
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


# -- contributions ------------------------------------------------------------------

KIND_NAMES = {
    contributions.COMMENT: N_("a comment"),
    contributions.ASSESSMENT: N_("an assessment of implementation"),
    contributions.MEASURE: N_("information on a measure"),
    contributions.CONSULTATION: N_("a comment on a draft report in consultation"),
}


def _record_url(row: Any) -> str:
    """Where the contribution is read: its record's page, its report's or
    its consultation's."""
    if row.consultation_id:
        return tk.url_for("simore_participation.consultation", id=row.consultation_id, _external=True)
    if row.draft_id:
        return tk.url_for("simore_drafts.read", id=row.draft_id, _external=True) + "#contribution-" + row.id
    package = model.Package.get(row.package_id) if row.package_id else None
    if package is None:
        return ""
    return tk.url_for("{}.read".format(package.type), id=package.name, _external=True) + "#contribution-" + row.id


def _event(row: Any, what: str) -> str:
    """The key of a contribution's event: a contribution may be moderated
    again after each change."""
    return "contribution:{}:{}:{}".format(row.id, what, row.modified.isoformat())


def announce_contribution(row: Any) -> int:
    """Tell the moderators that a contribution waits."""
    organization = model.Group.get(row.organization_id)
    title = " ".join((organization.display_name if organization else "").split())
    subject = tk._("[SIMORE] To moderate: {kind} from {organization}").format(
        kind=tk._(KIND_NAMES.get(row.kind, row.kind)), organization=title
    )
    body = "\n\n".join([row.body, tk.url_for("simore_participation.moderation", _external=True)])
    return _send(_event(row, "waiting"), notifications.coordinators(), subject, body + "\n")


def announce_moderation(row: Any) -> int:
    """Tell the author the moderators' decision and why; on publication,
    tell the institutions concerned, who may answer."""
    author = model.User.get(row.author_id)
    texts = {
        contributions.PUBLISHED: N_("Your contribution was published."),
        contributions.CHANGES_REQUESTED: N_("The moderators ask you to change your contribution."),
        contributions.REFUSED: N_("Your contribution was not published."),
    }
    parts = [tk._(texts[row.state])]
    if row.moderation_reason:
        parts.append(tk._("Reason: {reason}").format(reason=row.moderation_reason))
    parts.append(_record_url(row))
    subject = tk._("[SIMORE] Your contribution: {decision}").format(decision=tk._(contributions.LABELS[row.state]))
    sent = _send(_event(row, row.state), [author] if author else [], subject, "\n\n".join(parts) + "\n")
    package = model.Package.get(row.package_id) if row.package_id else None
    if row.state == contributions.PUBLISHED and package is not None:
        organization = model.Group.get(row.organization_id)
        subject = tk._("[SIMORE] Civil society wrote about your work: {organization}").format(
            organization=" ".join((organization.display_name if organization else "").split())
        )
        body = "\n\n".join([tk._("You may answer publicly on the record's page."), row.body, _record_url(row)])
        for institution_id in store.concerned_institutions(package):
            sent += _send(
                _event(row, "concerns:" + institution_id),
                notifications.focal_points(institution_id),
                subject,
                body + "\n",
            )
    return sent


def announce_answer(answer: Any, contribution: Any) -> int:
    """Tell the contribution's author that an institution answered."""
    author = model.User.get(contribution.author_id)
    institution = model.Group.get(answer.organization_id)
    subject = tk._("[SIMORE] {institution} answered your contribution").format(
        institution=" ".join((institution.display_name if institution else "").split())
    )
    body = "\n\n".join([answer.body, _record_url(answer)])
    return _send(_event(answer, "answer"), [author] if author else [], subject, body + "\n")


# -- consultations --------------------------------------------------------------------


def announce_consultation(row: Any, draft_title: str, invited: list[str] | None) -> int:
    """Tell the members of the organizations consulted (of every civil
    society organization when ``invited`` is None) that a consultation is
    open, until when, and where."""
    title = " ".join(draft_title.split())
    subject = tk._("[SIMORE] Consultation on the draft report: {title}").format(title=title)
    parts = [
        tk._("The coordinating body consults civil society on the draft report {title}, until {date}.").format(
            title=title, date=dates.long_date(row.closes)
        )
    ]
    if row.message:
        parts.append(row.message)
    parts.append(tk.url_for("simore_participation.consultation", id=row.id, _external=True))
    members = store.civil_society_members(invited)
    return _send("consultation:{}:open".format(row.id), members, subject, "\n\n".join(parts) + "\n")


def announce_response(row: Any) -> int:
    """Tell a consultation comment's author how it was considered."""
    author = model.User.get(row.author_id)
    subject = tk._("[SIMORE] The coordinating body responded to your comment")
    parts = [tk._(consultations.RESPONSES.get(row.response, row.response))]
    if row.response_text:
        parts.append(row.response_text)
    parts.append(_record_url(row))
    return _send(_event(row, "response"), [author] if author else [], subject, "\n\n".join(parts) + "\n")
