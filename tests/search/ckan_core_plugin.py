"""pytest plugin for running CKAN core's tests against the PostgreSQL search
backend (``-p ckan_core_plugin``, see scripts/run-tests).

- CKAN's ``clean_db`` drops every table the first time it runs, the search
  index too: the extension's and the activity plugin's migrations are
  applied again after a reset that dropped their tables.
- Faker, which CKAN's factories use for names and free text, is seeded per
  test: a random note containing the word a test searches for ("after")
  would otherwise fail a test now and then (with Solr too).
- Tests listed in tests/ckan_core_expected_failures.txt (they need a Solr
  feature the backend documents as absent) are marked xfail(strict=True),
  so that a listed test that starts passing is noticed.
"""

from __future__ import annotations

import pathlib

import pytest

EXPECTED_FAILURES = pathlib.Path(__file__).parents[1] / "ckan_core_expected_failures.txt"


def _expected_failures() -> dict[str, str]:
    failures = {}
    if EXPECTED_FAILURES.exists():
        for line in EXPECTED_FAILURES.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                target, _, reason = line.partition(" ")
                failures[target] = reason.strip(" -#") or "needs Solr"
    return failures


def _migrate_plugin_tables() -> None:
    """Apply the migrations of the extension and of CKAN's activity plugin
    when a reset dropped their tables (CKAN's clean_db only re-creates its
    core tables)."""
    import ckanext.activity
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config
    from ckan import model
    from ckan.common import config

    import ckanext.simore

    inspector = sa.inspect(model.meta.engine)
    for package, name in ((ckanext.activity, "activity"), (ckanext.simore, "simore")):
        if inspector.has_table(f"{name}_alembic_version"):
            continue  # not dropped (later resets only delete core rows)
        directory = pathlib.Path(package.__file__).parent / "migration" / name
        alembic_config = Config(str(directory / "alembic.ini"))
        alembic_config.set_main_option("script_location", str(directory))
        alembic_config.set_main_option("sqlalchemy.url", config["sqlalchemy.url"])
        command.upgrade(alembic_config, "head")


def pytest_configure(config):
    from ckan.tests import helpers

    reset_db = helpers.reset_db

    def reset_db_and_search_tables():
        reset_db()
        _migrate_plugin_tables()

    helpers.reset_db = reset_db_and_search_tables


def pytest_runtest_setup(item):
    import zlib

    from ckan.tests import factories

    factories.fake.seed_instance(zlib.crc32(item.nodeid.encode("utf-8")))


def pytest_collection_modifyitems(config, items):
    failures = _expected_failures()
    for item in items:
        module = getattr(item, "module", None)
        if module is None:
            continue
        parts = [module.__name__] + item.nodeid.split("::")[1:]
        candidates = {"::".join(parts[:depth]) for depth in range(1, len(parts) + 1)}
        for target in candidates & failures.keys():
            item.add_marker(pytest.mark.xfail(reason=failures[target], strict=True))
