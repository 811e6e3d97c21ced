"""Template helpers of the dashboards."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import roles
from ckanext.simore.dashboards import content

__all__ = ["simore_dashboard_links"]


def simore_dashboard_links() -> list[dict[str, Any]]:
    """The dashboards the current user may open: the coordinators' and one
    per institution they work for (coordinators: a chooser). Each has its
    route, its URL arguments, its URL and its label."""

    user = roles.current_user_name()
    if not user:
        return []
    if roles.is_coordinator(user):
        links = [
            ("simore_dashboards.coordination", {}, tk._("Coordination dashboard")),
            ("simore_dashboards.institutions", {}, tk._("Institution dashboards")),
        ]
    else:
        links = [
            (
                "simore_dashboards.institution",
                {"id": institution["name"]},
                tk._("Dashboard of {institution}").format(institution=institution["title"]),
            )
            for institution in content.institution_choices(user)
        ]
    return [
        {"route": route, "args": args, "url": tk.h.url_for(route, **args), "label": label}
        for route, args, label in links
    ]
