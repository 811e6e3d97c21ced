"""Auth functions of the focal-point network: the coordinating body
manages it."""

from __future__ import annotations

from ckanext.simore import auth_rules
from ckanext.simore.focal_points import actions

# an auth function for each of the feature's API actions, of the same name
__all__ = list(actions.__all__)

simore_focal_point_invite = simore_institution_network = simore_institution_handover = auth_rules.coordinators_only()
