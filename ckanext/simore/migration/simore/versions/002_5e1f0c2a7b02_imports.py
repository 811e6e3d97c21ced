"""Import tables: import runs and the outcome of every row

Revision ID: 5e1f0c2a7b02
Revises: b5035b850384
Create Date: 2026-11-23

A run records who imported which file (kept on disk for the web flow and
for resuming), its state and counts; each row's outcome (created, updated,
unchanged, merged, rejected, with its messages) is written in the same
transaction as the records of its batch, so that a killed import can be
completed by re-running it.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "5e1f0c2a7b02"
down_revision = "b5035b850384"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "simore_import_run",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("source", sa.UnicodeText, nullable=False),
        sa.Column("filename", sa.UnicodeText, nullable=False),
        sa.Column("file_path", sa.UnicodeText),
        sa.Column("file_sha256", sa.UnicodeText),
        sa.Column("organization", sa.UnicodeText, nullable=False),
        sa.Column("options", JSONB, nullable=False, server_default="{}"),
        sa.Column("user_name", sa.UnicodeText),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("total_rows", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rows_done", sa.Integer, nullable=False, server_default="0"),
        sa.Column("counts", JSONB, nullable=False, server_default="{}"),
        sa.Column("dry_run_counts", JSONB, nullable=False, server_default="{}"),
        sa.Column("error", sa.UnicodeText),
        sa.Column("job_id", sa.UnicodeText),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("finished", sa.DateTime(timezone=True)),
    )
    op.create_index("simore_import_run_created", "simore_import_run", ["created"])
    op.create_table(
        "simore_import_row",
        sa.Column("run_id", sa.UnicodeText,
                  sa.ForeignKey("simore_import_run.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("phase", sa.UnicodeText, primary_key=True),
        sa.Column("row_number", sa.Integer, primary_key=True),
        sa.Column("outcome", sa.UnicodeText, nullable=False),
        sa.Column("dataset_name", sa.UnicodeText),
        sa.Column("duplicate_of", sa.Integer),
        sa.Column("messages", JSONB, nullable=False, server_default="[]"),
    )


def downgrade():
    op.drop_table("simore_import_row")
    op.drop_index("simore_import_run_created", table_name="simore_import_run")
    op.drop_table("simore_import_run")
