"""Input schemas of the records' API actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args


@validator_args
def status_change(not_empty, unicode_safe, simore_vocabulary, simore_text_length):
    """A new implementation status and why."""
    return {
        "status": [not_empty, unicode_safe, simore_vocabulary({"vocabulary": "implementation_statuses"}, {})],
        "justification": [not_empty, unicode_safe, simore_text_length],
    }


@validator_args
def selection(
    ignore_missing, unicode_safe, simore_flag, list_of_strings, convert_to_list_if_string, simore_list_length
):
    """The recommendations a bulk action works on (ids or a search), and
    whether it only previews."""
    return {
        "ids": [ignore_missing, convert_to_list_if_string, list_of_strings, simore_list_length],
        "q": [ignore_missing, unicode_safe],
        "fq": [ignore_missing, unicode_safe],
        "preview": [ignore_missing, simore_flag],
    }


@validator_args
def status_set(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe], **status_change()}


def status_set_bulk():
    return {**selection(), **status_change()}


@validator_args
def recommendation_assign(
    ignore_missing,
    unicode_safe,
    simore_flag,
    list_of_strings,
    convert_to_list_if_string,
    simore_institution_reference,
    simore_required_unless_replacing,
    simore_list_length,
    simore_text_length,
):
    return {
        **selection(),
        # empty only with ``replace``: taking every institution away
        "institutions": [
            simore_required_unless_replacing,
            convert_to_list_if_string,
            list_of_strings,
            simore_list_length,
        ],
        "lead_institution": [ignore_missing, unicode_safe, simore_institution_reference({}, {})],
        "replace": [ignore_missing, simore_flag],
        "justification": [ignore_missing, unicode_safe, simore_text_length],
    }


@validator_args
def change_set_show(not_empty, unicode_safe):
    return {"id": [not_empty, unicode_safe]}


@validator_args
def change_set_undo(not_empty, ignore_missing, unicode_safe, simore_flag, simore_text_length):
    return {
        **change_set_show(),
        "justification": [not_empty, unicode_safe, simore_text_length],
        "preview": [ignore_missing, simore_flag],
    }


@validator_args
def recommendation_suggest(
    ignore_missing, ignore_empty, unicode_safe, is_positive_integer, simore_institution_reference
):
    return {
        "q": [ignore_missing, unicode_safe],
        "organization": [ignore_missing, unicode_safe, simore_institution_reference({}, {})],
        "limit": [ignore_empty, is_positive_integer],  # CKAN's is_positive_integer fails on ""
    }
