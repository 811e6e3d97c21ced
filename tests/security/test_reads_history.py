"""Public history shows institutions and roles, not staff (issue 11,
item 15): with ckan.auth.public_user_details = false, the public history
of a published action and of a recommendation's status (API and pages)
names no staff member and shows no internal comment; the action's
institution and the coordinators still see who did what."""

import builders
import pytest
from ckan.tests import helpers
from reads_portal import ATTACKERS, context, headers, reads_portal  # noqa: F401 (fixture)

pytestmark = pytest.mark.ckan_config("ckan.auth.public_user_details", "false")

# the names and full names of the staff who made the history
STAFF = [
    text
    for role, (name, _, full_name) in builders.PEOPLE.items()
    if role in ("focal_point", "validator", "coordinator")
    for text in (name, full_name)
]
INTERNAL = "Comentario interno: falta el presupuesto"
PUBLIC_NOTE = "Nota de publicación para la ciudadanía"
JUSTIFICATION = "Ley aprobada en 2025"


@pytest.fixture
def history(reads_portal):
    act = builders.action("salud", [reads_portal.public["name"]], _user="focal-salud")
    for user, transition, comment in [
        ("focal-salud", "submit", "Enviado por Fabián"),
        ("valida-salud", "return", INTERNAL),
        ("focal-salud", "submit", ""),
        ("valida-salud", "approve", "Aprobado por Valeria"),
        ("coordinadora", "publish", PUBLIC_NOTE),
    ]:
        helpers.call_action(
            "simore_action_transition", context=context(user), id=act["id"], transition=transition, comment=comment
        )
    helpers.call_action(
        "simore_status_set",
        context=context("coordinadora"),
        id=reads_portal.public["id"],
        status="partially_implemented",
        justification=JUSTIFICATION,
    )
    return act, reads_portal.public


@pytest.mark.parametrize("user", ATTACKERS)
def test_public_action_history_shows_roles_and_institutions_only(app, history, user):
    act, _ = history
    events = app.get("/api/3/action/simore_action_history", params={"id": act["id"]}, headers=headers(user)).json[
        "result"
    ]
    assert [e["transition"] for e in events] == ["submit", "return", "submit", "approve", "publish"]
    assert [e["role"] for e in events] == ["focal_point", "validator", "focal_point", "validator", "coordinator"]
    assert [e["institution"] for e in events] == ["salud"] * 4 + ["coordinacion"]
    text = str(events)
    assert not [name for name in STAFF if name in text]
    assert INTERNAL not in text and "Aprobado por Valeria" not in text
    assert events[-1]["comment"] == PUBLIC_NOTE


@pytest.mark.parametrize("user", ATTACKERS)
def test_public_status_history_shows_the_coordinating_body(app, history, user):
    _, recommendation = history
    events = app.get(
        "/api/3/action/simore_status_history", params={"id": recommendation["id"]}, headers=headers(user)
    ).json["result"]
    assert [(e["role"], e["institution"], e["justification"]) for e in events][-1] == (
        "coordinator",
        "coordinacion",
        JUSTIFICATION,
    )
    assert not [name for name in STAFF if name in str(events)]


@pytest.mark.parametrize("user", ATTACKERS)
def test_public_pages_show_no_staff_and_no_internal_comment(app, history, user):
    act, recommendation = history
    action_page = app.get("/action/" + act["name"], headers=headers(user)).body
    history_part = action_page[action_page.index('id="simore-workflow-heading"') :]
    history_part = history_part[: history_part.index("</section>")]
    assert not [name for name in STAFF if name in history_part]
    assert INTERNAL not in action_page and PUBLIC_NOTE in action_page
    assert "Validating authority" in history_part and "Ministerio de Salud" in history_part
    status_page = app.get("/recommendation/" + recommendation["name"], headers=headers(user)).body
    status_part = status_page[status_page.index('id="simore-status-heading"') :]
    status_part = status_part[: status_part.index("</section>")]
    assert not [name for name in STAFF if name in status_part]
    assert JUSTIFICATION in status_part and "Coordinating body" in status_part


@pytest.mark.parametrize("user", ["focal-salud", "valida-salud", "coordinadora"])
def test_staff_and_coordinators_still_see_who_did_what(app, history, user):
    act, _ = history
    events = app.get("/api/3/action/simore_action_history", params={"id": act["id"]}, headers=headers(user)).json[
        "result"
    ]
    assert [e["user"] for e in events] == ["focal-salud", "valida-salud", "focal-salud", "valida-salud", "coordinadora"]
    assert events[1]["comment"] == INTERNAL
    page = app.get("/action/" + act["name"], headers=headers(user)).body
    assert "Valeria Validadora" in page and INTERNAL in page
