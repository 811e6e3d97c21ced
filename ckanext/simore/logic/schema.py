"""Input schemas of the extension's API actions."""
from __future__ import annotations

from ckan.lib.navl.dictization_functions import StopOnError
from ckan.logic.schema import validator_args


@validator_args
def vocabulary_show(not_empty, unicode_safe, ignore_missing):
    return {"id": [not_empty, unicode_safe], "lang": [ignore_missing, unicode_safe]}


@validator_args
def action_transition(not_empty, unicode_safe, ignore_missing, one_of):
    from ckanext.simore import workflow

    return {
        "id": [not_empty, unicode_safe],
        "transition": [not_empty, unicode_safe, one_of(list(workflow.TRANSITIONS))],
        "comment": [ignore_missing, unicode_safe],
    }


@validator_args
def status_set(not_empty, unicode_safe):
    from ckanext.simore.logic.validators import simore_vocabulary

    return {
        "id": [not_empty, unicode_safe],
        "status": [not_empty, unicode_safe,
                   simore_vocabulary({"vocabulary": "implementation_statuses"}, {})],
        "justification": [not_empty, unicode_safe],
    }


def _required_unless_replacing(key, data, errors, context):
    from ckan.plugins.toolkit import _, asbool, missing

    value = data.get(key)
    if value in (missing, None, "", []) and not asbool(data.get(("replace",)) or False):
        errors[key].append(_("Missing value"))
        raise StopOnError
    if value in (missing, None, ""):
        data[key] = []


@validator_args
def recommendation_assign(not_empty, ignore_missing, unicode_safe, boolean_validator,
                          list_of_strings, convert_to_list_if_string):
    from ckanext.simore.logic.validators import simore_institution_reference

    institution = simore_institution_reference({}, {})
    return {
        "ids": [ignore_missing, convert_to_list_if_string, list_of_strings],
        "q": [ignore_missing, unicode_safe],
        "fq": [ignore_missing, unicode_safe],
        # empty only with ``replace``: taking every institution away
        "institutions": [_required_unless_replacing, convert_to_list_if_string, list_of_strings],
        "lead_institution": [ignore_missing, unicode_safe, institution],
        "replace": [ignore_missing, boolean_validator],
    }


def _date_only(value):
    """isodate gives a datetime; a due date is a day."""
    return value.date() if hasattr(value, "date") else value


@validator_args
def round_create(not_empty, ignore_missing, unicode_safe, isodate):
    return {
        "title": [not_empty, unicode_safe],
        "due_date": [not_empty, isodate, _date_only],
        "q": [ignore_missing, unicode_safe],
        "fq": [ignore_missing, unicode_safe],
        "description": [ignore_missing, unicode_safe],
    }


@validator_args
def round_no_progress(not_empty, ignore_missing, unicode_safe):
    return {
        "id": [not_empty, unicode_safe],
        "recommendation": [not_empty, unicode_safe],
        "organization": [not_empty, unicode_safe],
        "comment": [ignore_missing, unicode_safe],
    }


@validator_args
def focal_point_invite(not_empty, unicode_safe, email_validator, one_of):
    return {
        "organization": [not_empty, unicode_safe],
        "email": [not_empty, unicode_safe, email_validator],
        "designation": [not_empty, one_of(["main", "alternate", "validator"])],
    }


@validator_args
def institution_handover(not_empty, unicode_safe):
    return {
        "organization": [not_empty, unicode_safe],
        "from_user": [not_empty, unicode_safe],
        "to_user": [not_empty, unicode_safe],
    }
