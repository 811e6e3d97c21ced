"""Information requests: questions sent to institutions, their links to
recommendations and themes, assignments, answers with their history and
attachments

Revision ID: 5e1f0c2a7b12
Revises: 5e1f0c2a7b11
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "5e1f0c2a7b12"
down_revision = "5e1f0c2a7b11"
branch_labels = None
depends_on = None


def _text(name, *args, **kwargs):
    return sa.Column(name, sa.UnicodeText, *args, **kwargs)


def _created(name="created"):
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def _part_of(name, parent):
    return _text(name, sa.ForeignKey(parent + ".id", ondelete="CASCADE"), primary_key=True)


def upgrade():
    op.create_table(
        "simore_information_request",
        _text("id", primary_key=True),
        _text("title", nullable=False),
        _text("kind", nullable=False),
        _text("mechanism_id"),
        _text("obligation_id", sa.ForeignKey("simore_reporting_obligation.id", ondelete="SET NULL")),
        _text("state", nullable=False, server_default="draft"),
        sa.Column("deadline", sa.Date, nullable=False),
        _text("notes", nullable=False, server_default=""),
        _text("created_by"),
        _created(),
        _created("modified"),
        sa.Column("sent", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "simore_information_question",
        _text("id", primary_key=True),
        _text("request_id", sa.ForeignKey("simore_information_request.id", ondelete="CASCADE"), nullable=False,
              index=True),
        sa.Column("position", sa.Integer, nullable=False),
        _text("label", nullable=False, server_default=""),
        _text("text", nullable=False),
    )
    op.create_table(
        "simore_information_question_recommendation",
        _part_of("question_id", "simore_information_question"),
        _text("recommendation_id", primary_key=True, index=True),
    )
    op.create_table(
        "simore_information_question_theme",
        _part_of("question_id", "simore_information_question"),
        _text("theme", primary_key=True),
    )
    op.create_table(
        "simore_information_assignment",
        _part_of("question_id", "simore_information_question"),
        _text("organization_id", primary_key=True, index=True),
        sa.Column("deadline", sa.Date),
    )
    op.create_table(
        "simore_information_answer",
        _text("id", primary_key=True),
        _text("question_id", sa.ForeignKey("simore_information_question.id", ondelete="CASCADE"), nullable=False),
        _text("organization_id", nullable=False),
        _text("text", nullable=False, server_default=""),
        _text("state", nullable=False, server_default="draft"),
        _text("created_by"),
        _created(),
        _created("modified"),
        sa.UniqueConstraint("question_id", "organization_id", name="simore_information_answer_once"),
    )
    op.create_table(
        "simore_information_answer_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _text("answer_id", sa.ForeignKey("simore_information_answer.id", ondelete="CASCADE"), nullable=False,
              index=True),
        _text("transition", nullable=False),
        _text("from_state"),
        _text("to_state", nullable=False),
        _text("comment", nullable=False, server_default=""),
        _text("user_id"),
        _created(),
    )
    op.create_table(
        "simore_information_answer_attachment",
        _text("id", primary_key=True),
        _text("answer_id", sa.ForeignKey("simore_information_answer.id", ondelete="CASCADE"), nullable=False,
              index=True),
        _text("filename", nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        _text("created_by"),
        _created(),
    )


def downgrade():
    for name in (
        "simore_information_answer_attachment",
        "simore_information_answer_event",
        "simore_information_answer",
        "simore_information_assignment",
        "simore_information_question_theme",
        "simore_information_question_recommendation",
        "simore_information_question",
        "simore_information_request",
    ):
        op.drop_table(name)
