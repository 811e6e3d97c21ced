"""Auth functions of the indicators' API actions: everyone reads the
definitions and the approved values (the actions leave out the values in
progress the reader may not see); the coordinators define indicators; the
focal points of the responsible institution enter its values; whoever has
a workflow role in that institution may ask for a transition, which the
state machine then allows or not."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.simore import auth_rules, roles
from ckanext.simore.indicators import actions, store
from ckanext.simore.workflow import machine as workflow

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)

simore_indicator_create = simore_indicator_update = simore_indicator_delete = auth_rules.coordinators_only()


@tk.auth_allow_anonymous_access
def simore_indicator_show(context, data_dict):
    """Definitions and approved values are public."""
    return {"success": True}


simore_indicator_list = simore_indicator_value_show = simore_indicator_value_list = simore_indicator_show


def _focal_point_of(context, organization_id: str | None) -> dict:
    allowed = organization_id is not None and workflow.FOCAL_POINT in roles.institution_roles(
        context.get("user"), organization_id
    )
    return auth_rules.result(allowed, tk._("Only the focal points of the indicator's institution report its values"))


def _ref(data_dict, key: str) -> str:
    value = (data_dict or {}).get(key)
    return value if isinstance(value, str) else ""


def simore_indicator_value_create(context, data_dict):
    indicator = store.get(_ref(data_dict, "indicator"))
    if indicator is None:
        # the action answers "not found"; only staff of an institution get there
        return auth_rules.result(bool(roles.institutions_of(context.get("user"))))
    return _focal_point_of(context, indicator.organization_id)


def simore_indicator_value_update(context, data_dict):
    value = store.get_value(_ref(data_dict, "id"))
    return _focal_point_of(context, value.organization_id if value else None)


simore_indicator_value_delete = simore_indicator_value_update


def simore_indicator_value_transition(context, data_dict):
    value = store.get_value(_ref(data_dict, "id"))
    return auth_rules.result(
        value is not None and bool(roles.institution_roles(context.get("user"), value.organization_id)),
        tk._("You have no role in this value's institution"),
    )
