"""The import tables (created by migration 002): import runs and the outcome
of every row."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

metadata = sa.MetaData()

import_run = sa.Table(
    "simore_import_run", metadata,
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

import_row = sa.Table(
    "simore_import_row", metadata,
    sa.Column("run_id", sa.UnicodeText, sa.ForeignKey("simore_import_run.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("phase", sa.UnicodeText, primary_key=True),
    sa.Column("row_number", sa.Integer, primary_key=True),
    sa.Column("outcome", sa.UnicodeText, nullable=False),
    sa.Column("dataset_name", sa.UnicodeText),
    sa.Column("duplicate_of", sa.Integer),
    sa.Column("messages", JSONB, nullable=False),
)
