"""``ckan simore import …`` commands (added to the ``simore`` group)."""

from __future__ import annotations

import time
from pathlib import Path

import ckan.plugins.toolkit as tk
import click

from ckanext.simore.cli.group import owning_organization, simore
from ckanext.simore.imports import plan, runner, runs
from ckanext.simore.imports.messages import FileRefused, shown


def _user(name: str | None) -> str:
    if name:
        if not _exists_user(name):
            raise click.UsageError("there is no user called {!r}".format(name))
        return name
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


def _exists_user(name: str) -> bool:
    try:
        tk.get_action("user_show")({"ignore_auth": True}, {"id": name})
    except tk.ObjectNotFound:
        return False
    return True


def _progress():
    started = time.monotonic()
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 5 or done == total:
            last[0] = now
            rate = done / max(now - started, 1e-9)
            click.echo("  {}/{} rows ({:.0f} rows/s)".format(done, total, rate), err=True)

    return report


def _report(run_id: str, phase: str, counts: dict[str, int], show_rows: int) -> None:
    click.echo("Run {}: {}".format(run_id, plan.summary(counts)))
    problems = runs.rows(run_id, phase, with_messages=True, limit=show_rows)
    for row in problems:
        for message in row["messages"]:
            click.echo("  row {} ({}): {}".format(row["row_number"], row["outcome"], message.render()))
    remaining = counts.get("rejected", 0) + counts.get("with_warnings", 0) - len(problems)
    if remaining > 0:
        click.echo("  … and more: ckan simore import-report {} --all".format(run_id))


def _run(run_id: str, dry_run: bool, show_rows: int) -> None:
    started = time.monotonic()
    try:
        counts = runner.execute(run_id, dry_run=dry_run, progress=_progress())
    except FileRefused as error:
        raise click.ClickException("the file was refused: {}".format(error))
    elapsed = time.monotonic() - started
    _report(run_id, plan.DRY_RUN if dry_run else plan.IMPORT, counts, show_rows)
    total = runs.get(run_id)["total_rows"]
    click.echo(
        "{} rows in {:.1f} s ({:.0f} rows/s){}".format(
            total, elapsed, total / max(elapsed, 1e-9), " – dry run, nothing written" if dry_run else ""
        )
    )


@simore.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--organization",
    default=None,
    help="Organization that owns the imported recommendations (default: ckanext.simore.coordinating_organization).",
)
@click.option("--user", default=None, help="User recorded as the importer (default: the site user).")
@click.option(
    "--dry-run", is_flag=True, help="Report what would be created, updated, merged and rejected; write nothing."
)
@click.option(
    "--no-new-mechanisms",
    is_flag=True,
    help="Reject rows of Special Procedures mandates the portal has no mechanism for (by default they are created).",
)
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Processes that validate and write batches side by side (default: one per core).",
)
@click.option("--show-rows", default=50, show_default=True, help="Rows with messages to print.")
def import_file(
    path: Path,
    organization: str | None,
    user: str | None,
    dry_run: bool,
    no_new_mechanisms: bool,
    workers: int,
    show_rows: int,
):
    """Import recommendations from a UHRI export (.xlsx or .csv), a UPR Info
    CSV or an export of a SIMORE portal. Importing the same file again
    changes nothing; a newer export updates what changed."""

    run_id = runs.create(
        path.resolve(),
        path.name,
        owning_organization(organization),
        _user(user),
        {"create_mechanisms": not no_new_mechanisms, "workers": workers or runner.default_workers()},
    )
    _run(run_id, dry_run, show_rows)


@simore.command("import-resume")
@click.argument("run_id")
@click.option("--show-rows", default=50, show_default=True)
def import_resume(run_id: str, show_rows: int):
    """Complete an import that was stopped (rows already done are skipped)."""
    run = runs.get(run_id)
    if run is None:
        raise click.UsageError("there is no import run {!r}".format(run_id))
    if run["state"] == runs.COMPLETED:
        raise click.UsageError("the import run {} is already complete".format(run_id))
    _run(run_id, False, show_rows)


@simore.command("import-report")
@click.argument("run_id")
@click.option("--all", "show_all", is_flag=True, help="Every row, not only those with messages.")
def import_report(run_id: str, show_all: bool):
    """Print an import run's counts and its rows with messages."""
    run = runs.get(run_id)
    if run is None:
        raise click.UsageError("there is no import run {!r}".format(run_id))
    phase = plan.IMPORT if run["counts"] else plan.DRY_RUN
    click.echo(
        "{} ({}), {}: {}".format(
            run["filename"], run["source"], run["state"], shown(run["error"], lambda message: message) or ""
        )
    )
    counts = run["counts"] or run["dry_run_counts"]
    click.echo(plan.summary(counts))
    offset = 0
    while True:
        batch = runs.rows(run_id, phase, with_messages=not show_all, offset=offset, limit=1000)
        for row in batch:
            texts = "; ".join(message.render() for message in row["messages"])
            click.echo("row {}\t{}\t{}\t{}".format(row["row_number"], row["outcome"], row["dataset_name"] or "", texts))
        if len(batch) < 1000:
            break
        offset += 1000
