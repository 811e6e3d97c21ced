"""CKAN actions chained so that every read channel follows a dataset's
current visibility (``activity_visibility``; updates are followed by the
plugin's after_dataset_update), and CKAN's activity channels name the
staff who made an activity only to their institution and the
coordinators."""
from __future__ import annotations

from typing import Any, Callable

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import roles
from ckanext.simore.records import activity_visibility

ACTIVITY_LISTS = [
    "package_activity_list", "organization_activity_list", "group_activity_list",
    "recently_changed_packages_activity_list", "dashboard_activity_list", "user_activity_list",
]
__all__ = ["package_delete", "dataset_purge", "bulk_update_private", "bulk_update_delete",
           "activity_show", "activity_data_show", "activity_diff"] + ACTIVITY_LISTS


def _followed(next_action, context, data_dict, package_ids):
    result = next_action(context, data_dict)
    # CKAN 2.11's bulk updates change rows behind the session's back
    model.Session.expire_all()
    for package_id in package_ids:
        activity_visibility.follow_dataset(package_id)
    if not context.get("defer_commit"):
        model.Session.commit()
    return result


def _package_id(data_dict) -> list[str]:
    package = model.Package.get(data_dict.get("id") or "") if isinstance(data_dict.get("id"), str) else None
    return [package.id] if package is not None else []


@tk.chained_action
def package_delete(next_action, context, data_dict):
    # the dataset hooks run before CKAN marks the dataset deleted
    return _followed(next_action, context, data_dict, _package_id(data_dict))


@tk.chained_action
def dataset_purge(next_action, context, data_dict):
    return _followed(next_action, context, data_dict, _package_id(data_dict))


@tk.chained_action
def bulk_update_private(next_action, context, data_dict):
    # CKAN 2.11 changes the datasets by SQL, past the dataset hooks
    return _followed(next_action, context, data_dict, data_dict.get("datasets") or [])


@tk.chained_action
def bulk_update_delete(next_action, context, data_dict):
    return _followed(next_action, context, data_dict, data_dict.get("datasets") or [])


def _shown(context) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """How an activity dict reaches this reader: whole for the staff of its
    institution and the coordinators, without its actor for anyone else."""
    user = context.get("user")
    if context.get("ignore_auth") or roles.is_coordinator(user):
        return lambda activity: activity
    institutions = set(roles.institutions_of(user))
    return lambda activity: (activity if activity_visibility.organization_of(activity) in institutions
                             else activity_visibility.without_actor(activity))


@tk.chained_action
@tk.side_effect_free
def activity_list(next_action, context, data_dict):
    shown = _shown(context)
    return [shown(activity) for activity in next_action(context, data_dict)]


@tk.chained_action
def activity_show(next_action, context, data_dict):
    # the activity comes with its data, so its auth is the one for data
    # (CKAN's auth fails with a KeyError without include_data)
    data_dict = dict(data_dict, include_data=data_dict.get("include_data", True))
    return _shown(context)(next_action(context, data_dict))


@tk.chained_action
@tk.side_effect_free
def activity_data_show(next_action, context, data_dict):
    data = next_action(context, data_dict)
    activity = context.get("activity")  # set by CKAN's action
    if activity is None or not isinstance(data, dict):
        return data
    # the whole data, or only its object (object_type)
    inner = data_dict.get("object_type")
    whole = {"data": data if not inner else {inner: data},
             "object_id": activity.object_id, "activity_type": activity.activity_type}
    shown = _shown(context)(whole)["data"]
    return shown if not inner else shown[inner]


@tk.chained_action
@tk.side_effect_free
def activity_diff(next_action, context, data_dict):
    result = next_action(context, data_dict)
    shown = _shown(context)
    return dict(result, activities=[shown(activity) for activity in result.get("activities", [])])


# one chained function serves every activity list
for _name in ACTIVITY_LISTS:
    globals()[_name] = activity_list
