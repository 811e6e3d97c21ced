"""Reminders of the calendar: the coordinators are told by mail of the
reports due soon (at each of ``ckanext.simore.obligation_reminder_days``
before the due date) and of those overdue, each once per obligation and
due date (the mail machinery of ``workflow.notifications``)."""

from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk

from ckanext.simore import config, dates
from ckanext.simore.portal.labels import Labels
from ckanext.simore.reporting import calendar, obligations
from ckanext.simore.workflow import notifications


def send_obligation_reminders(today: datetime.date) -> int:
    days_before = config.obligation_reminder_days()
    horizon = today + datetime.timedelta(days=max(days_before, default=0))
    sent = 0
    recipients = notifications.coordinators()
    for row in obligations.not_submitted_due_by(horizon):
        threshold = calendar.reminder_threshold(row.due_date, today, days_before)
        if threshold is None:
            continue
        subject, body = _reminder_text(row, today, threshold)
        # a changed due date is reminded again
        key = "obligation:{}:{}:{}".format(row.id, row.due_date.isoformat(), threshold)
        for user in recipients:
            sent += notifications.send_once(key, user, subject, body)
    return sent


def _reminder_text(row, today: datetime.date, threshold: int) -> tuple[str, str]:
    what = "{} — {}{}".format(
        Labels.current().mechanism(row.mechanism_name),
        tk._(calendar.KINDS[row.kind]),
        " ({})".format(row.period) if row.period else "",
    )
    if threshold < 0:
        subject = tk._("[SIMORE] Overdue report: {what}").format(what=what)
        intro = tk._("The report was due on {date} and is not recorded as submitted.")
    else:
        subject = tk._("[SIMORE] Report due on {date}: {what}").format(date=dates.long_date(row.due_date), what=what)
        intro = tk._("The report is due on {date}, in {days} day(s).")
    body = "\n\n".join(
        [
            what,
            intro.format(date=dates.long_date(row.due_date), days=calendar.days_left(row.due_date, today)),
            tk._("Where it stands: {state}.").format(state=tk._(calendar.STATES[row.state])),
            tk.url_for("simore_calendar.read", id=row.id, _external=True),
        ]
    )
    return subject, body + "\n"
