"""The extension's own tables, all declared here (created by the alembic
migrations in ``migration/simore``; the search index's tables are written
in SQL by ``search/writer.py``): workflow history, implementation-status
history, reporting rounds, sent notifications, the focal-point network,
import runs with the outcome of every row, the calendar of reporting
obligations, indicators with their values, the information requests
with their answers, the report drafts with their sections and
annexes, and civil society's participation: requests to join or register
organizations, contributions and reports of abuse. Where CKAN keeps a dataset's fields is in ``db/extras.py``."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

metadata = sa.MetaData()


def _part_of(name: str, parent: str) -> sa.Column:
    """The first part of the key of a table whose rows belong to a row of ``parent``."""
    return _text(name, sa.ForeignKey(parent + ".id", ondelete="CASCADE"), primary_key=True)


def _id_column() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _created_column() -> sa.Column:
    return _moment("created", nullable=False, server_default=sa.func.now())


def written_now() -> Any:
    """The moment a row is written, for the rows of a history: the column's
    default, ``now()``, is the transaction's start, and a transaction that
    waited for another's lock would date its row before the other's."""
    return sa.func.clock_timestamp()


def _text(name: str, *constraints: Any, **options: Any) -> sa.Column:
    return sa.Column(name, sa.UnicodeText, *constraints, **options)


def _moment(name: str, **options: Any) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), **options)


def _history(name: str, subject: sa.Column, *changes: sa.Column) -> sa.Table:
    """A history of changes to ``subject``: who, when, and ``changes``."""
    return sa.Table(name, metadata, _id_column(), subject, *changes, _text("user_id"), _created_column())


def _transitions(name: str, subject: sa.Column) -> sa.Table:
    """Every transition of a record through the workflow (workflow/machine.py):
    from, to, why (workflow/history.transition writes it)."""
    return _history(
        name,
        subject,
        _text("transition", nullable=False),
        _text("from_state"),
        _text("to_state", nullable=False),
        _text("comment", nullable=False, server_default=""),
    )


def _dataset_column() -> sa.Column:
    return _text("package_id", nullable=False, index=True)


def _row_of(name: str, parent: str) -> sa.Column:
    """A column naming the row of ``parent`` a row belongs to (gone with it)."""
    return _text(name, sa.ForeignKey(parent + ".id", ondelete="CASCADE"), nullable=False, index=True)


# Every transition of an action.
workflow_event = _transitions("simore_workflow_event", _dataset_column())

# Every change of a recommendation's implementation status.
status_event = _history(
    "simore_status_event",
    _dataset_column(),
    _text("from_status"),
    _text("to_status", nullable=False),
    _text("justification", nullable=False),
)

# A reporting round: what is owed, by when.
reporting_round = sa.Table(
    "simore_round",
    metadata,
    _text("id", primary_key=True),
    _text("title", nullable=False),
    _text("description", nullable=False, server_default=""),
    sa.Column("due_date", sa.Date, nullable=False),
    _text("scope_q", nullable=False, server_default=""),
    _text("scope_fq", nullable=False, server_default=""),
    _text("state", nullable=False, server_default="open"),
    _text("created_by"),
    _moment("closed"),
    _created_column(),
)

# What each institution owes in a round: one row per (recommendation,
# institution) in scope when the round was opened.
round_item = sa.Table(
    "simore_round_item",
    metadata,
    _part_of("round_id", "simore_round"),
    _text("recommendation_id", primary_key=True),
    _text("organization_id", primary_key=True, index=True),
    # An explicit "no progress this period" answer, instead of an action.
    _text("no_progress_comment"),
    _text("no_progress_by"),
    _moment("no_progress_at"),
)

# Each e-mail sent, so that no event is ever notified twice.
notification = sa.Table(
    "simore_notification",
    metadata,
    _id_column(),
    _text("event_key", nullable=False),
    _text("user_id", nullable=False),
    _text("subject", nullable=False),
    _created_column(),
    sa.UniqueConstraint("event_key", "user_id", name="simore_notification_once"),
)

# Who is (or was) a focal point or validating authority of an institution.
focal_point = sa.Table(
    "simore_focal_point",
    metadata,
    _id_column(),
    _text("organization_id", nullable=False, index=True),
    _text("user_id", nullable=False),
    _text("designation", nullable=False),
    _moment("since", nullable=False, server_default=sa.func.now()),
    _moment("until"),
    _text("assigned_by"),
)


# -- imports (migration 002) ----------------------------------------------------------

# An import of a file: its options, progress and counts, so that it can be
# resumed and reported.
import_run = sa.Table(
    "simore_import_run",
    metadata,
    _text("id", primary_key=True),
    _text("source", nullable=False),
    _text("filename", nullable=False),
    _text("file_path"),
    _text("file_sha256"),
    _text("organization", nullable=False),
    sa.Column("options", JSONB, nullable=False),
    _text("user_name"),
    _text("state", nullable=False),
    sa.Column("total_rows", sa.Integer, nullable=False),
    sa.Column("rows_done", sa.Integer, nullable=False),
    sa.Column("counts", JSONB, nullable=False),
    sa.Column("dry_run_counts", JSONB, nullable=False),
    _text("error"),
    _text("job_id"),
    _created_column(),
    _moment("updated", nullable=False, server_default=sa.func.now()),
    _moment("finished"),
)

# The outcome of every row of an import, per phase (dry run, import).
import_row = sa.Table(
    "simore_import_row",
    metadata,
    _part_of("run_id", "simore_import_run"),
    _text("phase", primary_key=True),
    sa.Column("row_number", sa.Integer, primary_key=True),
    _text("outcome", nullable=False),
    _text("dataset_name"),
    sa.Column("duplicate_of", sa.Integer),
    sa.Column("messages", JSONB, nullable=False),
)


# -- bulk changes (migration 008) ------------------------------------------------------

# A coordinator's change of many recommendations at once (an assignment, a
# status), kept whole so that it can be read back and undone: who, when,
# why, and the change that undid it or that it undoes.
change_set = sa.Table(
    "simore_change_set",
    metadata,
    _text("id", primary_key=True),
    _text("operation", nullable=False),
    _text("justification", nullable=False, server_default=""),
    _text("user_id"),
    _text("undoes", sa.ForeignKey("simore_change_set.id"), unique=True),
    _created_column(),
    sa.Index("simore_change_set_created", "created"),
)

# Each recommendation a change set changed: its fields before and after.
change_set_item = sa.Table(
    "simore_change_set_item",
    metadata,
    _part_of("change_set_id", "simore_change_set"),
    _text("package_id", primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("before", JSONB, nullable=False),
    sa.Column("after", JSONB, nullable=False),
)


# -- reporting (migration 009) --------------------------------------------------------

# A report the State owes a mechanism (the calendar of reporting
# obligations): its kind, period, due date, where its preparation stands
# and, once submitted, its symbol and date. "Overdue" is derived, never
# stored (reporting/calendar.py).
reporting_obligation = sa.Table(
    "simore_reporting_obligation",
    metadata,
    _text("id", primary_key=True),
    _text("mechanism_id", nullable=False, index=True),
    _text("kind", nullable=False),
    _text("period", nullable=False, server_default=""),
    sa.Column("period_start", sa.Date),
    sa.Column("period_end", sa.Date),
    sa.Column("due_date", sa.Date, nullable=False, index=True),
    _text("state", nullable=False, server_default="planned"),
    _text("document_symbol", nullable=False, server_default=""),
    sa.Column("submitted_on", sa.Date),
    _text("notes", nullable=False, server_default=""),
    _text("created_by"),
    _created_column(),
    _moment("modified", nullable=False, server_default=sa.func.now()),
)

# The recommendations a reporting obligation covers.
reporting_obligation_recommendation = sa.Table(
    "simore_reporting_obligation_recommendation",
    metadata,
    _part_of("obligation_id", "simore_reporting_obligation"),
    _text("recommendation_id", primary_key=True, index=True),
)

# An indicator of the OHCHR framework (structural, process or outcome):
# what is measured, in which unit, how often, by whom; its title and
# description multilingual ({"es": …, "en": …}).
indicator = sa.Table(
    "simore_indicator",
    metadata,
    _text("id", primary_key=True),
    _text("code", nullable=False, unique=True),
    sa.Column("title", JSONB, nullable=False),
    sa.Column("description", JSONB, nullable=False, server_default="{}"),
    _text("kind", nullable=False),
    _text("unit", nullable=False),
    _text("currency", nullable=False, server_default=""),
    _text("source", nullable=False, server_default=""),
    _text("periodicity", nullable=False),
    sa.Column("disaggregations", JSONB, nullable=False, server_default="[]"),
    _text("organization_id", nullable=False, index=True),
    sa.Column("themes", JSONB, nullable=False, server_default="[]"),
    sa.Column("sdg_targets", JSONB, nullable=False, server_default="[]"),
    _text("created_by"),
    _created_column(),
    _moment("modified", nullable=False, server_default=sa.func.now()),
)

# The recommendations an indicator measures.
indicator_recommendation = sa.Table(
    "simore_indicator_recommendation",
    metadata,
    _part_of("indicator_id", "simore_indicator"),
    _text("recommendation_id", primary_key=True, index=True),
)

# A value of an indicator for a period (and a disaggregation, "" for the
# total), reported by an institution and validated like an action.
indicator_value = sa.Table(
    "simore_indicator_value",
    metadata,
    _text("id", primary_key=True),
    _row_of("indicator_id", "simore_indicator"),
    _text("period", nullable=False),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("value", sa.Numeric, nullable=False),
    sa.Column("disaggregation", JSONB, nullable=False, server_default="{}"),
    _text("disaggregation_key", nullable=False, server_default=""),
    _text("organization_id", nullable=False, index=True),
    _text("note", nullable=False, server_default=""),
    _text("source", nullable=False, server_default=""),
    _text("state", nullable=False, server_default="draft"),
    _text("created_by"),
    _created_column(),
    _moment("modified", nullable=False, server_default=sa.func.now()),
    sa.UniqueConstraint("indicator_id", "period", "disaggregation_key", name="simore_indicator_value_once"),
)

# Every transition of an indicator value.
indicator_value_event = _transitions("simore_indicator_value_event", _row_of("value_id", "simore_indicator_value"))

# -- information requests (migration 012) ---------------------------------------------

# A set of questions the coordinators send institutions (the paragraphs of a
# List of Issues, a Special Procedure's questionnaire, or their own), with
# the report it feeds; draft until sent, closed when no more answers come.
information_request = sa.Table(
    "simore_information_request",
    metadata,
    _text("id", primary_key=True),
    _text("title", nullable=False),
    _text("kind", nullable=False),
    _text("mechanism_id"),
    _text("obligation_id", sa.ForeignKey("simore_reporting_obligation.id", ondelete="SET NULL")),
    _text("state", nullable=False, server_default="draft"),
    sa.Column("deadline", sa.Date, nullable=False),
    _text("notes", nullable=False, server_default=""),
    _text("created_by"),
    _created_column(),
    _moment("modified", nullable=False, server_default=sa.func.now()),
    _moment("sent"),
)

# A question of a request: its paragraph label ("12", "12 (a)") and text.
information_question = sa.Table(
    "simore_information_question",
    metadata,
    _text("id", primary_key=True),
    _row_of("request_id", "simore_information_request"),
    sa.Column("position", sa.Integer, nullable=False),
    _text("label", nullable=False, server_default=""),
    _text("text", nullable=False),
)

# The recommendations a question is about.
information_question_recommendation = sa.Table(
    "simore_information_question_recommendation",
    metadata,
    _part_of("question_id", "simore_information_question"),
    _text("recommendation_id", primary_key=True, index=True),
)

# The themes (vocabulary ``themes``) a question is about.
information_question_theme = sa.Table(
    "simore_information_question_theme",
    metadata,
    _part_of("question_id", "simore_information_question"),
    _text("theme", primary_key=True),
)

# Which institutions answer a question, and by when (the request's
# deadline when none is set).
information_assignment = sa.Table(
    "simore_information_assignment",
    metadata,
    _part_of("question_id", "simore_information_question"),
    _text("organization_id", primary_key=True, index=True),
    sa.Column("deadline", sa.Date),
)

# An institution's answer to a question, validated like an action report
# (workflow/machine.py): only an approved answer is public.
information_answer = sa.Table(
    "simore_information_answer",
    metadata,
    _text("id", primary_key=True),
    _text("question_id", sa.ForeignKey("simore_information_question.id", ondelete="CASCADE"), nullable=False),
    _text("organization_id", nullable=False),
    _text("text", nullable=False, server_default=""),
    _text("state", nullable=False, server_default="draft"),
    _text("created_by"),
    _created_column(),
    _moment("modified", nullable=False, server_default=sa.func.now()),
    sa.UniqueConstraint("question_id", "organization_id", name="simore_information_answer_once"),
)

# Every transition of an answer.
information_answer_event = _transitions(
    "simore_information_answer_event", _row_of("answer_id", "simore_information_answer")
)

# A file attached to an answer, stored under ckan.storage_path.
information_answer_attachment = sa.Table(
    "simore_information_answer_attachment",
    metadata,
    _text("id", primary_key=True),
    _row_of("answer_id", "simore_information_answer"),
    _text("filename", nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    _text("created_by"),
    _created_column(),
)

# A report's draft (``drafts``): assembled once from the recommendations in
# scope of a reporting obligation, then edited section by section.
report_draft = sa.Table(
    "simore_report_draft",
    metadata,
    _text("id", primary_key=True),
    _text("obligation_id", sa.ForeignKey("simore_reporting_obligation.id", ondelete="CASCADE"), nullable=False),
    _text("title", nullable=False),
    _text("language", nullable=False),
    _text("structure", nullable=False),
    _text("state", nullable=False, server_default="drafting"),
    sa.Column("word_limit", sa.Integer),
    _text("created_by"),
    _created_column(),
    _moment("modified", nullable=False, server_default=sa.func.now()),
    sa.Index("simore_report_draft_obligation_idx", "obligation_id"),
)

# A draft's sections, in order; ``recommendations`` (names) are what the
# section cites, ``institutions`` (ids) those assigned to them, who may read
# and comment on it.
report_draft_section = sa.Table(
    "simore_report_draft_section",
    metadata,
    _text("id", primary_key=True),
    _text("draft_id", sa.ForeignKey("simore_report_draft.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    _text("heading", nullable=False),
    _text("body", nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("recommendations", JSONB, nullable=False),
    sa.Column("institutions", JSONB, nullable=False),
    sa.Index("simore_report_draft_section_draft_idx", "draft_id", "position"),
)

# Every version of a section: who wrote it, when.
report_draft_section_version = sa.Table(
    "simore_report_draft_section_version",
    metadata,
    _part_of("section_id", "simore_report_draft_section"),
    sa.Column("version", sa.Integer, primary_key=True),
    _text("heading", nullable=False),
    _text("body", nullable=False),
    _text("user_id"),
    _created_column(),
)

# Comments on a section, from the coordinators or the institutions concerned.
report_draft_comment = sa.Table(
    "simore_report_draft_comment",
    metadata,
    _id_column(),
    _text("section_id", sa.ForeignKey("simore_report_draft_section.id", ondelete="CASCADE"), nullable=False),
    _text("user_id"),
    _text("institution_id"),
    _text("text", nullable=False),
    _created_column(),
    sa.Index("simore_report_draft_comment_section_idx", "section_id"),
)

# A draft's annexes (a statistical annex, a table of recommendations, a
# law): files kept under ``ckan.storage_path`` (``attachments``), public
# with the report once it is submitted.
report_draft_annex = sa.Table(
    "simore_report_draft_annex",
    metadata,
    _text("id", primary_key=True),
    _row_of("draft_id", "simore_report_draft"),
    _text("title", nullable=False),
    _text("filename", nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    _text("created_by"),
    _created_column(),
)

# A person's request to join a civil society organization, or to register a
# new one (``proposal``: its details, created as the organization when a
# coordinator approves). Coordinators decide registrations; an
# organization's admins (and the coordinators) decide who joins it.
membership_request = sa.Table(
    "simore_membership_request",
    metadata,
    _text("id", primary_key=True),
    _text("kind", nullable=False),
    _text("user_id", nullable=False, index=True),
    _text("organization_id", index=True),
    sa.Column("proposal", JSONB),
    _text("message", nullable=False, server_default=""),
    _text("state", nullable=False),
    _text("reason"),
    _text("decided_by"),
    _created_column(),
    _moment("decided"),
    # one open request per person and organization (or proposed name)
    sa.Index(
        "simore_membership_request_pending_once",
        "user_id",
        sa.text("coalesce(organization_id, proposal->>'name')"),
        unique=True,
        postgresql_where=sa.text("state = 'pending'"),
    ),
)

# A consultation of civil society on a report's draft: open from ``opens``
# to ``closes`` (days) for every civil society organization or the invited
# ones; its record (who took part, what was said, how it was considered)
# is public once ``published``.
consultation = sa.Table(
    "simore_consultation",
    metadata,
    _text("id", primary_key=True),
    _row_of("draft_id", "simore_report_draft"),
    sa.Column("opens", sa.Date, nullable=False),
    sa.Column("closes", sa.Date, nullable=False),
    _text("audience", nullable=False),
    _text("message", nullable=False, server_default=""),
    _moment("closed"),
    _moment("published"),
    _text("created_by"),
    _created_column(),
)

# The organizations invited to a consultation whose audience is "invited".
consultation_invitee = sa.Table(
    "simore_consultation_invitee",
    metadata,
    _part_of("consultation_id", "simore_consultation"),
    _text("organization_id", primary_key=True),
)

# What civil society organizations contribute about a recommendation or a
# published action (``participation/contributions``): comments (threaded
# through ``parent_id``), assessments, measures, and the answers of the
# institutions concerned; and their comments on a section of a draft in
# consultation, with the coordinators' response. Moderated by the
# coordinating body. The author is the organization's; the person
# (``author_id``) is shown only if they chose to be (``show_author``).
contribution = sa.Table(
    "simore_contribution",
    metadata,
    _text("id", primary_key=True),
    _text("kind", nullable=False),
    _text("package_id", index=True),
    _text("parent_id", sa.ForeignKey("simore_contribution.id", ondelete="CASCADE"), index=True),
    _text("consultation_id", sa.ForeignKey("simore_consultation.id", ondelete="CASCADE"), index=True),
    _text("section_id", sa.ForeignKey("simore_report_draft_section.id", ondelete="CASCADE")),
    # a comment on a submitted report (migration 018)
    _text("draft_id", sa.ForeignKey("simore_report_draft.id", ondelete="CASCADE"), index=True),
    _text("organization_id", nullable=False, index=True),
    _text("author_id", nullable=False, index=True),
    sa.Column("show_author", sa.Boolean, nullable=False, server_default=sa.false()),
    _text("language", nullable=False),
    _text("body", nullable=False),
    _text("status"),
    sa.Column("evidence", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
    _text("state", nullable=False),
    _text("moderation_reason"),
    _text("moderated_by"),
    _moment("moderated"),
    _moment("published"),
    _text("response"),
    _text("response_text"),
    _text("responded_by"),
    _moment("responded"),
    _created_column(),
    _moment("modified", nullable=False, server_default=sa.func.now()),
    sa.Index("simore_contribution_state_idx", "state", "created"),
)

# Reports of abuse: who reported a published contribution, and why (once
# per person and contribution), for the moderators.
contribution_report = sa.Table(
    "simore_contribution_report",
    metadata,
    _part_of("contribution_id", "simore_contribution"),
    _text("user_id", primary_key=True),
    _text("reason", nullable=False),
    _created_column(),
)
