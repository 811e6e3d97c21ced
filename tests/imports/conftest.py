"""Fixtures of the import and export tests."""

import builders
import pytest

from ckanext.simore.records import loaders


@pytest.fixture
def portal():
    """The coordinating organization and the shipped mechanisms."""
    org = builders.institution(name="coordinacion", title="Coordinación")
    loaders.load_mechanisms("coordinacion")
    return org
