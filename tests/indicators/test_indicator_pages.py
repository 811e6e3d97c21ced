"""The indicators' pages: the list with its filters, an indicator's page
with its chart and table (approved values only, for everyone; values in
progress for its institution and the coordinators), the chart on the
pages of the recommendations it measures, the CSV, and the forms of the
coordinators and focal points (CSRF-checked; user text escaped)."""

from __future__ import annotations

import csv
import io
import re

from ckan.tests import factories


def _login(user):
    return {"Authorization": factories.APIToken(user=user)["token"]}


def _csrf(app, path, headers):
    page = app.get(path, headers=headers).body
    return re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)


def _series(add_indicator, add_value):
    add_indicator(title={"es": "Razón <b>materna</b>", "en": "Ratio <b>maternal</b>"})
    add_value(period="2022", value="80", source="=cmd|' /C calc'!A0", steps=["submit", "approve"])
    add_value(period="2023", value="75.5", steps=["submit", "approve"])
    add_value(period="2023", value="70", disaggregation={"sex": "female"}, steps=[])
    return add_value(period="2024", value="60", steps=["submit"])


def test_the_list_filters_by_kind_and_theme(app, add_indicator):
    add_indicator()
    add_indicator(
        code="law",
        title={"es": "Anti-trafficking law", "en": "Anti-trafficking law"},
        kind="structural",
        unit="yes_no",
        themes=[],
    )
    page = app.get("/indicators").body
    assert "Maternal mortality ratio" in page and "Anti-trafficking law" in page
    assert "Define an indicator" not in page
    structural = app.get("/indicators", params={"kind": "structural"}).body
    assert "Anti-trafficking law" in structural and "Maternal mortality ratio" not in structural
    themed = app.get("/indicators", params={"theme": "right_to_health"}).body
    assert "Maternal mortality ratio" in themed and "Anti-trafficking law" not in themed
    assert app.get("/indicators", params={"kind": "bogus"}, expect_errors=True).status_code == 400


def test_the_indicator_page_charts_the_approved_series_only(app, add_indicator, add_value):
    submitted = _series(add_indicator, add_value)
    page = app.get("/indicators/maternal-mortality").body
    assert "Ratio &lt;b&gt;maternal&lt;/b&gt;" in page and "<b>maternal</b>" not in page
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count("<circle") == 2 and ">2022<" in svg and ">2023<" in svg and "2024" not in svg
    assert "75.5" in page  # the table
    assert "Values in progress" not in page and "Submitted for approval" not in page
    for user, sees in [("focal-justicia", False), ("ciudadana", False), ("focal-salud", True), ("coordinadora", True)]:
        staff_page = app.get("/indicators/maternal-mortality", headers=_login(user)).body
        assert ("<td>Submitted for approval</td>" in staff_page) == sees, user
        assert ("<td>70</td>" in staff_page) == sees, user  # the draft of a breakdown
        assert ("<td>Sex: Women</td>" in staff_page) == sees, user  # labelled, not "sex: female"
    spanish = app.get("/es/indicators/maternal-mortality", headers=_login("coordinadora")).body
    assert "<td>Sexo: Mujeres</td>" in spanish
    assert submitted["id"] in app.get("/indicators/maternal-mortality", headers=_login("valida-salud")).body
    assert app.get("/indicators/nope", expect_errors=True).status_code == 404


def test_the_recommendation_page_shows_the_indicators_measuring_it(app, network, add_indicator, add_value):
    _series(add_indicator, add_value)
    page = app.get("/recommendation/" + network.recommendation["name"]).body
    section = page.split('id="simore-indicators-heading"', 1)[1]
    assert "Ratio &lt;b&gt;maternal&lt;/b&gt;" in section and "<svg" in section
    assert section.split("</section>", 1)[0].count("<circle") == 2


def test_the_csv_has_the_approved_values_without_formulas(app, add_indicator, add_value):
    _series(add_indicator, add_value)
    add_value(
        period="2021",
        value="1",
        disaggregation={"sex": "female", "region": "=HYPERLINK(1)"},
        steps=["submit", "approve"],
    )
    response = app.get("/indicators/maternal-mortality/values.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.body)))
    assert [(row["period"], row["value"]) for row in rows] == [("2021", "1"), ("2022", "80"), ("2023", "75.5")]
    assert rows[0]["disaggregation"] == "region==HYPERLINK(1);sex=female"  # no formula: it starts with "r"
    assert rows[1]["source"] == "'=cmd|' /C calc'!A0"


def test_a_coordinator_defines_and_a_focal_point_reports_through_the_forms(app, network):
    coordinator = _login("coordinadora")
    token = _csrf(app, "/indicators/new", coordinator)
    fields = {
        "_csrf_token": token,
        "code": "shelters",
        "title-es": "Casas de acogida en funcionamiento",
        "kind": "process",
        "unit": "count",
        "periodicity": "annual",
        "organization": "salud",
        "disaggregations": ["region"],
        "themes": ["right_to_health"],
        "sdg_targets": "5.2",
        "recommendations": network.recommendation["name"],
    }
    refused = app.post("/indicators/new", data=dict(fields, unit="currency_amount"), headers=coordinator)
    assert "Currency: an amount needs its currency" in refused.body
    created = app.post("/indicators/new", data=fields, headers=coordinator, follow_redirects=False)
    assert created.status_code == 302 and created.headers["Location"].endswith("/indicators/shelters")
    form = app.get("/indicators/shelters/edit", headers=coordinator).body
    assert "Casas de acogida en funcionamiento" in form and network.recommendation["name"] in form

    focal = _login("focal-salud")
    assert "Report a value" in app.get("/indicators/shelters", headers=focal).body
    token = _csrf(app, "/indicators/shelters/values/new", focal)
    wrong = app.post(
        "/indicators/shelters/values/new",
        data={"_csrf_token": token, "period": "2024", "value": "2.5", "disaggregation-region": "Central"},
        headers=focal,
    )
    assert "Value: expected a whole number" in wrong.body
    app.post(
        "/indicators/shelters/values/new",
        data={"_csrf_token": token, "period": "2024", "value": "12", "disaggregation-region": ""},
        headers=focal,
    )
    page = app.get("/indicators/shelters", headers=focal).body
    value_id = re.search(r"/indicators/shelters/values/([0-9a-f]+)/transition", page).group(1)
    app.post(
        "/indicators/shelters/values/{}/transition".format(value_id),
        data={"_csrf_token": token, "transition": "submit"},
        headers=focal,
    )
    validator = _login("valida-salud")
    token = _csrf(app, "/indicators/shelters", validator)
    app.post(
        "/indicators/shelters/values/{}/transition".format(value_id),
        data={"_csrf_token": token, "transition": "approve"},
        headers=validator,
    )
    public = app.get("/indicators/shelters").body
    assert public.split("<svg", 1)[1].count("<circle") == 1


def test_the_forms_are_for_their_roles(app, add_indicator, add_value):
    add_indicator()
    value = add_value()
    for user in ("focal-salud", "focal-justicia", "ciudadana"):
        assert app.get("/indicators/new", headers=_login(user), expect_errors=True).status_code == 403
        assert (
            app.get("/indicators/maternal-mortality/edit", headers=_login(user), expect_errors=True).status_code == 403
        )
    assert app.get("/indicators/new", expect_errors=True).status_code == 403
    for user in ("coordinadora", "focal-justicia", "ciudadana"):
        response = app.get("/indicators/maternal-mortality/values/new", headers=_login(user), expect_errors=True)
        assert response.status_code == 403, user
    path = "/indicators/maternal-mortality/values/{}/edit".format(value["id"])
    assert app.get(path, headers=_login("focal-salud")).status_code == 200
    assert app.get(path, headers=_login("focal-justicia"), expect_errors=True).status_code == 403
