"""Running an import: read the file, map every row, match it against the
portal, and then either report (dry run) or write.

Two passes over the file: the first reads every row (a broken file is
refused before anything is written), counts them and finds the
duplicates; the second works in batches. Each batch's new records, their
index documents, their activities and the batch's row outcomes are
committed together, so a killed import leaves whole batches behind and a
re-run (or ``resume``) completes it: rows already recorded are skipped, and
records already written are found again by their deterministic names.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

from ckanext.simore import config as simore_config
from ckanext.simore import names
from ckanext.simore.imports import bulk, existing, formats, plan, records, runs, sources
from ckanext.simore.imports import messages as m
from ckanext.simore.imports.messages import FileRefused, Message
from ckanext.simore.imports.plan import RowResult

log = logging.getLogger(__name__)

BATCH_SIZE = 500


def default_workers() -> int:
    """Worker processes of a CLI import: one per core (on 2 cores, a third
    measured no faster: PostgreSQL's share of the work runs on them too)."""
    return os.cpu_count() or 1


Progress = Callable[[int, int], None]


@dataclass
class Context:
    """What a run needs to know about the portal, read once."""

    organization: str
    user: str
    create_mechanisms: bool
    mechanisms: existing.Mechanisms
    portal: existing.Existing
    languages: list[str]
    one_by_one: bool = False
    country: str = ""  # ISO alpha-3: rows addressed to another are refused
    new_mechanisms: dict[str, str] = field(default_factory=dict)  # name -> code
    organization_id: str = ""
    mechanism_ids: dict[str, str] = field(default_factory=dict)  # name -> id
    # keeps the referenced objects in the session's identity map
    loaded: list[Any] = field(default_factory=list)

    def load_references(self) -> None:
        org = model.Group.get(self.organization)
        self.organization_id = org.id if org else self.organization
        self.loaded = [org]
        for name in set(self.mechanisms.by_label.values()):
            package = model.Package.get(name)
            if package is not None:
                self.mechanism_ids[name] = package.id
                self.loaded.append(package)


def _special_procedure_code(label: str) -> str | None:
    if not formats.SPECIAL_PROCEDURE.match(label):
        return None
    return re.sub(r"[^A-Za-z0-9.\-]+", "-", label.strip()).strip("-")


def resolve_mechanism(record: records.Record, ctx: Context) -> None:
    label = record.mechanism_label
    if not label:
        return
    name = ctx.mechanisms.find(label)
    if name is None:
        code = _special_procedure_code(label)
        if code and ctx.create_mechanisms:
            name = names.url_name(code)
            ctx.new_mechanisms.setdefault(name, code)
            record.warnings.append(Message(m.NEW_MECHANISM, {"code": code}))
        else:
            record.errors.append(Message(m.UNKNOWN_MECHANISM, {"label": label}))
            return
    record.fields["mechanism"] = name
    if name == "upr" and record.fields.get("session", "").isdigit():
        cycle = records.cycle_for_session(int(record.fields["session"]))
        if cycle:
            record.fields["upr_cycle"] = cycle


def read_records(table: sources.Table, ctx: Context) -> Iterator[records.Record]:
    layout, mapping = formats.detect(table.headers)
    parse = formats.parser(layout, mapping, ctx.languages)
    limit = simore_config.max_input_chars()
    for row in table.rows():
        record = parse(row)
        resolve_mechanism(record, ctx)
        addressed = record.fields.get("country")
        if ctx.country and addressed and addressed != ctx.country:
            record.errors.append(m.Message(m.OTHER_COUNTRY, {"country": addressed, "expected": ctx.country}))
        # a cell over the limit rejects its row alone, in the dry run and
        # in the import alike
        for column, value in row[1].items():
            if isinstance(value, str) and len(value) > limit:
                record.errors.append(
                    m.Message(m.CELL_TOO_LONG, {"column": column, "length": len(value), "limit": limit})
                )
        yield record


@dataclass
class FirstPass:
    layout: str
    total: int
    first_row: dict[str, int]  # name -> first row with it
    duplicates: dict[str, list[records.Record]]


def first_pass(table: sources.Table, ctx: Context) -> FirstPass:
    layout, _ = formats.detect(table.headers)
    first_row: dict[str, int] = {}
    duplicates: dict[str, list[records.Record]] = {}
    total = 0
    for record in read_records(table, ctx):
        total += 1
        if record.rejected:
            continue
        name, _key = records.identity(record)
        if name in first_row:
            duplicates.setdefault(name, []).append(record)
        else:
            first_row[name] = record.row
    if not total:
        raise FileRefused(m.NO_ROWS)
    return FirstPass(layout, total, first_row, duplicates)


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _invalid(errors: dict[str, Any]) -> list[Message]:
    found = []
    for field_name, problems in errors.items():
        for problem in problems if isinstance(problems, list) else [problems]:
            found.append(Message(m.INVALID, {"field": field_name, "error": str(problem)}))
    return found


@dataclass
class Decision:
    result: RowResult
    create: dict[str, Any] | None = None  # validated data of a new record
    raw: dict[str, Any] | None = None  # what was validated
    update: records.Record | None = None  # a record to apply to an existing one
    existing_id: str | None = None


def decide(record: records.Record, first: FirstPass, ctx: Context, context: dict[str, Any]) -> Decision:
    """What to do with one row (nothing is written here)."""
    messages = list(record.warnings)
    if record.rejected:
        return Decision(RowResult(record.row, plan.REJECTED, messages=record.errors + messages))
    name, key = records.identity(record)
    first_row = first.first_row.get(name)
    if first_row is not None and first_row != record.row:
        return Decision(
            RowResult(record.row, plan.MERGED, name, first_row, messages + [Message(m.DUPLICATE, {"row": first_row})])
        )
    for duplicate in first.duplicates.get(name, []):
        merged = records.merge_duplicate(record, duplicate)
        if merged.template == m.DUPLICATE_CONFLICT:
            messages.append(Message(merged.template, dict(merged.params, row=duplicate.row)))
    stored = ctx.portal.find(name, record.fields.get("external_id"), key)
    if stored is not None:
        if stored["state"] == "deleted":
            return Decision(
                RowResult(
                    record.row,
                    plan.REJECTED,
                    stored["name"],
                    messages=[Message(m.DELETED, {"name": stored["name"]})] + messages,
                )
            )
        if not records.changes(record, stored):
            return Decision(RowResult(record.row, plan.UNCHANGED, stored["name"], messages=messages))
        return Decision(
            RowResult(record.row, plan.UPDATED, stored["name"], messages=messages),
            update=record,
            existing_id=stored["id"],
        )
    data = records.new_dataset(record, name, ctx.organization_id)
    # ids, not names: the validators then find them without a query
    data["mechanism"] = ctx.mechanism_ids.get(data["mechanism"], data["mechanism"])
    validated, errors = bulk.validate(data, context)
    if record.fields["mechanism"] in ctx.new_mechanisms and record.fields["mechanism"] not in ctx.mechanism_ids:
        # a dry run: the mechanism would be created first
        errors.pop("mechanism", None)
    if errors:
        return Decision(RowResult(record.row, plan.REJECTED, messages=_invalid(errors) + messages))
    return Decision(RowResult(record.row, plan.CREATED, name, messages=messages), create=validated, raw=data)


@dataclass
class _Job:
    run_id: str
    phase: str
    first: FirstPass
    ctx: Context
    context: dict[str, Any]

    @property
    def dry_run(self) -> bool:
        return self.phase == plan.DRY_RUN


def _process(job: _Job, batch: list[records.Record]) -> int:
    """Decide, write and record one batch in one transaction: its records,
    their index entries and activities and its rows' outcomes are committed
    together or not at all. If the database refuses the batch, its rows are
    written one by one, so one row it refuses never fails the others."""
    try:
        _process_together(job, batch)
    except Exception:
        model.Session.rollback()
        if job.dry_run:
            raise
        log.warning("import %s: a batch failed to write; writing its rows one by one", job.run_id)
        for record in batch:
            _process_alone(job, record)
    except BaseException:  # a kill (Ctrl-C): nothing of the batch stays
        model.Session.rollback()
        raise
    return len(batch)


def _process_together(job: _Job, batch: list[records.Record]) -> None:
    # Not waiting for the commit's disk flush only risks the last batches
    # on a crash of the database server, which a re-run redoes.
    model.Session.execute(sa.text("SET LOCAL synchronous_commit TO off"))
    names = [records.identity(record)[0] for record in batch if not record.rejected]
    context = bulk.batch_context(job.context, names)
    decisions = [decide(record, job.first, job.ctx, context) for record in batch]
    created = [] if job.dry_run else _write(decisions, job.ctx, job.context)
    runs.save_rows(job.run_id, job.phase, [d.result for d in decisions])
    model.Session.commit()
    # known to later batches only once committed
    for show in created:
        job.ctx.portal.add(dict(show, state=show.get("state", "active")))


def _process_alone(job: _Job, record: records.Record) -> None:
    """One row in its own transaction; if the database refuses it, the row
    is recorded as rejected with the database's reason (its first line:
    never the statement)."""
    try:
        _process_together(job, [record])
    except Exception as error:
        model.Session.rollback()
        log.exception("import %s: row %s could not be written", job.run_id, record.row)
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:300] or type(error).__name__
        runs.save_rows(
            job.run_id,
            job.phase,
            [RowResult(record.row, plan.REJECTED, messages=[Message(m.WRITE_FAILED, {"reason": reason})])],
        )
        model.Session.commit()


# The job of forked workers, set before the pool is created (fork copies it).
_JOB: _Job | None = None


def _init_worker() -> None:
    # a forked worker opens its own database connections
    model.meta.engine.dispose(close=False)


def _process_in_worker(batch: list[records.Record]) -> int:
    assert _JOB is not None
    return _process(_JOB, batch)


def _processed(job: _Job, batches: Iterator[list[records.Record]], workers: int) -> Iterator[int]:
    """The sizes of the batches done. With several workers, each forked
    process handles whole batches in its own transactions, so that the
    validation, the writes and the database's indexing work run side by
    side."""
    if workers <= 1:
        for batch in batches:
            yield _process(job, batch)
        return
    import collections
    import multiprocessing

    global _JOB
    _JOB = job
    # the session hands its connection back, so no worker inherits one in use
    model.Session.commit()
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_init_worker)
    pending: collections.deque = collections.deque()
    try:
        for batch in batches:
            pending.append(pool.apply_async(_process_in_worker, (batch,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
    finally:
        pool.terminate()
        pool.join()
        _JOB = None


def prepare(run_id: str) -> tuple[dict[str, Any], sources.Table, Context, FirstPass]:
    run = runs.get(run_id)
    if run is None:
        raise KeyError(run_id)
    ctx = Context(
        organization=run["organization"],
        user=run["user_name"] or tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"],
        create_mechanisms=bool(run["options"].get("create_mechanisms", True)),
        one_by_one=run["options"].get("method") == "package_create",
        country=simore_config.country(),
        mechanisms=existing.mechanisms(),
        portal=existing.recommendations(),
        languages=simore_config.languages(),
    )
    if model.Group.get(run["organization"]) is None:
        raise FileRefused(m.NO_ORGANIZATION, name=run["organization"])
    table = sources.open_table(
        Path(run["file_path"]),
        sources.Limits(
            max_rows=simore_config.import_max_rows(), max_unpacked_bytes=simore_config.import_max_unpacked_bytes()
        ),
    )
    first = first_pass(table, ctx)
    if first.layout in (formats.UPR_INFO,) and ctx.mechanisms.find("UPR") is None:
        raise FileRefused(m.NO_MECHANISM, code="UPR")
    return run, table, ctx, first


def execute(run_id: str, dry_run: bool, progress: Progress | None = None) -> dict[str, int]:
    """Run (or check) an import; returns the counts. A file refused as a
    whole marks the run ``refused`` and raises FileRefused."""
    phase = plan.DRY_RUN if dry_run else plan.IMPORT
    runs.update(run_id, state=runs.CHECKING if dry_run else runs.IMPORTING, error=None)
    try:
        run, table, ctx, first = prepare(run_id)
    except FileRefused as error:
        model.Session.rollback()
        runs.update(run_id, state=runs.REFUSED, error=m.stored(error.message), finished=_now())
        raise
    runs.update(run_id, source=first.layout, total_rows=first.total)
    if dry_run:
        runs.clear_rows(run_id, phase)
    done = runs.done_rows(run_id, phase)
    context = bulk.write_context(ctx.user)
    ctx.load_references()
    mechanisms_created = 0
    rows_done = len(done)
    try:
        if not dry_run:
            mechanisms_created = _create_mechanisms(ctx, context)
            ctx.load_references()
        batches = _batches((r for r in read_records(table, ctx) if r.row not in done), BATCH_SIZE)
        job = _Job(run_id, phase, first, ctx, context)
        for size in _processed(job, batches, int(run["options"].get("workers") or 1)):
            rows_done += size
            runs.update(run_id, rows_done=rows_done)
            if progress:
                progress(rows_done, first.total)
    except BaseException as error:  # a kill (Ctrl-C) too: leave whole batches only
        model.Session.rollback()
        log.exception("import %s failed", run_id)
        runs.update(run_id, state=runs.FAILED, error=str(error)[:2000])
        raise
    counts = runs.counts(run_id, phase)
    counts["mechanisms_created"] = len(ctx.new_mechanisms) if dry_run else mechanisms_created
    if dry_run:
        runs.update(run_id, state=runs.CHECKED, dry_run_counts=counts)
    else:
        runs.update(run_id, state=runs.COMPLETED, counts=counts, finished=_now())
    return counts


def _now() -> Any:
    return sa.func.now()


def _create_mechanisms(ctx: Context, context: dict[str, Any]) -> int:
    """Special Procedures mandates UHRI names (``SR Torture``) that the
    portal has no mechanism for yet, created through package_create."""
    created = 0
    for name, code in ctx.new_mechanisms.items():
        if model.Package.get(name) is not None:
            continue
        tk.get_action("package_create")(
            dict(context),
            {
                "type": "mechanism",
                "code": code,
                "name": name,
                "family": "special_procedure",
                "system": "un",
                "title_translated": {records.SOURCE_LANGUAGE: code.replace("-", " ", 1)},
                records.SOURCE_LANGUAGE_FIELD: records.SOURCE_LANGUAGE,
                "owner_org": ctx.organization,
            },
        )
        ctx.mechanisms.add(name, [code, name])
        created += 1
    return created


def _write(decisions: list[Decision], ctx: Context, context: dict[str, Any]) -> list[dict[str, Any]]:
    """Writes a batch's decisions; returns the records it created."""
    # Updates go through package_update (each commits itself, with its
    # activity); new records through the fast path, committed with the batch.
    for decision in decisions:
        if decision.update is None:
            continue
        current = tk.get_action("package_show")(dict(context), {"id": decision.existing_id})
        data = records.updated_dataset(current, decision.update)
        try:
            tk.get_action("package_update")(dict(context), data)
        except tk.ValidationError as error:
            model.Session.rollback()
            decision.result.outcome = plan.REJECTED
            decision.result.messages[:0] = _invalid(error.error_dict)
    creates = [d for d in decisions if d.create is not None]
    if ctx.one_by_one:
        # the reference path (benchmark, tests): CKAN's own action per record
        return [tk.get_action("package_create")(dict(context), dict(d.raw)) for d in creates]
    return bulk.create([d.create for d in creates], context) if creates else []
