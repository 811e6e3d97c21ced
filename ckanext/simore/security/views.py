"""Blueprints without pages: they install the portal's app-wide request
hooks (``security.web``) on the CKAN app."""

from __future__ import annotations

from flask import Blueprint, got_request_exception

from ckanext.simore.security import web as web_security

__all__ = ["security", "inputs_door"]

security = Blueprint("simore_security", __name__)
# malformed input is refused before any view reads it
inputs_door = Blueprint("simore_inputs", __name__)
inputs_door.before_app_request(web_security.refuse_malformed_input)

# Registered after CKAN's own before_request (which identifies the user).
security.before_app_request(web_security.protect_cookie_writes)
security.after_app_request(web_security.add_security_headers)
security.teardown_app_request(web_security.rollback_after_error)


@security.record_once
def _rollback_before_error_pages(state) -> None:
    # before the error page is rendered, which reads the database too
    got_request_exception.connect(web_security.rollback_session, state.app, weak=False)
