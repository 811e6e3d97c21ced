"""The calendar's tests work in the workflow's network (its coordinator
"coordinadora", CEDAW and one recommendation)."""

import pytest
from ckan.tests import helpers
from workflow.conftest import draft_action, network  # noqa: F401 (fixtures)


@pytest.fixture
def add_obligation(network):  # noqa: F811
    """Adds an obligation as the coordinator; fields override a CEDAW
    periodic report due 2030-06-30."""

    def add(**fields):
        data = {"mechanism": "CEDAW", "kind": "periodic_report", "due_date": "2030-06-30", **fields}
        return helpers.call_action(
            "simore_obligation_create", context={"user": "coordinadora", "ignore_auth": False}, **data
        )

    return add
