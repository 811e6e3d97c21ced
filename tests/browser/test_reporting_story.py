"""A report to a mechanism, from the calendar to the Word file, in a real
browser, as each person does their part: the coordinator adds a report to
the calendar and asks the Ministry of Health for information; its focal
point answers and its validating authority approves the answer; the
coordinator drafts the report (the approved answer and the published
actions in it), rewrites a section, reads what changed between its
versions and downloads the DOCX, which python-docx opens; then annexes a
file and submits the report, which the public reads and whose annex it
downloads (it was a 404 before). axe-core scans
every page; screenshots go to ``test-artifacts/browser/``. In its own
module: it changes the demo data."""

from __future__ import annotations

import datetime
import io
import re

import docx
import pytest

pytestmark = pytest.mark.browser

# CAT's follow-up on two recommendations the Ministry of Health shares
RECOMMENDATIONS = ["rec-demo-035", "rec-demo-036"]
PERIOD = "Seguimiento de CAT/C/PRY/CO/8"
REQUEST_TITLE = "Seguimiento CAT: salud en los lugares de detención"
QUESTION = "1. Informe sobre la atención de salud en los centros penitenciarios desde 2024."
ANSWER = (
    "Se incorporaron 40 profesionales de salud a los centros penitenciarios y se digitalizaron las historias clínicas."
)
INTRODUCTION = (
    "Introducción revisada por la coordinación: el Estado informa sobre las dos recomendaciones de seguimiento."
)
ANNEX_TITLE = "Anexo estadístico: personal de salud penitenciario"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _scan(person, label: str) -> None:
    person.screenshot(label)
    serious = person.axe(label)
    assert not serious, (label, person.page.url, serious)


def _submit(person, button: str, lands_on: str) -> None:
    """Click a form's button; the page it lands on must match ``lands_on``
    (a regular expression), else the form's error is shown."""
    page = person.page
    with page.expect_navigation():
        page.click(button)
    refused = page.locator(".alert-danger, .error-explanation")
    assert re.search(lands_on, page.url), (page.url, refused.all_inner_texts())


def _coordinator_adds_the_report(coordinator) -> str:
    """The calendar's form, filled as a coordinator would; the report's page."""
    page = coordinator.page
    coordinator.check("/calendar", "story-calendar")
    coordinator.goto("/calendar/new")
    _scan(coordinator, "story-calendar-form")
    due = datetime.date.today() + datetime.timedelta(days=200)
    page.select_option("#field-mechanism", "cat")
    page.select_option("#field-kind", "follow_up_report")
    page.fill("#field-period", PERIOD)
    page.fill("#field-due_date", due.isoformat())
    page.select_option("#field-state", "collecting")
    page.fill("#field-recommendations", "\n".join(RECOMMENDATIONS))
    _submit(coordinator, "form[action$='/calendar/new'] button[type=submit]", r"/calendar/[0-9a-f-]+$")
    assert PERIOD in page.locator("h1").inner_text()
    covered = page.locator("[role=main] a[href*='/recommendation/']")
    assert sorted(covered.nth(i).get_attribute("href").rsplit("/", 1)[-1] for i in range(covered.count())) == (
        RECOMMENDATIONS
    )
    _scan(coordinator, "story-obligation")
    return page.url


def _coordinator_asks_for_information(coordinator, obligation_url: str) -> str:
    """From the report's page: the request's form opens feeding the report,
    about its mechanism and recommendations; saved, then sent."""
    page = coordinator.page
    page.click("a:has-text('Ask the institutions for information')")
    page.wait_for_url("**/information-requests/new?obligation=*")
    obligation_id = obligation_url.rsplit("/", 1)[-1]
    assert page.input_value("#field-obligation") == obligation_id
    assert page.input_value("#field-mechanism") == "cat"
    assert page.input_value("#field-recommendations").split() == RECOMMENDATIONS
    _scan(coordinator, "story-request-form")
    page.fill("#field-title", REQUEST_TITLE)
    page.fill("#field-deadline", (datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    page.fill("#field-questions", QUESTION)
    page.fill("#field-institutions", "ministerio-salud")
    _submit(
        coordinator,
        "form[action$='/information-requests/new'] button[type=submit]",
        r"/information-requests/[0-9a-f-]+$",
    )
    request_url = page.url
    page.click("form[action$='/send'] button[type=submit]")
    page.wait_for_url(request_url)
    assert "sent to the institutions" in page.locator(".flash-messages, .alert").first.inner_text()
    _scan(coordinator, "story-request-sent")
    return request_url


def _open_the_question_from_the_dashboard(person) -> None:
    page = person.page
    person.goto("/dashboard/institution")
    page.click(f"#content a:has-text('{REQUEST_TITLE}')")
    page.wait_for_url("**/information-requests/*/questions/**")


def _focal_point_answers(focal) -> None:
    page = focal.page
    _open_the_question_from_the_dashboard(focal)
    _scan(focal, "story-answer-form")
    page.fill("#field-text", ANSWER)
    page.click("button:has-text('Save the answer')")
    page.wait_for_load_state()
    page.click("button[name=transition][value=submit]")
    page.wait_for_load_state()
    assert "Submitted" in page.locator("[role=main]").inner_text()
    _scan(focal, "story-answer-submitted")


def _validator_approves(validator) -> None:
    page = validator.page
    _open_the_question_from_the_dashboard(validator)
    assert ANSWER in page.locator("[role=main]").inner_text()
    _scan(validator, "story-answer-to-approve")
    page.click("button[name=transition][value=approve]")
    page.wait_for_load_state()
    assert "Approved" in page.locator("[role=main]").inner_text()


def _coordinator_drafts_the_report(coordinator, obligation_url: str) -> str:
    page = coordinator.page
    coordinator.goto(obligation_url.replace(coordinator.server.url, ""))
    page.select_option("#field-draft-language", "en")
    page.click("button:has-text('Draft this report')")
    page.wait_for_url(re.compile(r"/drafts/[0-9a-f-]+$"))
    text = page.locator("[role=main]").inner_text()
    assert ANSWER in text  # the approved answer, cited
    assert "CAT/C/PRY/CO/7, para. 19" in text and "CAT/C/PRY/CO/7, para. 33" in text
    _scan(coordinator, "story-draft")
    return page.url


def _coordinator_edits_the_introduction(coordinator, draft_url: str) -> None:
    page = coordinator.page
    page.locator("a:has-text('Edit this section')").first.click()
    page.wait_for_url("**/drafts/section/*/edit")
    _scan(coordinator, "story-section-form")
    page.fill("#field-body", INTRODUCTION)
    page.click("button:has-text('Save a new version')")
    page.wait_for_url(re.compile(re.escape(draft_url) + r"(#.*)?$"))
    assert INTRODUCTION in page.locator("[role=main]").inner_text()
    page.locator("a:has-text('2 versions')").first.click()
    page.wait_for_url("**/drafts/section/*/versions")
    assert page.locator("tbody tr").count() == 2
    assert "Lorena Giménez Acosta" in page.locator("tbody").inner_text()
    page.click("a:has-text('What changed')")
    page.wait_for_url("**/versions?to=2")
    assert INTRODUCTION in page.locator(".simore-diff-added").first.inner_text()
    assert page.locator(".simore-diff-removed").count() >= 1
    _scan(coordinator, "story-section-versions")


def _coordinator_downloads_the_docx(coordinator, draft_url: str) -> docx.Document:
    page = coordinator.page
    coordinator.goto(draft_url.replace(coordinator.server.url, ""))
    with page.expect_download() as download:
        page.click("a:has-text('Download (DOCX)')")
    return docx.Document(io.BytesIO(open(download.value.path(), "rb").read()))


def _coordinator_annexes_a_file(coordinator, draft_url: str) -> str:
    """The annex's download link (a path)."""
    page = coordinator.page
    coordinator.goto(draft_url.replace(coordinator.server.url, ""))
    page.fill("#field-annex-title", ANNEX_TITLE)
    page.set_input_files(
        "#field-annex-upload", files=[{"name": "anexo.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    _submit(coordinator, "button:has-text('Add the annex')", re.escape(draft_url) + r"(#.*)?$")
    link = page.locator("#annexes a:has-text('{}')".format(ANNEX_TITLE))
    assert link.count() == 1
    _scan(coordinator, "story-draft-annexed")
    return link.get_attribute("href")


def _coordinator_submits(coordinator, draft_url: str) -> None:
    page = coordinator.page
    coordinator.goto(draft_url.replace(coordinator.server.url, ""))
    page.fill("#field-submitted_on", datetime.date.today().isoformat())
    _submit(coordinator, "button:has-text('Submit and publish')", re.escape(draft_url) + r"(#.*)?$")
    assert "Add the annex" not in page.locator("[role=main]").inner_text()


def test_a_report_goes_from_the_calendar_to_a_word_file(visitor):
    coordinator = visitor("story-coordinator")
    coordinator.login("coordinadora")
    obligation_url = _coordinator_adds_the_report(coordinator)
    _coordinator_asks_for_information(coordinator, obligation_url)

    focal = visitor("story-focal-point")
    focal.login("punto-focal-salud")
    _focal_point_answers(focal)

    validator = visitor("story-validator")
    validator.login("validadora-salud")
    _validator_approves(validator)

    coordinator = visitor("story-coordinator")
    coordinator.login("coordinadora")
    draft_url = _coordinator_drafts_the_report(coordinator, obligation_url)
    _coordinator_edits_the_introduction(coordinator, draft_url)
    report = _coordinator_downloads_the_docx(coordinator, draft_url)

    styled = [(paragraph.style.name, paragraph.text) for paragraph in report.paragraphs]
    headings = [text for style, text in styled if style.startswith("Heading")]
    assert headings[0] == "Follow-up report — CAT (Seguimiento de CAT/C/PRY/CO/8)"
    assert headings[1:] == ["Introduction", "Paragraph 19 (CAT/C/PRY/CO/7)", "Paragraph 33 (CAT/C/PRY/CO/7)"]
    body = [text for style, text in styled if style == "Normal"][1:]  # after the title line
    numbers = [int(text.split(".\t", 1)[0]) for text in body]
    assert numbers == list(range(1, len(body) + 1)) and len(body) >= 3  # numbered across sections
    assert body[0] == "1.\t" + INTRODUCTION
    assert any(ANSWER in text for text in body)
    for paragraph in ("19", "33"):
        assert any(text.endswith(f"(CAT/C/PRY/CO/7, para. {paragraph})") for text in body), paragraph
    assert report.core_properties.language == "en"

    # the annex is the coordinators' until the report is submitted, then everyone's
    annex = _coordinator_annexes_a_file(coordinator, draft_url)
    public = visitor("story-public")
    public.goto(draft_url.replace(coordinator.server.url, ""), expect_status=404)
    public.goto(annex, expect_status=404)
    coordinator = visitor("story-coordinator")
    coordinator.login("coordinadora")
    _coordinator_submits(coordinator, draft_url)
    public = visitor("story-public")
    public.check(draft_url.replace(coordinator.server.url, ""), "story-published-report")
    assert ANNEX_TITLE in public.page.locator("#annexes").inner_text()
    with public.page.expect_download() as download:
        public.page.click("#annexes a:has-text('{}')".format(ANNEX_TITLE))
    assert download.value.url.endswith(annex) and open(download.value.path(), "rb").read() == PDF
    for person in (coordinator, focal, validator, public):
        assert not person.blocked, person.blocked
