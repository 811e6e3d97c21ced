"""Counts of the statistics and dashboards, kept in Redis until what they
count changes.

Facet counts over tens of thousands of matching datasets cost hundreds of
milliseconds in the search backend; the same counts are asked for again
and again between two changes. A count is kept under a key that includes
the version numbers of what it depends on: one per dataset type
(``recommendation``, ``action``, ``mechanism``, ``practice``) and one for
organizations.
A version goes up when a transaction that created, changed or deleted
such a record commits, as SQLAlchemy's session events tell (so the web
forms, the API, the import's fast path and the workflow all count): an
action moving through the workflow does not recompute the public
statistics of recommendations. Entries expire after
``ckanext.simore.statistics_cache_seconds`` at the latest, for changes
made outside CKAN's session. Without Redis, or with the option at 0,
everything is computed every time.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from ckanext.simore import ckan_internals, config
from ckanext.simore.db import extras

log = logging.getLogger(__name__)

_CHANGED = "simore_changed_kinds"
ALL = "*"  # a change of unknown kind: every version goes up
DATASET_KINDS = ("recommendation", "action", "mechanism", "practice")
KINDS = DATASET_KINDS + ("organization", "other")
_PACKAGE_EXTRA = ckan_internals.PACKAGE_EXTRA_CLASS  # None where extras are not rows (2.12)
_GROUP_EXTRA = ckan_internals.GROUP_EXTRA_CLASS
_WATCHED_TABLES = {
    "package": ALL,
    extras.PACKAGE_EXTRA_TABLE: ALL,
    "group": "organization",
    extras.GROUP_EXTRA_TABLE: "organization",
}
_installed = False


def _namespace() -> str:
    """Keys of one portal's database (test runs share a Redis)."""
    source = "{}|{}".format(tk.config.get("sqlalchemy.url"), tk.config.get("ckan.site_id"))
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]


def _version_key(kind: str) -> str:
    return "simore:{}:version:{}".format(_namespace(), kind)


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


# -- noticing changes -------------------------------------------------------------


def _kind_of(obj: Any, session: Any) -> str | None:
    """Which version a changed object makes go up (None: none)."""
    if isinstance(obj, model.Package):
        return obj.type if obj.type in KINDS else "other"
    if _PACKAGE_EXTRA is not None and isinstance(obj, _PACKAGE_EXTRA):
        package = (
            session.identity_map.get(sa.inspect(model.Package).identity_key_from_primary_key([obj.package_id]))
            if obj.package_id
            else None
        )
        return (package.type if package.type in KINDS else "other") if package is not None else ALL
    if isinstance(obj, model.Group) or (_GROUP_EXTRA is not None and isinstance(obj, _GROUP_EXTRA)):
        return "organization"
    return None


def _kind_of_rows(state: Any) -> str:
    """The kind of the datasets an ORM bulk statement on the package table
    changes, when it names one dataset already loaded (CKAN 2.11 touches
    ``metadata_modified`` of the dataset it updates that way); else all."""
    if state.bind_mapper.class_ is not model.Package:
        return ALL
    ids = [value for name, value in state.statement.compile().params.items() if name.startswith("id")]
    if len(ids) != 1:
        return ALL
    package = state.session.identity_map.get(sa.inspect(model.Package).identity_key_from_primary_key([ids[0]]))
    return (package.type if package.type in KINDS else "other") if package is not None else ALL


def _note(session: Any, kinds: Iterable[str]) -> None:
    session.info.setdefault(_CHANGED, set()).update(kinds)


def _after_flush(session: Any, flush_context: Any) -> None:
    kinds = {_kind_of(obj, session) for obj in itertools.chain(session.new, session.dirty, session.deleted)}
    kinds.discard(None)
    if kinds:
        _note(session, kinds)


def _orm_execute(state: Any) -> None:
    """Bulk UPDATE/DELETE of datasets (e.g. CKAN 2.11's bulk_update_private
    updates the package table directly)."""
    if not (state.is_update or state.is_delete):
        return
    if state.bind_mapper is not None and state.bind_mapper.class_ in (model.Package, _PACKAGE_EXTRA):
        _note(state.session, [_kind_of_rows(state)])
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table in _WATCHED_TABLES:
        _note(state.session, [_WATCHED_TABLES[table]])


def _after_commit(session: Any) -> None:
    kinds = session.info.pop(_CHANGED, None)
    if kinds:
        try:
            _bump(KINDS if ALL in kinds else kinds)
        except Exception as error:  # Redis down: counts are not cached either
            log.warning("could not invalidate the cached counts: %s", error)


def _after_rollback(session: Any) -> None:
    session.info.pop(_CHANGED, None)


def _bump(kinds: Iterable[str]) -> None:
    pipe = _redis().pipeline()
    for kind in kinds:
        pipe.incr(_version_key(kind))
    pipe.execute()


def install() -> None:
    """Watch CKAN's session for changes (once per process)."""
    global _installed
    if _installed:
        return
    sa.event.listen(model.Session, "after_flush", _after_flush)
    sa.event.listen(model.Session, "do_orm_execute", _orm_execute)
    sa.event.listen(model.Session, "after_commit", _after_commit)
    sa.event.listen(model.Session, "after_rollback", _after_rollback)
    _installed = True


def invalidate(kinds: Iterable[str] = KINDS) -> None:
    """Forget the counts that depend on these kinds of records."""
    _bump(kinds)


def versions(kinds: Iterable[str]) -> list[str]:
    """The current versions of these kinds ([] without Redis)."""
    kinds = sorted(kinds)
    try:
        return [(value or b"0").decode() for value in _redis().mget([_version_key(k) for k in kinds])]
    except Exception:
        return []


# -- the cache -----------------------------------------------------------------------


def cached(
    kind: str, params: Any, compute: Callable[[], Any], depends_on: Iterable[str] = KINDS, seconds: int | None = None
) -> Any:
    """``compute()``'s JSON-able result for these parameters, from Redis
    when none of the kinds of records it ``depends_on`` changed since it was
    computed (``depends_on=()``: the parameters themselves say what it
    depends on), for ``seconds`` at most (the statistics' setting unless
    given)."""
    seconds = config.statistics_cache_seconds() if seconds is None else seconds
    if seconds <= 0:
        return compute()
    depends_on = sorted(depends_on)
    try:
        conn = _redis()
        found = conn.mget([_version_key(k) for k in depends_on]) if depends_on else []
        stamp = [(value or b"0").decode() for value in found]
        digest = hashlib.sha1(
            json.dumps([kind, params, depends_on, stamp], sort_keys=True, default=str).encode("utf-8")
        ).hexdigest()
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
