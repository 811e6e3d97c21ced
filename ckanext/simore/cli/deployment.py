"""``ckan simore doctor``: what a deployment must fix before (and while)
it serves the public."""

from __future__ import annotations

import click

from ckanext.simore.cli.group import simore
from ckanext.simore.deployment import doctor


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
