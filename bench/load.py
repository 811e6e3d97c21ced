"""The portal under load, served as production serves it: N recommendations
(default 50,000) loaded as in the dashboards benchmark, the configuration
from deploy/make-config, gunicorn with deploy/gunicorn.conf.py on a loopback
port, and wrk (a load generator, Debian's package) asking, from a second
process, for text searches with facets through the API and through the
search page. Prints, per scenario and over RUNS runs, the requests a second
(median and the worst run), the median latency and the 95th percentile
(medians over the runs), and the errors.

Usage: python bench/load.py bench/load.ini --data UPR.csv [--runs 3] [--seconds 20]
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loading  # noqa: E402  (bench/loading.py)

ROOT = Path(__file__).resolve().parents[1]
# What people type into the search box, in the portal's languages.
QUERIES = [
    "tortura",
    "violencia contra la mujer",
    "education",
    "pueblos indígenas",
    "trata de personas",
    "discapacidad",
    "children",
    "defensores de derechos humanos",
    "detention",
    "salud",
    "freedom of expression",
    "pobreza",
]
FACETS = ["mechanism", "themes", "affected_persons", "implementation_status", "institutions", "publication_year"]
TARGETS = {"search API": 50, "search page": 25}  # requests a second (issue 14)
# wrk runs this in each connection's thread: the paths in turn, and prints
# the summary as JSON once done (only the summary's counts cross threads).
WRK_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "microseconds": %%d, "p50_ms": %%.2f, "p95_ms": %%.2f, "errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def scenarios() -> dict[str, list[str]]:
    facet_field = urllib.parse.quote(json.dumps(FACETS))
    return {
        "search API": [
            "/api/3/action/package_search?q={}&rows=20&facet.field={}".format(urllib.parse.quote(q), facet_field)
            for q in QUERIES
        ],
        "search page": ["/recommendation/?q={}".format(urllib.parse.quote(q)) for q in QUERIES],
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_ini(ini: str, port: int, folder: Path, search_cache_seconds: int) -> Path:
    """deploy/make-config's configuration on the benchmark's database, its
    search cache kept for ``search_cache_seconds`` (0: off)."""
    import ckan.plugins.toolkit as tk

    made = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "make-config")]
        + ["--site-url", "http://127.0.0.1:{}".format(port), "--database-url", tk.config["sqlalchemy.url"]]
        + ["--redis-url", tk.config["ckan.redis.url"], "--storage-path", str(folder / "storage")]
        + ["--smtp-server", "127.0.0.1:25", "--mail-from", "bench@example.gov"]
        + ["--site-id", tk.config["ckan.site_id"], "--coordination", loading.COORDINATION],
        capture_output=True,
        text=True,
        check=True,
    )
    path = folder / "production-{}.ini".format(search_cache_seconds)
    setting = "[app:main]\nckanext.simore.search_cache_seconds = {}\n".format(search_cache_seconds)
    path.write_text(made.stdout.replace("[app:main]\n", setting, 1))
    (folder / "storage").mkdir(exist_ok=True)
    return path


def serve(ini: Path, port: int) -> subprocess.Popen:
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
        + ["--bind", "127.0.0.1:{}".format(port), "--access-logfile", "/dev/null"],
        env=dict(os.environ, CKAN_INI=str(ini)),
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen("http://127.0.0.1:{}/api/3/action/status_show".format(port), timeout=5)
            return gunicorn
        except OSError:
            time.sleep(0.5)
    gunicorn.terminate()
    raise SystemExit("gunicorn did not answer within 120 s")


def wrk(base: str, paths: list[str], seconds: int, connections: int, folder: Path) -> dict:
    script = folder / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(path) for path in paths))
    finished = subprocess.run(
        ["wrk", "-t", "1", "-c", str(connections), "-d", "{}s".format(seconds), "--timeout", "30s"]
        + ["-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(finished.stdout.strip().splitlines()[-1])
    summary["per_second"] = summary["requests"] / (summary["microseconds"] / 1e6)
    return summary


def main() -> None:
    parser = loading.arguments(__doc__, recommendations=50000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections wrk keeps open")
    options = parser.parse_args()

    port = _free_port()
    folder = Path(tempfile.mkdtemp(prefix="simore-bench-load-"))
    # every search computed; then the production default, the search cache
    # on (the same searches again and again: a portal's popular searches)
    modes = {"search cache off": 0, "search cache on": 600}
    with loading.flask_app(options.ini).test_request_context():
        loading.ensure_network()
        loading.load_recommendations(options.recommendations, options.data)
        inis = {mode: production_ini(options.ini, port, folder, seconds) for mode, seconds in modes.items()}
    print(
        f"{options.recommendations} recommendations; gunicorn as deploy/gunicorn.conf.py configures it "
        f"({os.cpu_count()} cores); wrk, {options.connections} connections, {options.runs} runs of "
        f"{options.seconds} s per scenario after a 5 s warm-up.",
        flush=True,
    )
    results = {mode: measure(inis[mode], port, folder, options) for mode in modes}
    out = ROOT / ".cache" / f"bench-load-{options.recommendations}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"recommendations": options.recommendations, "results": results}, indent=1))
    print(f"Figures written to {out}")


def measure(ini: Path, port: int, folder: Path, options: Any) -> dict[str, Any]:
    """Each scenario's figures, served through the configuration ``ini``."""
    print(ini.stem.replace("production-", "search cache seconds: "), flush=True)
    gunicorn = serve(ini, port)
    base = "http://127.0.0.1:{}".format(port)
    results = {}
    try:
        for name, paths in scenarios().items():
            wrk(base, paths, 5, options.connections, folder)  # warm-up: each worker's caches
            runs = [wrk(base, paths, options.seconds, options.connections, folder) for _ in range(options.runs)]
            rates = [run["per_second"] for run in runs]
            results[name] = {
                "requests_per_second_median": statistics.median(rates),
                "requests_per_second_worst": min(rates),
                "latency_p50_ms": statistics.median(run["p50_ms"] for run in runs),
                "latency_p95_ms": statistics.median(run["p95_ms"] for run in runs),
                "errors": sum(run["errors"] for run in runs),
                "requests": sum(run["requests"] for run in runs),
                "target_per_second": TARGETS[name],
            }
            r = results[name]
            print(
                f"  {name:<12} {r['requests_per_second_median']:6.1f} req/s median "
                f"(worst run {r['requests_per_second_worst']:.1f}; target {TARGETS[name]}), "
                f"latency p50 {r['latency_p50_ms']:.0f} ms, p95 {r['latency_p95_ms']:.0f} ms, "
                f"{r['errors']} errors in {r['requests']} requests",
                flush=True,
            )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=60)
    return results


if __name__ == "__main__":
    sys.exit(main())
