"""Auth functions of the drafts' API actions: the coordinators draft,
edit, annex files, submit and delete; reading and commenting are decided
per draft by the actions (a draft the reader may not see is a 404, not a
403, so that its existence is not told)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore import auth_rules
from ckanext.simore.drafts import actions

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)

simore_draft_create = simore_draft_section_update = auth_rules.coordinators_only()
simore_draft_section_versions = simore_draft_section_diff = auth_rules.coordinators_only()
simore_draft_submit = simore_draft_delete = simore_draft_update = auth_rules.coordinators_only()
simore_draft_annex_add = simore_draft_annex_delete = auth_rules.coordinators_only()


@tk.auth_allow_anonymous_access
def simore_draft_show(context, data_dict):
    """A submitted report is public; the action tells who reads a draft."""
    return {"success": True}


simore_draft_list = simore_draft_show


def simore_draft_comment_create(context, data_dict):
    """Logged-in users; the action allows the coordinators and the
    institutions concerned by the section."""
    return auth_rules.result(bool(context.get("user")), tk._("Log in to comment"))
