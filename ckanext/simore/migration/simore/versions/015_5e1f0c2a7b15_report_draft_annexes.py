"""Report drafts' annexes: files attached to a draft, public with the
report once it is submitted

Revision ID: 5e1f0c2a7b15
Revises: 5e1f0c2a7b14
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "5e1f0c2a7b15"
down_revision = "5e1f0c2a7b14"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "simore_report_draft_annex",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("draft_id", sa.UnicodeText,
                  sa.ForeignKey("simore_report_draft.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("filename", sa.UnicodeText, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.UnicodeText),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def downgrade():
    op.drop_table("simore_report_draft_annex")
