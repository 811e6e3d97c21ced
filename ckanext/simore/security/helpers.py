"""Template helpers of the error pages: what went wrong, in the interface
language (werkzeug names and describes an error in English)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug import exceptions

from ckanext.simore.multilingual import N_

__all__ = ["simore_error_texts"]

# code: (title, what the reader may do)
_TEXTS = {
    400: (N_("Bad request"), N_("The portal could not understand this request.")),
    401: (N_("Sign-in needed"), N_("Sign in to see this page.")),
    403: (N_("Access denied"), N_("Your account may not see this page.")),
    404: (N_("Page not found"), N_("This page does not exist. Check the address, or search the portal.")),
    405: (N_("Not allowed"), N_("This page cannot be used this way.")),
    413: (N_("File too large"), N_("The file is larger than the portal accepts.")),
    429: (N_("Too many requests"), N_("Wait a moment before trying again.")),
}
_SERVER_ERROR = (N_("Server error"), N_("Something went wrong on the portal. Please try again later."))


def simore_error_texts(code: Any, description: str) -> tuple[int, str, str]:
    """An error page's code, title and text in the interface language: the
    description the view gave when it said why (already translated),
    else the portal's words for the code."""
    # CKAN passes a server error's code as a list
    code = int(code[0] if isinstance(code, (list, tuple)) else code or 500)
    title, text = _TEXTS.get(code, _SERVER_ERROR)
    default = getattr(exceptions.default_exceptions.get(code), "description", None)
    given = description if description and description not in (default, "Internal server error") else ""
    return code, tk._(title), given or tk._(text)
