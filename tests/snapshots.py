"""Records most tests start from, built once through the real actions and
copied back for each test.

Building the follow-up network (users, institutions, a mechanism, an
assigned recommendation) through CKAN's actions takes a second; hundreds
of tests start from it. The first test that asks builds it, and every
table's rows are then copied into a schema of their own; later tests get
the rows copied back (a tenth of the time) and a copy of what the builder
returned. The tests run against exactly the rows the actions wrote."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import builders
from ckan import model
from sqlalchemy.orm import close_all_sessions

_built: dict[str, Any] = {}
_copied: dict[str, list[tuple[str, str]]] = {}  # (table, its columns) with rows


def _schema(name: str) -> str:
    return "test_snapshot_" + name


def restored(name: str, build: Callable[[], Any]) -> Any:
    """What ``build()`` returns, with the database as it left it: built the
    first time (on an emptied database), copied back afterwards."""
    if name not in _built:
        result = build()
        _take(name)
        _built[name] = copy.deepcopy(result)
        return result
    _copy_back(name)
    return copy.deepcopy(_built[name])


def _take(name: str) -> None:
    """Copy the rows of every table that has some (the columns the table
    computes itself left out) into the snapshot's schema."""
    schema = _schema(name)
    model.Session.commit()
    with model.meta.engine.begin() as connection:
        connection.exec_driver_sql('DROP SCHEMA IF EXISTS "{0}" CASCADE; CREATE SCHEMA "{0}"'.format(schema))
        copied = []
        # referenced tables first, so that they are copied back first
        for table in reversed(builders.deletion_order()):
            columns = ", ".join('"{}"'.format(column) for column in _written_columns(connection, table))
            connection.exec_driver_sql(
                'CREATE TABLE "{}"."{}" AS SELECT {} FROM "{}"'.format(schema, table, columns, table)
            )
            if connection.exec_driver_sql('SELECT EXISTS (SELECT FROM "{}")'.format(table)).scalar():
                copied.append((table, columns))
    _copied[name] = copied


def _written_columns(connection: Any, table: str) -> list[str]:
    return list(
        connection.exec_driver_sql(
            "SELECT attname FROM pg_attribute WHERE attrelid = %(table)s::regclass AND attnum > 0"
            " AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
            {"table": '"{}"'.format(table)},
        ).scalars()
    )


def _copy_back(name: str) -> None:
    """Copy the rows back into the (emptied) tables, with the tables'
    triggers off: the counts they keep are copied too."""
    from ckanext.simore.portal import counts_cache

    schema = _schema(name)
    close_all_sessions()
    triggered = builders.triggered_tables()
    statements = ['ALTER TABLE "{}" DISABLE TRIGGER USER;'.format(table) for table in triggered]
    statements += [
        'INSERT INTO "{0}" ({1}) SELECT {1} FROM "{2}"."{0}";'.format(table, columns, schema)
        for table, columns in _copied[name]
    ]
    statements += ['ALTER TABLE "{}" ENABLE TRIGGER USER;'.format(table) for table in triggered]
    with model.meta.engine.begin() as connection:
        connection.exec_driver_sql("".join(statements))
    counts_cache.invalidate()  # what was counted before was counted in other rows
    model.Session.remove()
