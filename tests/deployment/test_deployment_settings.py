"""The configuration rules of ``ckan simore doctor``, on plain settings."""

import pytest

from ckanext.simore.deployment import settings

PRODUCTION = {
    "debug": "false",
    "SECRET_KEY": "Zq8v1R0yW5m3Lk2pX9tB7nC4hJ6gF1dS0aQeUuIoP",
    "ckan.site_url": "https://derechos.example.gov",
    "SESSION_COOKIE_SECURE": "true",
    "ckan.plugins": "simore scheming_datasets scheming_organizations activity dcat structured_data",
    "smtp.server": "mail.example.gov:587",
    "smtp.mail_from": "portal@example.gov",
    "ckan.storage_path": "/var/lib/ckan",
    "ckanext.dcat.rdf.profiles": "simore",
    "ckanext.dcat.structured_data.profiles": "simore_schemaorg",
}


def _problems(changes):
    found = settings.examine({**PRODUCTION, **changes})
    return {finding.name: finding for finding in found if not finding.ok}


def test_a_production_configuration_passes_every_rule():
    assert _problems({}) == {}


@pytest.mark.parametrize(
    "changes, name, words",
    [
        ({"debug": "true"}, "debug off", "debug is on"),
        ({"debug": True}, "debug off", "debug is on"),
        ({"SECRET_KEY": ""}, "secret keys", "SECRET_KEY is not set"),
        ({"SECRET_KEY": "simore-test-secret"}, "secret keys", "sample configuration"),
        ({"SECRET_KEY": "short"}, "secret keys", "shorter than 32"),
        ({"api_token.jwt.encode.secret": "string:abc"}, "secret keys", "api_token.jwt.encode.secret is shorter"),
        ({"ckan.site_url": ""}, "site URL", "not set"),
        ({"ckan.site_url": "http://derechos.example.gov", "SESSION_COOKIE_SECURE": ""}, "site URL", "not HTTPS"),
        ({"SESSION_COOKIE_SECURE": "false"}, "session cookies", "SESSION_COOKIE_SECURE is off"),
        ({"SESSION_COOKIE_HTTPONLY": "false"}, "session cookies", "HTTPONLY is off"),
        ({"SESSION_COOKIE_SAMESITE": "None"}, "session cookies", "other sites"),
        ({"WTF_CSRF_ENABLED": "false"}, "CSRF protection", "WTF_CSRF_ENABLED is off"),
        ({"ckan.auth.user_create_organizations": "true"}, "registration gives no rights", "user_create_organizations"),
        ({"ckan.auth.create_unowned_dataset": "yes"}, "registration gives no rights", "create_unowned_dataset"),
        ({"ckan.plugins": "simore activity"}, "plugins", "scheming_datasets, scheming_organizations"),
        (
            {"ckan.plugins": "simore scheming_datasets scheming_organizations activity"},
            "plugins",
            "dcat, structured_data",
        ),
        ({"ckanext.dcat.rdf.profiles": "euro_dcat_ap_3"}, "DCAT profiles", "ckanext.dcat.rdf.profiles"),
        ({"ckanext.dcat.structured_data.profiles": ""}, "DCAT profiles", "structured_data.profiles"),
        ({"smtp.mail_from": ""}, "mail settings", "smtp.mail_from"),
        ({"ckan.storage_path": ""}, "file storage", "not set"),
    ],
)
def test_each_unsafe_setting_is_named_with_its_fix(changes, name, words):
    problems = _problems(changes)
    assert list(problems) == [name]
    assert words in problems[name].problem
    assert problems[name].fix


def test_a_portal_served_on_loopback_may_use_http():
    assert _problems({"ckan.site_url": "http://127.0.0.1:5000", "SESSION_COOKIE_SECURE": ""}) == {}


def test_parsed_settings_are_read_as_well_as_ini_strings():
    # CKAN's parsed config gives lists and booleans
    assert _problems({"ckan.plugins": list(settings.REQUIRED_PLUGINS), "SESSION_COOKIE_SECURE": True}) == {}
