"""Search backend benchmark: loads N recommendation-like documents into the
PostgreSQL index and prints p50/p95 latencies of the searches a portal makes.

    python bench/search.py bench/bench.ini --docs 50000 --data CSV

Run through ``make bench-search [DOCS=...]`` (scripts/bench-search), which
creates the ``simore_bench`` database first. Texts come from the UPR Info
extract (test data, read in place, never copied); facet values follow the
portal's vocabularies with realistic skew. Documents are shaped like CKAN's
``index_package`` output and go through the connection's bulk ``add`` (a
package_create per document would take hours); the queries go through
CKAN's own ``package_search`` and ``package_autocomplete`` actions.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

SESSION_YEARS = {
    1: 2008,
    2: 2008,
    3: 2008,
    4: 2009,
    5: 2009,
    6: 2009,
    7: 2010,
    8: 2010,
    9: 2010,
    10: 2011,
    11: 2011,
    12: 2011,
    13: 2012,
    14: 2012,
    15: 2013,
    16: 2013,
    17: 2013,
    18: 2014,
    19: 2014,
    20: 2014,
}
MECHANISMS = ["UPR"] * 12 + [
    "CCPR",
    "CESCR",
    "CEDAW",
    "CRC",
    "CAT",
    "CERD",
    "CRPD",
    "CMW",
    "CED",
    "SR-TORTURE",
    "SR-EDUCATION",
    "SR-HRD",
    "WGAD",
]
STATUSES = ["not_started"] * 3 + ["in_progress"] * 4 + ["partially_implemented"] * 2 + ["implemented"]
POSITIONS = {"Accepted": "supported", "Noted": "noted", "Voluntary Pledge": "voluntary_pledge"}
INSTITUTIONS = [f"institution-{number:02d}" for number in range(1, 61)]
TEXT_QUERIES = [
    "torture",
    "women's rights",
    "discrimination",
    "death penalty",
    "education",
    "migrants",
    "ratify the convention",
    "freedom of expression",
    "children",
    "journalists",
    "tortura",
    "discriminación",
]
AUTOCOMPLETE = ["tort", "wom", "edu", "pen", "mig", "rat", "chi", "jus"]
SITE_ID = "default"


def vocabulary(name: str) -> list[dict[str, Any]]:
    import ckanext.simore

    path = Path(ckanext.simore.__file__).parent / "vocabularies" / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["terms"]


def by_upr_info_issue(terms: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The terms each UPR Info issue label maps to (the vocabularies' aliases)."""
    mapping: dict[str, list[dict[str, Any]]] = {}
    for term in terms:
        for issue in (term.get("aliases") or {}).get("upr_info", []):
            mapping.setdefault(issue, []).append(term)
    return mapping


def pick(key: str, choices: list[str], count: int = 1) -> list[str]:
    """Deterministic choices: the same key always maps to the same codes."""
    digest = int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16)
    return sorted({choices[(digest >> (8 * index)) % len(choices)] for index in range(count)})


def documents(csv_path: Path, total: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    theme_terms, person_terms = vocabulary("themes"), vocabulary("affected_persons")
    themes_of, persons_of = by_upr_info_issue(theme_terms), by_upr_info_issue(person_terms)
    goals = [str(term["code"]) for term in vocabulary("sdg_goals")]
    labels_of = {term["code"]: term["label"] for term in theme_terms + person_terms}
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(INSTITUTIONS))]  # Zipf-like
    base = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    for number in range(total):
        row = rows[number % len(rows)]
        issues = [issue.strip() for issue in row["Issue"].split(",") if issue.strip()] or ["Other"]
        session = int(row["Session"] or 1)
        mechanism = rng.choice(MECHANISMS)
        private = rng.random() < 0.05
        owner = rng.choice(INSTITUTIONS[:10])
        dataset_id = str(uuid.UUID(int=rng.getrandbits(128)))
        name = f"rec-{number:07d}"
        title = f"{row['To']} {session}.{number % 200} — {row['Text'][:60]}"
        created = base + dt.timedelta(minutes=number)
        doc_themes = sorted(
            {term["code"] for issue in issues for term in themes_of.get(issue, [])}
            or pick(issues[0], [term["code"] for term in theme_terms])
        )
        doc_persons = sorted({term["code"] for issue in issues for term in persons_of.get(issue, [])})
        doc_goals = sorted({code for issue in issues for code in pick("g" + issue, goals)})
        fields = {
            "mechanism": [mechanism],
            "record_type": ["recommendation"],
            "country": [row["To"]],
            "upr_cycle": ["1" if session <= 12 else "2"] if mechanism == "UPR" else [],
            "upr_position": [POSITIONS.get(row["Response"], "noted")] if mechanism == "UPR" else [],
            "themes": doc_themes,
            "affected_persons": doc_persons,
            "sdg_goals": doc_goals,
            "sdg_targets": [f"{goal}.{1 + number % 5}" for goal in doc_goals],
            "institutions": sorted(set(rng.choices(INSTITUTIONS, weights, k=rng.randint(1, 3)))),
            "implementation_status": [rng.choice(STATUSES)],
            "publication_year": [str(SESSION_YEARS.get(session, 2014))],
        }
        # the English text is real; Spanish and French carry it too, as
        # stand-ins of the same length for the translations; every language
        # gets the vocabulary labels, as indexing.before_dataset_index does
        texts = {
            lang: [row["Text"]]
            + [labels_of[code][lang] for code in doc_themes + doc_persons if lang in labels_of.get(code, {})]
            for lang in ("es", "en", "fr")
        }
        dataset = {
            "id": dataset_id,
            "name": name,
            "title": title,
            "type": "recommendation",
            "state": "active",
            "private": private,
            "owner_org": owner,
            "notes": None,
            "metadata_created": created.isoformat()[:-6],
            "metadata_modified": created.isoformat()[:-6],
            "text_translated": {lang: values[0] for lang, values in texts.items()},
            "recommending_states": [row["From"]],
            "session": str(session),
            **{key: value for key, value in fields.items()},
            "resources": [],
            "tags": [],
            "groups": [],
            "extras": [],
            "organization": {"name": owner, "title": owner.replace("-", " ").title()},
        }
        labels = [f"member-{owner}"] if private else ["public"]
        doc = {
            "id": dataset_id,
            "index_id": hashlib.md5((dataset_id + SITE_ID).encode()).hexdigest(),
            "site_id": SITE_ID,
            "entity_type": "package",
            "dataset_type": "recommendation",
            "type": "recommendation",
            "name": name,
            "title": title,
            "title_string": title,
            "state": "active",
            "private": private,
            "capacity": "private" if private else "public",
            "owner_org": owner,
            "organization": owner,
            "permission_labels": labels,
            "metadata_created": created.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "metadata_modified": created.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "num_resources": 0,
            "num_tags": 0,
            "isopen": False,
            "license_id": None,
            "data_dict": json.dumps(dataset),
            "validated_data_dict": json.dumps(dataset),
            "text_en": texts["en"],
            "text_es": texts["es"],
            "text_fr": texts["fr"],
            "recommending_states": [row["From"]],
            "session": str(session),
            **{key: value for key, value in fields.items() if value},
        }
        yield doc


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timings(calls: list[Callable[[], Any]], repeat: int) -> list[float]:
    for call in calls[:3]:
        call()  # warm-up
    measured = []
    for index in range(repeat):
        started = time.perf_counter()
        calls[index % len(calls)]()
        measured.append((time.perf_counter() - started) * 1000)
    return measured


def measure(name: str, layers: dict[str, list[Callable[[], Any]]], repeat: int) -> dict[str, Any]:
    """p50/p95 of each layer's calls (rotating through them)."""
    result: dict[str, Any] = {"name": name, "runs": repeat}
    line = f"  {name:<44}"
    for layer in ("backend", "package_search"):
        if layer not in layers:
            line += f"  {'-':>7} {'-':>7}"
            continue
        measured = timings(layers[layer], repeat)
        result[layer] = {"p50": statistics.median(measured), "p95": percentile(measured, 0.95)}
        line += f"  {result[layer]['p50']:7.1f} {result[layer]['p95']:7.1f}"
    print(line, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ini")
    parser.add_argument("--docs", type=int, default=50000)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--reload", action="store_true", help="empty the index and load again")
    options = parser.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(options.ini))
    flask_app = app._wsgi_app if hasattr(app, "_wsgi_app") else app.apps["flask_app"]._wsgi_app
    with flask_app.test_request_context():
        run(options)


def run(options: argparse.Namespace) -> None:
    import ckan.lib.search as search_lib
    import sqlalchemy as sa
    from ckan import logic, model
    from ckan.lib.search import common

    conn = common.make_connection()
    session = model.Session
    indexed = session.execute(sa.text("SELECT count(*) FROM simore_search_doc")).scalar()
    if options.reload or indexed != options.docs:
        print(f"Loading {options.docs} documents (index had {indexed})...", flush=True)
        session.execute(sa.text("TRUNCATE simore_search_doc CASCADE"))
        session.commit()
        started, batch = time.perf_counter(), []
        for number, doc in enumerate(documents(options.data, options.docs), 1):
            batch.append(doc)
            if len(batch) == 1000:
                conn.add(batch)
                session.commit()
                batch = []
                if number % 10000 == 0:
                    print(f"  {number} documents, {time.perf_counter() - started:.0f} s", flush=True)
        if batch:
            conn.add(batch)
            session.commit()
        with model.meta.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as admin:
            for table in ("simore_search_doc", "simore_search_stored", "simore_search_facet_count"):
                admin.execute(sa.text(f"VACUUM ANALYZE {table}"))
        elapsed = time.perf_counter() - started
        print(f"Loaded in {elapsed:.0f} s ({options.docs / elapsed:.0f} documents/s)", flush=True)
    size = session.execute(
        sa.text(
            "SELECT pg_size_pretty(pg_total_relation_size('simore_search_doc')"
            " + pg_total_relation_size('simore_search_stored') + pg_total_relation_size('simore_search_facet_count'))"
        )
    ).scalar()
    print(f"Index: {options.docs} documents, {size} on disk", flush=True)

    facets = [
        "mechanism",
        "themes",
        "affected_persons",
        "sdg_goals",
        "institutions",
        "implementation_status",
        "upr_position",
        "publication_year",
    ]
    anonymous = {"ignore_auth": False, "user": ""}

    def action(**params: Any) -> Callable[[], Any]:
        """CKAN's package_search action, as the recommendations page calls it."""
        base = {
            "fq": "+dataset_type:recommendation",
            "rows": 20,
            "facet.field": json.dumps(facets),
            "facet.limit": 50,
            "include_private": True,
            "q.op": "AND",
        }
        base.update(params)
        base.pop("q.op")
        return lambda: logic.get_action("package_search")(dict(anonymous), dict(base))

    def backend(**params: Any) -> Callable[[], Any]:
        """The same search through CKAN's PackageSearchQuery (what calls the
        search connection), without the action's dataset dicts and hooks."""
        query = {
            "fq": "+dataset_type:recommendation +state:(active)",
            "rows": 20,
            "facet.field": facets,
            "facet.limit": 50,
            "fl": "id validated_data_dict",
            "sort": "score desc, metadata_modified desc",
            "df": "text",
        }
        query.update(params)
        if "fq" in params:
            query["fq"] = params["fq"] + " +state:(active)"
        if "start" in params:
            query["start"] = params["start"]
        return lambda: search_lib.query_for(model.Package).run(dict(query), permission_labels=["public"])

    def both(**params: Any) -> dict[str, Callable[[], Any]]:
        return {"backend": backend(**params), "package_search": action(**params)}

    def check(call: Callable[[], Any]) -> None:
        result = call()
        assert result["count"] > 0 and len(result["search_facets"]) == len(facets), result["count"]

    filtered = [
        both(fq=f'+dataset_type:recommendation themes:"{theme}" implementation_status:"{status}"')
        for theme, status in [
            ("equality_non_discrimination", "in_progress"),
            ("discrimination_against_women", "not_started"),
            ("children_general_principles_protection", "implemented"),
            ("reservations", "in_progress"),
        ]
    ] + [
        both(fq=f'+dataset_type:recommendation mechanism:"{mechanism}" publication_year:"{year}"')
        for mechanism, year in [("UPR", "2011"), ("UPR", "2013"), ("CEDAW", "2010")]
    ]
    text = [both(q=q) for q in TEXT_QUERIES]
    first_page = [both()]
    sorted_page = [
        both(sort="title_string asc", start=40),
        both(sort="metadata_modified desc", start=20),
        both(sort="name desc", start=100),
    ]
    for calls in (text[0], filtered[0], first_page[0], sorted_page[0]):
        check(calls["package_search"])

    def layers(calls: list[dict[str, Callable[[], Any]]]) -> dict[str, list[Callable[[], Any]]]:
        return {layer: [call[layer] for call in calls] for layer in ("backend", "package_search")}

    autocomplete = [
        (lambda prefix: lambda: logic.get_action("package_autocomplete")(dict(anonymous), {"q": prefix}))(prefix)  # noqa: B023 (bound by the outer lambda)
        for prefix in AUTOCOMPLETE
    ]
    docs = list(documents(options.data, min(options.docs, 2000), seed=7))
    rng = random.Random(3)

    def reindex() -> None:
        doc = dict(rng.choice(docs))
        doc["metadata_modified"] = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        conn.add([doc], commit=True)
        session.commit()

    print(f"Latency in ms, {options.repeat} runs each (anonymous visitor):", flush=True)
    print(f"  {'':<44}  {'backend':>15}  {'package_search':>15}", flush=True)
    print(f"  {'':<44}  {'p50':>7} {'p95':>7}  {'p50':>7} {'p95':>7}", flush=True)
    results = [
        measure("text query + 8 facets", layers(text), options.repeat),
        measure("filtered query (2 facet filters) + 8 facets", layers(filtered), options.repeat),
        measure("unfiltered first page + 8 facets", layers(first_page), options.repeat),
        measure("sorted page + 8 facets", layers(sorted_page), options.repeat),
        measure("autocomplete (package_autocomplete)", {"package_search": autocomplete}, options.repeat),
        measure("single-document reindex, committed", {"backend": [reindex]}, options.repeat),
    ]
    session.remove()
    out = Path(".cache") / f"bench-search-{options.docs}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"docs": options.docs, "size": size, "results": results}, indent=1))
    print(f"Figures written to {out}")


if __name__ == "__main__":
    sys.exit(main())
