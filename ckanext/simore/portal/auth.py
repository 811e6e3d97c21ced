"""Auth function of the portal's statistics: public records only, so
anyone."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["simore_statistics"]


@tk.auth_allow_anonymous_access
def simore_statistics(context, data_dict):
    """Statistics count public records only: anyone may read them."""
    return {"success": True}
