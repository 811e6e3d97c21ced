"""Input schemas of the drafts' API actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args

from ckanext.simore.drafts import states


@validator_args
def draft_create(not_empty, ignore_missing, ignore_empty, simore_string, strip_value, simore_title_length):
    return {
        "obligation": [not_empty, simore_string],
        "title": [ignore_empty, simore_string, strip_value, simore_title_length],
        "language": [ignore_empty, simore_string],
    }


@validator_args
def draft_update(not_empty, ignore_missing, ignore_empty, simore_string, strip_value, simore_title_length, one_of):
    return {
        "id": [not_empty, simore_string],
        "title": [ignore_empty, simore_string, strip_value, simore_title_length],
        "state": [ignore_empty, simore_string, one_of(list(states.SET_STATES))],
    }


@validator_args
def draft_list(ignore_missing, ignore_empty, simore_string, one_of):
    return {
        "obligation": [ignore_empty, simore_string],
        "state": [ignore_empty, simore_string, one_of(list(states.STATES))],
        "limit": [ignore_missing],
        "offset": [ignore_missing],
    }


@validator_args
def section_update(not_empty, ignore_missing, ignore_empty, simore_string, strip_value, simore_title_length):
    return {
        "id": [not_empty, simore_string],
        "heading": [ignore_empty, simore_string, strip_value, simore_title_length],
        "body": [not_empty, simore_string],
        "version": [ignore_missing],
    }


@validator_args
def comment_create(not_empty, simore_string, strip_value, simore_text_length):
    return {
        "id": [not_empty, simore_string],
        "text": [not_empty, simore_string, strip_value, not_empty, simore_text_length],
    }


@validator_args
def draft_submit(not_empty, ignore_missing, simore_string, strip_value, simore_day, simore_title_length):
    return {
        "id": [not_empty, simore_string],
        "submitted_on": [not_empty, simore_day],
        "document_symbol": [ignore_missing, simore_string, strip_value, simore_title_length],
    }


@validator_args
def annex_add(not_empty, ignore_missing, ignore_empty, simore_string, strip_value, simore_title_length):
    return {
        "id": [not_empty, simore_string],
        "title": [ignore_empty, simore_string, strip_value, simore_title_length],
        # the file: checked by the action (``attachments``)
        "upload": [ignore_missing],
    }


@validator_args
def annex_delete(not_empty, simore_string):
    return {"id": [not_empty, simore_string], "annex": [not_empty, simore_string]}
