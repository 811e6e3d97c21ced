"""Information requests are tested in the workflow's network (the
coordinator "coordinadora"; "salud" with its focal point and validating
authority; "justicia" with its focal point; CEDAW and one
recommendation)."""

import pytest
from ckan.tests import helpers
from workflow.conftest import draft_action, network  # noqa: F401 (fixtures)

QUESTIONS = "12. Please provide information on the measures taken.\n12 (a) And their budget.\n13. Any other progress?"


def call(user, action, **data):
    """Call an action as ``user``, its auth checked."""
    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


@pytest.fixture
def add_request(network):  # noqa: F811
    """A draft request written by the coordinator: fields override three
    questions asked of salud and justicia, due 2030-06-30."""

    def add(**fields):
        data = {
            "title": "Lista de cuestiones CEDAW",
            "kind": "list_of_issues",
            "deadline": "2030-06-30",
            "questions": QUESTIONS,
            "institutions": ["salud", "justicia"],
            "recommendations": [network.recommendation["name"]],
            **fields,
        }
        return call("coordinadora", "simore_information_request_create", **data)

    return add


@pytest.fixture
def sent_request(add_request):
    made = add_request()
    return call("coordinadora", "simore_information_request_send", id=made["id"])


def question_id(request, position=0):
    return request["questions"][position]["id"]
