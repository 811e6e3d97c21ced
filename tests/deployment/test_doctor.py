"""``ckan simore doctor`` against the running test portal: what it finds
in order, and each thing broken on purpose named with its fix."""

import builders
import pytest
import sqlalchemy as sa
from ckan import model

from ckanext.simore.cli.deployment import examine as doctor_command
from ckanext.simore.deployment import doctor

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _report(cli):
    result = cli.invoke(doctor_command, [])
    return result.exit_code, result.output


def test_the_test_portal_lacks_only_what_a_test_run_leaves_out(cli, mailbox, tmp_path, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path))
    code, output = _report(cli)
    assert code == 1
    for fine in ("database", "Redis", "mail server", "database migrations", "storage writable", "search index"):
        assert "ok    {}\n".format(fine) in output
    # test.ini's secret is the shipped one, its URL plain HTTP, CSRF off; no worker runs
    assert "FIX   secret keys: SECRET_KEY is the one this project's sample configuration ships" in output
    assert "FIX   site URL" in output and "FIX   CSRF protection" in output
    assert "FIX   background worker: no `ckan jobs worker` runs" in output
    assert "→ run `ckan jobs worker` as a service" in output
    assert output.rstrip().endswith("checks need fixing.")


def test_an_unreachable_mail_server_and_an_unwritable_storage_are_named(ckan_config, monkeypatch, tmp_path):
    monkeypatch.setitem(ckan_config, "smtp.server", "127.0.0.1:1")
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path / "missing"))
    assert "127.0.0.1:1 does not answer" in doctor.mail_server().problem
    storage = doctor.storage_writable()
    assert "cannot write in" in storage.problem and "chown" in storage.fix


def test_a_dataset_missing_from_the_search_index_is_found():
    assert doctor.search_index().ok
    # a dataset whose row exists without its search document
    model.Session.execute(
        sa.text(
            "INSERT INTO package (id, name, type, state, private, metadata_created, metadata_modified) "
            "VALUES ('unindexed', 'unindexed', 'mechanism', 'active', false, now(), now())"
        )
    )
    model.Session.commit()
    finding = doctor.search_index()
    assert finding.problem == "the database holds 1 datasets, the search index 0"
    assert finding.fix == "run `ckan search-index rebuild`"


def test_index_rows_written_before_the_ranking_vector_are_found():
    builders.mechanism(builders.institution()["id"])
    assert doctor.search_index().ok
    model.Session.execute(sa.text("UPDATE simore_search_doc SET rank_tsv = NULL"))
    model.Session.commit()
    finding = doctor.search_index()
    assert finding.problem.startswith("1 index rows were written before the ranking vector")  # the mechanism
    assert finding.fix == "run `ckan search-index rebuild`"


def test_a_migration_not_applied_is_named_with_the_upgrade_command():
    assert doctor.pending_migrations() == {}
    current = model.Session.execute(sa.text("SELECT version_num FROM simore_alembic_version")).scalar_one()
    previous = doctor.ScriptDirectory(str(doctor._migration_folders()["simore"][0])).get_revision(current).down_revision
    model.Session.execute(sa.text("UPDATE simore_alembic_version SET version_num = :v"), {"v": previous})
    model.Session.commit()
    try:
        finding = doctor.migrations()
        assert finding.problem == "not applied: simore (1)"
        assert "`ckan db upgrade -p simore`" in finding.fix
    finally:
        model.Session.execute(sa.text("UPDATE simore_alembic_version SET version_num = :v"), {"v": current})
        model.Session.commit()


def test_a_database_that_does_not_answer_is_named(monkeypatch):
    def refuse(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(model.Session, "execute", refuse)
    finding = doctor.database()
    assert "PostgreSQL does not answer" in finding.problem and "sqlalchemy.url" in finding.fix
