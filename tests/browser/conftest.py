"""The real portal in a real browser: the demo data in the test database,
CKAN served by a real HTTP server on a free loopback port, Debian's
Chromium driven by Playwright, axe-core from node_modules.

The demo data get a status history (some recommendations changed status)
so that progress over time has something to show. Screenshots of every
page go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import datetime
import json
import socket
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import builders
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
# status changes given to demo recommendations: (name, [(date, status), ...]),
# after the status the demo set, dated DEMO_STATUS_SET
DEMO_STATUS_SET = "2023-06-15"
STATUS_HISTORY = [
    ("rec-demo-001", [("2024-05-10", "in_progress"), ("2025-09-02", "partially_implemented")]),
    ("rec-demo-002", [("2024-03-01", "in_progress"), ("2025-11-20", "implemented")]),
    ("rec-demo-005", [("2025-02-14", "in_progress")]),
    ("rec-demo-010", [("2024-08-30", "in_progress"), ("2025-06-30", "implemented")]),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status_history() -> None:
    """Change the status of a few demo recommendations through the API,
    then date the changes as if they had happened over the last years."""
    import sqlalchemy as sa
    from ckan import model
    from ckan.tests import helpers

    from ckanext.simore.db import tables

    for name, changes in STATUS_HISTORY:
        # what the demo recorded comes first, before the changes dated below
        model.Session.execute(
            tables.status_event.update()
            .where(tables.status_event.c.package_id == model.Package.get(name).id)
            .values(created=datetime.datetime.fromisoformat(DEMO_STATUS_SET + "T12:00:00+00:00"))
        )
        model.Session.commit()
        for day, status in changes:
            # the demo may have set the first status already: its event is dated
            if helpers.call_action("package_show", id=name)["implementation_status"] != status:
                helpers.call_action(
                    "simore_status_set",
                    context={"user": "coordinadora"},
                    id=name,
                    status=status,
                    justification="Informe de seguimiento",
                )
            package_id = model.Package.get(name).id
            latest = model.Session.execute(
                sa.select(sa.func.max(tables.status_event.c.id)).where(tables.status_event.c.package_id == package_id)
            ).scalar_one()
            model.Session.execute(
                tables.status_event.update()
                .where(tables.status_event.c.id == latest)
                .values(created=datetime.datetime.fromisoformat(day + "T12:00:00+00:00"))
            )
            model.Session.commit()
        site_user = helpers.call_action("get_site_user", context={"ignore_auth": True})["name"]
        helpers.call_action("package_patch", context={"user": site_user}, id=name)  # re-index the flows


@pytest.fixture(scope="module")
def portal_server(reset_db, reset_index, migrate_db_for, tmp_path_factory):
    """The demo portal served over HTTP; yields its URL and the demo logins."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-browser (make test does)")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/ensure-browser (make test does)")
    import ckan.plugins
    from ckan.common import config
    from ckan.config.middleware import make_app
    from werkzeug.serving import make_server

    from ckanext.simore import demo

    ckan.plugins.load_all()  # what the with_plugins fixture does, for the module
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("simore")
    builders.empty_all_tables()
    reset_index()

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    saved = {key: config.get(key) for key in ("ckan.site_url", "ckanext.simore.coordinating_organization")}
    config["ckan.site_url"] = url
    config["ckanext.simore.coordinating_organization"] = "coordinacion"
    wsgi = make_app(config)
    flask_app = wsgi._wsgi_app if hasattr(wsgi, "_wsgi_app") else wsgi
    credentials = tmp_path_factory.mktemp("demo") / "credentials.yaml"
    with flask_app.test_request_context():
        demo.load_demo(credentials)
        _status_history()
    server = make_server("127.0.0.1", port, wsgi, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(url=url, passwords=yaml.safe_load(credentials.read_text()))
    finally:
        server.shutdown()
        thread.join(timeout=10)
        config.update(saved)
        ckan.plugins.unload_all()


@pytest.fixture(autouse=True)
def served_config(portal_server):
    """CKAN's pytest plugin restores the configuration before every test:
    give the server its own address again (redirects are absolute)."""
    from ckan.common import config

    config["ckan.site_url"] = portal_server.url
    config["ckanext.simore.coordinating_organization"] = "coordinacion"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
            locale="en-GB",
        )
        context.set_default_timeout(30000)
        try:
            yield context
        finally:
            context.close()


class Visitor:
    """One person's browser tab: navigates, logs in, scans, photographs."""

    def __init__(self, context, server, name: str):
        self.page = context.new_page()
        self.server = server
        self.name = name
        self.scans: list[dict] = []
        # what the portal's Content-Security-Policy blocked (it must block nothing of its own);
        # CKAN's inline event handlers are reported as they are parsed, and
        # assets/js/inline-handlers.js does their work (test_the_evidence_form...)
        self.blocked: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.blocked.append("{}: {}".format(self.page.url, message.text))
                if "Content Security Policy" in message.text
                and not message.text.startswith("Executing inline event handler")
                else None
            ),
        )

    def goto(self, path: str, expect_status: int = 200):
        response = self.page.goto(self.server.url + path)
        assert response is not None and response.status == expect_status, (path, response and response.status)
        self.page.wait_for_load_state("load")
        assert not self.blocked, (path, self.blocked)
        return response

    def login(self, user: str) -> None:
        self.goto("/user/login")
        self.page.fill("#field-login", user)
        self.page.fill("#field-password", self.server.passwords[user])
        self.page.locator("form:has(#field-login) button[type=submit]").click()
        self.page.wait_for_load_state()
        assert self.page.locator(f"a[href*='/user/{user}']").count() > 0, f"{user} is not logged in"

    def screenshot(self, label: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}--{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def axe(self, label: str) -> list[dict]:
        """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; returns
        the serious and critical violations, keeps all in the scan log."""
        # evaluated by the browser's debugger, which the page's CSP does not govern
        self.page.evaluate("() => {{ {}\n}}".format(AXE.read_text()))
        result = self.page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"""
        )
        violations = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        self.scans.append({"page": label, "url": self.page.url, "violations": violations})
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{self.name}--{label}.axe.json").write_text(json.dumps(violations, indent=1))
        return [v for v in violations if v["impact"] in ("serious", "critical")]

    def check(self, path: str, label: str, expect_status: int = 200) -> None:
        """Visit, photograph and scan a page; fail on serious violations."""
        self.goto(path, expect_status)
        self.screenshot(label)
        serious = self.axe(label)
        assert not serious, f"{label} ({path}): {json.dumps(serious, indent=1)}"


class Task:
    """One person's everyday task on one tab: counts its page loads, clicks
    and fields filled, and the time it takes, leaving out the time of the
    accessibility scans; ``report`` prints the README's "TASK" line."""

    def __init__(self, visitor):
        self.visitor = visitor
        self.page = visitor.page
        self.loads = self.clicks = self.fields = 0
        self.scanning = 0.0
        self.page.on("load", self._loaded)

    def _loaded(self, _page) -> None:
        self.loads += 1

    def start(self) -> None:
        self.loads = self.clicks = self.fields = 0
        self.scanning = 0.0
        self.started = time.perf_counter()

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.page.click(selector)

    def fill(self, selector: str, value: str) -> None:
        self.fields += 1
        self.page.fill(selector, value)

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

    def counts(self) -> tuple[int, int, int]:
        return self.loads, self.clicks, self.fields

    def report(self, name: str, seconds: float, detail: str = "") -> str:
        """The task's figures, printed (pytest -s shows them) and returned."""
        line = "TASK {}{}: {} page loads, {} clicks, {} fields filled, {:.1f} s".format(
            name, " ({})".format(detail) if detail else "", self.loads, self.clicks, self.fields, seconds
        )
        print(line)
        return line


@pytest.fixture
def visitor(browser, portal_server, request):
    pages = []

    def open_as(name: str) -> Visitor:
        browser.clear_cookies()
        visitor = Visitor(browser, portal_server, name)
        pages.append(visitor.page)
        return visitor

    yield open_as
    for page in pages:
        page.close()


@pytest.fixture
def task():
    """A ``Task`` timed on a visitor's tab."""
    return Task
