"""Shared fixtures: CKAN's pytest plugin provides app, clean_db, clean_index,
with_plugins and the factories. A database reset drops plugin tables the
first time and leaves them alone afterwards, so the activity plugin's and
the extension's migrations are applied after every reset, and the
extension's tables are emptied."""

import builders
import pytest


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("simore")
    builders.empty_extension_tables()
