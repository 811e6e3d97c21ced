"""The whole reporting cycle through the real web app, with the e-mails
checked on a real SMTP server on loopback, and reminders sent once."""

import datetime

import pytest
from ckan.lib import jobs
from ckan.tests import factories, helpers

from ckanext.simore.workflow import notifications


@pytest.fixture
def headers(network):
    return {
        role: {"Authorization": factories.APIToken(user=user["name"])["token"]}
        for role, user in vars(network.people).items()
    }


def _run_jobs(app):
    with app.flask_app.test_request_context():
        jobs.Worker(["default"]).work(burst=True)


def _post(app, url, data, headers):
    response = app.post(url, data=data, headers=headers, follow_redirects=True)
    assert response.status_code == 200, response.body
    return response


@pytest.mark.usefixtures("with_test_worker", "clean_queues")
def test_open_draft_submit_return_resubmit_approve_publish_with_mail(app, network, headers, mailbox):
    # the coordinator opens a round over the CEDAW recommendations
    page = _post(
        app,
        "/rounds/new",
        {"title": "Seguimiento 2026-1", "due_date": "2030-06-30", "fq": "mechanism:cedaw"},
        headers["coordinator"],
    )
    assert "Seguimiento 2026-1" in page.body
    round_id = helpers.call_action("simore_round_list", context={"user": "coordinadora"})[0]["id"]

    # the health focal point drafts an action for it through the form
    _post(
        app,
        "/action/new",
        {
            "_ckan_phase": "dataset_new_1",
            "save": "go-metadata",
            "title_translated-es": "Protocolo de atención",
            "title_translated-en": "Care protocol",
            "recommendations": network.recommendation["name"],
            "measure_type": "policy_plan",
            "progress": "in_progress",
            "reporting_round": round_id,
            "owner_org": network.health["id"],
        },
        headers["focal_point"],
    )
    act = helpers.call_action(
        "package_search", fq="dataset_type:action", include_private=True, context={"user": "focal-salud"}
    )["results"][0]
    assert act["workflow_state"] == "draft" and act["private"]
    page = app.get("/action/" + act["name"], headers=headers["focal_point"]).body
    assert 'value="submit"' in page

    steps = [
        ("focal_point", "submit", "", "submitted", ["valida.salud@example.org"]),
        ("validator", "return", "Falta la resolución", "returned", ["focal.salud@example.org"]),
        ("focal_point", "submit", "", "submitted", ["valida.salud@example.org"]),
        ("validator", "approve", "", "approved", ["coord@example.org"]),
        ("coordinator", "publish", "", "published", ["focal.salud@example.org", "valida.salud@example.org"]),
    ]
    for role, transition, comment, state, recipients in steps:
        _post(
            app,
            "/action/{}/transition".format(act["name"]),
            {"transition": transition, "comment": comment},
            headers[role],
        )
        assert helpers.call_action("package_show", id=act["id"])["workflow_state"] == state
        _run_jobs(app)
        mails = mailbox.take()
        assert sorted(r for m in mails for r in m["to"]) == sorted(recipients), (transition, mails)
        assert all(act["name"] in m["body"].decode() for m in mails)
        if comment:
            assert comment in mails[0]["body"].decode()

    # the history is public once published, without the return's internal
    # comment, which the institution still reads (issue 11, item 15)
    page = app.get("/action/" + act["name"]).body
    assert "Validating authority" in page and "Falta la resolución" not in page
    assert "Falta la resolución" in app.get("/action/" + act["name"], headers=headers["focal_point"]).body
    compliance = helpers.call_action("simore_round_show", context={"user": "coordinadora"}, id=round_id)["compliance"]
    health = next(row for row in compliance if row["name"] == "salud")
    assert (health["owed"], health["published"], health["outstanding"]) == (1, 1, 0)
    justice = next(row for row in compliance if row["name"] == "justicia")
    assert justice["outstanding"] == 1

    # reminders: justice has still to report on its recommendation; each
    # reminder goes once
    with app.flask_app.test_request_context():
        due = datetime.date(2030, 6, 30)
        assert notifications.send_reminders(today=due - datetime.timedelta(days=40)) == 0
        assert notifications.send_reminders(today=due - datetime.timedelta(days=3)) == 1
        assert notifications.send_reminders(today=due - datetime.timedelta(days=2)) == 0
        assert notifications.send_reminders(today=due + datetime.timedelta(days=1)) == 1
        assert notifications.send_reminders(today=due + datetime.timedelta(days=9)) == 0
    mails = mailbox.take()
    assert [m["to"] for m in mails] == [["focal.justicia@example.org"]] * 2
    assert "Seguimiento 2026-1" in mails[0]["subject"] and "Overdue" in mails[1]["subject"]


@pytest.mark.ckan_config("WTF_CSRF_ENABLED", True)
def test_workflow_forms_carry_a_csrf_token(app, network, draft_action):
    for url in ["/action/" + draft_action["name"], "/rounds/new", "/recommendation/" + network.recommendation["name"]]:
        user = "coordinadora" if "action" not in url else "focal-salud"
        login = {"Authorization": factories.APIToken(user=user)["token"]}
        page = app.get(url, headers=login).body
        assert page.count('name="_csrf_token"') >= page.count('method="post"') > 0, url
    # a post without token nor login changes nothing
    with app.flask_app.test_client() as client:
        client.post("/action/{}/transition".format(draft_action["name"]), data={"transition": "submit"})
    assert helpers.call_action("package_show", id=draft_action["id"])["workflow_state"] == "draft"
