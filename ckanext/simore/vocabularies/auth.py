"""Auth functions of the controlled vocabularies."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore.vocabularies import actions

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)


@tk.auth_allow_anonymous_access
def simore_vocabulary_list(context, data_dict):
    """Vocabularies are public reference data."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def simore_vocabulary_show(context, data_dict):
    return {"success": True}
