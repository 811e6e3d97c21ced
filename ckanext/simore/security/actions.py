"""The dataset and organization writes, chained: their input is checked
before CKAN reads it, and an error rolls the session back (see guard)."""

from __future__ import annotations

import functools

import ckan.plugins.toolkit as tk

from ckanext.simore import config
from ckanext.simore.security import guard

_ = tk._

__all__ = [
    "package_create",
    "package_update",
    "package_patch",
    "organization_create",
    "organization_update",
    "organization_patch",
]


# CKAN hands a chained action the one it replaces, so one function serves
# each of the names it is registered under.
@tk.chained_action
def _dataset_write(next_action, context, data_dict):
    def checked(context, data_dict):
        guard.check_texts(data_dict or {})
        guard.check_flags(data_dict or {})
        guard.check_resources(data_dict or {})
        guard.check_repeating_rows(data_dict or {})
        return next_action(context, data_dict)

    return guard.guarded(functools.wraps(next_action)(checked))(context, data_dict)


@tk.chained_action
def _organization_write(next_action, context, data_dict):
    def checked(context, data_dict):
        guard.check_texts(data_dict or {})
        title = (data_dict or {}).get("title")
        if isinstance(title, str) and len(title) > config.max_title_chars():
            raise tk.ValidationError(
                {"title": [_("at most {limit} characters").format(limit=config.max_title_chars())]}
            )
        return next_action(context, data_dict)

    return guard.guarded(functools.wraps(next_action)(checked))(context, data_dict)


package_create = package_update = package_patch = _dataset_write
organization_create = organization_update = organization_patch = _organization_write
