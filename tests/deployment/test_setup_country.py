"""``ckan simore setup-country``: a fictional country's 60 institutions
from a sheet and its recommendations from a UHRI export, then everything
found where people look for it: the institutions, the invitations (on a
loopback SMTP server), the recommendations and the facets. Run again, it
does nothing more."""

import csv

import pytest
import uhri_files
from ckan import model
from ckan.tests import helpers

from ckanext.simore.cli.deployment import setup_country

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index"),
    pytest.mark.ckan_config("ckanext.simore.country", "PRY"),
]
COLUMNS = ["name", "title_es", "title_en", "acronym", "branch", "kind", "focal_points", "validators"]


def _setup(app, cli, arguments):
    # in the test app's context, so that the command sees the test's configuration
    with app.flask_app.test_request_context():
        return cli.invoke(setup_country, arguments)


def _sheet(path, count=60, extra=()):
    rows = [
        {
            "name": "coordinacion",
            "title_es": "Cancillería de Arcadia",
            "title_en": "Arcadian Foreign Office",
            "acronym": "CAN",
            "branch": "executive",
            "kind": "ministry",
            "focal_points": "coordina@arcadia.example",
            "validators": "",
        }
    ]
    rows += [
        {
            "name": "institucion-{:02d}".format(n),
            "title_es": "Institución {} de Arcadia".format(n),
            "title_en": "Arcadian institution {}".format(n),
            "acronym": "I{}".format(n),
            "branch": ["Poder Ejecutivo", "judicial", "Legislative"][n % 3],
            "kind": "",
            "focal_points": "focal{}@arcadia.example".format(n),
            "validators": "valida{}@arcadia.example".format(n) if n % 2 else "",
        }
        for n in range(1, count)
    ]
    rows += list(extra)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _uhri(path):
    ours = [
        dict(
            uhri_files.UPR_ROW,
            Text="118.{} Adopt measure number {} on torture prevention".format(n, n),
            **{"OHCHR Annotation Id": "6F2B1C1E-3D2A-4A7B-9C1D-{:012d}".format(n)},
        )
        for n in range(1, 6)
    ]
    elsewhere = dict(
        uhri_files.TREATY_ROW,
        **{"Countries Concerned": "Uruguay", "OHCHR Annotation Id": "0a1b2c3d-0000-4a6b-8c7d-9e0f1a2b3c4d"},
    )
    return uhri_files.write_xlsx(path, ours + [uhri_files.TREATY_ROW, elsewhere])


def test_a_country_is_set_up_from_a_sheet_and_a_uhri_export_and_again_changes_nothing(app, cli, mailbox, tmp_path):
    sheet, export = _sheet(tmp_path / "institutions.csv"), _uhri(tmp_path / "uhri.xlsx")
    result = _setup(app, cli, [str(sheet), "--mechanisms", "UPR,CRC,CEDAW", "--recommendations", str(export)])
    assert result.exit_code == 0, result.output
    assert "Country PRY, languages es en fr, coordinating body coordinacion" in result.output
    assert "Institutions created: 60" in result.output
    assert "Invitations sent: 90" in result.output  # 60 focal points, 30 validating authorities
    assert "Mechanisms created: 3; already there: 0" in result.output

    assert len(helpers.call_action("organization_list")) == 60
    assert helpers.call_action("organization_show", id="institucion-07")["title"] == "Institución 7 de Arcadia"
    health = helpers.call_action("organization_show", id="institucion-02")
    assert (
        health["branch_of_government"] == "legislative" and health["title_translated"]["en"] == "Arcadian institution 2"
    )
    mailed = mailbox.take()
    assert len(mailed) == 90
    assert sorted(address for message in mailed for address in message["to"])[:2] == [
        "coordina@arcadia.example",
        "focal10@arcadia.example",
    ]
    # the invited accounts wait (pending) for their owners to set a password
    invited = (
        model.Session.query(model.User.email, model.Member.capacity)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(model.Member.group_id == model.Group.get("institucion-03").id, model.Member.state == "active")
        .filter(model.User.state == "pending")
    )
    assert sorted(invited) == [("focal3@arcadia.example", "editor"), ("valida3@arcadia.example", "admin")]

    # the recommendations addressed to Arcadia (PRY here), not the one to Uruguay
    assert "6 created, 0 updated, 0 unchanged, 0 merged, 1 rejected" in result.output
    found = helpers.call_action(
        "package_search", fq="dataset_type:recommendation", rows=0, **{"facet.field": '["mechanism"]'}
    )
    assert found["count"] == 6
    assert {item["name"]: item["count"] for item in found["search_facets"]["mechanism"]["items"]} == {
        "upr": 5,
        "crc": 1,
    }

    again = _setup(app, cli, [str(sheet), "--mechanisms", "UPR,CRC,CEDAW", "--recommendations", str(export)])
    assert again.exit_code == 0, again.output
    assert "Institutions created: 0\nInstitutions updated: 0\nInstitutions unchanged: 60" in again.output
    assert "Invitations sent: 0\nInvitations already members: 90" in again.output
    assert "Mechanisms created: 0; already there: 3" in again.output
    assert mailbox.take() == []
    assert helpers.call_action("package_search", fq="dataset_type:recommendation", rows=0)["count"] == 6


def test_refused_rows_are_named_and_the_others_saved(app, cli, mailbox, tmp_path):
    bad = {"name": "sin-poder", "title_es": "Sin poder", "branch": "cuarto poder", "focal_points": "x@y"}
    sheet = _sheet(tmp_path / "institutions.csv", count=3, extra=[bad])
    result = _setup(app, cli, [str(sheet), "--mechanisms", "UPR"])
    assert result.exit_code == 1
    assert "Institutions created: 3" in result.output
    assert "Refused: row 5, branch: unknown branch of government 'cuarto poder'" in result.output
    assert "Refused: row 5, focal_points: not an e-mail address: 'x@y'" in result.output
    assert "2 refused; correct the sheet and run the command again." in result.output


@pytest.mark.parametrize(
    "arguments, message", [(["--mechanisms", "UPR,XYZ"], "--mechanisms: unknown code(s) XYZ"), (["--dry-run"], None)]
)
def test_bad_options_write_nothing_and_a_dry_run_writes_nothing(app, cli, mailbox, tmp_path, arguments, message):
    sheet = _sheet(tmp_path / "institutions.csv", count=4)
    result = _setup(app, cli, [str(sheet)] + arguments)
    if message:
        assert result.exit_code == 1 and message in result.output
    else:
        assert result.exit_code == 0 and "Institutions created: 4" in result.output and "dry run" in result.output
    assert helpers.call_action("organization_list") == []
    assert mailbox.take() == []


def test_a_sheet_without_the_coordinating_body_is_refused_whole(app, cli, tmp_path):
    sheet = tmp_path / "institutions.csv"
    sheet.write_text("name,title_es,branch\nsalud,Ministerio de Salud,executive\n", encoding="utf-8")
    result = _setup(app, cli, [str(sheet)])
    assert result.exit_code == 1
    assert "the coordinating body 'coordinacion'" in result.output and "add its row" in result.output
    assert helpers.call_action("organization_list") == []
