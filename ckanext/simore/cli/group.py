"""The ``ckan simore`` command group, which every sub-module adds to."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import click

from ckanext.simore import config


@click.group(short_help="ckanext-simore commands")
def simore():
    """Human rights recommendations monitoring (ckanext-simore)."""


def owning_organization(organization: str | None) -> str:
    """The --organization given, else the coordinating organization; a
    usage error if neither names an existing organization."""
    owner = organization or config.coordinating_organization()
    if not owner:
        raise click.UsageError(
            "name the owning organization with --organization or set ckanext.simore.coordinating_organization"
        )
    try:
        tk.get_action("organization_show")({"ignore_auth": True}, {"id": owner})
    except tk.ObjectNotFound:
        raise click.UsageError("there is no organization called {!r}".format(owner))
    return owner
