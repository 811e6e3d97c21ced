"""A database error inside a web view never poisons the next request:
the session is rolled back after any error, and the error page itself
renders (Flask is set as in production: exceptions are not propagated to
the test client)."""

from __future__ import annotations

import io

import pytest
from ckan.tests import helpers
from web_client import token_header

HUGE = "9" * 22  # an offset beyond PostgreSQL's bigint


@pytest.fixture
def production_errors(app):
    app.flask_app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.fixture
def import_run(site, clean_queues):
    from werkzeug.datastructures import FileStorage

    upload = FileStorage(stream=io.BytesIO(b"Text,Countries Concerned,Recommending Body\n"), filename="a.csv")
    return helpers.call_action("simore_import_create", context={"user": "coordinadora"}, upload=upload)


@pytest.mark.parametrize(
    "failing_url", ["/dashboard/coordination/without-action?page=" + HUGE, "/imports/{run}?page=" + HUGE]
)
def test_a_database_error_in_a_view_leaves_the_next_request_of_another_user_unharmed(
    production_errors, site, import_run, failing_url
):
    app = production_errors
    url = failing_url.format(run=import_run["id"])
    failed = app.get(url, headers=token_header("coordinadora"))  # raises if the error page fails too
    assert failed.status_code >= 400

    for user, page in [("focal-salud", "/dashboard/"), ("ciudadana", "/recommendation/"), (None, "/")]:
        response = app.get(page, headers=token_header(user) if user else {})
        assert response.status_code == 200, (user, page, response.status_code)
