"""Import benchmark: the UPR Info extract (42,013 real recommendations)
imported through the fast path, then a sample through a plain loop of
package_create on the same machine; prints rows per second, the total and
the ratio.

    python bench/imports.py bench/imports.ini --data CSV [--rows N] [--sample 500] [--results FILE]
    python bench/imports.py --summarise FILE

Run through ``make bench-import [RUNS=n]`` (scripts/bench-import), which
gives each run a fresh ``simore_bench_import`` database (the import is
into an empty portal), measures the package_create loop in the first run
only, appends each run's figures to a results file and prints the median
and p95 over the runs. The data are read in place (test data, never
copied into the project).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from search import percentile  # bench/search.py (this script's folder is on the path)


def slice_of(data: Path, start: int, count: int | None, folder: Path, name: str) -> Path:
    """Rows start..start+count of the extract, with its heading row."""
    target = folder / name
    with data.open(encoding="utf-8", newline="") as source, target.open("w", encoding="utf-8", newline="") as out:
        reader, writer = csv.reader(source), csv.writer(out)
        writer.writerow(next(reader))
        for index, row in enumerate(reader):
            if index < start:
                continue
            if count is not None and index >= start + count:
                break
            writer.writerow(row)
    return target


def timed_import(path: Path, method: str, workers: int = 1) -> tuple[dict, float]:
    from ckanext.simore.imports import runner, runs

    run_id = runs.create(path, path.name, "coordinacion", None, {"method": method, "workers": workers})
    started = time.monotonic()
    counts = runner.execute(run_id, dry_run=False)
    return counts, time.monotonic() - started


def default_workers() -> int:
    from ckanext.simore.imports import runner

    return runner.default_workers()


def summarise(results: Path) -> None:
    runs = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    seconds = [run["fast_seconds"] for run in runs]
    rows = runs[0]["fast_rows"]
    slow_rates = [run["slow_rate"] for run in runs if run.get("slow_rate")]
    median = statistics.median(seconds)
    print(
        f"fast import of {rows} rows, {len(runs)} runs: median {median:.1f} s "
        f"({rows / median:.0f} rows/s), p95 {percentile(seconds, 0.95):.1f} s, "
        f"min {min(seconds):.1f} s; each: " + ", ".join(f"{value:.1f}" for value in seconds)
    )
    if slow_rates:
        slow_rate = statistics.median(slow_rates)
        total = rows + runs[0]["slow_rows"]
        print(
            f"ratio (median run): {rows / median / slow_rate:.1f}x the package_create loop ({slow_rate:.1f} rows/s); "
            f"all {total} rows: {total / (rows / median):.0f} s through the fast path (estimated from its median rate)"
        )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--summarise":
        summarise(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ini")
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--results", type=Path, help="appends this run's figures (a JSON line)")
    parser.add_argument(
        "--rows", type=int, default=None, help="rows imported through the fast path (default: all after the sample)"
    )
    parser.add_argument("--sample", type=int, default=500, help="rows imported through package_create")
    parser.add_argument(
        "--workers", type=int, default=None, help="validating processes of the fast path (default: the CLI's)"
    )
    parser.add_argument(
        "--no-loop",
        action="store_true",
        help="skip the package_create loop (its rows are still left out of the fast import)",
    )
    args = parser.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ini))
    with app._wsgi_app.test_request_context():
        import ckan.plugins.toolkit as tk

        from ckanext.simore.records import loaders

        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        context = {"user": site["name"], "ignore_auth": True}
        try:
            tk.get_action("organization_show")(dict(context), {"id": "coordinacion"})
        except tk.ObjectNotFound:
            tk.get_action("organization_create")(
                dict(context), {"name": "coordinacion", "title": "Coordinación", "branch_of_government": "executive"}
            )
        loaders.load_mechanisms("coordinacion")

        with tempfile.TemporaryDirectory() as folder:
            sample = slice_of(args.data, 0, args.sample, Path(folder), "sample.csv")
            rest = slice_of(args.data, args.sample, args.rows, Path(folder), "rest.csv")
            slow_counts, slow_seconds = (
                ({"created": 0}, 0.0) if args.no_loop else timed_import(sample, "package_create")
            )
            fast_counts, fast_seconds = timed_import(rest, "fast", args.workers or default_workers())
            searchable = tk.get_action("package_search")(
                dict(context), {"fq": "+dataset_type:recommendation", "rows": 0}
            )["count"]

    fast_rows = sum(fast_counts[k] for k in ("created", "merged", "rejected", "unchanged", "updated"))
    fast_rate = fast_rows / fast_seconds
    slow_rate = slow_counts["created"] / slow_seconds if slow_seconds else None
    if slow_rate:
        print(
            "package_create loop: {} rows in {:.1f} s = {:.1f} rows/s".format(
                slow_counts["created"], slow_seconds, slow_rate
            )
        )
    print(
        "fast import:         {} rows in {:.1f} s = {:.0f} rows/s ({})".format(
            fast_rows, fast_seconds, fast_rate, ", ".join("{} {}".format(v, k) for k, v in fast_counts.items() if v)
        )
    )
    if slow_rate:
        print("ratio:               {:.1f}x the package_create loop".format(fast_rate / slow_rate))
        total = fast_rows + slow_counts["created"]
        print(
            "all {} rows: {:.0f} s through the fast path (estimated from its rate), {:.0f} s through package_create".format(
                total, total / fast_rate, total / slow_rate
            )
        )
    print("searchable after the import: {} recommendations".format(searchable))
    if args.results:
        with args.results.open("a") as out:
            out.write(
                json.dumps(
                    {
                        "fast_rows": fast_rows,
                        "fast_seconds": fast_seconds,
                        "slow_rate": slow_rate,
                        "slow_rows": args.sample,
                        "searchable": searchable,
                    }
                )
                + "\n"
            )
    sys.exit(0 if searchable == fast_counts["created"] + slow_counts["created"] else 1)


if __name__ == "__main__":
    main()
