"""Template helpers (``h.simore_*``)."""
from __future__ import annotations

import functools
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.simore import config, links, multilingual, vocabulary

__all__ = [
    "simore_languages",
    "simore_text",
    "simore_vocabulary_choices",
    "simore_vocabulary_label",
    "simore_dataset_choices",
    "simore_institution_choices",
    "simore_institution_title",
    "simore_dataset_title",
    "simore_readable_title",
    "simore_related",
    "simore_language_name",
    "simore_form_texts",
    "simore_required_languages",
    "simore_open_round_choices",
    "simore_report_transitions",
    "simore_history",
    "simore_is_coordinator",
    "simore_pending_work",
    # the public portal and the dashboards
    "simore_home_statistics",
    "simore_record_text",
    "simore_dashboard_links",
    "simore_statistics_args",
    "simore_number",
    "simore_field_label",
    "simore_record_heading",
    "simore_status_summary",
    "simore_safe_link",
    # CKAN's, chained
    "linked_user",
]


def _preferred_languages() -> list[str]:
    """The interface language first, then the configured order."""
    try:
        current = tk.h.lang()
    except (TypeError, RuntimeError):
        current = None
    languages = config.languages()
    return ([current] if current else []) + [lang for lang in languages if lang != current]


def simore_languages() -> list[str]:
    return config.languages()


def simore_language_name(lang: str) -> str:
    """A language's name in the interface language (Español, English…)."""
    from babel import Locale

    try:
        names = Locale.parse(_preferred_languages()[0]).languages
    except (ValueError, IndexError):
        return lang
    return names.get(lang, lang).capitalize()


def simore_text(value: Any) -> str:
    """A multilingual value in the interface language, with fallback."""
    if isinstance(value, str):
        try:
            value = multilingual.parse(value)
        except multilingual.MultilingualError:
            return value
    return multilingual.pick(value or {}, _preferred_languages())


def simore_vocabulary_choices(field: dict) -> list[dict[str, Any]]:
    """Scheming choices for a vocabulary field, labels in every language."""
    return [
        {"value": term.code, "label": dict(term.label)}
        for term in vocabulary.get(field["vocabulary"]).terms
    ]


def simore_vocabulary_label(vocabulary_name: str, code: str) -> str:
    try:
        term = vocabulary.get(vocabulary_name).by_code.get(code)
    except KeyError:
        return code
    return term.label_in(*_label_order()) if term else code


def _label_order() -> tuple[str, list[str]]:
    preferred = _preferred_languages()
    return preferred[0], preferred[1:]


def simore_dataset_choices(field: dict) -> list[dict[str, Any]]:
    """Active datasets of ``reference_type`` the current user may read, as
    choices (small types only, such as mechanisms)."""
    from ckanext.simore import readable

    packages = model.Session.query(model.Package).filter(
        model.Package.type == field["reference_type"],
        model.Package.state == "active",
    ).order_by(model.Package.title)
    user = _current_user_name()
    return [{"value": package.name, "label": package.title or package.name}
            for package in packages if readable.may_read(package, user)]


def simore_institution_choices(field: dict) -> list[dict[str, Any]]:
    groups = model.Session.query(model.Group.name, model.Group.title).filter(
        model.Group.is_organization.is_(True),
        model.Group.state == "active",
    ).order_by(model.Group.title)
    return [{"value": name, "label": title or name} for name, title in groups]


def _translated_title(record: Any, name: str) -> str:
    """A dataset's or organization's title in the interface language, from
    its ``title_translated`` when it has one."""
    if record is None:
        return name
    translated = record.extras.get("title_translated")
    return (simore_text(translated) if translated else "") or record.title or record.name


def simore_institution_title(name: str) -> str:
    return _translated_title(model.Group.get(name), name)


def simore_dataset_title(name: str) -> str:
    """A dataset's title, or its name alone for a reader who may not read
    it (the name is what the referring record already shows)."""
    return simore_readable_title(name) or name


def simore_readable_title(name: str) -> str | None:
    """A dataset's title, if the current user may read the dataset."""
    from ckanext.simore import readable

    package = model.Package.get(name) if name else None
    if not readable.may_read(package, _current_user_name()):
        return None
    return _translated_title(package, name)


def simore_related(dataset_type: str, field: str, value: str, rows: int = 100) -> dict[str, Any]:
    """Datasets of ``dataset_type`` whose ``field`` holds ``value``, as the
    current user may see them (through package_search, so permissions and
    drafts are honoured)."""
    return tk.get_action("package_search")(
        {},
        {
            "fq": '+dataset_type:{} +{}:"{}"'.format(
                dataset_type, field, value.replace('"', '\\"')
            ),
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


def simore_open_round_choices(field: dict) -> list[dict[str, Any]]:
    """The open reporting rounds, as choices for an action's form."""
    from ckanext.simore import rounds

    return [
        {"value": row.id, "label": "{} ({})".format(row.title, row.due_date.isoformat())}
        for row in rounds.open_rounds()
    ]


def _current_user_name() -> str:
    try:
        return tk.current_user.name if tk.current_user.is_authenticated else ""
    except (RuntimeError, AttributeError):  # outside a request: nobody
        return ""


def simore_report_transitions(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    """The transitions the current user may make on this report now."""
    from ckanext.simore import roles, workflow

    state = pkg.get("workflow_state") or workflow.DRAFT
    user_roles = roles.institution_roles(_current_user_name() or None, pkg.get("owner_org", ""))
    return [
        {"name": t.name, "label": tk._(t.label), "needs_comment": t.needs_comment}
        for t in workflow.allowed(state, user_roles)
    ]


def simore_history(action: str, package_id: str) -> list[dict[str, Any]]:
    """A record's workflow or status history, as the current user may see
    it (empty when not allowed)."""
    try:
        return tk.get_action(action)({"user": _current_user_name()}, {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return []


def simore_is_coordinator() -> bool:
    from ckanext.simore import roles

    return roles.is_coordinator(_current_user_name() or None)


def simore_pending_work() -> dict[str, Any]:
    if not _current_user_name():
        return {}
    return tk.get_action("simore_pending_work")({"user": _current_user_name()}, {})


# -- the public portal and the dashboards ----------------------------------


def simore_home_statistics() -> dict[str, Any]:
    """The home page's figures and charts (public data only)."""
    from ckanext.simore import portal

    result = tk.get_action("simore_statistics")(
        {"user": _current_user_name()}, {"charts": ["status", "mechanism", "theme", "institution"]})
    result["totals"] = portal.public_totals()
    for chart in result["charts"].values():
        if chart["kind"] == "bars" and chart["shown"] > 6:
            chart["hidden"] += chart["shown"] - 6
            chart["shown"] = 6
    return result


def simore_record_text(name: str, length: int = 220) -> str:
    """A recommendation's text (or another record's title) in the interface
    language, shortened to ``length`` characters, by the record's name."""
    from ckanext.simore import readable

    package = model.Package.get(name) if name else None
    if not readable.may_read(package, _current_user_name()):
        return name
    text = package.extras.get("text_translated") or package.extras.get("title_translated")
    text = (simore_text(text) if text else "") or package.title or package.name
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def simore_dashboard_links() -> list[dict[str, Any]]:
    """The dashboards the current user may open: the coordinators' and one
    per institution they work for (coordinators: a chooser). Each has its
    route, its URL arguments, its URL and its label."""
    from ckanext.simore import portal, roles

    user = _current_user_name()
    if not user:
        return []
    if roles.is_coordinator(user):
        links = [("simore_dashboards.coordination", {}, tk._("Coordination dashboard")),
                 ("simore_dashboards.institutions", {}, tk._("Institution dashboards"))]
    else:
        links = [("simore_dashboards.institution", {"id": institution["name"]},
                  tk._("Dashboard of {institution}").format(institution=institution["title"]))
                 for institution in portal.institution_choices(user)]
    return [{"route": route, "args": args, "url": tk.h.url_for(route, **args), "label": label}
            for route, args, label in links]


def simore_statistics_args(search_args: dict[str, Any]) -> dict[str, str]:
    """The statistics page's filters matching a recommendation search's
    facet filters (mechanism, UPR cycle, theme, institution), if any."""
    from ckanext.simore import stats

    fields = {field: name for name, field in stats.Filters.FIELDS.items()}
    args = {fields[key]: value for key, value in (search_args or {}).items() if key in fields}
    return stats.Filters.from_args(args).args()


@functools.lru_cache(maxsize=32)
def _group_symbol(lang: str) -> str:
    from babel import Locale

    try:
        symbols = Locale.parse(lang).number_symbols
    except (ValueError, TypeError):
        return ","
    if "latn" in symbols:  # babel 2.14+: per numbering system
        symbols = symbols["latn"]
    return symbols.get("group", ",")


def simore_number(number: Any) -> str:
    """A whole number with the interface language's digit grouping
    (12,345 / 12.345 / 12 345); a fast stand-in for h.localised_number on
    pages that print hundreds of counts."""
    try:
        text = "{:,}".format(int(number))
    except (TypeError, ValueError):
        return str(number)
    lang = _preferred_languages()[0] if _preferred_languages() else "en"
    return text.replace(",", _group_symbol(lang)) if "," in text else text


def simore_field_label(field: str, code: str) -> str:
    """The display label of a recommendation field's code (vocabularies,
    mechanisms, institutions, UPR cycles) in the interface language."""
    from ckanext.simore import portal

    return portal.Labels.current().for_field(field)(code) if code else ""


def simore_record_heading(pkg: dict[str, Any]) -> str:
    """A record's heading in the reader's language: a recommendation's
    kind, paragraph and document ("Recommendation 84.3 – A/HRC/17/18"), an
    action's or mechanism's title."""
    if pkg.get("type") != "recommendation":
        return simore_text(pkg.get("title_translated")) or pkg.get("title") or pkg.get("name", "")
    kind = simore_vocabulary_label("record_types", pkg.get("record_type") or "recommendation")
    heading = "{} {}".format(kind, pkg["paragraph"]) if pkg.get("paragraph") else kind
    source = pkg.get("document_symbol") or simore_field_label("mechanism", pkg.get("mechanism") or "")
    return "{} – {}".format(heading, source) if source else heading


def simore_status_summary(filters: dict[str, str]) -> dict[str, Any]:
    """Public recommendations matching ``filters`` (statistics page
    filters) by implementation status."""
    return tk.get_action("simore_statistics")({"user": _current_user_name()},
                                              dict(filters, charts=["status"]))


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
