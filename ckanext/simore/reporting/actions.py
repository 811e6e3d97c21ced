"""API actions of the calendar of reporting obligations: the reports the
State owes the mechanisms (read by everyone, written by the coordinators),
planned obligations generated from the shipped periodicities, and the
reminders to the coordinators."""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate

from ckanext.simore import clock, config, roles
from ckanext.simore.portal.labels import Labels
from ckanext.simore.records import lookups
from ckanext.simore.reporting import calendar, input_schemas, obligations, reminders
from ckanext.simore.security import guard

__all__ = [
    "simore_obligation_create",
    "simore_obligation_update",
    "simore_obligation_delete",
    "simore_obligation_show",
    "simore_obligation_list",
    "simore_obligation_generate",
    "simore_obligation_reminders_send",
]

# the most obligations one list answers
MAX_LISTED = 1000


def _today() -> datetime.date:
    return clock.today()


def _mechanism(ref: str) -> model.Package:
    """The mechanism by id, name or code; a ValidationError naming the field
    otherwise."""
    package = lookups.active_of_type(ref, "mechanism")
    if package is None:
        raise tk.ValidationError({"mechanism": [tk._("unknown mechanism {ref!r}").format(ref=ref)]})
    return package


def _checked(values: dict[str, Any]) -> None:
    """Refuse dates and submission details that do not hold together."""
    found = calendar.problems(values, _today())
    if found:
        raise tk.ValidationError({field: [tk._(message)] for field, message in found.items()})


def _obligation_dict(row, context, with_recommendations: bool = False, count: int | None = None) -> dict[str, Any]:
    today = _today()
    result: dict[str, Any] = {
        "id": row.id,
        "mechanism": {
            "id": row.mechanism_id,
            "name": row.mechanism_name,
            "code": row.mechanism_name.upper(),
            "title": Labels.current().mechanism(row.mechanism_name),
        },
        "kind": row.kind,
        "kind_label": tk._(calendar.KINDS[row.kind]),
        "period": row.period,
        "period_start": row.period_start.isoformat() if row.period_start else None,
        "period_end": row.period_end.isoformat() if row.period_end else None,
        "due_date": row.due_date.isoformat(),
        "stored_state": row.state,
        "state": calendar.state_of(row.state, row.due_date, today),
        "days_left": calendar.days_left(row.due_date, today),
        "document_symbol": row.document_symbol,
        "submitted_on": row.submitted_on.isoformat() if row.submitted_on else None,
        "notes": row.notes,
        "created": row.created.isoformat(),
        "modified": row.modified.isoformat(),
    }
    result["state_label"] = tk._(calendar.SHOWN_STATES[result["state"]])
    if with_recommendations:
        result["recommendations"] = obligations.recommendations(row.id, roles.is_coordinator(context.get("user")))
    if count is not None:
        result["recommendation_count"] = count
    return result


def _public_only(context) -> bool:
    """Whether the reader sees only the obligations of public mechanisms
    (everyone but the coordinators)."""
    return not (context.get("ignore_auth") or roles.is_coordinator(context.get("user")))


def _obligation_or_404(context, data_dict) -> Any:
    ref = guard.text_ref(data_dict, "id")
    row = obligations.get(ref, public_only=_public_only(context))
    return lookups.found(row, tk._("No reporting obligation {id!r}").format(id=ref))


@validate(input_schemas.obligation_create)
def simore_obligation_create(context, data_dict):
    """Add a report the State owes a mechanism to the calendar.

    :param mechanism: the mechanism's code, name or id (e.g. ``CEDAW``)
    :param kind: ``upr_national_report``, ``upr_midterm_report``,
        ``periodic_report``, ``list_of_issues_reply``, ``follow_up_report``,
        ``compliance_report`` or ``questionnaire_reply``
    :param due_date: YYYY-MM-DD
    :param period: the period or cycle it covers, as text (optional, e.g.
        "UPR cycle 4", "8th periodic report")
    :param period_start: YYYY-MM-DD (optional; the due date may not be
        before it)
    :param period_end: YYYY-MM-DD (optional)
    :param state: ``planned`` (default), ``collecting``, ``drafting``,
        ``in_consultation``, ``validated`` or ``submitted`` ("overdue" is
        derived, never set)
    :param recommendations: the recommendations it covers (ids or names)
    :param document_symbol: once submitted, the UN or OAS symbol
    :param submitted_on: once submitted, YYYY-MM-DD
    :param notes: optional
    :returns: the obligation, as ``simore_obligation_show``
    """
    tk.check_access("simore_obligation_create", context, data_dict)
    values = dict(data_dict, state=data_dict.get("state") or calendar.PLANNED)
    values["mechanism_id"] = _mechanism(data_dict["mechanism"]).id
    recommendation_ids = lookups.recommendation_ids(data_dict.get("recommendations") or [])
    _checked(values)
    user = lookups.user_of(context)
    obligation_id = obligations.create(values, recommendation_ids, user.id if user else None)
    model.Session.commit()
    return _obligation_dict(obligations.get(obligation_id), context, with_recommendations=True)


@validate(input_schemas.obligation_update)
def simore_obligation_update(context, data_dict):
    """Change a reporting obligation: only the parameters given change
    (those of ``simore_obligation_create``; ``recommendations``, when
    given, replaces the list). Submitting it: ``state`` ``submitted`` with
    ``submitted_on`` and, when known, ``document_symbol``.

    :param id: the obligation's id
    """
    tk.check_access("simore_obligation_update", context, data_dict)
    row = _obligation_or_404(context, data_dict)
    values = {key: getattr(row, key) for key in obligations.FIELDS}
    values.update({key: value for key, value in data_dict.items() if key in obligations.FIELDS})
    if "mechanism" in data_dict:
        values["mechanism_id"] = _mechanism(data_dict["mechanism"]).id
    recommendation_ids = (
        lookups.recommendation_ids(data_dict["recommendations"]) if "recommendations" in data_dict else None
    )
    _checked(values)
    obligations.update(row.id, values)
    if recommendation_ids is not None:
        obligations.set_recommendations(row.id, recommendation_ids)
    model.Session.commit()
    return _obligation_dict(obligations.get(row.id), context, with_recommendations=True)


def simore_obligation_delete(context, data_dict):
    """Remove a reporting obligation from the calendar, with its drafts
    (and their annexes' files).

    :param id: the obligation's id
    """
    tk.check_access("simore_obligation_delete", context, data_dict)
    row = _obligation_or_404(context, data_dict)
    authorised = {"user": context.get("user"), "ignore_auth": True}
    for found in tk.get_action("simore_draft_list")(authorised, {"obligation": row.id, "limit": 1000})["drafts"]:
        tk.get_action("simore_draft_delete")(authorised, {"id": found["id"]})
    obligations.delete(row.id)
    model.Session.commit()
    return {"id": row.id}


@tk.side_effect_free
def simore_obligation_show(context, data_dict):
    """A reporting obligation, with the recommendations it covers (the
    public ones; the coordinators see the private ones too, and the
    obligations of a private mechanism).

    :param id: the obligation's id
    """
    tk.check_access("simore_obligation_show", context, data_dict)
    return _obligation_dict(_obligation_or_404(context, data_dict), context, with_recommendations=True)


@tk.side_effect_free
@validate(input_schemas.obligation_list)
def simore_obligation_list(context, data_dict):
    """The calendar: reporting obligations by due date, past and coming.

    :param mechanism: only this mechanism's (code, name or id)
    :param state: only those in this state (``overdue`` included)
    :param kind: only this kind of report
    :param due_from: only those due on or after this day (YYYY-MM-DD)
    :param due_until: only those due on or before this day (YYYY-MM-DD)
    :param limit: how many (default 100, at most 1000)
    :param offset: from which one (default 0)
    :returns: ``count`` (how many match) and ``obligations``
    """
    tk.check_access("simore_obligation_list", context, data_dict)
    limit = guard.bounded_int(data_dict, "limit", 100, MAX_LISTED)
    offset = guard.bounded_int(data_dict, "offset", 0, config.max_search_start())
    mechanism_id = _mechanism(data_dict["mechanism"]).id if data_dict.get("mechanism") else None
    count, rows = obligations.listed(
        _today(),
        mechanism_id=mechanism_id,
        state=data_dict.get("state"),
        kind=data_dict.get("kind"),
        due_from=data_dict.get("due_from"),
        due_until=data_dict.get("due_until"),
        limit=limit,
        offset=offset,
        public_only=_public_only(context),
    )
    counts = obligations.recommendation_counts([row.id for row in rows])
    return {
        "count": count,
        "obligations": [_obligation_dict(row, context, count=counts.get(row.id, 0)) for row in rows],
    }


@validate(input_schemas.obligation_generate)
def simore_obligation_generate(context, data_dict):
    """Plan the reports a mechanism's review usually brings, from the
    periodicities shipped with the portal (``reporting/periodicities.yaml``):
    each is added as planned unless the calendar has one of the same kind
    due the same day. The coordinators then adjust each one.

    :param mechanism: the mechanism's code, name or id
    :param review_date: the day of the review (concluding observations or
        UPR outcome adopted), YYYY-MM-DD
    :param kinds: only these kinds (optional)
    :param preview: true to see what would be added without adding it
    :returns: ``planned`` (the obligations added, or that would be) and
        ``already_there`` (how many were in the calendar already), with the
        periodicity's ``note``
    """
    tk.check_access("simore_obligation_generate", context, data_dict)
    mechanism = _mechanism(data_dict["mechanism"])
    periodicities = calendar.shipped_periodicities()
    code = mechanism.name.upper()
    periodicity = periodicities.of(code)
    planned = calendar.planned_after_review(periodicities, code, data_dict["review_date"], data_dict.get("kinds"))
    new = [entry for entry in planned if not obligations.existing(mechanism.id, entry["kind"], entry["due_date"])]
    user = lookups.user_of(context)
    for entry in new:
        entry["period"] = (
            tk._("UPR cycle {cycle}").format(cycle=entry["upr_cycle"])
            if entry["upr_cycle"]
            else tk._("After the review of {date}").format(date=entry["period_start"].isoformat())
        )
        if not data_dict.get("preview"):
            entry["id"] = obligations.create(dict(entry, mechanism_id=mechanism.id), [], user.id if user else None)
    if not data_dict.get("preview"):
        model.Session.commit()
    return {
        "mechanism": mechanism.name,
        "note": periodicity.note if periodicity else "",
        "planned": [
            {key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in entry.items()}
            for entry in new
        ],
        "already_there": len(planned) - len(new),
    }


def simore_obligation_reminders_send(context, data_dict):
    """Remind the coordinators of the reports due soon and overdue (each
    reminder once per obligation: at each of
    ``ckanext.simore.obligation_reminder_days`` before the due date, and
    once overdue).

    :param today: optional YYYY-MM-DD, the day to compute from
    """
    tk.check_access("simore_obligation_reminders_send", context, data_dict)
    today = guard.optional_day(data_dict, "today")
    return {"sent": reminders.send_obligation_reminders(today or _today())}
