"""Validators named in the scheming schemas (``schemas/*.yaml``).

Validators marked ``@scheming_validator`` are built per field: scheming
calls them with the field definition and returns the real validator.
"""

from __future__ import annotations

import datetime
import decimal
import json
import re
import urllib.parse
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckanext.scheming.validation import scheming_validator

from ckanext.simore import config, keys, multilingual, names, organizations
from ckanext.simore.db import tables
from ckanext.simore.records import currencies, readable
from ckanext.simore.security import links
from ckanext.simore.vocabularies import terms as vocabulary
from ckanext.simore.workflow import machine as workflow

__all__ = [
    "simore_required_unless_replacing",
    "simore_multilingual_text",
    "simore_source_language",
    "simore_multilingual_output",
    "simore_derived_title",
    "simore_generated_name",
    "simore_package_name_free",
    "simore_owner_org",
    "simore_vocabulary",
    "simore_list_output",
    "simore_dataset_reference",
    "simore_institution_reference",
    "simore_non_negative_decimal",
    "simore_currency",
    "simore_end_after_start",
    "simore_mechanism_code",
    "simore_name_from_code",
    "simore_workflow_state",
    "simore_portal_license",
    "simore_changed_only_by",
    "simore_round_reference",
    "simore_web_link",
    "simore_resource_url",
]

Invalid = tk.Invalid
missing = tk.missing
_ = tk._


def _is_empty(value: Any) -> bool:
    return value is missing or value is None or value == "" or value == [] or value == {}


def _as_list(value: Any) -> list:
    """A list from a list, a JSON list or a single value (as forms send)."""
    if _is_empty(value):
        return []
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                value = json.loads(stripped)
            except ValueError:
                raise Invalid(_("expected a list of values"))
        else:
            # Forms send one value, or several separated by commas.
            return _bounded([part.strip() for part in stripped.split(",") if part.strip()])
    if not isinstance(value, (list, tuple)):
        raise Invalid(_("expected a list of values"))
    return _bounded([item.strip() if isinstance(item, str) else item for item in value if item != ""])


def _bounded(values: list) -> list:
    if len(values) > config.max_list_items():
        raise Invalid(_("at most {limit} values").format(limit=config.max_list_items()))
    return values


def _multilingual_input(key: tuple, data: dict, consume: bool) -> Any:
    """The raw value of a multilingual field: the field itself, or else the
    per-language form inputs (taken out of ``__extras`` when ``consume``)."""
    value = data.get(key, missing)
    extras = data.get(key[:-1] + ("__extras",), {}) or {}
    from_form = {}
    for lang in config.languages():
        form_key = multilingual.form_key(key[-1], lang)
        if form_key in extras:
            from_form[lang] = extras.pop(form_key) if consume else extras[form_key]
    return from_form if _is_empty(value) else value


@scheming_validator
def simore_multilingual_text(field: dict, schema: dict):
    """Accept a multilingual text as an object, its JSON text, or one form
    input per language (``<field>-<lang>``); store it as JSON. A required
    text must be complete in the portal's required languages, or, for a
    record with a source language, in that one."""
    required = config.required_languages() if field.get("required") else []
    has_source_language = any(
        f["field_name"] == multilingual.SOURCE_LANGUAGE_FIELD for f in schema.get("dataset_fields", [])
    )

    def validator(key, data, errors, context):
        value = _multilingual_input(key, data, consume=True)
        source = None
        if has_source_language and required:
            source = _source_language(key[:-1] + (multilingual.SOURCE_LANGUAGE_FIELD,), data, context, [key[-1]])
        try:
            texts, problems = multilingual.clean(
                multilingual.parse(value), config.languages(), [source] if source else required
            )
        except multilingual.MultilingualError as error:
            errors[key].append(multilingual.render(error.problem, _))
            return
        errors[key].extend(multilingual.render(problem, _) for problem in problems)
        limit = config.max_text_chars()
        errors[key].extend(
            _("the text in {lang} is longer than {limit} characters").format(lang=lang, limit=limit)
            for lang, text in texts.items()
            if len(text) > limit
        )
        if texts:
            data[key] = json.dumps(texts, ensure_ascii=False)
        elif not errors[key]:
            # Nothing given: store nothing, as ignore_missing does.
            data.pop(key, None)
            raise tk.StopOnError

    return validator


def _source_language(key: tuple, data: dict, context: dict, text_fields: list[str]) -> str | None:
    """A record's source language: the one given (when it is a portal
    language; simore_source_language reports any other), else the stored
    one, else that of a record imported before source languages were kept."""
    given = data.get(key)
    if isinstance(given, str) and given.strip() in config.languages():
        return given.strip()
    if not _is_empty(given):
        return None
    return _stored_extra(context, key[-1]) or _legacy_source_language(context, text_fields)


def _legacy_source_language(context: dict, text_fields: list[str]) -> str | None:
    """The language of a stored record's text that lacks a required
    language: only an import could store it (before source languages were
    kept), in that language."""
    required = config.required_languages()
    for name in text_fields:
        try:
            texts = multilingual.parse(_stored_extra(context, name) or {})
        except multilingual.MultilingualError:
            continue
        if texts and not all(texts.get(lang) for lang in required):
            return next((lang for lang in config.languages() if texts.get(lang)), None)
    return None


@scheming_validator
def simore_source_language(field: dict, schema: dict):
    """The language a record's texts came in: one of the portal's languages.
    A write that leaves it out keeps the stored one (the web form has no
    input for it); a record imported before it was kept gets it."""
    text_fields = [
        f["field_name"]
        for f in schema.get("dataset_fields", [])
        if f.get("required") and str(f.get("preset", "")).startswith("simore_multilingual")
    ]

    def validator(key, data, errors, context):
        value = data.get(key)
        if _is_empty(value):
            value = _source_language(key, data, context, text_fields)
            if not value:
                data.pop(key, None)
                raise tk.StopOnError
        languages = config.languages()
        if not isinstance(value, str) or value.strip() not in languages:
            errors[key].append(
                multilingual.render(
                    (multilingual.UNKNOWN_LANGUAGE, {"lang": value, "languages": ", ".join(languages)}), _
                )
            )
            return
        data[key] = value.strip()

    return validator


def simore_multilingual_output(value: Any) -> Any:
    """Stored JSON text back into a {lang: text} object."""
    if isinstance(value, dict):
        return value
    try:
        return multilingual.parse(value)
    except multilingual.MultilingualError:
        return value


@scheming_validator
def simore_derived_title(field: dict, schema: dict):
    """Fill CKAN's plain ``title`` from the multilingual field named by
    ``derive_from``, so core pages, activity and search show a title."""
    source = field["derive_from"]
    limit = int(field.get("title_length", 200))

    def validator(key, data, errors, context):
        # Fields are validated in alphabetical order, so the source may
        # still be raw input here.
        raw = _multilingual_input(key[:-1] + (source,), data, consume=False)
        try:
            texts = multilingual.parse(raw) if not _is_empty(raw) else {}
        except multilingual.MultilingualError:
            texts = {}
        title = multilingual.pick(
            {lang: text for lang, text in texts.items() if isinstance(text, str)}, config.languages()
        )
        if not title:
            if _is_empty(data.get(key)):
                data[key] = ""
            return
        data[key] = multilingual.one_line(title, limit)

    return validator


@scheming_validator
def simore_generated_name(field: dict, schema: dict):
    """A URL name made from ``name_prefix`` and a random suffix when none is
    given: staff should not have to invent slugs for thousands of records."""
    prefix = field.get("name_prefix", "record")

    def validator(key, data, errors, context):
        if _is_empty(data.get(key)):
            data[key] = "{}-{}".format(prefix, uuid.uuid4().hex[:12])

    return validator


def simore_package_name_free(key, data, errors, context):
    """CKAN's package_name_validator, unless the caller has checked the name
    is free already (an import checks a batch's names in one query; the
    length limits are name_validator's too)."""
    if data.get(key) in context.get(keys.FREE_NAMES, ()):
        return
    tk.get_validator("package_name_validator")(key, data, errors, context)


def simore_owner_org(key, data, errors, context):
    """CKAN's owner_org_validator. In a batch validation (one user, new
    datasets) its outcome per organization is kept, instead of looking the
    user and the organization up again for every dataset."""
    checked = None if context.get("package") else context.get(keys.OWNER_ORGS_CHECKED)
    value = data.get(key)
    if not isinstance(value, (str, type(None))) and value is not missing:
        # CKAN's validator would look a list up in the database (a 500)
        errors[key].append(_("expected the name or id of one institution"))
        raise tk.StopOnError
    if checked is not None and isinstance(value, str) and value in checked:
        data[key] = checked[value]
        return
    tk.get_validator("owner_org_validator")(key, data, errors, context)
    if data.get(key) and not organizations.is_institution(model.Group.get(data[key])):
        # a civil society organization's admin may create datasets in it as
        # far as CKAN knows; records belong to State institutions only
        errors[key].append(_("records belong to State institutions only"))
        raise tk.StopOnError
    if checked is not None and isinstance(value, str):
        checked[value] = data[key]


@scheming_validator
def simore_vocabulary(field: dict, schema: dict):
    """A code (or, with ``multiple: true``, codes) of the vocabulary named by
    the field's ``vocabulary``; stores codes, refuses unknown ones by name."""
    vocab_name = field["vocabulary"]
    multiple = field.get("multiple", False)

    def check(code: Any) -> str:
        vocab = vocabulary.get(vocab_name)
        if not isinstance(code, str) or code not in vocab:
            raise Invalid(
                _("unknown code {code!r} in vocabulary {vocabulary}").format(code=code, vocabulary=vocab_name)
            )
        return code

    def validator(value: Any) -> Any:
        if not multiple:
            if _is_empty(value):
                return value
            return check(value.strip() if isinstance(value, str) else value)
        codes = []
        for code in _as_list(value):
            if check(code) not in codes:
                codes.append(code)
        return json.dumps(codes)

    return validator


def simore_list_output(value: Any) -> Any:
    """Stored JSON list back into a list."""
    if isinstance(value, list):
        return value
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return value
    return parsed if isinstance(parsed, list) else value


@scheming_validator
def simore_dataset_reference(field: dict, schema: dict):
    """Names of existing datasets of type ``reference_type`` (one, or a list
    with ``multiple: true``); ids are accepted and stored as names.

    Only references the write adds are checked: one stored before stays
    even if its record was deleted or made private since (a published
    action can still be withdrawn). A new one must name a record the
    writer may read, and one the writer may not read is refused with the
    same words as one that does not exist.
    """
    dataset_type = field["reference_type"]
    multiple = field.get("multiple", False)

    def resolve(ref: Any, stored: set[str], context: dict) -> str:
        if not isinstance(ref, str):  # a list or an object where a name goes
            raise Invalid(_("there is no {type} called {ref!r}").format(type=dataset_type, ref=ref))
        if ref in stored:
            return ref
        package = model.Package.get(ref) if isinstance(ref, str) and ref else None
        if package is not None and package.name in stored:
            return package.name
        if (
            package is None
            or package.type != dataset_type
            or not (
                readable.may_read(package, context.get("user"))
                or (context.get("ignore_auth") and package.state != "deleted")
            )
        ):
            raise Invalid(_("there is no {type} called {ref!r}").format(type=dataset_type, ref=ref))
        return package.name

    def validator(key, data, errors, context):
        value = data.get(key)
        stored = _stored_references(context, key[-1])
        try:
            if not multiple:
                if not _is_empty(value):
                    data[key] = resolve(value.strip() if isinstance(value, str) else value, stored, context)
                return
            names: list[str] = []
            for ref in _as_list(value):
                name = resolve(ref, stored, context)
                if name not in names:
                    names.append(name)
        except Invalid as error:
            errors[key].append(error.error)
            return
        data[key] = json.dumps(names)

    return validator


def institution_name(ref: Any) -> str:
    """The name of the active institution called or identified ``ref``."""
    group = model.Group.get(ref) if isinstance(ref, str) and ref else None
    if not organizations.is_institution(group) or group.state != "active":
        raise Invalid(_("there is no institution called {ref!r}").format(ref=ref))
    return group.name


def _stored_references(context: dict, field_name: str) -> set[str]:
    """The names the record being updated refers to now."""
    stored = _stored_extra(context, field_name)
    if not stored:
        return set()
    try:
        names = json.loads(stored)
    except ValueError:
        return {stored}
    return set(names) if isinstance(names, list) else {stored}


@scheming_validator
def simore_institution_reference(field: dict, schema: dict):
    """Names of existing institutions (organizations); ids are accepted and
    stored as names. A list with ``multiple: true``; such a list also takes
    in the institution named by the field ``include_field`` (the lead
    institution is always one of the responsible ones)."""
    multiple = field.get("multiple", False)
    include_field = field.get("include_field")
    resolve = institution_name

    def validator(key, data, errors, context):
        value = data.get(key)
        if not multiple:
            if not _is_empty(value):
                data[key] = resolve(value.strip() if isinstance(value, str) else value)
            return
        refs = _as_list(value)
        included = data.get(key[:-1] + (include_field,)) if include_field else None
        if isinstance(included, str) and included.strip():
            # Unknown names are reported on the included field itself.
            try:
                refs.insert(0, resolve(included.strip()))
            except Invalid:
                pass
        names: list[str] = []
        for ref in refs:
            name = resolve(ref)
            if name not in names:
                names.append(name)
        if not names:
            data.pop(key, None)
            raise tk.StopOnError
        data[key] = json.dumps(names)

    return validator


def simore_required_unless_replacing(key, data, errors, context):
    """Institutions must be given, except to replace them by none."""
    value = data.get(key)
    try:
        replacing = tk.asbool(data.get(("replace",)) or False)
    except ValueError:
        replacing = False  # the replace field reports its own error
    if value in (tk.missing, None, "", []) and not replacing:
        errors[key].append(_("Missing value"))
        raise tk.StopOnError
    if value in (tk.missing, None, ""):
        data[key] = []


def simore_non_negative_decimal(value: Any) -> Any:
    if _is_empty(value):
        return value
    try:
        number = decimal.Decimal(str(value).strip().replace(" ", ""))
    except decimal.InvalidOperation:
        raise Invalid(_("expected a number, e.g. 125000.50"))
    if not number.is_finite() or number < 0:
        raise Invalid(_("expected a number that is zero or more"))
    return str(number)


def simore_currency(value: Any) -> Any:
    """An ISO 4217 currency code (upper-cased)."""
    if _is_empty(value):
        return value
    code = str(value).strip().upper()
    if code not in currencies.codes():
        raise Invalid(_("unknown currency code {code!r} (use ISO 4217, e.g. PYG, USD)").format(code=value))
    return code


@scheming_validator
def simore_end_after_start(field: dict, schema: dict):
    """This date field must not come before the one named by ``start_field``."""
    start_field = field.get("start_field", "start_date")

    def validator(key, data, errors, context):
        end = _as_date(data.get(key))
        start = _as_date(data.get(key[:-1] + (start_field,)))
        if end is None or start is None or errors.get(key):
            return
        if end < start:
            errors[key].append(_("the end date comes before the start date"))

    return validator


def _as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


MECHANISM_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")


def simore_mechanism_code(value: Any) -> Any:
    """Codes as the UN and the OAS write them (``CCPR``, ``CRC-OP-AC``,
    ``IACtHR``, ``SR-TORTURE``): letters, digits, dots and hyphens."""
    code = re.sub(r"\s+", "-", str(value).strip())
    if len(code) > config.max_code_chars():
        raise Invalid(_("a code has at most {limit} characters").format(limit=config.max_code_chars()))
    if not MECHANISM_CODE.match(code):
        raise Invalid(_("a code has only letters, digits, dots and hyphens, e.g. CCPR or SR-TORTURE"))
    return code


def simore_name_from_code(key, data, errors, context):
    """A mechanism's URL name is its code in lower case, unless given."""
    code = data.get(key[:-1] + ("code",))
    if _is_empty(data.get(key)) and not _is_empty(code) and not errors.get(key[:-1] + ("code",)):
        data[key] = names.url_name(str(code))


def _stored_extra(context: dict, key: str) -> str | None:
    package = context.get("package")
    return package.extras.get(key) if package is not None else None


def simore_workflow_state(key, data, errors, context):
    """An action's state is kept as stored (``draft`` for a new one) unless
    a workflow transition sets it, and only a published action is public:
    ``private`` follows the state on every write."""
    state = context.get(keys.TRANSITION_TARGET) or _stored_extra(context, "workflow_state") or workflow.DRAFT
    data[key] = state
    data[key[:-1] + ("private",)] = not workflow.is_public(state)


def simore_portal_license(key, data, errors, context):
    """Every record is published under the portal's license
    (``ckanext.simore.license_id``), whatever a write gives."""
    data[key] = config.license_id()


# The actions that alone change a protected field (``changed_only_by`` in
# the schema), and the context key each sets when it writes.
PROTECTING_ACTIONS = {"simore_status_set": keys.STATUS_TARGET, "simore_recommendation_assign": keys.ASSIGNMENT}


@scheming_validator
def simore_changed_only_by(field: dict, schema: dict):
    """A field that changes only through the action named by the field's
    ``changed_only_by``, which keeps its history and checks who may. Other
    writes keep the stored value (a new record: the field's default) and
    are refused, naming the action, if they try to change it."""
    action = field["changed_only_by"]
    context_key = PROTECTING_ACTIONS[action]

    def validator(key, data, errors, context):
        if context.get(context_key):
            return
        package = context.get("package")
        kept = _stored_extra(context, key[-1]) if package is not None else field.get("default")
        given = data.get(key, missing)
        if given is not missing and _comparable(given) != _comparable(kept):
            errors[key].append(
                _("this field changes only through {action}; it was left as it was").format(action=action)
            )
            raise tk.StopOnError
        if _is_empty(kept):
            data.pop(key, None)
            raise tk.StopOnError
        data[key] = kept

    return validator


def _comparable(value: Any) -> Any:
    """A value as a form, the API or the stored JSON may write it (nothing
    at all compares equal to an empty value)."""
    try:
        return sorted(str(item) for item in _as_list(value) if item is not None)
    except Invalid:
        return value


def simore_round_reference(key, data, errors, context):
    """The id of an open reporting round (an action already filed in a round
    that has since closed keeps it)."""
    value = data.get(key)
    if _is_empty(value) or value == _stored_extra(context, key[-1]):
        return
    row = model.Session.execute(
        sa.select(tables.reporting_round.c.state).where(tables.reporting_round.c.id == value)
    ).first()
    if row is None:
        errors[key].append(_("there is no reporting round {id!r}").format(id=value))
    elif row.state != "open":
        errors[key].append(_("the reporting round {id!r} is closed").format(id=value))


def simore_web_link(value: Any) -> Any:
    """A link shown as such on the portal: http(s) only, never a scheme a
    browser would run (javascript:, data:, vbscript:)."""
    if _is_empty(value) or links.web_link(value):
        return value
    raise Invalid(_("Only links beginning with http:// or https:// are accepted"))


def simore_resource_url(key, data, errors, context):
    """A resource is an uploaded file of an accepted type or an http(s)
    link. What is stored already stays as it is (a file or link saved
    before this rule must not block later edits; pages never render a bad
    link as one)."""
    value = data.get(key)
    if _is_empty(value) or _resource_url_unchanged(value, data.get(key[:-1] + ("id",))):
        return
    if data.get(key[:-1] + ("url_type",)) == "upload":
        if not links.file_type_allowed(value, config.evidence_file_types()):
            errors[key].append(
                _("Files of type {type!r} cannot be uploaded; accepted types: {types}").format(
                    type=links.file_extension(value), types=", ".join(config.evidence_file_types())
                )
            )
    elif not links.web_link(value):
        errors[key].append(_("Only links beginning with http:// or https:// are accepted"))


def _resource_url_unchanged(value: Any, resource_id: Any) -> bool:
    """Whether ``value`` is the stored url (an uploaded file comes back as
    its download address, ending with the stored file name)."""
    stored = model.Resource.get(resource_id) if isinstance(resource_id, str) and resource_id else None
    if stored is None or not isinstance(value, str):
        return False
    if stored.url_type == "upload":
        return value.rsplit("/", 1)[-1] in (stored.url, urllib.parse.quote(stored.url or ""))
    return value == stored.url
