"""Report drafts: a report owed in the calendar, assembled into sections
that are edited with versions and commented on

Revision ID: 5e1f0c2a7b14
Revises: 5e1f0c2a7b13
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "5e1f0c2a7b14"
down_revision = "5e1f0c2a7b13"
branch_labels = None
depends_on = None


def _created():
    return sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def upgrade():
    op.create_table(
        "simore_report_draft",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("obligation_id", sa.UnicodeText,
                  sa.ForeignKey("simore_reporting_obligation.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("language", sa.UnicodeText, nullable=False),
        sa.Column("structure", sa.UnicodeText, nullable=False),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="drafting"),
        sa.Column("word_limit", sa.Integer),
        sa.Column("created_by", sa.UnicodeText),
        _created(),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("simore_report_draft_obligation_idx", "simore_report_draft", ["obligation_id"])
    op.create_table(
        "simore_report_draft_section",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("draft_id", sa.UnicodeText,
                  sa.ForeignKey("simore_report_draft.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("heading", sa.UnicodeText, nullable=False),
        sa.Column("body", sa.UnicodeText, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("recommendations", JSONB, nullable=False),
        sa.Column("institutions", JSONB, nullable=False),
    )
    op.create_index("simore_report_draft_section_draft_idx", "simore_report_draft_section", ["draft_id", "position"])
    op.create_table(
        "simore_report_draft_section_version",
        sa.Column("section_id", sa.UnicodeText,
                  sa.ForeignKey("simore_report_draft_section.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("heading", sa.UnicodeText, nullable=False),
        sa.Column("body", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText),
        _created(),
    )
    op.create_table(
        "simore_report_draft_comment",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("section_id", sa.UnicodeText,
                  sa.ForeignKey("simore_report_draft_section.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.UnicodeText),
        sa.Column("institution_id", sa.UnicodeText),
        sa.Column("text", sa.UnicodeText, nullable=False),
        _created(),
    )
    op.create_index("simore_report_draft_comment_section_idx", "simore_report_draft_comment", ["section_id"])


def downgrade():
    op.drop_table("simore_report_draft_comment")
    op.drop_table("simore_report_draft_section_version")
    op.drop_table("simore_report_draft_section")
    op.drop_table("simore_report_draft")
