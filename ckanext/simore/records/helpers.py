"""Template helpers of the records: texts, titles, labels and form choices
in the reader's language."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import ckan_texts, config, dates, languages, multilingual, organizations, roles
from ckanext.simore.multilingual import N_
from ckanext.simore.records import change_sets, currencies, suggestions
from ckanext.simore.security import links
from ckanext.simore.vocabularies import terms as vocabulary

__all__ = [
    "simore_languages",
    "simore_language_name",
    "simore_interface_language",
    "simore_text_direction",
    "simore_vocabulary_choices",
    "simore_dataset_choices",
    "simore_institution_choices",
    "simore_currency_choices",
    "humanize_entity_type",
    "render_datetime",
    "simore_activity_type_label",
    "simore_type_label",
    "simore_resource_label",
    "simore_related",
    "simore_form_texts",
    "simore_required_languages",
    "simore_record_text",
    "simore_field_label",
    "simore_record_heading",
    "simore_safe_link",
    "linked_user",
    "simore_text",
    "simore_vocabulary_label",
    "simore_institution_title",
    "simore_readable_title",
    "simore_change_set_title",
]

# What a kept bulk change did, by (operation, whether it undoes another)
CHANGE_SET_TITLES = {
    (change_sets.ASSIGNMENT, False): N_("Assignment of institutions"),
    (change_sets.STATUS, False): N_("Change of implementation status"),
    (change_sets.ASSIGNMENT, True): N_("Undoing of an assignment of institutions"),
    (change_sets.STATUS, True): N_("Undoing of a change of implementation status"),
}


def simore_change_set_title(change_set: dict[str, Any]) -> str:
    """What a bulk change did, in the interface language."""
    title = CHANGE_SET_TITLES[change_set["operation"], bool(change_set.get("undoes"))]
    return tk._(title)


def simore_currency_choices(field: dict) -> list[dict[str, str]]:
    """The ISO 4217 currencies, named in the interface language."""
    return list(currencies.choices(languages.interface_locale() or "en"))


def _schema(entity_type: str, object_type: str) -> dict[str, Any]:
    from ckanext.scheming import helpers as scheming

    if entity_type == "organization":
        return scheming.scheming_get_organization_schema(object_type) or {}
    return scheming.scheming_get_dataset_schema(object_type) or {}


def simore_type_label(dataset_type: str, purpose: str, entity_type: str = "package") -> str | None:
    """What the pages call a dataset type (or, for ``entity_type``
    "organization", institutions) for ``purpose`` (a purpose of
    ``humanize_entity_type``, "default", or "about": what the type is),
    from its schema's ``labels`` in the interface language."""
    labels = _schema(entity_type, dataset_type).get("labels") or {}
    purpose = purpose.replace("_", " ")
    return languages.text(labels[purpose]) if purpose in labels else None


def simore_resource_label(dataset_type: str, purpose: str = "default") -> str | None:
    """What the pages call a dataset type's resources (an action's
    evidence, a recommendation's documents) for ``purpose`` ("default",
    "plural", "add", "edit", "view", "open", "reorder", "save", "about",
    "what", "none", "link"), from its schema's ``resource_labels``."""
    labels = _schema("package", dataset_type).get("resource_labels") or {}
    return languages.text(labels[purpose]) if purpose in labels else None


@tk.chained_helper
def humanize_entity_type(next_helper: Any, entity_type: str, object_type: str, purpose: str) -> str | None:
    """CKAN's titles, breadcrumbs, buttons and placeholders in the domain's
    words: the schema's labels instead of CKAN's English type name (and
    institutions instead of organizations)."""
    if entity_type not in ("package", "organization"):
        return next_helper(entity_type, object_type, purpose)
    label = simore_type_label(object_type, purpose, entity_type)
    if label:
        return label
    found = next_helper(entity_type, object_type, purpose)
    # CKAN answers an unknown purpose with the bare type name
    if found == object_type.replace("_", " ").capitalize():
        return simore_type_label(object_type, "default", entity_type) or found
    return found


@tk.chained_helper
def render_datetime(
    next_helper: Any, datetime_: Any, date_format: str | None = None, with_hours: bool = False, **kwargs: Any
) -> str:
    """Dates as the reader writes them ("3 de diciembre de 2026", "3
    décembre 2026", "December 3, 2026"), on CKAN's pages and the
    extension's alike; a date without a time (a due date) is never shifted
    by the display timezone. An explicit ``date_format`` is CKAN's."""
    if date_format:
        return next_helper(datetime_, date_format, with_hours, **kwargs)
    return dates.long_date(datetime_, with_hours)


def simore_activity_type_label(activity_type: str) -> str:
    """An activity type of CKAN's activity filter, in the portal's words."""
    label = ckan_texts.ACTIVITY_TYPES.get(activity_type)
    return tk._(label) if label else activity_type.capitalize()


# the interface-language texts, as helpers
simore_text = languages.text
simore_vocabulary_label = languages.vocabulary_label
simore_institution_title = languages.institution_title
simore_readable_title = languages.readable_title
simore_interface_language = languages.interface_language
simore_text_direction = languages.text_direction


def simore_languages() -> list[str]:
    return config.languages()


def simore_language_name(lang: str) -> str:
    """A language's name in the interface language (Español, English…)."""
    from babel import Locale

    try:
        names = Locale.parse(languages.preferred_languages()[0]).languages
    except (ValueError, IndexError):
        return lang
    return names.get(lang, lang).capitalize()


def simore_vocabulary_choices(field: dict) -> list[dict[str, Any]]:
    """Scheming choices for a vocabulary field, labels in every language."""
    return [
        {"value": term.code, "label": multilingual.keyed_by_locale(term.label)}
        for term in vocabulary.get(field["vocabulary"]).terms
    ]


def simore_dataset_choices(field: dict) -> list[dict[str, Any]]:
    """Active datasets of ``reference_type`` the current user may read, as
    choices (small types only, such as mechanisms)."""
    from ckanext.simore.records import readable

    packages = (
        model.Session.query(model.Package)
        .filter(model.Package.type == field["reference_type"], model.Package.state == "active")
        .order_by(model.Package.title)
    )
    user = roles.current_user_name()
    return [
        {"value": package.name, "label": package.title or package.name}
        for package in packages
        if readable.may_read(package, user)
    ]


def simore_institution_choices(field: dict) -> list[dict[str, Any]]:
    groups = (
        model.Session.query(model.Group.name, model.Group.title)
        .filter(organizations.institutions_clause(), model.Group.state == "active")
        .order_by(model.Group.title)
    )
    return [{"value": name, "label": title or name} for name, title in groups]


def simore_related(dataset_type: str, field: str, value: str, rows: int = 100) -> dict[str, Any]:
    """Datasets of ``dataset_type`` whose ``field`` holds ``value``, as the
    current user may see them (through package_search, so permissions and
    drafts are honoured)."""
    return tk.get_action("package_search")(
        {},
        {
            "fq": '+dataset_type:{} +{}:"{}"'.format(dataset_type, field, value.replace('"', '\\"')),
            "rows": rows,
            "sort": "metadata_modified desc",
            "include_private": True,
        },
    )


def simore_form_texts(data: dict[str, Any], field_name: str) -> dict[str, str]:
    """The texts to show in a multilingual field's inputs: the stored value,
    or what was just submitted (per-language inputs) when a form is shown
    again with errors."""
    value = data.get(field_name)
    try:
        texts = multilingual.parse(value) if value else {}
    except multilingual.MultilingualError:
        texts = {}
    for lang in config.languages():
        submitted = data.get(multilingual.form_key(field_name, lang))
        if submitted is not None:
            texts[lang] = submitted
    return texts


def simore_required_languages(field: dict[str, Any], data: dict[str, Any] | None = None) -> list[str]:
    """The languages a required multilingual field must have: the record's
    source language when it has one, else the portal's required ones."""
    if not field.get("required"):
        return []
    source = (data or {}).get(multilingual.SOURCE_LANGUAGE_FIELD)
    return [source] if source in config.languages() else config.required_languages()


def simore_record_text(name: str, length: int = 220) -> str:
    """A recommendation's text (or another record's title) in the interface
    language, shortened to ``length`` characters, by the record's name."""
    from ckanext.simore.records import readable

    package = model.Package.get(name) if name else None
    if not readable.may_read(package, roles.current_user_name()):
        return name
    text = package.extras.get("text_translated") or package.extras.get("title_translated")
    text = (languages.text(text) if text else "") or package.title or package.name
    return suggestions.shorten(text, length)


def simore_field_label(field: str, code: str) -> str:
    """The display label of a recommendation field's code (vocabularies,
    mechanisms, institutions, UPR cycles) in the interface language."""
    from ckanext.simore.portal import labels

    return labels.Labels.current().for_field(field)(code) if code else ""


def simore_record_heading(pkg: dict[str, Any]) -> str:
    """A record's heading in the reader's language: a recommendation's
    kind, paragraph and document ("Recommendation 84.3 – A/HRC/17/18"), an
    action's or mechanism's title."""
    if pkg.get("type") != "recommendation":
        return languages.text(pkg.get("title_translated")) or pkg.get("title") or pkg.get("name", "")
    kind = languages.vocabulary_label("record_types", pkg.get("record_type") or "recommendation")
    heading = "{} {}".format(kind, pkg["paragraph"]) if pkg.get("paragraph") else kind
    source = pkg.get("document_symbol") or simore_field_label("mechanism", pkg.get("mechanism") or "")
    return "{} – {}".format(heading, source) if source else heading


def simore_safe_link(url: Any, mailto: bool = False) -> str:
    """``url`` if a page may put it in an ``href`` (http(s), and mailto:
    when asked), else "": a link stored before the rules (or by hand) is
    shown as text, never made clickable."""
    return links.web_link(url, links.MAIL_SCHEMES if mailto else links.WEB_SCHEMES) or ""


@tk.chained_helper
def linked_user(next_helper, user: Any, maxlength: int = 0, avatar: int = 20) -> Any:
    """CKAN's link to a user; an activity shown without its actor (see
    ``activity_visibility``) reads "A member of staff" rather than "None"."""
    if not user:
        return tk._("A member of staff")
    return next_helper(user, maxlength, avatar)
