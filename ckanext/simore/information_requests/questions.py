"""The pure rules of information requests: their kinds and states, the
questions read from a text area, and the tracking figures of a request
(owed, answered, overdue per institution). Nothing here imports CKAN."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ckanext.simore.multilingual import N_
from ckanext.simore.workflow import machine

LIST_OF_ISSUES = "list_of_issues"
KINDS = {
    LIST_OF_ISSUES: N_("List of Issues"),
    "questionnaire": N_("Questionnaire of a Special Procedure"),
    "own": N_("The coordinating body's own questions"),
}

DRAFT, SENT, CLOSED = "draft", "sent", "closed"
STATES = {DRAFT: N_("Draft"), SENT: N_("Sent"), CLOSED: N_("Closed")}

# The transitions of the action reports' state machine an answer goes
# through (it is never published: approved is public).
ANSWER_TRANSITIONS = ("submit", "approve", "return")

# "12. text", "12 (a) text", "12(b). text", "III. text", "a) text": a
# paragraph's label, then its text (a Roman numeral or a letter needs its
# punctuation: "I think" is no label).
_LABELLED = re.compile(
    r"^\s*(?:(?P<number>\d+(?:\s*\(\s*[a-z0-9]+\s*\))?)[.:)]?|(?P<roman>[IVXLC]+)[.:)]|(?P<letter>[a-z])[.)])"
    r"\s+(?P<text>\S.*)$"
)


@dataclass(frozen=True)
class Question:
    label: str
    text: str


def parse(text: str) -> list[Question]:
    """The questions of a text area, one paragraph per line ("12. text" is
    labelled "12"); a line without a label continues the question before
    it, or is a question of its own when it comes first. Blank lines are
    skipped."""
    found: list[Question] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _LABELLED.match(line)
        if match:
            label = match["number"] or match["roman"] or match["letter"]
            found.append(Question(re.sub(r"\s+", " ", label), match["text"].strip()))
        elif found:
            found[-1] = Question(found[-1].label, found[-1].text + "\n" + line.strip())
        else:
            found.append(Question("", line.strip()))
    return found


def as_text(questions: Iterable[Question]) -> str:
    """The text area ``parse`` reads these questions back from."""
    return "\n".join("{}. {}".format(q.label, q.text) if q.label else q.text for q in questions)


def is_overdue(deadline: datetime.date, state: str | None, today: datetime.date) -> bool:
    """An answer owed past its deadline and not approved."""
    return deadline < today and state != machine.APPROVED


@dataclass(frozen=True)
class Owed:
    """One question owed by one institution: its deadline and the state of
    its answer (None when not begun)."""

    organization_id: str
    deadline: datetime.date
    state: str | None


def tracking(owed: Iterable[Owed], today: datetime.date) -> dict[str, dict[str, int]]:
    """Per institution: ``owed`` (questions assigned), ``answered``
    (approved), ``overdue`` (past its deadline, not approved), and
    ``in_progress`` (begun, not approved: for the staff only)."""
    figures: dict[str, dict[str, int]] = {}
    for item in owed:
        entry = figures.setdefault(item.organization_id, {"owed": 0, "answered": 0, "overdue": 0, "in_progress": 0})
        entry["owed"] += 1
        if item.state == machine.APPROVED:
            entry["answered"] += 1
        elif item.state is not None:
            entry["in_progress"] += 1
        if is_overdue(item.deadline, item.state, today):
            entry["overdue"] += 1
    return figures


def reminder_kind(deadline: datetime.date, today: datetime.date, days_before: int) -> str | None:
    """ "overdue" past the deadline, "due-soon" within ``days_before`` days
    of it, None otherwise."""
    days_left = (deadline - today).days
    if days_left < 0:
        return "overdue"
    if days_left <= days_before:
        return "due-soon"
    return None
