"""Readable renderings of search plans, for the golden-query tests."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ckanext.simore.search import translate

LANGUAGES = ("es", "en", "fr")
NOW = dt.datetime(2026, 11, 23, 12, 30, 0, tzinfo=dt.timezone.utc)


def literal(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, (list, tuple)):
        return "ARRAY[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, dt.datetime):
        return "'" + value.isoformat() + "'"
    return repr(value)


def inline(sql: str | None, params: dict[str, Any]) -> str | None:
    if sql is None:
        return None
    for name in sorted(params, key=len, reverse=True):
        sql = sql.replace(":" + name, literal(params[name]))
    return sql


def render(params: dict[str, Any]) -> dict[str, Any]:
    """The plan of a search request, with bind parameters inlined."""
    plan = translate.plan_search(params, LANGUAGES, now=NOW)
    partition = None
    if plan.partition is not None:
        partition = {
            "values": {name: sorted(values) for name, values in sorted(plan.partition.values.items())},
            "label_sets": [sorted(labels) for labels in plan.partition.label_sets],
        }
        if plan.partition.pivot is not None:
            partition["pivot"] = plan.partition.pivot
    facets = None
    if plan.facets is not None:
        facets = {
            "fields": plan.facets.fields,
            "limit": plan.facets.limit,
            "mincount": plan.facets.mincount,
            "sort": plan.facets.sort,
        }
    return {
        "where": inline(plan.where, plan.params),
        "score": inline(plan.score, plan.params),
        "order": [inline(item, plan.params) for item in plan.order],
        "rows": plan.rows,
        "start": plan.start,
        "fields": plan.fields,
        "with_score": plan.with_score,
        "facets": facets,
        "partition": partition,
    }


def dump(entries: list[dict[str, Any]]) -> str:
    return json.dumps(entries, indent=1, sort_keys=True, ensure_ascii=False)


def request_of(entry: dict[str, Any]) -> dict[str, Any]:
    """The search request of a captured call (a delete searches by q)."""
    params = dict(entry["params"])
    if entry["kind"] == "delete":
        return {"q": params["q"], "rows": 0}
    return params


def merge(captures: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Captured calls of several CKAN versions, deduplicated, with their
    expected plans."""
    merged: dict[str, dict[str, Any]] = {}
    for calls in captures:
        for call in calls:
            key = json.dumps([call["kind"], call["params"]], sort_keys=True)
            entry = merged.setdefault(
                key, {"kind": call["kind"], "source": call["source"], "params": call["params"], "ckan": []}
            )
            if call["ckan"] not in entry["ckan"]:
                entry["ckan"].append(call["ckan"])
    entries = list(merged.values())
    for entry in entries:
        entry["expected"] = render(request_of(entry))
    return entries


if __name__ == "__main__":
    # python tests/search/golden.py OUT.json CAPTURE.json [CAPTURE.json...]
    # (captures from capture_ckan_queries.py); or with OUT.json alone,
    # recompute the expected plans of an existing file after a reviewed change.
    import sys

    out, inputs = sys.argv[1], sys.argv[2:]
    if inputs:
        captured = [json.load(open(path, encoding="utf-8")) for path in inputs]
    else:
        captured = [
            [dict(entry, ckan=version) for version in entry["ckan"]] for entry in json.load(open(out, encoding="utf-8"))
        ]
    result = merge(captured)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(dump(result) + "\n")
    print(f"{len(result)} entries in {out}")
