"""Auth functions of the imports: only coordinators import."""

from __future__ import annotations

from ckanext.simore import auth_rules
from ckanext.simore.imports import actions
from ckanext.simore.multilingual import N_

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)


simore_import_create = simore_import_confirm = simore_import_resume = simore_import_show = simore_import_rows = (
    simore_import_list
) = auth_rules.coordinators_only(N_("Only the coordinating body may import recommendations"))
