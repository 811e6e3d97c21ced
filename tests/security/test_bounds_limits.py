"""Sizes are bounded (issue 11, item 12), each limit declared in
config_declaration.yaml and answered with an error naming the field; a
refused write leaves nothing behind; a search over its time is stopped with
a clear error."""

from __future__ import annotations

import json
import threading
import time

import builders
import pytest
import sqlalchemy as sa
from ckan import model


@pytest.fixture
def api(api):
    """The conftest's ``api``, its answers decoded."""

    def call(action, **data):
        status, text = api(action, **data)
        return status, json.loads(text)

    call.draft_action, call.recommendation = api.draft_action, api.recommendation
    return call


def _count(sql: str) -> int:
    with model.meta.engine.connect() as connection:
        return connection.execute(sa.text(sql)).scalar()


def _refused(answer, field):
    status, body = answer
    assert status in (400, 409), body
    assert body["error"].get(field), body


def test_a_round_title_is_bounded(api):
    rounds_before = _count("SELECT count(*) FROM simore_round")
    _refused(api("simore_round_create", title="x" * 501, due_date="2030-01-01"), "title")
    assert _count("SELECT count(*) FROM simore_round") == rounds_before


@pytest.mark.ckan_config("ckanext.simore.max_list_items", "2")
def test_assigned_institutions_are_bounded(api):
    _refused(
        api(
            "simore_recommendation_assign",
            ids=[api.recommendation["name"]],
            institutions=["salud", "justicia", "coordinacion"],
        ),
        "institutions",
    )


def test_a_recommendation_with_too_many_institutions_is_refused(api):
    _refused(api("package_patch", id=api.recommendation["id"], institutions=["salud"] * 3000), "institutions")


def test_a_mechanism_code_is_bounded(api):
    _refused(
        api(
            "package_create",
            type="mechanism",
            owner_org="coordinacion",
            code="C" * 10000,
            family="treaty_body",
            system="un",
            title_translated={"es": "Comité"},
        ),
        "code",
    )


def test_indicator_rows_are_bounded_and_nothing_is_written(api):
    packages_before = _count("SELECT count(*) FROM package")
    _refused(
        api(
            "package_create",
            type="action",
            owner_org="salud",
            recommendations=[api.recommendation["name"]],
            measure_type="policy_plan",
            progress="in_progress",
            title_translated={"es": "Plan"},
            indicators=[{"indicator": "i"}] * 10000,
        ),
        "indicators",
    )
    _refused(api("package_patch", id=api.draft_action["id"], indicators=[{"indicator": "x" * 600}]), "indicators")
    assert _count("SELECT count(*) FROM package") == packages_before


def test_a_text_over_the_limit_is_refused_not_a_search_index_error(api):
    words = " ".join("palabra{}".format(i) for i in range(3000))  # over 20,000 characters
    status, body = api("package_patch", id=api.recommendation["id"], text_translated={"es": words, "en": "Text"})
    assert status == 409, body
    assert "20000" in body["error"]["text_translated"][0]


def test_an_institution_title_is_bounded(api):
    _refused(api("organization_create", name="long-title", title="x" * 501, branch_of_government="executive"), "title")
    assert _count("SELECT count(*) FROM \"group\" WHERE name = 'long-title'") == 0


def test_a_search_with_too_many_terms_is_refused(api):
    status, body = api("package_search", q=" OR ".join("w{}".format(i) for i in range(1025)))
    assert status == 400, body
    assert "too many terms" in body["error"]["message"]
    assert api("package_search", q=" OR ".join("w{}".format(i) for i in range(100)))[0] == 200


def test_a_search_start_is_bounded(api):
    status, body = api("package_search", start=100001)
    assert status == 400 and "start" in body["error"]["message"], body


@pytest.mark.ckan_config("ckanext.simore.search_timeout_ms", "300")
def test_a_search_over_its_time_is_stopped_with_a_clear_error(app, network):  # noqa: F811
    # another transaction holds the index: the search waits, as a costly
    # one would run, until its statement timeout
    # (the test's own session ends its transaction first: a package_show
    # read through the index keeps a share lock on it until then)
    model.Session.rollback()
    blocker = model.meta.engine.connect()
    transaction = blocker.begin()
    blocker.execute(sa.text("SET LOCAL lock_timeout = '5s'"))
    blocker.execute(sa.text("LOCK TABLE simore_search_doc IN ACCESS EXCLUSIVE MODE"))
    # without a timeout the search would wait for ever: let go after 5 s
    release = threading.Timer(5, transaction.rollback)
    release.start()
    started = time.monotonic()
    try:
        response = app.post("/api/3/action/package_search", json={"q": "agua"})
    finally:
        release.cancel()
        if transaction.is_active:
            transaction.rollback()
        blocker.close()
    assert time.monotonic() - started < 5
    assert response.status_code == 409, response.get_data(as_text=True)
    message = response.json["error"]["message"]
    assert "took too long" in message and "statement" not in message
    # the session is usable afterwards
    assert app.get("/api/3/action/package_search").status_code == 200


@pytest.mark.ckan_config("ckanext.simore.max_export_records", "1")
def test_an_export_larger_than_the_limit_is_refused(app, network):  # noqa: F811
    builders.recommendation("coordinacion", "cedaw")
    response = app.get("/export/recommendation.csv")
    assert response.status_code == 400
    assert "narrow" in response.get_data(as_text=True)
