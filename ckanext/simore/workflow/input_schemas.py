"""Input schemas of the workflow's API actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args

from ckanext.simore.workflow import machine as workflow


@validator_args
def action_transition(not_empty, unicode_safe, ignore_missing, one_of, simore_text_length):
    return {
        "id": [not_empty, unicode_safe],
        "transition": [not_empty, unicode_safe, one_of(list(workflow.TRANSITIONS))],
        "comment": [ignore_missing, unicode_safe, simore_text_length],
    }


@validator_args
def round_create(
    not_empty, ignore_missing, unicode_safe, isodate, simore_date_only, simore_title_length, simore_text_length
):
    return {
        "title": [not_empty, unicode_safe, simore_title_length],
        "due_date": [not_empty, isodate, simore_date_only],
        "q": [ignore_missing, unicode_safe],
        "fq": [ignore_missing, unicode_safe],
        "description": [ignore_missing, unicode_safe, simore_text_length],
    }


@validator_args
def round_no_progress(not_empty, ignore_missing, unicode_safe, simore_text_length):
    return {
        "id": [not_empty, unicode_safe],
        "recommendation": [not_empty, unicode_safe],
        "organization": [not_empty, unicode_safe],
        "comment": [ignore_missing, unicode_safe, simore_text_length],
    }


@validator_args
def round_outstanding(not_empty, ignore_empty, unicode_safe, is_positive_integer):
    return {
        "id": [not_empty, unicode_safe],
        "organization": [not_empty, unicode_safe],
        "limit": [ignore_empty, is_positive_integer],  # CKAN's is_positive_integer fails on ""
    }
