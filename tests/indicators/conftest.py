"""The indicators' tests work in the workflow's network: its coordinator
"coordinadora", the institution "salud" (focal point "focal-salud",
validating authority "valida-salud"), "justicia" (focal point
"focal-justicia"), CEDAW and one recommendation."""

import pytest
from ckan.tests import helpers
from workflow.conftest import draft_action, network  # noqa: F401 (fixtures)


def _as(user, action, **data):
    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


@pytest.fixture
def add_indicator(network):  # noqa: F811
    """Adds an indicator as the coordinator; fields override a maternal
    mortality rate of "salud", by sex and region, measuring the network's
    recommendation."""

    def add(**fields):
        data = {
            "code": "maternal-mortality",
            "title": {"es": "Razón de mortalidad materna", "en": "Maternal mortality ratio"},
            "kind": "outcome",
            "unit": "rate_per_100000",
            "periodicity": "annual",
            "organization": "salud",
            "disaggregations": ["sex", "region"],
            "themes": ["right_to_health"],
            "sdg_targets": ["3.1"],
            "recommendations": [network.recommendation["name"]],
            **fields,
        }
        return _as("coordinadora", "simore_indicator_create", **data)

    return add


@pytest.fixture
def add_value(network):  # noqa: F811
    """Reports a value as salud's focal point (a draft), and moves it
    along ``steps`` (``submit``, ``approve``…)."""

    def add(indicator="maternal-mortality", steps=(), **fields):
        data = {"indicator": indicator, "period": "2024", "value": "71.3", **fields}
        added = _as("focal-salud", "simore_indicator_value_create", **data)
        actors = {"submit": "focal-salud", "approve": "valida-salud", "return": "coordinadora"}
        for step in steps:
            _as(actors[step], "simore_indicator_value_transition", id=added["id"], transition=step, comment="x")
        return added

    return add
