"""API actions of the records: a recommendation's implementation status and
its history, and the assignment of institutions (coordinators); and CKAN
actions chained so that every read channel follows a dataset's
current visibility (``activity_visibility``; updates are followed by the
plugin's after_dataset_update), and CKAN's activity channels name the
staff who made an activity only to their institution and the
coordinators."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate

from ckanext.simore import config, keys, languages, roles
from ckanext.simore.records import activity_visibility, change_sets, input_schemas, lookups, suggestions
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
    "simore_status_set_bulk",
    "simore_status_history",
    "simore_recommendation_assign",
    "simore_recommendation_suggest",
    "simore_change_set_list",
    "simore_change_set_show",
    "simore_change_set_undo",
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
    _change_status(context, package, data_dict["status"], data_dict["justification"])
    return {"id": package.id, "from_status": previous, "status": data_dict["status"]}


def _change_status(context, package: model.Package, status: str, justification: str) -> None:
    """Record the change in the status history, then make it."""
    user = lookups.user_of(context)
    history.record(
        history.STATUS_CHANGES,
        package_id=package.id,
        from_status=package.extras.get("implementation_status"),
        to_status=status,
        justification=justification,
        user_id=user.id if user else None,
    )
    tk.get_action("package_patch")(
        lookups.internal_context(context, **{keys.STATUS_TARGET: status}),
        {"id": package.id, "implementation_status": status},
    )


@validate(input_schemas.status_set_bulk)
def simore_status_set_bulk(context, data_dict):
    """Set the implementation status of many recommendations, chosen by
    id/name or by a search (``q``/``fq``), with one justification kept in
    the status history of each. A recommendation that already has the
    status is skipped. With ``preview`` nothing is written: the answer says
    what would change.

    :param ids: recommendation ids or names (or give ``q``/``fq``)
    :param q: a search's words
    :param fq: a search's filters
    :param status: a code of the ``implementation_statuses`` vocabulary
    :param justification: why
    :param preview: true to only count and list what would change
    :returns: ``{preview, found, count, skipped, changes, change_set}``:
        how many the selection holds, how many change and are skipped, each
        change (``id``, ``name``, ``label``, ``before`` and ``after``, the
        fields that change) and the id of the change set kept of it (see
        ``simore_change_set_show``; none for a preview or no change)
    """
    tk.check_access("simore_status_set_bulk", context, data_dict)
    after = {"implementation_status": data_dict["status"]}
    records = _selection(context, data_dict, locked=not data_dict.get("preview"))
    changes = [_change(record, before, after) for record in records if (before := _fields(record, after)) != after]
    return _outcome(context, data_dict, records, changes, change_sets.STATUS)


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
    search (``q``/``fq``), in one go. A recommendation whose assignment
    would stay the same is skipped. With ``preview`` nothing is written:
    the answer says what would change. Each change is in the
    recommendation's activity (before and after).

    :param ids: recommendation ids or names (or give ``q``/``fq``)
    :param q: a search's words
    :param fq: a search's filters
    :param institutions: institution names or ids to add
    :param lead_institution: optional; becomes the lead of every one (and
        one of its institutions)
    :param replace: true to replace the assigned institutions instead of
        adding to them
    :param justification: optional; why, kept with the change set
    :param preview: true to only count and list what would change
    :returns: ``{preview, found, count, skipped, changes, change_set}`` as
        ``simore_status_set_bulk`` answers, ``before`` and ``after`` being
        the ``institutions`` and ``lead_institution``
    """
    tk.check_access("simore_recommendation_assign", context, data_dict)
    try:
        institutions = [institution_name(ref) for ref in data_dict["institutions"]]
    except tk.Invalid as error:
        raise tk.ValidationError({"institutions": [error.error]})
    records = _selection(context, data_dict)
    changes = []
    for record in records:
        lead = data_dict.get("lead_institution")
        before = _fields(record, ASSIGNED_FIELDS)
        assigned = [] if data_dict.get("replace") else list(before["institutions"])
        for institution in institutions:
            if institution not in assigned:
                assigned.append(institution)
        if not lead and before["lead_institution"] in assigned:
            lead = before["lead_institution"]  # else a lead taken away with its institution is no lead any more
        if lead:
            assigned = [lead] + [name for name in assigned if name != lead]  # as the schema stores it
        after = {"institutions": assigned, "lead_institution": lead or None}
        if after != before:
            changes.append(_change(record, before, after))
    return _outcome(context, data_dict, records, changes, change_sets.ASSIGNMENT)


# The fields each kind of change set changes, and how each is written
ASSIGNED_FIELDS = ("institutions", "lead_institution")


def _write(context, operation: str, change: dict[str, Any], justification: str) -> None:
    if operation == change_sets.STATUS:
        status = change["after"]["implementation_status"]
        _change_status(context, model.Package.get(change["id"]), status, justification)
    else:
        write_context = lookups.internal_context(context, **{keys.ASSIGNMENT: True})
        tk.get_action("package_patch")(write_context, {"id": change["id"], **change["after"]})


def _fields(record: dict[str, Any], names) -> dict[str, Any]:
    """A recommendation's values of the fields ``names``, as change sets
    keep them (a list of institutions; None for no value)."""
    return {
        name: list(record.get(name) or []) if name == "institutions" else record.get(name) or None for name in names
    }


@tk.side_effect_free
def simore_change_set_list(context, data_dict):
    """The bulk changes of recommendations (assignments, statuses), newest
    first.

    :param limit: optional; how many (default 20, at most 100)
    :param offset: optional; how many to pass over
    :returns: ``{count, results}``, each result ``{id, operation,
        justification, user, created, count, undoes, undone_by}``
    """
    tk.check_access("simore_change_set_list", context, data_dict)
    limit = guard.bounded_int(data_dict, "limit", 20, 100)
    total, rows = change_sets.latest(limit, guard.bounded_int(data_dict, "offset", 0, config.max_search_start()))
    return {"count": total, "results": [_change_set_dict(row) for row in rows]}


@tk.side_effect_free
@validate(input_schemas.change_set_show)
def simore_change_set_show(context, data_dict):
    """One bulk change: each recommendation's fields before and after it,
    as they are now, and whether undoing it would restore them (only while
    they are still as the change left them).

    :param id: the change set's id
    :returns: ``{id, operation, justification, user, created, count,
        undoes, undone_by, changes}``, each change ``{id, name, label,
        before, after, now, undoable}``
    """
    tk.check_access("simore_change_set_show", context, data_dict)
    row = _change_set_or_404(data_dict["id"])
    changes = []
    for item in change_sets.items(row["id"]):
        record = _current(context, item["package_id"])
        now = _fields(record, item["after"]) if record else None
        changes.append(
            {
                "id": item["package_id"],
                "name": record["name"] if record else None,
                "label": _label(record) if record else None,
                "before": item["before"],
                "after": item["after"],
                "now": now,
                "undoable": now == item["after"],
            }
        )
    return {**_change_set_dict(row), "count": len(changes), "changes": changes}


@validate(input_schemas.change_set_undo)
def simore_change_set_undo(context, data_dict):
    """Undo a bulk change: every recommendation still as the change left it
    gets its fields before it back; one changed since (or deleted) stays
    as it is and is counted as skipped. The undoing is a change set of its
    own (which may be undone in turn); a change set is undone once. With
    ``preview`` nothing is written.

    :param id: the change set's id
    :param justification: why
    :param preview: true to only count and list what would change
    :returns: ``{preview, found, count, skipped, changes, change_set}`` as
        ``simore_status_set_bulk`` answers
    """
    tk.check_access("simore_change_set_undo", context, data_dict)
    row = _change_set_or_404(data_dict["id"])
    if row["undone_by"]:
        raise tk.ValidationError({"id": [tk._("this change was undone already")]})
    preview = bool(data_dict.get("preview"))
    records, changes = [], []
    for item in change_sets.items(row["id"]):
        record = _current(context, item["package_id"], locked=not preview)
        records.append(record)
        if record and _fields(record, item["after"]) == item["after"]:
            if row["operation"] == change_sets.STATUS and not item["before"]["implementation_status"]:
                continue  # it had no status before: there is none to set back
            changes.append(_change(record, item["after"], item["before"]))
    return _outcome(context, data_dict, records, changes, row["operation"], undoes=row["id"])


def _change_set_or_404(change_set_id: str) -> dict[str, Any]:
    return lookups.found(change_sets.found(change_set_id), tk._("No change {id!r}").format(id=change_set_id))


def _change_set_dict(row: dict[str, Any]) -> dict[str, Any]:
    user = model.User.get(row["user_id"] or "")
    return {
        "id": row["id"],
        "operation": row["operation"],
        "justification": row["justification"],
        "user": user.name if user else None,
        "user_display_name": user.display_name if user else None,
        "created": row["created"].isoformat(),
        "count": row.get("count"),
        "undoes": row["undoes"],
        "undone_by": row["undone_by"],
    }


def _current(context, package_id: str, locked: bool = False) -> dict[str, Any] | None:
    """A recommendation as it is now (``locked`` until the transaction
    ends), or None if it was deleted."""
    package = model.Package.get(package_id)
    if package is not None and locked:
        package = lookups.locked(package.id)
    if package is None or package.state != "active":
        return None
    return tk.get_action("package_show")(lookups.internal_context(context), {"id": package.id})


def _selection(context, data_dict, locked: bool = False) -> list[dict[str, Any]]:
    """The recommendations a bulk action works on (``ids`` or a search), as
    ``package_show`` shows them; ``locked`` until the transaction ends, so
    that what is read is what is changed."""
    if data_dict.get("ids"):
        packages = [lookups.package_of_type(ref, "recommendation", "ids") for ref in data_dict["ids"]]
    elif data_dict.get("q") or data_dict.get("fq"):
        found = rounds.search_all(data_dict.get("q", ""), "+dataset_type:recommendation " + data_dict.get("fq", ""))
        packages = [model.Package.get(record["id"]) for record in itertools.islice(found, config.max_list_items() + 1)]
        if len(packages) > config.max_list_items():
            raise tk.ValidationError(
                {
                    "q": [
                        tk._("the search finds more than {limit} recommendations; narrow it").format(
                            limit=config.max_list_items()
                        )
                    ]
                }
            )
    else:
        raise tk.ValidationError({"ids": [tk._("give recommendation ids or a search (q, fq)")]})
    unique = list({package.id: package for package in packages}.values())
    if locked:
        unique = [lookups.locked(package.id) for package in unique]
    show = tk.get_action("package_show")
    return [show(lookups.internal_context(context), {"id": package.id}) for package in unique]


def _change(record: dict[str, Any], before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {"id": record["id"], "name": record["name"], "label": _label(record), "before": before, "after": after}


def _outcome(
    context, data_dict, records: list[Any], changes: list[dict[str, Any]], operation: str, undoes: str | None = None
) -> dict[str, Any]:
    """Keep the changes as a change set and make them (unless previewing);
    what a bulk action answers. Everything was checked before the first
    write, and the change set is kept first: CKAN 2.12's package_update
    cannot defer its commit (it drops its savepoint), so the first write
    commits it."""
    change_set = None
    if changes and not data_dict.get("preview"):
        justification = data_dict.get("justification") or ""
        user = lookups.user_of(context)
        change_set = change_sets.record(operation, justification, user.id if user else None, changes, undoes)
        for change in changes:
            _write(context, operation, change, justification)
    return {
        "preview": bool(data_dict.get("preview")),
        "found": len(records),
        "count": len(changes),
        "skipped": len(records) - len(changes),
        "changes": changes,
        "change_set": change_set,
    }


def _label(record: dict[str, Any]) -> str:
    """A recommendation's text, short, in the interface language."""
    text = languages.text(record.get("text_translated")) or record.get("title") or record["name"]
    return suggestions.shorten(text, 160)


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
    # package_search applies the reader's permission labels to both. The
    # second is not narrowed to the others ("-institutions:…" would test
    # every match, and an empty query could no longer read the kept counts):
    # when it runs the first found every assigned match, which it skips.
    assigned = "institutions:({})".format(" OR ".join('"{}"'.format(suggestions.escape(i)) for i in institutions))
    filters = [("+" + assigned, True), ("", False)] if institutions else [("", False)]
    for extra, is_assigned in filters:
        if len(found) < limit:
            # not an internal context: ignore_auth would skip the labels
            result = tk.get_action("package_search")(
                {"user": context.get("user")},
                {"q": query, "fq": "+dataset_type:recommendation " + extra, "rows": limit, "include_private": True},
            )
            seen = {item["name"] for item in found}
            found.extend(_suggestion(record, is_assigned) for record in result["results"] if record["name"] not in seen)
    return found[:limit]


def _suggestion(record: dict[str, Any], assigned: bool) -> dict[str, Any]:
    from ckanext.simore.portal import labels  # portal reads the records' indexing

    status = record.get("implementation_status") or ""
    return {
        "name": record["name"],
        "text": _label(record),
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
