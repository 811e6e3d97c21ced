"""Template helpers of the drafts: the drafts of a report owed, shown on
its calendar page."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import web
from ckanext.simore.drafts import states

__all__ = ["simore_obligation_drafts", "simore_draft_states"]


def simore_obligation_drafts(obligation_id: str) -> list[dict[str, Any]]:
    """The drafts of the obligation the current user may see."""
    return tk.get_action("simore_draft_list")(web.context(), {"obligation": obligation_id})["drafts"]


def simore_draft_states() -> list[dict[str, str]]:
    """The states a coordinator sets on a draft."""
    return [{"value": state, "text": tk._(states.STATES[state])} for state in states.SET_STATES]
