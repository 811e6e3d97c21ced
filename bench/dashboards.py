"""Dashboard benchmark: loads N recommendations (default 50,000) with their
status history, reporting rounds and actions in every workflow
state, then requests every dashboard page through the real web app and
prints p50/p95 latencies.

    python bench/dashboards.py bench/dashboards.ini --recommendations 50000 --data CSV

Run through ``make bench-dashboards [RECOMMENDATIONS=...]``
(scripts/bench-dashboards), which creates the ``simore_bench_dashboards``
database first; what is loaded is kept for the next run of the same size.

Nothing here is a third loader: the network and the recommendations are
loaded by ``bench/loading.py`` (the search benchmark's documents written
as real datasets through the import's fast path). Rounds are opened with
``rounds.open_round``; actions go through the same fast path, in
each workflow state.
"""

from __future__ import annotations

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

import loading  # noqa: E402  (bench/loading.py)
import search as search_bench  # noqa: E402  (bench/search.py)

# actions of the rounds, by workflow state (share of the actions)
ACTION_STATES = [("draft", 0.2), ("submitted", 0.2), ("approved", 0.15), ("published", 0.4), ("returned", 0.05)]


# -- loading (the rounds and their actions) ---------------------------------------


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

    from ckanext.simore import keys
    from ckanext.simore.db import tables
    from ckanext.simore.imports import bulk

    filed = model.Session.execute(
        sa.select(sa.func.count()).select_from(model.Package).where(model.Package.type == "action")
    ).scalar_one()
    if filed:
        return
    rng = random.Random(5)
    user = loading.site_context()["user"]
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
            context = dict(bulk.write_context(user), **{keys.TRANSITION_TARGET: state})
            for start in range(0, len(datasets), loading.BATCH):
                loading.write(datasets[start : start + loading.BATCH], context)
        print(f"  {sum(map(len, actions.values()))} actions filed for round {round_id}", flush=True)
    print(f"Actions loaded in {time.perf_counter() - started:.0f} s", flush=True)
    loading.analyze()


# -- measuring -----------------------------------------------------------------


def write_cost(data: Path, repeat: int) -> dict[str, Any]:
    """What migration 004 (pivot counts, an index by type) adds to an index
    write: one batch of loading.BATCH new recommendations written to the index (one
    INSERT, as the import's fast path writes them), then the same batch
    written again (a re-import: DELETE and INSERT), without and with what
    it added; each in a transaction that is rolled back."""
    import sqlalchemy as sa
    from ckan import model

    from ckanext.simore import config
    from ckanext.simore.search import writer

    docs = [
        dict(doc, index_id="write-cost-" + doc["index_id"])
        for doc in search_bench.documents(data, loading.BATCH, seed=23)
    ]
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
    print(f"Index write of {loading.BATCH} recommendations in ms ({repeat} runs, median / p95):", flush=True)
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
    parser = loading.arguments(__doc__, recommendations=50000)
    parser.add_argument("--actions", type=int, default=1500, help="actions filed per round")
    parser.add_argument(
        "--profile", action="store_true", help="also profile one request after a change of each page measured"
    )
    parser.add_argument(
        "--write-cost", action="store_true", help="also measure what the pivot counts add to an index write"
    )
    options = parser.parse_args()

    flask_app = loading.flask_app(options.ini)
    with flask_app.test_request_context():
        loading.ensure_network()
        loading.load_recommendations(options.recommendations, options.data)
        round_ids = open_rounds()
        load_actions(round_ids, options.actions)
        tokens = loading.tokens_of(list(loading.USERS))
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


def report_size() -> None:
    counts = loading.dataset_counts()
    items = loading.sql_value("SELECT count(*) FROM simore_round_item")
    events = loading.sql_value("SELECT count(*) FROM simore_status_event")
    print(
        f"Portal: {counts.get('recommendation', 0)} recommendations, {counts.get('action', 0)} actions, "
        f"{counts.get('mechanism', 0)} mechanisms, {items} obligations in open rounds, "
        f"{events} status changes",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
