"""Counts of the statistics and dashboards, kept in Redis until a dataset
changes.

Facet counts over tens of thousands of matching datasets cost hundreds of
milliseconds in the search backend; the same counts are asked for again
and again between two changes. A count is kept under a key that includes
a version number, which goes up when a transaction that created, changed
or deleted a dataset (or an organization) commits (watched through SQLAlchemy's session
events, so the web forms, the API, the import's fast path and the workflow
all count). Entries expire after ``ckanext.simore.statistics_cache_seconds``
at the latest, for changes made outside CKAN's session. Without Redis, or
with the option at 0, everything is computed every time.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import logging
from typing import Any, Callable

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import config

log = logging.getLogger(__name__)

_CHANGED = "simore_datasets_changed"
# Dataset and organization rows (titles are shown with the counts); CKAN
# 2.11 keeps extras in tables of their own.
_WATCHED = tuple(cls for cls in (model.Package, getattr(model, "PackageExtra", None), model.Group,
                                 getattr(model, "GroupExtra", None)) if cls is not None)
_installed = False


def _namespace() -> str:
    """Keys of one portal's database (test runs share a Redis)."""
    source = "{}|{}".format(tk.config.get("sqlalchemy.url"), tk.config.get("ckan.site_id"))
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]


def _version_key() -> str:
    return "simore:{}:datasets-version".format(_namespace())


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


# -- noticing changes -------------------------------------------------------------


def _after_flush(session: Any, flush_context: Any) -> None:
    if any(isinstance(obj, _WATCHED) for obj in itertools.chain(session.new, session.dirty, session.deleted)):
        session.info[_CHANGED] = True


def _orm_execute(state: Any) -> None:
    """Bulk UPDATE/DELETE of datasets (e.g. bulk_update_private)."""
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ in _WATCHED:
        state.session.info[_CHANGED] = True


def _after_commit(session: Any) -> None:
    if session.info.pop(_CHANGED, False):
        try:
            _redis().incr(_version_key())
        except Exception as error:  # Redis down: counts are not cached either
            log.warning("could not invalidate the cached counts: %s", error)


def _after_rollback(session: Any) -> None:
    session.info.pop(_CHANGED, None)


def install() -> None:
    """Watch CKAN's session for dataset changes (once per process)."""
    global _installed
    if _installed:
        return
    sa.event.listen(model.Session, "after_flush", _after_flush)
    sa.event.listen(model.Session, "do_orm_execute", _orm_execute)
    sa.event.listen(model.Session, "after_commit", _after_commit)
    sa.event.listen(model.Session, "after_rollback", _after_rollback)
    _installed = True


# -- the cache -----------------------------------------------------------------------


def cached(kind: str, params: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``'s JSON-able result for these parameters, from Redis
    when nothing changed since it was computed."""
    seconds = config.statistics_cache_seconds()
    if seconds <= 0:
        return compute()
    try:
        conn = _redis()
        version = (conn.get(_version_key()) or b"0").decode()
        digest = hashlib.sha1(json.dumps([kind, params, version], sort_keys=True, default=str)
                              .encode("utf-8")).hexdigest()
        key = "simore:{}:counts:{}".format(_namespace(), digest)
        hit = conn.get(key)
    except Exception as error:
        log.warning("cached counts unavailable: %s", error)
        return compute()
    if hit is not None:
        return json.loads(hit)
    value = compute()
    try:
        conn.setex(key, seconds, json.dumps(value))
    except Exception as error:
        log.warning("could not keep counts: %s", error)
    return value
