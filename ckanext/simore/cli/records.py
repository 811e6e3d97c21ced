"""``ckan simore load-mechanisms`` and ``load-demo``: records the portal
starts with."""

from __future__ import annotations

from pathlib import Path

import ckan.plugins.toolkit as tk
import click

from ckanext.simore import demo
from ckanext.simore.cli.group import owning_organization, simore
from ckanext.simore.records import loaders


@simore.command("load-mechanisms")
@click.option(
    "--organization",
    default=None,
    help="Organization that owns the mechanism records (default: ckanext.simore.coordinating_organization).",
)
def load_mechanisms(organization: str | None):
    """Create the shipped mechanisms (the UN's UPR, treaty bodies and
    Special Procedures; the Inter-American, African and European systems'
    bodies) that do not exist yet."""
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
    recommendations, actions, good practices…); what exists is kept."""
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
