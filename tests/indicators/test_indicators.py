"""Indicators through their API actions: the coordinators define them,
everyone reads them; the responsible institution's focal points report
values, its validating authority approves them, and only approved values
are public; bad input is refused naming the field and leaves nothing
behind."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.simore.db import tables
from ckanext.simore.indicators.series import series


def as_user(user, action, **data):
    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


def _rows() -> tuple[int, ...]:
    model.Session.remove()
    return tuple(
        model.Session.execute(sa.select(sa.func.count()).select_from(table)).scalar()
        for table in (
            tables.indicator,
            tables.indicator_recommendation,
            tables.indicator_value,
            tables.indicator_value_event,
        )
    )


def test_a_coordinator_defines_an_indicator_everyone_reads(network, add_indicator):
    added = add_indicator(code="Maternal-Mortality", currency="EUR", source="Estadísticas vitales")
    assert added["code"] == "maternal-mortality" and added["title_text"] == "Razón de mortalidad materna"
    assert (
        added["kind_label"] == "De resultado" and added["unit_label"] == "Tasa por 100.000"
    )  # the first portal language, outside a request
    assert added["currency"] == ""  # only an amount has a currency
    assert added["organization"]["name"] == "salud"
    assert [r["name"] for r in added["recommendations"]] == [network.recommendation["name"]]
    shown = as_user("", "simore_indicator_show", id="maternal-mortality")
    assert shown["id"] == added["id"] and shown["source"] == "Estadísticas vitales"
    assert as_user("", "simore_indicator_list", kind="outcome")["count"] == 1
    assert as_user("", "simore_indicator_list", kind="structural")["count"] == 0
    assert as_user("", "simore_indicator_list", theme="right_to_health")["count"] == 1
    assert as_user("", "simore_indicator_list", theme="right_to_food")["count"] == 0
    assert as_user("", "simore_indicator_list", recommendation=network.recommendation["name"])["count"] == 1
    updated = as_user("coordinadora", "simore_indicator_update", id="maternal-mortality", kind="process")
    assert updated["kind"] == "process" and updated["unit"] == "rate_per_100000"


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"code": "new"}, "code"),
        ({"code": "with space"}, "code"),
        ({"code": ""}, "code"),
        ({"title": {"en": "English only"}}, "title"),
        ({"title": {"xx": "?"}}, "title"),
        ({"title": ["a"]}, "title"),
        ({"kind": "impact"}, "kind"),
        ({"unit": "litres"}, "unit"),
        ({"unit": "currency_amount"}, "currency"),
        ({"unit": "currency_amount", "currency": "XYZ"}, "currency"),
        ({"periodicity": "sometimes"}, "periodicity"),
        ({"organization": "nowhere"}, "organization"),
        ({"disaggregations": ["shoe_size"]}, "disaggregations"),
        ({"themes": ["no_such_theme"]}, "themes"),
        ({"sdg_targets": ["99.9"]}, "sdg_targets"),
        ({"recommendations": ["rec-that-does-not-exist"]}, "recommendations"),
    ],
)
def test_a_bad_definition_is_refused_naming_the_field_and_nothing_is_written(add_indicator, fields, field):
    before = _rows()
    with pytest.raises(tk.ValidationError) as refused:
        add_indicator(**fields)
    assert field in refused.value.error_dict, refused.value.error_dict
    assert _rows() == before


def test_a_code_is_unique(add_indicator):
    add_indicator()
    with pytest.raises(tk.ValidationError) as refused:
        add_indicator(title={"es": "Otra"})
    assert "code" in refused.value.error_dict


def test_an_amount_has_its_currency(add_indicator):
    added = add_indicator(code="health-budget", unit="currency_amount", currency="pyg")
    assert added["currency"] == "PYG"


def test_a_value_goes_from_the_focal_point_to_the_public_through_approval(network, add_indicator, add_value):
    add_indicator()
    value = add_value(disaggregation={"sex": "female", "region": "Boquerón"})
    assert value["state"] == "draft" and value["value"] == 71.3 and value["organization"] == "salud"
    assert value["disaggregation"] == {"region": "Boquerón", "sex": "female"}
    for user in ("", "focal-justicia", "ciudadana"):
        assert as_user(user, "simore_indicator_value_list", indicator="maternal-mortality")["count"] == 0
        with pytest.raises(tk.ObjectNotFound):
            as_user(user, "simore_indicator_value_show", id=value["id"])
    for user in ("focal-salud", "valida-salud", "coordinadora"):
        assert as_user(user, "simore_indicator_value_list", indicator="maternal-mortality")["count"] == 1
    assert series([network.recommendation["id"]])[0]["values"] == []

    as_user("focal-salud", "simore_indicator_value_transition", id=value["id"], transition="submit")
    with pytest.raises(tk.ValidationError) as refused:
        as_user("focal-salud", "simore_indicator_value_transition", id=value["id"], transition="approve")
    assert "transition" in refused.value.error_dict
    assert as_user("", "simore_indicator_value_list")["count"] == 0
    as_user("valida-salud", "simore_indicator_value_transition", id=value["id"], transition="approve")

    public = as_user("", "simore_indicator_value_show", id=value["id"])
    assert public["state"] == "approved" and "history" not in public
    staff = as_user("valida-salud", "simore_indicator_value_show", id=value["id"])
    assert [(e["transition"], e["user"]) for e in staff["history"]] == [
        ("submit", "focal-salud"),
        ("approve", "valida-salud"),
    ]
    measured = series([network.recommendation["id"]])
    assert [entry["code"] for entry in measured] == ["maternal-mortality"]
    assert [v["value"] for v in measured[0]["values"]] == [71.3]
    assert measured[0]["measures"] == [network.recommendation["id"]]


def test_a_coordinator_returns_an_approved_value_with_a_comment(add_indicator, add_value):
    add_indicator()
    value = add_value(steps=["submit", "approve"])
    with pytest.raises(tk.ValidationError) as refused:
        as_user("coordinadora", "simore_indicator_value_transition", id=value["id"], transition="return")
    assert "transition" in refused.value.error_dict  # a reason is needed
    as_user("coordinadora", "simore_indicator_value_transition", id=value["id"], transition="return", comment="Dato")
    assert as_user("", "simore_indicator_value_list")["count"] == 0
    changed = as_user("focal-salud", "simore_indicator_value_update", id=value["id"], value="65")
    assert changed["value"] == 65 and changed["state"] == "returned"


def test_an_approved_value_is_not_changed_in_place(add_indicator, add_value):
    add_indicator()
    value = add_value(steps=["submit", "approve"])
    for action in ("simore_indicator_value_update", "simore_indicator_value_delete"):
        with pytest.raises(tk.ValidationError) as refused:
            as_user("focal-salud", action, id=value["id"], value="1")
        assert "state" in refused.value.error_dict


@pytest.mark.parametrize(
    "unit, value",
    [
        ("percentage", "120"),
        ("percentage", "-1"),
        ("count", "2.5"),
        ("count", "-3"),
        ("days", "abc"),
        ("yes_no", "maybe"),
        ("yes_no", 7),
        ("number", "NaN"),
        ("number", "1e309"),
        ("number", ""),
        ("number", None),
        ("rate_per_100000", [1]),
    ],
)
def test_a_value_of_the_wrong_unit_is_refused_naming_the_value(add_indicator, add_value, unit, value):
    add_indicator(unit=unit)
    before = _rows()
    with pytest.raises(tk.ValidationError) as refused:
        add_value(value=value)
    assert "value" in refused.value.error_dict, refused.value.error_dict
    assert _rows() == before


def test_a_value_in_another_unit_than_the_indicators_is_refused(add_indicator, add_value):
    add_indicator()
    with pytest.raises(tk.ValidationError) as refused:
        add_value(value="12", unit="percentage")
    assert "Tasa por 100.000" in str(refused.value.error_dict["value"])


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"period": "24"}, "period"),
        ({"period": "2024-13"}, "period"),
        ({"period": "1850"}, "period"),
        ({"disaggregation": {"ethnicity": "x"}}, "disaggregation"),
        ({"disaggregation": {"sex": "unknown"}}, "disaggregation"),
        ({"disaggregation": ["sex"]}, "disaggregation"),
        ({"disaggregation": "{not json"}, "disaggregation"),
        ({"indicator": ["x"]}, "indicator"),
    ],
)
def test_a_bad_period_or_breakdown_is_refused_naming_the_field(add_indicator, add_value, fields, field):
    add_indicator()
    with pytest.raises(tk.ValidationError) as refused:
        add_value(**fields)
    assert field in refused.value.error_dict, refused.value.error_dict


def test_yes_no_values_and_one_value_per_period_and_breakdown(add_indicator, add_value):
    add_indicator(code="law", kind="structural", unit="yes_no", disaggregations=[])
    assert add_value(indicator="law", value="yes")["value"] is True
    assert add_value(indicator="law", value=False, period="2025")["value"] is False
    with pytest.raises(tk.ValidationError) as refused:
        add_value(indicator="law", value="no", period="2025")
    assert "period" in refused.value.error_dict


def test_values_are_reported_by_the_responsible_institution_only(add_indicator, add_value):
    add_indicator()
    for user in ("focal-justicia", "coordinadora", "ciudadana", ""):
        with pytest.raises(tk.NotAuthorized):
            as_user(user, "simore_indicator_value_create", indicator="maternal-mortality", period="2024", value="1")
    value = add_value()
    for user in ("focal-justicia", "ciudadana"):
        with pytest.raises(tk.NotAuthorized):
            as_user(user, "simore_indicator_value_update", id=value["id"], value="2")
        with pytest.raises(tk.NotAuthorized):
            as_user(user, "simore_indicator_value_transition", id=value["id"], transition="submit")


def test_the_unit_of_an_indicator_with_values_stays(add_indicator, add_value):
    add_indicator()
    add_value()
    with pytest.raises(tk.ValidationError) as refused:
        as_user("coordinadora", "simore_indicator_update", id="maternal-mortality", unit="percentage")
    assert "unit" in refused.value.error_dict


def test_removing_an_indicator_removes_its_values(add_indicator, add_value):
    add_indicator()
    add_value(steps=["submit"])
    as_user("coordinadora", "simore_indicator_delete", id="maternal-mortality")
    assert _rows() == (0, 0, 0, 0)
    with pytest.raises(tk.ObjectNotFound):
        as_user("", "simore_indicator_show", id="maternal-mortality")


def test_an_actions_indicator_row_may_point_to_an_indicator(network, add_indicator):
    import builders

    add_indicator()
    row = {"indicator": "Razón de mortalidad materna", "baseline": "90", "indicator_code": "Maternal-Mortality"}
    made = builders.action("salud", [network.recommendation["name"]], indicators=[row])
    assert made["indicators"][0]["indicator_code"] == "maternal-mortality"
    with pytest.raises(tk.ValidationError) as refused:
        builders.action("salud", [network.recommendation["name"]], indicators=[dict(row, indicator_code="nope")])
    assert "indicators" in refused.value.error_dict
