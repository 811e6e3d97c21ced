"""The drafts' pages: drafting from the calendar, the draft's page
(numbered paragraphs, word count, downloads), a section's form and its
versions with the diff, comments, submission; CSRF-checked forms, user text
escaped, nothing shown to those who may not read it."""

from __future__ import annotations

import re

import pytest
from ckan.tests import factories, helpers

from ckanext.simore.drafts import document


def _login(user="coordinadora"):
    return {"Authorization": factories.APIToken(user=user)["token"]}


def _csrf(app, path, headers):
    page = app.get(path, headers=headers).body
    return re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)


def _path(response):
    return response.headers["Location"].split("localhost", 1)[-1]


def test_a_coordinator_drafts_a_report_from_its_calendar_page(app, reports):
    headers = _login()
    obligation = "/calendar/" + reports["follow_up"]["id"]
    assert "Draft this report" not in app.get(obligation).body
    token = _csrf(app, obligation, headers)
    created = app.post(
        "/drafts/new",
        data={"_csrf_token": token, "obligation": reports["follow_up"]["id"], "language": "en"},
        headers=headers,
        follow_redirects=False,
    )
    assert created.status_code == 302
    page = app.get(_path(created), headers=headers).body
    assert "Paragraph 12 (CEDAW/C/PRY/CO/8)" in page and "(CEDAW/C/PRY/CO/8, para. 12)" in page
    assert "3500 words" in page.replace(",", "") and "Download (DOCX)" in page
    assert "Download (PDF)" not in page  # no converter on this machine
    assert 'id="simore-over-limit"' not in page
    assert "Follow-up report — CEDAW" in app.get(obligation, headers=headers).body


def test_a_section_is_edited_through_its_form_with_versions_and_the_diff(app, draft):
    headers = _login()
    section = draft["sections"][1]
    edit = "/drafts/section/{}/edit".format(section["id"])
    token = _csrf(app, edit, headers)
    saved = app.post(
        edit,
        data={
            "_csrf_token": token,
            "heading": section["heading"],
            "body": "<script>alert(1)</script> New wording.\n\n" + " ".join(["word"] * 3600),
            "version": "1",
        },
        headers=headers,
        follow_redirects=False,
    )
    assert saved.status_code == 302
    page = app.get("/drafts/" + draft["id"], headers=headers).body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; New wording." in page and "<script>alert(1)" not in page
    assert 'id="simore-over-limit"' in page
    stale = app.post(edit, data={"_csrf_token": token, "body": "Older", "version": "1"}, headers=headers)
    assert "Version: The section was changed since (now version 2); reload it." in stale.body
    versions = app.get("/drafts/section/{}/versions".format(section["id"]), headers=headers).body
    assert 'id="simore-diff"' in versions and "+&lt;script&gt;alert(1)&lt;/script&gt; New wording." in versions


def test_the_institutions_concerned_comment_on_their_sections(app, draft):
    headers = _login("focal-salud")
    page = app.get("/drafts/" + draft["id"], headers=headers).body
    assert "Paragraph 12 (CEDAW/C/PRY/CO/8)" in page and "Paragraph 40" not in page
    assert "Edit this section" not in page and "Submit the report" not in page
    section = draft["sections"][1]["id"]
    token = _csrf(app, "/drafts/" + draft["id"], headers)
    app.post(
        "/drafts/section/{}/comment".format(section),
        data={"_csrf_token": token, "text": "<i>Add</i> the budget", "draft_id": draft["id"]},
        headers=headers,
    )
    shown = app.get("/drafts/" + draft["id"], headers=_login()).body
    assert "&lt;i&gt;Add&lt;/i&gt; the budget" in shown and "Ministerio de Salud" in shown


@pytest.mark.parametrize("user", ["focal-justicia", "ciudadana", None])
def test_outsiders_get_nothing(app, draft, user):
    headers = _login(user) if user else {}
    section = draft["sections"][1]["id"]
    assert app.get("/drafts/" + draft["id"], headers=headers, expect_errors=True).status_code == (
        200 if user == "focal-justicia" else 404
    )
    if user == "focal-justicia":
        # its own section only
        assert "Paragraph 12" not in app.get("/drafts/" + draft["id"], headers=headers).body
    assert app.get("/drafts/{}/report.docx".format(draft["id"]), headers=headers, expect_errors=True).status_code in (
        (200,) if user == "focal-justicia" else (404,)
    )
    for path in ("/drafts/section/{}/edit", "/drafts/section/{}/versions"):
        assert app.get(path.format(section), headers=headers, expect_errors=True).status_code == 403
    assert draft["title"] not in app.get("/drafts", headers=headers).body or user == "focal-justicia"


def test_submitting_publishes_the_report_and_its_docx(app, reports, draft):
    headers = _login()
    token = _csrf(app, "/drafts/" + draft["id"], headers)
    app.post(
        "/drafts/{}/submit".format(draft["id"]),
        data={"_csrf_token": token, "submitted_on": "2026-01-15", "document_symbol": "CEDAW/C/PRY/FCO/8"},
        headers=headers,
    )
    public = app.get("/drafts/" + draft["id"]).body
    assert "CEDAW/C/PRY/FCO/8" in public and "Paragraph 40 (CEDAW/C/PRY/CO/8)" in public
    assert "Submit the report" not in app.get("/drafts/" + draft["id"], headers=headers).body
    download = app.get("/drafts/{}/report.docx".format(draft["id"]))
    assert download.headers["Content-Type"] == document.DOCX_TYPE and download.data[:2] == b"PK"
    assert draft["title"] in app.get("/drafts").body
    assert "Submitted" in app.get("/calendar/" + reports["follow_up"]["id"]).body


def test_pdf_and_odt_are_offered_only_where_a_converter_is(monkeypatch):
    monkeypatch.setattr(document.shutil, "which", lambda name: None)
    assert document.available_formats() == ["docx"]
    monkeypatch.setattr(document.shutil, "which", lambda name: "/usr/bin/soffice" if name == "soffice" else None)
    assert document.converter() == "/usr/bin/soffice"
    assert document.available_formats() == ["docx", "pdf", "odt"]


def test_a_coordinator_deletes_a_draft(app, draft):
    headers = _login()
    token = _csrf(app, "/drafts/" + draft["id"], headers)
    app.post("/drafts/{}/delete".format(draft["id"]), data={"_csrf_token": token}, headers=headers)
    assert app.get("/drafts/" + draft["id"], headers=headers, expect_errors=True).status_code == 404
    assert helpers.call_action("simore_draft_list")["count"] == 0
