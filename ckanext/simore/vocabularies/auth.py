"""Auth functions of the controlled vocabularies."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["simore_vocabulary_list", "simore_vocabulary_show"]


@tk.auth_allow_anonymous_access
def simore_vocabulary_list(context, data_dict):
    """Vocabularies are public reference data."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def simore_vocabulary_show(context, data_dict):
    return {"success": True}
