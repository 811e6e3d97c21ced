"""Input schemas of the calendar's API actions."""

from __future__ import annotations

from typing import Any

from ckan.logic.schema import validator_args

from ckanext.simore.reporting import calendar


def _obligation_fields(
    required: Any,
    optional: Any,
    simore_string,
    strip_value,
    one_of,
    day,
    references,
    title_length,
    text_length,
    list_length,
) -> dict[str, list[Any]]:
    return {
        "mechanism": [required, simore_string],
        "kind": [required, simore_string, one_of(list(calendar.KINDS))],
        "period": [optional, simore_string, strip_value, title_length],
        "period_start": [optional, day],
        "period_end": [optional, day],
        "due_date": [required, day],
        "state": [optional, simore_string, one_of(list(calendar.STATES))],
        "recommendations": [optional, references, list_length],
        "document_symbol": [optional, simore_string, strip_value, title_length],
        "submitted_on": [optional, day],
        "notes": [optional, simore_string, text_length],
    }


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
    return _obligation_fields(
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
    )


@validator_args
def obligation_update(
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
    # what is not given is kept; a required field given empty is refused
    fields = _obligation_fields(
        ignore_missing,
        ignore_missing,
        simore_string,
        strip_value,
        one_of,
        simore_day,
        simore_reference_list,
        simore_title_length,
        simore_text_length,
        simore_list_length,
    )
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
