"""The interface translations: complete catalogues, kept in step with the
code, compiled into the installed package, and used by the app."""

import subprocess
import sys
from importlib import resources
from pathlib import Path

import ckan
import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
# CKAN names two of its locales after a script or a country
LANGUAGES = ["es", "en", "fr", "ar", "zh_Hans_CN", "ru", "pt_BR"]


def _catalog(path):
    with open(path, "rb") as f:
        return read_po(f)


def _ids(catalog):
    return {message.id for message in catalog if message.id}


@pytest.fixture(scope="module")
def template_ids(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "fresh.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [
            str(pybabel),
            "-q",
            "extract",
            "-F",
            str(ROOT / "i18n/babel.cfg"),
            "-k",
            "N_",
            "-o",
            str(pot),
            str(ROOT / "ckanext"),
        ],
        check=True,
        capture_output=True,
    )
    return _ids(_catalog(pot))


def test_the_committed_template_has_every_string_of_the_code(template_ids):
    committed = _ids(_catalog(ROOT / "i18n/ckanext-simore.pot"))
    assert template_ids - committed == set(), "run scripts/update-translations"


@pytest.mark.skipif(
    not ckan.__version__.startswith("2.12"),
    reason="the template is extracted with CKAN 2.12, whose extractor also "
    "reads strings inside snippet tags; 2.11's misses some",
)
def test_the_committed_template_has_no_obsolete_string(template_ids):
    committed = _ids(_catalog(ROOT / "i18n/ckanext-simore.pot"))
    assert committed - template_ids == set(), "run scripts/update-translations"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalogue_translates_every_string(template_ids, lang):
    catalog = _catalog(ROOT / "i18n" / lang / "LC_MESSAGES/ckanext-simore.po")
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert template_ids - translated == set()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_installed_package_carries_compiled_catalogues(lang):
    mo = resources.files("ckanext.simore.i18n") / lang / "LC_MESSAGES" / "ckanext-simore.mo"
    assert mo.is_file()


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("es", "Recomendaciones de este mecanismo"),
        ("fr", "Recommandations de ce mécanisme"),
        ("en", "Recommendations from this mechanism"),
        ("ar", "التوصيات الصادرة عن هذه الآلية"),
        ("zh_Hans_CN", "该机制提出的建议"),
        ("ru", "Рекомендации этого механизма"),
        ("pt_BR", "Recomendações deste mecanismo"),
    ],
)
@pytest.mark.ckan_config("ckan.locales_offered", LANGUAGES)
@pytest.mark.ckan_config("ckanext.simore.languages", ["es", "en", "fr", "ar", "zh", "ru", "pt"])
def test_pages_use_the_interface_language(app, lang, expected, clean_db, clean_index):
    import builders

    org = builders.institution(name="coordinacion")
    builders.mechanism(org["name"], code="CAT")
    prefix = "" if lang == "en" else "/" + lang
    body = app.get(prefix + "/mechanism/cat").body
    assert expected in body
    assert ' dir="rtl"' in body if lang == "ar" else ' dir="rtl"' not in body
