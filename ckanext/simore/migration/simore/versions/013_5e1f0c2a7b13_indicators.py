"""Indicators: their definitions, the recommendations each measures, their
values over time and the history of each value's validation

Revision ID: 5e1f0c2a7b13
Revises: 5e1f0c2a7b12
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "5e1f0c2a7b13"
down_revision = "5e1f0c2a7b12"
branch_labels = None
depends_on = None


def _moment(name):
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def upgrade():
    op.create_table(
        "simore_indicator",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("code", sa.UnicodeText, nullable=False, unique=True),
        sa.Column("title", JSONB, nullable=False),
        sa.Column("description", JSONB, nullable=False, server_default="{}"),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("unit", sa.UnicodeText, nullable=False),
        sa.Column("currency", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("source", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("periodicity", sa.UnicodeText, nullable=False),
        sa.Column("disaggregations", JSONB, nullable=False, server_default="[]"),
        sa.Column("organization_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("themes", JSONB, nullable=False, server_default="[]"),
        sa.Column("sdg_targets", JSONB, nullable=False, server_default="[]"),
        sa.Column("created_by", sa.UnicodeText),
        _moment("created"),
        _moment("modified"),
    )
    op.create_table(
        "simore_indicator_recommendation",
        sa.Column("indicator_id", sa.UnicodeText,
                  sa.ForeignKey("simore_indicator.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("recommendation_id", sa.UnicodeText, primary_key=True, index=True),
    )
    op.create_table(
        "simore_indicator_value",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("indicator_id", sa.UnicodeText,
                  sa.ForeignKey("simore_indicator.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("period", sa.UnicodeText, nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("value", sa.Numeric, nullable=False),
        sa.Column("disaggregation", JSONB, nullable=False, server_default="{}"),
        sa.Column("disaggregation_key", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("organization_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("note", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("source", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="draft"),
        sa.Column("created_by", sa.UnicodeText),
        _moment("created"),
        _moment("modified"),
        sa.UniqueConstraint("indicator_id", "period", "disaggregation_key", name="simore_indicator_value_once"),
    )
    op.create_table(
        "simore_indicator_value_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("value_id", sa.UnicodeText,
                  sa.ForeignKey("simore_indicator_value.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("transition", sa.UnicodeText, nullable=False),
        sa.Column("from_state", sa.UnicodeText),
        sa.Column("to_state", sa.UnicodeText, nullable=False),
        sa.Column("comment", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("user_id", sa.UnicodeText),
        _moment("created"),
    )


def downgrade():
    op.drop_table("simore_indicator_value_event")
    op.drop_table("simore_indicator_value")
    op.drop_table("simore_indicator_recommendation")
    op.drop_table("simore_indicator")
