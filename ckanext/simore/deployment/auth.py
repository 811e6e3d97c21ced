"""Auth function of a deployment: only a sysadmin sets up the country (CKAN
lets sysadmins through every auth function)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore import auth_rules
from ckanext.simore.deployment import actions

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)


def simore_country_setup(context, data_dict=None):
    return auth_rules.result(False, tk._("Only a sysadmin may set up the country"))
