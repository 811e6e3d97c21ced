"""Backing a portal up and restoring it (``ckan simore backup|restore|
verify-restore``, see docs/backup.md).

A backup is a folder with three files: ``database.dump`` (pg_dump's custom
format: every table, CKAN's, the activity's and the extension's, search
index included), ``storage.tar`` (``ckan.storage_path``: uploaded evidence,
images, import files) and ``manifest.json`` (the row count of every table,
taken in the dump's own snapshot, and every stored file's size and
SHA-256), which a restore is verified against.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import ckan
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import uploader

from ckanext.simore import config
from ckanext.simore.db import tables
from ckanext.simore.files import sha256

DUMP = "database.dump"
STORAGE = "storage.tar"
MANIFEST = "manifest.json"
FORMAT = 1
# Rebuilt by CKAN from its sources, not data.
SKIPPED_STORAGE = ("webassets",)
# Entries of a dump that only a superuser may restore (the comment of an
# extension the database's administrator created beforehand).
_SKIPPED_TOC = ("COMMENT - EXTENSION",)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass
class Restored:
    folder: Path
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


# -- the database's connection for PostgreSQL's own tools ---------------------


def _libpq() -> tuple[str, dict[str, str]]:
    """The database URI for pg_dump / pg_restore (without its password,
    which goes in the environment, out of the process list)."""
    url = sa.engine.make_url(tk.config["sqlalchemy.url"])
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError("{} is not installed (apt-get install postgresql-client)".format(command[0]))
    if done.returncode != 0:
        raise BackupError("{} failed: {}".format(command[0], done.stderr.strip()[-2000:]))


# -- what a manifest records ----------------------------------------------------


def _table_names(connection: sa.engine.Connection) -> list[str]:
    return sorted(sa.inspect(connection).get_table_names(schema="public"))


def _row_counts(connection: sa.engine.Connection) -> dict[str, int]:
    return {
        name: connection.execute(sa.select(sa.func.count()).select_from(sa.table(name))).scalar_one()
        for name in _table_names(connection)
    }


def _storage_path() -> Path | None:
    path = tk.config.get("ckan.storage_path")
    return Path(path) if path else None


def _stored_files(root: Path) -> Iterator[tuple[str, Path]]:
    for folder, dirs, files in os.walk(root):
        relative = Path(folder).relative_to(root)
        if relative == Path("."):
            dirs[:] = [d for d in dirs if d not in SKIPPED_STORAGE]
        dirs.sort()
        for name in sorted(files):
            yield str(relative / name) if relative != Path(".") else name, Path(folder) / name


def _archive_storage(target: Path) -> dict[str, dict[str, Any]]:
    """Every stored file into ``target`` (a tar), with its size and digest."""
    files: dict[str, dict[str, Any]] = {}
    root = _storage_path()
    with tarfile.open(target, "w") as archive:
        if root is None or not root.is_dir():
            return files
        for name, path in _stored_files(root):
            files[name] = {"size": path.stat().st_size, "sha256": sha256(path)}
            archive.add(path, arcname=name, recursive=False)
    return files


# -- backup -----------------------------------------------------------------------


def create(destination: Path) -> Path:
    """A new backup folder under ``destination``: the database dumped and
    counted in one snapshot, then the stored files."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = destination / "simore-backup-{}".format(stamp)
    folder.mkdir(parents=True, exist_ok=False)
    # it holds e-mail addresses, password hashes and unpublished actions
    folder.chmod(0o700)
    uri, env = _libpq()
    with model.meta.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            # pg_dump reads the snapshot this transaction counted in, so the
            # counts are exactly the dump's, whatever is written meanwhile
            snapshot = connection.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
            counts = _row_counts(connection)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--snapshot=" + snapshot,
                    "--file=" + str(folder / DUMP),
                    "--dbname=" + uri,
                ],
                env,
            )
    # Files are only added or replaced under new names: those the dump
    # refers to were stored before it.
    files = _archive_storage(folder / STORAGE)
    manifest = {
        "format": FORMAT,
        "created": stamp,
        "ckan_version": ckan.__version__,
        "simore_version": metadata.version("ckanext-simore"),
        "search_backend": config.search_backend(),
        "storage_path": str(_storage_path() or ""),
        "tables": counts,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return folder


def read_manifest(folder: Path) -> dict[str, Any]:
    missing = [name for name in (MANIFEST, DUMP, STORAGE) if not (folder / name).is_file()]
    if missing:
        raise BackupError("{} is not a complete backup: {} missing".format(folder, ", ".join(missing)))
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError("{} was made by another version of the backup".format(folder))
    return manifest


# -- restore ----------------------------------------------------------------------


def restore(folder: Path) -> Restored:
    """Restore a backup into the configured database, which must be empty,
    and storage folder, which must have no files; then verify it."""
    manifest = read_manifest(folder)
    with model.meta.engine.connect() as connection:
        if _table_names(connection):
            raise BackupError(
                "the database of sqlalchemy.url has tables already: restore into a new, empty "
                "database (e.g. scripts/setup-db NAME) and point sqlalchemy.url at it"
            )
    root = _storage_path()
    if root is None:
        raise BackupError("ckan.storage_path is not set: the uploaded files need a folder")
    if root.is_dir() and any(True for _ in _stored_files(root)):
        raise BackupError("ckan.storage_path ({}) has files already: restore into an empty folder".format(root))
    _restore_database(folder / DUMP)
    _restore_storage(folder / STORAGE, root)
    _move_import_files(manifest.get("storage_path") or "", str(root))
    return Restored(folder, manifest, verify(folder), next_steps(manifest))


def _restore_database(dump: Path) -> None:
    uri, env = _libpq()
    with tempfile.NamedTemporaryFile("w+", suffix=".list") as listing:
        done = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError("pg_restore cannot read {}: {}".format(dump, done.stderr.strip()))
        listing.write(
            "".join(
                line + "\n" for line in done.stdout.splitlines() if not any(entry in line for entry in _SKIPPED_TOC)
            )
        )
        listing.flush()
        # one transaction: a failed restore leaves the database empty
        _run(
            [
                "pg_restore",
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                "--no-privileges",
                "--use-list=" + listing.name,
                "--dbname=" + uri,
                str(dump),
            ],
            env,
        )
    model.Session.remove()


def _restore_storage(archive: Path, root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        # the "data" filter refuses absolute paths, links out of the folder
        # and special files
        tar.extractall(root, filter="data")


def _move_import_files(old_root: str, new_root: str) -> None:
    """Import runs keep the absolute path of their file (to resume them):
    point those under the old storage folder into the new one."""
    if not old_root or old_root == new_root:
        return
    run = tables.import_run
    prefix = old_root.rstrip("/") + "/"
    with model.meta.engine.begin() as connection:
        connection.execute(
            run.update()
            .where(run.c.file_path.startswith(prefix, autoescape=True))
            .values(
                file_path=sa.func.concat(new_root.rstrip("/") + "/", sa.func.substr(run.c.file_path, len(prefix) + 1))
            )
        )


def next_steps(manifest: dict[str, Any]) -> list[str]:
    """What remains to do after a restore on this portal's CKAN and backend."""
    steps = []
    if manifest["ckan_version"] != ckan.__version__ or manifest["simore_version"] != metadata.version("ckanext-simore"):
        steps += [
            "ckan db upgrade",
            "ckan db pending-migrations --apply",
            "ckan db upgrade -p simore",
            "ckan search-index rebuild",
        ]
    elif config.search_backend() != "postgres":
        steps.append("ckan search-index rebuild")
    return steps


# -- verification ------------------------------------------------------------------


def verify(folder: Path) -> list[str]:
    """What differs between the portal and a backup's manifest (nothing after
    a restore): every table's row count, every stored file, and every
    uploaded resource's file."""
    manifest = read_manifest(folder)
    problems = []
    with model.meta.engine.connect() as connection:
        counts = _row_counts(connection)
        uploads = (
            connection.execute(
                sa.select(model.resource_table.c.id).where(
                    model.resource_table.c.url_type == "upload", model.resource_table.c.state == "active"
                )
            )
            .scalars()
            .all()
        )
    for name, expected in sorted(manifest["tables"].items()):
        if name not in counts:
            problems.append("table {} is missing".format(name))
        elif counts[name] != expected:
            problems.append("table {} has {} rows, the backup {}".format(name, counts[name], expected))
    root = _storage_path()
    for name, expected in sorted(manifest["files"].items()):
        path = root / name if root else None
        if path is None or not path.is_file():
            problems.append("file {} is missing".format(name))
        elif path.stat().st_size != expected["size"] or sha256(path) != expected["sha256"]:
            problems.append("file {} differs from the backup".format(name))
    if uploads and root is not None:
        # where CKAN's own uploader keeps a resource's file (the toolkit has
        # no way to ask)
        local = uploader.ResourceUpload({})
        problems.extend(
            "the uploaded file of resource {} is missing".format(resource_id)
            for resource_id in uploads
            if not os.path.isfile(local.get_path(resource_id))
        )
    return problems
