"""What every request and response of the portal gets, whatever view
answers it: CSRF checks on cookie-authenticated writes, security headers,
uploads served as attachments, and a database session rolled back after
an error; malformed input refused at the door. Installed app-wide by the
blueprints of ``security.views``."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from flask import current_app, g, request

from ckanext.simore import config
from ckanext.simore.security import bounds as inputs
from ckanext.simore.security import guard

# Uploaded files are never run as a page, even if a browser is told to show one.
UPLOAD_POLICY = "default-src 'none'; sandbox"


def protect_cookie_writes() -> None:
    """Check the CSRF token of every write not authenticated by an API token.

    CKAN exempts views from CSRF by adding them to a process-wide list:
    2.12 adds a view for good after one API-token request to it, 2.11 adds
    every plugin's blueprints (``ckan.csrf_protection.ignore_extensions``).
    Neither list can tell a browser's request from a script's, so the
    portal ignores them: only a request that carries an API token (which a
    forged cross-site request cannot) goes without a CSRF token.
    """
    app_config = current_app.config
    if g.get("login_via_auth_header") or not app_config.get("WTF_CSRF_ENABLED"):
        return
    if not app_config.get("WTF_CSRF_CHECK_DEFAULT", True) or not request.endpoint:
        return
    if request.method in app_config["WTF_CSRF_METHODS"]:
        current_app.extensions["csrf"].protect()


def _is_upload_download() -> bool:
    """CKAN's resource download view (one blueprint per dataset type)."""
    blueprint, _, view = (request.endpoint or "").rpartition(".")
    return view == "download" and blueprint.endswith("resource")


def add_security_headers(response: Any) -> Any:
    headers = response.headers
    if _is_upload_download() and response.status_code == 200:
        # an uploaded file is saved, never displayed from the portal's origin
        filename = (request.view_args or {}).get("filename") or ""
        response.headers.set("Content-Disposition", "attachment", filename=filename or "download")
        headers["Content-Security-Policy"] = UPLOAD_POLICY
    headers.setdefault("Content-Security-Policy", config.content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def rollback_session(*_args: Any, **_kwargs: Any) -> None:
    """Roll back the database session after an error: a failed statement
    leaves its transaction aborted, and the error page and the next request
    served by the same thread would fail on it."""
    model.Session.rollback()


def rollback_after_error(error: BaseException | None) -> None:
    if error is not None:
        model.Session.remove()


def _request_values() -> dict[str, Any]:
    values: dict[str, Any] = {}
    values.update(request.view_args or {})
    values.update(request.args.to_dict(flat=False))
    values.update(request.form.to_dict(flat=False))
    if request.is_json:
        body = request.get_json(silent=True)
        values.update(body if isinstance(body, dict) else {"__input": body})
    return values


def refuse_malformed_input():
    """The door every request passes: a value no part of the portal can
    store or search (a NUL character, a lone surrogate, a text over the
    configured size) is refused with a 400 naming the field, before any view
    or action reads it (CKAN's own actions would answer a 500)."""
    problem = inputs.find_malformed(_request_values(), config.max_input_chars())
    if problem is None:
        return None
    message = guard.problem_message(problem)
    if request.path.startswith("/api/"):
        body = {"success": False, "error": {"__type": "Validation Error", problem.field: [message]}}
        return current_app.response_class(json.dumps(body), status=400, content_type="application/json;charset=utf-8")
    return tk.abort(400, "{}: {}".format(problem.field, message))
