"""Creating and editing each type through the web forms, in three
languages, with field errors for bad input and nothing half-saved."""

import builders
import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests import helpers as ckan_helpers

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def sysadmin_headers():
    user = factories.SysadminWithToken()
    return {"Authorization": user["token"]}


@pytest.fixture
def setup_records():
    coordination = builders.institution(name="coordinacion", title="Coordinación")
    builders.institution(name="salud", title="Ministerio de Salud")
    builders.mechanism(coordination["name"], code="CEDAW")
    return coordination


def _form(**fields):
    data = {"_ckan_phase": "dataset_new_1", "save": "go-metadata"}
    data.update(fields)
    return data


def test_recommendation_form_shows_one_input_per_language(app, sysadmin_headers, setup_records):
    page = app.get("/recommendation/new", headers=sysadmin_headers)
    for lang in ("es", "en", "fr"):
        assert 'name="text_translated-{}"'.format(lang) in page.body
    assert 'value="equality_non_discrimination"' in page.body
    assert 'value="cedaw"' in page.body
    # assigned on the recommendation's page, status set there too
    assert 'name="institutions"' not in page.body
    assert 'name="implementation_status"' not in page.body


def test_sysadmin_creates_and_edits_a_recommendation_in_three_languages(app, sysadmin_headers, setup_records):
    response = app.post(
        "/recommendation/new",
        data=_form(
            **{
                "text_translated-es": "Garantizar el acceso a la justicia de las mujeres.",
                "text_translated-en": "Guarantee women's access to justice.",
                "text_translated-fr": "Garantir l'accès des femmes à la justice.",
                "mechanism": "cedaw",
                "record_type": "concern_observation",
                "themes": ["access_to_justice_remedy", "discrimination_against_women"],
                "affected_persons": "women_girls",
                "owner_org": setup_records["id"],
            }
        ),
        headers=sysadmin_headers,
    )
    assert response.status_code == 200
    rec = ckan_helpers.call_action("package_search", fq="dataset_type:recommendation")["results"][0]
    assert rec["text_translated"] == {
        "es": "Garantizar el acceso a la justicia de las mujeres.",
        "en": "Guarantee women's access to justice.",
        "fr": "Garantir l'accès des femmes à la justice.",
    }
    assert rec["themes"] == ["access_to_justice_remedy", "discrimination_against_women"]
    assert rec["state"] == "active"
    assert not any(key.startswith("text_translated-") for key in rec)

    edit = app.post(
        "/recommendation/edit/" + rec["name"],
        data={
            "text_translated-es": "Garantizar el acceso efectivo a la justicia.",
            "text_translated-en": "Guarantee effective access to justice.",
            "text_translated-fr": "",
            "mechanism": "cedaw",
            "record_type": "concern_observation",
            "owner_org": setup_records["id"],
            "name": rec["name"],
            "save": "",
        },
        headers=sysadmin_headers,
    )
    assert edit.status_code == 200
    shown = ckan_helpers.call_action("package_show", id=rec["id"])
    assert shown["text_translated"] == {
        "es": "Garantizar el acceso efectivo a la justicia.",
        "en": "Guarantee effective access to justice.",
    }


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"text_translated-en": "Only English"}, "missing text in language"),
        ({"text_translated-es": "Hola", "themes": "not_a_theme"}, "unknown code"),
        ({"text_translated-es": "Hola", "mechanism": "ghost"}, "there is no mechanism"),
    ],
)
def test_bad_form_input_shows_the_field_error_and_saves_nothing(app, sysadmin_headers, setup_records, fields, message):
    data = {"mechanism": "cedaw", "record_type": "recommendation", "owner_org": setup_records["id"]}
    data.update(fields)
    before = model.Session.query(model.Package).count()
    response = app.post("/recommendation/new", data=_form(**data), headers=sysadmin_headers)
    assert message in response.body
    assert model.Session.query(model.Package).count() == before


def test_sysadmin_creates_a_mechanism_and_an_action(app, sysadmin_headers, setup_records):
    app.post(
        "/mechanism/new",
        data=_form(
            **{
                "title_translated-es": "Relatoría Especial sobre la tortura",
                "title_translated-en": "Special Rapporteur on torture",
                "title_translated-fr": "Rapporteur spécial sur la torture",
                "code": "SR-TORTURE",
                "family": "special_procedure",
                "system": "un",
                "owner_org": setup_records["id"],
            }
        ),
        headers=sysadmin_headers,
    )
    mech = ckan_helpers.call_action("package_show", id="sr-torture")
    assert mech["title_translated"]["fr"] == "Rapporteur spécial sur la torture"

    rec = builders.recommendation(setup_records["name"], "cedaw")
    health = model.Group.get("salud")
    app.post(
        "/action/new",
        data=_form(
            **{
                "title_translated-es": "Protocolo de atención a víctimas",
                "title_translated-en": "Victim support protocol",
                "notes_translated-es": "Aprobado por resolución ministerial.",
                "recommendations": rec["name"],
                "measure_type": "policy_plan",
                "progress": "completed",
                "start_date": "2024-02-01",
                "owner_org": health.id,
            }
        ),
        headers=sysadmin_headers,
    )
    created = model.Session.query(model.Package).filter_by(type="action").one()
    act = ckan_helpers.call_action("package_show", id=created.id)
    assert act["workflow_state"] == "draft" and act["private"] is True
    assert act["recommendations"] == [rec["name"]]
    assert act["notes_translated"] == {"es": "Aprobado por resolución ministerial."}


def test_pages_show_the_links_both_ways(app, setup_records):
    rec = builders.recommendation(setup_records["name"], "cedaw", institutions=["salud"])
    act = builders.action("salud", [rec["name"]])
    assert "/action/" + act["name"] not in app.get("/recommendation/" + rec["name"]).body
    builders.publish(act)
    rec_page = app.get("/recommendation/" + rec["name"]).body
    assert "/action/" + act["name"] in rec_page
    act_page = app.get("/action/" + act["name"]).body
    assert "/recommendation/" + rec["name"] in act_page
    mech_page = app.get("/mechanism/cedaw").body
    assert "/recommendation/" + rec["name"] in mech_page
    org_page = app.get("/organization/salud").body
    assert "/recommendation/" + rec["name"] in org_page


def test_an_actions_visibility_is_left_to_its_workflow(app, sysadmin_headers, setup_records):
    """No visibility select on the action form (the workflow decides);
    coordinators keep it for recommendations, mechanisms and good practices."""
    assert 'name="private"' not in app.get("/action/new", headers=sysadmin_headers).body
    for dataset_type in ("recommendation", "mechanism", "practice"):
        assert 'name="private"' in app.get("/{}/new".format(dataset_type), headers=sysadmin_headers).body


def test_the_action_form_offers_indicators_without_a_blank_row_to_fill(app, sysadmin_headers, setup_records):
    """A blank indicator row (its indicator is required) would refuse the
    report of an action with nothing to measure; "Add" gives a row."""
    form = app.get("/action/new", headers=sysadmin_headers).body
    assert 'name="indicators-REPEATING-INDEX0-indicator"' in form  # the template "Add" clones
    assert 'name="indicators-0-indicator"' not in form


@pytest.mark.parametrize("dataset_type", ["recommendation", "action", "mechanism", "practice"])
def test_forms_do_not_promise_ckans_metadata_license(app, sysadmin_headers, setup_records, dataset_type):
    assert "Open Database License" not in app.get("/{}/new".format(dataset_type), headers=sysadmin_headers).body


def test_record_pages_leave_out_ckans_generic_parts(app, setup_records):
    rec = builders.recommendation(setup_records["name"], "cedaw", institutions=["salud"])
    act = builders.action("salud", [rec["name"]], budget_amount="100", budget_currency="PYG")
    builders.publish(act)
    practice = builders.practice(setup_records["name"], mechanism="cedaw")
    pages = {
        "recommendation": (rec["name"], app.get("/recommendation/" + rec["name"]).body),
        "action": (act["name"], app.get("/action/" + act["name"]).body),
        "mechanism": ("cedaw", app.get("/mechanism/cedaw").body),
        "practice": (practice["name"], app.get("/practice/" + practice["name"]).body),
    }
    for dataset_type, (name, page) in pages.items():
        assert "/{}/groups/".format(dataset_type) not in page, dataset_type
        assert "facebook.com/sharer" not in page and "x.com/share" not in page, dataset_type
        assert "No License Provided" not in page, dataset_type
        assert "/dataset/activity/" + name in page, dataset_type
    pages = {dataset_type: page for dataset_type, (name, page) in pages.items()}
    assert "Additional Info" not in pages["recommendation"]
    # the table keeps what only it says (an action's budget), not what the
    # page says above it (title, description, status, address)
    action_table = pages["action"].split("Additional Info", 1)[1]
    assert "PYG" in action_table
    for label in (">Title<", ">Description<", ">Action status<", ">URL<"):
        assert label not in action_table, label
    assert ">Name<" not in pages["mechanism"].split("Additional Info", 1)[1]
    # a practice's texts are above the table, its country and contact in it
    practice_table = pages["practice"].split("Additional Info", 1)[1]
    assert ">The problem<" not in practice_table and ">Country<" in practice_table


@pytest.mark.parametrize(
    "lang, name", [("es", "guaraní paraguayo"), ("fr", "guaraní paraguayen"), ("en", "Paraguayan Guarani")]
)
def test_the_currency_is_an_iso_4217_choice_named_in_the_interface_language(
    app, sysadmin_headers, setup_records, lang, name
):
    page = app.get("/{}/action/new".format(lang), headers=sysadmin_headers).body
    select = page.split('name="budget_currency"', 1)[1].split("</select>", 1)[0]
    assert '<option value="PYG"' in select and name in select
    assert '<option value=""' in select  # optional


def test_a_recommendations_page_says_its_record_type_and_sdg_targets(app, setup_records):
    rec = builders.recommendation(
        setup_records["name"], "cedaw", record_type="concern_observation", sdg_goals=["16"], sdg_targets=["16.3"]
    )
    page = app.get("/recommendation/" + rec["name"]).body
    assert "Concern / observation" in page
    assert "Promote the rule of law at the national and international levels" in page


@pytest.mark.parametrize(
    "lang, label",
    [
        ("en", "Decision on a communication or complaint"),
        ("es", "Decisión sobre una comunicación o denuncia"),
        ("fr", "Décision sur une communication ou une réclamation"),
    ],
)
def test_a_regional_bodys_record_type_is_named_in_the_readers_language(
    app, sysadmin_headers, setup_records, lang, label
):
    builders.mechanism(setup_records["name"], code="ACHPR", family="regional", system="african")
    rec = builders.recommendation(setup_records["name"], "achpr", record_type="communication_decision")
    assert label in app.get("/{}/recommendation/{}".format(lang, rec["name"])).body
    form = app.get("/{}/recommendation/edit/{}".format(lang, rec["name"]), headers=sysadmin_headers).body
    assert 'value="communication_decision" selected' in form.replace('selected="selected"', "selected")


@pytest.mark.parametrize(
    "lang, dataset_type, expected, jargon",
    [
        (
            "es",
            "action",
            ["Informar una acción", "Una acción es lo que una institución"],
            ["Create Action", "Crear Action", "conjuntos de datos"],
        ),
        (
            "fr",
            "action",
            ["Déclarer une action", "Une action est ce qu"],
            ["Create Action", "Créer Action", "jeux de données"],
        ),
        ("es", "recommendation", ["Nueva recomendación", "Recomendaciones"], ["Recommendation", "conjuntos de datos"]),
        ("fr", "mechanism", ["Nouveau mécanisme", "Mécanismes"], ["Mechanism", "jeux de données"]),
    ],
)
def test_the_forms_speak_the_domains_words(app, sysadmin_headers, setup_records, lang, dataset_type, expected, jargon):
    page = app.get("/{}/{}/new".format(lang, dataset_type), headers=sysadmin_headers).body
    for words in expected:
        assert words in page, words
    for words in jargon:
        assert words not in page, words


@pytest.mark.parametrize(
    "lang, path, placeholder",
    [("es", "/recommendation/", "Buscar recomendaciones…"), ("fr", "/action/", "Rechercher des actions…")],
)
def test_the_search_pages_speak_the_domains_words(app, setup_records, lang, path, placeholder):
    page = app.get("/" + lang + path).body
    assert placeholder in page


@pytest.mark.parametrize(
    "lang, dataset_type, plural",
    [("es", "recommendation", "Recomendaciones"), ("fr", "action", "Actions"), ("es", "mechanism", "Mecanismos")],
)
def test_the_search_tab_and_a_new_records_breadcrumb_name_the_type_in_the_plural(
    app, sysadmin_headers, setup_records, lang, dataset_type, plural
):
    search = app.get("/{}/{}/".format(lang, dataset_type)).body
    assert "<title>{} -".format(plural) in search, search.split("<title>", 1)[1][:80]
    form = app.get("/{}/{}/new".format(lang, dataset_type), headers=sysadmin_headers).body
    breadcrumb = form.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert ">{}</a>".format(plural) in breadcrumb, breadcrumb


def test_a_recommendations_page_says_where_its_text_comes_from(app, setup_records):
    rec = builders.recommendation(setup_records["name"], "cedaw", external_id="uhri-1234", source_language="en")
    page = app.get("/es/recommendation/" + rec["name"]).body
    assert "Idioma de la fuente" in page and "Inglés" in page
    assert "uhri-1234" in page
