"""Malformed input (issue 11, item 11) answers a 400/409 naming the field,
never a 500, and never echoes SQL; item 10: inviting an e-mail that already
has an account."""

from __future__ import annotations

import json

import pytest

NUL, SURROGATE = "a\x00b", "a\ud800b"


def _refused(status, body, field):
    assert status in (400, 409), body
    assert json.loads(body)["error"].get(field), body


@pytest.mark.parametrize(
    "action, data, field",
    [
        ("simore_action_history", {"id": NUL}, "id"),
        ("simore_action_history", {"id": 5}, "id"),
        ("simore_action_history", {"id": ["x"]}, "id"),
        ("simore_status_history", {"id": {"a": 1}}, "id"),
        ("simore_round_show", {"id": NUL}, "id"),
        ("simore_round_show", {"id": 7}, "id"),
        ("simore_round_no_progress", {"id": NUL, "recommendation": "a", "organization": "b"}, "id"),
        ("simore_recommendation_assign", {"ids": [NUL], "institutions": ["salud"]}, "ids"),
        ("simore_recommendation_assign", {"ids": ["x"], "institutions": [SURROGATE]}, "institutions"),
        (
            "simore_focal_point_invite",
            {"organization": NUL, "email": "x@example.org", "designation": "main"},
            "organization",
        ),
        ("simore_institution_handover", {"organization": NUL, "from_user": "a", "to_user": "b"}, "organization"),
        ("simore_reminders_send", {"today": 5}, "today"),
        ("simore_statistics", {"charts": 5}, "charts"),
        ("simore_institution_dashboard", {"id": 5}, "id"),
        ("simore_institution_dashboard", {"id": NUL}, "id"),
        ("simore_recommendations_without_action", {"offset": 10**30}, "offset"),
        ("simore_recommendation_suggest", {"q": "x", "limit": "x"}, "limit"),
        ("simore_round_outstanding", {"id": "x", "organization": "salud", "limit": -1}, "limit"),
        ("simore_change_set_show", {"id": NUL}, "id"),
        ("simore_change_set_undo", {"id": NUL, "justification": "x"}, "id"),
        # CKAN 2.11's boolean_validator answered these with a 500
        ("simore_change_set_undo", {"id": "x", "justification": "x", "preview": []}, "preview"),
        ("simore_recommendation_assign", {"ids": ["x"], "institutions": ["salud"], "replace": {"a": 1}}, "replace"),
        ("simore_status_set_bulk", {"ids": ["x"], "status": "implemented", "preview": ["x"]}, "preview"),
        ("simore_change_set_list", {"offset": 10**30}, "offset"),
        ("simore_change_set_list", {"limit": "x"}, "limit"),
        ("simore_obligation_show", {"id": NUL}, "id"),
        ("simore_obligation_show", {"id": 5}, "id"),
        (
            "simore_obligation_create",
            {"mechanism": NUL, "kind": "periodic_report", "due_date": "2030-01-01"},
            "mechanism",
        ),
        ("simore_obligation_create", {"mechanism": "cedaw", "kind": "periodic_report", "due_date": 5}, "due_date"),
        ("simore_obligation_create", {"mechanism": "cedaw", "kind": ["x"], "due_date": "2030-01-01"}, "kind"),
        (
            "simore_obligation_create",
            {"mechanism": "cedaw", "kind": "periodic_report", "due_date": "2030-01-01", "document_symbol": []},
            "document_symbol",
        ),
        (
            "simore_obligation_create",
            {"mechanism": "cedaw", "kind": "periodic_report", "due_date": "2030-01-01", "period": ["2020", "2024"]},
            "period",
        ),
        (
            "simore_obligation_create",
            {"mechanism": "cedaw", "kind": "periodic_report", "due_date": "2030-01-01", "recommendations": {"a": 1}},
            "recommendations",
        ),
        ("simore_obligation_update", {"id": ["x"], "state": "drafting"}, "id"),
        ("simore_obligation_delete", {"id": 5}, "id"),
        ("simore_obligation_list", {"limit": 10**30}, "limit"),
        ("simore_obligation_list", {"due_from": "2030-13-01"}, "due_from"),
        ("simore_obligation_generate", {"mechanism": "cedaw", "review_date": "x", "preview": ["x"]}, "review_date"),
        ("simore_obligation_reminders_send", {"today": 5}, "today"),
        ("simore_indicator_show", {"id": NUL}, "id"),
        ("simore_indicator_show", {"id": 5}, "id"),
        ("simore_indicator_create", {"code": "x", "title": {"es": SURROGATE}, "kind": "outcome"}, "title"),
        ("simore_indicator_create", {"code": ["x"], "title": {"es": "x"}, "kind": "outcome"}, "code"),
        ("simore_indicator_update", {"id": 5, "kind": "process"}, "id"),
        ("simore_indicator_delete", {"id": ["x"]}, "id"),
        ("simore_indicator_list", {"offset": 10**30}, "offset"),
        ("simore_indicator_list", {"kind": "impact"}, "kind"),
        ("simore_indicator_value_create", {"indicator": 5, "period": "2024", "value": "1"}, "indicator"),
        ("simore_indicator_value_update", {"id": {"a": 1}, "value": "1"}, "id"),
        ("simore_indicator_value_delete", {"id": 5}, "id"),
        ("simore_indicator_value_transition", {"id": ["x"], "transition": "submit"}, "id"),
        ("simore_indicator_value_transition", {"id": "x", "transition": "publish"}, "transition"),
        ("simore_indicator_value_show", {"id": NUL}, "id"),
        ("simore_indicator_value_list", {"limit": 10**30}, "limit"),
        ("simore_information_request_show", {"id": NUL}, "id"),
        ("simore_information_request_show", {"id": 5}, "id"),
        ("simore_information_request_create", {"title": ["x"], "kind": "own", "deadline": "2030-01-01"}, "title"),
        ("simore_information_request_create", {"title": "x", "kind": "own", "deadline": 5}, "deadline"),
        (
            "simore_information_request_create",
            {"title": "x", "kind": "own", "deadline": "2030-01-01", "questions": 5},
            "questions",
        ),
        (
            "simore_information_request_create",
            {"title": "x", "kind": "own", "deadline": "2030-01-01", "institutions": {"a": 1}},
            "institutions",
        ),
        ("simore_information_request_update", {"id": ["x"], "title": "y"}, "id"),
        ("simore_information_request_send", {"id": 5}, "id"),
        ("simore_information_request_close", {"id": NUL}, "id"),
        ("simore_information_request_ask", {"id": "x", "institutions": NUL}, "institutions"),
        ("simore_information_request_ask", {"id": "x", "institutions": ["salud"], "questions": 5}, "questions"),
        ("simore_information_request_ask", {"id": "x", "institutions": ["salud"], "deadline": "mañana"}, "deadline"),
        ("simore_information_request_ask", {"id": ["x"], "institutions": ["salud"]}, "id"),
        ("simore_information_request_list", {"limit": 10**30}, "limit"),
        ("simore_information_request_list", {"offset": -1}, "offset"),
        ("simore_information_request_list", {"state": "lost"}, "state"),
        ("simore_information_request_reminders_send", {"today": 5}, "today"),
        ("simore_information_request_owed", {"id": ["salud"]}, "id"),
        ("simore_answer_save", {"question": 5, "organization": "salud"}, "question"),
        ("simore_answer_save", {"question": "x", "organization": "salud", "text": ["x"]}, "text"),
        ("simore_answer_transition", {"id": "x", "transition": "publish"}, "transition"),
        ("simore_answer_show", {"id": NUL}, "id"),
        ("simore_answer_show", {"id": 5}, "id"),
        ("simore_answer_attachment_add", {"id": 5}, "id"),
        ("simore_answer_attachment_delete", {"id": "x", "attachment": ["x"]}, "attachment"),
        ("simore_draft_create", {"obligation": NUL}, "obligation"),
        ("simore_draft_create", {"obligation": 5}, "obligation"),
        ("simore_draft_create", {"obligation": "x", "language": ["es"]}, "language"),
        ("simore_draft_show", {"id": NUL}, "id"),
        ("simore_draft_show", {"id": 5}, "id"),
        ("simore_draft_list", {"limit": 10**30}, "limit"),
        ("simore_draft_list", {"offset": "x"}, "offset"),
        ("simore_draft_list", {"obligation": ["x"]}, "obligation"),
        ("simore_draft_section_update", {"id": ["x"], "body": "x"}, "id"),
        ("simore_draft_section_update", {"id": "x", "body": SURROGATE}, "body"),
        ("simore_draft_section_update", {"id": "x", "body": {"a": 1}}, "body"),
        ("simore_draft_section_versions", {"id": 5}, "id"),
        ("simore_draft_section_diff", {"id": NUL}, "id"),
        ("simore_draft_comment_create", {"id": "x", "text": NUL}, "text"),
        ("simore_draft_comment_create", {"id": "x", "text": "x" * 30000}, "text"),
        ("simore_draft_submit", {"id": "x", "submitted_on": "2026-13-01"}, "submitted_on"),
        ("simore_draft_delete", {"id": 5}, "id"),
        ("simore_draft_update", {"id": "x", "state": ["drafting"]}, "state"),
        ("simore_draft_annex_add", {"id": 5}, "id"),
        ("simore_draft_annex_add", {"id": NUL}, "id"),
        ("simore_draft_annex_add", {"id": "x", "title": ["Anexo"]}, "title"),
        ("simore_draft_annex_add", {"id": "x", "title": SURROGATE}, "title"),
        ("simore_draft_annex_delete", {"id": ["x"], "annex": "x"}, "id"),
        ("simore_draft_annex_delete", {"id": "x", "annex": {"a": 1}}, "annex"),
        ("simore_draft_annex_delete", {"id": "x"}, "annex"),
        ("simore_country_setup", {"upload": "institutions.csv"}, "upload"),
        ("simore_country_setup", {"upload": ["x"]}, "upload"),
        ("simore_country_setup", {"upload": NUL}, "upload"),
        ("simore_import_show", {"id": NUL}, "id"),
        ("simore_import_show", {"id": 5}, "id"),
        ("simore_import_rows", {"id": NUL}, "id"),
        ("package_show", {"id": NUL}, "id"),
        ("package_search", {"q": NUL}, "q"),
        ("package_search", {"q": SURROGATE}, "q"),
        ("package_search", {"fq": "tags:" + NUL}, "fq"),
        ("package_patch", {"id": NUL}, "id"),
        ("organization_update", {"id": "salud", "title": SURROGATE}, "title"),
    ],
)
def test_malformed_input_is_refused_naming_the_field(api, action, data, field):
    _refused(*api(action, **data), field)


def test_a_lone_surrogate_or_nul_in_a_dataset_text_is_refused(api):
    for text in (NUL, SURROGATE):
        status, body = api("package_patch", id=api.draft_action["id"], title_translated={"es": text})
        _refused(status, body, "title_translated")


def test_owner_org_as_a_list_is_refused(api):
    status, body = api(
        "package_create",
        type="mechanism",
        owner_org=["coordinacion"],
        code="CRC",
        family="treaty_body",
        system="un",
        title_translated={"es": "Comité"},
    )
    _refused(status, body, "owner_org")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "defType": "dismax", "tie": "abc"},
        {"q": "x", "defType": "dismax", "tie": "nan"},
        {"q": "x", "defType": "edismax", "qf": "text^nan"},
        {"fq": "metadata_modified:[NOW+9999999999YEARS TO *]"},
        {"start": 10**30},
        {"q": " OR ".join("w{}".format(i) for i in range(5000))},
    ],
)
def test_malformed_searches_are_search_errors_without_sql(api, params):
    status, body = api("package_search", **params)
    assert status in (400, 409), body
    for leak in ("column", "stack depth", "bigint", "PostgreSQL search failed", "psycopg2"):
        assert leak not in body


def test_inviting_an_email_that_already_has_an_account_adds_that_user(api, network):  # noqa: F811
    status, body = api(
        "simore_focal_point_invite", organization="salud", email="focal.justicia@example.org", designation="alternate"
    )
    assert status == 200, body
    assert json.loads(body)["result"]["user"] == "focal-justicia"
    network_status, network_body = api("simore_institution_network")
    people = {
        person["name"]: person
        for institution in json.loads(network_body)["result"]["institutions"]
        if institution["name"] == "salud"
        for person in institution["people"]
    }
    assert people["focal-justicia"]["designation"] == "alternate"


def test_a_refused_call_in_a_web_page_is_a_400_not_a_500(app, network):  # noqa: F811
    response = app.get("/dataset/", query_string={"q": NUL})
    assert response.status_code == 400


def test_a_flag_of_the_wrong_type_is_refused(api):
    # CKAN 2.11's boolean validator fails on a list
    status, body = api(
        "package_create",
        type="mechanism",
        owner_org="coordinacion",
        code="CRC",
        family="treaty_body",
        system="un",
        title_translated={"es": "Comité"},
        private=[],
    )
    _refused(status, body, "private")


@pytest.mark.parametrize("resources", [" ", "x", 5, [" "], [5], {"url": "x"}])
@pytest.mark.parametrize("action", ["package_patch", "package_update"])
@pytest.mark.parametrize("record", ["draft_action", "recommendation"])
def test_resources_that_are_no_list_of_objects_are_refused(api, action, record, resources):
    # found by the fuzz test: a string in place of the evidence list was a 500
    data = {"id": getattr(api, record)["id"], "resources": resources}
    if action == "package_update":
        data = dict(json.loads(api("package_show", id=data["id"])[1])["result"], **data)
    _refused(*api(action, **data), "resources")


@pytest.mark.parametrize(
    "dataset_type, field, value",
    [
        ("recommendation", "mechanism", [""]),
        ("recommendation", "mechanism", {"a": 1}),
        ("action", "recommendations", [[""]]),
    ],
)
def test_a_reference_that_is_no_name_is_refused(api, dataset_type, field, value):
    # found by the fuzz test: a list where a mechanism's name goes was a 500
    data = {"type": dataset_type, "owner_org": "coordinacion" if dataset_type == "recommendation" else "salud"}
    _refused(*api("package_create", **data, **{field: value}), field)


@pytest.mark.parametrize(
    "action", ["simore_recommendation_suggest", "simore_round_outstanding", "simore_change_set_list"]
)
def test_an_empty_limit_is_the_default_not_a_500(api, action):
    # found by the fuzz test: CKAN's is_positive_integer fails on ""
    status, body = api(action, q="x", limit="")
    assert status != 500 and "limit" not in json.loads(body)["error" if status >= 400 else "result"], body
