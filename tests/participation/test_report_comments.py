"""Civil society comments on a State report once it is submitted (and
public): never on a draft, moderated as every contribution, threaded,
read on the report's page and through the API by everyone once
published; who may write and read, for every role."""

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories
from participation.conftest import call, contribute, moderate
from participation.test_participation_matrix import MODERATORS, ROLES, USERS, everyone  # noqa: F401 (fixture)
from security.web_client import PASSWORD, browser_of, csrf_token, token_header


def _submit(draft):
    call("coordinadora", "simore_draft_submit", id=draft["id"], submitted_on="2026-01-15")


def _comment(draft, user="socia", organization="observatorio", **fields):
    return contribute(user, organization, kind="comment", report=draft["id"], **fields)


def test_a_draft_is_not_open_to_comments_only_a_submitted_report(members, draft):
    with pytest.raises(tk.ValidationError) as refused:
        _comment(draft)
    assert "report" in refused.value.error_dict
    _submit(draft)
    made = _comment(draft, body="Faltan datos desagregados.")
    assert made["report"] == {"id": draft["id"], "title": draft["title"]} and made["record"] is None
    assert made["state"] == "pending"


def test_what_a_comment_on_a_report_may_be(members, draft):
    _submit(draft)
    rec = members.recommendation["name"]
    cases = [
        ({"kind": "assessment", "status": "implemented"}, "report"),  # assessments are of recommendations
        ({"record": rec}, "record"),  # a record and a report at once
        ({"report": ""}, "record"),  # nothing named
        ({"report": "no-such-report"}, "report"),
    ]
    for fields, field in cases:
        data = {"kind": "comment", "organization": "observatorio", "body": "Texto", "report": draft["id"], **fields}
        with pytest.raises(tk.ValidationError) as refused:
            call("socia", "simore_contribution_create", **data)
        assert field in refused.value.error_dict, fields
    on_record = moderate(contribute(record=rec))
    with pytest.raises(tk.ValidationError) as refused:
        _comment(draft, parent=on_record["id"])  # a reply stays in its thread
    assert "parent" in refused.value.error_dict


def test_a_published_comment_is_threaded_on_the_report_page(app, members, draft):
    _submit(draft)
    first = moderate(_comment(draft, body="Faltan datos desagregados."))
    reply = moderate(_comment(draft, "profesora", "catedra", body="Coincidimos.", parent=first["id"]))
    page = app.get("/drafts/" + draft["id"]).body
    assert "contribution-" + first["id"] in page and "contribution-" + reply["id"] in page
    assert "Faltan datos desagregados." in page
    listed = call("", "simore_contribution_list", report=draft["id"])
    assert [c["id"] for c in listed["results"]] == [first["id"], reply["id"]]
    assert listed["results"][1]["parent"] == first["id"]
    mine = app.get("/drafts/" + draft["id"], headers=token_header("socia")).body
    assert 'action="/drafts/{}/contribute"'.format(draft["id"]) in mine


@pytest.mark.parametrize("role", ROLES)
def test_who_writes_and_who_reads_comments_on_a_report(app, everyone, draft, role):
    _submit(draft)
    pending = _comment(draft, body="Pendiente de moderación")
    published = moderate(_comment(draft, body="Publicado para todos"))
    user = USERS[role]
    headers = token_header(user) if user else {}
    listed = app.get("/api/3/action/simore_contribution_list", params={"report": draft["id"]}, headers=headers)
    seen = {c["id"] for c in listed.json["result"]["results"]}
    page = app.get("/drafts/" + draft["id"], headers=headers).body
    author_or_moderator = role in MODERATORS or role == "civil_society_member"
    assert published["id"] in seen and "Publicado para todos" in page
    assert (pending["id"] in seen) == author_or_moderator
    assert ("Pendiente de moderación" in page) == author_or_moderator
    before = call("coordinadora", "simore_contribution_list", report=draft["id"])["count"]
    app.post(
        "/drafts/{}/contribute".format(draft["id"]),
        data={"organization": everyone.observatory["id"], "kind": "comment", "body": "Desde el formulario"},
        headers=headers,
        expect_errors=True,
    )
    after = call("coordinadora", "simore_contribution_list", report=draft["id"])["count"]
    assert after - before == (1 if role in {"civil_society_member", "civil_society_admin"} else 0)


def test_the_report_form_refuses_bad_input_with_a_message_and_writes_nothing(app, members, draft):
    factories.User(name="miembro", email="miembro@example.org", password=PASSWORD)
    call("activista", "organization_member_create", id="observatorio", username="miembro", role="member")
    browser = browser_of(app, "miembro")
    url = "/drafts/{}/contribute".format(draft["id"])

    def refusal(**bad):
        token = csrf_token(browser.get("/participation/requests").body)
        form = {"organization": members.observatory["id"], "kind": "comment", "body": "Texto", **bad}
        browser.post(url, data={**form, "_csrf_token": token}, follow_redirects=False)
        return browser.get("/participation/requests").body

    assert "There is no submitted report" in refusal()  # a draft: as if it did not exist
    _submit(draft)
    assert "Text: Missing value" in refusal(body="")  # the field named by its label
    assert "recommendation only" in refusal(kind="assessment", status="implemented")
    assert "not a member" in refusal(organization="catedra")
    assert "no published contribution" in refusal(parent="no-such-comment")
    assert call("coordinadora", "simore_contribution_list", report=draft["id"])["count"] == 0


def test_the_contributions_export_refuses_an_overlong_search(app, members):
    response = app.get("/participation/contributions.csv", params={"q": "x" * 5000}, expect_errors=True)
    assert response.status_code == 400 and "at most" in response.body
