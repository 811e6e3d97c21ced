"""Civil society: requests to join an organization or to register one

Revision ID: 5e1f0c2a7b17
Revises: 5e1f0c2a7b16
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "5e1f0c2a7b17"
down_revision = "5e1f0c2a7b16"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "simore_membership_request",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("organization_id", sa.UnicodeText, index=True),
        sa.Column("proposal", JSONB),
        sa.Column("message", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("reason", sa.UnicodeText),
        sa.Column("decided_by", sa.UnicodeText),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("decided", sa.DateTime(timezone=True)),
    )
    op.create_index(
        "simore_membership_request_pending_once",
        "simore_membership_request",
        ["user_id", sa.text("coalesce(organization_id, proposal->>'name')")],
        unique=True,
        postgresql_where=sa.text("state = 'pending'"),
    )


def downgrade():
    op.drop_table("simore_membership_request")
