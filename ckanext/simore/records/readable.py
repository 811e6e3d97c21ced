"""Which records a user may read now, by CKAN's permission labels (the
rule package_show and the search apply): references to other records
show a title or a text only to those who may read that record."""

from __future__ import annotations

from collections.abc import Iterable

from ckan import model
from ckan.lib.plugins import get_permission_labels

from ckanext.simore import roles


def may_read(package: model.Package | None, user_name: str | None) -> bool:
    if package is None or package.state != "active":
        return False
    user = roles.user_named(user_name) if user_name else None
    if user is not None and user.sysadmin:
        return True
    labels = get_permission_labels()
    return bool(set(labels.get_dataset_labels(package)) & set(labels.get_user_dataset_labels(user)))


def readable(names: Iterable[str], user_name: str | None) -> dict[str, model.Package]:
    """The named (or id'd) records the user may read, by name."""
    found = {}
    for name in names:
        package = model.Package.get(name) if isinstance(name, str) and name else None
        if may_read(package, user_name):
            found[name] = package
    return found
