"""Auth function of the portal's statistics: public records only, so
anyone."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore.portal import actions

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)


@tk.auth_allow_anonymous_access
def simore_statistics(context, data_dict):
    """Statistics count public records only: anyone may read them."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def simore_country_comparison(context, data_dict):
    """Counts of public records only: anyone may read them."""
    return {"success": True}
