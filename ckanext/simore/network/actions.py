"""API actions of the network of portals, beside ckanext-harvest."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search as search_lib

__all__ = ["harvest_source_reindex"]

# Registered only when ckanext-harvest is loaded.
BESIDE_PLUGINS = {"harvest": ["harvest_source_reindex"]}


@tk.chained_action
def harvest_source_reindex(next_action, context, data_dict):
    """Index a harvest source as CKAN indexes any dataset, after
    ckanext-harvest's own indexing: on CKAN 2.12, ckanext-harvest 1.6.3
    indexes the source's unvalidated dict as its validated one, so that
    package_show (which reads the validated copy, with Solr as with this
    extension's search) answers without ``source_type`` and the source's
    next run dies with ``KeyError: 'source_type'``."""
    tk.check_access("harvest_source_reindex", context, data_dict)
    result = next_action(context, data_dict)
    search_lib.rebuild(model.Package.get(data_dict["id"]).id)
    return result
