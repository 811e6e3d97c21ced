"""``ckan simore backup`` then ``ckan simore restore`` into a new database
and storage folder (as docs/backup.md tells a ministry's IT team): a portal
with actions in every workflow state, their histories, status histories, a
reporting round, an import run, uploaded evidence, users and memberships is
found whole in the restored one, through CKAN's actions, its search and its
download pages."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import builders
import ckan.plugins.toolkit as tk
import portal_contents
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.cli.cli import ckan
from ckan.tests import factories, helpers
from shared_data import shared_path
from werkzeug.datastructures import FileStorage

from ckanext.simore.imports import jobs, runner, runs
from ckanext.simore.records import loaders

PROJECT = Path(__file__).resolve().parents[2]
PARAGUAY = shared_path("data", "upr-info") / "upr-recommendations-paraguay.csv"
ACTION_STATES = ("draft", "submitted", "approved", "published", "returned", "withdrawn")
# The transitions that take a new action to each state, and who makes them.
PATHS = {
    "draft": [],
    "submitted": [("submit", "focal")],
    "approved": [("submit", "focal"), ("approve", "validator")],
    "published": [("submit", "focal"), ("approve", "validator"), ("publish", "coordinator")],
    "returned": [("submit", "focal"), ("return", "validator")],
    "withdrawn": [
        ("submit", "focal"),
        ("approve", "validator"),
        ("publish", "coordinator"),
        ("withdraw", "coordinator"),
    ],
}

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
    pytest.mark.ckan_config("ckanext.simore.coordinating_organization", "coordinacion"),
]


def _as(user: str, action: str, **data):
    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


def _evidence(state: str) -> bytes:
    return "%PDF-1.4\n% evidence of the {} action\n%%EOF\n".format(state).encode()


@pytest.fixture
def portal():
    """Every kind of record the portal keeps."""
    people = {
        role: factories.User(name=name, email=name + "@example.org")["name"]
        for role, name in (("coordinator", "coordinadora"), ("focal", "focal-salud"), ("validator", "valida-salud"))
    }
    builders.institution(name="coordinacion", users=[{"name": "coordinadora", "capacity": "editor"}])
    builders.institution(
        name="salud",
        title="Ministerio de Salud",
        users=[{"name": "focal-salud", "capacity": "editor"}, {"name": "valida-salud", "capacity": "admin"}],
    )
    loaders.load_mechanisms("coordinacion")
    # an import whose file is kept in the storage folder, as web imports are
    upload = jobs.storage_dir() / str(uuid.uuid4()) / "paraguay.csv"
    upload.parent.mkdir(parents=True)
    upload.write_text("".join(PARAGUAY.read_text(encoding="utf-8").splitlines(keepends=True)[:4]), encoding="utf-8")
    run_id = runs.create(upload, upload.name, "coordinacion", None, {})
    assert runner.execute(run_id, dry_run=False)["created"] == 3
    recommendation = builders.recommendation("coordinacion", "cedaw", institutions=["salud"])
    for status in ("in_progress", "implemented"):
        _as(
            "coordinadora",
            "simore_status_set",
            id=recommendation["id"],
            status=status,
            justification="Informe del ministerio: " + status,
        )
    round_ = _as("coordinadora", "simore_round_create", title="Ronda 2030", due_date="2030-01-31", fq="mechanism:cedaw")
    actions = {}
    for state in ACTION_STATES:
        act = builders.action("salud", [recommendation["name"]], name="accion-" + state, reporting_round=round_["id"])
        _as(
            "focal-salud",
            "resource_create",
            package_id=act["id"],
            name="evidencia.pdf",
            url="",
            upload=FileStorage(io.BytesIO(_evidence(state)), "evidencia.pdf"),
        )
        for transition, role in PATHS[state]:
            _as(
                people[role],
                "simore_action_transition",
                id=act["id"],
                transition=transition,
                comment="Motivo: " + transition,
            )
        actions[state] = act["id"]
    return {"run_id": run_id, "recommendation": recommendation["id"], "round": round_["id"], "actions": actions}


def _restore_ini(ckan_ini: str, url: str, storage: Path, tmp_path: Path) -> Path:
    text = Path(ckan_ini).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^sqlalchemy\.url\s*=.*$", "sqlalchemy.url = " + url, text)
    text = re.sub(r"(?m)^ckan\.storage_path\s*=.*$", "ckan.storage_path = " + str(storage), text)
    path = tmp_path / "restore.ini"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def new_database():
    """A new, empty database made as docs/backup.md says (scripts/setup-db),
    dropped afterwards."""
    name = "simore_restore_{}".format(uuid.uuid4().hex[:10])
    subprocess.run([str(PROJECT / "scripts" / "setup-db"), name], check=True, capture_output=True)
    url = sa.engine.make_url(tk.config["sqlalchemy.url"]).set(database=name)
    yield url.render_as_string(hide_password=False)
    admin = sa.create_engine(
        url.set(username="postgres", password=None, database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text('DROP DATABASE IF EXISTS "{}" WITH (FORCE)'.format(name)))
    admin.dispose()


def _ckan(ini: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "ckan"), "-c", str(ini), *args], capture_output=True, text=True
    )


def test_a_backup_restores_the_whole_portal_into_a_new_database(app, cli, portal, new_database, tmp_path, request):
    sysadmin = factories.Sysadmin()["name"]
    before = portal_contents.contents(app, portal, sysadmin)
    assert {d["workflow_state"] for d in before["datasets"].values() if d["type"] == "action"} == set(ACTION_STATES)
    assert before["public_search"] == 1
    assert all(status == 200 for status, _ in before["evidence"].values()), before["evidence"]

    made = cli.invoke(ckan, ["simore", "backup", str(tmp_path / "backups")])
    assert made.exit_code == 0, made.output
    folder = next((tmp_path / "backups").iterdir())
    assert sorted(p.name for p in folder.iterdir()) == ["database.dump", "manifest.json", "storage.tar"]

    # The IT team's steps: an empty database and storage folder, an ini
    # naming them, `ckan simore restore`.
    storage = tmp_path / "restored-storage"
    ini = _restore_ini(request.config.getoption("ckan_ini"), new_database, storage, tmp_path)
    restored = _ckan(ini, "simore", "restore", str(folder))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Restored and verified" in restored.stdout

    # A second CKAN, on the restored database and storage folder only.
    output = tmp_path / "after.json"
    shown = subprocess.run(
        [sys.executable, portal_contents.__file__, str(ini), json.dumps(dict(portal, sysadmin=sysadmin)), str(output)],
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0, shown.stderr[-3000:]
    after = json.loads(output.read_text(encoding="utf-8"))
    assert after == before
    # the import run's file moved with the storage folder: it can be resumed
    file_path = model.Session.execute(
        sa.text("SELECT file_path FROM simore_import_run WHERE id = :id"), {"id": portal["run_id"]}
    ).scalar()
    moved = sa.create_engine(new_database)
    with moved.connect() as connection:
        restored_path = connection.execute(
            sa.text("SELECT file_path FROM simore_import_run WHERE id = :id"), {"id": portal["run_id"]}
        ).scalar()
    moved.dispose()
    assert (
        restored_path.startswith(str(storage) + "/")
        and Path(restored_path).read_bytes() == Path(file_path).read_bytes()
    )

    # verify-restore tells a restore that lost a file
    next(storage.glob("resources/*/*/*")).unlink()
    damaged = _ckan(ini, "simore", "verify-restore", str(folder))
    assert damaged.returncode != 0
    assert "is missing" in damaged.stderr and "resources/" in damaged.stderr


def test_a_restore_refuses_a_database_that_has_tables(cli, tmp_path):
    builders.institution(name="coordinacion")
    made = cli.invoke(ckan, ["simore", "backup", str(tmp_path)])
    assert made.exit_code == 0, made.output
    count = model.Session.query(model.Group).count()
    refused = cli.invoke(ckan, ["simore", "restore", str(next(tmp_path.glob("simore-backup-*")))])
    assert refused.exit_code != 0
    assert "has tables already: restore into a new, empty database" in refused.output
    assert model.Session.query(model.Group).count() == count
