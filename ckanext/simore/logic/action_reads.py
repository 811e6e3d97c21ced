"""CKAN actions chained so that every read channel follows a dataset's
current visibility (``activity_visibility``; updates are followed by the
plugin's after_dataset_update)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import activity_visibility

__all__ = ["package_delete", "dataset_purge", "bulk_update_private", "bulk_update_delete"]


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
