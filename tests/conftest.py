"""Shared fixtures: CKAN's pytest plugin provides app, clean_db, clean_index,
with_plugins and the factories; the extension's own tables are migrated
after every database reset."""
import pytest


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    reset_db()
    migrate_db_for("simore")
