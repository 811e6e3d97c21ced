"""Shared fixtures: CKAN's pytest plugin provides app, clean_db, clean_index,
with_plugins and the factories. A database reset drops plugin tables the
first time and leaves them alone afterwards, so the activity plugin's and
the extension's migrations are applied after every reset, and the
extension's tables are emptied."""

import email
import socket

import builders
import pytest
from aiosmtpd.controller import Controller


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("simore")
    builders.empty_extension_tables()


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
