"""Bulk changes of recommendations, kept whole so that they can be undone

Revision ID: 5e1f0c2a7b08
Revises: 5e1f0c2a7b07
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "5e1f0c2a7b08"
down_revision = "5e1f0c2a7b07"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "simore_change_set",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("operation", sa.UnicodeText, nullable=False),
        sa.Column("justification", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("user_id", sa.UnicodeText),
        sa.Column("undoes", sa.UnicodeText, sa.ForeignKey("simore_change_set.id"), unique=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "simore_change_set_item",
        sa.Column("change_set_id", sa.UnicodeText,
                  sa.ForeignKey("simore_change_set.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("before", JSONB, nullable=False),
        sa.Column("after", JSONB, nullable=False),
    )
    op.create_index("simore_change_set_created", "simore_change_set", ["created"])


def downgrade():
    op.drop_table("simore_change_set_item")
    op.drop_table("simore_change_set")
