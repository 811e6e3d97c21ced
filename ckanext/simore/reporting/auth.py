"""Auth functions of the calendar's API actions: everyone reads the
calendar (it is public), only the coordinating body writes it."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore import auth_rules
from ckanext.simore.reporting import actions

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)

simore_obligation_create = simore_obligation_update = simore_obligation_delete = auth_rules.coordinators_only()
simore_obligation_generate = simore_obligation_reminders_send = auth_rules.coordinators_only()


@tk.auth_allow_anonymous_access
def simore_obligation_show(context, data_dict):
    """The calendar is public."""
    return {"success": True}


simore_obligation_list = simore_obligation_show
