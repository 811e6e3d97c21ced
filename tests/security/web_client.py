"""What the security tests do as a browser or a script: log in by cookie or
token, read the CSRF token of a page, find active markup in a page."""

from __future__ import annotations

import json
import re

from ckan.tests import factories

PASSWORD = "Contrasena-Segura-2026"


def token_header(user: str) -> dict[str, str]:
    return {"Authorization": factories.APIToken(user=user)["token"]}


def csrf_token(page: str) -> str:
    """The CSRF token CKAN puts in every page's <meta> tags."""
    return re.search(r'<meta name="_csrf_token" content="([^"]+)"', page).group(1)


def browser_of(app, user: str):
    """A test client logged in through the login form, as a browser is: its
    session cookie authenticates every later request it makes."""
    browser = app.test_client()
    page = browser.get("/user/login").body
    response = browser.post("/user/login", data={"login": user, "password": PASSWORD, "_csrf_token": csrf_token(page)})
    assert response.status_code == 200, response.status_code
    assert "/user/{}".format(user) in browser.get("/dashboard/").body, "{} is not logged in".format(user)
    return browser


def register_through_form(app, name: str) -> None:
    """Sign ``name`` up through CKAN's public registration form, as a
    visitor does (no role given by anyone)."""
    response = app.post(
        "/user/register",
        data={
            "name": name,
            "fullname": name.capitalize(),
            "email": name + "@example.org",
            "password1": "Una-clave-larga-2026",
            "password2": "Una-clave-larga-2026",
            "save": "",
        },
    )
    assert response.status_code == 200, response.status_code


SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")
NO_OP_LINKS = {"javascript:;", "javascript:void(0)", "javascript:void(0);"}  # CKAN's own, they run nothing
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
INJECTED_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "applet"}


def _data_block(element) -> bool:
    """A JSON-LD block (schema.org in a record's page): data a browser never
    runs, as long as it is JSON from its start to its end (a text that broke
    out of it would leave a second element, found as such)."""
    if element.name != "script" or element.get("type") != "application/ld+json":
        return False
    try:
        json.loads(element.get_text())
    except ValueError:
        return False
    return True


def active_markup(html: str, marker: str = "") -> list[str]:
    """What in ``html`` a browser would run: script links anywhere, and
    (carrying ``marker``) script elements, event handlers and injected
    elements. An escaped payload is plain text and finds nothing."""
    from bs4 import BeautifulSoup

    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        for attribute, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            if (
                attribute.lower() in URL_ATTRIBUTES
                and squeezed.startswith(SCRIPT_SCHEMES)
                and squeezed not in NO_OP_LINKS
            ):
                found.append("{}={!r}".format(attribute, value))
            if marker and marker in value and (attribute.lower().startswith("on") or element.name in INJECTED_ELEMENTS):
                found.append("<{} {}={!r}>".format(element.name, attribute, value))
        if marker and element.name in ("script", "style") and marker in element.get_text() and not _data_block(element):
            found.append("<{}>{}".format(element.name, element.get_text()[:80]))
    return found
