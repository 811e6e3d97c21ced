"""Search backends: CKAN's Solr, or an index in the portal's own PostgreSQL
database that answers CKAN's Solr queries (see docs/search.md).

``install(config)`` is called from the plugin's ``update_config``,
``with_language_fields(params)`` from its ``before_dataset_search``.
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


# How little a vocabulary label weighs against a record's own words (Solr):
# it finds the record, it hardly ranks it (as rank_tsv does on PostgreSQL).
LABEL_BOOST = 0.1


def with_language_fields(search_params: dict[str, Any]) -> dict[str, Any]:
    """With Solr, a search that names no query fields searches the language
    fields too (``text_<lang>``, ``labels_<lang>``): Solr, unlike the
    PostgreSQL index, does not copy them into ``text`` (docs/search.md)."""
    from ckanext.simore import config as simore_config

    if simore_config.search_backend() == "postgres" or search_params.get("qf"):
        return search_params
    from ckan.lib.search.query import QUERY_FIELDS

    languages = simore_config.languages()
    fields = [QUERY_FIELDS]
    fields += ["text_" + language for language in languages]
    fields += [f"labels_{language}^{LABEL_BOOST}" for language in languages]
    return dict(search_params, qf=" ".join(fields))
