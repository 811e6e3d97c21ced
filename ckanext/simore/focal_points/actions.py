"""API actions of the focal-point network: invite a focal point or a
validating authority, see every institution's people, hand an
institution's role over."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate

from ckanext.simore import roles
from ckanext.simore.focal_points import input_schemas, members
from ckanext.simore.records import loaders, lookups

__all__ = ["simore_focal_point_invite", "simore_institution_network", "simore_institution_handover"]


DESIGNATION_CAPACITY = {"main": "editor", "alternate": "editor", "validator": "admin"}


@validate(input_schemas.focal_point_invite)
def simore_focal_point_invite(context, data_dict):
    """Invite someone by e-mail to be an institution's main or alternate
    focal point, or its validating authority (CKAN sends the invitation).

    :param organization: the institution's id or name
    :param email: the person's e-mail address
    :param designation: ``main``, ``alternate`` or ``validator``
    """
    tk.check_access("simore_focal_point_invite", context, data_dict)
    organization = model.Group.get(data_dict["organization"])
    if organization is None or not organization.is_organization:
        raise tk.ObjectNotFound(tk._("No institution {ref!r}").format(ref=data_dict["organization"]))
    existing = roles.user_with_email(data_dict["email"])
    # CKAN re-checks membership changes as the calling user inside
    # organization_member_create; coordinators act here as the site.
    internal = loaders.site_user_context()
    if existing:
        user = existing
        tk.get_action("organization_member_create")(
            internal,
            {"id": organization.id, "username": user.name, "role": DESIGNATION_CAPACITY[data_dict["designation"]]},
        )
    else:
        invited = tk.get_action("user_invite")(
            internal,
            {
                "email": data_dict["email"],
                "group_id": organization.id,
                "role": DESIGNATION_CAPACITY[data_dict["designation"]],
            },
        )
        user = model.User.get(invited["id"])
    members.designate(organization.id, user.id, data_dict["designation"], lookups.user_of(context))
    model.Session.commit()
    return {"organization": organization.name, "user": user.name, "designation": data_dict["designation"]}


@tk.side_effect_free
def simore_institution_network(context, data_dict):
    """Every institution with its active focal points and validating
    authorities; ``without_focal_point`` lists those nobody reports for."""
    tk.check_access("simore_institution_network", context, data_dict)
    institutions = []
    for group in members.institutions():
        people = members.people(group.id)
        institutions.append(
            {"name": group.name, "title": group.title, "people": people, "has_focal_point": bool(people)}
        )
    return {
        "institutions": institutions,
        "without_focal_point": [i["name"] for i in institutions if not i["has_focal_point"]],
    }


@validate(input_schemas.institution_handover)
def simore_institution_handover(context, data_dict):
    """Hand an institution's role from one person to another when staff
    change: the newcomer gets the same capacity, the leaver loses it, the
    history (who did what) stays.

    :param organization: the institution's id or name
    :param from_user: who leaves
    :param to_user: who takes over
    """
    tk.check_access("simore_institution_handover", context, data_dict)
    organization = model.Group.get(data_dict["organization"])
    leaver, newcomer = model.User.get(data_dict["from_user"]), model.User.get(data_dict["to_user"])
    if organization is None or leaver is None or newcomer is None:
        raise tk.ObjectNotFound(tk._("No such institution or user"))
    capacity = roles.capacity_in(leaver, organization.id)
    if capacity not in ("admin", "editor"):
        raise tk.ValidationError(
            {
                "from_user": [
                    tk._("{user} has no role in {institution}").format(user=leaver.name, institution=organization.name)
                ]
            }
        )
    internal = loaders.site_user_context()
    tk.get_action("organization_member_create")(
        internal, {"id": organization.id, "username": newcomer.name, "role": capacity}
    )
    tk.get_action("organization_member_delete")(internal, {"id": organization.id, "username": leaver.name})
    designation = members.end_designation(organization.id, leaver.id) or (
        "validator" if capacity == "admin" else "main"
    )
    members.designate(organization.id, newcomer.id, designation, lookups.user_of(context))
    model.Session.commit()
    return {"organization": organization.name, "from_user": leaver.name, "to_user": newcomer.name, "capacity": capacity}
