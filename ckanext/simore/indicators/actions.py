"""API actions of the indicators: definitions (read by everyone, written
by the coordinators) and their values, entered and submitted by the focal
points of the responsible institution, approved by its validating
authority (or returned, by it or the coordinators). Only approved values
are public; a value in progress is its institution's and the
coordinators'."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from babel.core import UnknownLocaleError
from babel.numbers import format_decimal
from ckan import model
from ckan.logic import validate

from ckanext.simore import config, languages, multilingual, organizations, roles
from ckanext.simore.indicators import definitions, input_schemas, store, values
from ckanext.simore.records import currencies, lookups
from ckanext.simore.security import guard
from ckanext.simore.vocabularies import terms
from ckanext.simore.workflow import history
from ckanext.simore.workflow import machine as workflow

__all__ = [
    "simore_indicator_create",
    "simore_indicator_update",
    "simore_indicator_delete",
    "simore_indicator_show",
    "simore_indicator_list",
    "simore_indicator_value_create",
    "simore_indicator_value_update",
    "simore_indicator_value_delete",
    "simore_indicator_value_transition",
    "simore_indicator_value_show",
    "simore_indicator_value_list",
]

# the most indicators, and values, one list answers
MAX_LISTED = 1000
MAX_VALUES_LISTED = 5000

# what a multilingual text may hold, and whether the portal's required
# languages must be there
TEXTS = {"title": (config.max_title_chars, True), "description": (config.max_text_chars, False)}


def label(list_name: str, code: str) -> str:
    """A shipped code's label in the reader's language."""
    term = definitions.shipped(list_name).by_code.get(code)
    return term.label_in(*languages.label_order()) if term else code


def breakdown(disaggregation: dict[str, str]) -> list[dict[str, str]]:
    """A value's breakdown in the reader's language: each dimension's label
    and the value's (its label in a closed list, else the text given)."""
    order = languages.preferred_languages()
    return [
        {
            "dimension": label(definitions.DISAGGREGATIONS, dimension),
            "value": multilingual.pick(definitions.dimension_values(dimension).get(part), order) or part,
        }
        for dimension, part in sorted(disaggregation.items())
    ]


def _texts(data_dict: dict[str, Any], field: str) -> dict[str, str]:
    limit, required = TEXTS[field]
    try:
        texts, problems = multilingual.clean(
            multilingual.parse(data_dict.get(field) or {}),
            config.languages(),
            config.required_languages() if required else [],
        )
    except multilingual.MultilingualError as error:
        problems = [error.problem]
    if not problems and any(len(text) > limit() for text in texts.values()):
        raise tk.ValidationError({field: [tk._("at most {limit} characters").format(limit=limit())]})
    if problems:
        raise tk.ValidationError({field: [multilingual.render(problem, tk._) for problem in problems]})
    return texts


def _institution(ref: str) -> model.Group:
    group = model.Group.get(ref)
    if not organizations.is_institution(group) or group.state != "active":
        raise tk.ValidationError({"organization": [tk._("unknown institution {ref!r}").format(ref=ref)]})
    return group


def _known(field: str, codes: list[str], vocabulary: terms.Vocabulary) -> list[str]:
    unknown = [code for code in codes if code not in vocabulary]
    if unknown:
        raise tk.ValidationError({field: [tk._("unknown code(s): {codes}").format(codes=", ".join(unknown[:10]))]})
    return list(dict.fromkeys(codes))


def _definition(data_dict: dict[str, Any], current: dict[str, Any], indicator_id: str | None) -> dict[str, Any]:
    """The stored columns of an indicator from the given parameters over
    ``current`` (its present columns, or {} for a new one); a
    ValidationError naming the first field that does not hold."""
    result = dict(current)
    if "code" in data_dict:
        code = data_dict["code"].strip().lower()
        problem = definitions.code_problem(code)
        if problem:
            raise tk.ValidationError({"code": [tk._(problem).format(code=code)]})
        if store.code_taken(code, indicator_id):
            raise tk.ValidationError({"code": [tk._("another indicator has the code {code!r}").format(code=code)]})
        result["code"] = code
    for field in TEXTS:
        if field in data_dict:
            result[field] = _texts(data_dict, field)
    for field in ("kind", "unit", "periodicity"):
        if field in data_dict:
            result[field] = data_dict[field]
    for field in ("source", "currency"):
        if field in data_dict:
            result[field] = (data_dict[field] or "").strip()
    result["currency"] = result.get("currency", "").upper()
    if "organization" in data_dict:
        result["organization_id"] = _institution(data_dict["organization"]).id
    for field, vocabulary in (
        ("disaggregations", definitions.shipped(definitions.DISAGGREGATIONS)),
        ("themes", terms.get("themes")),
        ("sdg_targets", terms.get("sdg_targets")),
    ):
        if field in data_dict:
            result[field] = _known(field, data_dict[field], vocabulary)
    currency_unit = bool(definitions.shipped(definitions.UNITS).by_code[result["unit"]].extra.get("currency"))
    if currency_unit and result.get("currency") not in currencies.codes():
        raise tk.ValidationError({"currency": [tk._("an amount needs its currency (an ISO 4217 code, e.g. USD)")]})
    if not currency_unit:
        result["currency"] = ""
    return result


def _indicator_or_404(ref: Any, field: str = "id") -> Any:
    if not isinstance(ref, str) or not ref:
        raise tk.ValidationError({field: [tk._("expected a text (an id or a code)")]})
    return lookups.found(store.get(ref), tk._("No indicator {ref!r}").format(ref=ref))


def _organization(organization_id: str) -> dict[str, Any]:
    group = model.Group.get(organization_id)
    name = group.name if group else organization_id
    return {"id": organization_id, "name": name, "title": languages.translated_title(group, name)}


def indicator_dict(row, context, with_recommendations: bool = False) -> dict[str, Any]:
    preferred = languages.preferred_languages()
    result: dict[str, Any] = {
        "id": row.id,
        "code": row.code,
        "title": row.title,
        "title_text": multilingual.pick(row.title, preferred),
        "description": row.description,
        "description_text": multilingual.pick(row.description, preferred),
        "kind": row.kind,
        "kind_label": label(definitions.KINDS, row.kind),
        "unit": row.unit,
        "unit_label": label(definitions.UNITS, row.unit),
        "yes_no": values.is_yes_no(row.unit),
        "currency": row.currency,
        "source": row.source,
        "periodicity": row.periodicity,
        "periodicity_label": label(definitions.PERIODICITIES, row.periodicity),
        "disaggregations": row.disaggregations,
        "disaggregation_labels": [label(definitions.DISAGGREGATIONS, code) for code in row.disaggregations],
        "organization": _organization(row.organization_id),
        "themes": row.themes,
        "theme_labels": [languages.vocabulary_label("themes", code) for code in row.themes],
        "sdg_targets": row.sdg_targets,
        "created": row.created.isoformat(),
        "modified": row.modified.isoformat(),
    }
    if with_recommendations:
        result["recommendations"] = store.recommendations(row.id, _sees_private(context))
    return result


def _sees_private(context) -> bool:
    return bool(context.get("ignore_auth") or roles.is_coordinator(context.get("user")))


def _staff_of(context) -> list[str]:
    """The institutions whose values in progress the reader sees: every
    one ("*") for the coordinators, their own for focal points and
    validating authorities, none for everyone else."""
    if _sees_private(context):
        return ["*"]
    return roles.institutions_of(context.get("user"))


def _sees(context, row) -> bool:
    staff = _staff_of(context)
    return row.state == workflow.APPROVED or "*" in staff or row.organization_id in staff


def _formatted(number: int | float) -> str:
    """A number as the reader's language writes it (12,345.5 / 12.345,5)."""
    try:
        return format_decimal(number, locale=languages.preferred_languages()[0])
    except (ValueError, IndexError, UnknownLocaleError):
        return str(number)


def _user_name(user_id: str | None) -> str | None:
    user = model.User.get(user_id) if user_id else None
    return user.name if user else None


def value_dict(row, indicator_row) -> dict[str, Any]:
    number = values.as_number(row.value)
    yes_no = values.is_yes_no(indicator_row.unit)
    return {
        "id": row.id,
        "indicator": indicator_row.code,
        "indicator_id": row.indicator_id,
        "period": row.period,
        "value": bool(number) if yes_no else number,
        "value_label": (tk._("Yes") if number else tk._("No")) if yes_no else _formatted(number),
        "unit": indicator_row.unit,
        "currency": indicator_row.currency,
        "disaggregation": dict(sorted(row.disaggregation.items())),
        "breakdown": breakdown(row.disaggregation),
        "organization": _organization(row.organization_id)["name"],
        "organization_id": row.organization_id,
        "note": row.note,
        "source": row.source,
        "state": row.state,
        "state_label": languages.vocabulary_label("report_states", row.state),
        "created": row.created.isoformat(),
        "modified": row.modified.isoformat(),
    }


def _value_or_404(context, data_dict) -> Any:
    """The value, when the reader may see it: a value in progress of
    another institution is not found, as if it did not exist."""
    ref = guard.text_ref(data_dict, "id")
    row = store.get_value(ref)
    if row is None or not _sees(context, row):
        raise tk.ObjectNotFound(tk._("No indicator value {id!r}").format(id=ref))
    return row


def _checked_value(data_dict: dict[str, Any], indicator_row, current: dict[str, Any]) -> dict[str, Any]:
    """A value's stored columns from the given parameters over ``current``,
    checked against the indicator (its unit, its disaggregations)."""
    result = dict(current)
    try:
        given_unit = data_dict.get("unit")
        if given_unit and given_unit != indicator_row.unit:
            raise values.ValueProblem(
                "value",
                multilingual.N_("this indicator is measured in {unit}, not {given}"),
                unit=label(definitions.UNITS, indicator_row.unit),
                given=given_unit,
            )
        if "value" in data_dict:
            result["value"] = values.number_in_unit(indicator_row.unit, data_dict["value"])
        if "period" in data_dict:
            result["period"], result["period_start"] = values.period(data_dict["period"])
        if "disaggregation" in data_dict:
            result["disaggregation"], result["disaggregation_key"] = values.disaggregation(
                data_dict["disaggregation"], indicator_row.disaggregations
            )
    except values.ValueProblem as problem:
        raise tk.ValidationError({problem.field: [tk._(problem.message).format(**problem.params)]})
    for field in ("note", "source"):
        if field in data_dict:
            result[field] = (data_dict[field] or "").strip()
    return result


def _not_twice(indicator_id: str, checked: dict[str, Any], value_id: str | None = None) -> None:
    if store.value_taken(indicator_id, checked["period"], checked.get("disaggregation_key", ""), value_id):
        raise tk.ValidationError({"period": [tk._("this indicator already has a value for this period and breakdown")]})


# definitions


@validate(input_schemas.indicator_create)
def simore_indicator_create(context, data_dict):
    """Define an indicator.

    :param code: its code, unique and url-safe (e.g. ``maternal-mortality``)
    :param title: multilingual, ``{"es": "…", "en": "…"}``
    :param description: multilingual (optional)
    :param kind: ``structural``, ``process`` or ``outcome``
    :param unit: one of ``indicators/units.yaml`` (``yes_no``, ``number``,
        ``count``, ``percentage``, ``rate_per_100000``, ``currency_amount``…)
    :param currency: the ISO 4217 code of a ``currency_amount``
    :param source: where the figures come from (optional)
    :param periodicity: one of ``indicators/periodicities.yaml``
    :param disaggregations: the breakdowns its values may have (``sex``,
        ``age``, ``region``…; ``indicators/disaggregations.yaml``)
    :param organization: the responsible institution (name or id), whose
        focal points report its values
    :param themes: theme codes (vocabulary ``themes``)
    :param sdg_targets: SDG target codes (e.g. ``5.2``)
    :param recommendations: the recommendations it measures (ids or names)
    :returns: the indicator, as ``simore_indicator_show``
    """
    tk.check_access("simore_indicator_create", context, data_dict)
    columns = _definition(data_dict, {}, None)
    recommendation_ids = lookups.recommendation_ids(data_dict.get("recommendations") or [])
    user = lookups.user_of(context)
    indicator_id = store.create(columns, recommendation_ids, user.id if user else None)
    model.Session.commit()
    return indicator_dict(store.get(indicator_id), context, with_recommendations=True)


@validate(input_schemas.indicator_update)
def simore_indicator_update(context, data_dict):
    """Change an indicator: only the parameters given change (those of
    ``simore_indicator_create``; ``recommendations``, when given, replaces
    the list). Its unit cannot change once it has values.

    :param id: the indicator's id or code
    """
    tk.check_access("simore_indicator_update", context, data_dict)
    row = _indicator_or_404(data_dict["id"])
    if data_dict.get("unit", row.unit) != row.unit and store.has_values(row.id):
        raise tk.ValidationError({"unit": [tk._("the unit of an indicator with values cannot change")]})
    columns = _definition(data_dict, {key: getattr(row, key) for key in store.FIELDS}, row.id)
    recommendation_ids = (
        lookups.recommendation_ids(data_dict["recommendations"]) if "recommendations" in data_dict else None
    )
    store.update(row.id, columns)
    if recommendation_ids is not None:
        store.set_recommendations(row.id, recommendation_ids)
    model.Session.commit()
    return indicator_dict(store.get(row.id), context, with_recommendations=True)


def simore_indicator_delete(context, data_dict):
    """Remove an indicator with its values.

    :param id: the indicator's id or code
    """
    tk.check_access("simore_indicator_delete", context, data_dict)
    row = _indicator_or_404(guard.text_ref(data_dict, "id"))
    store.delete(row.id)
    model.Session.commit()
    return {"id": row.id, "code": row.code}


@tk.side_effect_free
def simore_indicator_show(context, data_dict):
    """An indicator's definition, with the recommendations it measures
    (the public ones; the coordinators see the private ones too). Its
    values: ``simore_indicator_value_list``.

    :param id: the indicator's id or code
    """
    tk.check_access("simore_indicator_show", context, data_dict)
    row = _indicator_or_404(guard.text_ref(data_dict, "id"))
    return indicator_dict(row, context, with_recommendations=True)


@tk.side_effect_free
@validate(input_schemas.indicator_list)
def simore_indicator_list(context, data_dict):
    """The indicators, by code.

    :param kind: only those of this kind
    :param theme: only those of this theme (code)
    :param sdg_target: only those of this SDG target (code)
    :param organization: only those of this responsible institution
    :param recommendation: only those measuring this recommendation (id or name)
    :param limit: how many (default 100, at most 1000)
    :param offset: from which one (default 0)
    :returns: ``count`` (how many match) and ``indicators``
    """
    tk.check_access("simore_indicator_list", context, data_dict)
    limit = guard.bounded_int(data_dict, "limit", 100, MAX_LISTED)
    offset = guard.bounded_int(data_dict, "offset", 0, config.max_search_start())
    recommendation = data_dict.get("recommendation")
    count, rows = store.listed(
        kind=data_dict.get("kind"),
        theme=data_dict.get("theme"),
        sdg_target=data_dict.get("sdg_target"),
        organization_id=_institution(data_dict["organization"]).id if data_dict.get("organization") else None,
        recommendation_ids=lookups.recommendation_ids([recommendation], "recommendation") if recommendation else None,
        limit=limit,
        offset=offset,
    )
    return {"count": count, "indicators": [indicator_dict(row, context) for row in rows]}


# values


@validate(input_schemas.value_create)
def simore_indicator_value_create(context, data_dict):
    """Report a value of an indicator, as a draft of its responsible
    institution (then ``simore_indicator_value_transition`` submits it).

    :param indicator: the indicator's code or id
    :param period: YYYY, YYYY-MM or YYYY-MM-DD
    :param value: in the indicator's unit: true/false (or yes/no) for
        ``yes_no``, a whole number for a count, 0–100 for a percentage…
    :param unit: optional; refused when it is not the indicator's
    :param disaggregation: the breakdown, e.g. ``{"sex": "female"}``
        (by the indicator's disaggregations; none: the total)
    :param note: optional
    :param source: optional
    :returns: the value, as ``simore_indicator_value_show``
    """
    tk.check_access("simore_indicator_value_create", context, data_dict)
    indicator_row = _indicator_or_404(data_dict["indicator"], "indicator")
    checked = _checked_value(data_dict, indicator_row, {"disaggregation": {}, "disaggregation_key": ""})
    _not_twice(indicator_row.id, checked)
    user = lookups.user_of(context)
    value_id = store.create_value(indicator_row.id, indicator_row.organization_id, checked, user.id if user else None)
    model.Session.commit()
    return value_dict(store.get_value(value_id), indicator_row)


def _editable(context, data_dict) -> tuple[Any, Any]:
    row = _value_or_404(context, data_dict)
    if row.state not in workflow.EDITABLE_STATES:
        raise tk.ValidationError({"state": [tk._("a value that is {state} cannot be changed").format(state=row.state)]})
    return row, store.get(row.indicator_id)


@validate(input_schemas.value_update)
def simore_indicator_value_update(context, data_dict):
    """Change a value in draft or returned: only the parameters given
    change (those of ``simore_indicator_value_create`` but the indicator).

    :param id: the value's id
    """
    tk.check_access("simore_indicator_value_update", context, data_dict)
    row, indicator_row = _editable(context, data_dict)
    checked = _checked_value(data_dict, indicator_row, {key: getattr(row, key) for key in store.VALUE_FIELDS})
    _not_twice(indicator_row.id, checked, row.id)
    store.update_value(row.id, checked)
    model.Session.commit()
    return value_dict(store.get_value(row.id), indicator_row)


def simore_indicator_value_delete(context, data_dict):
    """Remove a value in draft or returned.

    :param id: the value's id
    """
    tk.check_access("simore_indicator_value_delete", context, data_dict)
    row, _indicator = _editable(context, data_dict)
    store.delete_value(row.id)
    model.Session.commit()
    return {"id": row.id}


@validate(input_schemas.value_transition)
def simore_indicator_value_transition(context, data_dict):
    """Move a value along its validation, as an action's report moves:
    ``submit`` (focal points), ``approve`` (the validating authority; the
    value becomes public), ``return`` with a comment (the validating
    authority, or the coordinators, also once approved).

    :param id: the value's id
    :param transition: ``submit``, ``approve`` or ``return``
    :param comment: why (required to return)
    :returns: the value's new state and the recorded event
    """
    tk.check_access("simore_indicator_value_transition", context, data_dict)
    _value_or_404(context, data_dict)
    row = store.locked_value(data_dict["id"])
    user = lookups.user_of(context)
    comment = data_dict.get("comment", "")
    target, event_id = history.transition(
        store.event,
        {"value_id": row.id},
        row.state,
        data_dict["transition"],
        roles.institution_roles(user, row.organization_id),
        user.id if user else None,
        comment,
    )
    store.set_state(row.id, target)
    model.Session.commit()
    return {"id": row.id, "from_state": row.state, "state": target, "event_id": event_id}


@tk.side_effect_free
def simore_indicator_value_show(context, data_dict):
    """A value: an approved one for everyone, one in progress for its
    institution and the coordinators only (not found for anyone else).
    Its ``history`` of transitions, with who and why, is theirs too.

    :param id: the value's id
    """
    tk.check_access("simore_indicator_value_show", context, data_dict)
    row = _value_or_404(context, data_dict)
    result = value_dict(row, store.get(row.indicator_id))
    staff = _staff_of(context)
    if "*" in staff or row.organization_id in staff:
        result["history"] = [
            dict(entry, created=entry["created"].isoformat(), user=_user_name(entry.pop("user_id")))
            for entry in store.events_of(row.id)
        ]
    return result


@tk.side_effect_free
@validate(input_schemas.value_list)
def simore_indicator_value_list(context, data_dict):
    """Indicator values by indicator and period: the approved ones (open
    data), and those in progress for their institution's staff and the
    coordinators.

    :param indicator: only this indicator's (code or id)
    :param state: only those in this state
    :param limit: how many (default 1000, at most 5000)
    :param offset: from which one (default 0)
    :returns: ``count`` (how many match) and ``values``
    """
    tk.check_access("simore_indicator_value_list", context, data_dict)
    limit = guard.bounded_int(data_dict, "limit", MAX_LISTED, MAX_VALUES_LISTED)
    offset = guard.bounded_int(data_dict, "offset", 0, config.max_search_start())
    if data_dict.get("indicator"):
        indicators = {row.id: row for row in [_indicator_or_404(data_dict["indicator"], "indicator")]}
    else:
        indicators = {row.id: row for row in store.listed(limit=MAX_LISTED * 100)[1]}
    count, rows = store.values_of(
        list(indicators),
        approved_only=False,
        staff_of=_staff_of(context),
        state=data_dict.get("state"),
        limit=limit,
        offset=offset,
    )
    return {"count": count, "values": [value_dict(row, indicators[row.indicator_id]) for row in rows]}
