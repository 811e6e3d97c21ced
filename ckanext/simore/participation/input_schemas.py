"""Input schemas of civil society participation's API actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args

from ckanext.simore.participation import consultations, contributions, memberships


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
    return {"state": [ignore_missing, simore_string, one_of(list(memberships.STATES))], "limit": [ignore_missing]}


@validator_args
def contribution_create(
    not_empty, ignore_missing, simore_string, one_of, simore_text_length, simore_reference_list, simore_flag
):
    return {
        "kind": [not_empty, simore_string, one_of(list(contributions.KINDS))],
        "record": [ignore_missing, simore_string],
        "report": [ignore_missing, simore_string],
        "organization": [not_empty, simore_string],
        "parent": [ignore_missing, simore_string],
        "body": [not_empty, simore_string, simore_text_length],
        "status": [ignore_missing, simore_string],
        "evidence": [ignore_missing, simore_reference_list],
        "show_author": [ignore_missing, simore_flag],
        "language": [ignore_missing, simore_string],
    }


@validator_args
def contribution_update(
    not_empty, ignore_missing, simore_string, simore_text_length, simore_reference_list, simore_flag
):
    return {
        "id": [not_empty, simore_string],
        "body": [ignore_missing, simore_string, not_empty, simore_text_length],
        "status": [ignore_missing, simore_string],
        "evidence": [ignore_missing, simore_reference_list],
        "show_author": [ignore_missing, simore_flag],
        "language": [ignore_missing, simore_string],
    }


@validator_args
def contribution_moderate(not_empty, ignore_missing, simore_string, one_of, simore_text_length):
    return {
        "id": [not_empty, simore_string],
        "decision": [not_empty, simore_string, one_of(list(contributions.DECISIONS))],
        "reason": [ignore_missing, simore_string, simore_text_length],
    }


@validator_args
def contribution_answer(not_empty, simore_string, simore_text_length):
    return {
        "id": [not_empty, simore_string],
        "organization": [not_empty, simore_string],
        "body": [not_empty, simore_string, simore_text_length],
    }


@validator_args
def contribution_report(not_empty, simore_string, simore_text_length):
    return {"id": [not_empty, simore_string], "reason": [not_empty, simore_string, simore_text_length]}


@validator_args
def contribution_list(ignore_missing, simore_string, one_of, simore_flag, simore_title_length):
    return {
        "q": [ignore_missing, simore_string, simore_title_length],
        "record": [ignore_missing, simore_string],
        "report": [ignore_missing, simore_string],
        "organization": [ignore_missing, simore_string],
        "kind": [ignore_missing, simore_string, one_of([*contributions.KINDS, contributions.ANSWER])],
        "state": [ignore_missing, simore_string, one_of(list(contributions.STATES))],
        "reported": [ignore_missing, simore_flag],
        "limit": [ignore_missing],
        "offset": [ignore_missing],
    }


@validator_args
def consultation_open(
    not_empty,
    ignore_missing,
    simore_string,
    one_of,
    simore_day,
    simore_reference_list,
    simore_text_length,
    simore_list_length,
):
    return {
        "draft": [not_empty, simore_string],
        "opens": [ignore_missing, simore_day],
        "closes": [not_empty, simore_day],
        "audience": [not_empty, simore_string, one_of(list(consultations.AUDIENCES))],
        "organizations": [ignore_missing, simore_reference_list, simore_list_length],
        "message": [ignore_missing, simore_string, simore_text_length],
    }


@validator_args
def consultation_comment(not_empty, ignore_missing, simore_string, simore_text_length, simore_flag):
    return {
        "consultation": [not_empty, simore_string],
        "section": [not_empty, simore_string],
        "organization": [not_empty, simore_string],
        "body": [not_empty, simore_string, simore_text_length],
        "show_author": [ignore_missing, simore_flag],
        "language": [ignore_missing, simore_string],
    }


@validator_args
def consultation_respond(not_empty, ignore_missing, simore_string, one_of, simore_text_length):
    return {
        "id": [not_empty, simore_string],
        "response": [not_empty, simore_string, one_of(list(consultations.RESPONSES))],
        "text": [ignore_missing, simore_string, simore_text_length],
    }
