"""References never reveal what the reader may not see (issue 11, item 6)
and stay valid once written (item 8): a private record's title or text
reaches no reference list, label, search page, export or form choice of a
reader who may not read it; the reference validator answers the same for
a private record as for a missing one; a published action whose linked
recommendation was deleted can still be withdrawn, patched and published
again."""

import builders
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers
from reads_portal import ATTACKERS, SECRET_MECHANISM_TITLE, SECRET_TEXT, context, headers, publish, reads_portal  # noqa: F401

LINKED_TEXT = "Texto luego reservado"


def _refusal(user, ref):
    with pytest.raises(tk.ValidationError) as error:
        builders.action("justicia", [ref], _user=user)
    return error.value.error_dict["recommendations"]


def test_the_validator_does_not_tell_a_private_record_from_a_missing_one(reads_portal):
    private = _refusal("focal-justicia", reads_portal.private["name"])
    missing = _refusal("focal-justicia", "rec-que-no-existe")
    assert private == [m.replace("rec-que-no-existe", reads_portal.private["name"]) for m in missing]
    # by id too
    by_id = _refusal("focal-justicia", reads_portal.private["id"])
    assert by_id == [m.replace("rec-que-no-existe", reads_portal.private["id"]) for m in missing]


@pytest.fixture
def linked_then_private(reads_portal):
    """A published action linked to a recommendation the coordinators made
    private afterwards."""
    recommendation = builders.recommendation(
        "coordinacion", "cedaw", institutions=["salud"], text_translated={"es": LINKED_TEXT, "en": LINKED_TEXT}
    )
    act = builders.action("salud", [recommendation["name"]], _user="focal-salud")
    publish(act["id"])
    helpers.call_action("package_patch", context={"user": "coordinadora"}, id=recommendation["id"], private=True)
    return act


@pytest.mark.parametrize("user", ATTACKERS + ["focal-salud"])
def test_an_action_page_does_not_show_a_linked_recommendation_the_reader_may_not_read(app, linked_then_private, user):
    page = app.get("/action/" + linked_then_private["name"], headers=headers(user)).body
    assert LINKED_TEXT not in page
    assert "A record you cannot see" in page


def test_the_coordinators_still_read_the_linked_recommendation(app, linked_then_private):
    page = app.get("/action/" + linked_then_private["name"], headers=headers("coordinadora")).body
    assert LINKED_TEXT in page


@pytest.fixture
def secret_mechanism_used(reads_portal):
    """A public recommendation of a private mechanism."""
    return builders.recommendation("coordinacion", reads_portal.secret_mechanism["name"], institutions=["salud"])


@pytest.mark.parametrize("user", ATTACKERS)
def test_a_private_mechanism_title_is_on_no_public_page_or_export(app, secret_mechanism_used, user):
    urls = [
        "/statistics/",
        "/statistics/mechanism.csv",
        "/",
        "/recommendation/",
        "/recommendation/?mechanism=" + secret_mechanism_used["mechanism"],
        "/recommendation/" + secret_mechanism_used["name"],
        "/export/recommendation.csv",
        "/export/recommendation.xlsx",
        "/export/recommendation.json",
        "/recommendation/new",
        "/action/new",
    ]
    for url in urls:
        response = app.get(url, headers=headers(user), expect_errors=True)
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        body = response.body if not url.endswith(".xlsx") else _xlsx_text(response.data)
        assert SECRET_MECHANISM_TITLE not in body, (url, user)


def _xlsx_text(data):
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)


def test_the_coordinators_still_see_the_private_mechanism(app, secret_mechanism_used):
    page = app.get("/recommendation/new", headers=headers("coordinadora")).body
    assert SECRET_MECHANISM_TITLE in page
    body = app.get("/export/recommendation.csv", headers=headers("coordinadora")).body
    assert SECRET_MECHANISM_TITLE in body


@pytest.fixture
def published_then_deleted(reads_portal):
    """A published action whose linked recommendation was deleted."""
    doomed = builders.recommendation("coordinacion", "cedaw", institutions=["salud"])
    act = builders.action("salud", [doomed["name"], reads_portal.public["name"]], _user="focal-salud")
    publish(act["id"])
    helpers.call_action("package_delete", context={"user": "coordinadora"}, id=doomed["id"])
    return act, doomed


def test_a_published_action_can_be_withdrawn_after_a_linked_recommendation_is_deleted(published_then_deleted):
    act, doomed = published_then_deleted
    result = helpers.call_action(
        "simore_action_transition",
        context=context("coordinadora"),
        id=act["id"],
        transition="withdraw",
        comment="Recomendación eliminada",
    )
    assert result["state"] == "withdrawn"
    # the institution corrects it and it goes through the cycle again
    helpers.call_action("package_patch", context=context("focal-salud"), id=act["id"], progress="completed")
    publish(act["id"])
    shown = helpers.call_action("package_show", id=act["id"])
    assert shown["workflow_state"] == "published" and doomed["name"] in shown["recommendations"]


def test_a_sysadmin_patches_a_published_action_whose_linked_recommendation_is_deleted(published_then_deleted):
    from ckan.tests import factories

    act, _ = published_then_deleted
    sysadmin = factories.Sysadmin()
    helpers.call_action("package_patch", context=context(sysadmin["name"]), id=act["id"], progress="completed")
    assert helpers.call_action("package_show", id=act["id"])["progress"] == "completed"


def test_a_deleted_recommendation_cannot_be_linked_anew(published_then_deleted, reads_portal):
    _, doomed = published_then_deleted
    draft = builders.action("salud", [reads_portal.public["name"]], _user="focal-salud")
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action(
            "package_patch",
            context=context("focal-salud"),
            id=draft["id"],
            recommendations=[reads_portal.public["name"], doomed["name"]],
        )
    assert "recommendations" in error.value.error_dict
