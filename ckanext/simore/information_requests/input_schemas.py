"""Input schemas of the information requests' API actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args

from ckanext.simore.information_requests import questions


@validator_args
def request_create(
    not_empty,
    ignore_missing,
    ignore_empty,
    simore_string,
    one_of,
    simore_day,
    simore_reference_list,
    simore_title_length,
    simore_text_length,
    simore_list_length,
):
    return {
        # (no strip_value: it would run on a list simore_string refused; the action strips)
        "title": [not_empty, simore_string, simore_title_length],
        "kind": [not_empty, simore_string, one_of(list(questions.KINDS))],
        "mechanism": [ignore_missing, simore_string],
        "obligation": [ignore_missing, simore_string],
        "deadline": [not_empty, simore_day],
        "notes": [ignore_missing, simore_string, simore_text_length],
        # a text (one paragraph a line) or a list of objects: checked by the action
        "questions": [ignore_missing],
        "institutions": [ignore_missing, simore_reference_list, simore_list_length],
        "recommendations": [ignore_missing, simore_reference_list, simore_list_length],
        "themes": [ignore_missing, simore_reference_list, simore_list_length],
    }


@validator_args
def request_update(not_empty, ignore_missing, simore_string):
    # what is not given is kept; a required field given empty is refused
    fields = request_create()
    for name in ("title", "kind", "deadline"):
        fields[name] = [ignore_missing, not_empty] + fields[name][1:]
    return {"id": [not_empty, simore_string], **fields}


@validator_args
def request_ask(not_empty, ignore_missing, simore_string, simore_day, simore_reference_list, simore_list_length):
    return {
        "id": [not_empty, simore_string],
        "institutions": [not_empty, simore_reference_list, simore_list_length],
        "questions": [ignore_missing, simore_reference_list, simore_list_length],
        "deadline": [ignore_missing, simore_day],
    }


@validator_args
def request_list(ignore_missing, ignore_empty, simore_string, one_of):
    return {
        "state": [ignore_empty, simore_string, one_of(list(questions.STATES))],
        "limit": [ignore_missing],
        "offset": [ignore_missing],
    }


@validator_args
def answer_save(not_empty, ignore_missing, simore_string, simore_text_length):
    return {
        "question": [not_empty, simore_string],
        "organization": [not_empty, simore_string],
        "text": [ignore_missing, simore_string, simore_text_length],
    }


@validator_args
def answer_transition(not_empty, ignore_missing, simore_string, one_of, simore_text_length):
    return {
        "id": [not_empty, simore_string],
        "transition": [not_empty, simore_string, one_of(list(questions.ANSWER_TRANSITIONS))],
        "comment": [ignore_missing, simore_string, simore_text_length],
    }


@validator_args
def attachment_delete(not_empty, simore_string):
    return {"id": [not_empty, simore_string], "attachment": [not_empty, simore_string]}
