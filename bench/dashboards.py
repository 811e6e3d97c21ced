"""Dashboard benchmark: loads N recommendations (default 50,000) with their
status history, reporting rounds and actions in every workflow
state, then requests every dashboard page through the real web app and
prints p50/p95 latencies.

    python bench/dashboards.py bench/dashboards.ini --recommendations 50000 --data CSV

Run through ``make bench-dashboards [RECOMMENDATIONS=...]``
(scripts/bench-dashboards), which creates the ``simore_bench_dashboards``
database first; what is loaded is kept for the next run of the same size.

Nothing here is a third loader: the recommendation-like records are the
search benchmark's (``bench/search.py``'s ``documents``: UPR Info texts,
vocabulary codes with realistic skew, 60 institutions with Zipf-like
assignment), written as real datasets through the import's fast path
(``ckanext.simore.imports.bulk``: scheming validation, package rows,
search index, activities, one commit per batch). Rounds are opened with
``rounds.open_round``; actions go through the same fast path, in
each workflow state.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search as search_bench  # noqa: E402  (bench/search.py)

COORDINATION = "coordinacion"
BATCH = 500
EXTRA_MECHANISMS = [  # the Special Procedures mandates the records name
    {"code": code, "family": "special_procedure", "system": "un", "title": {"es": title, "en": title, "fr": title}}
    for code, title in [
        ("SR-TORTURE", "SR on torture"),
        ("SR-EDUCATION", "SR on the right to education"),
        ("SR-HRD", "SR on human rights defenders"),
        ("WGAD", "WG on Arbitrary Detention"),
    ]
]
# actions of the rounds, by workflow state (share of the actions)
ACTION_STATES = [("draft", 0.2), ("submitted", 0.2), ("approved", 0.15), ("published", 0.4), ("returned", 0.05)]
USERS = {  # name: (institution, capacity)
    "bench-coordinator": (COORDINATION, "editor"),
    "bench-focal-point": ("institution-01", "editor"),
    "bench-validator": ("institution-01", "admin"),
    "bench-focal-point-30": ("institution-30", "editor"),
}


# -- loading -------------------------------------------------------------------


def _site_context() -> dict[str, Any]:
    import ckan.plugins.toolkit as tk

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site["name"], "ignore_auth": True}


def ensure_network() -> None:
    import ckan.plugins.toolkit as tk

    from ckanext.simore.records import loaders

    loaders.ensure_organization({"name": COORDINATION, "title": "Coordinación", "branch_of_government": "executive"})
    for number in range(1, 61):
        loaders.ensure_organization(
            {
                "name": f"institution-{number:02d}",
                "title": f"Institución {number:02d}",
                "branch_of_government": "executive",
            }
        )
    loaders.load_mechanisms(COORDINATION)
    loaders.load_mechanisms(COORDINATION, EXTRA_MECHANISMS)
    for name, (organization, capacity) in USERS.items():
        try:
            tk.get_action("user_show")(_site_context(), {"id": name})
            continue
        except tk.ObjectNotFound:
            pass
        tk.get_action("user_create")(
            _site_context(), {"name": name, "email": f"{name}@example.org", "password": "bench-password-1234"}
        )
        tk.get_action("organization_member_create")(
            _site_context(), {"id": organization, "username": name, "role": capacity}
        )


def _country_codes(labels: list[str]) -> list[str]:
    from ckanext.simore.vocabularies import terms as vocabulary

    countries = vocabulary.get("countries")
    return [code for label in labels for code in countries.codes_for_label("upr_info", label)[:1]]


def _status_events(doc: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """A plausible history ending in the record's status (a third of the
    records that moved have one)."""
    final = doc["implementation_status"][0]
    if final == "not_started" or rng.random() > 0.35:
        return []
    start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(days=rng.randint(0, 600))
    steps = ["in_progress"] + ([final] if final != "in_progress" else [])
    events, before = [], "not_started"
    for index, status in enumerate(steps):
        events.append(
            {
                "package_id": doc["id"],
                "from_status": before,
                "to_status": status,
                "justification": "bench",
                "created": start + dt.timedelta(days=200 * index),
            }
        )
        before = status
    return events


def dataset_of(doc: dict[str, Any]) -> dict[str, Any]:
    """A recommendation to create, from a search benchmark document."""
    from ckanext.simore.vocabularies import terms as vocabulary

    data = json.loads(doc["data_dict"])
    return {
        "id": doc["id"],
        "name": doc["name"],
        "type": "recommendation",
        "owner_org": COORDINATION,
        "private": doc["private"],
        "text_translated": data["text_translated"],
        "source_language": "en",
        "mechanism": doc["mechanism"][0].lower(),
        "record_type": "recommendation",
        "country": (_country_codes(doc.get("country", [])) or [None])[0],
        "upr_cycle": (doc.get("upr_cycle") or [None])[0],
        "session": doc.get("session"),
        "upr_position": (doc.get("upr_position") or [None])[0],
        "recommending_states": _country_codes(doc.get("recommending_states", [])),
        "themes": doc.get("themes", []),
        "affected_persons": doc.get("affected_persons", []),
        "sdg_goals": doc.get("sdg_goals", []),
        "sdg_targets": [code for code in doc.get("sdg_targets", []) if code in vocabulary.get("sdg_targets")],
        "institutions": doc.get("institutions", []),
        "implementation_status": doc["implementation_status"][0],
        "publication_date": "{}-06-30".format(doc["publication_year"][0]),
    }


def _write(datasets: list[dict[str, Any]], context: dict[str, Any], events=()) -> int:
    import sqlalchemy as sa
    from ckan import model

    from ckanext.simore.db import tables
    from ckanext.simore.imports import bulk

    valid = []
    for data in datasets:
        validated, errors = bulk.validate(data, dict(context))
        if errors:
            raise SystemExit(f"{data['name']}: {errors}")
        valid.append(validated)
    if events:
        model.Session.execute(sa.insert(tables.status_event), list(events))
    bulk.create(valid, dict(context))
    model.Session.commit()
    return len(valid)


def load_recommendations(total: int, data: Path) -> None:
    import sqlalchemy as sa
    from ckan import model

    from ckanext.simore.imports import bulk

    existing = model.Session.execute(
        sa.select(sa.func.count()).select_from(model.Package).where(model.Package.type == "recommendation")
    ).scalar_one()
    if existing >= total:
        return
    print(f"Loading {total - existing} recommendations (the portal has {existing})...", flush=True)
    context = bulk.write_context(_site_context()["user"])
    rng = random.Random(11)
    started, batch, events = time.perf_counter(), [], []
    for number, doc in enumerate(search_bench.documents(data, total)):
        if number < existing:
            continue
        batch.append(dataset_of(doc))
        events.extend(_status_events(doc, rng))
        if len(batch) == BATCH:
            _write(batch, context, events)
            batch, events = [], []
            if (number + 1) % 5000 == 0:
                elapsed = time.perf_counter() - started
                print(f"  {number + 1} recommendations, {elapsed:.0f} s", flush=True)
    if batch:
        _write(batch, context, events)
    print(f"Loaded in {time.perf_counter() - started:.0f} s", flush=True)
    analyze()


def analyze() -> None:
    """Table statistics for the planner, as autovacuum gathers them soon
    after a large load (the test machines run PostgreSQL without it)."""
    import sqlalchemy as sa
    from ckan import model

    with model.meta.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as admin:
        admin.execute(sa.text("ANALYZE"))


def open_rounds() -> list[str]:
    from ckanext.simore.workflow import rounds

    wanted = [("Bench round CEDAW", 'mechanism:"cedaw"', 21), ("Bench round UPR 2nd cycle", 'upr_cycle:"2"', -5)]
    existing = {row.title: row.id for row in rounds.all_rounds()}
    ids = []
    for title, fq, due_in in wanted:
        if title not in existing:
            print(f"Opening the round {title!r}...", flush=True)
            existing[title] = rounds.open_round(title, dt.date.today() + dt.timedelta(days=due_in), "", fq, "", None)
        ids.append(existing[title])
    return ids


def load_actions(round_ids: list[str], per_round: int) -> None:
    """Actions filed for the rounds, in every workflow state, each
    on one to three recommendations its institution owes."""
    import sqlalchemy as sa
    from ckan import model

    from ckanext.simore.db import tables
    from ckanext.simore.imports import bulk
    from ckanext.simore.records.validators import TRANSITION_CONTEXT_KEY

    filed = model.Session.execute(
        sa.select(sa.func.count()).select_from(model.Package).where(model.Package.type == "action")
    ).scalar_one()
    if filed:
        return
    rng = random.Random(5)
    user = _site_context()["user"]
    names = dict(
        model.Session.execute(
            sa.select(model.Package.id, model.Package.name).where(model.Package.type == "recommendation")
        ).all()
    )
    orgs = dict(model.Session.execute(sa.select(model.Group.id, model.Group.name)).all())
    started = time.perf_counter()
    for round_id in round_ids:
        items = model.Session.execute(
            sa.select(tables.round_item.c.recommendation_id, tables.round_item.c.organization_id).where(
                tables.round_item.c.round_id == round_id
            )
        ).all()
        by_org: dict[str, list[str]] = {}
        for rec_id, org_id in items:
            by_org.setdefault(org_id, []).append(names[rec_id])
        org_ids = sorted(by_org)
        actions: dict[str, list[dict[str, Any]]] = {}
        for number in range(min(per_round, len(items) // 2)):
            org_id = rng.choice(org_ids)
            recs = rng.sample(by_org[org_id], min(len(by_org[org_id]), rng.randint(1, 3)))
            state = rng.choices([s for s, _ in ACTION_STATES], [w for _, w in ACTION_STATES])[0]
            actions.setdefault(state, []).append(
                {
                    "type": "action",
                    "name": f"action-{round_id}-{number:05d}",
                    "owner_org": orgs[org_id],
                    "title_translated": {"es": f"Acción {number}", "en": f"Action {number}"},
                    "recommendations": recs,
                    "measure_type": "policy_plan",
                    "progress": "in_progress",
                    "reporting_round": round_id,
                }
            )
        for state, datasets in actions.items():
            context = dict(bulk.write_context(user), **{TRANSITION_CONTEXT_KEY: state})
            for start in range(0, len(datasets), BATCH):
                _write(datasets[start : start + BATCH], context)
        print(f"  {sum(map(len, actions.values()))} actions filed for round {round_id}", flush=True)
    print(f"Actions loaded in {time.perf_counter() - started:.0f} s", flush=True)
    analyze()


# -- measuring -----------------------------------------------------------------


def write_cost(data: Path, repeat: int) -> dict[str, Any]:
    """What migration 004 (pivot counts, an index by type) adds to an index
    write: one batch of BATCH new recommendations written to the index (one
    INSERT, as the import's fast path writes them), then the same batch
    written again (a re-import: DELETE and INSERT), without and with what
    it added; each in a transaction that is rolled back."""
    import sqlalchemy as sa
    from ckan import model

    from ckanext.simore import config
    from ckanext.simore.search import writer

    docs = [dict(doc, index_id="write-cost-" + doc["index_id"]) for doc in search_bench.documents(data, BATCH, seed=23)]
    timings: dict[str, list[float]] = {}
    for _run in range(repeat):
        for migration in ("off", "on"):
            if migration == "off":
                model.Session.execute(
                    sa.text(
                        "ALTER TABLE simore_search_doc DISABLE TRIGGER simore_search_pivot_inserted,"
                        " DISABLE TRIGGER simore_search_pivot_deleted;"
                        " DROP INDEX simore_search_doc_type_modified"
                    )
                )
            for write in ("new", "again"):
                started = time.perf_counter()
                writer.add(model.Session, docs, config.languages())
                model.Session.flush()
                timings.setdefault(f"{write} batch, migration 004 {migration}", []).append(
                    (time.perf_counter() - started) * 1000
                )
            model.Session.rollback()
    print(f"Index write of {BATCH} recommendations in ms ({repeat} runs, median / p95):", flush=True)
    for name, values in timings.items():
        print(f"  {name:<32} {statistics.median(values):6.0f} {search_bench.percentile(values, 0.95):6.0f}", flush=True)
    return {
        name: {"p50": statistics.median(values), "p95": search_bench.percentile(values, 0.95)}
        for name, values in timings.items()
    }


KINDS = ("warm", "changed", "uncached")


def measure(
    client: Any,
    name: str,
    url: str,
    headers: dict[str, str],
    repeat: int,
    invalidate: Callable[[], None],
    caching: Callable[[bool], None],
) -> dict[str, Any]:
    """Latencies in ms of repeated requests: "warm" (the counts kept since
    the last change), "changed" (right after some dataset changed: counts
    that depend on it are computed again) and "uncached" (the cache turned
    off: everything computed on every request)."""
    response = client.get(url, headers=headers)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}\n{response.get_data(as_text=True)[:2000]}")
    for _ in range(2):
        client.get(url, headers=headers)  # warm-up
    timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _run in range(repeat):
        for kind in KINDS:
            if kind == "changed":
                invalidate()
            caching(kind != "uncached")
            started = time.perf_counter()
            client.get(url, headers=headers)
            timings[kind].append((time.perf_counter() - started) * 1000)
            caching(True)
    result: dict[str, Any] = {"name": name, "url": url, "runs": repeat}
    line = f"  {name:<40}"
    for kind in KINDS:
        result[kind] = {"p50": statistics.median(timings[kind]), "p95": search_bench.percentile(timings[kind], 0.95)}
        line += f" {result[kind]['p50']:6.0f} {result[kind]['p95']:6.0f}  "
    print(line, flush=True)
    return result


def profile(
    client: Any, name: str, url: str, headers: dict[str, str], invalidate: Callable[[], None], top: int = 25
) -> None:
    """Where one request right after a change spends its time: each SQL
    statement (grouped by its text, with how often it ran and its total
    time) and the functions cProfile finds slowest (cumulative)."""
    import cProfile
    import io
    import pstats

    import sqlalchemy as sa
    from ckan import model

    statements: dict[str, list[float]] = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("simore_bench_started", []).append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):
        started = conn.info["simore_bench_started"].pop()
        statements.setdefault(" ".join(statement.split()), []).append((time.perf_counter() - started) * 1000)

    client.get(url, headers=headers)
    invalidate()
    sa.event.listen(model.meta.engine, "before_cursor_execute", before)
    sa.event.listen(model.meta.engine, "after_cursor_execute", after)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    try:
        profiler.enable()
        client.get(url, headers=headers)
        profiler.disable()
    finally:
        sa.event.remove(model.meta.engine, "before_cursor_execute", before)
        sa.event.remove(model.meta.engine, "after_cursor_execute", after)
    total = (time.perf_counter() - started) * 1000
    sql = sum(map(sum, statements.values()))
    print(
        f"\n== {name} ({url}) after a change, profiled: {total:.0f} ms, "
        f"{sum(map(len, statements.values()))} SQL statements taking {sql:.0f} ms",
        flush=True,
    )
    for statement, times in sorted(statements.items(), key=lambda item: -sum(item[1]))[:top]:
        print(f"  {sum(times):7.1f} ms {len(times):3d}x  {statement[:300]}", flush=True)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue(), flush=True)


def pages() -> list[tuple[str, str, str | None]]:
    """(name, URL, user) of every dashboard page measured."""
    return [
        ("home page", "/", None),
        ("statistics", "/statistics/", None),
        ("statistics, mechanism UPR (~half)", "/statistics/?mechanism=upr", None),
        (
            "statistics, theme + period",
            "/statistics/?theme=equality_non_discrimination&year_from=2010&year_to=2012",
            None,
        ),
        ("statistics, institution", "/statistics/?institution=institution-01", None),
        ("statistics, Spanish, UPR cycle 1", "/es/statistics/?upr_cycle=1", None),
        ("statistics CSV, themes of UPR", "/statistics/theme.csv?mechanism=upr", None),
        ("institution dashboard (largest)", "/dashboard/institution/institution-01", "bench-focal-point"),
        ("institution dashboard (validator)", "/dashboard/institution/institution-01", "bench-validator"),
        ("institution dashboard (small)", "/dashboard/institution/institution-30", "bench-focal-point-30"),
        ("coordination dashboard", "/dashboard/coordination", "bench-coordinator"),
        ("recommendations without action", "/dashboard/coordination/without-action", "bench-coordinator"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ini")
    parser.add_argument("--recommendations", type=int, default=50000)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--actions", type=int, default=1500, help="actions filed per round")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", default="", help="measure only the pages whose name contains this")
    parser.add_argument(
        "--profile", action="store_true", help="also profile one request after a change of each page measured"
    )
    parser.add_argument(
        "--write-cost", action="store_true", help="also measure what the pivot counts add to an index write"
    )
    options = parser.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(options.ini))
    flask_app = app._wsgi_app if hasattr(app, "_wsgi_app") else app.apps["flask_app"]._wsgi_app
    with flask_app.test_request_context():
        ensure_network()
        load_recommendations(options.recommendations, options.data)
        round_ids = open_rounds()
        load_actions(round_ids, options.actions)
        tokens = tokens_of(list(USERS))
        report_size()
        written = write_cost(options.data, options.repeat) if options.write_cost else None
    client = flask_app.test_client()

    def invalidate() -> None:
        from ckanext.simore.portal import counts_cache

        with flask_app.app_context():
            counts_cache.invalidate()

    def caching(on: bool) -> None:
        import ckan.plugins.toolkit as tk

        tk.config["ckanext.simore.statistics_cache_seconds"] = cache_seconds if on else 0

    import ckan.plugins.toolkit as tk

    cache_seconds = tk.config["ckanext.simore.statistics_cache_seconds"]
    print(
        f"Latency of each page in ms, through the web app ({options.repeat} runs each after 2 warm-ups).\n"
        "warm: counts kept since the last change; changed: right after a dataset changed;\n"
        "uncached: the counts cache turned off.",
        flush=True,
    )
    print(f"  {'':<40}" + "".join(f" {kind:>13}  " for kind in KINDS), flush=True)
    print(f"  {'page':<40}" + " {:>6} {:>6}  ".format("p50", "p95") * len(KINDS), flush=True)
    results = [
        measure(client, name, url, {"Authorization": tokens[user]} if user else {}, options.repeat, invalidate, caching)
        for name, url, user in pages()
        if options.only in name
    ]
    if options.profile:
        for name, url, user in pages():
            if options.only in name:
                profile(client, name, url, {"Authorization": tokens[user]} if user else {}, invalidate)
    for kind in KINDS:
        worst = max(results, key=lambda r: r[kind]["p95"])
        print(f"Slowest {kind} p95: {worst['name']} {worst[kind]['p95']:.0f} ms (target 300 ms)", flush=True)
    out = Path(".cache") / f"bench-dashboards-{options.recommendations}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps({"recommendations": options.recommendations, "results": results, "write_cost": written}, indent=1)
    )
    print(f"Figures written to {out}")


def tokens_of(users: list[str]) -> dict[str, str]:
    import ckan.plugins.toolkit as tk

    return {
        user: tk.get_action("api_token_create")(_site_context(), {"user": user, "name": "bench"})["token"]
        for user in users
    }


def report_size() -> None:
    import sqlalchemy as sa
    from ckan import model

    counts = dict(
        model.Session.execute(
            sa.select(model.Package.type, sa.func.count())
            .where(model.Package.state == "active")
            .group_by(model.Package.type)
        ).all()
    )
    items = model.Session.execute(sa.text("SELECT count(*) FROM simore_round_item")).scalar_one()
    events = model.Session.execute(sa.text("SELECT count(*) FROM simore_status_event")).scalar_one()
    print(
        f"Portal: {counts.get('recommendation', 0)} recommendations, {counts.get('action', 0)} actions, "
        f"{counts.get('mechanism', 0)} mechanisms, {items} obligations in open rounds, "
        f"{events} status changes",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
