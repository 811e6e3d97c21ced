"""Facet counts: counted over the matching rows, or read from the
trigger-maintained counts when a query selects whole partitions (the
unfiltered pages, where counting would scan the corpus) or, in them, one
value of a pivot field (a mechanism's or an institution's recommendations).

The SQL builders and the shaping into Solr's response are pure; the
connection runs the statements.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ckanext.simore.search import fields as schema
from ckanext.simore.search.conditions import Params
from ckanext.simore.search.translate import FacetRequest, Partition

TOTAL = ""  # the field name of the document count (token "=")
# The fields counted under each pivot value (migration 004's triggers name
# the same): what the statistics and the dashboards count.
PIVOT_COUNTED_FIELDS = (
    TOTAL,
    "implementation_status",
    "mechanism",
    "institutions",
    "upr_cycle",
    "themes",
    "affected_persons",
    "sdg_goals",
    "publication_year",
    "status_flow",
)


def precountable(request: FacetRequest | None, partition: Partition) -> bool:
    """Whether every requested facet is in the precomputed counts."""
    if request is None:
        return True
    if partition.pivot is not None:
        return request.mincount >= 1 and all(name in PIVOT_COUNTED_FIELDS for name in request.fields)
    return request.mincount >= 1 and all(name not in schema.NOT_PRECOUNTED for name in request.fields)


def precomputed_sql(partition: Partition, fields: Iterable[str]) -> tuple[str, dict[str, Any]]:
    """Counts per (field, value) of a partition (of its documents holding
    the pivot value), the total under field ''."""
    p = Params()
    conditions = [f"c.field = ANY(CAST({p(list(fields) + [TOTAL])} AS text[]))"]
    table = "simore_search_facet_count"
    if partition.pivot is not None:
        table = "simore_search_pivot_count"
        conditions.insert(0, f"c.pivot = {p(partition.pivot)}")
    for name, allowed in sorted(partition.values.items()):
        conditions.append(f"c.{name} = ANY(CAST({p(sorted(allowed))} AS text[]))")
    for labels in partition.label_sets:
        conditions.append(f"c.labels && CAST({p(sorted(labels))} AS text[])")
    sql = (
        f"SELECT c.field, c.value, sum(c.n) AS n FROM {table} c "
        f"WHERE {' AND '.join(conditions)} GROUP BY c.field, c.value HAVING sum(c.n) > 0"
    )
    return sql, p.values


def live_sql(where: str, params: dict[str, Any], fields: list[str]) -> tuple[str, dict[str, Any]]:
    """Counts per (field, value) over the rows matching ``where``. The
    tokens are grouped whole (``field=value``) and split by the caller: the
    grouping is the cost, and string work per token only adds to it."""
    from_stored = [name for name in fields if name in schema.NOT_PRECOUNTED]
    params = dict(params)
    parts = [
        "SELECT t AS token, count(*) AS n FROM "
        f"(SELECT unnest(d.facets) AS t FROM simore_search_doc d WHERE {where}) AS tokens GROUP BY t"
    ]
    for index, name in enumerate(from_stored):
        key = f"facet_stored_{index}"
        params[key] = name
        value = f"s.doc->:{key}"
        parts.append(
            f"SELECT CAST(:{key} AS text) || '=' || v, count(*) FROM simore_search_doc d "
            "JOIN simore_search_stored s ON s.index_id = d.index_id "
            f"CROSS JOIN LATERAL jsonb_array_elements_text(CASE jsonb_typeof({value}) "
            f"WHEN 'array' THEN {value} WHEN 'string' THEN jsonb_build_array({value}) "
            f"ELSE '[]'::jsonb END) AS v WHERE {where} GROUP BY v"
        )
    return " UNION ALL ".join(parts), params


def split_tokens(rows: Iterable[tuple[str, int]], fields: Iterable[str]) -> list[tuple[str, str, int]]:
    """(field, value, count) of the requested fields from token counts."""
    wanted = set(fields) | {TOTAL}
    counts = []
    for token, n in rows:
        field, _, value = token.partition("=")
        if field in wanted:
            counts.append((field, value, n))
    return counts


def all_values_sql(fields: list[str]) -> tuple[str, dict[str, Any]]:
    """Every value of the fields in the whole index (facet.mincount=0)."""
    return (
        "SELECT DISTINCT split_part(t, '=', 1) AS field, substr(t, strpos(t, '=') + 1) AS value "
        "FROM simore_search_doc d CROSS JOIN LATERAL unnest(d.facets) AS t "
        "WHERE split_part(t, '=', 1) = ANY(:fields)",
        {"fields": fields},
    )


def solr_facet_fields(
    request: FacetRequest, counts: Iterable[tuple[str, str, int]], zero_values: Iterable[tuple[str, str]] = ()
) -> dict[str, list[Any]]:
    """Counts shaped as Solr's ``facet_fields``: {field: [v1, c1, v2, c2]}."""
    by_field: dict[str, dict[str, int]] = {name: {} for name in request.fields}
    for name, value, n in counts:
        if name in by_field:
            by_field[name][value] = by_field[name].get(value, 0) + int(n)
    for name, value in zero_values:
        if name in by_field:
            by_field[name].setdefault(value, 0)
    shaped: dict[str, list[Any]] = {}
    for name, values in by_field.items():
        items = [(value, n) for value, n in values.items() if n >= request.mincount]
        if request.sort == "count":
            items.sort(key=lambda item: (-item[1], item[0]))
        else:
            items.sort(key=lambda item: item[0])
        if request.limit >= 0:
            items = items[: request.limit]
        shaped[name] = [element for item in items for element in item]
    return shaped
