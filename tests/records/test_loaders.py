"""The CLI loaders: shipped mechanisms and the demo data set, idempotent."""

import builders
import pytest
import yaml
from ckan import model
from ckan.tests import helpers as ckan_helpers

from ckanext.simore.records import loaders

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

UN_TREATY_BODIES = {
    "cerd",
    "cescr",
    "ccpr",
    "cedaw",
    "cat",
    "spt",
    "crc",
    "crc-op-ac",
    "crc-op-sc",
    "cmw",
    "crpd",
    "ced",
}

# name: (code, family, system) of the regional bodies every portal ships
REGIONAL = {
    "iachr": ("IACHR", "regional", "inter_american"),
    "iacthr": ("IACtHR", "regional", "inter_american"),
    "achpr": ("ACHPR", "regional", "african"),
    "acerwc": ("ACERWC", "regional", "african"),
    "afchpr": ("AfCHPR", "regional", "african"),
    "ecthr": ("ECtHR", "regional", "european"),
    "ecsr": ("ECSR", "regional", "european"),
    "cpt": ("CPT", "regional", "european"),
    "grevio": ("GREVIO", "regional", "european"),
    "ecri": ("ECRI", "regional", "european"),
}


def _mechanism_names():
    return {name for (name,) in model.Session.query(model.Package.name).filter_by(type="mechanism", state="active")}


def test_load_mechanisms_creates_the_shipped_set_once(cli, ckan_config):
    from ckanext.simore.cli import simore

    builders.institution(name="coordinacion")
    first = cli.invoke(simore, ["load-mechanisms", "--organization", "coordinacion"])
    assert first.exit_code == 0, first.output
    assert "24 created, 0 already present" in first.output
    names = _mechanism_names()
    assert UN_TREATY_BODIES | {"upr", "sp"} | set(REGIONAL) <= names

    second = cli.invoke(simore, ["load-mechanisms", "--organization", "coordinacion"])
    assert "0 created, 24 already present" in second.output
    assert _mechanism_names() == names
    ccpr = ckan_helpers.call_action("package_show", id="ccpr")
    assert ccpr["family"] == "treaty_body" and ccpr["system"] == "un"
    assert ccpr["title_translated"]["fr"] == "Comité des droits de l'homme"
    assert ckan_helpers.call_action("package_show", id="iacthr")["code"] == "IACtHR"


def test_every_regional_system_has_its_mechanisms_named_in_the_portals_languages(cli):
    """The network spans the Americas, Africa and Europe: every member
    loads the same codes, each in its system, named officially."""
    from ckanext.simore.cli import simore

    builders.institution(name="coordinacion")
    assert cli.invoke(simore, ["load-mechanisms", "--organization", "coordinacion"]).exit_code == 0
    found = {name: ckan_helpers.call_action("package_show", id=name) for name in REGIONAL if name in _mechanism_names()}
    assert {name: (m["code"], m["family"], m["system"]) for name, m in found.items()} == REGIONAL
    assert found["achpr"]["title_translated"]["fr"] == "Commission africaine des droits de l'homme et des peuples"
    assert found["afchpr"]["title_translated"]["es"] == "Corte Africana de Derechos Humanos y de los Pueblos"
    assert found["ecthr"]["title_translated"]["en"] == "European Court of Human Rights"
    assert "Committee of Ministers" in found["ecthr"]["notes_translated"]["en"]
    assert set(found["grevio"]["title_translated"]) == {"es", "en", "fr"}  # the portal's languages (test.ini)


def test_load_mechanisms_refuses_an_unknown_organization(cli):
    from ckanext.simore.cli import simore

    result = cli.invoke(simore, ["load-mechanisms", "--organization", "nowhere"])
    assert result.exit_code != 0
    assert "there is no organization called 'nowhere'" in result.output
    assert _mechanism_names() == set()


def test_load_demo_creates_everything_once_and_keeps_logins(cli, tmp_path):
    from ckanext.simore.cli import simore

    credentials = tmp_path / "credentials.yaml"
    first = cli.invoke(simore, ["load-demo", "--credentials", str(credentials)])
    assert first.exit_code == 0, first.output
    data = loaders.read_data_file("demo.yaml")
    counts = {
        kind: model.Session.query(model.Package).filter_by(type=kind, state="active").count()
        for kind in ("recommendation", "action")
    }
    assert counts == {"recommendation": len(data["recommendations"]), "action": len(data["actions"])}
    assert 40 <= counts["recommendation"] and 15 <= counts["action"]
    # good practices of the coordinating body, the last one not published yet
    public = ckan_helpers.call_action("package_search", fq="dataset_type:practice", rows=10)["results"]
    assert sorted(p["name"] for p in public) == [p["name"] for p in data["practices"] if not p.get("private")]
    assert len(public) == len(data["practices"]) - 1 >= 2 and "practices: 3" in first.output
    passwords = yaml.safe_load(credentials.read_text())
    assert "admin / {}: sysadmin".format(passwords["admin"]) in first.output
    assert "coordinadora / {}: coordinator".format(passwords["coordinadora"]) in first.output
    assert "punto-focal-salud / {}: focal point of".format(passwords["punto-focal-salud"]) in first.output
    assert "validadora-salud / {}: validating authority of".format(passwords["validadora-salud"]) in first.output

    # an open round, and actions in every state of the workflow
    rounds = ckan_helpers.call_action("simore_round_list", context={"user": "coordinadora"})
    assert [r["state"] for r in rounds] == ["open"] and rounds[0]["item_count"] > 0
    states = {
        pkg["workflow_state"]
        for pkg in ckan_helpers.call_action(
            "package_search", fq="dataset_type:action", rows=100, include_private=True, context={"user": "admin"}
        )["results"]
    }
    assert states == {"draft", "submitted", "approved", "published", "returned", "withdrawn"}
    compliance = ckan_helpers.call_action("simore_round_show", context={"user": "coordinadora"}, id=rounds[0]["id"])[
        "compliance"
    ]
    assert sum(row["submitted"] for row in compliance) >= 1
    assert model.User.by_name("admin").sysadmin

    search = ckan_helpers.call_action(
        "package_search",
        fq="dataset_type:recommendation",
        rows=0,
        **{
            "facet.field": '["mechanism", "themes", "affected_persons", "sdg_goals", '
            '"institutions", "implementation_status"]'
        },
    )
    assert search["count"] == counts["recommendation"]
    for facet in ("mechanism", "themes", "affected_persons", "sdg_goals", "institutions", "implementation_status"):
        assert search["search_facets"][facet]["items"], facet

    second = cli.invoke(simore, ["load-demo", "--credentials", str(credentials)])
    assert second.exit_code == 0, second.output
    assert yaml.safe_load(credentials.read_text()) == passwords
    assert model.Session.query(model.Package).filter_by(type="recommendation").count() == counts["recommendation"]

    # the calendar: past reports submitted, coming ones, one overdue; added once
    calendar = ckan_helpers.call_action("simore_obligation_list")
    assert calendar["count"] == len(data["reporting_obligations"])
    states = [entry["state"] for entry in calendar["obligations"]]
    assert states.count("submitted") == 2 and "overdue" in states
    assert any(entry["days_left"] > 0 for entry in calendar["obligations"])

    # indicators with series: the public sees the approved values only
    assert ckan_helpers.call_action("simore_indicator_list")["count"] == len(data["indicators"])
    wanted = data["indicators"][0]
    public = ckan_helpers.call_action(
        "simore_indicator_value_list", context={"user": "", "ignore_auth": False}, indicator=wanted["code"]
    )
    approved = [value for value in wanted["values"] if value["state"] == "approved"]
    assert public["count"] == len(approved) >= 5
    assert {value["state"] for value in public["values"]} == {"approved"}

    # a sent request, answered in several states, one question still owed
    coordinator = {"user": "coordinadora"}
    requests = ckan_helpers.call_action("simore_information_request_list", context=coordinator)
    assert [request["state"] for request in requests["requests"]] == ["sent"]
    request = ckan_helpers.call_action(
        "simore_information_request_show", context=coordinator, id=requests["requests"][0]["id"]
    )
    answers = [answer["state"] for question in request["questions"] for answer in question["answers"]]
    assert sorted(answers) == ["approved", "draft", "returned", "submitted"]
    owed = {row["name"]: row for row in request["tracking"]}
    assert owed["ministerio-mujer"]["answered"] < owed["ministerio-mujer"]["owed"]

    # the mid-term report's draft cites the approved answer and the
    # indicators' series; its introduction has a second version
    drafts = ckan_helpers.call_action("simore_draft_list", context=coordinator)["drafts"]
    assert [draft["obligation"]["kind"] for draft in drafts] == ["upr_midterm_report"]
    draft = ckan_helpers.call_action("simore_draft_show", context=coordinator, id=drafts[0]["id"])
    text = " ".join(paragraph["text"] for section in draft["sections"] for paragraph in section["paragraphs"])
    assert "casas de espera materna" in text and "71.3" in text.replace(",", ".")
    introduction = draft["sections"][0]
    assert introduction["version"] == 2 and "cuarto ciclo" in introduction["body"]
    versions = ckan_helpers.call_action("simore_draft_section_versions", context=coordinator, id=introduction["id"])[
        "versions"
    ]
    assert [version["user"] for version in versions] == ["coordinadora", "coordinadora"]

    # civil society: two organizations with members; assessments that agree
    # and disagree with the State, an answered comment, one waiting
    assert set(ckan_helpers.call_action("organization_list", type="civil_society")) == {
        "red-ciudadana-ddhh",
        "observatorio-universitario-ddhh",
    }
    assert "osc-red-miembro / {}: civil society member of".format(passwords["osc-red-miembro"]) in first.output
    public = ckan_helpers.call_action("simore_contribution_list", context={"user": ""})["results"]
    assessments = {entry["record"]["name"]: entry["status"] for entry in public if entry["kind"] == "assessment"}
    states = {name: ckan_helpers.call_action("package_show", id=name)["implementation_status"] for name in assessments}
    assert any(assessments[name] == states[name] for name in assessments)
    assert any(assessments[name] != states[name] for name in assessments)
    assert "answer" in {entry["kind"] for entry in public}
    waiting = ckan_helpers.call_action("simore_contribution_list", context=coordinator, state="pending")
    assert waiting["count"] == 1
    written = len(data["civil_society_contributions"])
    cli.invoke(simore, ["load-demo", "--credentials", str(credentials)])
    everything = ckan_helpers.call_action("simore_contribution_list", context=coordinator)["results"]
    assert len([entry for entry in everything if entry["kind"] not in ("answer", "consultation")]) == written

    # a consultation held on the draft: its record public, every comment responded to
    (held,) = ckan_helpers.call_action("simore_consultation_list", context={"user": ""})["consultations"]
    record = ckan_helpers.call_action("simore_consultation_show", context={"user": ""}, id=held["id"])
    assert held["state"] == "published" and len(record["participants"]) == 2
    responses = [c["response"] for section in record["sections"] for c in section["comments"]]
    assert sorted(responses) == ["partly", "taken"]
