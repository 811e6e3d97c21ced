"""Shared fixtures: CKAN's pytest plugin provides app, clean_db, clean_index,
with_plugins and the factories. A database reset drops plugin tables the
first time, so the activity plugin's and the extension's migrations are
applied after every reset."""
import pytest


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("simore")
