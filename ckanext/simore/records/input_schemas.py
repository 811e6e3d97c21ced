"""Input schemas of the records' API actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args


@validator_args
def status_set(not_empty, unicode_safe, simore_vocabulary, simore_text_length):
    return {
        "id": [not_empty, unicode_safe],
        "status": [not_empty, unicode_safe, simore_vocabulary({"vocabulary": "implementation_statuses"}, {})],
        "justification": [not_empty, unicode_safe, simore_text_length],
    }


@validator_args
def recommendation_assign(
    ignore_missing,
    unicode_safe,
    boolean_validator,
    list_of_strings,
    convert_to_list_if_string,
    simore_institution_reference,
    simore_required_unless_replacing,
    simore_list_length,
):
    return {
        "ids": [ignore_missing, convert_to_list_if_string, list_of_strings, simore_list_length],
        "q": [ignore_missing, unicode_safe],
        "fq": [ignore_missing, unicode_safe],
        # empty only with ``replace``: taking every institution away
        "institutions": [
            simore_required_unless_replacing,
            convert_to_list_if_string,
            list_of_strings,
            simore_list_length,
        ],
        "lead_institution": [ignore_missing, unicode_safe, simore_institution_reference({}, {})],
        "replace": [ignore_missing, boolean_validator],
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
