"""Withdrawn actions stay unreadable through every activity channel
(issue 11, item 5): an action that was public once and is withdrawn now,
or a record made private or deleted, is read through no activity written
while it was public; its institution and the coordinators still read them.
"""

import builders
import pytest
from ckan.tests import helpers
from reads_portal import ATTACKERS, context, headers, publish, reads_portal  # noqa: F401 (fixture)

TITLE = "Informe luego retirado"


@pytest.fixture
def withdrawn(reads_portal):
    """An action published, followed by the attackers while public, then
    withdrawn; the ids of the activities written while it was public."""
    act = builders.action(
        "salud", [reads_portal.public["name"]], _user="focal-salud", title_translated={"es": TITLE, "en": TITLE}
    )
    publish(act["id"])
    helpers.call_action("package_patch", context={"user": "coordinadora"}, id=act["id"], progress="completed")
    for user in ATTACKERS[1:]:
        helpers.call_action("follow_dataset", context={"user": user}, id=act["id"])
    public_activities = [
        a["id"] for a in helpers.call_action("package_activity_list", context={"user": ""}, id=act["id"])
    ]
    assert public_activities  # the action's stream was public while published
    helpers.call_action(
        "simore_action_transition",
        context={"user": "coordinadora"},
        id=act["id"],
        transition="withdraw",
        comment="Datos por revisar",
    )
    return act, public_activities


def _get(app, url, user, **params):
    return app.get(url, params=params, headers=headers(user), expect_errors=True)


def _api(app, action, user, **params):
    response = _get(app, "/api/3/action/" + action, user, **params)
    return response.status_code, (response.json.get("result") if response.status_code == 200 else None)


@pytest.mark.parametrize("user", ATTACKERS)
def test_withdrawn_action_is_in_no_activity_list(app, withdrawn, user):
    act, _ = withdrawn
    lists = {
        "recently_changed_packages_activity_list": {},
        "user_activity_list focal-salud": {"id": "focal-salud"},
        "user_activity_list valida-salud": {"id": "valida-salud"},
        "user_activity_list coordinadora": {"id": "coordinadora"},
        "organization_activity_list": {"id": "salud"},
        "package_activity_list": {"id": act["id"]},
    }
    if user != "anonymous":
        lists["dashboard_activity_list"] = {}
    for name, params in lists.items():
        status, result = _api(app, name.split()[0], user, **params)
        found = [a for a in result or [] if a["object_id"] == act["id"]]
        assert not found, (name, user, found)
        assert status in (200, 403), (name, status)


@pytest.mark.parametrize("user", ATTACKERS)
@pytest.mark.parametrize("action", ["activity_show", "activity_data_show", "activity_diff"])
def test_withdrawn_action_activities_cannot_be_opened(app, withdrawn, user, action):
    _, activity_ids = withdrawn
    for activity_id in activity_ids:
        params = {"id": activity_id}
        if action == "activity_show":
            params["include_data"] = "true"
        if action == "activity_diff":
            params["object_type"] = "package"
        status, _ = _api(app, action, user, **params)
        assert status in (403, 404), (action, user, status)


@pytest.mark.parametrize("user", ATTACKERS)
def test_withdrawn_action_is_on_no_activity_page_or_feed(app, withdrawn, user):
    act, activity_ids = withdrawn
    urls = [
        "/dataset/activity/" + act["name"],
        "/action/activity/" + act["name"],
        "/organization/activity/salud",
        "/user/activity/focal-salud",
        "/user/activity/coordinadora",
        "/dataset/changes/" + activity_ids[0],
        "/feeds/dataset.atom",
        "/feeds/organization/salud.atom",
        "/feeds/custom.atom?q=" + act["name"],
    ]
    if user != "anonymous":
        urls.append("/dashboard/")
    for url in urls:
        response = _get(app, url, user)
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        assert TITLE not in response.body, (url, user)


@pytest.mark.parametrize("user", ["focal-salud", "valida-salud", "coordinadora"])
def test_the_institution_and_coordinators_keep_the_actions_history(app, withdrawn, user):
    act, activity_ids = withdrawn
    status, result = _api(app, "package_activity_list", user, id=act["id"])
    assert status == 200 and set(activity_ids) <= {a["id"] for a in result}
    # the data of an activity: for those who may edit the record (CKAN's rule)
    if user == "coordinadora":
        helpers.call_action("activity_show", context=context(user), id=activity_ids[0], include_data=False)
    else:
        helpers.call_action("activity_data_show", context=context(user), id=activity_ids[0])


@pytest.mark.parametrize("user", ATTACKERS)
def test_records_made_private_or_deleted_leave_the_public_streams(app, reads_portal, user):
    # written by a person: CKAN hides the site user's activities anyway
    made_private = builders.recommendation("coordinacion", "cedaw", name="rec-luego-privada", _user="coordinadora")
    deleted = builders.recommendation("coordinacion", "cedaw", name="rec-luego-borrada", _user="coordinadora")
    organization = helpers.call_action("organization_show", id="coordinacion")
    # the organization's bulk page (CKAN 2.11 changes these by SQL)
    helpers.call_action(
        "bulk_update_private",
        context={"user": "coordinadora"},
        datasets=[made_private["id"]],
        org_id=organization["id"],
    )
    helpers.call_action("package_delete", context={"user": "coordinadora"}, id=deleted["id"])
    for name, params in [
        ("recently_changed_packages_activity_list", {}),
        ("user_activity_list", {"id": "coordinadora"}),
        ("organization_activity_list", {"id": "coordinacion"}),
    ]:
        _, result = _api(app, name, user, **params)
        found = [a for a in result or [] if a["object_id"] in (made_private["id"], deleted["id"])]
        assert not found, (
            name,
            [
                (
                    a["activity_type"],
                    a["permission_labels"] if "permission_labels" in a else None,
                    a["object_id"] == deleted["id"],
                )
                for a in found
            ],
        )
    # still there for the organization's members
    _, result = _api(app, "recently_changed_packages_activity_list", "coordinadora")
    assert made_private["id"] in {a["object_id"] for a in result}


def test_narrowing_rule():
    from ckanext.simore.records.activity_visibility import narrowed

    assert narrowed(["public"], ["member-a", "simore-coordinator"]) == ["member-a", "simore-coordinator"]
    assert narrowed(["member-a", "simore-coordinator"], ["public"]) == ["member-a", "simore-coordinator"]
    assert narrowed(["member-a", "simore-coordinator"], ["member-b", "simore-coordinator"]) == ["simore-coordinator"]
    assert narrowed(None, ["member-a"]) == []


def test_the_migration_narrows_what_was_public_before(app, withdrawn):
    """Databases written before this fix: activity_visibility's rule,
    applied once by migration 007."""
    import importlib.util
    from pathlib import Path

    import sqlalchemy as sa
    from ckan import model

    import ckanext.simore

    act, activity_ids = withdrawn
    model.Session.execute(
        sa.text("UPDATE activity SET permission_labels = '{public}' WHERE object_id = :id"), {"id": act["id"]}
    )
    model.Session.commit()
    _, result = _api(app, "recently_changed_packages_activity_list", "anonymous")
    assert act["id"] in {a["object_id"] for a in result}  # as before the fix
    path = next((Path(ckanext.simore.__file__).parent / "migration/simore/versions").glob("007_*.py"))
    spec = importlib.util.spec_from_file_location("migration_007", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    model.Session.execute(sa.text(migration.NARROW))
    model.Session.commit()
    _, result = _api(app, "recently_changed_packages_activity_list", "anonymous")
    assert act["id"] not in {a["object_id"] for a in result}
    _, result = _api(app, "package_activity_list", "valida-salud", id=act["id"])
    assert set(activity_ids) <= {a["id"] for a in result}
