"""Finding the records and users an action works on, with the errors an
API caller understands (404 for a record of another type or deleted)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model


def user_of(context) -> model.User | None:
    """The user an action runs as."""
    return model.User.get(context.get("user") or "") if context.get("user") else None


def found(row: Any, message: str) -> Any:
    """``row`` (a round, a change set, …), or a 404 saying ``message`` when
    there is none."""
    if row is None:
        raise tk.ObjectNotFound(message)
    return row


def package_of_type(ref: Any, dataset_type: str, field: str = "id") -> model.Package:
    if not isinstance(ref, str):
        raise tk.ValidationError({field: [tk._("expected a text (an id or a name)")]})
    package = model.Package.get(ref)
    if package is None or package.type != dataset_type or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("No {type} called {ref!r}").format(type=dataset_type, ref=ref))
    return package


def active_of_type(ref: str, dataset_type: str) -> model.Package | None:
    """The active dataset of this type by id or name (a code is a
    mechanism's lower-case name), or None."""
    package = model.Package.get(ref) or model.Package.get(ref.strip().lower())
    if package is None or package.type != dataset_type or package.state != "active":
        return None
    return package


def recommendation_ids(refs: list[str], field: str = "recommendations") -> list[str]:
    """The ids of these recommendations (ids or names); a ValidationError
    naming ``field`` lists those unknown."""
    packages = {ref: active_of_type(ref, "recommendation") for ref in refs}
    unknown = [ref for ref, package in packages.items() if package is None]
    if unknown:
        raise tk.ValidationError(
            {field: [tk._("unknown recommendation(s): {refs}").format(refs=", ".join(unknown[:10]))]}
        )
    return [package.id for package in packages.values() if package is not None]


def locked(package_id: str) -> model.Package:
    """The package row, locked until the transaction ends, re-read from the
    database: a concurrent transition waits here and then sees the result."""
    model.Session.expire_all()
    return (
        model.Session.query(model.Package)
        .filter(model.Package.id == package_id)
        .with_for_update()
        .populate_existing()
        .one()
    )


def internal_context(context, **flags) -> dict[str, Any]:
    """The context of an action's own writes: as the caller, auth already
    checked, with ``flags`` (``keys``) for the validators."""
    return {"user": context.get("user"), "ignore_auth": True, **flags}
