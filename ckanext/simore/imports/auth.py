"""Auth functions of imports and exports: only coordinators import;
anyone may export what they may search (package_search filters the
records by the user's permission labels)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore import roles

__all__ = [
    "simore_import_create",
    "simore_import_confirm",
    "simore_import_resume",
    "simore_import_show",
    "simore_import_rows",
    "simore_import_list",
    "simore_export",
]


def _coordinators_only(context, data_dict=None):
    if roles.is_coordinator(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the coordinating body may import recommendations")}


simore_import_create = _coordinators_only
simore_import_confirm = _coordinators_only
simore_import_resume = _coordinators_only
simore_import_show = _coordinators_only
simore_import_rows = _coordinators_only
simore_import_list = _coordinators_only


@tk.auth_allow_anonymous_access
def simore_export(context, data_dict=None):
    return {"success": True}
