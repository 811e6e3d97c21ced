"""Auth function of the exports: anyone may export what they may read (the
export searches as the reader)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["simore_export"]


@tk.auth_allow_anonymous_access
def simore_export(context, data_dict=None):
    return {"success": True}
