"""Input schemas of the calendar's API actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args

from ckanext.simore.reporting import calendar


@validator_args
def obligation_create(
    not_empty,
    ignore_missing,
    simore_string,
    strip_value,
    one_of,
    simore_day,
    simore_reference_list,
    simore_title_length,
    simore_text_length,
    simore_list_length,
):
    return {
        "mechanism": [not_empty, simore_string],
        "kind": [not_empty, simore_string, one_of(list(calendar.KINDS))],
        "period": [ignore_missing, simore_string, strip_value, simore_title_length],
        "period_start": [ignore_missing, simore_day],
        "period_end": [ignore_missing, simore_day],
        "due_date": [not_empty, simore_day],
        "state": [ignore_missing, simore_string, one_of(list(calendar.STATES))],
        "recommendations": [ignore_missing, simore_reference_list, simore_list_length],
        "document_symbol": [ignore_missing, simore_string, strip_value, simore_title_length],
        "submitted_on": [ignore_missing, simore_day],
        "notes": [ignore_missing, simore_string, simore_text_length],
    }


@validator_args
def obligation_update(not_empty, ignore_missing, simore_string):
    # what is not given is kept; a required field given empty is refused
    fields = obligation_create()
    for name in ("mechanism", "kind", "due_date", "state"):
        fields[name] = [ignore_missing, not_empty] + fields[name][1:]
    return {"id": [not_empty, simore_string], **fields}


@validator_args
def obligation_list(ignore_missing, ignore_empty, simore_string, one_of, simore_day):
    return {
        "mechanism": [ignore_empty, simore_string],
        "state": [ignore_empty, simore_string, one_of(list(calendar.SHOWN_STATES))],
        "kind": [ignore_empty, simore_string, one_of(list(calendar.KINDS))],
        "due_from": [ignore_empty, simore_day],
        "due_until": [ignore_empty, simore_day],
        "limit": [ignore_missing],
        "offset": [ignore_missing],
    }


@validator_args
def obligation_generate(not_empty, ignore_missing, simore_string, simore_day, simore_reference_list, simore_flag):
    return {
        "mechanism": [not_empty, simore_string],
        "review_date": [not_empty, simore_day],
        "kinds": [ignore_missing, simore_reference_list],
        "preview": [ignore_missing, simore_flag],
    }
