"""Input schemas of the extension's API actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args

from ckanext.simore import config


def _at_most(limit, what: str):
    """A validator refusing a text or a list longer than ``limit()`` (read
    when validating, so that a changed option applies at once)."""

    def validator(value):
        if isinstance(value, (str, list)) and len(value) > limit():
            message = (tk._("at most {limit} characters") if what == "chars"
                       else tk._("at most {limit} values"))
            raise tk.Invalid(message.format(limit=limit()))
        return value

    return validator


def _title():
    return _at_most(config.max_title_chars, "chars")


def _text():
    return _at_most(config.max_text_chars, "chars")


def _list():
    return _at_most(config.max_list_items, "items")


@validator_args
def action_transition(not_empty, unicode_safe, ignore_missing, one_of):
    from ckanext.simore.workflow import machine as workflow

    return {
        "id": [not_empty, unicode_safe],
        "transition": [not_empty, unicode_safe, one_of(list(workflow.TRANSITIONS))],
        "comment": [ignore_missing, unicode_safe, _text()],
    }


@validator_args
def status_set(not_empty, unicode_safe):
    from ckanext.simore.records.validators import simore_vocabulary

    return {
        "id": [not_empty, unicode_safe],
        "status": [not_empty, unicode_safe,
                   simore_vocabulary({"vocabulary": "implementation_statuses"}, {})],
        "justification": [not_empty, unicode_safe, _text()],
    }


def _required_unless_replacing(key, data, errors, context):
    """Institutions must be given, except to replace them by none."""
    value = data.get(key)
    try:
        replacing = tk.asbool(data.get(("replace",)) or False)
    except ValueError:
        replacing = False  # the replace field reports its own error
    if value in (tk.missing, None, "", []) and not replacing:
        errors[key].append(tk._("Missing value"))
        raise tk.StopOnError
    if value in (tk.missing, None, ""):
        data[key] = []


@validator_args
def recommendation_assign(not_empty, ignore_missing, unicode_safe, boolean_validator,
                          list_of_strings, convert_to_list_if_string):
    from ckanext.simore.records.validators import simore_institution_reference

    institution = simore_institution_reference({}, {})
    return {
        "ids": [ignore_missing, convert_to_list_if_string, list_of_strings, _list()],
        "q": [ignore_missing, unicode_safe],
        "fq": [ignore_missing, unicode_safe],
        # empty only with ``replace``: taking every institution away
        "institutions": [_required_unless_replacing, convert_to_list_if_string, list_of_strings, _list()],
        "lead_institution": [ignore_missing, unicode_safe, institution],
        "replace": [ignore_missing, boolean_validator],
    }


def _date_only(value):
    """isodate gives a datetime; a due date is a day."""
    return value.date() if hasattr(value, "date") else value


@validator_args
def round_create(not_empty, ignore_missing, unicode_safe, isodate):
    return {
        "title": [not_empty, unicode_safe, _title()],
        "due_date": [not_empty, isodate, _date_only],
        "q": [ignore_missing, unicode_safe],
        "fq": [ignore_missing, unicode_safe],
        "description": [ignore_missing, unicode_safe, _text()],
    }


@validator_args
def round_no_progress(not_empty, ignore_missing, unicode_safe):
    return {
        "id": [not_empty, unicode_safe],
        "recommendation": [not_empty, unicode_safe],
        "organization": [not_empty, unicode_safe],
        "comment": [ignore_missing, unicode_safe, _text()],
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
