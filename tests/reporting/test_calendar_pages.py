"""The calendar's pages: the public calendar with its filters, a page per
obligation, the iCalendar feed, and the coordinators' forms (CSRF-checked
like every form; user text escaped)."""

from __future__ import annotations

import csv
import io
import re

import icalendar
from ckan.tests import factories


def _login(app, user="coordinadora"):
    return {"Authorization": factories.APIToken(user=user)["token"]}


def _csrf(app, path, headers):
    page = app.get(path, headers=headers).body
    return re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)


def test_the_public_calendar_lists_coming_and_past_reports(app, network, add_obligation):
    add_obligation(due_date="2099-01-01", period="<b>9th</b> report")
    add_obligation(due_date="2020-01-01", kind="follow_up_report")
    page = app.get("/calendar").body
    coming, past = page.split('id="simore-past"', 1)
    assert "Periodic report" in coming and "Follow-up report" in past
    assert "Overdue" in past
    assert "&lt;b&gt;9th&lt;/b&gt; report" in page and "<b>9th</b>" not in page
    assert "Add a report to the calendar" not in page  # anonymous
    filtered = app.get("/calendar", params={"state": "overdue"}).body
    assert "Follow-up report" in filtered and "Periodic report" not in filtered.split('id="simore-coming"', 1)[1]
    assert app.get("/calendar", params={"state": "bogus"}, expect_errors=True).status_code == 400


def test_a_page_per_obligation(app, network, add_obligation):
    added = add_obligation(recommendations=[network.recommendation["name"]], notes="**Prepare** early")
    page = app.get("/calendar/" + added["id"]).body
    assert "CEDAW — Periodic report" in page and network.recommendation["name"] in page
    assert "<strong>Prepare</strong>" in page
    assert "Edit the report" not in page
    assert "Edit the report" in app.get("/calendar/" + added["id"], headers=_login(app)).body
    assert app.get("/calendar/nope", expect_errors=True).status_code == 404


def test_the_feed_is_icalendar(app, network, add_obligation):
    added = add_obligation(due_date="2029-05-31", period="8th")
    response = app.get("/calendar.ics", params={"mechanism": "cedaw"})
    assert response.headers["Content-Type"].startswith("text/calendar")
    events = list(icalendar.Calendar.from_ical(response.body).walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["summary"]) == "CEDAW — Periodic report (8th)"
    assert str(events[0]["url"]).endswith("/calendar/" + added["id"])
    assert events[0].decoded("dtstart").isoformat() == "2029-05-31"


def test_the_calendar_downloads_as_csv_in_the_readers_language_with_the_pages_filters(app, network, add_obligation):
    added = add_obligation(
        due_date="2029-05-31", period="=HYPERLINK(1)", recommendations=[network.recommendation["name"]]
    )
    add_obligation(due_date="2020-01-01", kind="follow_up_report")
    assert "/calendar.csv" in app.get("/calendar").body
    response = app.get("/calendar.csv", params={"mechanism": "cedaw", "kind": "periodic_report"})
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.body)))
    assert len(rows) == 1
    row = rows[0]
    assert (row["mechanism"], row["kind"], row["kind_label"], row["due_date"], row["recommendations"]) == (
        "CEDAW",
        "periodic_report",
        "Periodic report",
        "2029-05-31",
        "1",
    )
    assert row["period"] == "'=HYPERLINK(1)"  # a spreadsheet reads no formula
    assert row["url"].endswith("/calendar/" + added["id"])
    spanish = list(csv.DictReader(io.StringIO(app.get("/es/calendar.csv", params={"state": "overdue"}).body)))
    assert [(r["mechanism"], r["kind_label"], r["state_label"]) for r in spanish] == [
        ("CEDAW", "Informe de seguimiento", "Atrasada")
    ]


def test_a_coordinator_adds_edits_and_removes_a_report_through_the_forms(app, network):
    headers = _login(app)
    token = _csrf(app, "/calendar/new", headers)
    fields = {
        "_csrf_token": token,
        "mechanism": "cedaw",
        "kind": "periodic_report",
        "due_date": "2030-01-01",
        "state": "planned",
    }
    refused = app.post("/calendar/new", data=dict(fields, period_start="2031-01-01"), headers=headers)
    assert "Due date: the due date is before the period starts" in refused.body
    created = app.post(
        "/calendar/new",
        data=dict(fields, recommendations=network.recommendation["name"]),
        headers=headers,
        follow_redirects=False,
    )
    assert created.status_code == 302
    path = created.headers["Location"].split("localhost", 1)[-1]
    obligation_id = path.rsplit("/", 1)[-1]
    form = app.get("/calendar/{}/edit".format(obligation_id), headers=headers).body
    assert network.recommendation["name"] in form
    app.post(
        "/calendar/{}/edit".format(obligation_id),
        data={
            "_csrf_token": token,
            "mechanism": "cedaw",
            "kind": "periodic_report",
            "due_date": "2030-01-01",
            "state": "submitted",
            "submitted_on": "2025-01-01",
            "document_symbol": "CEDAW/C/PRY/8",
            "recommendations": "",
        },
        headers=headers,
    )
    assert "CEDAW/C/PRY/8" in app.get("/calendar/" + obligation_id).body
    app.post("/calendar/{}/delete".format(obligation_id), data={"_csrf_token": token}, headers=headers)
    assert app.get("/calendar/" + obligation_id, expect_errors=True).status_code == 404


def test_a_coordinator_plans_a_review_from_the_calendar(app, network):
    headers = _login(app)
    token = _csrf(app, "/calendar", headers)
    app.post(
        "/calendar/generate",
        data={"_csrf_token": token, "mechanism": "cedaw", "review_date": "2023-10-20"},
        headers=headers,
    )
    page = app.get("/calendar", params={"mechanism": "cedaw"}).body
    assert "After the review of 2023-10-20" in page and "Follow-up report" in page


def test_the_coordination_dashboard_shows_the_reports_due_in_the_next_12_months(app, network, add_obligation):
    import datetime

    soon = (datetime.date.today() + datetime.timedelta(days=100)).isoformat()
    add_obligation(due_date=soon, period="due soon")
    add_obligation(due_date="2020-01-01", period="late one")
    add_obligation(due_date="2099-01-01", period="far away")
    add_obligation(due_date="2020-06-01", period="sent", state="submitted", submitted_on="2020-05-01")
    page = app.get("/dashboard/coordination", headers=_login(app)).body
    panel = page.split('id="simore-reports-due"', 1)[1].split("</section>", 1)[0]
    assert "due soon" in panel and "late one" in panel
    assert "far away" not in panel and "sent" not in panel
