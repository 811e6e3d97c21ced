"""The history of bulk changes: every assignment and every bulk status
change is kept whole (who, when, why, each record before and after); it
can be undone, once, for the records still as it left them, with a
preview that writes nothing; the undoing is kept too. Only the
coordinators read or undo it, through the API or the pages."""

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from records.test_bulk import REFUSED_ROLES, _as, _state, records  # noqa: F401 (fixture)
from workflow.conftest import network  # noqa: F401 (fixture)

from ckanext.simore.db import tables


def _assign_justicia(**extra):
    return _as(
        "coordinadora",
        "simore_recommendation_assign",
        fq="mechanism:cedaw",
        institutions=["justicia"],
        lead_institution="justicia",
        justification="Ley 1234 de 2026",
        **extra,
    )


def _kept() -> int:
    model.Session.remove()
    return model.Session.execute(sa.select(sa.func.count()).select_from(tables.change_set)).scalar_one()


def test_an_assignment_is_kept_with_its_justification_and_each_record_before_and_after(records):
    kept_before = _kept()  # the network's own assignments
    assert _assign_justicia(preview=True)["change_set"] is None and _kept() == kept_before  # a preview keeps nothing
    applied = _assign_justicia()
    kept = _as("coordinadora", "simore_change_set_show", id=applied["change_set"])
    assert (kept["operation"], kept["justification"], kept["user"], kept["count"]) == (
        "assignment",
        "Ley 1234 de 2026",
        "coordinadora",
        3,
    )
    assert [(c["name"], c["before"], c["after"]) for c in kept["changes"]] == [
        (c["name"], c["before"], c["after"]) for c in applied["changes"]
    ]
    assert all(change["undoable"] for change in kept["changes"])
    listed = _as("coordinadora", "simore_change_set_list")
    assert listed["count"] == kept_before + 1 and listed["results"][0]["id"] == applied["change_set"]
    assert listed["results"][0]["count"] == 3
    # nothing changed: nothing kept
    assert _assign_justicia()["change_set"] is None and _kept() == kept_before + 1


def test_undoing_restores_the_records_still_as_the_change_left_them_and_skips_the_others(records):
    applied = _assign_justicia()
    # one record is changed again since: undoing leaves it as it is now
    _as("coordinadora", "simore_recommendation_assign", ids=[records["none"]["name"]], institutions=["salud"])
    shown = _as("coordinadora", "simore_change_set_show", id=applied["change_set"])
    assert [c["undoable"] for c in shown["changes"] if c["name"] == records["none"]["name"]] == [False]
    kept = _kept()

    before = _state()
    preview = _as(
        "coordinadora", "simore_change_set_undo", id=applied["change_set"], justification="Error", preview=True
    )
    assert _state() == before and _kept() == kept
    assert (preview["found"], preview["count"], preview["skipped"]) == (3, 2, 1)

    undone = _as("coordinadora", "simore_change_set_undo", id=applied["change_set"], justification="Error de carga")
    assert undone["count"] == 2
    health = helpers.call_action("package_show", id=records["health"]["name"])
    assert (health["institutions"], health.get("lead_institution")) == (["salud"], None)
    both = helpers.call_action("package_show", id=records["both"]["name"])
    assert set(both["institutions"]) == {"salud", "justicia"}
    none = helpers.call_action("package_show", id=records["none"]["name"])
    assert none["institutions"] == ["justicia", "salud"]  # changed since: as it is now
    # the undoing is kept and marks the change undone; it is undone only once
    undoing = _as("coordinadora", "simore_change_set_show", id=undone["change_set"])
    assert (undoing["undoes"], undoing["justification"]) == (applied["change_set"], "Error de carga")
    assert _as("coordinadora", "simore_change_set_show", id=applied["change_set"])["undone_by"] == undone["change_set"]
    with pytest.raises(tk.ValidationError) as refused:
        _as("coordinadora", "simore_change_set_undo", id=applied["change_set"], justification="Otra vez")
    assert "id" in refused.value.error_dict


def test_undoing_a_bulk_status_change_puts_the_status_back_in_the_history(records):
    applied = _as(
        "coordinadora",
        "simore_status_set_bulk",
        ids=[records["health"]["name"], records["none"]["name"]],
        status="implemented",
        justification="Informe 2026",
    )
    assert _as("coordinadora", "simore_change_set_show", id=applied["change_set"])["justification"] == "Informe 2026"
    _as("coordinadora", "simore_change_set_undo", id=applied["change_set"], justification="Informe retirado")
    health = records["health"]["name"]
    assert helpers.call_action("package_show", id=health)["implementation_status"] == "in_progress"
    last = helpers.call_action("simore_status_history", context={"user": "coordinadora"}, id=health)[-1]
    assert (last["from_status"], last["to_status"], last["justification"]) == (
        "implemented",
        "in_progress",
        "Informe retirado",
    )


def test_a_deleted_recommendation_is_skipped_by_an_undoing(records):
    applied = _assign_justicia()
    helpers.call_action("package_delete", context={"user": "coordinadora"}, id=records["none"]["name"])
    shown = _as("coordinadora", "simore_change_set_show", id=applied["change_set"])
    deleted = [c for c in shown["changes"] if c["id"] == records["none"]["id"]][0]
    assert (deleted["name"], deleted["now"], deleted["undoable"]) == (None, None, False)
    assert _as("coordinadora", "simore_change_set_undo", id=applied["change_set"], justification="x")["count"] == 2


@pytest.mark.parametrize(
    "data, field",
    [
        ({"justification": ""}, "justification"),
        ({"justification": "x" * 100_001}, "justification"),
        ({"justification": "x", "id": "no-such-change"}, None),
    ],
)
def test_refused_undoing_names_the_field_and_writes_nothing(records, data, field):
    applied = _assign_justicia()
    kept = _kept()
    before = _state()
    error = tk.ObjectNotFound if field is None else tk.ValidationError
    with pytest.raises(error) as refused:
        _as("coordinadora", "simore_change_set_undo", **{"id": applied["change_set"], **data})
    if field:
        assert field in refused.value.error_dict
    assert _state() == before and _kept() == kept


@pytest.mark.parametrize("action", ["simore_change_set_list", "simore_change_set_show", "simore_change_set_undo"])
@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_only_coordinators_read_or_undo_the_history(network, records, role, action):  # noqa: F811
    applied = _assign_justicia()
    kept = _kept()
    user = "" if role == "anonymous" else vars(network.people)[role]["name"]
    before = _state()
    with pytest.raises(tk.NotAuthorized):
        _as(user, action, id=applied["change_set"], justification="x")
    assert _state() == before and _kept() == kept


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_the_history_pages_are_forbidden_to_everyone_but_the_coordinators(app, network, records, role):  # noqa: F811
    applied = _assign_justicia()
    kept = _kept()
    headers = (
        {}
        if role == "anonymous"
        else {"Authorization": factories.APIToken(user=vars(network.people)[role]["name"])["token"]}
    )
    before = _state()
    app.get("/recommendations/changes", headers=headers, status=403)
    app.get("/recommendations/changes/" + applied["change_set"], headers=headers, status=403)
    for confirm in ("", "1"):
        app.post(
            "/recommendations/changes/{}/undo".format(applied["change_set"]),
            data={"justification": "x", "confirm": confirm},
            headers=headers,
            status=403,
        )
    assert _state() == before and _kept() == kept


def test_a_coordinator_undoes_a_change_from_its_page(app, network, records):  # noqa: F811
    headers = {"Authorization": factories.APIToken(user="coordinadora")["token"]}
    done = app.post(
        "/recommendations/bulk/apply",
        data={
            "scope": "search",
            "search": "mechanism=cedaw",
            "operation": "assign",
            "institutions": "justicia",
            "justification": "Decreto 77",
        },
        headers=headers,
    ).body
    change_set_id = _as("coordinadora", "simore_change_set_list")["results"][0]["id"]  # the newest
    assert "/recommendations/changes/" + change_set_id in done
    history = app.get("/recommendations/changes", headers=headers).body
    assert "Assignment of institutions" in history and "Decreto 77" in history
    page = app.get("/recommendations/changes/" + change_set_id, headers=headers).body
    assert "2 of 2 recommendations are still as this change left them" in page
    before = _state()
    url = "/recommendations/changes/{}/undo".format(change_set_id)
    preview = app.post(url, data={"justification": "Por error"}, headers=headers).body
    assert "2 of 2 recommendations will change." in preview and _state() == before
    assert 'name="confirm" value="1"' in preview
    undone = app.post(url, data={"justification": "Por error", "confirm": "1"}, headers=headers, follow_redirects=True)
    assert "The change was undone." in undone.body and "Undoing of an assignment of institutions" in undone.body
    for rec in (records["health"], records["none"]):
        assert "justicia" not in (helpers.call_action("package_show", id=rec["id"]).get("institutions") or [])
    # refused: the undoing's page says why and nothing changes
    before = _state()
    again = app.post(url, data={"justification": "x", "confirm": "1"}, headers=headers, follow_redirects=True)
    assert "this change was undone already" in again.body and _state() == before


def test_the_history_pages_speak_spanish(app, network, records):  # noqa: F811
    applied = _assign_justicia()
    headers = {"Authorization": factories.APIToken(user="coordinadora")["token"]}
    page = app.get("/es/recommendations/changes/" + applied["change_set"], headers=headers).body
    assert "Asignación de instituciones" in page and "Ley 1234 de 2026" in page
