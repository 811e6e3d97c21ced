"""The extension's own tables, all declared here (created by the alembic
migrations in ``migration/simore``; the search index's tables are written
in SQL by ``search/writer.py``): workflow history, implementation-status
history, reporting rounds, sent notifications, the focal-point network,
and import runs with the outcome of every row. Where CKAN keeps a dataset's
fields is in ``db/extras.py``."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

metadata = sa.MetaData()


def _id_column() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _created_column() -> sa.Column:
    return sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


# Every transition of an action: who, when, from, to, why.
workflow_event = sa.Table(
    "simore_workflow_event",
    metadata,
    _id_column(),
    sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("transition", sa.UnicodeText, nullable=False),
    sa.Column("from_state", sa.UnicodeText),
    sa.Column("to_state", sa.UnicodeText, nullable=False),
    sa.Column("user_id", sa.UnicodeText),
    sa.Column("comment", sa.UnicodeText, nullable=False, server_default=""),
    _created_column(),
)

# Every change of a recommendation's implementation status.
status_event = sa.Table(
    "simore_status_event",
    metadata,
    _id_column(),
    sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("from_status", sa.UnicodeText),
    sa.Column("to_status", sa.UnicodeText, nullable=False),
    sa.Column("justification", sa.UnicodeText, nullable=False),
    sa.Column("user_id", sa.UnicodeText),
    _created_column(),
)

# A reporting round: what is owed, by when.
reporting_round = sa.Table(
    "simore_round",
    metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("title", sa.UnicodeText, nullable=False),
    sa.Column("description", sa.UnicodeText, nullable=False, server_default=""),
    sa.Column("due_date", sa.Date, nullable=False),
    sa.Column("scope_q", sa.UnicodeText, nullable=False, server_default=""),
    sa.Column("scope_fq", sa.UnicodeText, nullable=False, server_default=""),
    sa.Column("state", sa.UnicodeText, nullable=False, server_default="open"),
    sa.Column("created_by", sa.UnicodeText),
    _created_column(),
    sa.Column("closed", sa.DateTime(timezone=True)),
)

# What each institution owes in a round: one row per (recommendation,
# institution) in scope when the round was opened.
round_item = sa.Table(
    "simore_round_item",
    metadata,
    sa.Column("round_id", sa.UnicodeText, sa.ForeignKey("simore_round.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("recommendation_id", sa.UnicodeText, primary_key=True),
    sa.Column("organization_id", sa.UnicodeText, primary_key=True, index=True),
    # An explicit "no progress this period" answer, instead of an action.
    sa.Column("no_progress_comment", sa.UnicodeText),
    sa.Column("no_progress_by", sa.UnicodeText),
    sa.Column("no_progress_at", sa.DateTime(timezone=True)),
)

# Each e-mail sent, so that no event is ever notified twice.
notification = sa.Table(
    "simore_notification",
    metadata,
    _id_column(),
    sa.Column("event_key", sa.UnicodeText, nullable=False),
    sa.Column("user_id", sa.UnicodeText, nullable=False),
    sa.Column("subject", sa.UnicodeText, nullable=False),
    _created_column(),
    sa.UniqueConstraint("event_key", "user_id", name="simore_notification_once"),
)

# Who is (or was) a focal point or validating authority of an institution.
focal_point = sa.Table(
    "simore_focal_point",
    metadata,
    _id_column(),
    sa.Column("organization_id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("user_id", sa.UnicodeText, nullable=False),
    sa.Column("designation", sa.UnicodeText, nullable=False),
    sa.Column("since", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("until", sa.DateTime(timezone=True)),
    sa.Column("assigned_by", sa.UnicodeText),
)


# -- imports (migration 002) ----------------------------------------------------------

# An import of a file: its options, progress and counts, so that it can be
# resumed and reported.
import_run = sa.Table(
    "simore_import_run",
    metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("source", sa.UnicodeText, nullable=False),
    sa.Column("filename", sa.UnicodeText, nullable=False),
    sa.Column("file_path", sa.UnicodeText),
    sa.Column("file_sha256", sa.UnicodeText),
    sa.Column("organization", sa.UnicodeText, nullable=False),
    sa.Column("options", JSONB, nullable=False),
    sa.Column("user_name", sa.UnicodeText),
    sa.Column("state", sa.UnicodeText, nullable=False),
    sa.Column("total_rows", sa.Integer, nullable=False),
    sa.Column("rows_done", sa.Integer, nullable=False),
    sa.Column("counts", JSONB, nullable=False),
    sa.Column("dry_run_counts", JSONB, nullable=False),
    sa.Column("error", sa.UnicodeText),
    sa.Column("job_id", sa.UnicodeText),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("updated", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("finished", sa.DateTime(timezone=True)),
)

# The outcome of every row of an import, per phase (dry run, import).
import_row = sa.Table(
    "simore_import_row",
    metadata,
    sa.Column("run_id", sa.UnicodeText, sa.ForeignKey("simore_import_run.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("phase", sa.UnicodeText, primary_key=True),
    sa.Column("row_number", sa.Integer, primary_key=True),
    sa.Column("outcome", sa.UnicodeText, nullable=False),
    sa.Column("dataset_name", sa.UnicodeText),
    sa.Column("duplicate_of", sa.Integer),
    sa.Column("messages", JSONB, nullable=False),
)
