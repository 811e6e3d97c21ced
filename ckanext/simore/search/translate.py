"""Solr search parameters translated into SQL over the index tables.

Pure: imports nothing from CKAN. ``plan_search`` reads the parameters CKAN
(or an extension) passes to ``conn.search`` and returns a :class:`SearchPlan`
holding SQL fragments with ``:pN`` bind parameters; the connection runs them.
Aliases: ``d`` is ``simore_search_doc``, ``s`` is ``simore_search_stored``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ckanext.simore.search import documents, lucene
from ckanext.simore.search import fields as schema
from ckanext.simore.search.conditions import ConditionCompiler, Params
from ckanext.simore.search.fields import Kind
from ckanext.simore.search.lucene import MUST, MUST_NOT, SHOULD, QuerySyntaxError, UnsupportedQueryError

# Parameters Solr would honour but this backend does not answer: refusing
# them is better than silently returning something else.
UNSUPPORTED_PARAMETERS = {
    "bf": "boost functions",
    "bq": "boost queries",
    "boost": "boost functions",
    "pf": "phrase boosting",
    "pf2": "phrase boosting",
    "pf3": "phrase boosting",
    "ps": "phrase slop",
    "qs": "query slop",
    "cursorMark": "cursors",
    "group": "result grouping",
    "hl": "highlighting",
    "stats": "statistics",
    "spellcheck": "spellchecking",
    "facet.query": "facet queries",
    "facet.range": "range facets",
    "facet.pivot": "pivot facets",
    "facet.prefix": "facet prefixes",
    "facet.offset": "facet offsets",
    "facet.missing": "missing-value facets",
    "facet.method": "facet methods",
    "facet.contains": "facet filters",
    "facet.interval": "interval facets",
    "mlt": "more-like-this",
    "expand": "collapse/expand",
    "debugQuery": "debugging",
    "debug": "debugging",
    "timeAllowed": "time limits",
    "rq": "re-ranking",
}
IGNORED_PARAMETERS = {
    "wt",
    "indent",
    "echoParams",
    "omitHeader",
    "version",
    "json.nl",
    "fq_list",
    "extras",
    "facet.sort",
    "q.alt",
}


@dataclasses.dataclass
class FacetRequest:
    fields: list[str]
    limit: int
    mincount: int
    sort: str  # "count" or "index"


@dataclasses.dataclass
class Partition:
    """A query that only selects whole partitions of the index (site, type,
    state, capacity, permission labels), or in them the documents holding
    one value of a pivot field (``pivot``: its facet token): its facet
    counts are precomputed."""

    values: dict[str, set[str]]
    label_sets: list[set[str]]
    pivot: str | None = None


@dataclasses.dataclass
class SearchPlan:
    where: str
    score: str | None
    order: list[str]
    order_needs_stored: bool
    rows: int
    start: int
    fields: list[str] | None  # None: every stored field
    with_score: bool
    facets: FacetRequest | None
    partition: Partition | None
    params: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Limits:
    """Bounds of one search (the portal's configuration sets them)."""

    max_terms: int | None = None
    max_start: int | None = None


def plan_search(
    params: Mapping[str, Any], languages: Iterable[str], now: dt.datetime | None = None, limits: Limits = Limits()
) -> SearchPlan:
    request = _Request(params)
    for name in request.names():
        base = name[2:].split(".", 1)[1] if name.startswith("f.") and name.count(".") >= 2 else name
        feature = UNSUPPORTED_PARAMETERS.get(name) or UNSUPPORTED_PARAMETERS.get(base)
        if feature and request.get(name) not in (None, "", [], "false", False):
            raise UnsupportedQueryError(f"The PostgreSQL search backend does not support {feature} ({name})")
        if name.startswith("f.") and name.count(".") >= 2:
            raise UnsupportedQueryError(f"Per-field parameters are not supported ({name})")

    binds = Params()
    compiler = ConditionCompiler(binds, languages, now)
    default_operator = str(request.get("q.op") or "OR").upper()
    default_field = request.get("df") or "text"

    q_model = _parse_q(request, default_field, default_operator)
    fq_models = [
        _parse_query(fq, "lucene", request, default_field, default_operator)
        for fq in request.all("fq")
        if fq and fq.strip()
    ]
    if limits.max_terms is not None:
        terms = count_terms([q_model, *fq_models])
        if terms > limits.max_terms:
            raise TooManyTerms(f"too many terms in the search ({terms}; at most {limits.max_terms})")

    conditions = []
    q_sql = compiler.compile(q_model)
    conditions.append(q_sql.cond if q_sql else "FALSE")
    for model in fq_models:
        compiled = compiler.compile(model)
        conditions.append(compiled.cond if compiled else "FALSE")
    where = " AND ".join(f"({cond})" for cond in conditions if cond != "TRUE") or "TRUE"
    score = q_sql.score if q_sql else None

    order, needs_stored = _order(request.get("sort"), score, compiler)
    fields, with_score = _fields(request.get("fl"))
    return SearchPlan(
        where=where,
        score=score,
        order=order,
        order_needs_stored=needs_stored,
        rows=_int(request.get("rows"), 10, "rows", MAX_BIGINT),
        start=_int(request.get("start"), 0, "start", min(limits.max_start or MAX_BIGINT, MAX_BIGINT)),
        fields=fields,
        with_score=with_score,
        facets=_facets(request),
        partition=partition_of(q_model, fq_models),
        params=binds.values,
    )


class _Request:
    """Solr parameters, single- or multi-valued."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        getlist = getattr(params, "getlist", None)
        self._values: dict[str, list[Any]] = {}
        for key in params.keys():
            values = getlist(key) if getlist else params[key]
            if not isinstance(values, (list, tuple)):
                values = [values]
            self._values[key] = [value for value in values if value is not None]

    def names(self) -> list[str]:
        return list(self._values)

    def get(self, name: str) -> Any:
        values = self._values.get(name) or [None]
        return values[0]

    def all(self, name: str) -> list[Any]:
        values: list[Any] = []
        for value in self._values.get(name, []):
            if isinstance(value, (list, tuple)):
                values.extend(value)
            else:
                values.append(value)
        return values


def _parse_q(request: _Request, default_field: str, default_operator: str) -> lucene.Query:
    q = request.get("q")
    if q is None or not str(q).strip():
        q = "*:*"
    def_type = (request.get("defType") or "lucene").lower()
    return _parse_query(str(q), def_type, request, default_field, default_operator)


# Query parsers this backend answers, by Solr name (also in local params).
PARSERS = ("lucene", "dismax", "edismax", "bool")


def _parse_query(text: str, parser: str, request: _Request, default_field: str, default_operator: str) -> lucene.Query:
    """A query string with its parser: the request's defType (or lucene for
    fq), unless local parameters ({!type ...}) name another."""
    local = lucene.split_local_params(text)
    options: dict[str, Any] = {
        "df": default_field,
        "q.op": default_operator,
        "qf": request.get("qf"),
        "mm": request.get("mm"),
        "tie": request.get("tie"),
    }
    if local is not None:
        params, rest = local
        values = {key: [_dereference(value, request) for value in found] for key, found in params.items()}
        parser = (values.get("type") or [parser])[0].lower()
        for key in ("df", "q.op", "qf", "mm", "tie"):
            if key in values:
                options[key] = values[key][0]
        text = values["v"][0] if "v" in values else rest
        if parser == "bool":
            clauses = []
            for key, occur in (("must", MUST), ("filter", MUST), ("should", SHOULD), ("must_not", MUST_NOT)):
                for value in values.get(key, []):
                    clauses.append((occur, _parse_query(value, "lucene", request, options["df"], options["q.op"])))
            return lucene.Bool(clauses)
    if parser not in PARSERS:
        raise UnsupportedQueryError(f"Query parser {parser!r} is not supported by the PostgreSQL search backend")
    default_field, default_operator = options["df"] or "text", str(options["q.op"] or "OR").upper()
    if parser in ("dismax", "edismax"):
        dismax = lucene.DismaxOptions(
            fields=lucene.parse_boost_fields(options["qf"] or default_field),
            min_match=options["mm"],
            tie=lucene.finite_number(options["tie"] or 0.0, "tie"),
        )
        if text.strip() == "*:*":
            return lucene.MatchAll()
        if parser == "dismax":
            return lucene.parse_dismax(text, dismax, default_operator)
        return lucene.parse_standard(text, default_field, default_operator, dismax=dismax)
    if parser == "bool":
        raise QuerySyntaxError("The bool query parser takes its clauses from local parameters")
    if not text.strip():
        return lucene.Bool([])
    return lucene.parse_standard(text, default_field, default_operator)


def _dereference(value: str, request: _Request) -> str:
    """``$name`` in local parameters: the value of request parameter name."""
    if value.startswith("$") and len(value) > 1:
        found = request.get(value[1:])
        if found is None:
            raise QuerySyntaxError(f"Missing parameter {value[1:]!r} referenced in local parameters")
        return str(found)
    return value


def _int(value: Any, default: int, name: str, maximum: int | None = None) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise QuerySyntaxError(f"Invalid {name}: {value!r}") from None
    if number < 0:
        raise QuerySyntaxError(f"{name} must not be negative")
    if maximum is not None and number > maximum:
        raise UnsupportedQueryError(f"{name} must be at most {maximum}")
    return number


# What PostgreSQL's LIMIT and OFFSET can hold.
MAX_BIGINT = 2**63 - 1


class TooManyTerms(UnsupportedQueryError):
    """More terms than the portal allows in one search."""


def count_terms(models: list[lucene.Query]) -> int:
    """The leaves (words, phrases, ranges, ...) of query models; iterative,
    as a query can nest deeper than Python's recursion limit."""
    count, stack = 0, list(models)
    while stack:
        model = stack.pop()
        if isinstance(model, lucene.Bool):
            stack.extend(query for _, query in model.clauses)
        elif not isinstance(model, lucene.MatchAll):
            count += 1
    return count


def _fields(fl: Any) -> tuple[list[str] | None, bool]:
    if not fl:
        return None, False
    if isinstance(fl, (list, tuple)):
        fl = ",".join(fl)
    names = [name for name in str(fl).replace(",", " ").split() if name]
    with_score = "score" in names
    names = [name for name in names if name != "score"]
    if not names or "*" in names:
        return (None if "*" in names or not with_score else []), with_score
    return names, with_score


def _facets(request: _Request) -> FacetRequest | None:
    enabled = request.get("facet")
    if str(enabled).lower() not in ("true", "on", "1"):
        return None
    fields = [str(name) for name in request.all("facet.field")]
    if not fields:
        return None
    for name in fields:
        if name.startswith("{!"):
            raise UnsupportedQueryError("Local parameters in facet.field are not supported")
        spec = schema.field(name)
        if spec.kind is not Kind.STRING:
            raise UnsupportedQueryError(
                f"Faceting on {name} ({spec.kind.value} field) is not supported: facet on string fields"
            )
    try:
        limit = int(request.get("facet.limit") if request.get("facet.limit") not in (None, "") else 100)
        mincount = int(request.get("facet.mincount") or 0)
    except (TypeError, ValueError, OverflowError):
        raise QuerySyntaxError("Invalid facet.limit or facet.mincount") from None
    sort = str(request.get("facet.sort") or ("count" if limit > 0 else "index")).lower()
    sort = {"true": "count", "false": "index"}.get(sort, sort)
    if sort not in ("count", "index"):
        raise QuerySyntaxError(f"Invalid facet.sort: {sort!r}")
    return FacetRequest(fields=list(dict.fromkeys(fields)), limit=limit, mincount=mincount, sort=sort)


def _order(sort: Any, score: str | None, compiler: ConditionCompiler) -> tuple[list[str], bool]:
    if not sort or not str(sort).strip():
        sort = "score desc"
    order: list[str] = []
    needs_stored = False
    for item in str(sort).split(","):
        parts = item.split()
        if not parts:
            continue
        if len(parts) != 2 or parts[1].lower() not in ("asc", "desc"):
            raise QuerySyntaxError(f"Can't determine a Sort Order (asc or desc) in sort spec {item.strip()!r}")
        name, direction = parts[0], parts[1].upper()
        if name == "score":
            if score is not None:
                order.append(f"({score}) {direction}")
            continue
        expression, nulls, stored = compiler.sort_expression(name)
        needs_stored = needs_stored or stored
        order.append(f"{expression} {direction} {nulls}")
    order.append("d.seq ASC")  # Solr breaks ties by index order
    return order, needs_stored


# -- partitions (precomputed facet counts) ---------------------------------


PARTITION_FIELDS = ("site_id", "dataset_type", "state", "capacity")
# Fields whose single values have their own kept counts (the triggers of
# migration 004 name the same fields).
PIVOT_FIELDS = ("mechanism", "institutions", "upr_cycle")


def partition_of(q_model: lucene.Query, fq_models: list[lucene.Query]) -> Partition | None:
    """The partition a query selects, if it selects nothing finer than a
    partition and one value of a pivot field."""
    if not _is_match_all(q_model):
        return None
    values: dict[str, set[str]] = {}
    label_sets: list[set[str]] = []
    pivots: set[str] = set()
    for model in fq_models:
        constraints = _constraints(model)
        if constraints is None:
            return None
        for field_name, allowed in constraints:
            if field_name in PIVOT_FIELDS:
                if len(allowed) != 1:
                    return None  # one of several values: not one kept count
                value = next(iter(allowed))
                if len(value) > documents.MAX_TERM_CHARS:
                    return None  # matched by digest: no facet token to count under
                pivots.add(f"{field_name}={value}")  # as the document's facet token
            elif field_name == "permission_labels":
                label_sets.append(allowed)
            elif field_name == "entity_type":
                if "package" not in allowed:
                    return None
            elif field_name in values:
                values[field_name] &= allowed
            else:
                values[field_name] = set(allowed)
    if len(pivots) > 1:
        return None  # the documents holding two pivot values: not one kept count
    return Partition(values, label_sets, pivots.pop() if pivots else None)


def _is_match_all(model: lucene.Query) -> bool:
    if isinstance(model, lucene.MatchAll):
        return True
    return (
        isinstance(model, lucene.Bool)
        and bool(model.clauses)
        and all(occur == MUST and _is_match_all(sub) for occur, sub in model.clauses)
    )


def _constraints(model: lucene.Query) -> list[tuple[str, set[str]]] | None:
    if isinstance(model, lucene.MatchAll):
        return []
    if isinstance(model, lucene.Term):
        if model.field in PARTITION_FIELDS + PIVOT_FIELDS + ("permission_labels", "entity_type"):
            return [(model.field, {model.value})]
        return None
    if isinstance(model, lucene.Bool):
        occurs = {occur for occur, _ in model.clauses}
        if occurs == {MUST}:
            merged: list[tuple[str, set[str]]] = []
            for _, sub in model.clauses:
                found = _constraints(sub)
                if found is None:
                    return None
                merged.extend(found)
            return merged
        if occurs == {SHOULD} and model.min_should <= 1:
            subs = [_constraints(sub) for _, sub in model.clauses]
            if any(found is None or len(found) != 1 for found in subs):
                return None
            names = {found[0][0] for found in subs}
            if len(names) != 1:
                return None
            return [(names.pop(), set().union(*(found[0][1] for found in subs)))]
    return None


# -- conditions ------------------------------------------------------------
