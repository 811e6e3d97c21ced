"""Where CKAN keeps a dataset's extras (its scheming fields), the one
difference between CKAN 2.11 and 2.12 the extension's SQL and fast write
path must know.

CKAN 2.12 keeps them in a JSONB column ``package.extras`` (an organization's
in ``group.extras``); CKAN 2.11 in rows of ``package_extra`` (``group_extra``),
one per key, with a state. Every reader or writer of stored extras that does
not go through CKAN's actions asks this module, so that the next move of
the extras changes one file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.simore import ckan_internals

# CKAN 2.12 keeps a dataset's extras in a JSONB column of package; 2.11 in
# package_extra rows.
PACKAGE_EXTRAS_IN_JSONB = "extras" in model.package_table.c

# CKAN 2.11's tables of extras rows (absent from a 2.12 database; their ORM
# classes are ckan_internals.PACKAGE_EXTRA_CLASS and GROUP_EXTRA_CLASS).
PACKAGE_EXTRA_TABLE = "package_extra"
GROUP_EXTRA_TABLE = "group_extra"


# -- reading ---------------------------------------------------------------------


def stored_by_name(dataset_type: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """name → {id, name, state, <key>: stored value} for every dataset of
    the type (deleted ones included), in one query; a key the dataset does
    not hold is left out. Values are as stored (strings; JSON fields
    encoded)."""
    keys = list(keys)
    table = model.package_table
    result: dict[str, dict[str, Any]] = {}
    if PACKAGE_EXTRAS_IN_JSONB:
        rows = model.Session.execute(
            sa.select(table.c.id, table.c.name, table.c.state, table.c.extras).where(table.c.type == dataset_type)
        )
        for row in rows:
            extras = row.extras or {}
            result[row.name] = {
                "id": row.id,
                "name": row.name,
                "state": row.state,
                **{k: extras[k] for k in keys if k in extras},
            }
        return result
    extra = model.package_extra_table
    rows = model.Session.execute(
        sa.select(table.c.id, table.c.name, table.c.state, extra.c.key, extra.c.value)
        .select_from(
            table.outerjoin(
                extra, sa.and_(extra.c.package_id == table.c.id, extra.c.state == "active", extra.c.key.in_(keys))
            )
        )
        .where(table.c.type == dataset_type)
    )
    for row in rows:
        stored = result.setdefault(row.name, {"id": row.id, "name": row.name, "state": row.state})
        if row.key:
            stored[row.key] = row.value
    return result


def stored(package: model.Package) -> dict[str, Any]:
    """A loaded dataset's stored extras, key → value (2.11: its active rows,
    including ones added in this session and not yet flushed)."""
    if PACKAGE_EXTRAS_IN_JSONB:
        return dict(package.extras or {})
    rows = ckan_internals.package_extra_rows(package)
    return {key: extra.value for key, extra in rows.items() if extra.state == "active"}


def dictized(package: model.Package, stored_extras: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``extras`` list of the dataset's package dictization (what
    package_show's default schema starts from), given ``stored(package)``:
    2.12 lists key and value; 2.11 each active row's columns, by key."""
    if PACKAGE_EXTRAS_IN_JSONB:
        return [{"key": k, "value": v} for k, v in stored_extras.items()]
    from ckan.lib.dictization import table_dictize

    context = {"model": model, "session": model.Session}
    rows = ckan_internals.package_extra_rows(package).values()
    return sorted((table_dictize(e, context) for e in rows if e.state == "active"), key=lambda e: e["key"])


# -- SQL fragments over ``package p`` ------------------------------------------------


def value_sql(key: str) -> tuple[str, str]:
    """(join, value): SQL reading the dataset field ``key`` of package ``p``
    (a literal key of the schema, never user input) as text. ``join`` goes
    after ``FROM package p`` (empty on 2.12; on 2.11 a LEFT JOIN of alias
    ``e``, so one such field per query), ``value`` in the select list or a
    condition; NULL where the dataset has no such field."""
    if PACKAGE_EXTRAS_IN_JSONB:
        return "", f"p.extras->>'{key}'"
    return (
        f"LEFT JOIN {PACKAGE_EXTRA_TABLE} e ON e.package_id = p.id AND e.key = '{key}' AND e.state = 'active'",
        "e.value",
    )


def empty_sql(key: str) -> str:
    """SQL condition: package ``p`` has no value for the field ``key`` (a
    literal key of the schema), or an empty string or empty JSON list. Worded
    as the predicates of migration 006's partial indexes (for
    ``institutions``: on the JSONB column; on package_extra, the datasets
    that have one), so that the planner can use them."""
    if PACKAGE_EXTRAS_IN_JSONB:
        return f"coalesce(p.extras->>'{key}', '') IN ('', '[]')"
    return (
        f"NOT EXISTS (SELECT 1 FROM {PACKAGE_EXTRA_TABLE} e WHERE e.package_id = p.id AND e.key = '{key}' "
        "AND e.state = 'active' AND e.value NOT IN ('', '[]'))"
    )


# -- writing a new dataset (the import's fast path) ---------------------------------------


def new_package_row(row: dict[str, Any], extra_dicts: list[dict[str, Any]]) -> dict[str, Any]:
    """The package row of a new dataset, from its validated dict ``row``
    and its ``extras`` list, as this CKAN's package_dict_save builds it:
    2.12 puts the extras in the row (and keeps ``metadata_modified``); 2.11
    leaves them to ``save_new_package_extras`` (and drops
    ``metadata_modified``)."""
    row = dict(row)
    if PACKAGE_EXTRAS_IN_JSONB:
        row["extras"] = {extra["key"]: extra["value"] for extra in extra_dicts}
    else:
        row.pop("metadata_modified", None)
    return row


def save_new_package_extras(
    package: model.Package, extra_dicts: list[dict[str, Any]] | None, context: dict[str, Any]
) -> None:
    """Save a new dataset's extras once it has its id: 2.11's extras rows,
    with CKAN's own package_extras_save; nothing on 2.12 (they are in its
    row already)."""
    if not PACKAGE_EXTRAS_IN_JSONB:
        from ckan.lib.dictization import model_save

        model_save.package_extras_save(extra_dicts, package, dict(context))
