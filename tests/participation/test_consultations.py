"""Consultations of civil society on a report's draft: opened by the
coordinating body for all organizations or the invited ones, comments per
section moderated as contributions, responses, closing, the published
record (CSV, and in the report's DOCX); a draft's text is read by civil
society only while it is consulted."""

import csv
import io

import docx
import pytest
from ckan.plugins import toolkit as tk
from participation.conftest import call, moderate, open_consultation
from security.web_client import token_header


def _comment(consultation, section, user="socia", organization="observatorio", body="Falta el presupuesto."):
    return call(
        user,
        "simore_consultation_comment",
        consultation=consultation["id"],
        section=section,
        organization=organization,
        body=body,
    )


def test_a_consultation_from_opening_to_its_published_record(app, draft, mailbox):
    opened = open_consultation(draft)
    assert opened["state"] == "open"
    told = {to for m in mailbox.take() for to in m["to"]}
    assert {"activista@example.org", "socia@example.org", "profesora@example.org"} <= told
    assert "focal.salud@example.org" not in told
    assert call("coordinadora", "simore_draft_show", id=draft["id"])["state"] == "in_consultation"
    seen = call("socia", "simore_consultation_show", id=opened["id"])
    section = seen["sections"][0]
    assert section["body"] and [org["name"] for org in seen["consulted"]] == ["observatorio"]
    comment = _comment(opened, section["id"])
    assert comment["state"] == "pending" and comment["kind"] == "consultation"
    moderate(comment)
    with pytest.raises(tk.ValidationError) as error:
        call("coordinadora", "simore_consultation_respond", id=comment["id"], response="not")
    assert "text" in error.value.error_dict
    mailbox.take()
    call("coordinadora", "simore_consultation_respond", id=comment["id"], response="partly", text="Se añadirá en 2027")
    assert mailbox.take()[0]["to"] == ["socia@example.org"]
    with pytest.raises(tk.ValidationError):
        call("coordinadora", "simore_consultation_publish", id=opened["id"])  # still open
    call("coordinadora", "simore_consultation_close", id=opened["id"])
    with pytest.raises(tk.ObjectNotFound):  # closed: no longer the member's to read
        _comment(opened, section["id"])
    call("coordinadora", "simore_consultation_publish", id=opened["id"])
    public = call("", "simore_consultation_show", id=opened["id"])
    assert public["participants"] == ["Observatorio de Derechos"]
    assert all(entry["body"] is None for entry in public["sections"])
    (shown,) = [c for entry in public["sections"] for c in entry["comments"]]
    assert shown["response"] == "partly" and shown["response_text"] == "Se añadirá en 2027"
    rows = list(csv.reader(io.StringIO(app.get("/consultations/{}/record.csv".format(opened["id"])).body)))
    assert rows[1][1] == "Observatorio de Derechos" and rows[1][4] == "partly"
    report = app.get("/drafts/{}/report.docx".format(draft["id"]), headers=token_header("coordinadora")).data
    text = "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(report)).paragraphs)
    assert "Observatorio de Derechos" in text and "Se añadirá en 2027" in text


def test_the_draft_is_read_by_civil_society_only_while_consulted(draft):
    for user in ("socia", "vecina", ""):
        with pytest.raises(tk.ObjectNotFound):
            call(user, "simore_draft_show", id=draft["id"])
    opened = open_consultation(draft, opens="2030-01-01", closes="2030-01-31")
    assert opened["state"] == "scheduled"
    for user in ("socia", "vecina", "", "focal-justicia"):
        with pytest.raises(tk.ObjectNotFound):
            call(user, "simore_consultation_show", id=opened["id"])
    call("coordinadora", "simore_consultation_close", id=opened["id"])
    opened = open_consultation(draft)
    assert call("socia", "simore_consultation_show", id=opened["id"])["sections"][0]["body"]
    for user in ("vecina", "", "focal-justicia"):
        with pytest.raises(tk.ObjectNotFound):
            call(user, "simore_consultation_show", id=opened["id"])
        assert call(user, "simore_consultation_list")["count"] == 0
    call("coordinadora", "simore_consultation_close", id=opened["id"])
    with pytest.raises(tk.ObjectNotFound):
        call("socia", "simore_consultation_show", id=opened["id"])


def test_only_the_invited_organizations_take_part(draft, members):
    opened = open_consultation(draft, audience="invited", organizations=["catedra"])
    with pytest.raises(tk.ObjectNotFound):
        call("socia", "simore_consultation_show", id=opened["id"])
    section = call("profesora", "simore_consultation_show", id=opened["id"])["sections"][0]["id"]
    _comment(opened, section, user="profesora", organization="catedra")
    with pytest.raises((tk.ObjectNotFound, tk.ValidationError)):
        _comment(opened, section)


def test_comments_are_private_until_the_record_is_published(draft):
    opened = open_consultation(draft)
    section = call("socia", "simore_consultation_show", id=opened["id"])["sections"][0]["id"]
    comment = _comment(opened, section)
    moderate(comment)
    other = call("activista", "simore_consultation_show", id=opened["id"])
    assert [c["id"] for entry in other["sections"] for c in entry["comments"]] == []
    for user in ("activista", "profesora", "vecina", ""):
        with pytest.raises(tk.ObjectNotFound):
            call(user, "simore_contribution_show", id=comment["id"])
    assert call("", "simore_contribution_list", organization="observatorio")["count"] == 0


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"closes": "2020-01-01"}, "closes"),
        ({"opens": "2030-02-01", "closes": "2030-01-01"}, "closes"),
        ({"opens": "2029-01-01", "closes": "2030-01-01"}, "closes"),
        ({"audience": "invited"}, "organizations"),
        ({"audience": "invited", "organizations": ["salud"]}, "organizations"),
        ({"audience": "all", "organizations": ["observatorio"]}, "organizations"),
        ({"audience": "everyone"}, "audience"),
        ({"closes": "mañana"}, "closes"),
        ({"draft": "no-such-draft"}, "draft"),
    ],
)
def test_bad_consultations_are_refused_naming_the_field_and_nothing_is_written(draft, fields, field):
    with pytest.raises(tk.ValidationError) as error:
        open_consultation(draft, **fields)
    assert field in error.value.error_dict
    assert call("coordinadora", "simore_consultation_list")["count"] == 0


def test_one_consultation_at_a_time_and_none_on_a_submitted_report(draft):
    open_consultation(draft)
    with pytest.raises(tk.ValidationError, match="already"):
        open_consultation(draft)


def test_only_coordinators_open_close_publish_and_respond(draft):
    opened = open_consultation(draft)
    for user in ("activista", "socia", "focal-salud", "valida-salud", "vecina", ""):
        for action, data in [
            ("simore_consultation_open", {"draft": draft["id"], "closes": "2030-01-31", "audience": "all"}),
            ("simore_consultation_close", {"id": opened["id"]}),
            ("simore_consultation_publish", {"id": opened["id"]}),
            ("simore_consultation_respond", {"id": "x", "response": "taken"}),
        ]:
            with pytest.raises(tk.NotAuthorized):
                call(user, action, **data)


def test_a_consultation_comment_changes_only_while_the_consultation_is_open(draft):
    opened = open_consultation(draft)
    section = call("socia", "simore_consultation_show", id=opened["id"])["sections"][0]["id"]
    comment = _comment(opened, section)
    call("socia", "simore_contribution_update", id=comment["id"], body="Mejor redactado")
    call("coordinadora", "simore_consultation_close", id=opened["id"])
    with pytest.raises(tk.ValidationError, match="closed"):
        call("socia", "simore_contribution_update", id=comment["id"], body="Tarde")
