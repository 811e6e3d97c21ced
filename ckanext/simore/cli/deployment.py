"""``ckan simore doctor``: what a deployment must fix before (and while)
it serves the public; ``ckan simore setup-country``: a new country's portal
in one go."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ckanext.simore import config
from ckanext.simore.cli.group import simore
from ckanext.simore.deployment import country, doctor


@simore.command("doctor")
def examine():
    """Check this deployment: services reachable, migrations applied, debug
    off, secret keys set, cookies secure, registration and organization
    defaults safe, storage writable, mail configured, search index in step
    with the database, a background worker running. Prints each thing to
    fix with its fix; exits 1 if there is any."""
    findings = doctor.examine_deployment()
    for finding in findings:
        if finding.ok:
            click.echo("ok    {}".format(finding.name))
        else:
            click.echo("FIX   {}: {}".format(finding.name, finding.problem))
            click.echo("      → {}".format(finding.fix))
    problems = sum(not finding.ok for finding in findings)
    if problems:
        click.echo("{} of {} checks need fixing.".format(problems, len(findings)))
        raise SystemExit(1)
    click.echo("All {} checks passed.".format(len(findings)))


@simore.command("setup-country")
@click.argument("institutions_sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--mechanisms",
    default="all",
    show_default=True,
    help="The mechanisms to load: 'all', or the codes of those whose treaties the country ratified (UPR,CEDAW,…).",
)
@click.option(
    "--recommendations",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The country's UHRI export (or UPR Info's, or another SIMORE portal's) to import.",
)
@click.option("--dry-run", is_flag=True, help="Check everything and say what would be done; write nothing.")
def setup_country(institutions_sheet: Path, mechanisms: str, recommendations: Path | None, dry_run: bool):
    """Set up the country's portal from INSTITUTIONS_SHEET (CSV or Excel,
    as ckanext/simore/data/institutions-template.csv): its institutions,
    their focal points and validating authorities (invited by mail), the
    mechanisms, and its recommendations. The country, languages and
    coordinating body are the configuration's (deploy/make-config). Run it
    again after correcting the sheet: it does only what is left."""
    codes = None if mechanisms.strip().lower() == "all" else [c for c in re.split(r"[\s,;]+", mechanisms) if c]
    click.echo(
        "Country {}, languages {}, coordinating body {}{}".format(
            config.country() or "(none: a portal over many countries)",
            " ".join(config.languages()),
            config.coordinating_organization(),
            " – dry run, nothing written" if dry_run else "",
        )
    )
    try:
        report = country.set_up(institutions_sheet, codes, recommendations, dry_run)
    except country.SetupRefused as error:
        raise click.ClickException(str(error))
    for outcome, names in report.institutions.items():
        click.echo("Institutions {}: {}".format(outcome, len(names)))
    for outcome, people in report.invitations.items():
        click.echo("Invitations {}: {}".format(outcome, len(people)))
    click.echo(
        "Mechanisms {}: {}; already there: {}".format(
            "to create" if dry_run else "created", len(report.mechanisms["created"]), len(report.mechanisms["kept"])
        )
    )
    if report.recommendations:
        click.echo("Recommendations: " + report.recommendations)
    for refusal in report.refused:
        click.echo("Refused: {}".format(refusal))
    if report.refused:
        click.echo("{} refused; correct the sheet and run the command again.".format(len(report.refused)))
        raise SystemExit(1)
