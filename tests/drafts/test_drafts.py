"""The drafts' API: assembled from the obligation's scope (published
actions only, public recommendations only), stored sections edited with
versions and diffs, comments from the institutions concerned, the word
limit warned, submission recorded in the calendar; nothing unpublished
leaks to another institution, a visitor or the public."""

from __future__ import annotations

import builders
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers
from drafts.conftest import COORDINATOR, as_user


def _call(action, user="coordinadora", **data):
    return helpers.call_action(action, context=as_user(user), **data)


def test_a_follow_up_draft_cites_each_selected_recommendation_with_its_published_measures(reports, draft):
    assert draft["structure"] == "recommendations" and draft["language"] == "en"
    assert draft["title"] == "Follow-up report — CEDAW"
    assert draft["word_limit"] == 3500 and not draft["over_limit"]
    headings = [section["heading"] for section in draft["sections"]]
    assert headings == ["Introduction", "Paragraph 12 (CEDAW/C/PRY/CO/8)", "Paragraph 40 (CEDAW/C/PRY/CO/8)"]
    women, justice = draft["sections"][1]["body"], draft["sections"][2]["body"]
    assert women.startswith("Recommendation: Adopt an equality law.")
    assert "Equality plan (Ministerio de Salud; In progress)" in women
    assert women.endswith("(CEDAW/C/PRY/CO/8, para. 12)")
    # the unpublished action is not cited
    assert "Internal draft" not in justice and "No measure has been published for it yet." in justice
    assert [p["number"] for s in draft["sections"] for p in s["paragraphs"]] == [1, 2, 3]
    assert draft["word_count"] > 20


def test_a_periodic_report_covers_the_mechanisms_public_recommendations_by_theme(reports):
    made = _call("simore_draft_create", obligation=reports["periodic"]["id"], language="es")
    assert made["structure"] == "articles" and made["word_limit"] == 21200
    # no article recorded: thematic clusters, in the draft's language
    headings = [section["heading"] for section in made["sections"]]
    assert "Discriminación contra la mujer" in headings
    everything = " ".join(section["body"] for section in made["sections"])
    assert "Adoptar una ley de igualdad." in everything and "Secreto de Estado" not in everything
    assert "para. 99" not in everything


def test_editing_a_section_keeps_versions_and_their_diff(draft):
    section = draft["sections"][1]
    saved = _call(
        "simore_draft_section_update",
        id=section["id"],
        body=section["body"] + "\n\nA second paragraph.",
        version=section["version"],
    )
    assert saved["version"] == 2
    shown = _call("simore_draft_show", id=draft["id"])
    assert [p["number"] for p in shown["sections"][1]["paragraphs"]] == [2, 3]
    assert shown["sections"][2]["paragraphs"][0]["number"] == 4
    versions = _call("simore_draft_section_versions", id=section["id"])["versions"]
    assert [v["version"] for v in versions] == [2, 1] and versions[0]["user"] == "coordinadora"
    diff = _call("simore_draft_section_diff", id=section["id"])
    assert diff["from"] == 1 and diff["to"] == 2
    assert {"kind": "added", "text": "+A second paragraph."} in diff["lines"]
    # a change made on an old version is refused, naming the field
    with pytest.raises(tk.ValidationError) as refused:
        _call("simore_draft_section_update", id=section["id"], body="Other", version=1)
    assert "version" in refused.value.error_dict
    # the same text again: no new version
    again = _call("simore_draft_section_update", id=section["id"], body=section["body"] + "\n\nA second paragraph.")
    assert again["version"] == 2


def test_a_draft_over_its_limit_is_warned_not_refused(draft):
    section = draft["sections"][1]
    _call("simore_draft_section_update", id=section["id"], body=" ".join(["word"] * 3600))
    shown = _call("simore_draft_show", id=draft["id"])
    assert shown["over_limit"] and shown["word_count"] > 3500


def test_the_institutions_concerned_read_and_comment_their_sections_only(reports, draft):
    salud = _call("simore_draft_show", user="focal-salud", id=draft["id"])
    assert [s["heading"] for s in salud["sections"]] == ["Paragraph 12 (CEDAW/C/PRY/CO/8)"]
    assert salud["sections"][0]["paragraphs"][0]["number"] == 2 and not salud["may_edit"]
    women, justice = draft["sections"][1], draft["sections"][2]
    _call("simore_draft_comment_create", user="valida-salud", id=women["id"], text="<b>Add</b> the 2025 budget")
    with pytest.raises(tk.ObjectNotFound):
        _call("simore_draft_comment_create", user="focal-salud", id=justice["id"], text="Not ours")
    _call("simore_draft_comment_create", user="focal-justicia", id=justice["id"], text="Update the figures")
    comments = _call("simore_draft_show", id=draft["id"])["sections"]
    assert comments[1]["comments"][0]["text"] == "<b>Add</b> the 2025 budget"
    assert comments[1]["comments"][0]["institution"] == "salud"
    assert comments[2]["comments"][0]["user"] == "focal-justicia"
    justice_view = _call("simore_draft_show", user="focal-justicia", id=draft["id"])
    assert [s["id"] for s in justice_view["sections"]] == [justice["id"]]
    assert "2025 budget" not in str(justice_view)


@pytest.mark.parametrize("user", ["ciudadana", ""])
def test_a_draft_does_not_exist_for_outsiders(reports, draft, user):
    with pytest.raises(tk.ObjectNotFound):
        _call("simore_draft_show", user=user, id=draft["id"])
    assert _call("simore_draft_list", user=user)["count"] == 0
    section = draft["sections"][1]["id"]
    with pytest.raises((tk.ObjectNotFound, tk.NotAuthorized)):
        _call("simore_draft_comment_create", user=user, id=section, text="x")
    for action, data in [
        ("simore_draft_section_update", {"id": section, "body": "x"}),
        ("simore_draft_section_versions", {"id": section}),
        ("simore_draft_section_diff", {"id": section}),
        ("simore_draft_submit", {"id": draft["id"], "submitted_on": "2026-01-01"}),
        ("simore_draft_delete", {"id": draft["id"]}),
        ("simore_draft_create", {"obligation": reports["follow_up"]["id"]}),
    ]:
        with pytest.raises(tk.NotAuthorized):
            _call(action, user=user, **data)


def test_the_list_shows_each_reader_what_they_may_read(reports, draft):
    assert _call("simore_draft_list")["count"] == 1
    assert _call("simore_draft_list", user="focal-salud")["count"] == 1
    assert _call("simore_draft_list", user="focal-justicia", obligation=reports["follow_up"]["id"])["count"] == 1
    assert _call("simore_draft_list", obligation=reports["periodic"]["id"])["count"] == 0


def test_submitting_records_the_obligation_and_publishes_the_report(reports, draft):
    with pytest.raises(tk.ValidationError) as refused:
        _call("simore_draft_submit", id=draft["id"], submitted_on="2999-01-01")
    assert "submitted_on" in refused.value.error_dict
    assert _call("simore_draft_show", id=draft["id"])["state"] == "drafting"  # nothing half-written
    _call("simore_draft_submit", id=draft["id"], submitted_on="2026-01-15", document_symbol="CEDAW/C/PRY/FCO/8")
    obligation = _call("simore_obligation_show", id=reports["follow_up"]["id"])
    assert obligation["stored_state"] == "submitted" and obligation["document_symbol"] == "CEDAW/C/PRY/FCO/8"
    public = _call("simore_draft_show", user="", id=draft["id"])
    assert public["state"] == "submitted" and len(public["sections"]) == 3
    # the comments stay with those who made the draft
    assert all(section["comments"] is None for section in public["sections"])
    assert _call("simore_draft_list", user="")["count"] == 1
    with pytest.raises(tk.ValidationError) as closed:
        _call("simore_draft_section_update", id=draft["sections"][1]["id"], body="late")
    assert "id" in closed.value.error_dict
    with pytest.raises(tk.ValidationError):
        _call("simore_draft_create", obligation=reports["follow_up"]["id"])


def test_a_coordinator_renames_a_draft_and_moves_it_along(draft):
    updated = _call("simore_draft_update", id=draft["id"], title="Informe de seguimiento", state="in_consultation")
    assert updated["title"] == "Informe de seguimiento" and updated["state"] == "in_consultation"
    with pytest.raises(tk.ValidationError) as refused:
        _call("simore_draft_update", id=draft["id"], state="submitted")
    assert "state" in refused.value.error_dict
    with pytest.raises(tk.NotAuthorized):
        _call("simore_draft_update", user="focal-salud", id=draft["id"], state="validated")


def test_a_private_mechanisms_submitted_report_stays_with_the_coordinators(reports):
    builders.mechanism("coordinacion", code="CCPR", private=True)
    obligation = _call("simore_obligation_create", mechanism="ccpr", kind="periodic_report", due_date="2030-01-01")
    made = _call("simore_draft_create", obligation=obligation["id"])
    _call("simore_draft_submit", id=made["id"], submitted_on="2026-01-15")
    for user in ("", "ciudadana", "focal-salud"):
        with pytest.raises(tk.ObjectNotFound):
            _call("simore_draft_show", user=user, id=made["id"])
        assert _call("simore_draft_list", user=user)["count"] == 0
    assert _call("simore_draft_show", id=made["id"])["state"] == "submitted"


def test_deleting_a_draft_removes_its_sections(draft):
    _call("simore_draft_delete", id=draft["id"])
    with pytest.raises(tk.ObjectNotFound):
        _call("simore_draft_show", id=draft["id"])
    with pytest.raises(tk.ObjectNotFound):
        _call("simore_draft_section_versions", id=draft["sections"][1]["id"])


@pytest.mark.parametrize(
    "action, data, field",
    [
        ("simore_draft_create", {"obligation": "nope"}, "obligation"),
        ("simore_draft_create", {"obligation": ["x"]}, "obligation"),
        ("simore_draft_create", {"obligation": "{follow_up}", "language": "de"}, "language"),
        ("simore_draft_create", {"obligation": "{follow_up}", "title": "x" * 600}, "title"),
        ("simore_draft_list", {"limit": -1}, "limit"),
        ("simore_draft_list", {"state": "bogus"}, "state"),
        ("simore_draft_section_update", {"id": "{section}", "body": ""}, "body"),
        ("simore_draft_section_update", {"id": "{section}", "body": "x", "version": "two"}, "version"),
        ("simore_draft_section_update", {"id": "{section}", "body": 5}, "body"),
        ("simore_draft_section_diff", {"id": "{section}", "from": "9"}, "from"),
        ("simore_draft_comment_create", {"id": "{section}", "text": "  "}, "text"),
        ("simore_draft_submit", {"id": "{draft}", "submitted_on": "yesterday"}, "submitted_on"),
        ("simore_draft_show", {"id": 3}, "id"),
        ("simore_draft_update", {"id": "{draft}", "title": "x" * 600}, "title"),
    ],
)
def test_bad_input_is_refused_naming_the_field(reports, draft, action, data, field):
    values = {"follow_up": reports["follow_up"]["id"], "section": draft["sections"][1]["id"], "draft": draft["id"]}
    data = {key: value.format(**values) if isinstance(value, str) else value for key, value in data.items()}
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action(action, context=dict(COORDINATOR), **data)
    assert field in refused.value.error_dict


def test_approved_answers_and_indicator_values_join_their_recommendations_paragraph(reports):
    women = reports["women"]
    asked = _call(
        "simore_information_request_create",
        title="List of issues",
        kind="list_of_issues",
        deadline="2030-01-31",
        questions="7. What does the equality law change?",
        institutions=["salud", "justicia"],
        recommendations=[women["name"]],
    )
    _call("simore_information_request_send", id=asked["id"])
    question = asked["questions"][0]["id"]
    approved = _call("simore_answer_save", "focal-salud", question=question, organization="salud", text="It passed.")
    for step, user in (("submit", "focal-salud"), ("approve", "valida-salud")):
        _call("simore_answer_transition", user, id=approved["id"], transition=step)
    # another institution's answer, submitted but not approved
    waiting = _call("simore_answer_save", "focal-justicia", question=question, organization="justicia", text="Soon.")
    _call("simore_answer_transition", "focal-justicia", id=waiting["id"], transition="submit")
    _call(
        "simore_indicator_create",
        code="equality-budget",
        title={"es": "Presupuesto de igualdad", "en": "Equality budget"},
        kind="process",
        unit="percentage",
        periodicity="annual",
        organization="salud",
        recommendations=[women["name"]],
    )
    for period, value, steps in (("2023", "1.5", ["submit", "approve"]), ("2024", "2", ["submit"])):
        entry = _call(
            "simore_indicator_value_create", "focal-salud", indicator="equality-budget", period=period, value=value
        )
        for step in steps:
            _call(
                "simore_indicator_value_transition",
                "valida-salud" if step == "approve" else "focal-salud",
                id=entry["id"],
                transition=step,
            )

    drafted = _call("simore_draft_create", obligation=reports["follow_up"]["id"], language="en")
    body = drafted["sections"][1]["body"]
    assert "It passed. (List of issues, 7)" in body
    assert "Equality budget: 2023: 1.5" in body
    assert "Soon." not in body and "2024" not in body  # neither validated
    assert body.endswith("(CEDAW/C/PRY/CO/8, para. 12)")


def test_a_yes_no_indicator_reads_yes_or_no_in_the_drafts_language(reports):
    _call(
        "simore_indicator_create",
        code="equality-law",
        title={"es": "Ley de igualdad vigente", "en": "Equality law in force"},
        kind="structural",
        unit="yes_no",
        periodicity="irregular",
        organization="salud",
        recommendations=[reports["women"]["name"]],
    )
    for period, value in (("2020", "no"), ("2024", "yes")):
        entry = _call(
            "simore_indicator_value_create", "focal-salud", indicator="equality-law", period=period, value=value
        )
        _call("simore_indicator_value_transition", "focal-salud", id=entry["id"], transition="submit")
        _call("simore_indicator_value_transition", "valida-salud", id=entry["id"], transition="approve")
    for language, wording in (
        ("en", "Equality law in force: 2020: No; 2024: Yes"),
        ("es", "Ley de igualdad vigente: 2020: No; 2024: Sí"),
    ):
        drafted = _call("simore_draft_create", obligation=reports["follow_up"]["id"], language=language)
        assert wording in drafted["sections"][1]["body"], language


def test_a_reply_to_a_list_of_issues_answers_each_paragraph_of_the_list(reports):
    """The List of Issues is a request feeding the reply: each of its
    paragraphs is a section with its approved answers (an answer waiting
    for approval is left out), then the recommendations it is about."""
    women, justice = reports["women"], reports["justice"]
    reply = _call(
        "simore_obligation_create",
        mechanism="CEDAW",
        kind="list_of_issues_reply",
        due_date="2030-09-30",
        recommendations=[women["name"], justice["name"]],
    )
    asked = _call(
        "simore_information_request_create",
        title="CEDAW/C/PRY/Q/9",
        kind="list_of_issues",
        obligation=reply["id"],
        deadline="2030-01-31",
        questions=[
            {"label": "4", "text": "Equality law?", "recommendations": [women["name"]], "institutions": ["salud"]},
            {"label": "9", "text": "Courts?", "institutions": ["justicia"]},
        ],
    )
    _call("simore_information_request_send", id=asked["id"])
    approved = _call(
        "simore_answer_save", "focal-salud", question=asked["questions"][0]["id"], organization="salud", text="Passed."
    )
    for step, user in (("submit", "focal-salud"), ("approve", "valida-salud")):
        _call("simore_answer_transition", user, id=approved["id"], transition=step)
    waiting = _call(
        "simore_answer_save",
        "focal-justicia",
        question=asked["questions"][1]["id"],
        organization="justicia",
        text="Soon.",
    )
    _call("simore_answer_transition", "focal-justicia", id=waiting["id"], transition="submit")

    drafted = _call("simore_draft_create", obligation=reply["id"], language="en")
    assert drafted["structure"] == "paragraphs"
    sections = drafted["sections"]
    assert [s["heading"] for s in sections] == [
        "Introduction",
        "Reply to paragraph 4 of the list of issues",
        "Reply to paragraph 9 of the list of issues",
        "Paragraph 40 (CEDAW/C/PRY/CO/8)",
    ]
    equality = sections[1]["body"].split("\n\n")
    assert equality[0].endswith(": Passed.") and equality[1].endswith("(CEDAW/C/PRY/CO/8, para. 12)")
    assert "Information provided" not in sections[1]["body"]  # the answer stands once, under its paragraph
    assert sections[2]["body"] == "No approved answer to this paragraph yet."
    assert "Soon." not in " ".join(s["body"] for s in sections)
    spanish = _call("simore_draft_create", obligation=reply["id"], language="es")
    assert spanish["sections"][1]["heading"] == "Respuesta al párrafo 4 de la lista de cuestiones"
