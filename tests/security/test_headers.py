"""Security headers on every response: pages of every type, the API,
downloads, static files, redirects and error pages."""

from __future__ import annotations

import io
import json

import builders
import pytest
from ckan.tests import helpers
from web_client import token_header

PORTAL_POLICY_PARTS = [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "form-action 'self'",
]


@pytest.fixture
def pages(site, clean_queues):
    from werkzeug.datastructures import FileStorage

    uploaded = helpers.call_action(
        "resource_create",
        context={"user": "focal-salud"},
        package_id=site.action["id"],
        name="Informe",
        upload=FileStorage(stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="informe.pdf"),
    )
    round_ = builders.reporting_round()
    run = helpers.call_action(
        "simore_import_create",
        context={"user": "coordinadora"},
        upload=FileStorage(stream=io.BytesIO(b"Text\n"), filename="a.csv"),
    )
    rec, act = site.recommendation["name"], site.action["name"]
    anonymous, focal, coordinator = None, "focal-salud", "coordinadora"
    return [
        ("home", "/", anonymous, 200),
        ("home in Spanish", "/es/", anonymous, 200),
        ("recommendation search", "/recommendation/?q=ley", anonymous, 200),
        ("action search", "/action/", focal, 200),
        ("mechanism search", "/mechanism/", anonymous, 200),
        ("institution list", "/organization/", anonymous, 200),
        ("recommendation", "/recommendation/" + rec, anonymous, 200),
        ("action", "/action/" + act, focal, 200),
        ("evidence", "/action/{}/resource/{}".format(act, uploaded["id"]), focal, 200),
        ("action form", "/action/edit/" + act, focal, 200),
        ("evidence form", "/action/{}/resource/new".format(act), focal, 200),
        ("mechanism", "/mechanism/cedaw", anonymous, 200),
        ("institution", "/organization/salud", anonymous, 200),
        ("user dashboard", "/dashboard/", focal, 200),
        ("institution dashboard", "/dashboard/institution/salud", focal, 200),
        ("coordination dashboard", "/dashboard/coordination", coordinator, 200),
        ("without action", "/dashboard/coordination/without-action", coordinator, 200),
        ("rounds", "/rounds/", coordinator, 200),
        ("new round", "/rounds/new", coordinator, 200),
        ("round", "/rounds/" + round_["id"], coordinator, 200),
        ("round CSV", "/dashboard/coordination/round/{}.csv".format(round_["id"]), coordinator, 200),
        ("imports", "/imports/", coordinator, 200),
        ("import", "/imports/" + run["id"], coordinator, 200),
        ("network", "/institutions/network/", coordinator, 200),
        ("statistics", "/statistics/", anonymous, 200),
        ("chart CSV", "/statistics/mechanism.csv", anonymous, 200),
        ("export", "/export/recommendation.csv", anonymous, 200),
        ("API", "/api/3/action/package_search?q=ley", anonymous, 200),
        ("API error", "/api/3/action/package_show?id=nothing", anonymous, 404),
        ("login", "/user/login", anonymous, 200),
        ("static file", "/base/images/ckan-logo.png", anonymous, 200),
        ("not found", "/recommendation/nothing-here", anonymous, 404),
        ("forbidden", "/dashboard/coordination", focal, 403),
        ("redirect", "/dashboard/institution", focal, 302),
        ("upload", uploaded["url"].replace("http://test.ckan.net", ""), focal, 200),
    ]


def test_every_response_has_the_security_headers(app, pages):
    missing = {}
    for label, url, user, status in pages:
        response = app.get(url, headers=token_header(user) if user else {}, follow_redirects=False)
        assert response.status_code == status, (label, url, response.status_code)
        headers = response.headers
        policy = headers.get("Content-Security-Policy", "")
        problems = [
            name
            for name, value in [
                ("X-Content-Type-Options", "nosniff"),
                ("X-Frame-Options", "SAMEORIGIN"),
                ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ]
            if headers.get(name) != value
        ]
        if label == "upload":
            problems += [] if policy == "default-src 'none'; sandbox" else ["sandbox policy"]
            problems += [] if headers.get("Content-Disposition", "").startswith("attachment") else ["attachment"]
        else:
            problems += [part for part in PORTAL_POLICY_PARTS if part not in policy]
        if problems:
            missing[label] = problems
    assert not missing, missing


def test_an_api_write_has_the_security_headers(app, site):
    response = app.post(
        "/api/3/action/simore_round_create",
        headers=token_header("coordinadora"),
        json={"title": "Ronda", "due_date": "2030-06-30", "fq": "mechanism:cedaw"},
    )
    assert json.loads(response.body)["success"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.ckan_config("ckanext.simore.content_security_policy", "default-src 'self' https://cdn.example.org")
def test_the_policy_is_configurable(app, site):
    assert app.get("/").headers["Content-Security-Policy"] == "default-src 'self' https://cdn.example.org"
