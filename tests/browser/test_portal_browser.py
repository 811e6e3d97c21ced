"""The public pages and both dashboards in a real browser, as each role:
pages render, charts lead to their search, the language can be switched,
keyboard users reach the charts, phones get no horizontal scrolling, and
axe-core finds no serious or critical WCAG 2.1 A/AA violation. Every page
is photographed into test-artifacts/browser/."""

import re

import pytest

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    ("/", "home"),
    ("/statistics/", "statistics"),
    ("/statistics/?mechanism=upr&year_from=2015", "statistics-filtered"),
    ("/recommendation/", "recommendations"),
    ("/recommendation/?mechanism=cedaw&sort=publication_date+desc%2C+document_symbol+asc", "recommendations-sorted"),
    ("/recommendation/rec-demo-001", "recommendation"),
    ("/action/", "actions"),
    ("/mechanism/upr", "mechanism"),
    ("/organization/ministerio-salud", "institution"),
    ("/calendar", "calendar"),
    ("/information-requests", "information-requests"),
    ("/indicators", "indicators"),
    ("/indicators/razon-mortalidad-materna", "indicator"),
    ("/recommendation/rec-demo-016", "recommendation-with-indicators"),
]


@pytest.mark.parametrize("path,label", PUBLIC_PAGES)
def test_public_pages_are_accessible(visitor, path, label):
    visitor("public").check(path, label)


def test_a_chart_leads_to_the_search_it_summarises(visitor):
    public = visitor("public")
    public.goto("/statistics/")
    bar = public.page.locator("#chart-mechanism-title ~ svg a").first
    name = bar.locator("title").text_content()  # its name, e.g. "Universal Periodic Review: 24 (48 %)"
    count = int(re.search(r": ([\d.,\s\u202f]+) \(", name).group(1).replace(",", "").replace(".", "").strip())
    bar.click()
    public.page.wait_for_url(re.compile(r"/recommendation/\?mechanism="))
    heading = public.page.locator("h1").first.inner_text()
    assert heading.startswith(str(count)), (name, heading)
    public.screenshot("chart-clicked-through")


def test_keyboard_users_reach_and_follow_the_chart_bars(visitor):
    public = visitor("public")
    public.goto("/statistics/")
    first_bar = public.page.locator("#chart-status-title ~ svg a").first
    first_bar.focus()
    assert public.page.evaluate("document.activeElement.querySelector('title').textContent").startswith("Not started")
    public.page.keyboard.press("Enter")
    public.page.wait_for_url(re.compile(r"implementation_status=not_started"))


def test_every_chart_has_its_data_as_a_table(visitor):
    public = visitor("public")
    public.goto("/statistics/")
    charts = public.page.locator("section.simore-chart")
    assert charts.count() == 8
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.locator("details summary").click()
        assert chart.locator("table tbody tr").count() > 0
    public.screenshot("statistics-tables-open")


@pytest.mark.parametrize(
    "lang,heading,status",
    [
        ("es", "Las recomendaciones de un vistazo", "Estado de implementación"),
        ("fr", "Les recommandations en un coup d'œil", "État de mise en œuvre"),
        ("en", "Recommendations at a glance", "Implementation status"),
    ],
)
def test_the_language_can_be_switched(visitor, lang, heading, status):
    public = visitor("public-" + lang)
    public.goto("/statistics/")
    # the footer's language form (its select is hidden behind select2 on CKAN 2.11)
    public.page.select_option(
        "#field-lang-select", label={"es": "español", "fr": "français", "en": "English"}[lang], force=True
    )
    public.page.locator("form.lang-select button[type=submit]").evaluate("button => button.form.submit()")
    public.page.wait_for_url(re.compile(rf"/{lang}/statistics/") if lang != "en" else re.compile(r"/statistics/"))
    assert public.page.locator("h1").first.inner_text() == heading
    assert status in public.page.locator("#chart-status-title").inner_text()
    assert public.page.locator("html").get_attribute("lang") == lang
    public.screenshot("statistics")
    assert not public.axe("statistics-" + lang)
    public.check(f"/{lang}/" if lang != "en" else "/", "home")
    public.check(
        f"/{lang}/recommendation/rec-demo-002" if lang != "en" else "/recommendation/rec-demo-002", "recommendation"
    )


def test_a_phone_gets_every_page_without_sideways_scrolling(visitor):
    phone = visitor("phone")
    phone.page.set_viewport_size({"width": 375, "height": 812})
    for path, label in (
        ("/", "home"),
        ("/statistics/", "statistics"),
        ("/recommendation/rec-demo-001", "recommendation"),
    ):
        phone.check(path, label)
        overflow = phone.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)


def test_the_institution_dashboard_for_its_focal_point(visitor):
    focal = visitor("focal-point")
    focal.login("punto-focal-salud")
    focal.goto("/dashboard/institution")
    assert focal.page.url.endswith("/dashboard/institution/ministerio-salud")
    focal.check("/dashboard/institution/ministerio-salud", "institution-dashboard")
    body = focal.page.locator("main, [role=main]").first.inner_text()
    assert "Recommendations to report on in open rounds" in body and "Seguimiento 2026-2" in body
    assert focal.page.locator("text=Report an action").count() > 0
    # the dashboard is a tab of the user's dashboard
    focal.check("/dashboard/datasets", "user-dashboard")
    assert focal.page.locator("a[href$='/dashboard/institution/ministerio-salud']").count() > 0
    focal.goto("/dashboard/coordination", expect_status=403)
    focal.goto("/dashboard/institution/ministerio-mujer", expect_status=403)


def test_the_institution_dashboard_for_its_validating_authority(visitor):
    validator = visitor("validator")
    validator.login("validadora-salud")
    validator.check("/dashboard/institution/ministerio-salud", "institution-dashboard")
    assert validator.page.locator("#simore-submitted").count() == 1


def test_the_coordination_dashboard(visitor):
    coordinator = visitor("coordinator")
    coordinator.login("coordinadora")
    coordinator.check("/dashboard/coordination", "coordination-dashboard")
    body = coordinator.page.locator("[role=main]").first.inner_text()
    for heading in (
        "Reporting compliance in open rounds",
        "Overdue institutions",
        "Actions waiting for publication",
        "Recommendations without an institution",
        "Recommendations without any action",
    ):
        assert heading in body
    # from the compliance chart to an institution's dashboard
    coordinator.page.locator("svg a[href*='/dashboard/institution/']").first.click()
    coordinator.page.wait_for_url(re.compile(r"/dashboard/institution/"))
    coordinator.screenshot("institution-dashboard-from-chart")
    assert not coordinator.axe("institution-dashboard-from-chart")
    coordinator.check("/dashboard/institution", "institution-chooser")
    coordinator.check("/dashboard/coordination/without-action", "without-action")
    coordinator.check("/es/dashboard/coordination", "coordination-dashboard-es")
    coordinator.check("/fr/dashboard/coordination", "coordination-dashboard-fr")


def test_unpublished_actions_stay_out_of_public_pages(visitor):
    public = visitor("public")
    public.goto("/action/")
    for draft in ("action-demo-003", "action-demo-017", "action-demo-001"):  # draft, draft, submitted
        assert public.page.locator(f"a[href$='/action/{draft}']").count() == 0
    public.goto("/action/action-demo-003", expect_status=404)
    public.goto("/dashboard/institution/ministerio-salud", expect_status=403)


def test_the_evidence_form_works_under_the_content_security_policy(visitor):
    """CKAN's resource form relies on inline event handlers, which the CSP
    blocks: the portal's own script does their work. A script link is
    refused with a message on the field; an http(s) link is saved."""
    focal = visitor("focal-point")
    focal.login("punto-focal-mujer")
    focal.goto("/action/action-demo-003/resource/new")
    page = focal.page
    with page.expect_file_chooser() as chooser:
        page.click("#resource-upload-button")
    assert chooser.value is not None and page.is_checked("#resource-url-upload")
    page.locator(".upload-type .btn-remove-url").last.click()  # back to the choice
    assert page.is_checked("#resource-url-none")
    page.click("#resource-link-button")
    assert page.is_checked("#resource-url-link")
    assert page.evaluate("document.activeElement.id") == "field-resource-url"
    page.fill("#field-resource-url", "javascript:alert(document.cookie)")
    page.fill("#field-name", "Resolución ministerial")
    page.click("button[name=save][value=go-dataset-complete]")
    page.wait_for_load_state()
    assert "Only links beginning with http:// or https:// are accepted" in page.content()
    assert page.is_checked("#resource-url-link")  # the form comes back on the link
    page.fill("#field-resource-url", "https://example.org/resolucion.pdf")
    page.click("button[name=save][value=go-dataset-complete]")
    page.wait_for_url(re.compile(r"/action/action-demo-003$"))
    assert page.locator("a[href='https://example.org/resolucion.pdf']").count() == 1
    assert not focal.blocked, focal.blocked


def test_a_focal_point_links_a_recommendation_by_its_symbol_without_its_identifier(visitor):
    """The picker of the action form: a document symbol typed, the
    institution's recommendation first, chosen with the keyboard."""
    focal = visitor("focal-point")
    focal.login("punto-focal-salud")
    focal.goto("/action/new")
    page = focal.page
    search = page.locator("#field-recommendations-search")
    search.fill("A/HRC/17")
    options = page.locator("#field-recommendations-options [role=option]")
    options.first.wait_for()
    first = options.first.inner_text()
    assert "A/HRC/17/18" in first and "86.4" in first and "Assigned to your institution" in first, first
    assert page.get_attribute("#field-recommendations-search", "aria-expanded") == "true"
    focal.screenshot("action-form-picker")
    assert not focal.axe("action-form-picker")
    search.press("ArrowDown")
    search.press("Enter")
    assert page.input_value("#field-recommendations") == "rec-demo-003"
    assert not focal.blocked, focal.blocked


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_forms_are_accessible_in_each_language(visitor, lang):
    """Every form of the extension's types, and the evidence pages, in
    Spanish and French: axe finds no serious violation."""
    forms = {
        ("focal-point", "punto-focal-mujer"): [
            ("/action/new", "action-form"),
            ("/action/edit/action-demo-003", "action-edit-form"),
            ("/action/action-demo-003/resource/new", "evidence-form"),
            ("/action/resources/action-demo-003", "evidence-list"),
        ],
        ("coordinator", "coordinadora"): [
            ("/recommendation/new", "recommendation-form"),
            ("/mechanism/new", "mechanism-form"),
            ("/rounds/new", "round-form"),
            ("/recommendation/rec-demo-001", "status-and-assignment-forms"),
            ("/no-such-page", "not-found"),
        ],
    }
    for (role, user), pages in forms.items():
        person = visitor(role)
        person.login(user)
        for path, label in pages:
            status = 404 if label == "not-found" else 200
            person.check("/{}{}".format(lang, path), "{}-{}".format(label, lang), expect_status=status)


def test_the_demo_report_draft_and_request_for_the_coordinator_only(visitor):
    """The demo's mid-term draft cites the approved answer and the
    indicators' series; the request shows its answers to the coordinator,
    and to the public only the approved one; the draft stays private."""
    coordinator = visitor("coordinator")
    coordinator.login("coordinadora")
    page = coordinator.page
    coordinator.check("/drafts", "drafts")
    page.locator("[role=main] td a[href*='/drafts/']").first.click()
    page.wait_for_url(re.compile(r"/drafts/[0-9a-f]+$"))
    draft_path = page.url.replace(coordinator.server.url, "")
    coordinator.check(draft_path, "draft")
    text = page.locator("[role=main]").inner_text()
    assert "casas de espera materna" in text and "A/HRC/61/11" in text
    assert re.search(r"Razón de mortalidad materna: 2019: 84[.,]1", text), text
    coordinator.check("/information-requests", "information-requests-coordinator")
    page.locator("[role=main] td a[href*='/information-requests/']").first.click()
    page.wait_for_url(re.compile(r"/information-requests/[0-9a-f]+$"))
    request_path = page.url.replace(coordinator.server.url, "")
    coordinator.check(request_path, "information-request-coordinator")
    answers = page.locator("[role=main]").inner_text()
    assert "Centros Regionales de las Mujeres" in answers  # submitted: the coordinators see it

    public = visitor("public")
    public.check(request_path, "information-request")
    shown = public.page.locator("[role=main]").inner_text()
    assert "casas de espera materna" in shown  # approved
    assert "Centros Regionales de las Mujeres" not in shown and "en preparación" not in shown
    public.goto(draft_path, expect_status=404)  # not even its existence
    public.goto("/recommendation/rec-demo-016")
    chart = public.page.locator(".simore-indicators")
    assert chart.locator("svg").count() >= 1 and "Maternal mortality ratio" in chart.inner_text()
