"""``ckan simore …`` commands."""
from __future__ import annotations

from pathlib import Path

import click
import ckan.plugins.toolkit as tk

from ckanext.simore import backup, config, demo, loaders

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


@simore.command("backup")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
def backup_portal(destination: Path):
    """Back the portal up into a new folder under DESTINATION: the database
    (pg_dump), the stored files (ckan.storage_path) and a manifest of both."""
    try:
        folder = backup.create(destination)
    except backup.BackupError as error:
        raise click.ClickException(str(error))
    manifest = backup.read_manifest(folder)
    click.echo("Backup {}: {} tables, {} rows, {} files".format(
        folder, len(manifest["tables"]), sum(manifest["tables"].values()), len(manifest["files"])))


def _report_problems(problems: list[str]) -> None:
    for problem in problems:
        click.echo("  " + problem, err=True)
    if problems:
        raise click.ClickException("the portal differs from the backup in {} ways".format(len(problems)))


@simore.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def restore_portal(folder: Path):
    """Restore a backup FOLDER into the database of sqlalchemy.url (new and
    empty) and ckan.storage_path (empty), then verify it."""
    try:
        restored = backup.restore(folder)
    except backup.BackupError as error:
        raise click.ClickException(str(error))
    _report_problems(restored.problems)
    click.echo("Restored and verified {} (made {} on CKAN {})".format(
        folder, restored.manifest["created"], restored.manifest["ckan_version"]))
    if restored.next_steps:
        click.echo("Now run, in this order:")
        for step in restored.next_steps:
            click.echo("  " + step)


@simore.command("verify-restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def verify_restore(folder: Path):
    """Compare the portal with a backup FOLDER: every table's row count,
    every stored file, every uploaded resource's file."""
    try:
        _report_problems(backup.verify(folder))
    except backup.BackupError as error:
        raise click.ClickException(str(error))
    click.echo("The portal matches the backup {}".format(folder))
