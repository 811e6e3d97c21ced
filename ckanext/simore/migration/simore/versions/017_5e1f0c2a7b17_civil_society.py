"""Civil society: requests to join an organization or to register one;
consultations on report drafts; contributions (comments, assessments,
measures, institutions' answers, comments in a consultation) and reports
of abuse

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

    op.create_table(
        "simore_consultation",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("draft_id", sa.UnicodeText,
                  sa.ForeignKey("simore_report_draft.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("opens", sa.Date, nullable=False),
        sa.Column("closes", sa.Date, nullable=False),
        sa.Column("audience", sa.UnicodeText, nullable=False),
        sa.Column("message", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("closed", sa.DateTime(timezone=True)),
        sa.Column("published", sa.DateTime(timezone=True)),
        sa.Column("created_by", sa.UnicodeText),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "simore_consultation_invitee",
        sa.Column("consultation_id", sa.UnicodeText,
                  sa.ForeignKey("simore_consultation.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("organization_id", sa.UnicodeText, primary_key=True),
    )
    op.create_table(
        "simore_contribution",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, index=True),
        sa.Column("parent_id", sa.UnicodeText,
                  sa.ForeignKey("simore_contribution.id", ondelete="CASCADE"), index=True),
        sa.Column("consultation_id", sa.UnicodeText,
                  sa.ForeignKey("simore_consultation.id", ondelete="CASCADE"), index=True),
        sa.Column("section_id", sa.UnicodeText,
                  sa.ForeignKey("simore_report_draft_section.id", ondelete="CASCADE")),
        sa.Column("organization_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("author_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("show_author", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("language", sa.UnicodeText, nullable=False),
        sa.Column("body", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText),
        sa.Column("evidence", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("moderation_reason", sa.UnicodeText),
        sa.Column("moderated_by", sa.UnicodeText),
        sa.Column("moderated", sa.DateTime(timezone=True)),
        sa.Column("published", sa.DateTime(timezone=True)),
        sa.Column("response", sa.UnicodeText),
        sa.Column("response_text", sa.UnicodeText),
        sa.Column("responded_by", sa.UnicodeText),
        sa.Column("responded", sa.DateTime(timezone=True)),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("simore_contribution_state_idx", "simore_contribution", ["state", "created"])
    op.create_table(
        "simore_contribution_report",
        sa.Column("contribution_id", sa.UnicodeText,
                  sa.ForeignKey("simore_contribution.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.UnicodeText, primary_key=True),
        sa.Column("reason", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def downgrade():
    op.drop_table("simore_contribution_report")
    op.drop_table("simore_contribution")
    op.drop_table("simore_consultation_invitee")
    op.drop_table("simore_consultation")
    op.drop_table("simore_membership_request")
