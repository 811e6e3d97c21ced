"""Civil society on the portal, in a real browser, as each person does
their part: a visitor registers and asks to join a civil society
organization, whose admin approves; the new member gives the
organization's assessment of a recommendation and comments on it; the
coordinator opens a consultation on the demo's report draft and the
member comments on a section; the coordinator moderates all three, a
focal point of an institution concerned answers the assessment, the
coordinator responds to the consultation comment,
closes the consultation, publishes its record and downloads it; the public
reads the assessment beside the State's status with the answer, and the
record. axe-core scans every page; screenshots go to
``test-artifacts/browser/``. In its own module: it changes the demo data."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest

pytestmark = pytest.mark.browser

ORGANIZATION = "red-ciudadana-ddhh"
RECOMMENDATION = "rec-demo-001"  # the State says "in progress"; the Senate and Justice are assigned
ASSESSMENT = "El proyecto de ley contra la discriminación sigue sin tratarse en el Senado desde 2023."
CONSULTATION_COMMENT = "El informe debería citar las denuncias de discriminación recibidas por la Defensoría."
COMMENT = "Pedimos que el Senado convoque una audiencia pública sobre el proyecto."
ANSWER = "El Ministerio de Justicia presentará un nuevo proyecto de ley en 2027."
RESPONSE = "Se incluirán las cifras de la Defensoría en el párrafo 3."
PASSWORD = "Una-clave-larga-2026"


def _scan(person, label: str) -> None:
    person.screenshot(label)
    serious = person.axe(label)
    assert not serious, (label, person.page.url, serious)


def _submit(person, button: str, lands_on: str) -> None:
    page = person.page
    with page.expect_navigation():
        page.click(button)
    refused = page.locator(".alert-danger, .error-explanation")
    assert re.search(lands_on, page.url), (page.url, refused.all_inner_texts())


def _register_and_ask_to_join(person) -> None:
    page = person.page
    person.goto("/user/register")
    page.fill("#field-username", "nueva-activista")
    page.fill("#field-fullname", "Nora Activista")
    page.fill("#field-email", "nueva-activista@example.org")
    page.fill("#field-password", PASSWORD)
    page.fill("#field-confirm-password", PASSWORD)
    with page.expect_navigation():
        page.locator("form#user-register-form button[type=submit]").click()
    person.check("/civil_society/", "civil-society-index")
    person.goto("/civil_society/" + ORGANIZATION)
    _scan(person, "civil-society-organization")
    with page.expect_navigation():
        page.click("a[href$='/participation/join/{}']".format(ORGANIZATION))
    _scan(person, "civil-society-join")
    page.fill("#field-message", "Coordino el área de igualdad de la Red.")
    _submit(
        person,
        "form[action$='/participation/join/{}'] button[type=submit]".format(ORGANIZATION),
        r"/participation/requests$",
    )
    assert "Waiting for a decision" in page.locator("[role=main]").inner_text()
    _scan(person, "civil-society-request-sent")


def _admin_approves(admin) -> None:
    page = admin.page
    admin.goto("/participation/requests")
    assert "Nora Activista" in page.locator("[role=main]").inner_text()
    _scan(admin, "civil-society-requests-to-decide")
    _submit(admin, "button[name=decision][value=approve]", r"/participation/requests$")
    assert "approved" in page.locator(".alert").first.inner_text()


def _member_assesses(member) -> None:
    page = member.page
    member.goto("/recommendation/" + RECOMMENDATION)
    form = page.locator("#civil-society form.simore-contribute").last
    form.locator("select[name=kind]").select_option("assessment")
    form.locator("select[name=status]").select_option("not_started")
    form.locator("textarea[name=body]").fill(ASSESSMENT)
    form.locator("textarea[name=evidence]").fill("https://example.org/red/senado-2025")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "moderators" in page.locator(".alert").first.inner_text()
    assert "Waiting for moderation" in page.locator("#civil-society").inner_text()
    _scan(member, "civil-society-assessment-sent")
    form = page.locator("#civil-society form.simore-contribute").last
    form.locator("select[name=kind]").select_option("comment")
    form.locator("textarea[name=body]").fill(COMMENT)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator("#civil-society article", has_text=COMMENT).count() == 1


def _coordinator_opens_a_consultation(coordinator) -> str:
    page = coordinator.page
    coordinator.goto("/drafts")
    with page.expect_navigation():
        page.locator("[role=main] a[href*='/drafts/']").first.click()
    page.click("#consultation summary")
    closes = datetime.date.today() + datetime.timedelta(days=30)
    page.fill("#field-closes", closes.isoformat())
    page.fill("#field-consultation-message", "Esperamos sus aportes sobre el borrador del informe de mitad de período.")
    _scan(coordinator, "consultation-form")
    _submit(coordinator, "form[action$='/consult'] button[type=submit]", r"/consultations/[0-9a-f]+$")
    _scan(coordinator, "consultation-open")
    return page.url


def _member_comments_on_a_section(member, consultation_url: str) -> None:
    page = member.page
    page.goto(consultation_url)
    _scan(member, "consultation-as-member")
    section = page.locator("section[id^=section-]").first
    section.locator("summary").click()
    section.locator("textarea[name=body]").fill(CONSULTATION_COMMENT)
    with page.expect_navigation():
        section.locator("button[type=submit]").click()
    assert "moderators" in page.locator(".alert").first.inner_text()


def _coordinator_moderates(coordinator) -> None:
    page = coordinator.page
    coordinator.goto("/participation/moderation")
    _scan(coordinator, "moderation-queue")
    for text in (ASSESSMENT, COMMENT, CONSULTATION_COMMENT):
        card = page.locator("article.card", has_text=text)
        with page.expect_navigation():
            card.locator("button[name=decision][value=publish]").click()
        assert "published" in page.locator(".alert").first.inner_text()


def _focal_point_answers(focal) -> None:
    page = focal.page
    focal.goto("/recommendation/" + RECOMMENDATION)
    card = page.locator("article.simore-contribution", has_text=ASSESSMENT)
    card.locator("details summary", has_text="Answer for").click()
    card.locator("textarea[name=body]").fill(ANSWER)
    with page.expect_navigation():
        card.locator("form[action$='/answer'] button[type=submit]").click()
    assert ANSWER in page.locator("#civil-society").inner_text()


def _coordinator_responds_and_publishes_the_record(coordinator, consultation_url: str) -> list[list[str]]:
    page = coordinator.page
    page.goto(consultation_url)
    card = page.locator("article.card", has_text=CONSULTATION_COMMENT)
    card.locator("select[name=response]").select_option("partly")
    card.locator("input[name=text]").fill(RESPONSE)
    with page.expect_navigation():
        card.locator("button[type=submit]").click()
    _submit(coordinator, "form[action$='/close'] button[type=submit]", r"/consultations/[0-9a-f]+$")
    _submit(coordinator, "form[action$='/publish'] button[type=submit]", r"/consultations/[0-9a-f]+$")
    assert "Record published" in page.locator("[role=main]").inner_text()
    _scan(coordinator, "consultation-record")
    with page.expect_download() as download:
        page.click("a[href$='/record.csv']")
    return list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))


def test_civil_society_takes_part_and_is_answered(visitor):
    person = visitor("civil-society-member")
    _register_and_ask_to_join(person)
    person.server.passwords["nueva-activista"] = PASSWORD

    admin = visitor("civil-society-admin")
    admin.login("osc-red-admin")
    _admin_approves(admin)

    member = visitor("civil-society-member")
    member.login("nueva-activista")
    _member_assesses(member)

    coordinator = visitor("coordinator")
    coordinator.login("coordinadora")
    consultation_url = _coordinator_opens_a_consultation(coordinator)

    member = visitor("civil-society-member")
    member.login("nueva-activista")
    _member_comments_on_a_section(member, consultation_url)

    coordinator = visitor("coordinator")
    coordinator.login("coordinadora")
    _coordinator_moderates(coordinator)

    focal = visitor("focal-point")
    focal.login("punto-focal-justicia")
    _focal_point_answers(focal)

    coordinator = visitor("coordinator")
    coordinator.login("coordinadora")
    rows = _coordinator_responds_and_publishes_the_record(coordinator, consultation_url)
    assert rows[0][:2] == ["section", "organization"]
    assert [row[1] for row in rows[1:]] == ["Red Ciudadana por los Derechos Humanos"] and rows[1][5] == RESPONSE

    public = visitor("public")
    public.goto("/recommendation/" + RECOMMENDATION)
    said = public.page.locator("#civil-society").inner_text()
    assert ASSESSMENT in said and COMMENT in said and ANSWER in said and "Nora Activista" not in said
    assert public.page.locator("#civil-society table tr.table-warning").count() >= 1  # differs from the State
    _scan(public, "civil-society-on-a-recommendation")
    public.page.goto(consultation_url)
    assert RESPONSE in public.page.locator("[role=main]").inner_text()
    _scan(public, "consultation-record-public")
