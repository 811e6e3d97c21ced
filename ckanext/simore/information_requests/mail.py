"""Mail of information requests: the focal points of the institutions
asked are told when a request is sent, and reminded of the questions they
owe before the deadline and once it has passed (each mail once per
person, by the machinery of ``workflow.notifications``)."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib import mailer

from ckanext.simore import config, dates
from ckanext.simore.information_requests import answers, store
from ckanext.simore.information_requests import questions as rules
from ckanext.simore.workflow import machine, notifications

log = logging.getLogger(__name__)


def _url(request_row: Any) -> str:
    return tk.url_for("simore_information_requests.read", id=request_row.id, _external=True)


def _send(key: str, organization_id: str, subject: str, body: str) -> int:
    sent = 0
    for user in notifications.focal_points(organization_id):
        try:
            sent += notifications.send_once(key, user, subject, body)
        except mailer.MailerException as error:
            # the request is sent all the same; the reminders follow
            log.warning("%s not mailed to %s: %s", key, user.name, error)
    return sent


def announce(request_row: Any, organization_ids: list[str]) -> int:
    """Tell the institutions asked that the request was sent."""
    subject = tk._("[SIMORE] Information requested: {title}").format(title=request_row.title)
    sent = 0
    for organization_id in organization_ids:
        count = sum(1 for item in store.owed([request_row.id], [organization_id]))
        body = "\n\n".join(
            [
                tk._('The coordinating body asks {institution} to answer {count} question(s) of "{title}".').format(
                    institution=answers.institution(organization_id)["title"], count=count, title=request_row.title
                ),
                tk._("Deadline: {date}.").format(date=dates.long_date(request_row.deadline)),
                _url(request_row),
            ]
        )
        sent += _send("information_request:{}:sent".format(request_row.id), organization_id, subject, body + "\n")
    return sent


def send_reminders(today: datetime.date) -> int:
    """Remind each institution of a sent request's questions it has not
    had approved: once when its earliest deadline is near, once when it
    has passed."""
    sent = 0
    for request_row in store.sent_requests():
        earliest: dict[str, tuple[datetime.date, int]] = {}
        for item in store.owed([request_row.id]):
            if item.state == machine.APPROVED:
                continue
            deadline, count = earliest.get(item.organization_id, (item.deadline, 0))
            earliest[item.organization_id] = (min(deadline, item.deadline), count + 1)
        for organization_id, (deadline, count) in earliest.items():
            kind = rules.reminder_kind(deadline, today, config.reminder_days_before())
            if kind is None:
                continue
            subject, body = _reminder_text(kind, request_row, organization_id, deadline, count)
            key = "information_request:{}:{}:{}:{}".format(request_row.id, organization_id, kind, deadline.isoformat())
            sent += _send(key, organization_id, subject, body)
    return sent


def _reminder_text(kind: str, request_row: Any, organization_id: str, deadline: datetime.date, count: int):
    if kind == "overdue":
        subject = tk._("[SIMORE] Overdue answers: {title}").format(title=request_row.title)
        intro = tk._("The deadline of {date} has passed.")
    else:
        subject = tk._("[SIMORE] Answers due on {date}: {title}").format(
            date=dates.long_date(deadline), title=request_row.title
        )
        intro = tk._("The deadline is {date}.")
    body = "\n\n".join(
        [
            intro.format(date=dates.long_date(deadline)),
            tk._('{institution} has still to answer {count} question(s) of "{title}".').format(
                institution=answers.institution(organization_id)["title"], count=count, title=request_row.title
            ),
            _url(request_row),
        ]
    )
    return subject, body + "\n"
