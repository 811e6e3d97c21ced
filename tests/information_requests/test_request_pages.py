"""The pages of information requests: the coordinators' form, sending, the
request page with its tracking, the focal point's answer form with a file,
the validating authority's approval; files are downloaded as attachments
no browser runs; user text is escaped."""

from __future__ import annotations

import io

from information_requests.conftest import call, question_id
from security.web_client import token_header

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _answer_path(request, organization="salud", position=0):
    return "/information-requests/{}/questions/{}/{}".format(
        request["id"], question_id(request, position), organization
    )


def test_a_coordinator_writes_and_sends_a_request_through_the_pages(app, network):
    coordinator = token_header("coordinadora")
    assert "Write a request" in app.get("/information-requests", headers=coordinator).body
    form = {
        "title": "Cuestionario <b>relator</b>",
        "kind": "questionnaire",
        "deadline": "2030-06-30",
        "questions": "1. ¿Qué medidas?\n2. ¿Con qué presupuesto?",
        "institutions": "salud\njusticia",
        "recommendations": network.recommendation["name"],
        "themes": "right_to_health",
        "mechanism": "",
        "obligation": "",
    }
    refused = app.post("/information-requests/new", data=dict(form, deadline="mañana"), headers=coordinator)
    assert "Deadline" in refused.body and call("coordinadora", "simore_information_request_list")["count"] == 0
    page = app.post("/information-requests/new", data=form, headers=coordinator)
    assert page.status_code == 200
    made = call("coordinadora", "simore_information_request_list")["requests"][0]
    assert "Cuestionario &lt;b&gt;relator&lt;/b&gt;" in page.body and "<b>relator</b>" not in page.body
    edit = app.get("/information-requests/{}/edit".format(made["id"]), headers=coordinator).body
    assert "1. ¿Qué medidas?" in edit
    app.post("/information-requests/{}/send".format(made["id"]), headers=coordinator)
    shown = call("", "simore_information_request_show", id=made["id"])
    assert shown["state"] == "sent" and len(shown["questions"]) == 2
    public = app.get("/information-requests/" + made["id"]).body
    assert "¿Con qué presupuesto?" in public and "Ministerio de Salud" in public
    assert "Send to the institutions" not in public


def test_a_request_opened_from_a_report_of_the_calendar_feeds_it(app, network):
    """The report's page links to a request's form that feeds the report,
    asks about its mechanism and recommendations; the reports already
    submitted are not offered."""
    coordinator = token_header("coordinadora")
    owed = call(
        "coordinadora",
        "simore_obligation_create",
        mechanism="cedaw",
        kind="follow_up_report",
        period="Seguimiento <b>9</b>",
        due_date="2030-06-30",
        recommendations=[network.recommendation["name"]],
    )
    done = call(
        "coordinadora",
        "simore_obligation_create",
        mechanism="cedaw",
        kind="periodic_report",
        due_date="2020-06-30",
        state="submitted",
        submitted_on="2020-06-01",
    )
    report_page = app.get("/calendar/" + owed["id"], headers=coordinator).body
    assert "/information-requests/new?obligation={}".format(owed["id"]) in report_page
    form = app.get("/information-requests/new?obligation=" + owed["id"], headers=coordinator).body
    assert '<option value="{}" selected'.format(owed["id"]) in form
    assert "Seguimiento &lt;b&gt;9&lt;/b&gt;" in form and "<b>9</b>" not in form
    assert 'value="{}"'.format(done["id"]) not in form
    assert '<option value="cedaw" selected' in form and network.recommendation["name"] in form
    assert app.get("/information-requests/new?obligation=nowhere", headers=coordinator, status=404)
    # the public sees the report, not the coordinators' link
    assert "/information-requests/new" not in app.get("/calendar/" + owed["id"]).body


def test_a_coordinator_asks_more_institutions_from_the_request_page(app, network, sent_request):
    coordinator = token_header("coordinadora")
    path = "/information-requests/" + sent_request["id"]
    page = app.get(path, headers=coordinator).body
    assert 'action="{}/ask"'.format(path) in page and 'name="questions"' in page
    assert "Ask more institutions" not in app.get(path, headers=token_header("focal-salud")).body
    refused = app.post(path + "/ask", data={"deadline": "2030-07-31"}, headers=coordinator, follow_redirects=True)
    assert "Institutions that answer: Missing value" in refused.body
    second = question_id(sent_request, 1)
    done = app.post(
        path + "/ask",
        data={"institutions": ["coordinacion"], "questions": [second], "deadline": "2030-07-31"},
        headers=coordinator,
        follow_redirects=True,
    )
    assert "The institutions were asked." in done.body
    shown = call("coordinadora", "simore_information_request_show", id=sent_request["id"])
    asked = {q["id"]: {a["name"]: a["deadline"] for a in q["assignments"]} for q in shown["questions"]}
    assert asked[second]["coordinacion"] == "2030-07-31"
    assert all("coordinacion" not in names for key, names in asked.items() if key != second)


def test_a_focal_point_answers_with_a_file_and_the_validator_approves(app, network, sent_request):
    focal = token_header("focal-salud")
    path = _answer_path(sent_request)
    page = app.get(path, headers=focal).body
    assert 'name="text"' in page and 'enctype="multipart/form-data"' in page
    app.post(
        path,
        headers=focal,
        data={"text": "Respuesta <script>x</script>", "upload": (io.BytesIO(PDF), "informe.pdf")},
        content_type="multipart/form-data",
    )
    answer = call("focal-salud", "simore_information_request_show", id=sent_request["id"])["questions"][0]["answers"][0]
    assert answer["text"] == "Respuesta <script>x</script>" and answer["attachments"][0]["filename"] == "informe.pdf"
    page = app.get(path, headers=focal).body
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    app.post(
        "/information-requests/answers/{}/transition".format(answer["id"]), headers=focal, data={"transition": "submit"}
    )
    validator = token_header("valida-salud")
    assert 'value="approve"' in app.get(path, headers=validator).body
    app.post(
        "/information-requests/answers/{}/transition".format(answer["id"]),
        headers=validator,
        data={"transition": "approve"},
    )
    assert call("", "simore_answer_show", id=answer["id"])["state"] == "approved"
    # the approved answer and its file are public, as an attachment no browser runs
    download = app.get("/information-requests/answers/{}/files/{}".format(answer["id"], answer["attachments"][0]["id"]))
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]


def test_files_of_an_answer_in_progress_are_its_institutions_only(app, network, sent_request):
    answer = call(
        "focal-salud", "simore_answer_save", question=question_id(sent_request), organization="salud", text="x"
    )
    with_file = app.post(
        "/api/3/action/simore_answer_attachment_add",
        headers=token_header("focal-salud"),
        data={"id": answer["id"], "upload": (io.BytesIO(PDF), "borrador.pdf")},
        content_type="multipart/form-data",
    ).json["result"]
    url = "/information-requests/answers/{}/files/{}".format(answer["id"], with_file["attachments"][0]["id"])
    assert app.get(url, headers=token_header("valida-salud")).status_code == 200
    for headers in ({}, token_header("ciudadana"), token_header("focal-justicia")):
        assert app.get(url, headers=headers, expect_errors=True).status_code == 404


def test_a_script_file_is_refused_naming_the_field(app, network, sent_request):
    answer = call(
        "focal-salud", "simore_answer_save", question=question_id(sent_request), organization="salud", text="x"
    )
    for filename in ("informe.html", "grafico.svg", "sin-extension"):
        response = app.post(
            "/api/3/action/simore_answer_attachment_add",
            headers=token_header("focal-salud"),
            data={"id": answer["id"], "upload": (io.BytesIO(HTML), filename)},
            content_type="multipart/form-data",
            expect_errors=True,
        )
        assert response.status_code == 409 and "upload" in response.json["error"], filename
    assert call("focal-salud", "simore_answer_show", id=answer["id"])["attachments"] == []
    page = app.post(
        _answer_path(sent_request),
        headers=token_header("focal-salud"),
        data={"text": "y", "upload": (io.BytesIO(HTML), "informe.html")},
        content_type="multipart/form-data",
    )
    assert "cannot be uploaded" in page.body


def test_only_the_institutions_focal_points_get_the_answer_form(app, network, sent_request):
    path = _answer_path(sent_request)
    for user in ("focal-justicia", "ciudadana", "coordinadora"):
        assert 'name="text"' not in app.get(path, headers=token_header(user)).body, user
        response = app.post(path, headers=token_header(user), data={"text": "intruso"}, expect_errors=True)
        assert response.status_code == 403, user
    assert app.post(path, data={"text": "anónimo"}, expect_errors=True).status_code == 403
    assert (
        call("coordinadora", "simore_information_request_show", id=sent_request["id"])["questions"][0]["answers"] == []
    )
    # a question not asked of the institution has no page
    other = "/information-requests/{}/questions/{}/coordinacion".format(sent_request["id"], question_id(sent_request))
    assert app.get(other, expect_errors=True).status_code == 404


def test_a_draft_request_has_no_public_page(app, network, add_request):
    made = add_request()
    for headers in ({}, token_header("focal-salud")):
        assert app.get("/information-requests/" + made["id"], headers=headers, expect_errors=True).status_code == 404
        assert made["title"] not in app.get("/information-requests", headers=headers).body
    assert made["title"] in app.get("/information-requests", headers=token_header("coordinadora")).body


def test_without_a_storage_folder_a_file_is_refused_naming_the_option(
    app, network, sent_request, ckan_config, monkeypatch
):
    answer = call(
        "focal-salud", "simore_answer_save", question=question_id(sent_request), organization="salud", text="x"
    )
    monkeypatch.setitem(ckan_config, "ckan.storage_path", "")
    response = app.post(
        "/api/3/action/simore_answer_attachment_add",
        headers=token_header("focal-salud"),
        data={"id": answer["id"], "upload": (io.BytesIO(PDF), "informe.pdf")},
        content_type="multipart/form-data",
        expect_errors=True,
    )
    assert response.status_code == 409 and "ckan.storage_path" in response.json["error"]
    assert call("focal-salud", "simore_answer_show", id=answer["id"])["attachments"] == []
