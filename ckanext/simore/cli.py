"""``ckan simore …`` commands."""
from __future__ import annotations

from pathlib import Path

import click
import ckan.plugins.toolkit as tk

from ckanext.simore import config, demo, loaders

__all__ = ["simore"]


@click.group(short_help="ckanext-simore commands")
def simore():
    """Human rights recommendations monitoring (ckanext-simore)."""


def owning_organization(organization: str | None) -> str:
    """The --organization given, else the coordinating organization; a
    usage error if neither names an existing organization."""
    owner = organization or config.coordinating_organization()
    if not owner:
        raise click.UsageError(
            "name the owning organization with --organization or set "
            "ckanext.simore.coordinating_organization"
        )
    try:
        tk.get_action("organization_show")({"ignore_auth": True}, {"id": owner})
    except tk.ObjectNotFound:
        raise click.UsageError("there is no organization called {!r}".format(owner))
    return owner


@simore.command("load-mechanisms")
@click.option(
    "--organization",
    default=None,
    help="Organization that owns the mechanism records "
    "(default: ckanext.simore.coordinating_organization).",
)
def load_mechanisms(organization: str | None):
    """Create the shipped mechanisms (UN treaty bodies, UPR, Special
    Procedures, IACHR, IACtHR) that do not exist yet."""
    report = loaders.load_mechanisms(owning_organization(organization))
    click.echo("Mechanisms: " + report.summary())


@simore.command("load-demo")
@click.option(
    "--credentials",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".demo/credentials.yaml"),
    show_default=True,
    help="Where the demo logins' passwords are kept between runs.",
)
def load_demo(credentials: Path):
    """Load the sample data set (institutions, logins, mechanisms,
    recommendations, actions); what exists is kept."""
    try:
        report = demo.load_demo(credentials)
    except tk.ValidationError as error:
        raise click.ClickException("the demo data were refused: {}".format(error.error_dict))
    logins = report.pop("logins")
    for key, value in report.items():
        click.echo("{}: {}".format(key, value))
    click.echo("Logins (user / password: role):")
    for name, password, role in logins:
        click.echo("  {} / {}: {}".format(name, password, role))


# ``ckan simore import``, ``import-resume``, ``import-report``
from ckanext.simore import cli_imports  # noqa: E402

for _command in cli_imports.commands:
    simore.add_command(_command)


@simore.command("send-reminders")
@click.option("--today", default=None, help="Compute as if today were this date (YYYY-MM-DD).")
def send_reminders(today: str | None):
    """Send the reminders of open reporting rounds that are due (before the
    due date and once overdue), each only once. Run it daily."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    try:
        result = tk.get_action("simore_reminders_send")(
            {"user": site_user["name"]}, {"today": today} if today else {})
    except tk.ValidationError as error:
        raise click.ClickException(str(error.error_dict))
    click.echo("Reminders sent: {}".format(result["sent"]))
