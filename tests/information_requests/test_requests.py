"""Information requests through the API: the story coordinator → focal
point → validating authority, refusals by role, what never leaks, bad
input naming the field, the tracking figures and the mails."""

from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers
from information_requests.conftest import QUESTIONS, call, question_id

from ckanext.simore.information_requests import answers as answer_reads


def _answer(request, user="focal-salud", organization="salud", position=0, text="Se adoptó un plan."):
    return call(
        user, "simore_answer_save", question=question_id(request, position), organization=organization, text=text
    )


def test_a_request_is_written_as_a_draft_only_coordinators_see(network, add_request):
    made = add_request()
    assert made["state"] == "draft"
    assert [(q["label"], q["text"]) for q in made["questions"]] == [
        ("12", "Please provide information on the measures taken."),
        ("12 (a)", "And their budget."),
        ("13", "Any other progress?"),
    ]
    assert {a["name"] for a in made["questions"][0]["assignments"]} == {"salud", "justicia"}
    assert made["questions"][0]["recommendations"][0]["name"] == network.recommendation["name"]
    for user in ("", "ciudadana", "focal-salud", "valida-salud"):
        with pytest.raises(tk.ObjectNotFound):
            call(user, "simore_information_request_show", id=made["id"])
        assert call(user, "simore_information_request_list")["count"] == 0
    assert call("coordinadora", "simore_information_request_list")["count"] == 1


def test_the_story_coordinator_focal_point_validator(mail_server, network, sent_request):
    assert sent_request["state"] == "sent" and sent_request["mailed"] == 3  # salud's two people, justicia's one
    recipients = " ".join(str(m[2]) for m in mail_server.get_smtp_messages())
    assert "focal.salud@example.org" in recipients and "focal.justicia@example.org" in recipients
    answer = _answer(sent_request)
    assert answer["state"] == "draft" and answer["created_by"] == "focal-salud"
    again = _answer(sent_request, text="Se adoptó un plan en 2026.")
    assert again["id"] == answer["id"] and again["text"] == "Se adoptó un plan en 2026."
    # the validating authority may not approve a draft; the focal point may not approve
    with pytest.raises(tk.ValidationError):
        call("valida-salud", "simore_answer_transition", id=answer["id"], transition="approve")
    call("focal-salud", "simore_answer_transition", id=answer["id"], transition="submit")
    with pytest.raises(tk.ValidationError):
        call("focal-salud", "simore_answer_transition", id=answer["id"], transition="approve")
    with pytest.raises(tk.ValidationError):  # a submitted answer is not rewritten
        _answer(sent_request, text="otra cosa")
    returned = call("valida-salud", "simore_answer_transition", id=answer["id"], transition="return", comment="Cifras")
    assert returned["state"] == "returned"
    _answer(sent_request, text="Se adoptó un plan con 3 millones.")
    call("focal-salud", "simore_answer_transition", id=answer["id"], transition="submit")
    approved = call("valida-salud", "simore_answer_transition", id=answer["id"], transition="approve")
    assert approved["state"] == "approved"
    shown = call("coordinadora", "simore_answer_show", id=answer["id"])
    assert [e["transition"] for e in shown["history"]] == ["submit", "return", "submit", "approve"]
    assert shown["history"][1]["comment"] == "Cifras"
    # the coordinators may return an approved answer
    call("coordinadora", "simore_answer_transition", id=answer["id"], transition="return", comment="Revisar")
    assert call("focal-salud", "simore_answer_show", id=answer["id"])["state"] == "returned"


@pytest.mark.parametrize(
    "user, allowed",
    [
        ("focal-salud", True),
        ("valida-salud", True),
        ("focal-justicia", False),
        ("ciudadana", False),
        ("coordinadora", False),
        ("", False),
    ],
)
def test_only_the_institutions_focal_points_write_its_answers(network, sent_request, user, allowed):
    try:
        _answer(sent_request, user=user)
        done = True
    except tk.NotAuthorized:
        done = False
    assert done == allowed


def test_nobody_answers_a_question_not_asked_of_the_institution(network, add_request):
    made = add_request(institutions=["justicia"])
    call("coordinadora", "simore_information_request_send", id=made["id"])
    with pytest.raises(tk.ValidationError) as error:
        _answer(made)
    assert "organization" in error.value.error_dict


def _unapproved_answers(sent_request):
    """salud's answers in every state but approved, and one approved."""
    draft = _answer(sent_request, position=0, text="BORRADOR-SECRETO")
    submitted = _answer(sent_request, position=1, text="ENVIADA-SECRETA")
    call("focal-salud", "simore_answer_transition", id=submitted["id"], transition="submit")
    approved = _answer(sent_request, position=2, text="APROBADA-PUBLICA")
    call("focal-salud", "simore_answer_transition", id=approved["id"], transition="submit")
    call("valida-salud", "simore_answer_transition", id=approved["id"], transition="approve")
    return draft, submitted, approved


@pytest.mark.parametrize("user", ["", "ciudadana", "focal-justicia"])
def test_answers_in_progress_never_leak_to_others(app, network, sent_request, user):
    draft, submitted, approved = _unapproved_answers(sent_request)
    shown = call(user, "simore_information_request_show", id=sent_request["id"])
    texts = str(shown)
    assert "APROBADA-PUBLICA" in texts
    assert "BORRADOR-SECRETO" not in texts and "ENVIADA-SECRETA" not in texts
    # what salud has begun is salud's to know
    assert all("in_progress" not in entry for entry in shown["tracking"] if entry["name"] == "salud")
    for hidden in (draft, submitted):
        with pytest.raises(tk.ObjectNotFound):
            call(user, "simore_answer_show", id=hidden["id"])
    public = call(user, "simore_answer_show", id=approved["id"])
    assert "history" not in public and "created_by" not in public
    # and through the pages
    headers = {"Authorization": _token(user)} if user else {}
    page = app.get("/information-requests/" + sent_request["id"], headers=headers).body
    assert "APROBADA-PUBLICA" in page and "BORRADOR-SECRETO" not in page and "ENVIADA-SECRETA" not in page
    for hidden in (draft, submitted):
        path = "/information-requests/{}/questions/{}/salud".format(sent_request["id"], hidden["question_id"])
        assert "SECRET" not in app.get(path, headers=headers).body


def test_the_institutions_staff_and_coordinators_see_its_answers_in_progress(network, sent_request):
    _unapproved_answers(sent_request)
    for user in ("focal-salud", "valida-salud", "coordinadora", "root"):
        shown = call(user, "simore_information_request_show", id=sent_request["id"])
        assert "BORRADOR-SECRETO" in str(shown) and "ENVIADA-SECRETA" in str(shown), user


def test_tracking_counts_owed_answered_and_overdue(network, add_request, monkeypatch):
    made = add_request(deadline="2030-06-30")
    call("coordinadora", "simore_information_request_send", id=made["id"])
    _unapproved_answers(made)
    from ckanext.simore import clock

    monkeypatch.setattr(clock, "today", lambda: __import__("datetime").date(2030, 7, 1))
    tracking = {
        e["name"]: e for e in call("coordinadora", "simore_information_request_show", id=made["id"])["tracking"]
    }
    assert tracking["salud"] == dict(tracking["salud"], owed=3, answered=1, overdue=2, in_progress=2)
    assert tracking["justicia"] == dict(tracking["justicia"], owed=3, answered=0, overdue=3, in_progress=0)


def test_approved_answers_are_exposed_for_the_report_drafts(network, sent_request):
    _unapproved_answers(sent_request)
    found = answer_reads.approved_answers(recommendation_ids=[network.recommendation["id"]])
    assert [(a["question_label"], a["text"], a["organization"]["name"]) for a in found] == [
        ("13", "APROBADA-PUBLICA", "salud")
    ]
    assert found[0]["request"]["title"] == "Lista de cuestiones CEDAW"
    assert found[0]["recommendations"][0]["name"] == network.recommendation["name"]
    assert answer_reads.approved_answers(request_id=sent_request["id"]) == found
    assert answer_reads.approved_answers(recommendation_ids=["nothing"]) == []


def test_a_sent_request_keeps_its_questions_and_a_closed_one_takes_no_answers(network, sent_request):
    with pytest.raises(tk.ValidationError) as error:
        call("coordinadora", "simore_information_request_update", id=sent_request["id"], questions="1. Otra")
    assert "questions" in error.value.error_dict
    updated = call("coordinadora", "simore_information_request_update", id=sent_request["id"], title="Nuevo título")
    assert updated["title"] == "Nuevo título" and len(updated["questions"]) == 3
    call("coordinadora", "simore_information_request_close", id=sent_request["id"])
    with pytest.raises(tk.ValidationError):
        _answer(sent_request)


def test_a_draft_is_rewritten_and_its_questions_reassigned(network, add_request):
    made = add_request()
    updated = call(
        "coordinadora",
        "simore_information_request_update",
        id=made["id"],
        institutions=["justicia"],
        themes=["right_to_health"],
    )
    assert [q["label"] for q in updated["questions"]] == ["12", "12 (a)", "13"]
    assert {a["name"] for q in updated["questions"] for a in q["assignments"]} == {"justicia"}
    assert updated["questions"][0]["themes"][0]["code"] == "right_to_health"
    own = call(
        "coordinadora",
        "simore_information_request_update",
        id=made["id"],
        questions=[{"label": "1", "text": "¿Presupuesto?", "institutions": ["salud"], "deadline": "2030-01-31"}],
    )
    assert own["questions"][0]["assignments"] == [
        dict(own["questions"][0]["assignments"][0], name="salud", deadline="2030-01-31")
    ]


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": ""}, "title"),
        ({"kind": "novel"}, "kind"),
        ({"deadline": "2030-02-30"}, "deadline"),
        ({"institutions": ["no-such-institution"]}, "institutions"),
        ({"recommendations": ["no-such-recommendation"]}, "recommendations"),
        ({"themes": ["no-such-theme"]}, "themes"),
        ({"mechanism": "no-such-mechanism"}, "mechanism"),
        ({"obligation": "no-such-obligation"}, "obligation"),
        ({"questions": 5}, "questions"),
        ({"questions": [{"label": "1"}]}, "questions"),
        ({"questions": [{"text": "x", "deadline": "mañana"}]}, "questions"),
        ({"questions": [{"text": "x", "institutions": "salud"}]}, "questions"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(network, add_request, fields, field):
    with pytest.raises(tk.ValidationError) as error:
        add_request(**fields)
    assert field in error.value.error_dict
    assert call("coordinadora", "simore_information_request_list")["count"] == 0


def test_a_request_without_questions_or_institutions_is_not_sent(network, add_request):
    made = add_request(institutions=[])
    with pytest.raises(tk.ValidationError) as error:
        call("coordinadora", "simore_information_request_send", id=made["id"])
    assert "questions" in error.value.error_dict
    assert call("coordinadora", "simore_information_request_show", id=made["id"])["state"] == "draft"


def test_an_empty_answer_is_not_submitted(network, sent_request):
    answer = _answer(sent_request, text="  ")
    with pytest.raises(tk.ValidationError) as error:
        call("focal-salud", "simore_answer_transition", id=answer["id"], transition="submit")
    assert "text" in error.value.error_dict


def test_institutions_are_reminded_of_what_they_owe_once(network, add_request, mail_server):
    made = add_request(deadline="2030-06-30", questions=QUESTIONS)
    call("coordinadora", "simore_information_request_send", id=made["id"])

    def send(today):
        return call("root", "simore_information_request_reminders_send", today=today)["sent"]

    assert send("2030-06-01") == 0  # 29 days before
    assert send("2030-06-25") == 3  # within 7 days: salud's two people, justicia's one
    assert send("2030-06-26") == 0
    for position in range(3):  # salud answers everything
        answer = _answer(made, position=position)
        call("focal-salud", "simore_answer_transition", id=answer["id"], transition="submit")
        call("valida-salud", "simore_answer_transition", id=answer["id"], transition="approve")
    assert send("2030-07-01") == 1  # overdue: justicia only
    messages = "\n".join(str(m[3]) for m in mail_server.get_smtp_messages())
    assert "Overdue answers: Lista de cuestiones CEDAW" in messages


def test_the_send_reminders_command_reminds_of_requests_too(cli, network, sent_request, mail_server):
    from ckanext.simore.cli import simore

    result = cli.invoke(simore, ["send-reminders", "--today", "2030-07-01"])
    assert result.exit_code == 0, result.output
    assert "Information request reminders sent: 3" in result.output


def test_the_institutions_dashboard_lists_the_questions_it_owes(app, network, sent_request):
    answer = _answer(sent_request)
    call("focal-salud", "simore_answer_transition", id=answer["id"], transition="submit")
    call("valida-salud", "simore_answer_transition", id=answer["id"], transition="approve")
    owed = call("focal-salud", "simore_information_request_owed", id="salud")
    assert owed["count"] == 2 and [q["label"] for q in owed["questions"]] == ["12 (a)", "13"]
    with pytest.raises(tk.NotAuthorized):
        call("focal-justicia", "simore_information_request_owed", id="salud")
    page = app.get("/dashboard/institution/salud", headers={"Authorization": _token("focal-salud")}).body
    assert "Questions of information requests to answer" in page and "Lista de cuestiones CEDAW — 13" in page


def _token(user):
    return helpers.call_action("api_token_create", user=user, name="t")["token"]


def test_more_institutions_are_asked_some_questions_by_their_own_deadline(mail_server, network, add_request):
    made = add_request(institutions=["salud"])  # three questions asked of salud by 2030-06-30
    third = question_id(made, 2)
    # on the draft: justicia is asked the third question only, by its own deadline
    asked = call(
        "coordinadora",
        "simore_information_request_ask",
        id=made["id"],
        institutions=["justicia"],
        questions=[third],
        deadline="2030-03-31",
    )
    assert asked["mailed"] == 0
    assert {q["label"]: {a["name"]: a["deadline"] for a in q["assignments"]} for q in asked["questions"]} == {
        "12": {"salud": "2030-06-30"},
        "12 (a)": {"salud": "2030-06-30"},
        "13": {"salud": "2030-06-30", "justicia": "2030-03-31"},
    }
    sent = call("coordinadora", "simore_information_request_send", id=made["id"])
    answer = _answer(sent)
    told = len(mail_server.get_smtp_messages())
    # sent: salud's deadline moves for every question; what it wrote stays; nobody is told again
    later = call(
        "coordinadora", "simore_information_request_ask", id=made["id"], institutions=["salud"], deadline="2030-09-30"
    )
    assert later["mailed"] == 0 and len(mail_server.get_smtp_messages()) == told
    assert {a["deadline"] for q in later["questions"] for a in q["assignments"] if a["name"] == "salud"} == {
        "2030-09-30"
    }
    assert call("focal-salud", "simore_answer_show", id=answer["id"])["text"] == "Se adoptó un plan."
    # an institution asked for the first time is told by mail, and owes the question
    first = question_id(made, 0)
    newcomer = call(
        "coordinadora",
        "simore_information_request_ask",
        id=made["id"],
        institutions=["coordinacion"],
        questions=[first],
    )
    assert newcomer["mailed"] >= 1 and len(mail_server.get_smtp_messages()) > told
    owed = call("coordinadora", "simore_information_request_owed", id="coordinacion")
    assert [entry["question_id"] for entry in owed["questions"]] == [first]


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"institutions": ["nowhere"]}, "institutions"),
        ({"institutions": []}, "institutions"),
        ({"questions": ["not-a-question"]}, "questions"),
        ({"deadline": "2020-01-01"}, "deadline"),
    ],
)
def test_asking_refuses_bad_input_naming_the_field_and_changes_nothing(network, sent_request, fields, field):
    data = {"id": sent_request["id"], "institutions": ["coordinacion"], **fields}
    with pytest.raises(tk.ValidationError) as error:
        call("coordinadora", "simore_information_request_ask", **data)
    assert field in error.value.error_dict
    shown = call("coordinadora", "simore_information_request_show", id=sent_request["id"])
    assert [[a["name"] for a in q["assignments"]] for q in shown["questions"]] == [
        [a["name"] for a in q["assignments"]] for q in sent_request["questions"]
    ]


def test_nobody_is_asked_once_the_request_is_closed_nor_by_others_than_coordinators(network, sent_request):
    with pytest.raises(tk.NotAuthorized):
        call("focal-salud", "simore_information_request_ask", id=sent_request["id"], institutions=["coordinacion"])
    call("coordinadora", "simore_information_request_close", id=sent_request["id"])
    with pytest.raises(tk.ValidationError) as error:
        call("coordinadora", "simore_information_request_ask", id=sent_request["id"], institutions=["coordinacion"])
    assert "id" in error.value.error_dict
