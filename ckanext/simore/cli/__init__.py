"""``ckan simore …`` commands: one sub-module per feature, each adding its
commands to the ``simore`` group."""

from __future__ import annotations

import click

from ckanext.simore.cli import backup, deployment, imports, records, workflow  # noqa: F401 (they add their commands)
from ckanext.simore.cli.group import simore

__all__ = ["simore", "commands"]


def commands() -> list[click.Command]:
    return [simore]
