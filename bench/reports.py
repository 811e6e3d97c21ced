"""Reporting benchmark (issue 13's speed target): loads N recommendations
(default 50,000), a follow-up report owed to CEDAW covering 300 of them,
500 published actions answering them, 50 indicators measuring them with
approved values, approved answers to an information request and a
calendar of planned reports; then, through the real web app, times
drafting the report and downloading it as DOCX, and the calendar's and a
draft's pages, and prints median and p95.

    python bench/reports.py bench/reports.ini --recommendations 50000 --data CSV

Run through ``make bench-reports [RECOMMENDATIONS=...]``
(scripts/bench-reports), which creates the ``simore_bench_reports``
database first; what is loaded is kept for the next run of the same size.

The portal and its recommendations are loaded by ``bench/loading.py``,
shaped as ``bench/picker.py`` shapes them (a document symbol and paragraph
each, so that the draft cites "(CEDAW/C/…/CO/3, para. 12)"); the actions
go through the import's fast path, published; the obligation, indicators,
their values (entered, submitted and approved by the institution's focal
point and validating authority), the information request and its answers
through the API actions as their users.

Targets: a draft of 300 recommendations, 500 actions and 50 indicators
assembled and downloaded in ≤ 10 s; the calendar and a draft's page in
≤ 300 ms at p95.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loading  # noqa: E402  (bench/loading.py)
import picker  # noqa: E402  (bench/picker.py)
import search as search_bench  # noqa: E402  (bench/search.py)

MECHANISM = "cedaw"
KIND = "follow_up_report"
PERIOD = "Bench follow-up"
COVERED = 300
ACTIONS = 500
INDICATORS = 50
# each indicator's approved values: a total a year, and 2024 by sex
VALUES = [(str(year), {}) for year in range(2019, 2025)] + [("2024", {"sex": sex}) for sex in ("female", "male")]
REQUEST_TITLE = "Bench request: follow-up to CEDAW"
QUESTIONS = 30  # each about 3 of the covered recommendations
# the calendar around it: what the periodicities plan after these reviews
REVIEWS = ["2019-06-01", "2022-06-01", "2025-06-01"]
COORDINATOR, FOCAL_POINT, VALIDATOR = "bench-coordinator", "bench-focal-point", "bench-validator"
INSTITUTION = "institution-01"  # the focal point's and validator's (bench/loading.py USERS)
TARGET_DRAFT_SECONDS = 10
TARGET_PAGE_MS = 300


def _as(user: str, action: str, **data: Any) -> Any:
    import ckan.plugins.toolkit as tk

    return tk.get_action(action)({"user": user}, data)


# -- loading ---------------------------------------------------------------------


def covered_names() -> list[str]:
    """The recommendations the report covers: the first 300 public ones of
    the mechanism, by name."""
    import sqlalchemy as sa
    from ckan import model

    from ckanext.simore.db import extras

    mechanism_id = model.Package.get(MECHANISM).id
    join, value = extras.value_sql("mechanism")
    rows = model.Session.execute(
        sa.text(
            f"SELECT p.name FROM package p {join} WHERE p.type = 'recommendation' AND p.state = 'active'"
            f" AND NOT p.private AND {value} IN (:name, :id) ORDER BY p.name LIMIT :limit"
        ),
        {"name": MECHANISM, "id": mechanism_id, "limit": COVERED},
    )
    names = [row.name for row in rows]
    if len(names) < COVERED:
        raise SystemExit(f"only {len(names)} public {MECHANISM} recommendations: load more")
    return names


def obligation_id(names: list[str]) -> str:
    """The follow-up report owed, covering ``names`` (created once)."""
    import sqlalchemy as sa
    from ckan import model

    from ckanext.simore.db import tables

    table = tables.reporting_obligation
    found = model.Session.execute(sa.select(table.c.id).where(table.c.period == PERIOD)).scalar()
    if found:
        return found
    print(f"Adding the {KIND} owed to {MECHANISM.upper()}, covering {len(names)} recommendations...", flush=True)
    created = _as(
        COORDINATOR,
        "simore_obligation_create",
        mechanism=MECHANISM,
        kind=KIND,
        period=PERIOD,
        due_date=(dt.date.today() + dt.timedelta(days=90)).isoformat(),
        state="collecting",
        recommendations=names,
    )
    return created["id"]


def load_calendar() -> None:
    """Planned reports of every mechanism with a periodicity, after three
    reviews (what a coordinator generates; nothing is added twice)."""
    from ckanext.simore.reporting import calendar

    added = 0
    for code in sorted(calendar.shipped_periodicities().mechanisms):
        for review in REVIEWS:
            try:
                added += len(
                    _as(COORDINATOR, "simore_obligation_generate", mechanism=code, review_date=review)["planned"]
                )
            except Exception as error:  # a mechanism the portal does not have
                print(f"  {code} {review}: {error}", flush=True)
    if added:
        print(f"  {added} planned reports added to the calendar", flush=True)


def load_actions(names: list[str]) -> None:
    """500 published actions: one for each covered recommendation, the
    others on two or three of them; each reported by an institution the
    first one is assigned to."""
    import sqlalchemy as sa
    from ckan import model

    from ckanext.simore import keys
    from ckanext.simore.imports import bulk

    filed = model.Session.execute(
        sa.select(sa.func.count())
        .select_from(model.Package)
        .where(model.Package.type == "action", model.Package.name.like("bench-report-action-%"))
    ).scalar_one()
    if filed:
        return
    print(f"Filing {ACTIONS} published actions...", flush=True)
    started = time.perf_counter()
    institutions = {
        package.name: json.loads(package.extras.get("institutions") or "[]") or [INSTITUTION]
        for package in model.Session.query(model.Package).filter(model.Package.name.in_(names))
    }
    rng = random.Random(13)
    datasets = []
    for number in range(ACTIONS):
        recs = [names[number]] if number < len(names) else rng.sample(names, rng.randint(2, 3))
        datasets.append(
            {
                "type": "action",
                "name": f"bench-report-action-{number:04d}",
                "owner_org": rng.choice(institutions[recs[0]]),
                "title_translated": {
                    "es": f"Medida {number}: programa de seguimiento",
                    "en": f"Measure {number}: follow-up programme",
                },
                "recommendations": recs,
                "measure_type": "policy_plan",
                "progress": rng.choice(["in_progress", "completed"]),
            }
        )
    context = dict(bulk.write_context(loading.site_context()["user"]), **{keys.TRANSITION_TARGET: "published"})
    for start in range(0, len(datasets), loading.BATCH):
        loading.write(datasets[start : start + loading.BATCH], context)
    print(f"  filed in {time.perf_counter() - started:.0f} s", flush=True)


def load_indicators(names: list[str]) -> None:
    """50 indicators of the focal point's institution, each measuring 6
    covered recommendations, each with 8 values entered and submitted by
    the focal point and approved by the validating authority."""
    from ckanext.simore.indicators import store

    started, values = time.perf_counter(), 0
    per = len(names) // INDICATORS
    for number in range(INDICATORS):
        code = f"bench-indicator-{number:02d}"
        if store.get(code) is None:
            _as(
                COORDINATOR,
                "simore_indicator_create",
                code=code,
                title={"es": f"Indicador {number} de seguimiento", "en": f"Follow-up indicator {number}"},
                kind="outcome",
                unit="percentage",
                periodicity="annual",
                organization=INSTITUTION,
                disaggregations=["sex"],
                recommendations=names[number * per : (number + 1) * per],
            )
        indicator = store.get(code)
        if store.has_values(indicator.id):
            continue
        for index, (period, breakdown) in enumerate(VALUES):
            added = _as(
                FOCAL_POINT,
                "simore_indicator_value_create",
                indicator=code,
                period=period,
                value=str(40 + (number * 7 + index * 3) % 55 + 0.5),
                disaggregation=breakdown,
            )
            _as(FOCAL_POINT, "simore_indicator_value_transition", id=added["id"], transition="submit", comment="bench")
            _as(VALIDATOR, "simore_indicator_value_transition", id=added["id"], transition="approve", comment="bench")
            values += 1
    if values:
        print(f"  {values} indicator values approved in {time.perf_counter() - started:.0f} s", flush=True)


def load_answers(names: list[str], obligation: str) -> None:
    """An information request of 30 questions to the focal point's
    institution, each about 3 covered recommendations it is assigned,
    answered and approved."""
    import sqlalchemy as sa
    from ckan import model

    from ckanext.simore.db import tables

    found = model.Session.execute(
        sa.select(tables.information_request.c.id).where(tables.information_request.c.title == REQUEST_TITLE)
    ).scalar()
    if found:
        return
    started = time.perf_counter()
    own = [
        package.name
        for package in model.Session.query(model.Package).filter(model.Package.name.in_(names))
        if INSTITUTION in json.loads(package.extras.get("institutions") or "[]")
    ]
    own = sorted(own)[: QUESTIONS * 3]
    questions = [
        {
            "label": str(index + 1),
            "text": f"What was done on these recommendations ({index + 1})?",
            "recommendations": own[start : start + 3],
        }
        for index, start in enumerate(range(0, len(own), 3))
    ]
    request = _as(
        COORDINATOR,
        "simore_information_request_create",
        title=REQUEST_TITLE,
        kind="own",
        deadline=(dt.date.today() + dt.timedelta(days=30)).isoformat(),
        institutions=[INSTITUTION],
        obligation=obligation,
        questions=questions,
    )
    # the mails it sends find no SMTP server here: their errors are not the benchmark's
    logging.disable(logging.CRITICAL)
    try:
        _as(COORDINATOR, "simore_information_request_send", id=request["id"])
    finally:
        logging.disable(logging.NOTSET)
    for question in request["questions"]:
        answer = _as(
            FOCAL_POINT,
            "simore_answer_save",
            question=question["id"],
            organization=INSTITUTION,
            text=f"The institution reports progress on question {question['label']}: a plan was adopted and funded.",
        )
        _as(FOCAL_POINT, "simore_answer_transition", id=answer["id"], transition="submit")
        _as(VALIDATOR, "simore_answer_transition", id=answer["id"], transition="approve")
    print(
        f"  {len(questions)} answers about {len(own)} recommendations approved in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )


def report_size() -> dict[str, int]:
    counts = loading.dataset_counts()
    size = {
        "recommendations": counts.get("recommendation", 0),
        "actions": counts.get("action", 0),
        "obligations": loading.sql_value("SELECT count(*) FROM simore_reporting_obligation"),
        "indicators": loading.sql_value("SELECT count(*) FROM simore_indicator"),
        "approved_values": loading.sql_value("SELECT count(*) FROM simore_indicator_value WHERE state = 'approved'"),
        "approved_answers": loading.sql_value(
            "SELECT count(*) FROM simore_information_answer WHERE state = 'approved'"
        ),
    }
    print("Portal: " + ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in size.items()), flush=True)
    return size


# -- measuring -------------------------------------------------------------------

NUMBERED = re.compile(r"^\d+\.\t")
CITATION = re.compile(r"\([^()]+, para\. [^()]+\)$")


def contents(data: bytes) -> dict[str, int]:
    """What the DOCX holds, read back with python-docx."""
    import docx

    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs if NUMBERED.match(p.text)]
    return {
        "sections": sum(1 for p in document.paragraphs if p.style.name == "Heading 2"),
        "paragraphs": len(paragraphs),
        "citations": sum(1 for text in paragraphs if CITATION.search(text)),
        "with measures": sum(1 for text in paragraphs if "Measures taken:" in text),
        "with indicators": sum(1 for text in paragraphs if "Indicators:" in text),
        "with answers": sum(1 for text in paragraphs if "Information provided:" in text),
        "bytes": len(data),
    }


def checked(response: Any, what: str) -> Any:
    if response.status_code != 200:
        raise SystemExit(f"{what}: HTTP {response.status_code}\n{response.get_data(as_text=True)[:2000]}")
    return response


def api(client: Any, action: str, headers: dict[str, str], **data: Any) -> dict[str, Any]:
    response = client.post(f"/api/3/action/{action}", json=data, headers=headers)
    return checked(response, action).get_json()["result"]


def summary(values: list[float]) -> dict[str, float]:
    return {"p50": statistics.median(values), "p95": search_bench.percentile(values, 0.95), "max": max(values)}


def measure_drafts(client: Any, obligation: str, headers: dict[str, str], runs: int, warmups: int) -> dict[str, Any]:
    """Draft the report (``simore_draft_create`` through the API) and
    download it (``/drafts/<id>/report.docx``), ``warmups`` + ``runs``
    times; each draft read back and deleted."""
    timings: dict[str, list[float]] = {"assemble": [], "download DOCX": [], "total": []}
    found: dict[str, int] = {}
    for run in range(warmups + runs):
        started = time.perf_counter()
        draft = api(client, "simore_draft_create", headers, obligation=obligation, title=f"Bench draft {run}")
        assembled = time.perf_counter()
        response = checked(client.get(f"/drafts/{draft['id']}/report.docx", headers=headers), "report.docx")
        data = response.get_data()
        done = time.perf_counter()
        api(client, "simore_draft_delete", headers, id=draft["id"])
        found = contents(data)
        expected = {"sections": COVERED + 1, "paragraphs": COVERED + 1, "citations": COVERED, "with measures": COVERED}
        wrong = {key: (found[key], value) for key, value in expected.items() if found[key] != value}
        if wrong:
            raise SystemExit(f"the DOCX is not the report expected (found, expected): {wrong}")
        if run >= warmups:
            timings["assemble"].append(assembled - started)
            timings["download DOCX"].append(done - assembled)
            timings["total"].append(done - started)
    print(
        "The DOCX: {sections} sections (Heading 2), {paragraphs} numbered paragraphs, {citations} citing their "
        "recommendation, {with measures} with measures, {with indicators} with indicators, {with answers} with "
        "answers; {bytes} bytes".format(**found),
        flush=True,
    )
    print(f"Drafting the report in s ({runs} runs after {warmups} warm-ups):", flush=True)
    print(f"  {'':<32} {'median':>7} {'p95':>7} {'max':>7}", flush=True)
    results = {}
    for name, values in timings.items():
        results[name] = summary(values)
        print(
            f"  {name:<32} {results[name]['p50']:7.2f} {results[name]['p95']:7.2f} {results[name]['max']:7.2f}",
            flush=True,
        )
    return {"runs": runs, "warmups": warmups, "docx": found, "seconds": results}


def pages(obligation: str, draft: str) -> list[tuple[str, str, str | None]]:
    """(name, URL, user) of every page measured."""
    return [
        ("calendar, public", "/calendar", None),
        ("calendar, coordinator", "/calendar", COORDINATOR),
        ("report owed, coordinator", f"/calendar/{obligation}", COORDINATOR),
        ("draft's page, coordinator", f"/drafts/{draft}", COORDINATOR),
        ("draft's page, focal point", f"/drafts/{draft}", FOCAL_POINT),
        ("drafts, coordinator", "/drafts", COORDINATOR),
    ]


def measure_page(client: Any, name: str, url: str, headers: dict[str, str], repeat: int) -> dict[str, Any]:
    checked(client.get(url, headers=headers), url)
    for _ in range(2):
        client.get(url, headers=headers)  # warm-up
    timings = []
    for _run in range(repeat):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        checked(response, url)
    result = {"name": name, "url": url, "runs": repeat, "bytes": len(response.get_data()), **summary(timings)}
    print(
        f"  {name:<32} {result['p50']:7.0f} {result['p95']:7.0f} {result['max']:7.0f} {result['bytes']:>9}", flush=True
    )
    return result


def main() -> None:
    parser = loading.arguments(__doc__, recommendations=50000)
    parser.add_argument("--drafts", type=int, default=20, help="drafts assembled and downloaded (after the warm-ups)")
    parser.add_argument("--warmups", type=int, default=2, help="drafts assembled first, not counted")
    options = parser.parse_args()

    flask_app = loading.flask_app(options.ini)
    with flask_app.test_request_context():
        loading.ensure_network()
        loading.load_recommendations(options.recommendations, options.data, shape=picker.shape)
        names = covered_names()
        obligation = obligation_id(names)
        load_calendar()
        load_actions(names)
        load_indicators(names)
        load_answers(names, obligation)
        loading.analyze()
        size = report_size()
        tokens = loading.tokens_of([COORDINATOR, FOCAL_POINT])
    client = flask_app.test_client()
    as_coordinator = {"Authorization": tokens[COORDINATOR]}

    load_before = os.getloadavg()
    print(f"Load average before measuring: {' '.join(f'{v:.2f}' for v in load_before)} ({os.cpu_count()} CPUs)")
    drafts = measure_drafts(client, obligation, as_coordinator, options.drafts, options.warmups)
    # a draft kept while its page is measured, deleted after
    draft = api(client, "simore_draft_create", as_coordinator, obligation=obligation, title="Bench draft (page)")
    try:
        print(f"Latency of each page in ms, through the web app ({options.repeat} runs each after 2 warm-ups):")
        print(f"  {'page':<32} {'p50':>7} {'p95':>7} {'max':>7} {'bytes':>9}", flush=True)
        results = [
            measure_page(client, name, url, {"Authorization": tokens[user]} if user else {}, options.repeat)
            for name, url, user in pages(obligation, draft["id"])
            if options.only in name
        ]
    finally:
        api(client, "simore_draft_delete", as_coordinator, id=draft["id"])
    load_after = os.getloadavg()
    print(f"Load average after measuring: {' '.join(f'{v:.2f}' for v in load_after)}")
    total = drafts["seconds"]["total"]
    print(
        f"Draft assembled and downloaded: median {total['p50']:.2f} s, p95 {total['p95']:.2f} s "
        f"(target {TARGET_DRAFT_SECONDS} s)",
        flush=True,
    )
    if results:
        worst = max(results, key=lambda r: r["p95"])
        print(f"Slowest page p95: {worst['name']} {worst['p95']:.0f} ms (target {TARGET_PAGE_MS} ms)", flush=True)
    out = Path(".cache") / f"bench-reports-{options.recommendations}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "recommendations": options.recommendations,
                "portal": size,
                "load_average": {"before": load_before, "after": load_after},
                "drafts": drafts,
                "pages": results,
            },
            indent=1,
        )
    )
    print(f"Figures written to {out}")


if __name__ == "__main__":
    sys.exit(main())
