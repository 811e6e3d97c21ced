"""A draft's annexes (issue 13): files the coordinators attach to a draft,
through the API or its page; the coordinators' until the report is
submitted (a 404 to everyone else), everyone's with the published report;
downloaded as attachments no browser runs; only accepted types, no larger
than CKAN's maximum; a refused upload leaves no row and no file; deleting
the draft (or its report in the calendar) removes its files."""

from __future__ import annotations

import io
import re

import docx
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers
from drafts.conftest import COORDINATOR, as_user
from security.web_client import token_header
from werkzeug.datastructures import FileStorage

from ckanext.simore.drafts import actions, store

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"></svg>'


def _annex(draft, filename="anexo-estadistico.pdf", content=PDF, **data):
    """The draft after annexing a file through the API action."""
    return helpers.call_action(
        "simore_draft_annex_add",
        context=dict(COORDINATOR),
        id=draft["id"],
        upload=FileStorage(io.BytesIO(content), filename=filename),
        **data,
    )


def _post_annex(app, draft, filename, content, headers=None, **data):
    """The API's answer to annexing a file (as the coordinator by default)."""
    return app.post(
        "/api/3/action/simore_draft_annex_add",
        headers=token_header("coordinadora") if headers is None else headers,
        data=dict({"id": draft["id"], "upload": (io.BytesIO(content), filename)}, **data),
        content_type="multipart/form-data",
        expect_errors=True,
    )


def _files(draft) -> list[str]:
    folder = actions.ANNEX_FILES.folder(draft["id"])
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def _csrf(app, path, headers):
    return re.search(r'name="_csrf_token" value="([^"]+)"', app.get(path, headers=headers).body).group(1)


def _submit(draft):
    helpers.call_action("simore_draft_submit", context=dict(COORDINATOR), id=draft["id"], submitted_on="2026-01-15")


def test_a_coordinator_annexes_a_pdf_through_the_api(app, draft):
    response = _post_annex(app, draft, "Anexo estadístico.pdf", PDF, title="Statistical annex")
    assert response.status_code == 200, response.body
    annexes = response.json["result"]["annexes"]
    assert [(a["title"], a["filename"], a["size"]) for a in annexes] == [
        ("Statistical annex", "Anexo_estadístico.pdf", len(PDF))
    ]
    path = actions.ANNEX_FILES.path_of(draft["id"], annexes[0]["id"], annexes[0]["filename"])
    assert path.read_bytes() == PDF
    # without a title, the file's name
    untitled = _annex(draft, "ley-1234.pdf")["annexes"]
    assert [a["title"] for a in untitled] == ["Statistical annex", "ley-1234.pdf"]
    assert len(_files(draft)) == 2


def test_a_coordinator_annexes_a_file_through_the_draft_page_and_removes_it(app, draft):
    headers = token_header("coordinadora")
    page = "/drafts/" + draft["id"]
    shown = app.get(page, headers=headers).body
    assert 'enctype="multipart/form-data"' in shown and "Add the annex" in shown
    added = app.post(
        "/drafts/{}/annexes".format(draft["id"]),
        headers=headers,
        data={
            "_csrf_token": _csrf(app, page, headers),
            "title": "Tabla de <b>recomendaciones</b>",
            "upload": (io.BytesIO(PDF), "tabla.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert added.status_code == 200 and "The annex was added." in added.body
    assert "Tabla de &lt;b&gt;recomendaciones&lt;/b&gt;" in added.body and "<b>recomendaciones</b>" not in added.body
    annex = helpers.call_action("simore_draft_show", context=dict(COORDINATOR), id=draft["id"])["annexes"][0]
    download = app.get("/drafts/{}/annexes/{}".format(draft["id"], annex["id"]), headers=headers)
    assert download.data == PDF and download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]

    removed = app.post(
        "/drafts/{}/annexes/{}/delete".format(draft["id"], annex["id"]),
        headers=headers,
        data={"_csrf_token": _csrf(app, page, headers)},
    )
    assert "The annex was removed." in removed.body
    assert helpers.call_action("simore_draft_show", id=draft["id"])["annexes"] == []
    assert _files(draft) == []


def test_a_refused_upload_through_the_page_says_why_naming_the_field(app, draft):
    headers = token_header("coordinadora")
    page = "/drafts/" + draft["id"]
    refused = app.post(
        "/drafts/{}/annexes".format(draft["id"]),
        headers=headers,
        data={"_csrf_token": _csrf(app, page, headers), "upload": (io.BytesIO(HTML), "ley.html")},
        content_type="multipart/form-data",
    )
    assert "File: Files of type &#39;html&#39; cannot be uploaded" in refused.body
    missing = app.post(
        "/drafts/{}/annexes".format(draft["id"]), headers=headers, data={"_csrf_token": _csrf(app, page, headers)}
    )
    assert "File: expected an uploaded file" in missing.body
    assert helpers.call_action("simore_draft_show", id=draft["id"])["annexes"] == [] and _files(draft) == []


def test_annexes_are_the_coordinators_until_the_report_is_submitted_then_everyones(app, draft):
    annex = _annex(draft, title="Statistical annex")["annexes"][0]
    url = "/drafts/{}/annexes/{}".format(draft["id"], annex["id"])
    # an institution concerned reads its sections, not the annexes
    concerned = helpers.call_action("simore_draft_show", context=as_user("focal-salud"), id=draft["id"])
    assert concerned["annexes"] is None
    assert "Statistical annex" not in app.get("/drafts/" + draft["id"], headers=token_header("focal-salud")).body
    for headers in ({}, token_header("ciudadana"), token_header("focal-salud"), token_header("valida-salud")):
        assert app.get(url, headers=headers, expect_errors=True).status_code == 404
    assert app.get(url, headers=token_header("coordinadora")).data == PDF

    _submit(draft)
    public = helpers.call_action("simore_draft_show", context={"user": "", "ignore_auth": False}, id=draft["id"])
    assert [a["title"] for a in public["annexes"]] == ["Statistical annex"]
    page = app.get("/drafts/" + draft["id"]).body
    assert "Statistical annex" in page and url in page and "Add the annex" not in page
    for headers in ({}, token_header("ciudadana"), token_header("focal-justicia")):
        download = app.get(url, headers=headers)
        assert download.data == PDF and download.headers["Content-Disposition"].startswith("attachment")
    # the report ends with the list of its annexes
    report = docx.Document(io.BytesIO(app.get("/drafts/{}/report.docx".format(draft["id"])).data))
    assert [p.text for p in report.paragraphs][-2:] == ["Annexes", "Statistical annex"]


def test_a_report_without_annexes_has_no_annex_list(app, draft):
    _submit(draft)
    assert 'id="annexes"' not in app.get("/drafts/" + draft["id"]).body
    report = docx.Document(io.BytesIO(app.get("/drafts/{}/report.docx".format(draft["id"])).data))
    assert "Annexes" not in [p.text for p in report.paragraphs]


@pytest.mark.parametrize(
    "filename, content", [("ley.html", HTML), ("grafico.svg", SVG), ("pagina.htm", HTML), ("sin-extension", HTML)]
)
def test_a_script_or_untyped_file_is_refused_naming_the_field_and_nothing_is_kept(app, draft, filename, content):
    response = _post_annex(app, draft, filename, content)
    assert response.status_code == 409 and "cannot be uploaded" in response.json["error"]["upload"][0]
    assert helpers.call_action("simore_draft_show", id=draft["id"])["annexes"] == [] and _files(draft) == []


@pytest.mark.parametrize("upload", ["ley.pdf", {"filename": "ley.pdf"}, None])
def test_an_upload_that_is_not_a_file_is_refused_naming_the_field(app, draft, upload):
    response = app.post(
        "/api/3/action/simore_draft_annex_add",
        headers=token_header("coordinadora"),
        json={"id": draft["id"], "upload": upload},
        expect_errors=True,
    )
    assert response.status_code == 409 and response.json["error"]["upload"] == ["expected an uploaded file"]
    assert helpers.call_action("simore_draft_show", id=draft["id"])["annexes"] == [] and _files(draft) == []


def test_a_file_larger_than_ckans_maximum_is_refused_and_nothing_is_kept(app, draft, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.max_resource_size", 1)
    response = _post_annex(app, draft, "censo.csv", b"x" * (1024 * 1024 + 1))
    assert response.status_code == 409 and "larger than 1 MB" in response.json["error"]["upload"][0]
    assert helpers.call_action("simore_draft_show", id=draft["id"])["annexes"] == [] and _files(draft) == []
    assert _post_annex(app, draft, "censo.csv", b"x" * 1024).status_code == 200


def test_a_row_that_cannot_be_written_leaves_no_file(draft, monkeypatch):
    def refused(*args, **kwargs):
        raise tk.ValidationError({"title": ["refused"]})

    monkeypatch.setattr(store, "add_annex", refused)
    with pytest.raises(tk.ValidationError):
        _annex(draft)
    assert _files(draft) == []


def test_annexes_change_only_while_it_is_a_draft(app, draft):
    annex = _annex(draft)["annexes"][0]
    _submit(draft)
    response = _post_annex(app, draft, "tarde.pdf", PDF)
    assert response.status_code == 409 and "no longer edited" in response.json["error"]["id"][0]
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("simore_draft_annex_delete", context=dict(COORDINATOR), id=draft["id"], annex=annex["id"])
    assert "id" in refused.value.error_dict
    assert [a["id"] for a in helpers.call_action("simore_draft_show", id=draft["id"])["annexes"]] == [annex["id"]]
    assert len(_files(draft)) == 1


def test_only_coordinators_annex_and_an_unknown_annex_is_a_404(app, draft):
    for headers in (token_header("focal-salud"), token_header("valida-salud"), token_header("ciudadana"), {}):
        assert _post_annex(app, draft, "x.pdf", PDF, headers).status_code == 403, headers
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("simore_draft_annex_delete", context=dict(COORDINATOR), id=draft["id"], annex="nada")
    assert _files(draft) == []


def test_deleting_a_draft_removes_its_annexes_files(draft):
    _annex(draft)
    _annex(draft, "ley.docx", b"PK\x03\x04")
    assert len(_files(draft)) == 2
    helpers.call_action("simore_draft_delete", context=dict(COORDINATOR), id=draft["id"])
    assert _files(draft) == [] and not actions.ANNEX_FILES.folder(draft["id"]).exists()
    assert store.annexes(draft["id"]) == []


def test_deleting_the_report_from_the_calendar_removes_its_drafts_annexes(reports, draft):
    _annex(draft)
    helpers.call_action("simore_obligation_delete", context=dict(COORDINATOR), id=reports["follow_up"]["id"])
    assert _files(draft) == [] and store.annexes(draft["id"]) == []
