"""Auth functions of imports and exports: only coordinators import;
anyone may export what they may search (package_search filters the
records by the user's permission labels)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore import auth_rules
from ckanext.simore.multilingual import N_

__all__ = [
    "simore_import_create",
    "simore_import_confirm",
    "simore_import_resume",
    "simore_import_show",
    "simore_import_rows",
    "simore_import_list",
    "simore_export",
]


simore_import_create = simore_import_confirm = simore_import_resume = simore_import_show = \
    simore_import_rows = simore_import_list = auth_rules.coordinators_only(
        N_("Only the coordinating body may import recommendations"))


@tk.auth_allow_anonymous_access
def simore_export(context, data_dict=None):
    return {"success": True}
