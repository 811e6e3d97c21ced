"""Recommendation picker benchmark: loads N recommendations (default
300,000) and times ``simore_recommendation_suggest`` as the action form's
picker calls it (``q`` and ``limit=10``, the user's institutions first),
for the inputs a person types, and prints per query the runs, median and
p95 in ms and how many suggestions came back.

    python bench/picker.py bench/bench.ini --recommendations 300000 --data CSV

Run through ``make bench-picker [RECOMMENDATIONS=...]`` (scripts/bench-picker),
which creates the ``simore_bench_picker`` database first; what is loaded is
kept for the next run of the same size.

The portal is loaded by ``bench/loading.py`` (UPR Info texts, vocabulary
codes, 60 institutions with Zipf-like assignment, real datasets through the
import's fast path); each record gets here what the picker searches and
shows: a document symbol and a paragraph as its mechanism numbers them
(``A/HRC/17/18`` ¶ ``118.5``, ``CEDAW/C/PRY/CO/7`` ¶ ``23``,
``A/HRC/17/41/Add.2``), and its text in Spanish and (every other record)
French beside the English original: stand-ins made of the opening verb and
the record's themes in that language.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loading  # noqa: E402  (bench/loading.py)
import search as search_bench  # noqa: E402  (bench/search.py)

TREATY_BODIES = {"CCPR", "CESCR", "CEDAW", "CRC", "CAT", "CERD", "CRPD", "CMW", "CED"}
# the English opening verb → the Spanish and French stand-ins' opening
OPENINGS = {
    "adopt": ("Adoptar", "Adopter"),
    "consider": ("Considerar", "Envisager"),
    "continue": ("Continuar", "Poursuivre"),
    "ensure": ("Garantizar", "Garantir"),
    "establish": ("Establecer", "Établir"),
    "intensify": ("Intensificar", "Intensifier"),
    "promote": ("Promover", "Promouvoir"),
    "ratify": ("Ratificar", "Ratifier"),
    "strengthen": ("Fortalecer", "Renforcer"),
    "take": ("Adoptar medidas", "Prendre des mesures"),
}
OTHERWISE = ("Tomar medidas", "Prendre des mesures")
ABOUT = {"es": "en materia de", "fr": "en matière de"}
USERS = [  # (who, user): the users of bench/loading.py the picker is timed for
    ("focal point, institution-01", "bench-focal-point"),
    ("focal point, institution-30", "bench-focal-point-30"),
    ("coordinator", "bench-coordinator"),
]


def _number(key: str) -> int:
    return int(hashlib.md5(key.encode("utf-8")).hexdigest()[:8], 16)


def symbol_and_paragraph(mechanism: str, country: str, session: int, number: int) -> tuple[str, str]:
    """A document symbol and paragraph as the mechanism numbers them: a UPR
    report of the Human Rights Council session that adopted it, a treaty
    body's concluding observations, a special procedure's country visit."""
    report = _number(f"{mechanism} {country} {session}")
    council = session + 7  # the Council session after the Working Group's
    if mechanism == "UPR":
        return f"A/HRC/{council}/{10 + report % 60}", f"{85 + report % 40}.{1 + number % 180}"
    if mechanism in TREATY_BODIES:
        return f"{mechanism}/C/{country}/CO/{1 + report % 8}", str(5 + number % 60)
    return f"A/HRC/{council}/{20 + report % 50}/Add.{1 + report % 3}", str(40 + number % 80)


def stand_in(english: str, labels: list[str], lang: str) -> str:
    """The text in Spanish or French: its opening verb and its themes."""
    first = english.split(" ", 1)[0].lower().strip(",.")
    opening = OPENINGS.get(first, OTHERWISE)[0 if lang == "es" else 1]
    return f"{opening} {ABOUT[lang]} " + "; ".join(label[:1].lower() + label[1:] for label in labels) + "."


def shape(doc: dict[str, Any]) -> dict[str, Any]:
    """A recommendation to create, with what the picker searches and shows."""
    from ckanext.simore.vocabularies import terms as vocabulary

    dataset = loading.dataset_of(doc)
    number = int(doc["name"].rsplit("-", 1)[1])
    country = dataset["country"] or "XXX"
    symbol, paragraph = symbol_and_paragraph(doc["mechanism"][0], country, int(doc["session"]), number)
    english = dataset["text_translated"]["en"]
    themes = vocabulary.get("themes")
    labels = [themes.by_code[code].label for code in dataset["themes"] if code in themes.by_code]
    texts = {"en": english, "es": stand_in(english, [label["es"] for label in labels], "es")}
    if number % 2:
        texts["fr"] = stand_in(english, [label["fr"] for label in labels], "fr")
    return dict(dataset, document_symbol=symbol, paragraph=paragraph, text_translated=texts)


def queries(example: dict[str, Any]) -> list[tuple[str, str]]:
    """(what, q) typed in the picker; ``example`` is a suggestion whose
    symbol and paragraph are looked for. The picker asks from the first
    letter; one or two letters are a word, not yet a prefix
    (``suggestions.MIN_PREFIX``: as a prefix, "t" took 2.1 s for a
    coordinator at 73,500 recommendations)."""
    return [
        ("typing: 1 letter", "t"),
        ("typing: 2 letters", "to"),
        ("a word in Spanish", "tortura"),
        ("a word in English", "torture"),
        ("typing: 3 letters", "tor"),
        ("typing: 4 letters", "tort"),
        ("two words, the last being typed", "tortura deten"),
        ("a document symbol", "A/HRC/17"),
        ("a whole symbol", example["document_symbol"]),
        ("a symbol and a paragraph", f"{example['document_symbol']} {example['paragraph']}"),
        ("a treaty body's symbol", "CEDAW/C"),
        ("nothing matches", "zzyzx"),
        ("empty", ""),
    ]


def timed(call: Callable[[], Any], repeat: int, seconds: float) -> tuple[list[float], Any]:
    """Latencies in ms of ``repeat`` calls after 2 warm-ups (fewer, but at
    least 5, once ``seconds`` have gone), and the last answer."""
    for _ in range(2):
        answer = call()
    measured: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(measured) < repeat and (len(measured) < 5 or time.perf_counter() < deadline):
        started = time.perf_counter()
        answer = call()
        measured.append((time.perf_counter() - started) * 1000)
    return measured, answer


def main() -> None:
    parser = loading.arguments(__doc__, recommendations=300000)
    parser.add_argument("--no-http", action="store_true", help="time the API action only, not the HTTP endpoint")
    parser.add_argument(
        "--seconds", type=float, default=20, help="at most this long per query and layer (5 runs at least)"
    )
    options = parser.parse_args()

    app = loading.flask_app(options.ini)
    with app.test_request_context():
        loading.ensure_network()
        loading.load_recommendations(options.recommendations, options.data, shape=shape)
        tokens = loading.tokens_of([user for _, user in USERS])
        total = report_size()
    client = app.test_client()

    def action(user: str, q: str) -> Callable[[], list[dict[str, Any]]]:
        """The API action, as the web app calls it for the user (a new
        request each time: nothing remembered from the last call)."""

        def call() -> list[dict[str, Any]]:
            import ckan.plugins.toolkit as tk

            with app.test_request_context():
                return tk.get_action("simore_recommendation_suggest")({"user": user}, {"q": q, "limit": 10})

        return call

    def http(user: str, q: str) -> Callable[[], list[dict[str, Any]]]:
        """The endpoint the picker's JavaScript asks, with the user's token."""

        def call() -> list[dict[str, Any]]:
            response = client.get(
                "/api/3/action/simore_recommendation_suggest",
                query_string={"q": q, "limit": 10},
                headers={"Authorization": tokens[user]},
            )
            if response.status_code != 200:
                raise SystemExit(f"{q!r}: HTTP {response.status_code}\n{response.get_data(as_text=True)[:2000]}")
            return response.get_json()["result"]

        return call

    example = next(item for item in action("bench-coordinator", "A/HRC/")() if item["paragraph"])
    layers = {"action": action} if options.no_http else {"action": action, "HTTP": http}
    print(
        f"Picker latency in ms over {total} recommendations, limit 10, {options.repeat} runs each after 2 warm-ups\n"
        f"(fewer, 5 at least, where {options.seconds:.0f} s did not suffice)\n"
        "(action: simore_recommendation_suggest; HTTP: GET /api/3/action/simore_recommendation_suggest;\n"
        "found: suggestions returned, of them assigned to the user's institution):",
        flush=True,
    )
    header = "".join(f"  {layer + ' runs':>11} {'median':>8} {'p95':>7}" for layer in layers)
    print(f"  {'user':<28} {'query':<33} {'q':<24}{header}  found assigned", flush=True)
    results = []
    for who, user in USERS:
        for what, q in queries(example):
            if options.only not in what:
                continue
            result: dict[str, Any] = {"user": who, "query": what, "q": q}
            line = f"  {who:<28} {what:<33} {q!r:<24}"
            for layer, make in layers.items():
                measured, answer = timed(make(user, q), options.repeat, options.seconds)
                result[layer] = {
                    "runs": len(measured),
                    "median": statistics.median(measured),
                    "p95": search_bench.percentile(measured, 0.95),
                }
                line += f"  {len(measured):4d} {result[layer]['median']:8.1f} {result[layer]['p95']:7.1f}"
            result["found"] = len(answer)
            result["assigned"] = sum(1 for item in answer if item["assigned"])
            print(f"{line}  {result['found']:5d} {result['assigned']:8d}", flush=True)
            results.append(result)
    if not results:
        return
    worst = max(results, key=lambda r: max(r[layer]["p95"] for layer in layers))
    print(
        f"Slowest p95: {worst['user']}, {worst['query']} ({worst['q']!r}): "
        + ", ".join(f"{layer} {worst[layer]['p95']:.0f} ms" for layer in layers)
        + " (target 200 ms)",
        flush=True,
    )
    out = Path(".cache") / f"bench-picker-{options.recommendations}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"recommendations": total, "results": results}, indent=1))
    print(f"Figures written to {out}")


def report_size() -> int:
    """The number of recommendations, and what they are, printed."""
    import sqlalchemy as sa
    from ckan import model

    row = model.Session.execute(
        sa.text(
            "SELECT count(*),"
            " count(*) FILTER (WHERE d.terms @> ARRAY['institutions=institution-01']),"
            " count(*) FILTER (WHERE d.terms @> ARRAY['institutions=institution-30']),"
            " count(*) FILTER (WHERE d.capacity = 'private'),"
            " pg_size_pretty(pg_total_relation_size('simore_search_doc'))"
            " FROM simore_search_doc d WHERE d.dataset_type = 'recommendation'"
        )
    ).one()
    print(
        f"Portal: {row[0]} recommendations indexed ({row[1]} assigned to institution-01, {row[2]} to"
        f" institution-30, {row[3]} private), index table {row[4]}",
        flush=True,
    )
    return row[0]


if __name__ == "__main__":
    sys.exit(main())
