"""``ckan simore doctor``: a running deployment examined as production
needs it. The configuration rules are in ``settings``; here, what only the
running portal can tell: its services answer, its database is migrated,
its storage is writable, its search index holds every dataset, a
background worker runs."""

from __future__ import annotations

import importlib.resources
import smtplib
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from ckan import model

from ckanext.simore import config
from ckanext.simore.deployment.settings import Finding, examine
from ckanext.simore.search import writer

# how long a service may take to answer
TIMEOUT_SECONDS = 5
CORE_MIGRATIONS = "ckan"


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def database() -> Finding:
    try:
        model.Session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        model.Session.rollback()
        return Finding(
            "database",
            "PostgreSQL does not answer: " + _first_line(error),
            "check that PostgreSQL runs and that `sqlalchemy.url` names its host, database, user and password",
        )
    return Finding("database")


def redis() -> Finding:
    from ckan.lib.redis import connect_to_redis

    try:
        connect_to_redis().ping()
    except Exception as error:  # redis raises its own ConnectionError, TimeoutError, ResponseError…
        return Finding(
            "Redis",
            "Redis does not answer: " + _first_line(error),
            "check that Redis runs and that `ckan.redis.url` points to it",
        )
    return Finding("Redis")


def mail_server() -> Finding:
    server = tk.config.get("smtp.server") or ""
    if not server:
        return Finding("mail server", "smtp.server is not set", "set `smtp.server = host:port`")
    host, _, port = server.partition(":")
    try:
        with smtplib.SMTP(host, int(port or 25), timeout=TIMEOUT_SECONDS) as connection:
            connection.noop()
    except (OSError, smtplib.SMTPException, ValueError) as error:
        return Finding(
            "mail server",
            "{} does not answer: {}".format(server, _first_line(error)),
            "check `smtp.server` and that the mail server accepts connections from this machine",
        )
    return Finding("mail server")


def _migration_folders() -> dict[str, tuple[Path, str]]:
    """CKAN's migrations and those of each loaded plugin that has some
    (CKAN's convention: ``ckanext/<extension>/migration/<plugin>``, version
    table ``<plugin>_alembic_version``)."""
    import ckan.migration

    folders = {CORE_MIGRATIONS: (Path(ckan.migration.__file__).parent, "alembic_version")}
    for name in tk.aslist(tk.config.get("ckan.plugins")):
        plugin = p.get_plugin(name)
        if plugin is None:
            continue
        package = ".".join(type(plugin).__module__.split(".")[:2])
        folder = Path(str(importlib.resources.files(sys.modules[package]))) / "migration" / name
        if (folder / "versions").is_dir():
            folders[name] = (folder, name + "_alembic_version")
    return folders


def pending_migrations() -> dict[str, int]:
    """How many migrations each migrated part (CKAN, each plugin) has not
    applied."""
    pending = {}
    with model.meta.engine.connect() as connection:
        for name, (folder, version_table) in _migration_folders().items():
            script = ScriptDirectory(str(folder))
            heads = MigrationContext.configure(connection, opts={"version_table": version_table}).get_current_heads()
            applied = {revision.revision for head in heads for revision in script.iterate_revisions(head, "base")}
            missing = [revision for revision in script.walk_revisions() if revision.revision not in applied]
            if missing:
                pending[name] = len(missing)
    return pending


def migrations() -> Finding:
    pending = pending_migrations()
    if pending:
        return Finding(
            "database migrations",
            "not applied: " + ", ".join("{} ({})".format(name, count) for name, count in sorted(pending.items())),
            "back up (`ckan simore backup`), then run `ckan db upgrade` and "
            + " ".join("`ckan db upgrade -p {}`".format(name) for name in sorted(pending) if name != CORE_MIGRATIONS),
        )
    return Finding("database migrations")


def storage_writable() -> Finding:
    folder = tk.config.get("ckan.storage_path")
    if not folder:
        return Finding("storage writable", "ckan.storage_path is not set", "set `ckan.storage_path`")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".simore-doctor-"):
            pass
    except OSError as error:
        return Finding(
            "storage writable",
            "cannot write in {}: {}".format(folder, _first_line(error)),
            "create the folder and give it to the user the portal runs as (`chown -R ckan: {}`)".format(folder),
        )
    return Finding("storage writable")


def search_index() -> Finding:
    """Every dataset the database holds is found by a sysadmin's search
    (drafts and private ones included), and nothing more."""
    stored = model.Session.execute(
        sa.select(sa.func.count()).select_from(model.package_table).where(model.package_table.c.state == "active")
    ).scalar_one()
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    try:
        indexed = tk.get_action("package_search")(
            {"user": site_user["name"]},
            {"q": "*:*", "rows": 0, "include_private": True, "include_drafts": True, "fq": "+state:active"},
        )["count"]
    except tk.ValidationError as error:  # CKAN reports a search backend that fails this way
        return Finding("search index", "search fails: {}".format(error.error_dict), "check the search backend")
    except Exception as error:  # a Solr or PostgreSQL search that does not answer
        return Finding("search index", "search fails: " + _first_line(error), "check the search backend")
    if indexed != stored:
        return Finding(
            "search index",
            "the database holds {} datasets, the search index {}".format(stored, indexed),
            "run `ckan search-index rebuild`",
        )
    unranked = writer.rows_without_ranking_vector(model.Session) if config.search_backend() == "postgres" else 0
    if unranked:
        return Finding(
            "search index",
            "{} index rows were written before the ranking vector (migration 016): searches rank them slowly".format(
                unranked
            ),
            "run `ckan search-index rebuild`",
        )
    return Finding("search index")


def background_worker() -> Finding:
    from ckan.lib.redis import connect_to_redis
    from rq import Worker

    try:
        workers = Worker.all(connection=connect_to_redis())
    except Exception as error:  # Redis down: already reported by its own check
        return Finding("background worker", "cannot ask Redis: " + _first_line(error), "start Redis")
    if not workers:
        return Finding(
            "background worker",
            "no `ckan jobs worker` runs: imports wait forever and no notification is mailed",
            "run `ckan jobs worker` as a service (docs/install.md)",
        )
    return Finding("background worker")


CHECKS: tuple[Callable[[], Finding], ...] = (
    database,
    redis,
    mail_server,
    migrations,
    storage_writable,
    search_index,
    background_worker,
)


def examine_deployment() -> list[Finding]:
    """The configuration's findings, then the running services'."""
    findings = examine(tk.config)
    for check in CHECKS:
        findings.append(check())
    return findings
