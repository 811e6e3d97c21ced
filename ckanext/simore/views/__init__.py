"""Flask blueprints of ckanext-simore, one module per feature; the plugin's
``blanket.blueprints`` registers every blueprint listed here."""
from __future__ import annotations

from ckanext.simore.views.exports import exports
from ckanext.simore.views.imports import imports
from ckanext.simore.views.inputs import inputs_door
from ckanext.simore.views.portal import dashboards, statistics
from ckanext.simore.views.security import security
from ckanext.simore.views.workflow import network, rounds, workflow

__all__: list[str] = ["workflow", "rounds", "network", "imports", "exports", "statistics", "dashboards",
                      "security", "inputs_door"]
