"""Pure logic of the calendar of reporting obligations: the kinds of report
a State owes a mechanism, the states of their preparation, the derived
"overdue", the checks of an obligation's dates, and the due dates computed
from the shipped periodicities (``periodicities.yaml``).

A *reporting obligation* is one report the State owes one mechanism (not
to be confused with a round's obligation, a recommendation an institution
owes a report on). Imports nothing from CKAN or the database.
"""

from __future__ import annotations

import calendar as gregorian
import datetime
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from ckanext.simore.multilingual import N_

# What is owed, in the order the forms list them.
KINDS: dict[str, str] = {
    "upr_national_report": N_("UPR national report"),
    "upr_midterm_report": N_("UPR mid-term report"),
    "periodic_report": N_("Periodic report"),
    "list_of_issues_reply": N_("Reply to a List of Issues"),
    "follow_up_report": N_("Follow-up report"),
    "compliance_report": N_("Compliance report"),
    "questionnaire_reply": N_("Reply to a questionnaire"),
}

# Where its preparation stands; "overdue" is never stored (see ``state_of``).
PLANNED, SUBMITTED, OVERDUE = "planned", "submitted", "overdue"
STATES: dict[str, str] = {
    PLANNED: N_("Planned"),
    "collecting": N_("Collecting information"),
    "drafting": N_("Drafting"),
    "in_consultation": N_("In consultation"),
    "validated": N_("Validated"),
    SUBMITTED: N_("Submitted"),
}
SHOWN_STATES: dict[str, str] = {**STATES, OVERDUE: N_("Overdue")}

# What the messages below say (marked N_, translated by the caller).
DUE_BEFORE_PERIOD = N_("the due date is before the period starts")
PERIOD_ENDS_BEFORE_START = N_("the period ends before it starts")
SUBMITTED_DATE_NOT_SUBMITTED = N_("only a submitted report has a submission date")
SYMBOL_NOT_SUBMITTED = N_("only a submitted report has a document symbol")
SUBMITTED_WITHOUT_DATE = N_("a submitted report needs its submission date")
SUBMITTED_IN_THE_FUTURE = N_("the submission date is in the future")


def state_of(stored_state: str, due_date: datetime.date, today: datetime.date) -> str:
    """The state a reader sees: "overdue" once the due date has passed and
    the report is not submitted, else the stored state."""
    if stored_state != SUBMITTED and due_date < today:
        return OVERDUE
    return stored_state


def days_left(due_date: datetime.date, today: datetime.date) -> int:
    return (due_date - today).days


def problems(obligation: dict[str, Any], today: datetime.date) -> dict[str, str]:
    """What is wrong with an obligation's dates and submission, field →
    message (N_); empty when it holds together. ``obligation`` has
    ``due_date``, ``state`` and optionally ``period_start``, ``period_end``,
    ``submitted_on`` (dates) and ``document_symbol``."""
    found: dict[str, str] = {}
    start, end, due = obligation.get("period_start"), obligation.get("period_end"), obligation["due_date"]
    if start and end and end < start:
        found["period_end"] = PERIOD_ENDS_BEFORE_START
    if start and due < start:
        found["due_date"] = DUE_BEFORE_PERIOD
    submitted_on = obligation.get("submitted_on")
    if obligation["state"] == SUBMITTED:
        if not submitted_on:
            found["submitted_on"] = SUBMITTED_WITHOUT_DATE
        elif submitted_on > today:
            found["submitted_on"] = SUBMITTED_IN_THE_FUTURE
    else:
        if submitted_on:
            found["submitted_on"] = SUBMITTED_DATE_NOT_SUBMITTED
        if obligation.get("document_symbol"):
            found["document_symbol"] = SYMBOL_NOT_SUBMITTED
    return found


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the month's last day when it has no
    such day (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Expected:
    """A report a mechanism usually expects ``months`` after a review."""

    kind: str
    months: int


@dataclass(frozen=True)
class Periodicity:
    """What a mechanism expects after each review, and why (``note``)."""

    code: str
    reports: tuple[Expected, ...]
    note: str


@dataclass(frozen=True)
class UprCycle:
    cycle: int
    sessions: str
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class Periodicities:
    mechanisms: dict[str, Periodicity]
    upr_cycles: tuple[UprCycle, ...]

    def of(self, code: str) -> Periodicity | None:
        return self.mechanisms.get(code.upper())

    def upr_cycle_on(self, day: datetime.date) -> UprCycle | None:
        """The UPR cycle a day falls in (or the next one, between two)."""
        for cycle in self.upr_cycles:
            if day <= cycle.end:
                return cycle
        return None


def parse_periodicities(data: dict[str, Any]) -> Periodicities:
    """The data file's content, checked: every kind known, every delay a
    positive number of months."""
    mechanisms = {}
    for code, entry in (data.get("mechanisms") or {}).items():
        reports = []
        for report in entry.get("reports") or []:
            kind, months = report.get("kind"), report.get("months")
            if kind not in KINDS:
                raise ValueError("{}: unknown kind of report {!r}".format(code, kind))
            if not isinstance(months, int) or isinstance(months, bool) or months <= 0:
                raise ValueError("{}: months must be a positive whole number, not {!r}".format(code, months))
            reports.append(Expected(kind, months))
        mechanisms[str(code).upper()] = Periodicity(str(code).upper(), tuple(reports), str(entry.get("note") or ""))
    cycles = tuple(
        UprCycle(int(c["cycle"]), str(c["sessions"]), c["start"], c["end"]) for c in data.get("upr_cycles") or []
    )
    return Periodicities(mechanisms, cycles)


def shipped_periodicities() -> Periodicities:
    """The periodicities shipped with the extension (``periodicities.yaml``)."""
    text = (resources.files("ckanext.simore.reporting") / "periodicities.yaml").read_text(encoding="utf-8")
    return parse_periodicities(yaml.safe_load(text))


def planned_after_review(
    periodicities: Periodicities, code: str, review: datetime.date, kinds: list[str] | None = None
) -> list[dict[str, Any]]:
    """The obligations a review of the mechanism ``code`` on ``review``
    usually brings, as planned: kind, upr_cycle (the review's cycle, for
    the UPR; else None), period_start (the review), due_date. Only
    ``kinds`` when given; none for a mechanism without a fixed
    periodicity."""
    periodicity = periodicities.of(code)
    if periodicity is None:
        return []
    cycle = periodicities.upr_cycle_on(review) if code.upper() == "UPR" else None
    return [
        {
            "kind": expected.kind,
            "upr_cycle": cycle.cycle if cycle else None,
            "period_start": review,
            "due_date": add_months(review, expected.months),
            "state": PLANNED,
        }
        for expected in periodicity.reports
        if not kinds or expected.kind in kinds
    ]


def is_due_within(due_date: datetime.date, today: datetime.date, months: int) -> bool:
    """Due from today up to ``months`` ahead."""
    return today <= due_date <= add_months(today, months)


def reminder_threshold(due_date: datetime.date, today: datetime.date, days_before: list[int]) -> int | None:
    """Which reminder is due today for a report not submitted: the smallest
    of ``days_before`` the due date is within (a reminder is sent once per
    threshold), -1 once overdue, None when none is due yet."""
    left = days_left(due_date, today)
    if left < 0:
        return -1
    within = [days for days in days_before if left <= days]
    return min(within) if within else None
