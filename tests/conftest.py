"""Shared fixtures. CKAN's pytest plugin provides clean_index, ckan_config
and the factories; three of its fixtures are redefined here because, as
CKAN writes them, they cost two seconds a test, most of the suite's time:

- ``with_plugins`` loads every plugin before each test and unloads it after
  (scheming re-reads its YAML each time); here the plugins are loaded again
  only when the configuration they would be loaded with has changed (a
  ``ckan_config`` or ``with_plugins`` mark, a patch made before) or when
  something unloaded them.
- ``app`` builds a new Flask application for each test; here the
  application is built again only when the plugins were, and each test
  gets its own client (its own cookies).
- ``clean_db`` deletes the tables' rows one table at a time and runs every
  migration again; here the first reset is CKAN's (it drops plugin tables,
  so the activity plugin's and the extension's migrations follow) and each
  later one empties every table in one statement (builders.empty_all_tables).
Test passwords are hashed at fewer rounds, and the fixtures most tests
share are copied back rather than built again (snapshots.py).
"""

import email
import socket

import builders
import ckan.config.middleware
import ckan.plugins
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from ckan import model
from ckan.lib import app_globals
from ckan.tests import factories
from ckan.tests.helpers import CKANTestApp


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes():
    """CKAN hashes passwords with pbkdf2-sha512 at 25,000 rounds (0.03 s a
    user, a second of a test that builds a network); tests hash with the same
    algorithm at 1,000."""
    import ckan.model.user
    from passlib.hash import pbkdf2_sha512

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ckan.model.user, "pbkdf2_sha512", pbkdf2_sha512.using(rounds=1000))
        yield


class _Loaded:
    """What the plugins and the test application were last loaded for."""

    fingerprint: str | None = None
    app = None
    database_ready = False


def _fingerprint(config) -> str:
    return repr(sorted((key, repr(value)) for key, value in config.items()))


@pytest.fixture
def with_plugins(ckan_config, monkeypatch, request):
    # CKAN 2.12's mark @pytest.mark.with_plugins("name", ...): more plugins
    names = [name for mark in request.node.iter_markers("with_plugins") for name in mark.args]
    if names:
        current = ckan_config["ckan.plugins"]
        current = current.split() if isinstance(current, str) else list(current)
        monkeypatch.setitem(ckan_config, "ckan.plugins", current + names)
    fingerprint = _fingerprint(ckan_config)
    if fingerprint != _Loaded.fingerprint or not ckan.plugins.plugin_loaded("simore"):
        ckan.plugins.unload_all()
        ckan.plugins.load_all()
        _Loaded.fingerprint, _Loaded.app = fingerprint, None
    yield


@pytest.fixture
def app(with_plugins, make_app, ckan_config):
    ckan_config["testing"] = True
    if _Loaded.app is None:
        _Loaded.app = ckan.config.middleware.make_app(ckan_config)
    app_globals.reset()
    return CKANTestApp(_Loaded.app)


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins, ckan_config):
    if not _Loaded.database_ready:
        reset_db()
        migrate_db_for("activity")
        if ckan.plugins.plugin_loaded("harvest"):
            migrate_db_for("harvest")
        migrate_db_for("simore")
        _Loaded.database_ready = True
    else:
        factories.fake.unique.clear()
        builders.empty_all_tables()
    if isinstance(model.meta.engine.pool, sa.pool.NullPool):
        # CKAN's migrations leave the model on their own engine, which opens
        # a connection for every transaction (40 a test)
        model.init_model(sa.engine_from_config(dict(ckan_config)))


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        self.messages.append(
            {
                "to": envelope.rcpt_tos,
                "subject": str(email.header.make_header(email.header.decode_header(message["Subject"]))),
                "body": message.get_payload(decode=True),
            }
        )
        return "250 OK"

    def take(self):
        taken, self.messages = self.messages, []
        return taken


@pytest.fixture
def mailbox(ckan_config, monkeypatch):
    """A real SMTP server on loopback that the portal is configured to mail;
    ``take()`` returns what it received since the last call."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(ckan_config, "smtp.server", "127.0.0.1:{}".format(port))
    monkeypatch.setitem(ckan_config, "smtp.starttls", False)
    yield box
    controller.stop()
