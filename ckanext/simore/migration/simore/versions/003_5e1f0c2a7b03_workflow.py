"""Workflow tables: report history, status history, reporting rounds,
notifications sent and the focal-point network

Revision ID: 5e1f0c2a7b03
Revises: 5e1f0c2a7b02
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "5e1f0c2a7b03"
down_revision = "5e1f0c2a7b02"
branch_labels = None
depends_on = None


def _id():
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _created():
    return sa.Column("created", sa.DateTime(timezone=True), nullable=False,
                     server_default=sa.func.now())


def upgrade():
    op.create_table(
        "simore_workflow_event", _id(),
        sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("transition", sa.UnicodeText, nullable=False),
        sa.Column("from_state", sa.UnicodeText),
        sa.Column("to_state", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText),
        sa.Column("comment", sa.UnicodeText, nullable=False, server_default=""),
        _created(),
    )
    op.create_table(
        "simore_status_event", _id(),
        sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("from_status", sa.UnicodeText),
        sa.Column("to_status", sa.UnicodeText, nullable=False),
        sa.Column("justification", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText),
        _created(),
    )
    op.create_table(
        "simore_round",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("scope_q", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("scope_fq", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="open"),
        sa.Column("created_by", sa.UnicodeText),
        _created(),
        sa.Column("closed", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "simore_round_item",
        sa.Column("round_id", sa.UnicodeText,
                  sa.ForeignKey("simore_round.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("recommendation_id", sa.UnicodeText, primary_key=True),
        sa.Column("organization_id", sa.UnicodeText, primary_key=True, index=True),
        sa.Column("no_progress_comment", sa.UnicodeText),
        sa.Column("no_progress_by", sa.UnicodeText),
        sa.Column("no_progress_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "simore_notification", _id(),
        sa.Column("event_key", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("subject", sa.UnicodeText, nullable=False),
        _created(),
        sa.UniqueConstraint("event_key", "user_id", name="simore_notification_once"),
    )
    op.create_table(
        "simore_focal_point", _id(),
        sa.Column("organization_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("designation", sa.UnicodeText, nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("until", sa.DateTime(timezone=True)),
        sa.Column("assigned_by", sa.UnicodeText),
    )


def downgrade():
    for table in ("simore_focal_point", "simore_notification", "simore_round_item",
                  "simore_round", "simore_status_event", "simore_workflow_event"):
        op.drop_table(table)
