"""Everyday tasks in a real browser, timed: a focal point reports an
action with one piece of evidence on a recommendation its institution owes
in the open round, from its dashboard and without typing an identifier;
a coordinator assigns all the recommendations a search finds (the demo's
50) to two institutions, through the search page's bulk form, its preview
and its confirmation. Each run prints its page loads, clicks, fields
filled and seconds (the README's "Everyday tasks, timed in a real
browser"); axe-core scans every page on the way. In its own module: it
changes the demo data."""

from __future__ import annotations

import re
import statistics
import time

import pytest

pytestmark = pytest.mark.browser

# the demo's focal points, each reporting on what its institution owes
FOCAL_POINTS = [("punto-focal-salud", "ministerio-salud"), ("punto-focal-mujer", "ministerio-mujer")]
# one pair per run, so that every run has recommendations to change
PAIRS = [
    ("ministerio-educacion", "defensoria-pueblo"),
    ("ministerio-trabajo", "ministerio-ninez"),
    ("ministerio-mujer", "ministerio-interior"),
]


def _assigned(institutions: tuple[str, ...]) -> int:
    """Recommendations assigned to every one of ``institutions``."""
    from ckan import model
    from ckan.tests import helpers

    found = helpers.call_action(
        "package_search",
        fq="+dataset_type:recommendation " + " ".join(f'+institutions:"{name}"' for name in institutions),
        rows=0,
        include_private=True,
    )
    model.Session.remove()  # no transaction left open beside the server's
    return found["count"]


def _owed(institution: str) -> list[str]:
    """The recommendations ``institution`` owes in the demo's open round."""
    from ckan import model
    from ckan.tests import helpers

    from ckanext.simore.workflow import rounds

    round_id = next(row.id for row in rounds.all_rounds() if row.state == "open")
    owed = helpers.call_action(
        "simore_round_outstanding", context={"ignore_auth": True}, id=round_id, organization=institution
    )
    model.Session.remove()  # no transaction left open beside the server's
    return [record["name"] for record in owed["records"]]


def _report_from_the_dashboard(focal, timed, evidence) -> tuple[str, str]:
    """One report, timed: from the dashboard's owed list to "submitted";
    the recommendation it reports on and the action's name."""
    page = focal.page
    focal.goto("/dashboard/institution")
    report = page.locator("a.btn", has_text="Report an action").first
    recommendation = re.search(r"recommendations=([^&]+)", report.get_attribute("href")).group(1)
    timed.clicks += 1
    report.click()
    page.wait_for_url("**/action/new?**")
    assert page.input_value("#field-recommendations") == recommendation  # no identifier typed
    assert not timed.scan("task-action-form"), focal.scans[-1]
    timed.fill("#field-title_translated-es", "Protocolo de atención a víctimas aprobado")
    timed.fill("#field-notes_translated-es", "Resolución ministerial que aprueba el protocolo.")
    timed.choose("#field-measure_type", ["institutional"])
    timed.choose("#field-progress", ["completed"])
    timed.click("#dataset-edit button[name=save]")
    page.wait_for_url(re.compile(r"/action/[^/?]+$"))
    action_page = page.url
    timed.click("a:has-text('Add evidence')")
    page.wait_for_url("**/resource/new")
    assert not timed.scan("task-evidence-form"), focal.scans[-1]
    with page.expect_file_chooser() as chooser:
        timed.click("#resource-upload-button")
    chooser.value.set_files(str(evidence))
    timed.fields += 1
    timed.fill("#field-name", "Resolución ministerial")
    timed.click("button[name=save][value=go-dataset-complete]")
    page.wait_for_url(action_page)
    assert not timed.scan("task-action-page"), focal.scans[-1]
    timed.click("form:has(input[name=transition][value=submit]) button[type=submit]")
    page.wait_for_load_state()
    return recommendation, action_page.rsplit("/", 1)[-1]


def test_a_focal_point_reports_an_action_with_evidence_from_the_dashboard(visitor, task, tmp_path):
    """From the owed list of the dashboard to a submitted report, by the
    focal point of each of two institutions: the form opens with the recommendation, the round and the
    institution filled in; one file of evidence; submitted for validation;
    the recommendation is no longer owed."""
    from ckan import model
    from ckan.tests import helpers

    evidence = tmp_path / "resolucion-ministerial.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% a ministerial resolution\n")
    timings = []
    for run, (user, institution) in enumerate(FOCAL_POINTS, start=1):
        focal = visitor("focal-point-task")
        focal.login(user)
        timed = task(focal)
        owed = _owed(institution)
        timed.start()
        recommendation, name = _report_from_the_dashboard(focal, timed, evidence)
        seconds = timed.seconds()
        assert recommendation in owed and recommendation not in _owed(institution)
        action = helpers.call_action("package_show", context={"ignore_auth": True}, id=name)
        model.Session.remove()  # no transaction left open beside the server's
        assert action["workflow_state"] == "submitted", action["workflow_state"]
        assert action["recommendations"] == [recommendation] and action["reporting_round"]
        assert [resource["name"] for resource in action["resources"]] == ["Resolución ministerial"]
        assert not focal.blocked, focal.blocked
        assert timed.counts() == (6, 8, 4), timed.counts()
        timings.append(seconds)
        timed.report("focal-point-report-action", seconds, f"run {run}, {institution}")
    timed.report("focal-point-report-action", statistics.median(timings), f"median of {len(timings)} runs")


def test_a_coordinator_assigns_the_50_recommendations_of_a_search_to_two_institutions(visitor, task):
    coordinator = visitor("coordinator-bulk")
    coordinator.login("coordinadora")
    task = task(coordinator)
    page = coordinator.page
    page.set_default_timeout(120000)  # fifty records written on one click
    timings = []
    for run, pair in enumerate(PAIRS, start=1):
        task.start()
        coordinator.goto("/recommendation/")
        assert page.locator("h1").first.inner_text().startswith("50 "), page.locator("h1").first.inner_text()
        if run == 1:
            assert not task.scan("bulk-form"), coordinator.scans[-1]
        task.click("label[for=simore-bulk-search]")  # "All 50 results of this search"
        task.choose("#simore-bulk-institutions", list(pair))
        task.click("#simore-bulk button[type=submit]")
        page.wait_for_url("**/recommendations/bulk/preview")
        preview = page.locator(".simore-bulk-count").inner_text()
        will_change = 50 - _assigned(pair)
        assert preview.startswith(f"{will_change} of 50 recommendations will change"), preview
        assert page.locator(".simore-bulk-changes > li").count() == will_change
        if run == 1:
            assert not task.scan("bulk-preview"), coordinator.scans[-1]
        confirmed = time.perf_counter()
        task.click(".simore-bulk-confirm button[type=submit]")
        page.wait_for_url("**/recommendations/bulk/apply")
        writing = time.perf_counter() - confirmed
        done = page.locator(".simore-bulk-count").inner_text()
        assert done.startswith(f"{will_change} of 50 recommendations changed"), done
        seconds = task.seconds()
        assert _assigned(pair) == 50
        if run == 1:
            assert not task.scan("bulk-done"), coordinator.scans[-1]
        assert not coordinator.blocked, coordinator.blocked
        timings.append((task.counts(), seconds))
        task.report(
            "coordinator-bulk-assign", seconds, f"run {run}, {will_change} of 50 changed, {writing:.1f} s confirming"
        )
    assert len({counts for counts, _ in timings}) == 1
    task.report(
        "coordinator-bulk-assign",
        statistics.median(seconds for _, seconds in timings),
        f"median of {len(timings)} runs",
    )


def test_a_coordinator_sets_the_status_of_the_recommendations_ticked_in_a_search(visitor):
    """The results' boxes belong to the bulk form below the list (no
    script): two ticked, one status and one justification for both, each
    in its recommendation's status history."""
    from ckan import model
    from ckan.tests import helpers

    coordinator = visitor("coordinator-bulk-status")
    coordinator.login("coordinadora")
    page = coordinator.page
    page.set_default_timeout(120000)
    coordinator.goto("/recommendation/?q=tortura")
    boxes = page.locator("input.simore-bulk-box")
    assert boxes.count() >= 2
    names = [boxes.nth(index).get_attribute("value") for index in range(2)]
    for index in range(2):
        boxes.nth(index).check()
    page.check("#simore-bulk-status")
    page.select_option("#simore-bulk-new-status", "implemented")
    page.fill("#simore-bulk-justification", "Ley promulgada en 2026")
    page.click("#simore-bulk button[type=submit]")
    page.wait_for_url("**/recommendations/bulk/preview")
    will_change = sum(
        helpers.call_action("package_show", id=name)["implementation_status"] != "implemented" for name in names
    )
    assert page.locator(".simore-bulk-count").inner_text().startswith(f"{will_change} of 2 recommendations will change")
    model.Session.remove()  # no transaction left open beside the server's
    coordinator.screenshot("bulk-status-preview")
    assert not coordinator.axe("bulk-status-preview")
    page.click(".simore-bulk-confirm button[type=submit]")
    page.wait_for_url("**/recommendations/bulk/apply")
    for name in names:
        assert helpers.call_action("package_show", id=name)["implementation_status"] == "implemented"
        last = helpers.call_action("simore_status_history", id=name)[-1]
        assert (last["to_status"], last["justification"]) == ("implemented", "Ley promulgada en 2026")
    assert not coordinator.blocked, coordinator.blocked
