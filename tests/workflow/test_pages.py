"""The workflow's own pages: who may open them, what they show."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import builders
import pytest
from ckan.tests import factories, helpers


def _login(user):
    return {"Authorization": factories.APIToken(user=user)["token"]}


@pytest.fixture
def opened_round(network):
    return builders.reporting_round(title="Ronda de prueba", due_date="2030-03-31")


@pytest.mark.parametrize(
    "url, allowed",
    [
        ("/rounds/", {"coordinadora", "focal-salud", "valida-salud", "focal-justicia", "root"}),
        ("/rounds/new", {"coordinadora", "root"}),
        ("/institutions/network/", {"coordinadora", "root"}),
    ],
)
def test_pages_open_only_to_their_roles(app, network, opened_round, url, allowed):
    for user in ["coordinadora", "focal-salud", "valida-salud", "focal-justicia", "ciudadana", "root"]:
        response = app.get(url, headers=_login(user), expect_errors=True)
        assert (response.status_code == 200) == (user in allowed), (url, user, response.status_code)
    assert app.get(url, expect_errors=True).status_code in (302, 403)


def test_round_page_shows_compliance_per_institution(app, network, opened_round):
    page = app.get("/rounds/" + opened_round["id"], headers=_login("coordinadora")).body
    assert "Ronda de prueba" in page and "Ministerio de Salud" in page
    assert 'action="/rounds/{}/close"'.format(opened_round["id"]) in page


def test_dashboard_shows_each_user_their_pending_work(app, network, opened_round):
    act = builders.action("salud", [network.recommendation["name"]], reporting_round=opened_round["id"])
    helpers.call_action("simore_action_transition", context={"user": "focal-salud"}, id=act["id"], transition="submit")
    page = app.get("/dashboard/", headers=_login("valida-salud")).body
    assert "Actions waiting for your approval" in page and "/action/" + act["name"] in page
    page = app.get("/dashboard/", headers=_login("focal-justicia")).body
    assert "Recommendations to report on in open rounds" in page and "Ronda de prueba" in page


def test_recommendation_page_offers_the_status_form_to_coordinators_only(app, network):
    url = "/recommendation/" + network.recommendation["name"]
    assert 'name="justification"' in app.get(url, headers=_login("coordinadora")).body
    assert 'name="justification"' not in app.get(url, headers=_login("focal-salud")).body
    app.post(
        url + "/status",
        data={"status": "in_progress", "justification": "Plan en marcha"},
        headers=_login("coordinadora"),
    )
    page = app.get(url).body
    assert "Plan en marcha" in page


def test_status_history_reads_set_to_when_there_was_no_change(app, network):
    """A first entry without an earlier status, or one recorded before
    same-status changes were refused, reads "Set to X", never "X → X"."""
    from ckan import model

    from ckanext.simore.workflow import history

    package_id = network.recommendation["id"]
    for from_status, to_status in [
        (None, "in_progress"),
        ("in_progress", "in_progress"),
        ("in_progress", "implemented"),
    ]:
        history.record(
            history.STATUS_CHANGES,
            package_id=package_id,
            from_status=from_status,
            to_status=to_status,
            justification="x",
        )
    model.Session.commit()
    page = app.get("/recommendation/" + network.recommendation["name"]).body
    history_html = page.split("Status history", 1)[1]
    assert history_html.count("Set to") == 2
    assert history_html.count("→") == 1


def test_send_reminders_command(cli, network, opened_round, mail_server):
    from ckanext.simore.cli import simore

    result = cli.invoke(simore, ["send-reminders", "--today", "2030-03-30"])
    assert result.exit_code == 0, result.output
    assert "Reminders sent: 3" in result.output  # salud (2 people) and justicia (1)
    # the date as a reader writes it, in the portal's language (test.ini: en)
    bodies = [message[3] for message in mail_server.get_smtp_messages()]
    assert bodies and all("March 31, 2030" in body and "2030-03-31" not in body for body in bodies), bodies
    again = cli.invoke(simore, ["send-reminders", "--today", "2030-03-30"])
    assert "Reminders sent: 0" in again.output
    bad = cli.invoke(simore, ["send-reminders", "--today", "30/03/2030"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output


def _hrefs(page: str, prefix: str) -> list[str]:
    """The links of a page that start with ``prefix``, unescaped."""
    return [
        html.unescape(href) for href in re.findall(r'href="([^"]*)"', page) if html.unescape(href).startswith(prefix)
    ]


def test_a_rounds_outstanding_list_opens_the_action_form_with_recommendation_and_round(app, network, opened_round):
    owed_url = "/rounds/{}/owed/salud".format(opened_round["id"])
    # the round page leads to each institution's list
    assert owed_url in app.get("/rounds/" + opened_round["id"], headers=_login("coordinadora")).body
    page = app.get(owed_url, headers=_login("focal-salud")).body
    assert "Still owed by Ministerio de Salud" in page
    (report,) = _hrefs(page, "/action/new")
    assert parse_qs(urlsplit(report).query) == {
        "recommendations": [network.recommendation["name"]],
        "reporting_round": [opened_round["id"]],
        "owner_org": [network.health["id"]],
    }
    form = app.get(report, headers=_login("focal-salud")).body
    assert 'value="{}" selected'.format(opened_round["id"]) in form
    assert network.recommendation["name"] in form
    # once the institution answers, the recommendation leaves the list
    app.post(
        "/rounds/{}/no-progress".format(opened_round["id"]),
        data={"recommendation": network.recommendation["name"], "organization": "salud", "came_from": owed_url},
        headers=_login("focal-salud"),
    )
    assert not _hrefs(app.get(owed_url, headers=_login("focal-salud")).body, "/action/new")


@pytest.mark.parametrize(
    "user, status, answers",
    [
        ("focal-salud", 200, True),
        ("valida-salud", 200, True),  # a validating authority may report too
        ("focal-justicia", 200, False),  # another institution's staff read, never answer
        ("coordinadora", 200, False),
        ("ciudadana", 403, False),
    ],
)
def test_only_the_institutions_own_staff_answer_from_its_outstanding_list(
    app, network, opened_round, user, status, answers
):
    response = app.get("/rounds/{}/owed/salud".format(opened_round["id"]), headers=_login(user), expect_errors=True)
    assert response.status_code == status
    assert bool(_hrefs(response.body, "/action/new")) == answers
    assert ("no-progress" in response.body) == answers


def test_an_outstanding_list_of_an_unknown_round_or_institution_is_not_found(app, network, opened_round):
    for url in ["/rounds/nope/owed/salud", "/rounds/{}/owed/nope".format(opened_round["id"])]:
        assert app.get(url, headers=_login("coordinadora"), expect_errors=True).status_code == 404
