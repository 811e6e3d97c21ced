"""Who may do and see what: every workflow action and every read channel,
against every role. An unpublished action is seen only by its institution
and the coordinators; nobody writes across institutions."""

import io

import builders
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from werkzeug.datastructures import FileStorage

ROLES = ["anonymous", "registered", "focal_point", "other_focal_point", "validator", "coordinator", "sysadmin"]
SEES_UNPUBLISHED = {"focal_point", "validator", "coordinator", "sysadmin"}


@pytest.fixture
def tokens(network):
    people = vars(network.people)
    result = {"anonymous": None}
    for role in ROLES[1:]:
        name = people["registered" if role == "registered" else role]["name"]
        result[role] = factories.APIToken(user=name)["token"]
    return result


@pytest.fixture
def draft_action(network):
    return builders.action(
        "salud",
        [network.recommendation["name"]],
        _user="focal-salud",
        resources=[{"url": "https://example.org/evidencia.pdf", "name": "Evidencia"}],
    )


def _user(network, role):
    return "" if role == "anonymous" else vars(network.people)[role]["name"]


def _may(network, role, action, data):
    """Whether the role's auth function lets it run ``action`` on ``data``."""
    try:
        tk.check_access(action, {"user": _user(network, role)}, data)
        return True
    except tk.NotAuthorized:
        return False


def _does(network, role, action, **data):
    """Whether the role runs ``action`` (its auth checked) without being refused."""
    try:
        helpers.call_action(action, context={"user": _user(network, role), "ignore_auth": False}, **data)
        return True
    except (tk.NotAuthorized, tk.ValidationError, tk.ObjectNotFound):
        return False


def _visit(app, tokens, role, method, path, form, **values):
    """The page ``path`` (its ``{names}`` filled from ``values``) as the role
    opens it (get) or submits ``form`` to it (post), and whether the role
    was let in (200) or turned away (403), as a coordinator should be and a
    coordinator only."""
    url = path.format(**values)
    headers = _headers(tokens, role)
    if method == "get":
        response = app.get(url, headers=headers, expect_errors=True)
    else:
        data = {key: value.format(**values) for key, value in form.items()}
        response = app.post(url, data=data, headers=headers, expect_errors=True)
    coordinator = role in {"coordinator", "sysadmin"}
    assert response.status_code == (200 if coordinator else 403), (url, response.status_code)
    return coordinator


def _headers(tokens, role):
    return {"Authorization": tokens[role]} if tokens[role] else {}


def _publish(network, act):
    for user, name in [
        (network.people.focal_point, "submit"),
        (network.people.validator, "approve"),
        (network.people.coordinator, "publish"),
    ]:
        helpers.call_action("simore_action_transition", context={"user": user["name"]}, id=act["id"], transition=name)


def _channels(app, tokens, role, network, act):
    """What each read channel shows this role of the action."""
    headers = _headers(tokens, role)
    page = app.get("/action/" + act["name"], headers=headers, expect_errors=True)
    api = app.get("/api/3/action/package_show", params={"id": act["id"]}, headers=headers, expect_errors=True)
    search = app.get(
        "/api/3/action/package_search",
        params={"fq": "dataset_type:action", "include_private": "true", "facet.field": '["organization"]'},
        headers=headers,
    ).json["result"]
    org = app.get("/api/3/action/organization_show", params={"id": "salud"}, headers=headers).json["result"]
    resource = app.get(
        "/api/3/action/resource_show", params={"id": act["resources"][0]["id"]}, headers=headers, expect_errors=True
    )
    activity = app.get(
        "/api/3/action/package_activity_list", params={"id": act["id"]}, headers=headers, expect_errors=True
    )
    org_activity = app.get(
        "/api/3/action/organization_activity_list", params={"id": "salud"}, headers=headers, expect_errors=True
    )
    org_activity_ids = {a["object_id"] for a in org_activity.json.get("result") or []}
    feed = app.get("/feeds/organization/salud.atom", headers=headers).body
    facet = {i["name"]: i["count"] for i in search["search_facets"]["organization"]["items"]}
    return {
        "page": page.status_code == 200 and act["name"] in page.body,
        "api": api.status_code == 200,
        "search": search["count"] == 1 and search["results"][0]["id"] == act["id"],
        "facet_count": facet.get("salud", 0) == 1,
        "organization_count": org["package_count"] == 1,
        "resource": resource.status_code == 200,
        "activity": activity.status_code == 200,
        "organization_activity": act["id"] in org_activity_ids,
        "feed": act["name"] in feed,
    }


@pytest.mark.parametrize("role", ROLES)
def test_an_unpublished_action_is_seen_only_by_its_institution_and_coordinators(
    app, tokens, network, draft_action, role
):
    seen = _channels(app, tokens, role, network, draft_action)
    expected = {channel: role in SEES_UNPUBLISHED for channel in seen}
    # CKAN never lists a private dataset's activity in its organization's
    # stream, whoever asks; the dataset's own stream follows the labels.
    expected["organization_activity"] = False
    # organization_show counts private datasets for the organization's own
    # members only (CKAN's rule): coordinators count them on their dashboard.
    expected["organization_count"] = role in {"focal_point", "validator", "sysadmin"}
    # CKAN's feeds list public datasets only, whoever asks.
    expected["feed"] = False
    assert seen == expected


@pytest.mark.parametrize("role", ROLES)
def test_a_published_action_is_seen_by_everyone(app, tokens, network, draft_action, role):
    _publish(network, draft_action)
    seen = _channels(app, tokens, role, network, draft_action)
    assert all(seen.values()), seen


# Who may make each transition, from the state where it applies.
TRANSITION_MATRIX = {
    "submit": {"focal_point", "validator"},
    "approve": {"validator"},
    "publish": {"coordinator", "sysadmin"},
    "return": {"validator", "coordinator", "sysadmin"},
    "withdraw": {"coordinator", "sysadmin"},
}
SETUP = {
    "submit": [],
    "approve": ["submit"],
    "publish": ["submit", "approve"],
    "return": ["submit"],
    "withdraw": ["submit", "approve", "publish"],
}
ACTORS = {"submit": "focal_point", "approve": "validator", "publish": "coordinator"}


@pytest.mark.parametrize("transition", list(TRANSITION_MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_each_transition_only_by_its_roles(network, draft_action, transition, role):
    people = vars(network.people)
    for step in SETUP[transition]:
        helpers.call_action(
            "simore_action_transition",
            context={"user": people[ACTORS[step]]["name"]},
            id=draft_action["id"],
            transition=step,
        )
    done = _does(
        network, role, "simore_action_transition", id=draft_action["id"], transition=transition, comment="motivo"
    )
    assert done == (role in TRANSITION_MATRIX[transition])


COORDINATION_ACTIONS = {
    "simore_status_set": lambda n: {"id": n.recommendation["id"], "status": "implemented", "justification": "x"},
    "simore_recommendation_assign": lambda n: {"ids": [n.recommendation["id"]], "institutions": ["justicia"]},
    "simore_status_set_bulk": lambda n: {
        "ids": [n.recommendation["id"]],
        "status": "implemented",
        "justification": "x",
        "preview": True,
    },
    "simore_round_create": lambda n: {"title": "Ronda", "due_date": "2030-01-01"},
    "simore_institution_network": lambda n: {},
    "simore_focal_point_invite": lambda n: {
        "organization": "salud",
        "email": "nuevo@example.org",
        "designation": "alternate",
    },
    "simore_reminders_send": lambda n: {},
    "simore_change_set_list": lambda n: {},
    "simore_change_set_show": lambda n: {"id": "a-change"},
    "simore_change_set_undo": lambda n: {"id": "a-change", "justification": "x", "preview": True},
    "simore_obligation_create": lambda n: {"mechanism": "cedaw", "kind": "periodic_report", "due_date": "2030-01-01"},
    "simore_obligation_update": lambda n: {"id": "x", "state": "drafting"},
    "simore_obligation_delete": lambda n: {"id": "x"},
    "simore_obligation_generate": lambda n: {"mechanism": "cedaw", "review_date": "2024-01-01"},
    "simore_obligation_reminders_send": lambda n: {},
    "simore_indicator_create": lambda n: {"code": "x", "title": {"es": "x"}, "kind": "outcome"},
    "simore_indicator_update": lambda n: {"id": "x", "kind": "process"},
    "simore_indicator_delete": lambda n: {"id": "x"},
    "simore_information_request_create": lambda n: {"title": "x", "kind": "own", "deadline": "2030-01-01"},
    "simore_information_request_update": lambda n: {"id": "x", "title": "y"},
    "simore_information_request_send": lambda n: {"id": "x"},
    "simore_information_request_close": lambda n: {"id": "x"},
    "simore_information_request_ask": lambda n: {"id": "x", "institutions": ["salud"]},
    "simore_information_request_reminders_send": lambda n: {},
    "simore_draft_create": lambda n: {"obligation": "x"},
    "simore_draft_section_update": lambda n: {"id": "x", "body": "x"},
    "simore_draft_section_versions": lambda n: {"id": "x"},
    "simore_draft_section_diff": lambda n: {"id": "x"},
    "simore_draft_submit": lambda n: {"id": "x", "submitted_on": "2026-01-01"},
    "simore_draft_delete": lambda n: {"id": "x"},
    "simore_draft_update": lambda n: {"id": "x", "state": "validated"},
    "simore_draft_annex_add": lambda n: {"id": "x"},
    "simore_draft_annex_delete": lambda n: {"id": "x", "annex": "x"},
}


@pytest.mark.parametrize("action", list(COORDINATION_ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_coordination_actions_are_for_coordinators(network, action, role):
    allowed = _may(network, role, action, COORDINATION_ACTIONS[action](network))
    assert allowed == (role in {"coordinator", "sysadmin"})


@pytest.mark.parametrize("role", ROLES)
def test_only_a_sysadmin_sets_up_the_country(app, tokens, network, role):
    assert _may(network, role, "simore_country_setup", {}) == (role == "sysadmin")
    for path in ("/setup/", "/setup/institutions-template.csv"):
        response = app.get(path, headers=_headers(tokens, role), expect_errors=True)
        assert response.status_code == (200 if role == "sysadmin" else 403), path


# The coordinators' pages that post to a coordination action: the bulk
# form's preview and its confirmation.
COORDINATION_PAGES = {
    "/recommendations/bulk/preview": {"scope": "search", "search": "", "operation": "assign", "institutions": "mujer"},
    "/recommendations/bulk/apply": {"scope": "search", "search": "", "operation": "assign", "institutions": "mujer"},
}


@pytest.mark.parametrize("path", list(COORDINATION_PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_coordination_pages_are_for_coordinators(app, tokens, network, path, role):
    builders.institution(name="mujer")
    response = app.post(path, data=COORDINATION_PAGES[path], headers=_headers(tokens, role), expect_errors=True)
    assert response.status_code == (200 if role in {"coordinator", "sysadmin"} else 403)
    shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": network.recommendation["id"]})
    assert ("mujer" in shown["institutions"]) == (role in {"coordinator", "sysadmin"} and path.endswith("apply"))


@pytest.mark.parametrize("role", ROLES)
def test_the_history_of_bulk_changes_and_its_undoing_are_for_coordinators(app, tokens, network, role):
    builders.institution(name="mujer")
    change_set = helpers.call_action(
        "simore_recommendation_assign",
        context={"user": network.people.coordinator["name"]},
        ids=[network.recommendation["id"]],
        institutions=["mujer"],
    )["change_set"]
    allowed = role in {"coordinator", "sysadmin"}
    headers = _headers(tokens, role)
    for path in ("/recommendations/changes", "/recommendations/changes/" + change_set):
        assert app.get(path, headers=headers, expect_errors=True).status_code == (200 if allowed else 403), path
    undo = "/recommendations/changes/{}/undo".format(change_set)
    preview = app.post(undo, data={"justification": "x"}, headers=headers, expect_errors=True)
    assert preview.status_code == (200 if allowed else 403)
    done = app.post(undo, data={"justification": "x", "confirm": "1"}, headers=headers, expect_errors=True)
    assert done.status_code == (200 if allowed else 403)  # the new change set's page, redirected to
    shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": network.recommendation["id"]})
    assert ("mujer" in shown["institutions"]) != allowed


@pytest.mark.parametrize("role", ROLES)
def test_nobody_writes_across_institutions(network, draft_action, role):
    def allowed(action, data):
        return _may(network, role, action, data)

    # the draft belongs to "salud": only its own staff (and sysadmins) edit it
    assert allowed("package_update", {"id": draft_action["id"]}) == (role in {"focal_point", "validator", "sysadmin"})
    assert allowed("package_create", {"type": "action", "owner_org": network.justice["id"]}) == (
        role in {"other_focal_point", "sysadmin"}
    )
    assert allowed("package_create", {"type": "action", "owner_org": network.health["id"]}) == (
        role in {"focal_point", "validator", "sysadmin"}
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_recommendation_picker_suggests_what_the_role_may_read(app, tokens, network, role):
    private = builders.recommendation(
        "justicia",
        "cedaw",
        text_translated={"es": "Registro confidencial de la justicia."},
        document_symbol="CEDAW/C/PRY/CO/9",
        private=True,
    )
    headers = _headers(tokens, role)
    found = app.get(
        "/api/3/action/simore_recommendation_suggest",
        params={"q": "CEDAW/C/PRY/CO/9", "organization": "justicia"},
        headers=headers,
    ).json["result"]
    readable = app.get("/api/3/action/package_show", params={"id": private["id"]}, headers=headers, expect_errors=True)
    # the picker follows package_show: a private recommendation is its
    # institution's (and the sysadmins')
    assert [item["name"] for item in found] == ([private["name"]] if readable.status_code == 200 else [])
    assert (readable.status_code == 200) == (role in {"other_focal_point", "sysadmin"})


@pytest.mark.parametrize("role", ROLES)
def test_a_rounds_outstanding_list_is_for_coordinators_and_institution_staff(network, role):
    opened = builders.reporting_round()
    user = _user(network, role)
    try:
        owed = helpers.call_action(
            "simore_round_outstanding",
            context={"user": user, "ignore_auth": False},
            id=opened["id"],
            organization="salud",
        )
    except tk.NotAuthorized:
        owed = None
    assert (owed is not None) == (role not in {"anonymous", "registered"})
    if owed is not None:
        assert [record["name"] for record in owed["records"]] == [network.recommendation["name"]]
        # only the institution's own staff answer from the list
        assert ("focal_point" in owed["viewer_roles"]) == (role in {"focal_point", "validator"})


def _obligation():
    return helpers.call_action(
        "simore_obligation_create",
        context={"user": "coordinadora", "ignore_auth": False},
        mechanism="cedaw",
        kind="periodic_report",
        due_date="2030-01-01",
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_calendar_is_read_by_everyone(app, tokens, network, role):
    obligation = _obligation()
    headers = _headers(tokens, role)
    for path, params in [
        ("/api/3/action/simore_obligation_show", {"id": obligation["id"]}),
        ("/api/3/action/simore_obligation_list", {}),
        ("/calendar", {}),
        ("/calendar/" + obligation["id"], {}),
        ("/calendar.ics", {}),
    ]:
        response = app.get(path, params=params, headers=headers)
        assert response.status_code == 200, path
        assert obligation["id"] in response.body, path


# The coordinators' calendar pages: (method, path, form), for the obligation
# whose id replaces {id}.
CALENDAR_PAGES = [
    ("get", "/calendar/new", {}),
    ("post", "/calendar/new", {"mechanism": "cedaw", "kind": "follow_up_report", "due_date": "2031-01-01"}),
    ("get", "/calendar/{id}/edit", {}),
    ("post", "/calendar/{id}/edit", {"state": "drafting"}),
    ("post", "/calendar/generate", {"mechanism": "cedaw", "review_date": "2024-01-01"}),
    ("post", "/calendar/{id}/delete", {}),
]


@pytest.mark.parametrize("method, path, form", CALENDAR_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_the_calendar_is_written_by_coordinators_only(app, tokens, network, role, method, path, form):
    obligation = _obligation()
    coordinator = _visit(app, tokens, role, method, path, form, id=obligation["id"])
    after = helpers.call_action("simore_obligation_list")
    if not coordinator:  # nothing changed
        assert after["count"] == 1 and after["obligations"][0]["stored_state"] == "planned"


def _indicator_value(*steps):
    """A value of an indicator of "salud", moved along ``steps``."""
    helpers.call_action(
        "simore_indicator_create",
        context={"user": "coordinadora", "ignore_auth": False},
        code="shelters",
        title={"es": "Casas de acogida"},
        kind="process",
        unit="count",
        periodicity="annual",
        organization="salud",
    )
    value = helpers.call_action(
        "simore_indicator_value_create",
        context={"user": "focal-salud", "ignore_auth": False},
        indicator="shelters",
        period="2024",
        value="12",
    )
    actors = {"submit": "focal-salud", "approve": "valida-salud"}
    for step in steps:
        helpers.call_action(
            "simore_indicator_value_transition", context={"user": actors[step]}, id=value["id"], transition=step
        )
    return value


@pytest.mark.parametrize("role", ROLES)
def test_indicator_values_are_reported_by_the_institutions_focal_points(network, role):
    value = _indicator_value()

    def allowed(action, data):
        return _may(network, role, action, data)

    staff = {"focal_point", "validator", "sysadmin"}
    assert allowed("simore_indicator_value_create", {"indicator": "shelters"}) == (role in staff)
    assert allowed("simore_indicator_value_update", {"id": value["id"]}) == (role in staff)
    assert allowed("simore_indicator_value_delete", {"id": value["id"]}) == (role in staff)


# Who may make each transition of an indicator value, from the state where
# it applies.
VALUE_TRANSITIONS = {
    "submit": ([], {"focal_point", "validator"}),
    "approve": (["submit"], {"validator"}),
    "return": (["submit", "approve"], {"validator", "coordinator", "sysadmin"}),
}


@pytest.mark.parametrize("transition", list(VALUE_TRANSITIONS))
@pytest.mark.parametrize("role", ROLES)
def test_each_value_transition_only_by_its_roles(network, transition, role):
    setup, roles = VALUE_TRANSITIONS[transition]
    value = _indicator_value(*setup)
    done = _does(
        network, role, "simore_indicator_value_transition", id=value["id"], transition=transition, comment="motivo"
    )
    assert done == (role in roles)


@pytest.mark.parametrize("role", ROLES)
def test_an_indicator_value_in_progress_is_seen_only_by_its_institution_and_coordinators(app, tokens, network, role):
    value = _indicator_value("submit")
    headers = _headers(tokens, role)
    shown = app.get(
        "/api/3/action/simore_indicator_value_show", params={"id": value["id"]}, headers=headers, expect_errors=True
    )
    listed = app.get("/api/3/action/simore_indicator_value_list", params={"indicator": "shelters"}, headers=headers)
    page = app.get("/indicators/shelters", headers=headers).body
    csv = app.get("/indicators/shelters/values.csv", headers=headers).body
    sees = role in {"focal_point", "validator", "coordinator", "sysadmin"}
    assert (shown.status_code == 200) == sees
    assert (listed.json["result"]["count"] == 1) == sees
    assert ("<td>Submitted for approval</td>" in page) == sees
    assert "2024" not in csv  # the CSV has the approved values only, whoever asks
    helpers.call_action(
        "simore_indicator_value_transition", context={"user": "valida-salud"}, id=value["id"], transition="approve"
    )
    approved = app.get("/api/3/action/simore_indicator_value_show", params={"id": value["id"]}, headers=headers)
    assert approved.json["result"]["state"] == "approved"
    assert "2024" in app.get("/indicators/shelters/values.csv", headers=headers).body


def _information_request(network, state="sent"):
    """A request of one question asked of salud, by the coordinator."""
    made = helpers.call_action(
        "simore_information_request_create",
        context={"user": "coordinadora", "ignore_auth": False},
        title="Cuestionario",
        kind="own",
        deadline="2030-01-01",
        questions="1. ¿Qué medidas?",
        institutions=["salud"],
    )
    if state == "sent":
        helpers.call_action("simore_information_request_send", context={"user": "coordinadora"}, id=made["id"])
    return made


# Who may write or move salud's answer (the state machine then decides each
# transition: see tests/information_requests). CKAN lets sysadmins through
# every auth function, as it lets them edit any institution's records.
ANSWER_ACTIONS = {
    "simore_answer_save": {"focal_point", "validator", "sysadmin"},
    "simore_answer_attachment_add": {"focal_point", "validator", "sysadmin"},
    "simore_answer_attachment_delete": {"focal_point", "validator", "sysadmin"},
    "simore_answer_transition": {"focal_point", "validator", "coordinator", "sysadmin"},
}


@pytest.mark.parametrize("action", list(ANSWER_ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_an_institutions_answers_are_written_by_its_own_staff(network, action, role):
    made = _information_request(network)
    question = made["questions"][0]["id"]
    answer = helpers.call_action(
        "simore_answer_save", context={"user": "focal-salud"}, question=question, organization="salud", text="x"
    )
    data = {
        "simore_answer_save": {"question": question, "organization": "salud", "text": "y"},
        "simore_answer_transition": {"id": answer["id"], "transition": "submit"},
    }.get(action, {"id": answer["id"], "attachment": "x"})
    assert _may(network, role, action, data) == (role in ANSWER_ACTIONS[action])


@pytest.mark.parametrize("role", ROLES)
def test_what_an_institution_owes_in_information_requests_is_for_its_staff_and_coordinators(network, role):
    _information_request(network)
    user = _user(network, role)
    try:
        owed = helpers.call_action(
            "simore_information_request_owed", context={"user": user, "ignore_auth": False}, id="salud"
        )
    except tk.NotAuthorized:
        owed = None
    assert (owed is not None) == (role in {"focal_point", "validator", "coordinator", "sysadmin"})
    if owed is not None:
        assert owed["count"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_a_sent_request_is_read_by_everyone_and_a_draft_by_coordinators(app, tokens, network, role):
    sent, draft = _information_request(network), _information_request(network, state="draft")
    headers = _headers(tokens, role)
    for path, params in [
        ("/api/3/action/simore_information_request_show", {"id": sent["id"]}),
        ("/api/3/action/simore_information_request_list", {}),
        ("/information-requests", {}),
        ("/information-requests/" + sent["id"], {}),
    ]:
        response = app.get(path, params=params, headers=headers)
        assert response.status_code == 200 and sent["id"] in response.body, path
    coordinator = role in {"coordinator", "sysadmin"}
    shown = app.get("/information-requests/" + draft["id"], headers=headers, expect_errors=True)
    assert shown.status_code == (200 if coordinator else 404)
    listed = app.get("/api/3/action/simore_information_request_list", headers=headers).json["result"]
    assert listed["count"] == (2 if coordinator else 1)


# The coordinators' pages of information requests: (method, path, form),
# for the draft request whose id replaces {id}.
INFORMATION_REQUEST_PAGES = [
    ("get", "/information-requests/new", {}),
    ("post", "/information-requests/new", {"title": "Otra", "kind": "own", "deadline": "2031-01-01"}),
    ("get", "/information-requests/{id}/edit", {}),
    ("post", "/information-requests/{id}/edit", {"title": "Cambiada", "kind": "own", "deadline": "2031-01-01"}),
    ("post", "/information-requests/{id}/send", {}),
]


@pytest.mark.parametrize("method, path, form", INFORMATION_REQUEST_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_information_requests_are_written_by_coordinators_only(app, tokens, network, role, method, path, form):
    made = _information_request(network, state="draft")
    coordinator = _visit(app, tokens, role, method, path, form, id=made["id"])
    if not coordinator:  # nothing changed
        after = helpers.call_action("simore_information_request_list", context={"user": "coordinadora"})
        assert after["count"] == 1 and after["requests"][0]["title"] == "Cuestionario"
        assert after["requests"][0]["state"] == "draft"


def _report_draft():
    """A follow-up report's draft citing a recommendation of "salud" only."""
    recommendation = builders.recommendation(
        "coordinacion", "cedaw", institutions=["salud"], document_symbol="CEDAW/C/PRY/CO/8", paragraph="12"
    )
    obligation = helpers.call_action(
        "simore_obligation_create",
        context={"user": "coordinadora", "ignore_auth": False},
        mechanism="cedaw",
        kind="follow_up_report",
        due_date="2030-01-01",
        recommendations=[recommendation["name"]],
    )
    return helpers.call_action(
        "simore_draft_create", context={"user": "coordinadora", "ignore_auth": False}, obligation=obligation["id"]
    )


PDF = b"%PDF-1.4\n%%EOF\n"


def _annexed(draft, filename="anexo.pdf"):
    """The draft's annex just added by the coordinator."""
    return helpers.call_action(
        "simore_draft_annex_add",
        context={"user": "coordinadora", "ignore_auth": False},
        id=draft["id"],
        upload=FileStorage(io.BytesIO(PDF), filename=filename),
    )["annexes"][-1]


@pytest.mark.parametrize("role", ROLES)
def test_a_report_draft_is_read_and_commented_by_coordinators_and_the_institutions_concerned(
    app, tokens, network, role
):
    draft = _report_draft()
    annex = "/drafts/{}/annexes/{}".format(draft["id"], _annexed(draft)["id"])
    headers = _headers(tokens, role)
    reads = role in {"focal_point", "validator", "coordinator", "sysadmin"}
    coordinator = role in {"coordinator", "sysadmin"}
    show = app.get("/api/3/action/simore_draft_show", params={"id": draft["id"]}, headers=headers, expect_errors=True)
    assert show.status_code == (200 if reads else 404)
    # the annexes are the coordinators' while it is a draft
    if reads:
        assert (show.json["result"]["annexes"] is not None) == coordinator
    assert app.get(annex, headers=headers, expect_errors=True).status_code == (200 if coordinator else 404)
    listed = app.get("/api/3/action/simore_draft_list", headers=headers).json["result"]
    assert (listed["count"] == 1) == reads
    page = app.get("/drafts/" + draft["id"], headers=headers, expect_errors=True)
    assert page.status_code == (200 if reads else 404)
    assert app.get("/drafts/{}/report.docx".format(draft["id"]), headers=headers, expect_errors=True).status_code == (
        200 if reads else 404
    )
    user = _user(network, role)
    section = draft["sections"][1]["id"]
    try:
        helpers.call_action(
            "simore_draft_comment_create", context={"user": user, "ignore_auth": False}, id=section, text="Nota"
        )
        commented = True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        commented = False
    assert commented == reads
    # once submitted, the report is everyone's to read, and no longer commented
    helpers.call_action(
        "simore_draft_submit",
        context={"user": "coordinadora", "ignore_auth": False},
        id=draft["id"],
        submitted_on="2026-01-01",
    )
    assert app.get("/drafts/" + draft["id"], headers=headers).status_code == 200
    assert app.get("/api/3/action/simore_draft_list", headers=headers).json["result"]["count"] == 1
    assert app.get(annex, headers=headers).data == PDF


# The coordinators' drafts pages: (method, path, form), for the draft whose
# id replaces {id} and its first section's {section}.
DRAFT_PAGES = [
    ("post", "/drafts/new", {"obligation": "{obligation}"}),
    ("get", "/drafts/section/{section}/edit", {}),
    ("post", "/drafts/section/{section}/edit", {"body": "Otro texto"}),
    ("get", "/drafts/section/{section}/versions", {}),
    ("post", "/drafts/{id}/update", {"state": "validated"}),
    ("post", "/drafts/{id}/submit", {"submitted_on": "2026-01-01"}),
    ("post", "/drafts/{id}/delete", {}),
]


@pytest.mark.parametrize("method, path, form", DRAFT_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_report_drafts_are_written_by_coordinators_only(app, tokens, network, role, method, path, form):
    draft = _report_draft()
    values = {"id": draft["id"], "section": draft["sections"][1]["id"], "obligation": draft["obligation"]["id"]}
    coordinator = _visit(app, tokens, role, method, path, form, **values)
    if not coordinator:  # nothing changed
        after = helpers.call_action("simore_draft_list")
        assert after["count"] == 1 and after["drafts"][0]["state"] == "drafting"
        shown = helpers.call_action("simore_draft_show", id=draft["id"])
        assert shown["sections"][1]["version"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_a_report_drafts_annexes_are_added_and_removed_by_coordinators_only(app, tokens, network, role):
    draft = _report_draft()
    first = _annexed(draft)
    headers = _headers(tokens, role)
    coordinator = role in {"coordinator", "sysadmin"}
    added = app.post(
        "/drafts/{}/annexes".format(draft["id"]),
        data={"upload": (io.BytesIO(PDF), "otro.pdf")},
        content_type="multipart/form-data",
        headers=headers,
        expect_errors=True,
    )
    assert added.status_code == (200 if coordinator else 403)
    removed = app.post(
        "/drafts/{}/annexes/{}/delete".format(draft["id"], first["id"]), headers=headers, expect_errors=True
    )
    assert removed.status_code == (200 if coordinator else 403)
    left = [annex["filename"] for annex in helpers.call_action("simore_draft_show", id=draft["id"])["annexes"]]
    assert left == (["otro.pdf"] if coordinator else ["anexo.pdf"])
