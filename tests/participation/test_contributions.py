"""Contributions of civil society organizations: who writes what about
which record, moderation, the author's changes, institutions' answers,
reports of abuse, limits, and who sees what before and after
publication."""

import builders
import pytest
from ckan.plugins import toolkit as tk
from participation.conftest import call, contribute, moderate

from ckanext.simore import clock


def _listed(user, **filters):
    return call(user, "simore_contribution_list", **filters)["results"]


def test_an_assessment_waits_for_moderation_then_everyone_reads_it_in_the_organizations_name(members, mailbox):
    rec = members.recommendation
    made = contribute(
        record=rec["name"],
        kind="assessment",
        status="not_started",
        evidence=["https://example.org/informe.pdf"],
        body="Nada cambió desde 2019.",
    )
    assert made["state"] == "pending" and made["author"] == "Sonia Socia"
    assert {"coord@example.org"} <= {to for m in mailbox.take() for to in m["to"]}
    for reader in ("", "vecina", "activista", "profesora", "focal-salud"):
        assert _listed(reader, record=rec["id"]) == [], reader
        with pytest.raises(tk.ObjectNotFound):
            call(reader, "simore_contribution_show", id=made["id"])
    assert [c["id"] for c in _listed("socia", record=rec["id"])] == [made["id"]]
    assert [c["id"] for c in _listed("coordinadora", state="pending")] == [made["id"]]
    moderate(made)
    told = {to: m for m in mailbox.take() for to in m["to"]}
    assert "socia@example.org" in told
    # the institutions assigned to the recommendation are told, and may answer
    assert {"focal.salud@example.org", "focal.justicia@example.org"} <= set(told)
    shown = call("", "simore_contribution_show", id=made["id"])
    assert shown["organization"]["name"] == "observatorio" and shown["status"] == "not_started"
    assert shown["author"] is None and "moderation_reason" not in shown and shown["yours"] is False
    assert [c["id"] for c in _listed("", record=rec["name"])] == [made["id"]]
    assert [c["id"] for c in _listed("", organization="observatorio")] == [made["id"]]


def test_the_person_is_named_only_if_they_chose(members):
    made = contribute(record=members.recommendation["name"], show_author=True)
    moderate(made)
    assert call("", "simore_contribution_show", id=made["id"])["author"] == "Sonia Socia"


def test_moderators_refuse_or_ask_for_changes_with_a_reason_the_author_reads(members, mailbox):
    made = contribute(record=members.recommendation["name"])
    mailbox.take()
    with pytest.raises(tk.ValidationError) as error:
        moderate(made, "request_changes")
    assert "reason" in error.value.error_dict
    moderate(made, "request_changes", "Cite la fuente")
    (mail,) = mailbox.take()
    assert mail["to"] == ["socia@example.org"] and b"Cite la fuente" in mail["body"]
    assert call("socia", "simore_contribution_show", id=made["id"])["moderation_reason"] == "Cite la fuente"
    changed = call("socia", "simore_contribution_update", id=made["id"], body="Según el informe X, no se aplica.")
    assert changed["state"] == "pending"
    moderate(changed, "refuse", "Fuera de tema")
    assert _listed("", record=members.recommendation["id"]) == []
    with pytest.raises(tk.ValidationError):
        call("socia", "simore_contribution_update", id=made["id"], body="Otra vez")


def test_only_coordinators_moderate(members):
    made = contribute(record=members.recommendation["name"])
    for user in ("", "socia", "activista", "focal-salud", "valida-salud", "vecina"):
        with pytest.raises(tk.NotAuthorized):
            call(user, "simore_contribution_moderate", id=made["id"], decision="publish")


def test_the_author_edits_for_a_while_after_publication_and_the_edit_is_moderated_again(members, monkeypatch):
    made = contribute(record=members.recommendation["name"])
    moderate(made)
    call("socia", "simore_contribution_update", id=made["id"], body="Corrección: se aplica en parte.")
    assert _listed("", record=members.recommendation["id"]) == []
    moderate(made)
    later = clock.now() + __import__("datetime").timedelta(hours=49)
    monkeypatch.setattr(clock, "now", lambda: later)
    with pytest.raises(tk.ValidationError, match="no longer"):
        call("socia", "simore_contribution_update", id=made["id"], body="Demasiado tarde")


def test_nobody_else_changes_or_withdraws_a_contribution(members):
    made = contribute(record=members.recommendation["name"])
    for user in ("activista", "profesora", "coordinadora", "vecina"):
        with pytest.raises((tk.ObjectNotFound, tk.NotAuthorized)):
            call(user, "simore_contribution_update", id=made["id"], body="Cambiado")
        with pytest.raises((tk.ObjectNotFound, tk.NotAuthorized)):
            call(user, "simore_contribution_withdraw", id=made["id"])
    call("socia", "simore_contribution_withdraw", id=made["id"])
    with pytest.raises(tk.ValidationError):
        moderate(made)


def test_only_members_write_and_only_for_their_own_organization(members):
    rec = members.recommendation["name"]
    for user in ("vecina", "focal-salud", "coordinadora", ""):
        with pytest.raises(tk.NotAuthorized):
            contribute(user, record=rec)
    with pytest.raises(tk.ValidationError) as error:
        contribute("socia", organization="catedra", record=rec)
    assert "organization" in error.value.error_dict
    with pytest.raises(tk.ValidationError):
        contribute("socia", organization="salud", record=rec)


def test_an_institution_concerned_answers_a_published_contribution_publicly(members, mailbox):
    made = contribute(record=members.recommendation["name"])
    with pytest.raises(tk.ObjectNotFound):
        call("focal-salud", "simore_contribution_answer", id=made["id"], organization="salud", body="Respuesta")
    moderate(made)
    mailbox.take()
    for user, organization in (("focal-justicia", "salud"), ("socia", "salud"), ("coordinadora", "salud")):
        with pytest.raises(tk.NotAuthorized):
            call(user, "simore_contribution_answer", id=made["id"], organization=organization, body="Respuesta")
    answer = call("focal-salud", "simore_contribution_answer", id=made["id"], organization="salud", body="Se aplica.")
    assert answer["state"] == "published" and answer["parent"] == made["id"]
    # the institution answers, not the person (as in every public history)
    assert call("", "simore_contribution_show", id=answer["id"])["author"] is None
    (mail,) = mailbox.take()
    assert mail["to"] == ["socia@example.org"]
    assert [c["kind"] for c in _listed("", record=members.recommendation["id"])] == ["comment", "answer"]
    # an institution not assigned to the recommendation does not answer
    other = builders.institution(name="defensa", users=[{"name": "vecino", "capacity": "editor"}])
    with pytest.raises(tk.ValidationError):
        call("vecino", "simore_contribution_answer", id=made["id"], organization=other["name"], body="Nosotros")


def test_replies_thread_under_a_published_contribution(members):
    made = contribute(record=members.recommendation["name"])
    with pytest.raises(tk.ValidationError) as error:
        contribute("profesora", organization="catedra", record=members.recommendation["name"], parent=made["id"])
    assert "parent" in error.value.error_dict
    moderate(made)
    reply = contribute("profesora", organization="catedra", record=members.recommendation["name"], parent=made["id"])
    assert reply["parent"] == made["id"]


def test_comments_on_actions_once_published_only(members):
    draft = builders.action("salud", [members.recommendation["name"]], _user="focal-salud")
    with pytest.raises(tk.ValidationError) as error:
        contribute(record=draft["name"])
    assert "record" in error.value.error_dict
    builders.publish(draft)
    contribute(record=draft["name"])
    with pytest.raises(tk.ValidationError):
        contribute(record=draft["name"], kind="assessment", status="implemented")


def test_a_private_record_is_not_found_and_its_contributions_disappear_with_it(members):
    made = contribute(record=members.recommendation["name"])
    moderate(made)
    call("coordinadora", "package_patch", id=members.recommendation["id"], private=True)
    assert _listed("", organization="observatorio") == []
    with pytest.raises(tk.ObjectNotFound):
        call("vecina", "simore_contribution_show", id=made["id"])
    with pytest.raises(tk.ObjectNotFound):
        call("vecina", "simore_contribution_list", record=members.recommendation["id"])
    with pytest.raises(tk.ValidationError) as error:
        contribute("profesora", organization="catedra", record=members.recommendation["name"])
    assert "record" in error.value.error_dict


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"kind": "assessment"}, "status"),
        ({"kind": "assessment", "status": "done"}, "status"),
        ({"kind": "comment", "status": "implemented"}, "status"),
        ({"kind": "comment", "evidence": ["https://example.org"]}, "evidence"),
        ({"kind": "measure", "evidence": ["javascript:alert(1)"]}, "evidence"),
        ({"kind": "measure", "evidence": ["https://example.org/{}".format(i) for i in range(11)]}, "evidence"),
        ({"kind": "petition"}, "kind"),
        ({"body": ""}, "body"),
        ({"body": "x" * 30000}, "body"),
        ({"body": ["a"]}, "body"),
        ({"language": "xx"}, "language"),
        ({"record": "no-such-record"}, "record"),
        ({"parent": "nope"}, "parent"),
    ],
)
def test_bad_contributions_are_refused_naming_the_field_and_nothing_is_written(members, fields, field):
    data = {"record": members.recommendation["name"], **fields}
    with pytest.raises(tk.ValidationError) as error:
        contribute(**data)
    assert field in error.value.error_dict
    assert _listed("socia", record=members.recommendation["id"]) == []


def test_a_person_writes_a_bounded_number_a_day(members, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.simore.contributions_per_day", 2)
    contribute(record=members.recommendation["name"])
    contribute(record=members.recommendation["name"])
    with pytest.raises(tk.ValidationError, match="24 hours"):
        contribute(record=members.recommendation["name"])


def test_abuse_is_reported_once_per_person_and_moderators_take_it_down(members):
    made = contribute(record=members.recommendation["name"])
    with pytest.raises(tk.ObjectNotFound):
        call("vecina", "simore_contribution_report", id=made["id"], reason="Ofensivo")
    moderate(made)
    with pytest.raises(tk.NotAuthorized):
        call("", "simore_contribution_report", id=made["id"], reason="Ofensivo")
    call("vecina", "simore_contribution_report", id=made["id"], reason="Ofensivo")
    with pytest.raises(tk.ValidationError):
        call("vecina", "simore_contribution_report", id=made["id"], reason="Otra vez")
    (queued,) = _listed("coordinadora", state="published", reported=True)
    assert queued["abuse_reports"][0]["reason"] == "Ofensivo"
    assert "abuse_reports" not in _listed("", record=members.recommendation["id"])[0]
    with pytest.raises(tk.ValidationError):
        moderate(made, "refuse")
    moderate(made, "refuse", "Lenguaje ofensivo")
    assert _listed("", record=members.recommendation["id"]) == []
