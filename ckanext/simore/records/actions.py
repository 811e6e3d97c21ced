"""API actions of the records: a recommendation's implementation status and
its history, and the assignment of institutions (coordinators); and CKAN
actions chained so that every read channel follows a dataset's
current visibility (``activity_visibility``; updates are followed by the
plugin's after_dataset_update), and CKAN's activity channels name the
staff who made an activity only to their institution and the
coordinators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate

from ckanext.simore import keys, languages, roles
from ckanext.simore.records import activity_visibility, input_schemas, lookups, suggestions
from ckanext.simore.records.validators import institution_name
from ckanext.simore.security import guard
from ckanext.simore.workflow import history, rounds
from ckanext.simore.workflow import machine as workflow

ACTIVITY_LISTS = [
    "package_activity_list",
    "organization_activity_list",
    "group_activity_list",
    "recently_changed_packages_activity_list",
    "dashboard_activity_list",
    "user_activity_list",
]
ACTIVITY_READS = ["activity_show", "activity_data_show", "activity_diff", *ACTIVITY_LISTS]
__all__ = [
    "simore_status_set",
    "simore_status_history",
    "simore_recommendation_assign",
    "simore_recommendation_suggest",
    "package_delete",
    "dataset_purge",
    "bulk_update_private",
    "bulk_update_delete",
    *ACTIVITY_READS,
]
# chained to the activity plugin's actions, which CKAN cannot chain without it
BESIDE_PLUGINS = {"activity": ACTIVITY_READS}


@validate(input_schemas.status_set)
def simore_status_set(context, data_dict):
    """Set a recommendation's implementation status, with a justification
    kept in its history.

    :param id: the recommendation's id or name
    :param status: a code of the ``implementation_statuses`` vocabulary
    :param justification: why
    """
    tk.check_access("simore_status_set", context, data_dict)
    package = lookups.locked(lookups.package_of_type(data_dict["id"], "recommendation").id)
    previous = package.extras.get("implementation_status")
    if previous == data_dict["status"]:
        # a change to the same status would read "X → X" in the history
        raise tk.ValidationError({"status": [tk._("the recommendation already has this status; choose another one")]})
    user = lookups.user_of(context)
    history.record(
        history.STATUS_CHANGES,
        package_id=package.id,
        from_status=previous,
        to_status=data_dict["status"],
        justification=data_dict["justification"],
        user_id=user.id if user else None,
    )
    tk.get_action("package_patch")(
        lookups.internal_context(context, **{keys.STATUS_TARGET: data_dict["status"]}),
        {"id": package.id, "implementation_status": data_dict["status"]},
    )
    return {"id": package.id, "from_status": previous, "status": data_dict["status"]}


@tk.side_effect_free
def simore_status_history(context, data_dict):
    """The implementation-status changes of a recommendation, oldest first,
    with their public justification; who made each, for the coordinators."""
    ref = guard.text_ref(data_dict, "id")  # a list or a number is a 400, before any lookup
    tk.check_access("simore_status_history", context, data_dict)
    package = lookups.package_of_type(ref, "recommendation")
    return history.events(
        history.STATUS_CHANGES,
        package,
        context,
        lambda event, user: (workflow.COORDINATOR, history.coordinating_institution(), True),
    )


@validate(input_schemas.recommendation_assign)
def simore_recommendation_assign(context, data_dict):
    """Assign institutions to recommendations, chosen by id/name or by a
    search (``q``/``fq``), in one go.

    :param ids: recommendation ids or names (or give ``q``/``fq``)
    :param institutions: institution names or ids to add
    :param lead_institution: optional; becomes the lead of every one
    :param replace: true to replace the assigned institutions instead of
        adding to them
    :returns: the number of recommendations changed
    """
    tk.check_access("simore_recommendation_assign", context, data_dict)
    if data_dict.get("ids"):
        names = [lookups.package_of_type(ref, "recommendation", "ids").name for ref in data_dict["ids"]]
    elif data_dict.get("q") or data_dict.get("fq"):
        names = [
            rec["name"]
            for rec in rounds.search_all(
                data_dict.get("q", ""), "+dataset_type:recommendation " + data_dict.get("fq", "")
            )
        ]
    else:
        raise tk.ValidationError({"ids": [tk._("give recommendation ids or a search (q, fq)")]})
    try:
        institutions = [institution_name(ref) for ref in data_dict["institutions"]]
    except tk.Invalid as error:
        raise tk.ValidationError({"institutions": [error.error]})
    # Everything is checked before the first write (CKAN 2.12's
    # package_update cannot defer its commit: it drops its savepoint).
    write_context = lookups.internal_context(context, **{keys.ASSIGNMENT: True})
    changed = 0
    for name in names:
        current = tk.get_action("package_show")(lookups.internal_context(context), {"id": name})
        assigned = [] if data_dict.get("replace") else list(current.get("institutions") or [])
        for institution in institutions:
            if institution not in assigned:
                assigned.append(institution)
        patch = {"id": name, "institutions": assigned}
        if data_dict.get("lead_institution"):
            patch["lead_institution"] = data_dict["lead_institution"]
        elif current.get("lead_institution") and current["lead_institution"] not in assigned:
            patch["lead_institution"] = None  # the lead was taken away
        if assigned != current.get("institutions") or "lead_institution" in patch:
            tk.get_action("package_patch")(dict(write_context), patch)
            changed += 1
    return {"count": changed}


@tk.side_effect_free
@validate(input_schemas.recommendation_suggest)
def simore_recommendation_suggest(context, data_dict):
    """Recommendations matching what a person types in a form (the picker of
    the action form's linked recommendations): words of the text in any
    language, a document symbol's start, a paragraph. Those assigned to the
    institution come first; only recommendations the user may read.

    :param q: what was typed ("A/HRC/17 tortura", "CEDAW/C/PRY/CO/7 12")
    :param organization: optional; the institution whose assigned
        recommendations come first (default: the user's institutions)
    :param limit: optional; how many (default 10, at most 25)
    :returns: a list of ``{name, text, document_symbol, paragraph,
        mechanism, implementation_status, assigned}``, texts and labels in
        the interface language
    """
    tk.check_access("simore_recommendation_suggest", context, data_dict)
    limit = suggestions.bounded_limit(data_dict.get("limit"))
    query = suggestions.query(data_dict.get("q", ""))
    if data_dict.get("organization"):
        institutions = [data_dict["organization"]]
    else:
        institutions = [model.Group.get(org).name for org in roles.institutions_of(context.get("user"))]
    found: list[dict[str, Any]] = []
    # Two searches, so that the assigned come first whatever their score;
    # package_search applies the reader's permission labels to both.
    assigned = "institutions:({})".format(" OR ".join('"{}"'.format(suggestions.escape(i)) for i in institutions))
    filters = [("+" + assigned, True), ("-" + assigned, False)] if institutions else [("", False)]
    for extra, is_assigned in filters:
        if len(found) < limit:
            # not an internal context: ignore_auth would skip the labels
            result = tk.get_action("package_search")(
                {"user": context.get("user")},
                {
                    "q": query,
                    "fq": "+dataset_type:recommendation " + extra,
                    "rows": limit - len(found),
                    "include_private": True,
                },
            )
            found.extend(_suggestion(record, is_assigned) for record in result["results"])
    return found


def _suggestion(record: dict[str, Any], assigned: bool) -> dict[str, Any]:
    from ckanext.simore.portal import labels  # portal reads the records' indexing

    text = languages.text(record.get("text_translated")) or record.get("title") or record["name"]
    status = record.get("implementation_status") or ""
    return {
        "name": record["name"],
        "text": suggestions.shorten(text, 160),
        "document_symbol": record.get("document_symbol") or "",
        "paragraph": record.get("paragraph") or "",
        "mechanism": labels.Labels.current().for_field("mechanism")(record.get("mechanism") or ""),
        "implementation_status": languages.vocabulary_label("implementation_statuses", status) if status else "",
        "assigned": assigned,
    }


def _followed(next_action, context, data_dict, package_ids):
    result = next_action(context, data_dict)
    # CKAN 2.11's bulk updates change rows behind the session's back
    model.Session.expire_all()
    for package_id in package_ids:
        activity_visibility.follow_dataset(package_id)
    if not context.get("defer_commit"):
        model.Session.commit()
    return result


def _package_id(data_dict) -> list[str]:
    package = model.Package.get(data_dict.get("id") or "") if isinstance(data_dict.get("id"), str) else None
    return [package.id] if package is not None else []


@tk.chained_action
def package_delete(next_action, context, data_dict):
    # the dataset hooks run before CKAN marks the dataset deleted
    return _followed(next_action, context, data_dict, _package_id(data_dict))


@tk.chained_action
def dataset_purge(next_action, context, data_dict):
    return _followed(next_action, context, data_dict, _package_id(data_dict))


@tk.chained_action
def bulk_update_private(next_action, context, data_dict):
    # CKAN 2.11 changes the datasets by SQL, past the dataset hooks
    return _followed(next_action, context, data_dict, data_dict.get("datasets") or [])


@tk.chained_action
def bulk_update_delete(next_action, context, data_dict):
    return _followed(next_action, context, data_dict, data_dict.get("datasets") or [])


def _shown(context) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """How an activity dict reaches this reader: whole for the staff of its
    institution and the coordinators, without its actor for anyone else."""
    user = context.get("user")
    if context.get("ignore_auth") or roles.is_coordinator(user):
        return lambda activity: activity
    institutions = set(roles.institutions_of(user))
    return lambda activity: (
        activity
        if activity_visibility.organization_of(activity) in institutions
        else activity_visibility.without_actor(activity)
    )


@tk.chained_action
@tk.side_effect_free
def activity_list(next_action, context, data_dict):
    shown = _shown(context)
    return [shown(activity) for activity in next_action(context, data_dict)]


@tk.chained_action
@tk.side_effect_free
def activity_show(next_action, context, data_dict):
    # the activity comes with its data, so its auth is the one for data
    # (CKAN's auth fails with a KeyError without include_data)
    data_dict = dict(data_dict, include_data=data_dict.get("include_data", True))
    return _shown(context)(next_action(context, data_dict))


@tk.chained_action
@tk.side_effect_free
def activity_data_show(next_action, context, data_dict):
    data = next_action(context, data_dict)
    activity = context.get("activity")  # set by CKAN's action
    if activity is None or not isinstance(data, dict):
        return data
    # the whole data, or only its object (object_type)
    inner = data_dict.get("object_type")
    whole = {
        "data": data if not inner else {inner: data},
        "object_id": activity.object_id,
        "activity_type": activity.activity_type,
    }
    shown = _shown(context)(whole)["data"]
    return shown if not inner else shown[inner]


@tk.chained_action
@tk.side_effect_free
def activity_diff(next_action, context, data_dict):
    result = next_action(context, data_dict)
    shown = _shown(context)
    return dict(result, activities=[shown(activity) for activity in result.get("activities", [])])


# one chained function serves every activity list
for _name in ACTIVITY_LISTS:
    globals()[_name] = activity_list
