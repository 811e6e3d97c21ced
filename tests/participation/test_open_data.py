"""What civil society says in public of a recommendation is open data: a
facet and a filter of the search (page and API) and columns of the
exports, in the chosen language; what is not published is in none of
them, and a contribution taken down or withdrawn leaves them."""

import csv
import io
import json

import pytest
from participation.conftest import call, contribute, moderate
from participation.test_participation_matrix import ROLES, USERS, everyone  # noqa: F401 (fixture)
from security.web_client import token_header

STATUS, SPEAKERS = "civil_society_status", "civil_society_organizations"


def _search(user="", **params):
    return call(
        user,
        "package_search",
        fq="+dataset_type:recommendation",
        **{"facet.field": json.dumps([STATUS, SPEAKERS])},
        **params,
    )


def _facet(found, field):
    return {item["name"]: item["count"] for item in found["search_facets"].get(field, {}).get("items", [])}


def _export(app, lang="es"):
    body = app.get("/export/recommendation.csv?lang=" + lang).data.decode("utf-8-sig")
    return {row["name"]: row for row in csv.DictReader(io.StringIO(body))}


def test_published_assessments_are_a_facet_and_a_filter_and_unpublished_ones_are_not(members):
    rec = members.recommendation
    moderate(contribute(record=rec["name"], kind="assessment", status="not_started"))
    contribute("profesora", organization="catedra", record=rec["name"], kind="assessment", status="implemented")
    for reader in ("", "vecina", "socia", "profesora", "coordinadora"):
        found = _search(reader)
        assert _facet(found, STATUS) == {"not_started": 1}, reader
        assert _facet(found, SPEAKERS) == {"observatorio": 1}, reader
    assert _search(q=f"{STATUS}:not_started")["count"] == 1
    assert _search(q=f"{STATUS}:implemented")["count"] == 0  # still waiting for moderation
    assert _search(q=f"{SPEAKERS}:catedra")["count"] == 0


def test_the_latest_published_assessment_of_each_organization_counts_and_a_withdrawal_leaves(members):
    rec = members.recommendation
    moderate(contribute(record=rec["name"], kind="assessment", status="not_started"))
    moderate(contribute(record=rec["name"], kind="assessment", status="in_progress"))
    assert _facet(_search(), STATUS) == {"in_progress": 1}
    comment = moderate(contribute("profesora", organization="catedra", record=rec["name"], body="Falta presupuesto."))
    assert _facet(_search(), SPEAKERS) == {"observatorio": 1, "catedra": 1}
    call("profesora", "simore_contribution_withdraw", id=comment["id"])
    assert _facet(_search(), SPEAKERS) == {"observatorio": 1}
    for assessment in call("", "simore_contribution_list", record=rec["name"], kind="assessment")["results"]:
        moderate(assessment, decision="refuse", reason="Sin fuentes.")
    assert _facet(_search(), STATUS) == {}


def test_the_search_page_shows_the_facet_with_its_labels(app, members):
    moderate(contribute(record=members.recommendation["name"], kind="assessment", status="not_started"))
    page = app.get("/recommendation/", headers={"Accept-Language": "es"}).body
    assert "Observatorio de Derechos" in page
    filtered = app.get(f"/recommendation/?{STATUS}=not_started").body
    assert members.recommendation["name"] in filtered


def test_the_export_has_what_civil_society_says_in_the_chosen_language(app, members):
    rec = members.recommendation
    moderate(contribute(record=rec["name"], kind="assessment", status="not_started"))
    moderate(contribute("profesora", organization="catedra", record=rec["name"], body="Falta presupuesto."))
    contribute("profesora", organization="catedra", record=rec["name"], kind="assessment", status="implemented")
    row = _export(app, "es")[rec["name"]]
    assert row[STATUS] == "not_started"
    assert row[STATUS + "_label"] == "No iniciado"
    assert row[SPEAKERS] == "catedra; observatorio"
    assert row[SPEAKERS + "_label"] == "Cátedra de Derechos Humanos; Observatorio de Derechos"
    assert _export(app, "en")[rec["name"]][STATUS + "_label"] == "Not started"


@pytest.mark.parametrize("role", ROLES)
def test_no_role_finds_an_unpublished_assessment_in_the_facets_the_filters_or_the_exports(app, everyone, role):
    # /participation/contributions.<fmt> and /export/recommendation.<fmt>, for every role
    """The facets and the exports are what the public sees, for everyone
    alike: an assessment waiting for moderation is in them for nobody,
    its author and the moderators included; once published, for all."""
    rec = everyone.recommendation
    waiting = contribute(record=rec["name"], kind="assessment", status="implemented")
    headers = token_header(USERS[role]) if USERS[role] else {}

    def seen():
        found = app.get(
            "/api/3/action/package_search",
            params={"fq": f"+{STATUS}:implemented", "facet.field": json.dumps([STATUS, SPEAKERS])},
            headers=headers,
        ).json["result"]
        body = app.get("/export/recommendation.csv?lang=es", headers=headers).data.decode("utf-8-sig")
        row = {r["name"]: r for r in csv.DictReader(io.StringIO(body))}[rec["name"]]
        page = app.get(f"/recommendation/?{STATUS}=implemented", headers=headers).body
        contributions = app.get("/participation/contributions.csv", headers=headers).data.decode("utf-8-sig")
        return {
            "contributions export": waiting["id"] in contributions,
            "filter": found["count"] == 1,
            "facet": bool(found["search_facets"][STATUS]["items"]),
            "export": row[STATUS] == "implemented",
            "search page": rec["name"] in page,
        }

    assert not any(seen().values()), seen()
    moderate(waiting)
    assert all(seen().values()), seen()


def _contributions(app, query="", headers=None, fmt="csv"):
    response = app.get("/participation/contributions." + fmt + query, headers=headers or {}, expect_errors=True)
    if fmt != "csv" or response.status_code != 200:
        return response
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_contributions_export_is_what_is_published_the_same_for_every_reader(app, members, draft):
    rec = members.recommendation
    assessment = moderate(contribute(record=rec["name"], kind="assessment", status="not_started", show_author=True))
    comment = moderate(contribute("profesora", organization="catedra", record=rec["name"], body="Sin presupuesto."))
    contribute(record=rec["name"], body="Todavía en moderación")
    refused = contribute(record=rec["name"], body="Rechazado")
    moderate(refused, decision="refuse", reason="Fuera de tema.")
    call("coordinadora", "simore_draft_submit", id=draft["id"], submitted_on="2026-01-15")
    on_report = moderate(contribute(kind="comment", report=draft["id"], body="El informe omite a la niñez."))

    public = _contributions(app, "?lang=en")
    assert [row["id"] for row in public] == [assessment["id"], comment["id"], on_report["id"]]
    assert _contributions(app, "?lang=en", token_header("coordinadora")) == public  # moderators included
    first, second, third = public
    assert (first["kind"], first["record"], first["status"], first["status_label"]) == (
        "assessment",
        rec["name"],
        "not_started",
        "Not started",
    )
    assert first["author"] == "Sonia Socia" and second["author"] == ""  # only who chose to be named
    assert second["organization_title"] == "Cátedra de Derechos Humanos"
    assert (third["report"], third["report_title"], third["record"]) == (draft["id"], draft["title"], "")
    assert _contributions(app, "?lang=es")[0]["status_label"] == "No iniciado"

    assert [row["id"] for row in _contributions(app, "?kind=assessment")] == [assessment["id"]]
    assert [row["id"] for row in _contributions(app, "?organization=catedra")] == [comment["id"]]
    assert [row["id"] for row in _contributions(app, "?q=presupuesto")] == [comment["id"]]
    assert [row["id"] for row in _contributions(app, "?q=ninez")] == [on_report["id"]]  # accents aside
    assert _contributions(app, "?record=no-such-record").status_code == 404
    assert _contributions(app, "?kind=gossip").status_code == 400
    assert _contributions(app, fmt="xml").status_code == 404
    assert len(json.loads(_contributions(app, fmt="json").data)) == 3
    assert _contributions(app, fmt="xlsx").status_code == 200


def test_the_organization_and_statistics_pages_link_to_the_export(app, members):
    moderate(contribute(record=members.recommendation["name"], kind="assessment", status="not_started"))
    organization_page = app.get("/civil_society/observatorio").body
    assert "/participation/contributions.csv?organization=observatorio" in organization_page
    assert "/participation/contributions.xlsx" in app.get("/statistics").body
    assert "/participation/contributions.csv" not in app.get("/civil_society/catedra").body  # nothing published
