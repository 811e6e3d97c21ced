"""Input schemas of the focal-point network's API actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args

DESIGNATIONS = ["main", "alternate", "validator"]


@validator_args
def focal_point_invite(not_empty, unicode_safe, email_validator, one_of):
    return {
        "organization": [not_empty, unicode_safe],
        "email": [not_empty, unicode_safe, email_validator],
        "designation": [not_empty, one_of(DESIGNATIONS)],
    }


@validator_args
def institution_handover(not_empty, unicode_safe):
    return {
        "organization": [not_empty, unicode_safe],
        "from_user": [not_empty, unicode_safe],
        "to_user": [not_empty, unicode_safe],
    }
