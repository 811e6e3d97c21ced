"""Who may read what, expressed as CKAN permission labels (used by
package_show's auth, package_search, counts and activity streams alike).

On top of CKAN's defaults, an unpublished action carries the label
``simore-coordinator``, which the coordinators hold: the coordinating body
sees every institution's actions, everyone else only published ones (and
the institution its own).
"""

from __future__ import annotations

from ckan import model
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.simore import roles
from ckanext.simore.memo import per_request

COORDINATOR_LABEL = "simore-coordinator"
_defaults = DefaultPermissionLabels()


def dataset_labels(dataset: model.Package) -> list[str]:
    labels = _defaults.get_dataset_labels(dataset)
    if dataset.type == "action" and labels != ["public"]:
        labels.append(COORDINATOR_LABEL)
    return labels


def user_labels(user: model.User | None) -> list[str]:
    """The user's labels, looked up once per request (every search asks,
    and CKAN's part lists the user's organizations). CKAN 2.11's activity
    pages pass an anonymous visitor as ``""``."""
    if not user or user.is_anonymous:
        return _defaults.get_user_dataset_labels(user)
    return list(per_request(("dataset labels", user.id), lambda: _user_labels(user)))


def _user_labels(user: model.User) -> list[str]:
    labels = _defaults.get_user_dataset_labels(user)
    if roles.is_coordinator(user):
        labels.append(COORDINATOR_LABEL)
    return labels
