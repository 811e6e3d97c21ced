"""``ckan simore send-reminders``: the daily reminders of reporting
rounds, of the calendar of reporting obligations and of information
requests."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import click

from ckanext.simore.cli.group import simore


@simore.command("send-reminders")
@click.option("--today", default=None, help="Compute as if today were this date (YYYY-MM-DD).")
def send_reminders(today: str | None):
    """Send the reminders of open reporting rounds that are due (before the
    due date and once overdue) to the institutions, and those of the reports
    owed in the calendar to the coordinators, and those of the questions
    institutions owe in information requests, each only once. Run it
    daily."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    data = {"today": today} if today else {}
    try:
        rounds = tk.get_action("simore_reminders_send")({"user": site_user["name"]}, dict(data))
        calendar = tk.get_action("simore_obligation_reminders_send")({"user": site_user["name"]}, dict(data))
        requests = tk.get_action("simore_information_request_reminders_send")({"user": site_user["name"]}, dict(data))
    except tk.ValidationError as error:
        raise click.ClickException(str(error.error_dict))
    click.echo("Reminders sent: {}".format(rounds["sent"]))
    click.echo("Calendar reminders sent: {}".format(calendar["sent"]))
    click.echo("Information request reminders sent: {}".format(requests["sent"]))
