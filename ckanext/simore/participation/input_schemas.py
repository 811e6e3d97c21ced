"""Input schemas of civil society participation's API actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args

from ckanext.simore.participation import memberships


@validator_args
def membership_request_create(not_empty, ignore_missing, simore_string, one_of, simore_text_length):
    return {
        "kind": [not_empty, simore_string, one_of(list(memberships.KINDS))],
        "organization": [ignore_missing, simore_string],
        # the proposed organization's details: checked by the action with
        # the organization schema itself
        "proposal": [ignore_missing],
        "message": [ignore_missing, simore_string, simore_text_length],
    }


@validator_args
def membership_request_decide(not_empty, ignore_missing, simore_string, one_of, simore_text_length):
    return {
        "id": [not_empty, simore_string],
        "decision": [not_empty, simore_string, one_of(list(memberships.DECISIONS))],
        "reason": [ignore_missing, simore_string, simore_text_length],
    }


@validator_args
def membership_request_list(ignore_missing, simore_string, one_of):
    return {"state": [ignore_missing, simore_string, one_of(list(memberships.STATES))]}
