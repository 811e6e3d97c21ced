"""E-mails to the person who has to act next, and reminders before and
after a round's due date; each sent at most once per event and person."""

from __future__ import annotations

import datetime
import logging

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import mailer
from sqlalchemy.dialects.postgresql import insert

from ckanext.simore import config, dates
from ckanext.simore.db import tables
from ckanext.simore.workflow import compliance, rounds

log = logging.getLogger(__name__)


def members(organization_id: str, capacities: tuple[str, ...]) -> list[model.User]:
    """The organization's active members of these capacities."""
    return list(
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(
            model.Member.group_id == organization_id,
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Member.capacity.in_(capacities),
            model.User.state == "active",
        )
    )


def focal_points(organization_id: str) -> list[model.User]:
    """Who answers for an institution: its focal points and validating
    authority."""
    return members(organization_id, ("admin", "editor"))


def coordinators() -> list[model.User]:
    coordinating = config.coordinating_organization()
    group = model.Group.get(coordinating) if coordinating else None
    users = members(group.id, ("admin", "editor", "member")) if group else []
    return users or list(model.Session.query(model.User).filter_by(sysadmin=True, state="active"))


def recipients_for_transition(transition: str, organization_id: str) -> list[model.User]:
    """Whoever acts next: the validating authority after a submission, the
    coordinators after an approval, the focal points after a return, and
    the whole institution after publication or withdrawal."""
    if transition == "submit":
        return members(organization_id, ("admin",)) or coordinators()
    if transition == "approve":
        return coordinators()
    return members(organization_id, ("admin", "editor"))


def send_once(event_key: str, user: model.User, subject: str, body: str) -> bool:
    """Send unless this event was already notified to this user; True when
    sent. The record is committed only once the mail has gone."""
    if not user.email:
        log.warning("%s has no e-mail address; %s not sent", user.name, event_key)
        return False
    if not tk.config.get("smtp.mail_from"):
        # CKAN's mailer fails on a portal with no sender (the demo's): nothing
        # is recorded as sent, so the mail goes once mail is configured
        log.warning("smtp.mail_from is not set; %s not mailed to %s", event_key, user.name)
        return False
    inserted = model.Session.execute(
        insert(tables.notification)
        .values(event_key=event_key, user_id=user.id, subject=subject)
        .on_conflict_do_nothing(constraint="simore_notification_once")
        .returning(tables.notification.c.id)
    ).first()
    if inserted is None:
        model.Session.rollback()
        return False
    try:
        mailer.mail_user(user, subject, body)
    except mailer.MailerException:
        model.Session.rollback()
        raise
    model.Session.commit()
    return True


def notify_transition(event_id: int) -> int:
    """Background job: mail the people who act after this transition."""
    event = model.Session.execute(
        sa.select(tables.workflow_event).where(tables.workflow_event.c.id == event_id)
    ).first()
    package = model.Package.get(event.package_id) if event else None
    if package is None:
        return 0
    url = tk.url_for("action.read", id=package.name, _external=True)
    subject = tk._("[SIMORE] Action {state}: {title}").format(
        state=tk.h.simore_vocabulary_label("report_states", event.to_state), title=package.title
    )
    body = tk._('The action "{title}" is now: {state}.\n\n{comment}\nSee it and act on it at:\n{url}\n').format(
        title=package.title,
        state=tk.h.simore_vocabulary_label("report_states", event.to_state),
        comment=(tk._("Comment: {comment}").format(comment=event.comment) + "\n") if event.comment else "",
        url=url,
    )
    sent = 0
    for user in recipients_for_transition(event.transition, package.owner_org):
        if user.id != event.user_id:
            sent += send_once("transition:{}".format(event_id), user, subject, body)
    return sent


def send_reminders(today: datetime.date | None = None) -> int:
    """Remind institutions that have still to report on recommendations in
    open rounds: once when
    the due date is near, once when it has passed."""
    today = today or datetime.date.today()
    days_before = config.reminder_days_before()
    sent = 0
    for round_row in rounds.open_rounds():
        days_left = (round_row.due_date - today).days
        if days_left < 0:
            kind = "overdue"
        elif days_left <= days_before:
            kind = "due-soon"
        else:
            continue
        for row in compliance.round_compliance(round_row):
            if not row["outstanding"]:
                continue
            subject, body = _reminder_text(kind, round_row, row)
            key = "round:{}:{}:{}".format(round_row.id, kind, row["organization_id"])
            for user in focal_points(row["organization_id"]):
                sent += send_once(key, user, subject, body)
    return sent


def _reminder_text(kind: str, round_row, row) -> tuple[str, str]:
    url = tk.url_for("simore_rounds.read", id=round_row.id, _external=True)
    if kind == "overdue":
        subject = tk._("[SIMORE] Overdue: {round}").format(round=round_row.title)
        intro = tk._("The due date of {date} has passed.")
    else:
        subject = tk._("[SIMORE] Due on {date}: {round}").format(
            date=dates.long_date(round_row.due_date), round=round_row.title
        )
        intro = tk._("The due date is {date}.")
    body = (
        "\n\n".join(
            [
                intro.format(date=dates.long_date(round_row.due_date)),
                tk._('{institution} has still to report on {count} recommendation(s) in the round "{round}".').format(
                    institution=row["title"], count=row["outstanding"], round=round_row.title
                ),
                url,
            ]
        )
        + "\n"
    )
    return subject, body
