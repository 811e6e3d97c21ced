"""Imports from the web and the API: only coordinators import; the upload
queues a dry run whose report can be read, the confirmation queues the
import, and the result stays available."""

from __future__ import annotations

import io
from pathlib import Path

import builders
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from uhri_files import PARAGUAY

from ckanext.simore.imports import jobs, runs
from ckanext.simore.records import loaders

pytestmark = [
    pytest.mark.usefixtures("clean_db", "with_plugins"),
    pytest.mark.ckan_config("ckanext.simore.coordinating_organization", "coordinacion"),
]


@pytest.fixture
def people():
    coordinator = factories.User(name="coordinadora")
    member = factories.User(name="funcionario")
    builders.institution(name="coordinacion", users=[{"name": "coordinadora", "capacity": "editor"}])
    builders.institution(name="ministerio", users=[{"name": "funcionario", "capacity": "admin"}])
    loaders.load_mechanisms("coordinacion")
    return {"coordinator": coordinator, "member": member, "sysadmin": factories.Sysadmin()}


@pytest.fixture
def jobs_run_at_once(monkeypatch):
    queued = []

    def enqueue(run_id, dry_run):
        queued.append((run_id, dry_run))
        jobs.run(run_id, dry_run)

    monkeypatch.setattr(jobs, "enqueue", enqueue)
    return queued


@pytest.mark.parametrize(
    "role, allowed", [("coordinator", True), ("sysadmin", True), ("member", False), ("anonymous", False)]
)
def test_only_coordinators_may_import(people, role, allowed):
    context = {"user": people[role]["name"] if role != "anonymous" else ""}
    for action in (
        "simore_import_create",
        "simore_import_confirm",
        "simore_import_show",
        "simore_import_rows",
        "simore_import_list",
        "simore_import_resume",
    ):
        if allowed:
            assert tk.check_access(action, dict(context), {})
        else:
            with pytest.raises(tk.NotAuthorized):
                tk.check_access(action, dict(context), {})


def test_anyone_may_export_what_they_may_search(people):
    assert tk.check_access("simore_export", {"user": ""}, {})


def test_upload_dry_run_confirm_and_result_from_the_web(app, people, jobs_run_at_once):
    headers = {"Authorization": factories.APIToken(user="coordinadora")["token"]}
    page = app.get("/imports/", headers=headers)
    assert 'name="upload"' in page.body and "_csrf_token" in page.body or "csrf" in page.body.lower()
    response = app.post(
        "/imports/",
        headers=headers,
        data={"upload": (io.BytesIO(PARAGUAY.read_bytes()), "paraguay.csv"), "create_mechanisms": "on"},
        follow_redirects=False,
    )
    assert response.status_code == 302
    run_id = response.headers["Location"].rstrip("/").split("/")[-1]
    assert jobs_run_at_once == [(run_id, True)]
    report = app.get("/imports/" + run_id, headers=headers).body
    assert "Confirm and import" in report
    assert helpers.call_action("package_search", fq="+dataset_type:recommendation", rows=0)["count"] == 0
    app.post("/imports/{}/confirm".format(run_id), headers=headers)
    assert jobs_run_at_once[-1] == (run_id, False)
    run = runs.get(run_id)
    assert run["state"] == runs.COMPLETED and run["counts"]["created"] == 129
    assert run["user_name"] == "coordinadora"
    result = app.get("/imports/{}?outcome=created".format(run_id), headers=headers).body
    assert "rec-" in result
    assert helpers.call_action("package_search", fq="+dataset_type:recommendation", rows=0)["count"] == 129


def test_the_api_reports_rows_in_the_readers_language(app, people, jobs_run_at_once, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("To,Text,From,Response,Issue,Session\nAtlantis,Do it,France,Noted,Other,10\n", encoding="utf-8")
    run = helpers.call_action("simore_import_create", context={"user": "coordinadora"}, upload=_upload(path))
    rows = helpers.call_action("simore_import_rows", context={"user": "coordinadora"}, id=run["id"])
    assert rows[0]["row_number"] == 2 and rows[0]["outcome"] == "rejected"
    assert rows[0]["messages"] == ["unknown country 'Atlantis'"]
    shown = helpers.call_action("simore_import_show", context={"user": "coordinadora"}, id=run["id"])
    assert shown["dry_run_counts"]["rejected"] == 1 and "file_path" not in shown


def test_a_refused_file_says_why(app, people, jobs_run_at_once, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    run = helpers.call_action("simore_import_create", context={"user": "coordinadora"}, upload=_upload(path))
    shown = helpers.call_action("simore_import_show", context={"user": "coordinadora"}, id=run["id"])
    assert shown["state"] == runs.REFUSED and shown["error"] == "The file is empty."


def test_non_coordinators_cannot_reach_the_pages(app, people):
    headers = {"Authorization": factories.APIToken(user="funcionario")["token"]}
    assert app.get("/imports/", headers=headers, expect_errors=True).status_code == 403


def _upload(path: Path):
    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(path.read_bytes()), filename=path.name)


def test_search_pages_offer_the_export_with_their_filters_and_coordinators_the_import(app, people):
    page = app.get("/recommendation/?q=torture&themes=right_to_health").body
    assert "/export/recommendation.csv?q=torture&amp;themes=right_to_health" in page
    assert "/export/recommendation.xlsx?" in page and "/export/recommendation.json?" in page
    assert "/imports/" not in page
    assert "/export/action.csv" in app.get("/action/").body
    headers = {"Authorization": factories.APIToken(user="coordinadora")["token"]}
    assert "/imports/" in app.get("/recommendation/", headers=headers).body
