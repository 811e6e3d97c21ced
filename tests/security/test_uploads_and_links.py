"""Evidence files, report drafts' annexes and links: only accepted file
types are uploaded, every uploaded file is downloaded as an attachment that
no browser runs, only http(s) links are accepted, and a bad link stored
earlier is never rendered as one."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib import search
from ckan.tests import helpers
from web_client import token_header

from ckanext.simore.db import extras

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"></svg>'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BAD_LINKS = [
    "javascript:alert(document.cookie)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]


def _resources(site):
    return helpers.call_action("package_show", id=site.action["id"])["resources"]


def _upload(app, site, filename, content, **fields):
    return app.post(
        "/api/3/action/resource_create",
        headers=token_header("focal-salud"),
        data=dict(
            {"package_id": site.action["id"], "name": filename, "upload": (io.BytesIO(content), filename)}, **fields
        ),
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    "filename, content", [("informe.html", HTML), ("grafico.svg", SVG), ("pagina.htm", HTML), ("sin-extension", HTML)]
)
def test_an_html_or_svg_upload_is_refused_naming_the_field(app, site, filename, content):
    before = len(_resources(site))
    response = _upload(app, site, filename, content)
    assert response.status_code == 409, response.status_code
    error = json.loads(response.body)["error"]
    assert "url" in error and "cannot be uploaded" in error["url"][0], error
    assert len(_resources(site)) == before

    # the web form says so too, and saves nothing
    page = app.post(
        "/action/{}/resource/new".format(site.action["name"]),
        headers=token_header("focal-salud"),
        data={
            "upload": (io.BytesIO(content), filename),
            "url_type": "upload",
            "name": filename,
            "id": "",
            "save": "go-metadata",
        },
        content_type="multipart/form-data",
    )
    assert "cannot be uploaded" in page.body
    assert len(_resources(site)) == before


def _download(app, resource, headers=None):
    return app.get(resource["url"].replace("http://test.ckan.net", ""), headers=headers or {})


def test_an_accepted_upload_is_downloaded_as_an_attachment_that_is_never_run(app, site):
    response = _upload(app, site, "informe.pdf", PDF, mimetype="text/html")  # a lying type too
    assert response.status_code == 200, response.body
    resource = json.loads(response.body)["result"]
    download = _download(app, resource, token_header("focal-salud"))
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]


@pytest.mark.ckan_config("ckanext.simore.evidence_file_types", "pdf html svg")
def test_html_allowed_by_the_configuration_is_still_an_attachment_that_is_never_run(app, site):
    for filename, content in [("pagina.html", HTML), ("grafico.svg", SVG)]:
        response = _upload(app, site, filename, content)
        assert response.status_code == 200, response.body
        download = _download(app, json.loads(response.body)["result"], token_header("focal-salud"))
        assert download.headers["Content-Disposition"].startswith("attachment"), filename
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        assert download.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize("link", BAD_LINKS)
def test_a_script_link_is_refused_by_the_api_and_the_form_naming_the_field(app, site, link):
    focal_point, coordinator = token_header("focal-salud"), token_header("coordinadora")
    before = len(_resources(site))
    response = app.post(
        "/api/3/action/resource_create",
        headers=focal_point,
        json={"package_id": site.action["id"], "url": link, "name": "Enlace"},
    )
    assert response.status_code == 409 and "url" in json.loads(response.body)["error"]
    page = app.post(
        "/action/{}/resource/new".format(site.action["name"]),
        headers=focal_point,
        data={"url": link, "name": "Enlace", "id": "", "save": "go-metadata"},
    )
    assert "Only links beginning with http:// or https:// are accepted" in page.body
    assert len(_resources(site)) == before

    for action, data, field in [
        ("package_patch", {"id": site.recommendation["id"], "source_url": link}, "source_url"),
        ("package_patch", {"id": "cedaw", "url": link}, "url"),
        ("organization_patch", {"id": "salud", "url": link}, "url"),
    ]:
        response = app.post("/api/3/action/" + action, headers=coordinator, json=data)
        assert response.status_code in (409, 403), (action, response.status_code)
        if response.status_code == 409:
            assert field in json.loads(response.body)["error"], (action, response.body)


def _store_bad_links(site, link):
    """Links written before the rules (or by hand): straight into the database."""
    resource = model.Resource.get(site.action["resources"][0]["id"])
    resource.url = link
    package = model.Package.get(site.recommendation["id"])
    if extras.PACKAGE_EXTRAS_IN_JSONB:
        model.Session.execute(
            sa.text(
                "UPDATE package SET extras = extras || jsonb_build_object('source_url', :link, "
                "'document_symbol', 'A/HRC/1') WHERE id = :id"
            ),
            {"link": link, "id": package.id},
        )
    else:
        for key, value in (("source_url", link), ("document_symbol", "A/HRC/1")):
            model.Session.add(model.PackageExtra(package_id=package.id, key=key, value=value))
    organization = model.Group.get("salud")
    organization.extras["url"] = link
    model.Session.commit()
    for package_id in (site.action["id"], site.recommendation["id"]):  # package_show reads the indexed copy
        search.rebuild(package_id)


@pytest.mark.parametrize("link", BAD_LINKS)
def test_a_bad_link_stored_earlier_is_never_rendered_as_a_link(app, site, link):
    _store_bad_links(site, link)
    coordinator = token_header("coordinadora")
    resource = site.action["resources"][0]
    for url in [
        "/action/" + site.action["name"],
        "/action/{}/resource/{}".format(site.action["name"], resource["id"]),
        "/recommendation/" + site.recommendation["name"],
        "/organization/salud",
        "/organization/about/salud",
    ]:
        page = app.get(url, headers=coordinator)
        assert page.status_code == 200, url
        for attribute in ("href", "src", "action"):
            for quote in ('"', "'"):
                assert "{}={}{}".format(attribute, quote, link.strip().replace("<", "&lt;")) not in page.body, url
        lowered = page.body.lower()
        assert 'href="javascript:' not in lowered and 'href="data:' not in lowered and 'href="vbscript:' not in lowered
        assert 'href=" javascript:' not in lowered and 'href="java&#9;script:' not in lowered, url


def _report_draft(site) -> dict:
    """A draft of a follow-up report on the site's recommendation."""
    obligation = helpers.call_action(
        "simore_obligation_create",
        context={"user": "coordinadora"},
        mechanism="cedaw",
        kind="follow_up_report",
        due_date="2030-06-30",
        recommendations=[site.recommendation["name"]],
    )
    return helpers.call_action("simore_draft_create", context={"user": "coordinadora"}, obligation=obligation["id"])


def test_a_report_drafts_annex_is_never_html_and_is_downloaded_as_an_attachment_never_run(
    app, site, ckan_config, monkeypatch
):
    draft = _report_draft(site)
    coordinator = token_header("coordinadora")

    def annex(filename, content):
        return app.post(
            "/api/3/action/simore_draft_annex_add",
            headers=coordinator,
            data={"id": draft["id"], "upload": (io.BytesIO(content), filename)},
            content_type="multipart/form-data",
            expect_errors=True,
        )

    for filename, content in [
        ("informe.html", HTML),
        ("grafico.svg", SVG),
        ("pagina.htm", HTML),
        ("sin-extension", HTML),
    ]:
        response = annex(filename, content)
        assert response.status_code == 409, filename
        assert "cannot be uploaded" in json.loads(response.body)["error"]["upload"][0], filename
    assert helpers.call_action("simore_draft_show", id=draft["id"])["annexes"] == []

    # accepted, even HTML where the configuration allows it: saved, never run
    monkeypatch.setitem(ckan_config, "ckanext.simore.evidence_file_types", ["pdf", "html"])
    for filename, content in [("anexo.pdf", PDF), ("pagina.html", HTML)]:
        added = json.loads(annex(filename, content).body)["result"]["annexes"][-1]
        download = app.get("/drafts/{}/annexes/{}".format(draft["id"], added["id"]), headers=coordinator)
        assert download.status_code == 200 and download.data == content
        assert download.headers["Content-Disposition"].startswith("attachment"), filename
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        assert download.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
