"""Shared fixtures: CKAN's pytest plugin provides app, clean_db, clean_index,
with_plugins and the factories. A database reset drops plugin tables the
first time and leaves them alone afterwards, so the activity plugin's and
the extension's migrations are applied after every reset, and the
extension's tables are emptied."""

import pytest
import sqlalchemy as sa
from ckan import model


def _empty_extension_tables():
    names = [
        name
        for name in sa.inspect(model.meta.engine).get_table_names()
        if name.startswith("simore_") and name != "simore_alembic_version"
    ]
    if names:
        with model.meta.engine.begin() as connection:
            connection.execute(sa.text("TRUNCATE {} CASCADE".format(", ".join(names))))


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("simore")
    _empty_extension_tables()
