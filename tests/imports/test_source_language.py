"""Records imported from an English-only source (UPR Info, UHRI) keep their
source language, and every later write (API patch and update, the web
form, a re-creation from an API dump) accepts a text complete in it; a
record typed in the portal still needs the portal's required languages."""

from __future__ import annotations

from pathlib import Path

import builders
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib import search
from ckan.tests import factories, helpers
from uhri_files import PARAGUAY

from ckanext.simore.db import extras
from ckanext.simore.imports import runner, runs

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
    pytest.mark.ckan_config("ckanext.simore.coordinating_organization", "coordinacion"),
]


@pytest.fixture
def sysadmin():
    return factories.SysadminWithToken()


@pytest.fixture
def imported(portal, tmp_path: Path) -> dict:
    """A recommendation imported from UPR Info (English only)."""
    sample = tmp_path / "sample.csv"
    sample.write_text("".join(PARAGUAY.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), encoding="utf-8")
    run_id = runs.create(sample, sample.name, "coordinacion", None, {})
    assert runner.execute(run_id, dry_run=False)["created"] == 2
    name = model.Session.execute(
        sa.select(model.package_table.c.name)
        .where(model.package_table.c.type == "recommendation")
        .order_by(model.package_table.c.name)
    ).scalar()
    return helpers.call_action("package_show", id=name)


def as_user(user: dict, action: str, **data):
    return helpers.call_action(action, context={"user": user["name"], "ignore_auth": False}, **data)


def test_an_import_records_its_source_language(imported):
    assert set(imported["text_translated"]) == {"en"}
    assert imported["source_language"] == "en"


def test_an_imported_record_is_patched_and_updated_through_the_api(imported, sysadmin):
    patched = as_user(
        sysadmin,
        "package_patch",
        id=imported["id"],
        themes=["right_to_health"],
        text_translated={"en": "Remove physical barriers to public transportation."},
    )
    assert patched["text_translated"] == {"en": "Remove physical barriers to public transportation."}
    assert patched["themes"] == ["right_to_health"]
    # a client that leaves the field out keeps it
    data = {k: v for k, v in patched.items() if k != "source_language"}
    updated = as_user(sysadmin, "package_update", **dict(data, paragraph="99.1"))
    assert updated["paragraph"] == "99.1" and updated["source_language"] == "en"


def test_an_imported_record_is_saved_through_the_web_form(app, imported, sysadmin):
    headers = {"Authorization": sysadmin["token"]}
    form = app.get("/recommendation/edit/" + imported["name"], headers=headers)
    assert 'name="text_translated-en"' in form.body
    response = app.post(
        "/recommendation/edit/" + imported["name"],
        headers=headers,
        data={
            "text_translated-es": "",
            "text_translated-en": "Eliminate physical barriers to information.",
            "text_translated-fr": "",
            "mechanism": imported["mechanism"],
            "record_type": imported["record_type"],
            "country": imported["country"],
            "owner_org": imported["owner_org"],
            "name": imported["name"],
            "save": "",
        },
    )
    assert response.status_code == 200
    assert "missing text in language" not in response.body
    shown = helpers.call_action("package_show", id=imported["id"])
    assert shown["text_translated"] == {"en": "Eliminate physical barriers to information."}
    assert shown["source_language"] == "en"
    page = app.get("/recommendation/" + imported["name"])
    assert "Source language" in page.body


def test_an_imported_record_is_created_again_from_its_api_dump(imported, sysadmin):
    helpers.call_action("dataset_purge", id=imported["id"])
    dump = {k: v for k, v in imported.items() if k not in ("organization", "groups", "tags")}
    created = as_user(sysadmin, "package_create", **dump)
    assert created["id"] == imported["id"]
    assert created["text_translated"] == imported["text_translated"]
    assert created["source_language"] == "en"


def test_a_record_imported_before_source_languages_were_kept_becomes_editable(imported, sysadmin):
    if extras.PACKAGE_EXTRAS_IN_JSONB:
        model.Session.execute(
            sa.text("UPDATE package SET extras = extras - 'source_language' WHERE id = :id"), {"id": imported["id"]}
        )
    else:
        model.Session.execute(
            sa.text("DELETE FROM package_extra WHERE package_id = :id AND key = 'source_language'"),
            {"id": imported["id"]},
        )
    model.Session.commit()
    search.rebuild(imported["id"])
    assert "source_language" not in helpers.call_action("package_show", id=imported["id"])
    patched = as_user(sysadmin, "package_patch", id=imported["id"], paragraph="12.3")
    assert patched["paragraph"] == "12.3"
    # the language of its stored text, kept from now on
    assert patched["source_language"] == "en"
    assert model.Package.get(imported["id"]).extras["source_language"] == "en"


def test_a_record_typed_in_the_portal_still_needs_the_required_languages(portal, sysadmin):
    with pytest.raises(tk.ValidationError) as error:
        builders.recommendation("coordinacion", "upr", text_translated={"en": "Only English"})
    assert "missing text in language 'es'" in str(error.value.error_dict["text_translated"])
    typed = builders.recommendation("coordinacion", "upr", text_translated={"es": "Solo español"})
    assert "source_language" not in typed
    with pytest.raises(tk.ValidationError) as error:
        as_user(sysadmin, "package_patch", id=typed["id"], text_translated={"en": "Now English"})
    assert "text_translated" in error.value.error_dict


def test_the_source_language_must_be_a_language_of_the_portal(portal, sysadmin, imported):
    with pytest.raises(tk.ValidationError) as error:
        builders.recommendation("coordinacion", "upr", text_translated={"en": "Only English"}, source_language="xx")
    assert "source_language" in error.value.error_dict
    # and the text must be complete in the language it names
    with pytest.raises(tk.ValidationError) as error:
        as_user(sysadmin, "package_patch", id=imported["id"], source_language="fr")
    assert "missing text in language 'fr'" in str(error.value.error_dict["text_translated"])


def test_a_mechanism_with_a_source_language_is_edited_in_it(portal, sysadmin):
    mechanism = builders.mechanism(
        "coordinacion", code="SR-WATER", source_language="en", title_translated={"en": "SR water"}
    )
    patched = as_user(sysadmin, "package_patch", id=mechanism["id"], url="https://www.ohchr.org/")
    assert patched["title_translated"] == {"en": "SR water"} and patched["source_language"] == "en"
    with pytest.raises(tk.ValidationError):
        builders.mechanism("coordinacion", code="SR-FOOD", title_translated={"en": "SR food"})
