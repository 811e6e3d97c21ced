"""Good practices (``practice``): what a national mechanism did that
worked, written by the coordinators through the web form, found on their
own search page with its facets, in the main navigation, on a page that
reads as the problem, the practice and its outcomes, and in the exports."""

import csv
import io

import builders
import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests import helpers as ckan_helpers

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

TITLE = "Mesas interinstitucionales por grupo de recomendaciones"
TITLE_EN = "Inter-institutional tables per group of recommendations"
PRIVATE_TITLE = "Práctica todavía reservada"


@pytest.fixture
def portal():
    network = builders.network()
    builders.mechanism("coordinacion", code="CEDAW", title_translated={"es": "Comité CEDAW", "en": "CEDAW Committee"})
    return network


@pytest.fixture
def coordinator():
    return {"Authorization": factories.APIToken(user="coordinadora")["token"]}


def _form(**fields):
    data = {"_ckan_phase": "dataset_new_1", "save": "go-metadata"}
    data.update(fields)
    return data


def _practice_form(owner_id, **fields):
    return _form(
        **{
            "title_translated-es": TITLE,
            "title_translated-en": TITLE_EN,
            "country": "PRY",
            "mechanism": "cedaw",
            "themes": ["nmirf", "cooperation_treaty_bodies"],
            "problem_translated-es": "Nadie se sentía responsable de las recomendaciones.",
            "problem_translated-en": "Nobody felt responsible for the recommendations.",
            "notes_translated-es": "Una institución líder convoca una mesa cada trimestre.",
            "notes_translated-en": "A lead institution calls a table every quarter.",
            "outcomes_translated-en": "95% of the recommendations have a lead institution.",
            "contact_name": "Coordinación SIMORE",
            "contact_email": "simore@example.org",
            "owner_org": owner_id,
            **fields,
        }
    )


def test_a_coordinator_writes_a_practice_through_the_form_and_it_shows_on_the_search_page(app, portal, coordinator):
    form = app.get("/practice/new", headers=coordinator).body
    for name in ("title_translated-es", "problem_translated-fr", "notes_translated-en", "outcomes_translated-es"):
        assert 'name="{}"'.format(name) in form, name
    assert 'name="contact_email"' in form and 'value="cedaw"' in form and 'value="PRY"' in form
    assert "Open Database License" not in form

    app.post("/practice/new", data=_practice_form(portal.coordination["id"]), headers=coordinator)
    (made,) = ckan_helpers.call_action("package_search", fq="dataset_type:practice")["results"]
    assert (made["country"], made["mechanism"], made["themes"]) == (
        "PRY",
        "cedaw",
        ["nmirf", "cooperation_treaty_bodies"],
    )
    assert made["problem_translated"]["en"] == "Nobody felt responsible for the recommendations."
    assert made["creator_user_id"] == model.User.get("coordinadora").id

    search = app.get("/practice/").body  # anonymous, in English
    assert TITLE_EN in search and "1 good practice found" in search
    assert "A lead institution calls a table every quarter." in search
    assert TITLE in app.get("/es/practice/").body
    facets = search.split('class="secondary', 1)[1]
    for label in ("Paraguay", "CEDAW Committee", "National Mechanisms for Implementation, Reporting and Follow-up"):
        assert label in facets, label
    assert TITLE_EN in app.get("/practice/?country=PRY&themes=nmirf&mechanism=cedaw").body
    assert "No good practices found" in app.get("/practice/?country=URY").body

    page = app.get("/practice/" + made["name"]).body
    sections = [page.index(heading) for heading in (">The problem<", ">The practice<", ">Outcomes<")]
    assert sections == sorted(sections)
    assert "simore@example.org" in page and "Coordinación SIMORE" in page
    assert "/practice/" in page.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]


def test_the_form_names_a_bad_field_and_saves_nothing(app, portal, coordinator):
    before = model.Session.query(model.Package).count()
    page = app.post(
        "/practice/new",
        data=_practice_form(
            portal.coordination["id"], contact_email="no es un correo", **{"problem_translated-es": ""}
        ),
        headers=coordinator,
    ).body
    assert "is not a valid format" in page and "missing text in language" in page
    assert model.Session.query(model.Package).count() == before


def test_the_main_navigation_leads_to_the_good_practices(app, portal):
    nav = app.get("/").body.split("</header>", 1)[0]
    assert 'href="/practice/"' in nav and "Good practices" in nav
    assert 'href="/es/practice/"' in app.get("/es/").body


def test_the_export_of_practices_has_labels_and_only_what_the_reader_may_see(app, portal):
    builders.practice("coordinacion", title_translated={"es": TITLE}, themes=["nmirf"])
    builders.practice("coordinacion", title_translated={"es": PRIVATE_TITLE}, private=True)
    rows = list(csv.DictReader(io.StringIO(app.get("/export/practice.csv?lang=es").data.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == [TITLE]
    assert rows[0]["country_label"] == "Paraguay" and "Mecanismos nacionales" in rows[0]["themes_label"]
    assert rows[0]["problem"] == "Recomendaciones sin responsable."
    coordinator = {"Authorization": factories.APIToken(user="coordinadora")["token"]}
    seen = app.get("/export/practice.csv", headers=coordinator).data.decode("utf-8-sig")
    assert PRIVATE_TITLE in seen
