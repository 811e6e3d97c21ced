"""A deployment's configuration as production needs it: each rule reads the
CKAN settings and says what is wrong and how to fix it.

Pure logic: the settings come in as a mapping of strings (an ini file's
``[app:main]`` section, or CKAN's parsed config), nothing here imports CKAN.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

# A secret shorter than this is guessable (CKAN's own generated keys are
# 43 characters).
MIN_SECRET_LENGTH = 32
# The secret the project's test configuration ships: a deployment that kept it
# shares its key with everyone who read this repository.
SHIPPED_SECRETS = frozenset({"simore-test-secret"})
# Plugins the portal cannot work without.
REQUIRED_PLUGINS = ("simore", "scheming_datasets", "scheming_organizations", "activity", "dcat", "structured_data")
# What a registered visitor must not be able to do: the portal gives rights
# through institutions only (docs/security.md).
SAFE_AUTH_DEFAULTS = {
    "ckan.auth.anon_create_dataset": False,
    "ckan.auth.create_unowned_dataset": False,
    "ckan.auth.create_dataset_if_not_in_organization": False,
    "ckan.auth.user_create_groups": False,
    "ckan.auth.user_create_organizations": False,
    "ckan.auth.create_user_via_api": False,
    "ckan.auth.public_user_details": False,
}
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# ckanext-dcat's profiles the portal's records need: its shipped ones ask for a
# dataset type the portal has not got (docs/network.md).
DCAT_PROFILES = {"ckanext.dcat.rdf.profiles": "simore", "ckanext.dcat.structured_data.profiles": "simore_schemaorg"}


@dataclass(frozen=True)
class Finding:
    """One thing checked: ``problem`` is None when it holds; ``fix`` says
    what to do when it does not."""

    name: str
    problem: str | None = None
    fix: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None


def _flag(settings: Mapping[str, Any], key: str, default: bool) -> bool:
    value = settings.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "yes", "on", "1")


def _text(settings: Mapping[str, Any], key: str) -> str:
    value = settings.get(key)
    return "" if value is None else str(value).strip()


def _words(settings: Mapping[str, Any], key: str) -> list[str]:
    value = settings.get(key) or ""
    return list(value) if isinstance(value, (list, tuple)) else str(value).split()


def _https(settings: Mapping[str, Any]) -> bool:
    return urlparse(_text(settings, "ckan.site_url")).scheme == "https"


def _local(settings: Mapping[str, Any]) -> bool:
    return (urlparse(_text(settings, "ckan.site_url")).hostname or "") in LOOPBACK_HOSTS


def debug_off(settings: Mapping[str, Any]) -> Finding:
    if _flag(settings, "debug", False):
        return Finding(
            "debug off",
            "debug is on: error pages show the code and configuration to anyone",
            "set `debug = false` in the ini file",
        )
    return Finding("debug off")


def _secret_problem(value: str) -> str | None:
    if not value:
        return "is not set"
    if value in SHIPPED_SECRETS:
        return "is the one this project's sample configuration ships"
    if len(value) < MIN_SECRET_LENGTH:
        return "is shorter than {} characters".format(MIN_SECRET_LENGTH)
    return None


def secret_keys(settings: Mapping[str, Any]) -> Finding:
    """SECRET_KEY signs sessions and CSRF tokens; the API tokens' secrets
    default to it (``string:`` + the key) unless set apart."""
    problems = []
    key_problem = _secret_problem(_text(settings, "SECRET_KEY") or _text(settings, "beaker.session.secret"))
    if key_problem:
        problems.append("SECRET_KEY " + key_problem)
    for name in ("api_token.jwt.encode.secret", "api_token.jwt.decode.secret"):
        value = _text(settings, name)
        if value.startswith("string:") and value != "string:" + _text(settings, "SECRET_KEY"):
            token_problem = _secret_problem(value[len("string:") :])
            if token_problem:
                problems.append(name + " " + token_problem)
    if problems:
        return Finding(
            "secret keys",
            "; ".join(problems),
            "generate a key with `python -c 'import secrets; print(secrets.token_urlsafe(32))'` and set "
            "`SECRET_KEY` (and the api_token.jwt secrets, if set apart) in the ini file",
        )
    return Finding("secret keys")


def site_url(settings: Mapping[str, Any]) -> Finding:
    url = _text(settings, "ckan.site_url")
    if not url:
        return Finding("site URL", "ckan.site_url is not set", "set `ckan.site_url = https://your.portal`")
    if not _https(settings) and not _local(settings):
        return Finding(
            "site URL",
            "ckan.site_url ({}) is not HTTPS: passwords and session cookies cross the network in clear".format(url),
            "serve the portal over HTTPS (docs/install.md) and set `ckan.site_url = https://…`",
        )
    return Finding("site URL")


def cookies(settings: Mapping[str, Any]) -> Finding:
    problems = []
    if _https(settings) and not _flag(settings, "SESSION_COOKIE_SECURE", False):
        problems.append("the session cookie is sent over plain HTTP too (SESSION_COOKIE_SECURE is off)")
    if not _flag(settings, "SESSION_COOKIE_HTTPONLY", True):
        problems.append("scripts can read the session cookie (SESSION_COOKIE_HTTPONLY is off)")
    if _text(settings, "SESSION_COOKIE_SAMESITE").lower() == "none":
        problems.append("the session cookie goes with other sites' requests (SESSION_COOKIE_SAMESITE = None)")
    if problems:
        return Finding(
            "session cookies",
            "; ".join(problems),
            "set `SESSION_COOKIE_SECURE = true`, `SESSION_COOKIE_HTTPONLY = true` and `SESSION_COOKIE_SAMESITE = Lax`",
        )
    return Finding("session cookies")


def csrf_protection(settings: Mapping[str, Any]) -> Finding:
    if not _flag(settings, "WTF_CSRF_ENABLED", True):
        return Finding(
            "CSRF protection",
            "WTF_CSRF_ENABLED is off: another site can make a signed-in user's browser submit the portal's forms",
            "remove `WTF_CSRF_ENABLED = false` from the ini file",
        )
    return Finding("CSRF protection")


def registration_defaults(settings: Mapping[str, Any]) -> Finding:
    unsafe = [key for key, safe in SAFE_AUTH_DEFAULTS.items() if _flag(settings, key, safe) != safe]
    if unsafe:
        return Finding(
            "registration gives no rights",
            "these let any account do more than read: " + ", ".join(unsafe),
            "set " + ", ".join("`{} = false`".format(key) for key in unsafe),
        )
    return Finding("registration gives no rights")


def plugins(settings: Mapping[str, Any]) -> Finding:
    loaded = _words(settings, "ckan.plugins")
    missing = [name for name in REQUIRED_PLUGINS if name not in loaded]
    if missing:
        return Finding(
            "plugins", "ckan.plugins lacks " + ", ".join(missing), "add them to `ckan.plugins` (README, Configuration)"
        )
    return Finding("plugins")


def dcat_profiles(settings: Mapping[str, Any]) -> Finding:
    wrong = [key for key, profile in DCAT_PROFILES.items() if _words(settings, key) != [profile]]
    if wrong:
        return Finding(
            "DCAT profiles",
            "the catalog and the record pages fail without the portal's profiles: " + ", ".join(wrong),
            "set " + ", ".join("`{} = {}`".format(key, DCAT_PROFILES[key]) for key in wrong),
        )
    return Finding("DCAT profiles")


def mail(settings: Mapping[str, Any]) -> Finding:
    missing = [key for key in ("smtp.server", "smtp.mail_from") if not _text(settings, key)]
    if missing:
        return Finding(
            "mail settings",
            "no " + " or ".join(missing) + ": invitations, notifications and reminders cannot be sent",
            "set `smtp.server = host:port` and `smtp.mail_from = portal@your.domain` (and smtp.user, "
            "smtp.password, smtp.starttls as your mail server needs)",
        )
    return Finding("mail settings")


def storage_path(settings: Mapping[str, Any]) -> Finding:
    if not _text(settings, "ckan.storage_path"):
        return Finding(
            "file storage",
            "ckan.storage_path is not set: uploaded files cannot be kept",
            "set `ckan.storage_path` to a folder the portal's user may write (and back it up)",
        )
    return Finding("file storage")


RULES: tuple[Callable[[Mapping[str, Any]], Finding], ...] = (
    debug_off,
    secret_keys,
    site_url,
    cookies,
    csrf_protection,
    registration_defaults,
    plugins,
    dcat_profiles,
    mail,
    storage_path,
)


def examine(settings: Mapping[str, Any]) -> list[Finding]:
    """Every configuration rule's finding, in order."""
    return [rule(settings) for rule in RULES]
