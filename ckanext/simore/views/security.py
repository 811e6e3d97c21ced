"""A blueprint without pages: it installs the portal's app-wide request
hooks (ckanext/simore/web_security.py) on the CKAN app."""
from __future__ import annotations

from flask import Blueprint, got_request_exception

from ckanext.simore import web_security

security = Blueprint("simore_security", __name__)

# Registered after CKAN's own before_request (which identifies the user).
security.before_app_request(web_security.protect_cookie_writes)
security.after_app_request(web_security.add_security_headers)
security.teardown_app_request(web_security.rollback_after_error)


@security.record_once
def _rollback_before_error_pages(state) -> None:
    # before the error page is rendered, which reads the database too
    got_request_exception.connect(web_security.rollback_session, state.app, weak=False)
