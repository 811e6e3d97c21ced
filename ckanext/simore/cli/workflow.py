"""``ckan simore send-reminders``: the daily reminders of reporting
rounds."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import click

from ckanext.simore.cli.group import simore


@simore.command("send-reminders")
@click.option("--today", default=None, help="Compute as if today were this date (YYYY-MM-DD).")
def send_reminders(today: str | None):
    """Send the reminders of open reporting rounds that are due (before the
    due date and once overdue), each only once. Run it daily."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    try:
        result = tk.get_action("simore_reminders_send")({"user": site_user["name"]}, {"today": today} if today else {})
    except tk.ValidationError as error:
        raise click.ClickException(str(error.error_dict))
    click.echo("Reminders sent: {}".format(result["sent"]))
