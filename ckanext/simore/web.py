"""What every page of the extension needs: the request's action context,
an action's errors answered as HTTP errors by their type, and CSV
downloads."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import make_response

from ckanext.simore import roles
from ckanext.simore.exports import writers


def context(**extra: Any) -> dict[str, Any]:
    """The context of an action called for the current user."""
    return {"user": roles.current_user_name(), **extra}


def run(action: str, data: dict[str, Any]) -> Any:
    """The action's result for the current user, or the HTTP error matching
    the error's type: 403 (log in first, for an anonymous visitor), 404,
    400 naming the fields."""
    try:
        return tk.get_action(action)(context(), data)
    except tk.NotAuthorized as error:
        return forbidden(error)
    except tk.ObjectNotFound as error:
        return tk.abort(404, str(error) or tk._("Not found"))
    except tk.ValidationError as error:
        return tk.abort(400, validation_message(error))


def call(action: str, data: dict[str, Any], labels: dict[str, str] | None = None) -> tuple[Any, str | None]:
    """Run a form's action for the current user: (its result, None) or
    (None, what to tell the user); ``labels`` name the form's fields in
    what it is told (see ``validation_message``)."""
    try:
        return tk.get_action(action)(context(), data), None
    except tk.NotAuthorized as error:
        return None, str(error) or tk._("Not authorized")
    except tk.ObjectNotFound as error:
        return None, str(error) or tk._("Not found")
    except tk.ValidationError as error:
        return None, validation_message(error, labels)


def validation_message(error: tk.ValidationError, labels: dict[str, str] | None = None) -> str:
    """A refused input's messages, field by field, in one line; each after
    its field's label when ``labels`` (marked with N_) name the field."""
    return "; ".join(
        "{}: {}".format(tk._(labels[field]), message) if labels and field in labels else str(message)
        for field, messages in error.error_dict.items()
        for message in (messages if isinstance(messages, list) else [messages])
    )


def submit(action: str, data: dict[str, Any], success: str, labels: dict[str, str] | None = None) -> Any:
    """Run a form's action and flash the outcome (a refusal naming the
    fields by their ``labels``); its result, or None."""
    result, error = call(action, data, labels)
    if error:
        tk.h.flash_error(error)
    else:
        tk.h.flash_success(success)
    return result


def button(
    action: str, data: dict[str, Any], success: str, then: str, labels: dict[str, str] | None = None, **then_args: str
) -> Any:
    """A button's view (a form that posts to one action): refused (403)
    before anything is done, or the action run and its outcome flashed;
    then to the page ``then``."""
    denied = refused(action, data)
    if denied is not None:
        return denied
    submit(action, data, success, labels)
    return tk.redirect_to(then, **then_args)


def delete(action: str, record_id: str, success: str, listing: str, page: str, **page_args: str) -> Any:
    """A delete button's view, as ``button``; then the ``listing`` when the
    record was deleted, its ``page`` when it was not."""
    denied = refused(action)
    if denied is not None:
        return denied
    if submit(action, {"id": record_id}, success):
        return tk.redirect_to(listing)
    return tk.redirect_to(page, **page_args)


def form() -> dict[str, str]:
    """The posted form's fields, without its CSRF token."""
    return {key: value for key, value in tk.request.form.items() if key != "_csrf_token"}


def refused(action: str, data: dict[str, Any] | None = None) -> Any:
    """The 403 page when the current user may not run ``action`` (asked
    before a form is shown or read), or None when they may."""
    try:
        tk.check_access(action, context(), data or {})
    except tk.NotAuthorized as error:
        return forbidden(error)
    return None


def forbidden(error: Exception | None = None) -> Any:
    if not tk.current_user.is_authenticated:
        return tk.abort(403, tk._("Log in to see this page"))
    return tk.abort(403, (str(error) if error else "") or tk._("Not authorized"))


def csv_response(rows: list[list[Any]], filename: str) -> Any:
    response = make_response(writers.csv_text(rows))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="{}"'.format(filename)
    return response
