"""Which search backend CKAN's searches reach: the PostgreSQL connection, or
CKAN's own Solr. CKAN has no plugin point for its search backend, so
``ckan_internals.install_search_connection`` puts the connection built here
wherever CKAN holds ``make_connection``, and replaces the Solr schema
check (it would try to download Solr's schema at start-up)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ckanext.simore import ckan_internals
from ckanext.simore.search.connection import PostgresSearchConnection, Remembered
from ckanext.simore.search.translate import Limits


def use_postgres(
    languages: Sequence[str],
    bounds: Callable[[], tuple[Limits, int]] = lambda: (Limits(), 0),
    remembered: Remembered | None = None,
) -> None:
    """Answer every CKAN search from PostgreSQL; ``bounds`` gives the
    limits and the statement timeout (ms) of each search, as configured at
    that moment; ``remembered`` keeps answers (see the connection)."""
    factory = _connection_factory(tuple(languages), bounds, remembered)
    ckan_internals.install_search_connection(factory, _schema_check)


def use_solr() -> None:
    """Give CKAN back its own Solr connection."""
    ckan_internals.restore_search_connection()


def _connection_factory(
    languages: tuple[str, ...], bounds: Callable[[], tuple[Limits, int]], remembered: Remembered | None
) -> Callable[..., PostgresSearchConnection]:
    def make_connection(decode_dates: bool = True) -> PostgresSearchConnection:
        limits, timeout_ms = bounds()
        return PostgresSearchConnection(
            languages, decode_dates=decode_dates, limits=limits, timeout_ms=timeout_ms, remembered=remembered
        )

    return make_connection


def _schema_check(original: Callable[..., bool]) -> Callable[..., bool]:
    def check_solr_schema_version(schema_file: str | None = None) -> bool:
        """No Solr schema to download: the index tables come from migrations.
        A schema file given explicitly (CKAN's own tests) is still checked."""
        if schema_file:
            return original(schema_file)
        return True

    return check_solr_schema_version
