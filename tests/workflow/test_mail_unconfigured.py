"""A portal with no mail sender (the demo's) still works: a notification is
not mailed, nor recorded as sent, so that it goes once mail is configured."""

import pytest
import sqlalchemy as sa
from ckan import model

from ckanext.simore.workflow import notifications

pytestmark = pytest.mark.usefixtures("with_plugins")


def _recorded():
    return model.Session.execute(sa.text("SELECT count(*) FROM simore_notification")).scalar()


def test_with_no_sender_nothing_is_mailed_nor_recorded_and_then_it_is(network, mailbox, monkeypatch, ckan_config):
    user = model.User.get("focal-salud")
    monkeypatch.setitem(ckan_config, "smtp.mail_from", None)
    assert notifications.send_once("test:event", user, "Asunto", "Cuerpo") is False
    assert _recorded() == 0
    assert mailbox.take() == []
    monkeypatch.setitem(ckan_config, "smtp.mail_from", "portal@example.org")
    assert notifications.send_once("test:event", user, "Asunto", "Cuerpo") is True
    assert [message["to"] for message in mailbox.take()] == [["focal.salud@example.org"]]
    assert _recorded() == 1
