"""The portal as a WSGI application, for a production server
(``gunicorn ckanext.simore.deployment.wsgi:application``, see
deploy/gunicorn.conf.py). The configuration file is named by ``CKAN_INI``,
as for the ``ckan`` command."""

from __future__ import annotations

import os
from logging.config import fileConfig

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app


def _config_path() -> str:
    path = os.environ.get("CKAN_INI", "")
    if not path or not os.path.isfile(path):
        raise RuntimeError("CKAN_INI must name the portal's configuration file (it names {!r})".format(path))
    return path


def create_application():
    path = _config_path()
    fileConfig(path, disable_existing_loggers=False)
    return make_app(CKANConfigLoader(path).get_config())


application = create_application()
