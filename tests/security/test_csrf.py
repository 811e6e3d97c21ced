"""Cookie-authenticated writes need a CSRF token whatever came before.

CKAN 2.12 exempts a view from CSRF checks for everyone, until restart,
after one request to it authenticated by an API token; CKAN 2.11 exempts
every plugin's blueprints by default. A browser's (cookie's) POST without a
token must be refused anyway, on the portal's forms and on the API; a
script's POST with an API token needs none."""

from __future__ import annotations

import io

import pytest
from ckan import model
from ckan.tests import factories, helpers
from web_client import PASSWORD, browser_of, csrf_token, token_header
from werkzeug.datastructures import FileStorage

pytestmark = [pytest.mark.ckan_config("WTF_CSRF_ENABLED", True), pytest.mark.usefixtures("clean_queues")]

CSV = b"recommendation,mechanism,document_symbol\nAdoptar una ley contra la trata.,cedaw,CEDAW/C/PRY/CO/8\n"
PDF = b"%PDF-1.4\n%%EOF\n"
SHEET = b"name,title_es,branch\ncoordinacion,Coordinaci\xc3\xb3n,executive\nnueva,Instituci\xc3\xb3n nueva,executive\n"


def _round_titles():
    return [row["title"] for row in helpers.call_action("simore_round_list", context={"user": "coordinadora"})]


def _status(site):
    return helpers.call_action("package_show", id=site.recommendation["id"])["implementation_status"]


def _calendar_size():
    return helpers.call_action("simore_obligation_list")["count"]


def _indicators():
    return helpers.call_action("simore_indicator_list")["count"]


def _information_requests():
    return helpers.call_action("simore_information_request_list", context={"user": "coordinadora"})["count"]


def _asked_request() -> dict:
    """A draft request of one question asked of salud (written the first time)."""
    listed = helpers.call_action("simore_information_request_list", context={"user": "coordinadora"})["requests"]
    found = next((entry["id"] for entry in listed if entry["title"] == "Cuestionario CSRF"), None)
    if found is None:
        found = helpers.call_action(
            "simore_information_request_create",
            context={"user": "coordinadora"},
            title="Cuestionario CSRF",
            kind="own",
            deadline="2030-06-30",
            questions="1. ¿Qué medidas?",
            institutions=["salud"],
        )["id"]
    return helpers.call_action("simore_information_request_show", context={"user": "coordinadora"}, id=found)


def _obligation_id() -> str:
    """The site's one reporting obligation (added the first time)."""
    found = helpers.call_action("simore_obligation_list")["obligations"]
    if found:
        return found[0]["id"]
    return helpers.call_action(
        "simore_obligation_create",
        context={"user": "coordinadora"},
        mechanism="cedaw",
        kind="follow_up_report",
        due_date="2030-06-30",
    )["id"]


def _drafts_size():
    return helpers.call_action("simore_draft_list", obligation=_obligation_id())["count"]


def _draft_id() -> str:
    """The obligation's first draft (drafted the first time)."""
    listed = helpers.call_action("simore_draft_list", obligation=_obligation_id())["drafts"]
    if listed:
        return listed[-1]["id"]
    return helpers.call_action("simore_draft_create", context={"user": "coordinadora"}, obligation=_obligation_id())[
        "id"
    ]


def _draft_section() -> dict:
    """The introduction of that draft."""
    return helpers.call_action("simore_draft_show", id=_draft_id())["sections"][0]


def _annexes() -> int:
    return len(helpers.call_action("simore_draft_show", id=_draft_id())["annexes"])


def _annex_removal_url() -> str:
    """The removal of a new annex of that draft."""
    annexed = helpers.call_action(
        "simore_draft_annex_add",
        context={"user": "coordinadora"},
        id=_draft_id(),
        upload=FileStorage(io.BytesIO(PDF), filename="anexo.pdf"),
    )["annexes"][-1]
    return "/drafts/{}/annexes/{}/delete".format(_draft_id(), annexed["id"])


def _import_runs():
    return len(helpers.call_action("simore_import_list", context={"user": "coordinadora"}))


def _undone() -> int:
    listed = helpers.call_action("simore_change_set_list", context={"user": "coordinadora"}, limit=100)
    return sum(1 for change_set in listed["results"] if change_set["undoes"])


def _undo_url(site) -> str:
    """The undoing of a new assignment (each change is undone once)."""
    assigned = helpers.call_action("package_show", id=site.recommendation["id"]).get("institutions") or []
    change_set = helpers.call_action(
        "simore_recommendation_assign",
        context={"user": "coordinadora"},
        ids=[site.recommendation["id"]],
        institutions=["salud"] if "coordinacion" in assigned else ["salud", "coordinacion"],
        replace=True,
    )["change_set"]
    return "/recommendations/changes/{}/undo".format(change_set)


def _targets(site):
    """(name, URL (or what makes it), form or JSON data, what the write
    changes) for each kind of cookie-authenticated write."""
    status_url = "/recommendation/{}/status".format(site.recommendation["name"])
    return [
        (
            "round form",
            "/rounds/new",
            lambda n: {"data": {"title": "Ronda {}".format(n), "due_date": "2030-06-30", "fq": "mechanism:cedaw"}},
            lambda: len(_round_titles()),
        ),
        (
            "status form",
            status_url,
            lambda n: {
                "data": {
                    "status": "implemented" if _status(site) == "in_progress" else "in_progress",
                    "justification": "Cambio {}".format(n),
                }
            },
            lambda: _status(site),
        ),
        (
            "bulk form",
            "/recommendations/bulk/apply",
            lambda n: {
                "data": {
                    "scope": "selected",
                    "ids": site.recommendation["name"],
                    "operation": "status",
                    "status": "implemented" if _status(site) == "in_progress" else "in_progress",
                    "justification": "Cambio en bloque {}".format(n),
                }
            },
            lambda: _status(site),
        ),
        (
            "undoing of a bulk change",
            lambda: _undo_url(site),
            lambda n: {"data": {"justification": "Deshecho {}".format(n), "confirm": "1"}},
            _undone,
        ),
        (
            "calendar form",
            "/calendar/new",
            lambda n: {
                "data": {
                    "mechanism": "cedaw",
                    "kind": "periodic_report",
                    "due_date": "2030-06-{:02d}".format(n % 28 + 1),
                }
            },
            _calendar_size,
        ),
        ("drafting a report", "/drafts/new", lambda n: {"data": {"obligation": _obligation_id()}}, _drafts_size),
        (
            "draft section form",
            lambda: "/drafts/section/{}/edit".format(_draft_section()["id"]),
            lambda n: {"data": {"body": "Introducción {}".format(n)}},
            lambda: _draft_section()["version"],
        ),
        (
            "draft comment form",
            lambda: "/drafts/section/{}/comment".format(_draft_section()["id"]),
            lambda n: {"data": {"text": "Comentario {}".format(n)}},
            lambda: len(_draft_section()["comments"]),
        ),
        (
            "draft annex upload",
            lambda: "/drafts/{}/annexes".format(_draft_id()),
            lambda n: {
                "data": {"title": "Anexo {}".format(n), "upload": (io.BytesIO(PDF), "anexo.pdf")},
                "content_type": "multipart/form-data",
            },
            _annexes,
        ),
        ("draft annex removal", _annex_removal_url, lambda n: {"data": {}}, _annexes),
        (
            "indicator form",
            "/indicators/new",
            lambda n: {
                "data": {
                    "code": "indicator-{}".format(n),
                    "title-es": "Indicador {}".format(n),
                    "kind": "outcome",
                    "unit": "percentage",
                    "periodicity": "annual",
                    "organization": "coordinacion",
                }
            },
            _indicators,
        ),
        (
            "information request form",
            "/information-requests/new",
            lambda n: {"data": {"title": "Cuestionario {}".format(n), "kind": "own", "deadline": "2030-06-30"}},
            _information_requests,
        ),
        (
            "asking more institutions",
            lambda: "/information-requests/{}/ask".format(_asked_request()["id"]),
            lambda n: {"data": {"institutions": "coordinacion", "deadline": "2030-07-{:02d}".format(n % 28 + 1)}},
            lambda: [(a["name"], a["deadline"]) for a in _asked_request()["questions"][0]["assignments"]],
        ),
        (
            "import upload",
            "/imports/",
            lambda n: {
                "data": {"upload": (io.BytesIO(CSV), "recomendaciones.csv"), "organization": "coordinacion"},
                "content_type": "multipart/form-data",
            },
            _import_runs,
        ),
        (
            "API",
            "/api/3/action/simore_round_create",
            lambda n: {"json": {"title": "Ronda API {}".format(n), "due_date": "2030-06-30", "fq": "mechanism:cedaw"}},
            lambda: len(_round_titles()),
        ),
    ]


def _writes_without_token(browser, targets, start):
    """The targets a cookie-authenticated POST without a CSRF token changed."""
    went_through = []
    for number, (name, url, request, effect) in enumerate(targets, start=start):
        url = url() if callable(url) else url
        before = effect()
        response = browser.post(url, **request(number))
        if response.status_code != 400 or effect() != before:
            went_through.append(name)
    return went_through


def test_cookie_writes_need_a_csrf_token_before_and_after_an_api_token_request(app, site):
    targets = _targets(site)
    browser = browser_of(app, "coordinadora")
    assert not _writes_without_token(browser, targets, 0), "a forged cross-site form went through"

    # a script writes to every view with its API token: no CSRF token needed
    coordinator = token_header("coordinadora")
    for number, (name, url, request, effect) in enumerate(targets, start=10):
        url = url() if callable(url) else url
        before = effect()
        response = app.post(url, headers=coordinator, **request(number))
        assert response.status_code == 200, (name, response.status_code)
        assert effect() != before, name

    went_through = _writes_without_token(browser, targets, 20)
    assert not went_through, "cookie POSTs without a CSRF token went through: {}".format(went_through)

    # the same browser with the token of its page: every write works
    for number, (name, url, request, effect) in enumerate(targets, start=30):
        url = url() if callable(url) else url
        token = csrf_token(browser.get("/rounds/").body)
        before = effect()
        kwargs = request(number)
        if "json" in kwargs:
            kwargs["headers"] = {"X-CSRFToken": token}
        else:
            kwargs["data"]["_csrf_token"] = token
        response = browser.post(url, **kwargs)
        assert response.status_code == 200, (name, response.status_code)
        assert effect() != before, name


def test_the_country_setup_of_a_sysadmins_browser_needs_a_csrf_token(app, site):
    factories.Sysadmin(name="administra", email="administra@example.org", password=PASSWORD)
    browser = browser_of(app, "administra")

    def posted(**extra):
        data = {"upload": (io.BytesIO(SHEET), "instituciones.csv"), "mechanisms": ["UPR"], "step": "apply", **extra}
        return browser.post("/setup/", data=data, content_type="multipart/form-data")

    assert posted().status_code == 400
    assert model.Group.get("nueva") is None
    response = posted(_csrf_token=csrf_token(browser.get("/setup/").body))
    assert response.status_code == 200
    assert model.Group.get("nueva") is not None
