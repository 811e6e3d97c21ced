"""CKAN's activity channels name no staff member to the public (issue 11,
item 15): a published action's and a public recommendation's activities
reach anonymous readers, registered users and focal points of other
institutions without the actor's user id or name, through every activity
action and page; the record's institution and the coordinators still see
who did what."""

import builders
import pytest
from ckan.tests import helpers
from reads_portal import ATTACKERS, context, headers, publish, reads_portal  # noqa: F401 (fixture)

# user name: full name, of the staff whose activities are read
STAFF = {
    name: full_name
    for role, (name, _, full_name) in builders.PEOPLE.items()
    if role in ("focal_point", "validator", "coordinator")
}


@pytest.fixture
def published(reads_portal):
    act = builders.action("salud", [reads_portal.public["name"]], _user="focal-salud")
    publish(act["id"])
    helpers.call_action("package_patch", context={"user": "focal-salud"}, id=act["id"], progress="completed")
    for user in ATTACKERS[1:]:
        helpers.call_action("follow_dataset", context={"user": user}, id=act["id"])
    activities = helpers.call_action("package_activity_list", context={"user": "coordinadora"}, id=act["id"])
    assert {a["user_id"] for a in activities} >= {reads_portal.people.focal_point["id"]}
    return act, activities


def _api(app, action, user, **params):
    response = app.get("/api/3/action/" + action, params=params, headers=headers(user), expect_errors=True)
    assert response.status_code in (200, 403), (action, response.status_code)
    return response.json.get("result") if response.status_code == 200 else None


def _staff_in(text, people):
    ids = [people.focal_point["id"], people.validator["id"], people.coordinator["id"]]
    return [who for who in list(STAFF) + list(STAFF.values()) + ids if who in text]


@pytest.mark.parametrize("user", ATTACKERS)
@pytest.mark.ckan_config("ckan.auth.public_activity_stream_detail", "true")
def test_activity_actions_give_the_public_no_actor(app, published, reads_portal, user):
    act, activities = published
    newest = activities[0]["id"]
    reads = {
        "package_activity_list": {"id": act["id"]},
        "organization_activity_list": {"id": "salud"},
        "recently_changed_packages_activity_list": {},
        "activity_show": {"id": newest},
        "activity_data_show": {"id": newest},
        "activity_diff": {"id": newest, "object_type": "package"},
    }
    if user != "anonymous":
        reads["dashboard_activity_list"] = {}
    seen = {}
    for action, params in reads.items():
        result = _api(app, action, user, **params)
        seen[action] = result
        assert not _staff_in(str(result), reads_portal.people), (action, user)
    # what was read is the action's activity, not nothing
    assert seen["package_activity_list"]
    assert {a["object_id"] for a in seen["package_activity_list"]} == {act["id"]}
    assert seen["activity_show"]["user_id"] is None and seen["activity_show"]["data"]["actor"] is None
    assert seen["activity_data_show"]["package"]["id"] == act["id"]
    if user != "anonymous":
        assert act["id"] in [a["object_id"] for a in seen["dashboard_activity_list"]]


@pytest.mark.parametrize("user", ATTACKERS)
def test_activity_pages_show_no_staff_member(app, published, reads_portal, user):
    act, activities = published
    for url in [
        "/dataset/activity/" + act["name"],
        "/organization/activity/salud",
        "/dataset/changes/" + activities[0]["id"],
    ]:
        response = app.get(url, headers=headers(user), expect_errors=True)
        assert response.status_code in (200, 403, 404), url
        if response.status_code == 200:
            assert not _staff_in(response.body, reads_portal.people), (url, user)
    page = app.get("/dataset/activity/" + act["name"], headers=headers(user)).body
    assert "A member of staff" in page and "None" not in page.split("activity-stream")[-1][:2000]


@pytest.mark.parametrize("user", ["focal-salud", "valida-salud", "coordinadora"])
def test_the_institution_and_coordinators_see_who_did_what(app, published, reads_portal, user):
    act, _ = published
    activities = _api(app, "package_activity_list", user, id=act["id"])
    assert reads_portal.people.focal_point["id"] in {a["user_id"] for a in activities}
    assert "focal-salud" in {a["data"]["actor"] for a in activities}
    page = app.get("/dataset/activity/" + act["name"], headers=headers(user)).body
    assert "Fabián Focal" in page


def test_a_focal_point_of_another_institution_sees_only_its_own_actors(app, published, reads_portal):
    act, _ = published
    own = builders.action("justicia", [reads_portal.public["name"]], _user="focal-justicia")
    activities = _api(app, "package_activity_list", "focal-justicia", id=own["id"])
    assert {a["user_id"] for a in activities if a["object_id"] == own["id"]} == {
        reads_portal.people.other_focal_point["id"]
    }
    changed = _api(app, "recently_changed_packages_activity_list", "focal-justicia")
    assert all(a["user_id"] is None for a in changed if a["object_id"] == act["id"])
