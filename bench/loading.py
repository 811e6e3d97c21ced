"""Loading a benchmark portal quickly: the coordinating body, 60
institutions, the mechanisms, a few users, and N recommendations written as
real datasets through the import's fast path
(``ckanext.simore.imports.bulk``: scheming validation, package rows, search
index, activities, one commit per batch) with status histories.

The recommendation-like records are the search benchmark's
(``bench/search.py``'s ``documents``: UPR Info texts, vocabulary codes with
realistic skew, 60 institutions with Zipf-like assignment); a benchmark may
shape them further (``load_recommendations(..., shape=...)``). Used by
``bench/dashboards.py`` and ``bench/picker.py``; call inside a request
context of the app (``flask_app(ini).test_request_context()``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
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
USERS = {  # name: (institution, capacity)
    "bench-coordinator": (COORDINATION, "editor"),
    "bench-focal-point": ("institution-01", "editor"),
    "bench-validator": ("institution-01", "admin"),
    "bench-focal-point-30": ("institution-30", "editor"),
}


def site_context() -> dict[str, Any]:
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
            tk.get_action("user_show")(site_context(), {"id": name})
            continue
        except tk.ObjectNotFound:
            pass
        tk.get_action("user_create")(
            site_context(), {"name": name, "email": f"{name}@example.org", "password": "bench-password-1234"}
        )
        tk.get_action("organization_member_create")(
            site_context(), {"id": organization, "username": name, "role": capacity}
        )


def country_codes(labels: list[str]) -> list[str]:
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
        "country": (country_codes(doc.get("country", [])) or [None])[0],
        "upr_cycle": (doc.get("upr_cycle") or [None])[0],
        "session": doc.get("session"),
        "upr_position": (doc.get("upr_position") or [None])[0],
        "recommending_states": country_codes(doc.get("recommending_states", [])),
        "themes": doc.get("themes", []),
        "affected_persons": doc.get("affected_persons", []),
        "sdg_goals": doc.get("sdg_goals", []),
        "sdg_targets": [code for code in doc.get("sdg_targets", []) if code in vocabulary.get("sdg_targets")],
        "institutions": doc.get("institutions", []),
        "implementation_status": doc["implementation_status"][0],
        "publication_date": "{}-06-30".format(doc["publication_year"][0]),
    }


def write(datasets: list[dict[str, Any]], context: dict[str, Any], events=()) -> int:
    import sqlalchemy as sa
    from ckan import model

    from ckanext.simore.db import tables
    from ckanext.simore.imports import bulk

    # as the import validates a batch: free names and the owner known at once
    context = bulk.batch_context(context, [data["name"] for data in datasets])
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


def load_recommendations(
    total: int, data: Path, shape: Callable[[dict[str, Any]], dict[str, Any]] | None = None
) -> None:
    import sqlalchemy as sa
    from ckan import model

    from ckanext.simore import keys
    from ckanext.simore.imports import bulk

    existing = model.Session.execute(
        sa.select(sa.func.count()).select_from(model.Package).where(model.Package.type == "recommendation")
    ).scalar_one()
    if existing >= total:
        return
    print(f"Loading {total - existing} recommendations (the portal has {existing})...", flush=True)
    # the status and assignment stand for what simore_status_set and
    # simore_recommendation_assign would have written (their history is
    # the events below), which only they may change
    context = dict(bulk.write_context(site_context()["user"]), **{keys.STATUS_TARGET: True, keys.ASSIGNMENT: True})
    # ids, not names: the validators then find the mechanisms without a query
    mechanisms = dict(
        model.Session.execute(
            sa.select(model.Package.name, model.Package.id).where(model.Package.type == "mechanism")
        ).all()
    )
    rng = random.Random(11)
    started, batch, events = time.perf_counter(), [], []
    for number, doc in enumerate(search_bench.documents(data, total)):
        if number < existing:
            continue
        dataset = (shape or dataset_of)(doc)
        batch.append(dict(dataset, mechanism=mechanisms.get(dataset["mechanism"], dataset["mechanism"])))
        events.extend(_status_events(doc, rng))
        if len(batch) == BATCH:
            write(batch, context, events)
            batch, events = [], []
            if (number + 1) % 5000 == 0:
                elapsed = time.perf_counter() - started
                print(f"  {number + 1} recommendations, {elapsed:.0f} s", flush=True)
    if batch:
        write(batch, context, events)
    print(f"Loaded in {time.perf_counter() - started:.0f} s", flush=True)
    analyze()


def analyze() -> None:
    """Table statistics for the planner, as autovacuum gathers them soon
    after a large load (the test machines run PostgreSQL without it)."""
    import sqlalchemy as sa
    from ckan import model

    with model.meta.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as admin:
        admin.execute(sa.text("ANALYZE"))


def tokens_of(users: list[str]) -> dict[str, str]:
    import ckan.plugins.toolkit as tk

    return {
        user: tk.get_action("api_token_create")(site_context(), {"user": user, "name": "bench"})["token"]
        for user in users
    }


def flask_app(ini: str) -> Any:
    """CKAN's Flask app for the configuration ``ini``."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))
    return app._wsgi_app if hasattr(app, "_wsgi_app") else app.apps["flask_app"]._wsgi_app


def arguments(doc: str, recommendations: int) -> argparse.ArgumentParser:
    """A benchmark's command line: the ini, how many recommendations, the
    UPR Info extract, how many runs; ``--only`` what to measure."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("ini")
    parser.add_argument("--recommendations", type=int, default=recommendations)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", default="", help="measure only what is named with this")
    return parser


def dataset_counts() -> dict[str, int]:
    """How many active datasets of each type the database holds."""
    import sqlalchemy as sa
    from ckan import model

    return dict(
        model.Session.execute(
            sa.select(model.Package.type, sa.func.count())
            .where(model.Package.state == "active")
            .group_by(model.Package.type)
        ).all()
    )


def sql_value(statement: str) -> Any:
    """The one value a (literal, trusted) SQL statement selects."""
    import sqlalchemy as sa
    from ckan import model

    return model.Session.execute(sa.text(statement)).scalar()
