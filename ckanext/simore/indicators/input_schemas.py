"""Input schemas of the indicators' API actions. Multilingual texts,
values, periods and breakdowns are checked by the actions against the
indicator (``values``), naming the field."""

from __future__ import annotations

from ckan.logic.schema import validator_args

from ckanext.simore.indicators import definitions
from ckanext.simore.workflow import machine as workflow

# the transitions of a value: submitted by the institution, approved by its
# validating authority, returned by it or by the coordinators
TRANSITIONS = ("submit", "approve", "return")


def _codes(name: str) -> list[str]:
    return definitions.shipped(name).codes()


@validator_args
def indicator_create(
    not_empty,
    ignore_missing,
    one_of,
    simore_string,
    simore_reference_list,
    simore_title_length,
    simore_text_length,
    simore_list_length,
):
    # texts are stripped by the actions: a validator after simore_string
    # still runs on a refused list
    return {
        "code": [not_empty, simore_string, simore_title_length],
        "title": [not_empty],
        "description": [ignore_missing],
        "kind": [not_empty, simore_string, one_of(_codes(definitions.KINDS))],
        "unit": [not_empty, simore_string, one_of(_codes(definitions.UNITS))],
        "currency": [ignore_missing, simore_string, simore_title_length],
        "source": [ignore_missing, simore_string, simore_text_length],
        "periodicity": [not_empty, simore_string, one_of(_codes(definitions.PERIODICITIES))],
        "disaggregations": [ignore_missing, simore_reference_list, simore_list_length],
        "organization": [not_empty, simore_string],
        "themes": [ignore_missing, simore_reference_list, simore_list_length],
        "sdg_targets": [ignore_missing, simore_reference_list, simore_list_length],
        "recommendations": [ignore_missing, simore_reference_list, simore_list_length],
    }


@validator_args
def indicator_update(not_empty, ignore_missing, simore_string):
    # what is not given is kept; a required field given empty is refused
    fields = indicator_create()
    for name in ("code", "title", "kind", "unit", "periodicity", "organization"):
        fields[name] = [ignore_missing, not_empty] + fields[name][1:]
    return {"id": [not_empty, simore_string], **fields}


@validator_args
def indicator_list(ignore_missing, ignore_empty, one_of, simore_string):
    return {
        "kind": [ignore_empty, simore_string, one_of(_codes(definitions.KINDS))],
        "theme": [ignore_empty, simore_string],
        "sdg_target": [ignore_empty, simore_string],
        "organization": [ignore_empty, simore_string],
        "recommendation": [ignore_empty, simore_string],
        "limit": [ignore_missing],
        "offset": [ignore_missing],
    }


@validator_args
def value_create(not_empty, not_missing, ignore_missing, simore_string, simore_title_length, simore_text_length):
    # not_missing for the value: 0 and "no" (false) are values
    return {
        "indicator": [not_empty, simore_string],
        "period": [not_empty],
        "value": [not_missing],
        "unit": [ignore_missing, simore_string],
        "disaggregation": [ignore_missing],
        "note": [ignore_missing, simore_string, simore_text_length],
        "source": [ignore_missing, simore_string, simore_title_length],
    }


@validator_args
def value_update(not_empty, ignore_missing, simore_string):
    fields = value_create()
    del fields["indicator"]
    fields["period"] = [ignore_missing, not_empty]
    fields["value"] = [ignore_missing]
    return {"id": [not_empty, simore_string], **fields}


@validator_args
def value_transition(not_empty, ignore_missing, one_of, simore_string, simore_text_length):
    return {
        "id": [not_empty, simore_string],
        "transition": [not_empty, simore_string, one_of(list(TRANSITIONS))],
        "comment": [ignore_missing, simore_string, simore_text_length],
    }


@validator_args
def value_list(ignore_missing, ignore_empty, one_of, simore_string):
    return {
        "indicator": [ignore_empty, simore_string],
        "state": [ignore_empty, simore_string, one_of(list(workflow.STATES))],
        "limit": [ignore_missing],
        "offset": [ignore_missing],
    }
