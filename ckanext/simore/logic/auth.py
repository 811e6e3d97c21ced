"""Auth functions of ckanext-simore's actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore.logic import auth_governance, auth_imports, auth_portal, auth_workflow
from ckanext.simore.logic.auth_governance import *  # noqa: F401,F403 (registered by the blanket)
from ckanext.simore.logic.auth_imports import *  # noqa: F401,F403 (registered by the blanket)
from ckanext.simore.logic.auth_portal import *  # noqa: F401,F403 (registered by the blanket)
from ckanext.simore.logic.auth_workflow import *  # noqa: F401,F403 (registered by the blanket)

__all__ = ["simore_vocabulary_list", "simore_vocabulary_show"] + auth_workflow.__all__ + auth_governance.__all__ + auth_imports.__all__ + auth_portal.__all__


@tk.auth_allow_anonymous_access
def simore_vocabulary_list(context, data_dict):
    """Vocabularies are public reference data."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def simore_vocabulary_show(context, data_dict):
    return {"success": True}
