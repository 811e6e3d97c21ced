"""Fixtures of the import and export tests."""
import pytest

import builders
from ckanext.simore.records import loaders


@pytest.fixture
def portal():
    """The coordinating organization and the shipped mechanisms."""
    org = builders.institution(name="coordinacion", title="Coordinación")
    loaders.load_mechanisms("coordinacion")
    return org
