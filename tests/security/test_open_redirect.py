"""The "no progress" form's came_from leads back to a page of the portal,
never to another site, and a value that is no URL gives no error."""

from __future__ import annotations

import builders
import pytest
from web_client import token_header


@pytest.fixture
def owed_round(site):
    return builders.reporting_round()


@pytest.mark.parametrize(
    "came_from",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example",
        "/\t/evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "http://[",
        "\x00",
        "%",
    ],
)
def test_came_from_never_leaves_the_portal(app, site, owed_round, came_from):
    response = app.post(
        "/rounds/{}/no-progress".format(owed_round["id"]),
        follow_redirects=False,
        headers=token_header("focal-salud"),
        data={"organization": "salud", "recommendation": site.recommendation["name"], "came_from": came_from},
    )
    if came_from == "\x00":
        # a NUL is refused at the door, before any view (400, no redirect)
        assert response.status_code == 400, response.status_code
        return
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    assert location.startswith("http://test.ckan.net/") or location.startswith("/"), location
    assert location.endswith("/rounds/" + owed_round["id"])


def test_came_from_on_the_portal_is_followed(app, site, owed_round):
    response = app.post(
        "/rounds/{}/no-progress".format(owed_round["id"]),
        follow_redirects=False,
        headers=token_header("focal-salud"),
        data={
            "organization": "salud",
            "recommendation": site.recommendation["name"],
            "came_from": "/dashboard/institution/salud",
        },
    )
    assert response.headers["Location"].endswith("/dashboard/institution/salud")
