"""The calendar of reporting obligations through its API actions: the
coordinators write it, everyone reads it, bad input is refused naming the
field and leaves nothing behind, overdue is derived, the periodicities plan
a review's reports, and the coordinators are reminded once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.simore.db import tables


def _as(user, action, **data):
    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


def _rows() -> tuple[int, int]:
    model.Session.remove()
    count = model.Session.execute(sa.select(sa.func.count()).select_from(tables.reporting_obligation)).scalar()
    links = model.Session.execute(
        sa.select(sa.func.count()).select_from(tables.reporting_obligation_recommendation)
    ).scalar()
    return count, links


def test_a_coordinator_adds_an_obligation_covering_recommendations(network, add_obligation):
    added = add_obligation(
        period="8th periodic report",
        period_start="2023-10-20",
        recommendations=network.recommendation["name"],
        notes="Ask the institutions early.",
    )
    assert added["mechanism"]["code"] == "CEDAW" and added["mechanism"]["name"] == "cedaw"
    assert added["kind"] == "periodic_report" and added["kind_label"] == "Periodic report"
    assert added["state"] == "planned" and added["due_date"] == "2030-06-30"
    assert [r["name"] for r in added["recommendations"]] == [network.recommendation["name"]]
    shown = _as("", "simore_obligation_show", id=added["id"])
    assert shown["period"] == "8th periodic report" and shown["notes"] == "Ask the institutions early."


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"mechanism": "XYZ"}, "mechanism"),
        ({"mechanism": ""}, "mechanism"),
        ({"kind": "essay"}, "kind"),
        ({"state": "overdue"}, "state"),
        ({"state": "finished"}, "state"),
        ({"due_date": "2030-02-30"}, "due_date"),
        ({"due_date": ""}, "due_date"),
        ({"period_start": "2031-01-01"}, "due_date"),
        ({"period_start": "2029-01-01", "period_end": "2028-01-01"}, "period_end"),
        ({"recommendations": ["rec-that-does-not-exist"]}, "recommendations"),
        ({"recommendations": [5]}, "recommendations"),
        ({"submitted_on": "2024-01-01"}, "submitted_on"),
        ({"state": "submitted"}, "submitted_on"),
        ({"document_symbol": "CEDAW/C/PRY/8"}, "document_symbol"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(network, add_obligation, fields, field):
    before = _rows()
    with pytest.raises(tk.ValidationError) as refused:
        add_obligation(**{"recommendations": [network.recommendation["name"]], **fields})
    assert field in refused.value.error_dict, refused.value.error_dict
    assert _rows() == before


def test_an_action_is_no_recommendation(network, draft_action, add_obligation):
    with pytest.raises(tk.ValidationError) as refused:
        add_obligation(recommendations=[draft_action["name"]])
    assert draft_action["name"] in str(refused.value.error_dict["recommendations"])


def test_a_report_is_submitted_with_its_date_and_symbol(network, add_obligation):
    added = add_obligation(recommendations=[network.recommendation["name"]])
    updated = _as(
        "coordinadora",
        "simore_obligation_update",
        id=added["id"],
        state="submitted",
        submitted_on="2025-03-01",
        document_symbol="CEDAW/C/PRY/8",
    )
    assert updated["state"] == "submitted" and updated["submitted_on"] == "2025-03-01"
    assert updated["document_symbol"] == "CEDAW/C/PRY/8"
    # what was not given is kept
    assert updated["kind"] == "periodic_report" and len(updated["recommendations"]) == 1
    cleared = _as("coordinadora", "simore_obligation_update", id=added["id"], recommendations=[])
    assert cleared["recommendations"] == []


def test_a_refused_update_changes_nothing(network, add_obligation):
    added = add_obligation(period_start="2024-01-01", recommendations=[network.recommendation["name"]])
    with pytest.raises(tk.ValidationError) as refused:
        _as("coordinadora", "simore_obligation_update", id=added["id"], due_date="2023-01-01", recommendations=[])
    assert "due_date" in refused.value.error_dict
    shown = _as("", "simore_obligation_show", id=added["id"])
    assert shown["due_date"] == "2030-06-30" and len(shown["recommendations"]) == 1
    with pytest.raises(tk.ValidationError) as refused:
        _as("coordinadora", "simore_obligation_update", id=added["id"], kind="")
    assert "kind" in refused.value.error_dict


def test_overdue_is_derived_and_filtered(network, add_obligation):
    late = add_obligation(due_date="2020-01-01", state="drafting")
    done = add_obligation(
        due_date="2020-06-01", state="submitted", submitted_on="2020-05-30", document_symbol="CEDAW/C/PRY/7"
    )
    coming = add_obligation(due_date="2099-01-01", kind="follow_up_report")
    assert _as("", "simore_obligation_show", id=late["id"])["state"] == "overdue"
    assert _as("", "simore_obligation_show", id=late["id"])["stored_state"] == "drafting"

    def ids(**filters):
        return [o["id"] for o in _as("", "simore_obligation_list", **filters)["obligations"]]

    assert ids() == [late["id"], done["id"], coming["id"]]
    assert ids(state="overdue") == [late["id"]]
    assert ids(state="drafting") == []
    assert ids(state="submitted") == [done["id"]]
    assert ids(kind="follow_up_report") == [coming["id"]]
    assert ids(mechanism="cedaw", due_from="2021-01-01") == [coming["id"]]
    with pytest.raises(tk.ValidationError) as refused:
        _as("", "simore_obligation_list", mechanism="nope")
    assert "mechanism" in refused.value.error_dict


def test_a_private_recommendation_is_listed_to_coordinators_only(network, add_obligation):
    import builders

    private = builders.recommendation("coordinacion", "cedaw", private=True, document_symbol="CEDAW/C/PRY/CO/9")
    added = add_obligation(recommendations=[private["name"], network.recommendation["name"]])
    assert len(_as("coordinadora", "simore_obligation_show", id=added["id"])["recommendations"]) == 2
    assert [r["name"] for r in _as("", "simore_obligation_show", id=added["id"])["recommendations"]] == [
        network.recommendation["name"]
    ]


@pytest.mark.parametrize("reader", ["", "ciudadana", "focal-salud"])
def test_a_private_mechanisms_reports_are_the_coordinators_only(network, add_obligation, reader):
    import builders

    builders.mechanism("coordinacion", code="SPT", private=True)
    hidden = add_obligation(mechanism="spt", kind="follow_up_report")
    shown = add_obligation()
    assert {o["id"] for o in _as("coordinadora", "simore_obligation_list")["obligations"]} == {
        hidden["id"],
        shown["id"],
    }
    listed = _as(reader, "simore_obligation_list")
    assert [o["id"] for o in listed["obligations"]] == [shown["id"]] and listed["count"] == 1
    with pytest.raises(tk.ObjectNotFound):
        _as(reader, "simore_obligation_show", id=hidden["id"])


def test_delete_removes_the_obligation_and_its_links(network, add_obligation):
    added = add_obligation(recommendations=[network.recommendation["name"]])
    _as("coordinadora", "simore_obligation_delete", id=added["id"])
    assert _rows() == (0, 0)
    with pytest.raises(tk.ObjectNotFound):
        _as("", "simore_obligation_show", id=added["id"])


def test_a_review_plans_the_usual_reports_once(network):
    preview = _as(
        "coordinadora", "simore_obligation_generate", mechanism="cedaw", review_date="2023-10-20", preview=True
    )
    assert [(p["kind"], p["due_date"]) for p in preview["planned"]] == [
        ("follow_up_report", "2025-10-20"),
        ("periodic_report", "2027-10-20"),
    ]
    assert preview["note"] and _rows() == (0, 0)
    made = _as("coordinadora", "simore_obligation_generate", mechanism="cedaw", review_date="2023-10-20")
    assert len(made["planned"]) == 2 and _rows() == (2, 0)
    assert made["planned"][0]["period"] == "After the review of 2023-10-20"
    again = _as("coordinadora", "simore_obligation_generate", mechanism="cedaw", review_date="2023-10-20")
    assert again["planned"] == [] and again["already_there"] == 2 and _rows() == (2, 0)


def test_coordinators_are_reminded_once_per_threshold(network, add_obligation, mail_server):
    def send(today):
        return _as("root", "simore_obligation_reminders_send", today=today)["sent"]

    # coordinadora is the coordinating body's only member: one mail each time
    fresh = add_obligation(due_date="2030-06-30")
    add_obligation(due_date="2026-01-01", state="submitted", submitted_on="2025-12-20")  # never reminded
    assert send("2030-03-01") == 0  # 121 days before
    assert send("2030-04-15") == 1  # within 90 days
    assert send("2030-04-16") == 0
    assert send("2030-06-25") == 1  # within 7 days (the 30-day one was skipped: nobody ran it)
    assert send("2030-07-01") == 1  # overdue
    assert send("2030-07-02") == 0
    _as("coordinadora", "simore_obligation_update", id=fresh["id"], due_date="2030-09-30")
    assert send("2030-07-02") == 1  # a new due date is reminded again (within 90 days)
    messages = "\n".join(str(m[3]) for m in mail_server.get_smtp_messages())
    assert "Overdue report: " in messages and "coord@example.org" in "\n".join(
        str(m[2]) for m in mail_server.get_smtp_messages()
    )
