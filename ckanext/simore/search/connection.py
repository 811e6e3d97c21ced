"""A pysolr-compatible connection answering from PostgreSQL.

CKAN calls ``add``, ``delete``, ``commit`` and ``search`` on whatever
``make_connection`` returns; this object does the same work on the index
tables through CKAN's own ``model.Session``, so that index writes belong to
the transaction of the dataset write that caused them.

``commit`` semantics: Solr's ``commit=True`` on ``add``/``delete`` makes
changes visible; here changes are visible when their transaction commits.
Inside a dataset write (the transaction has already written something) the
flag is left to that write's own commit, so that a failed write leaves no
index row. Alone (``ckan search-index clear NAME``, a rebuild of one
dataset), nothing else would commit, so ``commit=True`` commits the session.
An explicit ``conn.commit()`` (``search.commit()``, ``clear_index``) commits
the session, as Solr's commit makes changes durable and visible.

A search runs in a savepoint of the session (a failing search leaves the
caller's transaction usable). When its facets must be counted over the
matches and the session has written nothing, the counts run on a pooled
connection of their own while the session ranks the page.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

import pysolr
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from ckanext.simore.search import datemath, documents, translate, writer
from ckanext.simore.search import facet_counts as facets
from ckanext.simore.search import fields as schema
from ckanext.simore.search.lucene import QuerySyntaxError, UnsupportedQueryError

log = logging.getLogger(__name__)

# Keeps answers: called with a search's parameters and the function that
# computes its answer (a JSON-able Solr response), returns that answer.
Remembered = Callable[[Any, Callable[[], dict[str, Any]]], dict[str, Any]]

_SAVEPOINT = "simore_search"
# The planner does not count the cost of reading every text vector, which
# makes a scan of the whole table look cheaper than the GIN indexes; without
# sequential scans, JIT (which such plans would trigger) only costs time.
_PLANNER = {"enable_seqscan": "off", "jit": "off"}
_SEARCH_SETTINGS = " ".join(f"SET LOCAL {name} = {value};" for name, value in _PLANNER.items())
_RESET_SETTINGS = " ".join(f"RESET {name};" for name in _PLANNER)


class PostgresSearchConnection:
    """The subset of ``pysolr.Solr`` that CKAN uses."""

    url = "postgresql://(ckanext-simore search index)"

    def __init__(
        self,
        languages: Sequence[str],
        decode_dates: bool = True,
        limits: translate.Limits | None = None,
        timeout_ms: int = 0,
        remembered: Remembered | None = None,
    ) -> None:
        self.languages = list(languages)
        self.remembered = remembered
        self.decode_dates = decode_dates
        self.limits = limits or translate.Limits()
        # a search over its time is cancelled (and answered with an error)
        # instead of holding a worker and a database connection
        self.timeout = f"SET LOCAL statement_timeout = {int(timeout_ms)};"

    @property
    def session(self) -> Any:
        from ckan import model

        return model.Session

    # -- writing ------------------------------------------------------------

    def add(self, docs: Sequence[dict[str, Any]], commit: bool | None = None, **kwargs: Any) -> str:
        from ckan.lib.search.common import SearchIndexError

        alone = commit and self._nothing_written_yet()
        try:
            writer.add(self.session, docs, self.languages)
        except documents.DocumentError as error:
            raise SearchIndexError(str(error)) from error
        except sa_exc.DBAPIError as error:
            raise SearchIndexError(f"Could not index in PostgreSQL: {error.orig}") from error
        if alone:
            self.session.commit()
        return ""

    def delete(self, id: Any = None, q: str | None = None, commit: bool | None = None, **kwargs: Any) -> str:
        if id is None and q is None:
            raise ValueError('You must specify "id" or "q".')
        alone = commit and self._nothing_written_yet()
        if id is not None:
            writer.delete_ids(self.session, [id] if isinstance(id, str) else list(id))
        if q is not None:
            plan = self._plan({"q": q, "rows": 0})
            writer.delete_where(self.session, plan.where, plan.params)
        if alone:
            self.session.commit()
        return ""

    def _nothing_written_yet(self) -> bool:
        """Whether the session's transaction has not written anything (then
        no dataset write is in progress that would commit this change)."""
        return bool(self.session.execute(sa.text("SELECT pg_current_xact_id_if_assigned() IS NULL")).scalar())

    def commit(self, **kwargs: Any) -> str:
        self.session.commit()
        return ""

    def optimize(self, **kwargs: Any) -> str:
        return ""

    def ping(self, **kwargs: Any) -> str:
        self.session.execute(sa.text("SELECT 1 FROM simore_search_doc LIMIT 1"))
        return "{}"

    # -- searching ----------------------------------------------------------

    def search(self, q: str | None = None, search_handler: str | None = None, **kwargs: Any) -> pysolr.Results:
        params = dict(kwargs)
        if q is not None:
            params["q"] = q
        plan = self._plan(params)
        if self.remembered is not None and self._nothing_written_yet():
            # between two changes of the records a search has the same
            # answer (Solr keeps it in its query result cache); a session
            # with writes of its own must see them, and is never answered so
            response = self.remembered([params, self.languages], lambda: self._answer(plan))
        else:
            response = self._answer(plan)
        if self.decode_dates:  # after the cache, which keeps JSON
            response["response"]["docs"] = [_decoded(doc) for doc in response["response"]["docs"]]
        return pysolr.Results(response)

    def _answer(self, plan: translate.SearchPlan) -> dict[str, Any]:
        started = time.monotonic()
        session = self.session
        # A savepoint, so that a failing search leaves the caller's
        # transaction usable, and planner settings for the searches only.
        session.execute(sa.text(f"SAVEPOINT {_SAVEPOINT}; {_SEARCH_SETTINGS} {self.timeout}"))
        try:
            hits, docs, facet_fields = self._run(session, plan)
        except sa_exc.DBAPIError as error:
            session.execute(sa.text(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}"))
            raise _search_error(error) from error
        session.execute(sa.text(f"{_RESET_SETTINGS} RESET statement_timeout; RELEASE SAVEPOINT {_SAVEPOINT}"))
        response: dict[str, Any] = {
            "responseHeader": {"status": 0, "QTime": int((time.monotonic() - started) * 1000)},
            "response": {"numFound": hits, "start": plan.start, "docs": docs},
        }
        if facet_fields is not None:
            response["facet_counts"] = {
                "facet_queries": {},
                "facet_fields": facet_fields,
                "facet_ranges": {},
                "facet_intervals": {},
                "facet_heatmaps": {},
            }
        return response

    def _plan(self, params: dict[str, Any]) -> translate.SearchPlan:
        try:
            return translate.plan_search(params, self.languages, limits=self.limits)
        except UnsupportedQueryError as error:
            from ckan.lib.search.common import SearchQueryError

            raise SearchQueryError(str(error)) from error
        except QuerySyntaxError as error:
            # what Solr answers to a malformed query (HTTP 400), which CKAN
            # turns into its own errors (e.g. 'Invalid "sort" parameter')
            raise pysolr.SolrError(f"org.apache.solr.search.SyntaxError: {error}") from error

    def _run(self, session: Any, plan: translate.SearchPlan) -> tuple[int, list[dict[str, Any]], Any]:
        hits: int | None = None
        counts: list[tuple[str, str, int]] = []
        docs: list[dict[str, Any]] | None = None
        request = plan.facets
        if plan.partition is not None and facets.precountable(request, plan.partition):
            # a whole-partition query: total and facets from the kept counts
            sql, params = facets.precomputed_sql(plan.partition, request.fields if request else [])
            rows = session.execute(sa.text(sql), params).all()
            hits = sum(int(row.n) for row in rows if row.field == facets.TOTAL)
            counts = [(row.field, row.value, row.n) for row in rows if row.field != facets.TOTAL]
        elif request:
            # one pass over the matches: facet counts and their number
            sql, params = facets.live_sql(plan.where, plan.params, request.fields)
            if plan.rows > 0 and self._nothing_written_yet():
                # counting and ranking are the two costly halves: they run at
                # once, the counts on a connection of their own (the session
                # has written nothing, so both see the same committed data)
                counting = _COUNTERS.submit(_count_apart, sql, params, self.timeout)
                docs = self._page(session, plan)
                rows = counting.result()
            else:
                rows = session.execute(sa.text(sql), params).all()
                docs = self._page(session, plan) if plan.rows > 0 else []
            counts = facets.split_tokens(rows, request.fields)
            hits = sum(int(n) for name, _, n in counts if name == facets.TOTAL)
            counts = [count for count in counts if count[0] != facets.TOTAL]
        if docs is None:
            docs = self._page(session, plan) if plan.rows > 0 else []
        if hits is None:
            hits = session.execute(
                sa.text(f"SELECT count(*) FROM simore_search_doc d WHERE {plan.where}"), plan.params
            ).scalar()
        facet_fields = None
        if request:
            zero: list[tuple[str, str]] = []
            if request.mincount == 0:
                sql, params = facets.all_values_sql(request.fields)
                zero = [(row.field, row.value) for row in session.execute(sa.text(sql), params)]
            facet_fields = facets.solr_facet_fields(request, counts, zero)
        return int(hits), docs, facet_fields

    def _page(self, session: Any, plan: translate.SearchPlan) -> list[dict[str, Any]]:
        score = plan.score if plan.score is not None else "1.0"
        join = " JOIN simore_search_stored s ON s.index_id = d.index_id" if plan.order_needs_stored else ""
        params = dict(plan.params, page_rows=plan.rows, page_start=plan.start)
        rows = session.execute(
            sa.text(
                f"SELECT d.index_id, ({score}) AS score FROM simore_search_doc d{join} "
                f"WHERE {plan.where} ORDER BY {', '.join(plan.order)} "
                "LIMIT :page_rows OFFSET :page_start"
            ),
            params,
        ).all()
        stored = self._stored(session, [row.index_id for row in rows])
        docs = []
        for row in rows:
            doc = self._shape(stored.get(row.index_id, {}), plan)
            if plan.with_score:
                doc["score"] = float(row.score)
            docs.append(doc)
        return docs

    def _stored(self, session: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        rows = session.execute(
            sa.text("SELECT index_id, doc FROM simore_search_stored WHERE index_id = ANY(:ids)"), {"ids": ids}
        ).all()
        return {row.index_id: row.doc for row in rows}

    def _shape(self, stored: dict[str, Any], plan: translate.SearchPlan) -> dict[str, Any]:
        names = plan.fields if plan.fields is not None else list(stored)
        doc = {}
        for name in names:
            if name in stored and schema.is_stored(name):
                doc[name] = stored[name]
        return doc


_COUNTERS = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="simore-search")


def _count_apart(sql: str, params: dict[str, Any], timeout: str) -> list[Any]:
    """Facet counts on a pooled connection of their own."""
    from ckan import model

    with model.meta.engine.begin() as connection:
        connection.execute(sa.text(f"{_SEARCH_SETTINGS} {timeout}"))
        return connection.execute(sa.text(sql), params).all()


def _search_error(error: sa_exc.DBAPIError) -> Exception:
    """The error CKAN reports for a failed search, without the SQL or the
    database's message (they go to the log)."""
    from ckan.lib.search.common import SearchError

    log.warning("PostgreSQL search failed: %s", error.orig)
    if getattr(error.orig, "pgcode", None) == _QUERY_CANCELED:
        return SearchError("The search took too long and was stopped; narrow it down (fewer words or filters)")
    return SearchError("The search could not be run; check its values and sizes")


_QUERY_CANCELED = "57014"


def _decoded(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        name: _decode_date(value) if schema.field(name).kind is schema.Kind.DATE else value
        for name, value in doc.items()
    }


def _decode_date(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        parsed = datemath.parse_date(value)
    except datemath.DateMathError:
        return value
    return parsed.replace(tzinfo=None, microsecond=0) if isinstance(parsed, dt.datetime) else value
