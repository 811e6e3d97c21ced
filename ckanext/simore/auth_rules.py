"""The rules auth functions share: an auth result, "coordinators only",
"whoever may read the record"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import roles
from ckanext.simore.multilingual import N_

AuthFunction = Callable[..., dict[str, Any]]


def result(allowed: bool, message: str = "") -> dict[str, Any]:
    return {"success": True} if allowed else {"success": False, "msg": message or tk._("Not authorized")}


def coordinators_only(message: str = N_("Only the coordinating body may do this")) -> AuthFunction:
    """An auth function letting the coordinating body (and sysadmins) only;
    ``message`` (marked with N_) is what everyone else is told."""

    def auth(context, data_dict=None) -> dict[str, Any]:
        return result(roles.is_coordinator(context.get("user")), tk._(message))

    return auth


def package_readable(context, data_dict) -> dict[str, Any]:
    """Whoever may read the record."""
    try:
        tk.check_access("package_show", dict(context), {"id": (data_dict or {}).get("id")})
    except tk.NotAuthorized:
        return result(False, tk._("Not authorized to read this record"))
    return {"success": True}
