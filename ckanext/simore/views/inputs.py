"""The door every request passes: a value no part of the portal can store or
search (a NUL character, a lone surrogate, a text over the configured size)
is refused with a 400 naming the field, before any view or action reads it
(CKAN's own actions, such as package_show or package_search, would answer
a 500)."""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, request

import ckan.plugins.toolkit as tk

from ckanext.simore import config, inputs
from ckanext.simore.logic import guard

inputs_door = Blueprint("simore_inputs", __name__)


def _request_values() -> dict[str, Any]:
    values: dict[str, Any] = {}
    values.update(request.view_args or {})
    values.update(request.args.to_dict(flat=False))
    values.update(request.form.to_dict(flat=False))
    if request.is_json:
        body = request.get_json(silent=True)
        values.update(body if isinstance(body, dict) else {"__input": body})
    return values


@inputs_door.before_app_request
def refuse_malformed_input():
    problem = inputs.find_malformed(_request_values(), config.max_input_chars())
    if problem is None:
        return None
    message = guard.problem_message(problem)
    if request.path.startswith("/api/"):
        body = {"success": False, "error": {"__type": "Validation Error", problem.field: [message]}}
        return current_app.response_class(
            json.dumps(body), status=400, content_type="application/json;charset=utf-8")
    return tk.abort(400, "{}: {}".format(problem.field, message))
