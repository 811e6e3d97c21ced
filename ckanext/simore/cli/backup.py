"""``ckan simore backup``, ``restore`` and ``verify-restore``."""

from __future__ import annotations

from pathlib import Path

import click

from ckanext.simore.backup import archive as backup
from ckanext.simore.cli.group import simore


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
    click.echo(
        "Backup {}: {} tables, {} rows, {} files".format(
            folder, len(manifest["tables"]), sum(manifest["tables"].values()), len(manifest["files"])
        )
    )


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
    click.echo(
        "Restored and verified {} (made {} on CKAN {})".format(
            folder, restored.manifest["created"], restored.manifest["ckan_version"]
        )
    )
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
