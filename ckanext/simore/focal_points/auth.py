"""Auth functions of the focal-point network: the coordinating body
manages it."""
from __future__ import annotations

from ckanext.simore import auth_rules

__all__ = ["simore_focal_point_invite", "simore_institution_network", "simore_institution_handover"]

simore_focal_point_invite = simore_institution_network = simore_institution_handover = \
    auth_rules.coordinators_only()
