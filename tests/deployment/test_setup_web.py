"""The first sysadmin sets the country up from the web (``/setup``), the
same steps as ``ckan simore setup-country``: a dry run that writes nothing,
then the institutions, the invitations (on a loopback SMTP server) and the
mechanisms; refused rows named; nobody else may reach the page or the API
action."""

import io

import builders
import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
    pytest.mark.ckan_config("ckanext.simore.coordinating_organization", "coordinacion"),
]

SHEET = (
    "name,title_es,title_en,acronym,branch,kind,focal_points,validators\n"
    "coordinacion,Cancillería,Foreign Office,CAN,executive,ministry,coordina@arcadia.example,\n"
    "salud,Ministerio de Salud,Ministry of Health,MS,executive,ministry,salud@arcadia.example,valida@arcadia.example\n"
    "fiscalia,Fiscalía,Prosecutor's Office,FG,nowhere,public_prosecutor,,\n"
)


def _post(app, headers, step, mechanisms=("UPR", "CEDAW"), sheet=SHEET, path="/setup/"):
    return app.post(
        path,
        headers=headers,
        data={
            "upload": (io.BytesIO(sheet.encode()), "instituciones.csv"),
            "mechanisms": list(mechanisms),
            "step": step,
        },
    )


def test_a_dry_run_then_the_setup_from_the_web(app, mailbox):
    headers = {"Authorization": factories.APIToken(user=factories.Sysadmin()["name"])["token"]}
    page = app.get("/setup/", headers=headers).body
    assert 'name="upload"' in page and "_csrf_token" in page and 'value="IACHR"' in page
    # the shipped mechanisms grouped by system, the UN's first
    legends = ["United Nations system", "Inter-American system", "African system", "European system"]
    where = [page.index('<legend class="form-label small fw-bold">' + name) for name in legends]
    assert where == sorted(where)
    african = page.split("African system", 1)[1].split("</fieldset>", 1)[0]
    assert 'value="AfCHPR"' in african and 'value="ECtHR"' not in african
    assert app.get("/setup/institutions-template.csv", headers=headers).body.startswith("name,")

    dry = _post(app, headers, "check").body
    assert "What would be done (dry run)" in dry
    assert "row 4, branch" in dry  # the refused row, by row and column
    assert model.Group.get("salud") is None and mailbox.take() == []

    done = _post(app, headers, "apply").body
    assert "What was done" in done and "Next: import the country" in done
    assert {g.name for g in model.Session.query(model.Group).filter_by(state="active")} == {"coordinacion", "salud"}
    invited = sorted(address for message in mailbox.take() for address in message["to"])
    assert invited == ["coordina@arcadia.example", "salud@arcadia.example", "valida@arcadia.example"]
    mechanisms = helpers.call_action("package_search", fq="+dataset_type:mechanism")["results"]
    assert sorted(m["code"] for m in mechanisms) == ["CEDAW", "UPR"]

    again = _post(app, headers, "apply").body  # idempotent: nothing more is done, nobody invited twice
    assert mailbox.take() == []
    assert model.Session.query(model.Group).filter_by(state="active").count() == 2
    assert "Already members" in again


@pytest.mark.parametrize("mechanisms, field", [(["ZZZ"], "mechanisms"), (5, "mechanisms"), ("", "mechanisms")])
def test_bad_input_is_refused_by_field(mechanisms, field):
    from werkzeug.datastructures import FileStorage

    sysadmin = factories.Sysadmin()
    upload = FileStorage(stream=io.BytesIO(SHEET.encode()), filename="instituciones.csv")
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action(
            "simore_country_setup", context={"user": sysadmin["name"]}, upload=upload, mechanisms=mechanisms
        )
    assert field in refused.value.error_dict
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("simore_country_setup", context={"user": sysadmin["name"]}, upload="a text")
    assert "upload" in refused.value.error_dict
    assert model.Session.query(model.Group).count() == 0


def test_a_sheet_without_the_coordinating_body_is_refused_whole(app):
    headers = {"Authorization": factories.APIToken(user=factories.Sysadmin()["name"])["token"]}
    sheet = "name,title_es,branch\nsalud,Ministerio de Salud,executive\n"
    page = _post(app, headers, "apply", sheet=sheet).body
    assert "coordinacion" in page and "neither a row of the sheet" in page
    assert model.Session.query(model.Group).count() == 0


def test_refusals_are_told_in_the_readers_language(app):
    headers = {"Authorization": factories.APIToken(user=factories.Sysadmin()["name"])["token"]}
    dry = _post(app, headers, "check", path="/es/setup/").body
    assert "fila 4, branch: poder del Estado desconocido &#39;nowhere&#39; (uno de: executive" in dry
    missing = _post(app, headers, "check", sheet="name,title_es\nsalud,Salud\n", path="/fr/setup/").body
    assert "instituciones.csv: les colonnes branch manquent" in missing  # the file named as uploaded
    alone = _post(app, headers, "apply", sheet="name,title_es,branch\nsalud,Salud,executive\n", path="/pt_BR/setup/")
    assert "o órgão coordenador &#39;coordinacion&#39;" in alone.body
    assert model.Session.query(model.Group).count() == 0


def test_no_mechanism_ticked_is_refused_not_taken_for_all(app):
    headers = {"Authorization": factories.APIToken(user=factories.Sysadmin()["name"])["token"]}
    page = _post(app, headers, "apply", mechanisms=()).body
    assert "Choose at least one mechanism" in page
    assert model.Session.query(model.Group).count() == 0


@pytest.mark.parametrize("who", ["anonymous", "registered", "coordinator"])
def test_nobody_but_a_sysadmin_sets_up_the_country(app, who):
    coordinator = factories.User()
    builders.institution(name="coordinacion", users=[{"name": coordinator["name"], "capacity": "admin"}])
    user = {"anonymous": None, "registered": factories.User()["name"], "coordinator": coordinator["name"]}[who]
    headers = {"Authorization": factories.APIToken(user=user)["token"]} if user else {}
    assert app.get("/setup/", headers=headers, expect_errors=True).status_code == 403
    assert app.get("/setup/institutions-template.csv", headers=headers, expect_errors=True).status_code == 403
    assert _post(app, headers, "apply").status_code == 403
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("simore_country_setup", context={"user": user or "", "ignore_auth": False})
    assert model.Group.get("salud") is None
