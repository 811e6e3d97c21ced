"""Bulk work of the coordinators: assigning institutions and setting the
implementation status of many recommendations at once, chosen by id or by
a search. A preview writes nothing; applying changes exactly what was
previewed; a record already as asked is skipped; refused input names the
field and writes nothing; nobody but the coordinators may do it, through
the API or the pages."""

import builders
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from workflow.conftest import network  # noqa: F401 (fixture)

from ckanext.simore.db import tables

REFUSED_ROLES = ["focal_point", "other_focal_point", "validator", "registered", "anonymous"]
BULK_ACTIONS = {
    "simore_recommendation_assign": {"fq": "mechanism:cedaw", "institutions": ["justicia"]},
    "simore_status_set_bulk": {"fq": "mechanism:cedaw", "status": "implemented", "justification": "Informe 2026"},
}


@pytest.fixture
def records(network):  # noqa: F811
    """Three CEDAW recommendations: one assigned to salud and justicia (the
    network's), one to salud alone, in progress, one to nobody."""
    return {
        "both": network.recommendation,
        "health": builders.recommendation(
            "coordinacion", "cedaw", institutions=["salud"], implementation_status="in_progress"
        ),
        "none": builders.recommendation("coordinacion", "cedaw"),
    }


def _as(user, action, **data):
    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


def _state():
    """What a bulk run could change: every recommendation's assignment and
    status, and the status history."""
    model.Session.remove()
    shown = {
        rec.name: (
            rec.extras.get("institutions"),
            rec.extras.get("lead_institution"),
            rec.extras.get("implementation_status"),
            rec.metadata_modified,
        )
        for rec in model.Session.query(model.Package).filter(model.Package.type == "recommendation")
    }
    history = model.Session.execute(sa.select(sa.func.count()).select_from(tables.status_event)).scalar_one()
    return shown, history


def test_an_assignment_preview_writes_nothing_and_applying_changes_what_it_listed(records):
    before = _state()
    preview = _as(
        "coordinadora",
        "simore_recommendation_assign",
        fq="mechanism:cedaw",
        institutions=["justicia"],
        lead_institution="justicia",
        preview=True,
    )
    assert _state() == before
    assert (preview["preview"], preview["found"], preview["count"], preview["skipped"]) == (True, 3, 3, 0)
    previewed = {change["name"]: change for change in preview["changes"]}
    assert previewed[records["health"]["name"]]["before"] == {"institutions": ["salud"], "lead_institution": None}
    # the lead comes first, as the schema stores it
    assert previewed[records["health"]["name"]]["after"] == {
        "institutions": ["justicia", "salud"],
        "lead_institution": "justicia",
    }
    assert previewed[records["none"]["name"]]["after"] == {"institutions": ["justicia"], "lead_institution": "justicia"}

    applied = _as(
        "coordinadora",
        "simore_recommendation_assign",
        fq="mechanism:cedaw",
        institutions=["justicia"],
        lead_institution="justicia",
    )
    assert applied["changes"] == preview["changes"] and applied["preview"] is False
    for name, change in previewed.items():
        shown = helpers.call_action("package_show", id=name)
        assert {key: shown.get(key) for key in change["after"]} == change["after"]
    # the same again changes nothing: every one is skipped
    again = _as(
        "coordinadora",
        "simore_recommendation_assign",
        fq="mechanism:cedaw",
        institutions=["justicia"],
        lead_institution="justicia",
    )
    assert (again["count"], again["skipped"]) == (0, 3)


def test_an_unchanged_record_is_skipped_and_counted(records):
    result = _as(
        "coordinadora",
        "simore_recommendation_assign",
        ids=[records["both"]["name"], records["health"]["name"]],
        institutions=["salud"],
    )
    assert (result["found"], result["count"], result["skipped"], result["changes"]) == (2, 0, 2, [])


def test_replacing_takes_a_lead_away_with_its_institution(records):
    _as(
        "coordinadora",
        "simore_recommendation_assign",
        ids=[records["health"]["name"]],
        institutions=["salud"],
        lead_institution="salud",
    )
    result = _as(
        "coordinadora",
        "simore_recommendation_assign",
        ids=[records["health"]["name"]],
        institutions=["justicia"],
        replace=True,
    )
    assert result["changes"][0]["before"] == {"institutions": ["salud"], "lead_institution": "salud"}
    assert result["changes"][0]["after"] == {"institutions": ["justicia"], "lead_institution": None}
    shown = helpers.call_action("package_show", id=records["health"]["name"])
    assert shown["institutions"] == ["justicia"] and not shown.get("lead_institution")


def test_an_assignment_reads_before_and_after_in_the_activity(app, records):
    _as("coordinadora", "simore_recommendation_assign", ids=[records["none"]["name"]], institutions=["justicia"])
    # the recommendation's creation, by the site user, is hidden from lists unless asked for
    activities = helpers.call_action(
        "package_activity_list", id=records["none"]["id"], include_data=True, include_hidden_activity=True
    )
    after, before = activities[0]["data"]["package"], activities[1]["data"]["package"]
    assert activities[0]["data"]["actor"] == "coordinadora"
    assert (before.get("institutions") or [], after["institutions"]) == ([], ["justicia"])
    # and CKAN's page of the activity's changes says so
    headers = {"Authorization": factories.APIToken(user="coordinadora")["token"]}
    changes = app.get("/dataset/changes/" + activities[0]["id"], headers=headers).body
    assert "institutions" in changes and "justicia" in changes


def test_a_status_preview_writes_nothing_and_applying_records_one_justification(records):
    data = {"fq": "mechanism:cedaw", "status": "in_progress", "justification": "Informe de seguimiento 2026"}
    before = _state()
    preview = _as("coordinadora", "simore_status_set_bulk", preview=True, **data)
    assert _state() == before
    skipped = records["health"]["name"]  # already in progress
    assert (preview["found"], preview["count"], preview["skipped"]) == (3, 2, 1)
    assert skipped not in {change["name"] for change in preview["changes"]}
    assert all(change["after"] == {"implementation_status": "in_progress"} for change in preview["changes"])

    applied = _as("coordinadora", "simore_status_set_bulk", **data)
    assert applied["changes"] == preview["changes"]
    for change in applied["changes"]:
        history = helpers.call_action("simore_status_history", id=change["name"])
        assert [(event["from_status"], event["to_status"], event["justification"]) for event in history] == [
            (change["before"]["implementation_status"], "in_progress", data["justification"])
        ]
        assert helpers.call_action("package_show", id=change["name"])["implementation_status"] == "in_progress"
    assert len(helpers.call_action("simore_status_history", id=skipped)) == 1  # its own, from the builder


@pytest.mark.parametrize(
    "action,data,field",
    [
        ("simore_status_set_bulk", {"fq": "mechanism:cedaw", "status": "finished", "justification": "x"}, "status"),
        ("simore_status_set_bulk", {"fq": "mechanism:cedaw", "status": "implemented"}, "justification"),
        ("simore_status_set_bulk", {"status": "implemented", "justification": "x"}, "ids"),
        (
            "simore_recommendation_assign",
            {"fq": "mechanism:cedaw", "institutions": ["justicia", "nadie"]},
            "institutions",
        ),
        (
            "simore_recommendation_assign",
            {"fq": "mechanism:cedaw", "institutions": ["justicia"], "lead_institution": "nadie"},
            "lead_institution",
        ),
        ("simore_recommendation_assign", {"ids": [], "institutions": ["justicia"]}, "ids"),
    ],
)
def test_refused_input_names_the_field_and_writes_nothing(records, action, data, field):
    before = _state()
    with pytest.raises(tk.ValidationError) as refused:
        _as("coordinadora", action, **data)
    assert field in refused.value.error_dict
    assert _state() == before


@pytest.mark.ckan_config("ckanext.simore.max_list_items", "2")
@pytest.mark.parametrize("action", list(BULK_ACTIONS))
def test_a_search_finding_too_many_is_refused_naming_the_search(records, action):
    before = _state()
    with pytest.raises(tk.ValidationError) as refused:
        _as("coordinadora", action, **BULK_ACTIONS[action])
    assert "q" in refused.value.error_dict
    assert _state() == before


def test_an_unknown_recommendation_refuses_the_whole_run(records):
    before = _state()
    with pytest.raises(tk.ObjectNotFound):
        _as(
            "coordinadora",
            "simore_status_set_bulk",
            ids=[records["none"]["name"], "nadie"],
            status="implemented",
            justification="x",
        )
    assert _state() == before


@pytest.mark.parametrize("preview", [True, False])
@pytest.mark.parametrize("action", list(BULK_ACTIONS))
@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_only_coordinators_work_in_bulk(network, records, role, action, preview):  # noqa: F811
    user = "" if role == "anonymous" else vars(network.people)[role]["name"]
    before = _state()
    with pytest.raises(tk.NotAuthorized):
        _as(user, action, preview=preview, **BULK_ACTIONS[action])
    assert _state() == before


BULK_FORM = {"scope": "search", "search": "mechanism=cedaw", "operation": "assign", "institutions": "justicia"}


@pytest.mark.parametrize("step", ["preview", "apply"])
@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_the_bulk_pages_are_forbidden_to_everyone_but_the_coordinators(app, network, records, role, step):  # noqa: F811
    headers = (
        {}
        if role == "anonymous"
        else {"Authorization": factories.APIToken(user=vars(network.people)[role]["name"])["token"]}
    )
    before = _state()
    app.post("/recommendations/bulk/" + step, data=BULK_FORM, headers=headers, status=403)
    assert _state() == before
    search = app.get("/recommendation/", headers=headers).body
    assert 'id="simore-bulk"' not in search and 'form="simore-bulk"' not in search


def test_a_coordinator_previews_then_applies_from_the_search_page(app, network, records):  # noqa: F811
    headers = {"Authorization": factories.APIToken(user="coordinadora")["token"]}
    search = app.get("/recommendation/?mechanism=cedaw", headers=headers).body
    assert 'id="simore-bulk"' in search and search.count('form="simore-bulk"') == 3
    before = _state()
    preview = app.post("/recommendations/bulk/preview", data=BULK_FORM, headers=headers).body
    assert "2 of 3 recommendations will change." in preview
    assert _state() == before
    done = app.post("/recommendations/bulk/apply", data=BULK_FORM, headers=headers).body
    assert "2 of 3 recommendations changed." in done
    assert "Ministerio de Salud</span>" in done  # before → after, by name
    for rec in records.values():
        assert "justicia" in helpers.call_action("package_show", id=rec["id"])["institutions"]


def test_the_bulk_form_names_the_refused_field(app, network, records):  # noqa: F811
    headers = {"Authorization": factories.APIToken(user="coordinadora")["token"]}
    form = {
        "scope": "selected",
        "ids": records["none"]["name"],
        "operation": "status",
        "status": "implemented",
        "justification": "",
    }
    before = _state()
    response = app.post("/recommendations/bulk/preview", data=form, headers=headers, follow_redirects=True)
    assert "Justification: Missing value" in response.body
    assert _state() == before


def test_the_bulk_form_sets_only_a_lead_which_is_assigned_too(app, network, records):  # noqa: F811
    headers = {"Authorization": factories.APIToken(user="coordinadora")["token"]}
    form = {"scope": "selected", "ids": [records["health"]["name"], records["both"]["name"]], "operation": "assign"}
    done = app.post("/recommendations/bulk/apply", data=dict(form, lead_institution="justicia"), headers=headers).body
    assert "2 of 2 recommendations changed." in done
    for rec in (records["health"], records["both"]):
        shown = helpers.call_action("package_show", id=rec["id"])
        assert (shown["institutions"], shown["lead_institution"]) == (["justicia", "salud"], "justicia")
