"""Template helpers of the workflow: transitions, histories, rounds and
pending work for the current user."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import dates, roles

__all__ = [
    "simore_open_round_choices",
    "simore_action_transitions",
    "simore_history",
    "simore_is_coordinator",
    "simore_pending_work",
]


def simore_open_round_choices(field: dict) -> list[dict[str, Any]]:
    """The open reporting rounds, as choices for an action's form."""
    from ckanext.simore.workflow import rounds

    return [
        {
            "value": row.id,
            "label": "{} ({})".format(row.title, tk._("due {date}").format(date=dates.long_date(row.due_date))),
        }
        for row in rounds.open_rounds()
    ]


def simore_action_transitions(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    """The transitions the current user may make on this action now."""
    from ckanext.simore.workflow import machine as workflow

    state = pkg.get("workflow_state") or workflow.DRAFT
    user_roles = roles.institution_roles(roles.current_user_name() or None, pkg.get("owner_org", ""))
    return [
        {"name": t.name, "label": tk._(t.label), "needs_comment": t.needs_comment}
        for t in workflow.allowed(state, user_roles)
    ]


def simore_history(action: str, package_id: str) -> list[dict[str, Any]]:
    """A record's workflow or status history, as the current user may see
    it (empty when not allowed)."""
    try:
        return tk.get_action(action)({"user": roles.current_user_name()}, {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return []


def simore_is_coordinator() -> bool:

    return roles.is_coordinator(roles.current_user_name() or None)


def simore_pending_work() -> dict[str, Any]:
    if not roles.current_user_name():
        return {}
    return tk.get_action("simore_pending_work")({"user": roles.current_user_name()}, {})
