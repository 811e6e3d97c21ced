"""A civil society organization is never a State institution: it owns no
records, is never assigned recommendations nor asked questions, and its
members have no role towards institutions, whatever CKAN's capacities say."""

import builders
import pytest
from ckan.plugins import toolkit as tk
from participation.conftest import call

from ckanext.simore import roles


def test_its_admin_records_nothing_in_it(society):
    for dataset_type in ("action", "recommendation", "mechanism"):
        with pytest.raises((tk.NotAuthorized, tk.ValidationError)):
            call(
                "activista",
                "package_create",
                type=dataset_type,
                name="registro-" + dataset_type,
                owner_org="observatorio",
                title_translated={"es": "Intento"},
            )
    assert not roles.institutions_of("activista")
    assert not roles.institution_roles("activista", society.observatory["id"])
    assert roles.civil_society_of("activista") == {society.observatory["id"]: "admin"}


def test_a_focal_point_cannot_put_a_record_in_it(society):
    """Even a focal point who is also its admin: records belong to State
    institutions only."""
    call("activista", "organization_member_create", id="observatorio", username="focal-salud", role="admin")
    with pytest.raises(tk.ValidationError) as error:
        builders.action("observatorio", [society.recommendation["name"]], _user="focal-salud")
    assert "owner_org" in error.value.error_dict
    created = builders.action("salud", [society.recommendation["name"]], _user="focal-salud")
    with pytest.raises(tk.ValidationError):
        call("focal-salud", "package_patch", id=created["id"], owner_org="observatorio")


def test_it_is_not_assigned_recommendations_nor_asked_questions(society):
    with pytest.raises(tk.ValidationError):
        call(
            "coordinadora",
            "simore_recommendation_assign",
            ids=[society.recommendation["id"]],
            institutions=["salud", "observatorio"],
        )
    with pytest.raises(tk.ValidationError):
        call(
            "coordinadora",
            "simore_information_request_create",
            title="Cuestionario",
            kind="questionnaire",
            deadline="2030-01-01",
            questions="1. ¿Qué?",
            institutions=["observatorio"],
        )
    with pytest.raises(tk.ObjectNotFound):
        call("coordinadora", "simore_institution_dashboard", id="observatorio")


def test_it_is_not_listed_among_institutions(society, app):
    assert "observatorio" not in call("", "organization_list")
    assert "observatorio" in call("", "organization_list", type="civil_society")
    page = app.get("/organization/").body
    assert "Observatorio de Derechos" not in page
    assert "Observatorio de Derechos" in app.get("/civil_society/").body
    from ckanext.simore.focal_points import members

    assert "observatorio" not in {group.name for group in members.institutions()}


def test_only_coordinators_create_one_directly(society):
    for user in ("vecina", "activista", "focal-salud", "valida-salud"):
        with pytest.raises(tk.NotAuthorized):
            call(user, "organization_create", type="civil_society", name="otra", title="Otra", civil_society_kind="ngo")
    call(
        "coordinadora", "organization_create", type="civil_society", name="otra", title="Otra", civil_society_kind="ngo"
    )


def test_state_staff_added_to_one_hold_no_civil_society_role(society):
    """An organization's admin may add anyone through CKAN's member pages;
    a focal point so added still writes and decides nothing for it."""
    call("activista", "organization_member_create", id="observatorio", username="focal-salud", role="admin")
    assert roles.civil_society_of("focal-salud") == {}
    with pytest.raises(tk.NotAuthorized):
        call(
            "focal-salud",
            "simore_contribution_create",
            kind="comment",
            organization="observatorio",
            record=society.recommendation["name"],
            body="Opinión oficial",
        )
