"""What the page-walk test cannot see by absence: the words that should be
there, in each language — counts with their plural, dates as the reader
writes them, an action's resources named evidence."""

import builders
import pytest
from ckan.tests import factories


def _login(user):
    return {"Authorization": factories.APIToken(user=user)["token"]}


def _page(app, lang, path, user=None):
    prefix = "" if lang == "en" else "/" + lang
    return app.get(prefix + path, headers=_login(user) if user else {}).body


@pytest.fixture
def records(clean_db, clean_index):
    builders.network()
    builders.mechanism("coordinacion", code="CEDAW")
    first = builders.recommendation("coordinacion", "cedaw", institutions=["salud"])
    builders.recommendation("coordinacion", "cedaw", institutions=["salud"])
    action = builders.action("salud", [first["name"]])
    return {"recommendation": first, "action": action}


@pytest.mark.parametrize(
    "lang, two, one, none",
    [
        ("es", "2 recomendaciones encontradas", "1 recomendación encontrada", "No se encontró ninguna recomendación"),
        ("fr", "2 recommandations trouvées", "1 recommandation trouvée", "Aucune recommandation trouvée"),
        ("en", "2 recommendations found", "1 recommendation found", "No recommendations found"),
    ],
)
def test_search_pages_count_in_the_types_words_with_plurals(app, records, lang, two, one, none):
    assert two in _page(app, lang, "/recommendation/")
    assert one in _page(app, lang, "/recommendation/?q=name:" + records["recommendation"]["name"])
    assert none in _page(app, lang, "/recommendation/?q=zzzzqqqq")


@pytest.mark.parametrize(
    "lang, written", [("es", "30 de junio de 2030"), ("fr", "30 juin 2030"), ("en", "June 30, 2030")]
)
def test_dates_are_written_as_the_reader_writes_them(app, records, lang, written):
    opened = builders.reporting_round(title="Ronda", due_date="2030-06-30")
    assert written in _page(app, lang, "/rounds/" + opened["id"], user="coordinadora")
    # a date input keeps ISO dates
    assert 'type="date"' in _page(app, lang, "/rounds/new", user="coordinadora")


@pytest.mark.parametrize(
    "lang, add, what",
    [
        ("es", "Añadir una evidencia", "¿Qué es una evidencia?"),
        ("fr", "Ajouter un justificatif", "Qu&#39;est-ce qu&#39;un justificatif ?"),
        ("en", "Add evidence", "What is evidence?"),
    ],
)
def test_an_actions_resources_are_its_evidence(app, records, lang, add, what):
    action = records["action"]["name"]
    form = _page(app, lang, "/action/{}/resource/new".format(action), user="focal-salud")
    assert add in form and what in form
    assert add in _page(app, lang, "/action/" + action, user="focal-salud")
    # a recommendation's are documents, never evidence
    recommendation = records["recommendation"]["name"]
    form = _page(app, lang, "/recommendation/{}/resource/new".format(recommendation), user="coordinadora")
    assert add not in form


@pytest.mark.parametrize(
    "lang, text",
    [
        ("es", "Adoptar una ley integral contra la discriminación."),
        ("fr", "Adopter une loi globale contre la discrimination."),
        ("en", "Adopt a comprehensive anti-discrimination law."),
    ],
)
def test_an_action_names_its_recommendations_in_the_readers_language(app, records, lang, text):
    page = _page(app, lang, "/action/" + records["action"]["name"], user="focal-salud")
    assert text in page


@pytest.mark.parametrize(
    "lang, why", [("es", "El archivo está vacío."), ("fr", "Le fichier est vide."), ("en", "The file is empty.")]
)
def test_a_refused_import_says_why_in_the_readers_language(app, records, monkeypatch, lang, why):
    """The refusal is written by a background job, which has no reader: the
    run keeps the message, the page says it in the reader's language."""
    import io

    from ckan.tests import helpers
    from werkzeug.datastructures import FileStorage

    from ckanext.simore.imports import jobs

    monkeypatch.setattr(jobs, "enqueue", lambda run_id, dry_run: jobs.run(run_id, dry_run))
    run = helpers.call_action(
        "simore_import_create",
        context={"user": "coordinadora"},
        upload=FileStorage(stream=io.BytesIO(b""), filename="vacio.csv"),
    )
    assert why in _page(app, lang, "/imports/" + run["id"], user="coordinadora")
