"""Template helpers of the calendar: the choices of its forms and
filters."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore import roles
from ckanext.simore.portal.labels import Labels
from ckanext.simore.reporting import actions, calendar

__all__ = [
    "simore_obligation_kinds",
    "simore_obligation_states",
    "simore_mechanism_choices",
    "simore_open_obligation_choices",
]


def simore_obligation_kinds() -> list[dict[str, str]]:
    return [{"value": code, "text": tk._(label)} for code, label in calendar.KINDS.items()]


def simore_obligation_states(with_overdue: bool = False) -> list[dict[str, str]]:
    """The states a coordinator sets, or (``with_overdue``) those a reader
    filters by."""
    states = calendar.SHOWN_STATES if with_overdue else calendar.STATES
    return [{"value": code, "text": tk._(label)} for code, label in states.items()]


def simore_mechanism_choices() -> list[dict[str, str]]:
    """The mechanisms the reader may see, by code."""
    found = tk.get_action("package_search")(
        {"user": roles.current_user_name()}, {"fq": "+dataset_type:mechanism", "rows": 1000, "sort": "name asc"}
    )
    labels = Labels.current()
    return [
        {"value": record["name"], "text": "{} — {}".format(record["name"].upper(), labels.mechanism(record["name"]))}
        for record in found["results"]
    ]


def simore_open_obligation_choices() -> list[dict[str, str]]:
    """The reports not yet submitted, by due date, as a form offers them
    ("UPR — Mid-term report (cycle 4) — 2027-04-02")."""
    found = tk.get_action("simore_obligation_list")({"user": roles.current_user_name()}, {"limit": actions.MAX_LISTED})
    return [
        {
            "value": entry["id"],
            "text": " — ".join(
                [
                    entry["mechanism"]["code"],
                    entry["kind_label"] + (" ({})".format(entry["period"]) if entry["period"] else ""),
                    entry["due_date"],
                ]
            ),
        }
        for entry in found["obligations"]
        if entry["stored_state"] != calendar.SUBMITTED
    ]
