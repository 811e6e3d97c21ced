"""Reporting: the calendar of reporting obligations and the recommendations
each covers

Revision ID: 5e1f0c2a7b09
Revises: 5e1f0c2a7b08
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "5e1f0c2a7b09"
down_revision = "5e1f0c2a7b08"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "simore_reporting_obligation",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("mechanism_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("period", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("period_start", sa.Date),
        sa.Column("period_end", sa.Date),
        sa.Column("due_date", sa.Date, nullable=False, index=True),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="planned"),
        sa.Column("document_symbol", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("submitted_on", sa.Date),
        sa.Column("notes", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("created_by", sa.UnicodeText),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "simore_reporting_obligation_recommendation",
        sa.Column("obligation_id", sa.UnicodeText,
                  sa.ForeignKey("simore_reporting_obligation.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("recommendation_id", sa.UnicodeText, primary_key=True, index=True),
    )


def downgrade():
    op.drop_table("simore_reporting_obligation_recommendation")
    op.drop_table("simore_reporting_obligation")
