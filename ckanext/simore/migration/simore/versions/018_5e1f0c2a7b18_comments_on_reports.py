"""Civil society's comments on a submitted report: a contribution may be
about a report (its draft, once submitted) instead of a record

Revision ID: 5e1f0c2a7b18
Revises: 5e1f0c2a7b17
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "5e1f0c2a7b18"
down_revision = "5e1f0c2a7b17"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "simore_contribution",
        sa.Column("draft_id", sa.UnicodeText, sa.ForeignKey("simore_report_draft.id", ondelete="CASCADE")),
    )
    op.create_index("ix_simore_contribution_draft_id", "simore_contribution", ["draft_id"])


def downgrade():
    op.drop_index("ix_simore_contribution_draft_id", "simore_contribution")
    op.drop_column("simore_contribution", "draft_id")
