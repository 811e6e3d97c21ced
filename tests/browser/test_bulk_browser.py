"""A coordinator's bulk work in a real browser, timed: all the
recommendations a search finds (the demo's 50) assigned to two
institutions, through the search page's bulk form, its preview and its
confirmation. Each run prints its page loads, clicks and seconds (the
README's "Everyday tasks, timed in a real browser"); axe-core scans the
bulk form and the preview. In its own module: it changes the demo data."""

from __future__ import annotations

import statistics
import time

import pytest

pytestmark = pytest.mark.browser

# one pair per run, so that every run has recommendations to change
PAIRS = [
    ("ministerio-educacion", "defensoria-pueblo"),
    ("ministerio-trabajo", "ministerio-ninez"),
    ("ministerio-mujer", "ministerio-interior"),
]


class Task:
    """Counts a person's page loads and clicks on one tab, and the time
    they take, leaving out the time of the accessibility scans."""

    def __init__(self, visitor):
        self.visitor = visitor
        self.page = visitor.page
        self.loads = 0
        self.clicks = 0
        self.scanning = 0.0
        self.page.on("load", self._loaded)

    def _loaded(self, _page) -> None:
        self.loads += 1

    def start(self) -> None:
        self.loads, self.clicks, self.scanning = 0, 0, 0.0
        self.started = time.perf_counter()

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.page.click(selector)

    def choose(self, selector: str, values: list[str]) -> None:
        """Options of a list picked with a click each (ctrl-click)."""
        self.clicks += len(values)
        self.page.select_option(selector, values)

    def scan(self, label: str) -> list[dict]:
        began = time.perf_counter()
        self.visitor.screenshot(label)
        serious = self.visitor.axe(label)
        self.scanning += time.perf_counter() - began
        return serious

    def seconds(self) -> float:
        return time.perf_counter() - self.started - self.scanning


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


def test_a_coordinator_assigns_the_50_recommendations_of_a_search_to_two_institutions(visitor):
    coordinator = visitor("coordinator-bulk")
    coordinator.login("coordinadora")
    task = Task(coordinator)
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
        timings.append((task.loads, task.clicks, seconds))
        print(
            f"TASK coordinator-bulk-assign (run {run}, {will_change} of 50 changed): "
            f"{task.loads} page loads, {task.clicks} clicks, {seconds:.1f} s ({writing:.1f} s of them confirming)"
        )
    loads, clicks = timings[0][:2]
    assert all(timing[:2] == (loads, clicks) for timing in timings)
    print(
        f"TASK coordinator-bulk-assign: {loads} page loads, {clicks} clicks, "
        f"{statistics.median(timing[2] for timing in timings):.1f} s (median of {len(timings)} runs)"
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
