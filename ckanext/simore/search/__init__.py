"""Search backends: CKAN's Solr, or an index in the portal's own PostgreSQL
database that answers CKAN's Solr queries (see docs/search.md).

``install(config)`` is called from the plugin's ``update_config``.
"""

from __future__ import annotations

from typing import Any


def install(config: Any) -> None:
    """Select the search backend named by ``ckanext.simore.search_backend``."""
    # imported here so that the pure modules of this package import no CKAN
    from ckanext.simore import config as simore_config
    from ckanext.simore.search import patch

    if simore_config.search_backend() == "postgres":
        patch.use_postgres(simore_config.languages(), _bounds, _remembered)
    else:
        patch.use_solr()


def _remembered(params: Any, compute: Any) -> Any:
    """A search's answer from Redis while no record has changed since it
    was computed (see ``portal.counts_cache``), or computed now."""
    from ckanext.simore import config as simore_config
    from ckanext.simore.portal import counts_cache

    seconds = simore_config.search_cache_seconds()
    if seconds <= 0:
        return compute()
    return counts_cache.cached("search", params, compute, seconds=seconds)


def _bounds() -> tuple[Any, int]:
    """The limits and the statement timeout of a search, as configured."""
    from ckanext.simore import config as simore_config
    from ckanext.simore.search import translate

    limits = translate.Limits(max_terms=simore_config.max_query_terms(), max_start=simore_config.max_search_start())
    return limits, simore_config.search_timeout_ms()
