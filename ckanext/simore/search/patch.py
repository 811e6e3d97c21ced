"""The only place that touches CKAN's internals: CKAN has no plugin point for
its search backend, so the PostgreSQL connection replaces
``make_connection`` wherever CKAN imported it, and the Solr schema check is
skipped (it would try to download Solr's schema at start-up)."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from ckanext.simore.search.connection import PostgresSearchConnection
from ckanext.simore.search.translate import Limits

# Modules that hold their own reference to make_connection.
_CONNECTION_HOLDERS = (
    "ckan.lib.search.common",
    "ckan.lib.search.index",
    "ckan.lib.search.query",
    "ckan.lib.search",
)
_originals: dict[tuple[str, str], Any] = {}


def _modules():
    import importlib

    return [importlib.import_module(name) for name in _CONNECTION_HOLDERS]


def _set(module: Any, attribute: str, value: Any) -> None:
    key = (module.__name__, attribute)
    current = getattr(module, attribute)
    if key not in _originals and not getattr(current, "simore_search", False):
        _originals[key] = current
    setattr(module, attribute, value)


def use_postgres(languages: Sequence[str],
                 bounds: Callable[[], tuple[Limits, int]] = lambda: (Limits(), 0)) -> None:
    """Answer every CKAN search from PostgreSQL; ``bounds`` gives the
    limits and the statement timeout (ms) of each search, as configured at
    that moment."""
    connect = _connection_factory(tuple(languages), bounds)
    for module in _modules():
        _set(module, "make_connection", connect)
    import ckan.lib.search as search

    check = _originals.get((search.__name__, "check_solr_schema_version"), search.check_solr_schema_version)
    _set(search, "check_solr_schema_version", _schema_check(check))


def use_solr() -> None:
    """Give CKAN back its own Solr connection."""
    for module in _modules():
        for attribute in ("make_connection", "check_solr_schema_version"):
            original = _originals.get((module.__name__, attribute))
            if original is not None:
                setattr(module, attribute, original)


def _connection_factory(languages: tuple[str, ...],
                        bounds: Callable[[], tuple[Limits, int]]) -> Callable[..., PostgresSearchConnection]:
    def make_connection(decode_dates: bool = True) -> PostgresSearchConnection:
        limits, timeout_ms = bounds()
        return PostgresSearchConnection(languages, decode_dates=decode_dates, limits=limits,
                                        timeout_ms=timeout_ms)

    make_connection.simore_search = True  # type: ignore[attr-defined]
    return make_connection


def _schema_check(original: Callable[..., bool]) -> Callable[..., bool]:
    def check_solr_schema_version(schema_file: str | None = None) -> bool:
        """No Solr schema to download: the index tables come from migrations.
        A schema file given explicitly (CKAN's own tests) is still checked."""
        if schema_file:
            return original(schema_file)
        return True

    check_solr_schema_version.simore_search = True  # type: ignore[attr-defined]
    return check_solr_schema_version
