"""API actions of the report drafts: a coordinator drafts a report owed in
the calendar (assembled once, stored as sections), edits its sections
(each change a new version), the institutions concerned comment on the
sections citing their recommendations, and the coordinator submits it
(recorded in the calendar, published on the portal) with the annexes the
coordinators attached to it.

Who reads a draft: the coordinators; a focal point or validating
authority of an institution assigned to a recommendation a section cites
(only those sections, with their comments); everyone once submitted. To
anyone else a draft does not exist (404). Its annexes: the coordinators'
while it is drafted, everyone's with the published report."""

from __future__ import annotations

import gettext
from importlib import resources
from typing import Any

import ckan.plugins.toolkit as tk
from babel.support import Translations
from ckan import model
from ckan.logic import validate

from ckanext.simore import config, multilingual, roles
from ckanext.simore.attachments import Attachments
from ckanext.simore.drafts import assembly, document, input_schemas, sources, states, store, texts
from ckanext.simore.records import lookups
from ckanext.simore.reporting import calendar, obligations
from ckanext.simore.security import guard

__all__ = [
    "simore_draft_create",
    "simore_draft_show",
    "simore_draft_update",
    "simore_draft_list",
    "simore_draft_section_update",
    "simore_draft_section_versions",
    "simore_draft_section_diff",
    "simore_draft_comment_create",
    "simore_draft_submit",
    "simore_draft_delete",
    "simore_draft_annex_add",
    "simore_draft_annex_delete",
]

# the most drafts one list answers
MAX_LISTED = 1000
MAX_VERSION = 1_000_000
# the files annexed to drafts
ANNEX_FILES = Attachments("annexes")


def catalogue(language: str) -> gettext.NullTranslations:
    """The extension's translations in ``language``, whatever the request's
    (and outside one): a draft is written in its own language."""
    folder = str(resources.files("ckanext.simore.i18n"))
    return Translations.load(folder, [language], "ckanext-simore")


def _wording(count: int, translations: gettext.NullTranslations) -> assembly.Wording:
    """The sentences of a draft, in the catalogue's language."""
    _, ungettext = translations.gettext, translations.ngettext
    return assembly.Wording(
        introduction=ungettext(
            "This report answers {count} recommendation; each paragraph cites what it answers "
            "(document symbol and paragraph).",
            "This report answers {count} recommendations; each paragraph cites what it answers "
            "(document symbol and paragraph).",
            count,
        ),
        cluster="{theme}",
        other_themes=_("Other recommendations"),
        article=_("Article {article}"),
        paragraph=_("Paragraph {paragraph} ({symbol})"),
        recommendation=_("Recommendation: {title}."),
        measures=_("Measures taken: {measures}."),
        measure=_("{title} ({institution}; {progress})"),
        no_measure=_("No measure has been published for it yet."),
        answers=_("Information provided: {answers}"),
        indicators=_("Indicators: {indicators}."),
        citation=_("({symbol}, para. {paragraph})"),
        citation_without_paragraph="({symbol})",
        issue=_("Reply to paragraph {label} of the list of issues"),
        no_answer=_("No approved answer to this paragraph yet."),
    )


def _viewer(context) -> tuple[bool, list[str]]:
    """(whether a coordinator, ids of the user's institutions)."""
    user = context.get("user")
    if context.get("ignore_auth") or roles.is_coordinator(user):
        return True, []
    return False, roles.institutions_of(user)


def _not_found(ref: str) -> tk.ObjectNotFound:
    return tk.ObjectNotFound(tk._("No report draft {id!r}").format(id=ref))


def _readable_draft(context, data_dict, key: str = "id", lock: bool = False) -> Any:
    """The draft, if the user may read it; else a 404. ``lock``: its row
    locked until the action commits (nothing is added to a draft being
    submitted)."""
    ref = guard.text_ref(data_dict, key)
    row = lookups.found(store.get(ref, lock=lock), str(_not_found(ref)))
    coordinator, institutions = _viewer(context)
    if coordinator or row.published or store.concerns(row.id, institutions):
        return row
    raise _not_found(ref)


def _editable(row) -> None:
    if not states.editable(row.state):
        raise tk.ValidationError({"id": [tk._("A submitted report is no longer edited.")]})


def _section_for(context, data_dict, lock: bool = False) -> tuple[Any, Any]:
    """(section, draft) the user may read, else a 404."""
    ref = guard.text_ref(data_dict, "id")
    found = store.section_of(ref, lock=lock)
    if found is None:
        raise tk.ObjectNotFound(tk._("No section {id!r}").format(id=ref))
    row = _readable_draft(context, {"id": found.draft_id})
    coordinator, institutions = _viewer(context)
    if not (coordinator or row.published or set(found.institutions) & set(institutions)):
        raise tk.ObjectNotFound(tk._("No section {id!r}").format(id=ref))
    return found, row


def _annex_dict(row) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "filename": row.filename,
        "size": row.size,
        "created": row.created.isoformat(),
    }


def _draft_dict(row, context, with_sections: bool = True) -> dict[str, Any]:
    coordinator, institutions = _viewer(context)
    kind_label = tk._(calendar.KINDS.get(row.kind, row.kind))
    result: dict[str, Any] = {
        "id": row.id,
        "title": row.title,
        "language": row.language,
        "state": row.state,
        "state_label": tk._(states.STATES.get(row.state, row.state)),
        "structure": row.structure,
        "obligation": {
            "id": row.obligation_id,
            "kind": row.kind,
            "kind_label": kind_label,
            "mechanism": row.mechanism_name,
            "mechanism_code": row.mechanism_name.upper(),
            "period": row.period,
            "due_date": row.due_date.isoformat(),
            "document_symbol": row.document_symbol,
            "submitted_on": row.submitted_on.isoformat() if row.submitted_on else None,
        },
        "word_limit": row.word_limit,
        "created": row.created.isoformat(),
        "modified": row.modified.isoformat(),
        "may_edit": coordinator and states.editable(row.state),
    }
    if not with_sections:
        return result
    every = store.sections(row.id)
    numbered = assembly.numbered((section.heading, section.body) for section in every)
    count = texts.word_count(text for section in every for text in (section.heading, section.body))
    shown = [
        (section, entries)
        for section, (_heading, entries) in zip(every, numbered)
        if coordinator or row.published or set(section.institutions) & set(institutions)
    ]
    # comments: the coordinators', and the institutions' on their own sections
    commented = [
        section.id for section, _entries in shown if coordinator or set(section.institutions) & set(institutions)
    ]
    comments = store.comments(commented)
    result.update(
        # the annexes are the coordinators' until the report is published
        annexes=[_annex_dict(found) for found in store.annexes(row.id)] if coordinator or row.published else None,
        word_count=count,
        over_limit=texts.over_limit(count, row.word_limit),
        formats=document.available_formats(),
        sections=[
            {
                "id": section.id,
                "position": section.position,
                "heading": section.heading,
                "body": section.body,
                "paragraphs": [{"number": number, "text": text} for number, text in entries],
                "version": section.version,
                "recommendations": list(section.recommendations),
                "comments": comments.get(section.id, []) if section.id in commented else None,
                "may_comment": section.id in commented and states.editable(row.state),
            }
            for section, entries in shown
        ],
    )
    return result


def _language(data_dict) -> str:
    languages = config.languages()
    default = multilingual.content_language(tk.config.get("ckan.locale_default") or languages[0])
    language = data_dict.get("language") or default
    if language not in languages:
        raise tk.ValidationError(
            {"language": [tk._("expected one of: {languages}").format(languages=", ".join(languages))]}
        )
    return language


@validate(input_schemas.draft_create)
def simore_draft_create(context, data_dict):
    """Draft a report owed in the calendar: assembled from the
    recommendations in scope (those the obligation covers, else the
    mechanism's latest review), the published actions answering them, in
    the structure the mechanism expects (UPR: thematic clusters; treaty
    bodies: articles, or clusters when no article is recorded; List of
    Issues: its paragraphs; follow-up: each recommendation).

    :param obligation: the reporting obligation's id
    :param title: optional (default: the kind of report and mechanism)
    :param language: the report's language, one of the portal's (default:
        the portal's default language)
    :returns: the draft, as ``simore_draft_show``
    """
    tk.check_access("simore_draft_create", context, data_dict)
    obligation = obligations.get(data_dict["obligation"])
    if obligation is None:
        raise tk.ValidationError(
            {"obligation": [tk._("No reporting obligation {id!r}").format(id=data_dict["obligation"])]}
        )
    if obligation.state == calendar.SUBMITTED:
        raise tk.ValidationError({"obligation": [tk._("This report was already submitted.")]})
    language = _language(data_dict)
    mechanism = model.Package.get(obligation.mechanism_id)
    family = (mechanism.extras.get("family") if mechanism else None) or ""
    code = obligation.mechanism_name.upper()
    structure = assembly.structure_for(obligation.kind, family)
    translations = catalogue(language)
    gathered = sources.gather(
        obligation.id,
        obligation.mechanism_name,
        family,
        language,
        (translations.gettext("No"), translations.gettext("Yes")),
        with_issues=structure == assembly.BY_PARAGRAPH,
    )
    sections = assembly.assemble(
        gathered, structure, _wording(len(gathered.recommendations), translations), translations.gettext("Introduction")
    )
    period = " ({})".format(obligation.period) if obligation.period else ""
    title = data_dict.get("title") or "{} — {}{}".format(
        translations.gettext(calendar.KINDS[obligation.kind]), code, period
    )
    user = lookups.user_of(context)
    values = {
        "obligation_id": obligation.id,
        "title": title,
        "language": language,
        "structure": structure,
        "state": states.DRAFTING,
        "word_limit": texts.word_limit(texts.shipped_word_limits(), code, obligation.kind),
    }
    draft_id = store.create(values, sections, user.id if user else None)
    model.Session.commit()
    return _draft_dict(store.get(draft_id), context)


@tk.side_effect_free
def simore_draft_show(context, data_dict):
    """A report draft with its sections (numbered paragraphs), its word
    count against the limit (``over_limit``: warned, never refused), the
    comments the reader may see and its ``annexes`` (id, title, filename,
    size, created): the coordinators', and everyone's once the report is
    published; None to the others.

    :param id: the draft's id
    """
    tk.check_access("simore_draft_show", context, data_dict)
    return _draft_dict(_readable_draft(context, data_dict), context)


@validate(input_schemas.draft_update)
def simore_draft_update(context, data_dict):
    """Rename a draft or move it along (drafting, in consultation with the
    institutions, validated); submitting is ``simore_draft_submit``'s.

    :param id: the draft's id
    :param title: optional
    :param state: optional: ``drafting``, ``in_consultation`` or ``validated``
    """
    tk.check_access("simore_draft_update", context, data_dict)
    row = _readable_draft(context, data_dict)
    _editable(row)
    store.update(row.id, title=data_dict.get("title") or row.title, state=data_dict.get("state") or row.state)
    model.Session.commit()
    return _draft_dict(store.get(row.id), context)


@tk.side_effect_free
@validate(input_schemas.draft_list)
def simore_draft_list(context, data_dict):
    """The report drafts the reader may see, newest first: all for the
    coordinators; the submitted ones (published) and those concerning the
    reader's institutions for everyone else.

    :param obligation: only the drafts of this reporting obligation
    :param state: only those in this state
    :param limit: how many (default 100, at most 1000)
    :param offset: from which one (default 0)
    :returns: ``count`` and ``drafts`` (without their sections)
    """
    tk.check_access("simore_draft_list", context, data_dict)
    limit = guard.bounded_int(data_dict, "limit", 100, MAX_LISTED)
    offset = guard.bounded_int(data_dict, "offset", 0, config.max_search_start())
    coordinator, institutions = _viewer(context)
    count, rows = store.listed(
        data_dict.get("obligation"), data_dict.get("state"), None if coordinator else institutions, limit, offset
    )
    return {"count": count, "drafts": [_draft_dict(row, context, with_sections=False) for row in rows]}


@validate(input_schemas.section_update)
def simore_draft_section_update(context, data_dict):
    """Change a section: a new version, kept with who wrote it and when.

    :param id: the section's id
    :param body: its text, paragraphs separated by blank lines
    :param heading: optional (kept when not given)
    :param version: optional, the version the change was made on: refused
        when the section changed since
    :returns: the section's new ``version``
    """
    tk.check_access("simore_draft_section_update", context, data_dict)
    section, row = _section_for(context, data_dict, lock=True)
    _editable(row)
    if data_dict.get("version") not in (None, ""):
        base = guard.bounded_int(data_dict, "version", 0, MAX_VERSION)
        if base != section.version:
            raise tk.ValidationError(
                {
                    "version": [
                        tk._("The section was changed since (now version {version}); reload it.").format(
                            version=section.version
                        )
                    ]
                }
            )
    heading = data_dict.get("heading") or section.heading
    body = assembly.join_paragraphs(assembly.paragraphs_of(data_dict["body"]))
    if not body:
        raise tk.ValidationError({"body": [tk._("Missing value")]})
    number = section.version
    if (heading, body) != (section.heading, section.body):
        user = lookups.user_of(context)
        number = store.save_version(section, heading, body, user.id if user else None)
        model.Session.commit()
    return {"id": section.id, "draft_id": row.id, "version": number, "heading": heading, "body": body}


@tk.side_effect_free
def simore_draft_section_versions(context, data_dict):
    """A section's versions, newest first: who wrote each, when.

    :param id: the section's id
    """
    tk.check_access("simore_draft_section_versions", context, data_dict)
    section, row = _section_for(context, data_dict)
    return {
        "id": section.id,
        "draft_id": row.id,
        "heading": section.heading,
        "versions": [
            {
                "version": found.version,
                "heading": found.heading,
                "body": found.body,
                "user": found.user_name,
                "user_fullname": found.user_fullname or found.user_name,
                "created": found.created.isoformat(),
            }
            for found in store.versions(section.id)
        ],
    }


@tk.side_effect_free
def simore_draft_section_diff(context, data_dict):
    """What changed between two versions of a section (a unified diff,
    heading and body).

    :param id: the section's id
    :param from: the older version (default: the one before ``to``)
    :param to: the newer version (default: the latest)
    :returns: ``lines``, each with its ``kind`` (added, removed, context,
        hunk) and ``text``
    """
    tk.check_access("simore_draft_section_diff", context, data_dict)
    section, row = _section_for(context, data_dict)
    newer = guard.bounded_int(data_dict, "to", section.version, MAX_VERSION)
    older = guard.bounded_int(data_dict, "from", max(newer - 1, 1), MAX_VERSION)
    found = {}
    for key, number in (("from", older), ("to", newer)):
        found[key] = store.version_of(section.id, number)
        if found[key] is None:
            raise tk.ValidationError({key: [tk._("No version {number}").format(number=number)]})
    before, after = found["from"], found["to"]
    return {
        "id": section.id,
        "draft_id": row.id,
        "from": older,
        "to": newer,
        "lines": texts.diff(
            "{}\n\n{}".format(before.heading, before.body),
            "{}\n\n{}".format(after.heading, after.body),
            "v{}".format(older),
            "v{}".format(newer),
        ),
    }


@validate(input_schemas.comment_create)
def simore_draft_comment_create(context, data_dict):
    """Comment on a section: the coordinators, and the focal points and
    validating authorities of the institutions concerned by the section.

    :param id: the section's id
    :param text: the comment
    """
    tk.check_access("simore_draft_comment_create", context, data_dict)
    section, row = _section_for(context, data_dict)
    coordinator, institutions = _viewer(context)
    concerned = sorted(set(section.institutions) & set(institutions))
    if not (coordinator or concerned):
        raise tk.ObjectNotFound(tk._("No section {id!r}").format(id=section.id))
    _editable(row)
    user = lookups.user_of(context)
    comment_id = store.add_comment(
        section.id, user.id if user else None, concerned[0] if concerned else None, data_dict["text"]
    )
    model.Session.commit()
    return {"id": comment_id, "section_id": section.id, "draft_id": row.id}


@validate(input_schemas.draft_submit)
def simore_draft_submit(context, data_dict):
    """Submit the report: the draft is published on the portal (its page
    and its DOCX are public) and the calendar records the obligation as
    submitted (through ``simore_obligation_update`` and its rules).

    :param id: the draft's id
    :param submitted_on: the day it was submitted, YYYY-MM-DD
    :param document_symbol: the symbol the mechanism gave it, when known
    """
    tk.check_access("simore_draft_submit", context, data_dict)
    row = _readable_draft(context, data_dict)
    _editable(row)
    # the draft's state first: the calendar's update commits both
    store.update(row.id, state=states.SUBMITTED)
    update = {"id": row.obligation_id, "state": calendar.SUBMITTED, "submitted_on": data_dict["submitted_on"]}
    if data_dict.get("document_symbol"):
        update["document_symbol"] = data_dict["document_symbol"]
    tk.get_action("simore_obligation_update")(
        {"user": context.get("user"), "ignore_auth": context.get("ignore_auth", False)}, update
    )
    return _draft_dict(store.get(row.id), context)


def simore_draft_delete(context, data_dict):
    """Remove a report draft, its sections, versions, comments and
    annexes (their files too).

    :param id: the draft's id
    """
    tk.check_access("simore_draft_delete", context, data_dict)
    row = _readable_draft(context, data_dict)
    store.delete(row.id)
    model.Session.commit()
    ANNEX_FILES.remove_all(row.id)
    return {"id": row.id}


@validate(input_schemas.annex_add)
def simore_draft_annex_add(context, data_dict):
    """Annex a file to a draft (a statistical annex, a table of
    recommendations, a law): of the types of
    ``ckanext.simore.evidence_file_types``, no larger than
    ``ckan.max_resource_size``. Only while it is a draft: the annexes are
    published with the report.

    :param id: the draft's id
    :param upload: the file (a multipart upload)
    :param title: optional (default: the file's name)
    :returns: the draft, as ``simore_draft_show``
    """
    tk.check_access("simore_draft_annex_add", context, data_dict)
    row = _readable_draft(context, data_dict, lock=True)
    _editable(row)
    user = lookups.user_of(context)
    with ANNEX_FILES.kept(data_dict.get("upload"), row.id) as kept:
        title = data_dict.get("title") or kept.filename
        store.add_annex(kept.id, row.id, title, kept.filename, kept.size, user.id if user else None)
        model.Session.commit()
    return _draft_dict(store.get(row.id), context)


@validate(input_schemas.annex_delete)
def simore_draft_annex_delete(context, data_dict):
    """Remove an annex from a draft (not from a submitted report).

    :param id: the draft's id
    :param annex: the annex's id
    :returns: the draft, as ``simore_draft_show``
    """
    tk.check_access("simore_draft_annex_delete", context, data_dict)
    row = _readable_draft(context, data_dict, lock=True)
    _editable(row)
    found = {annex.id: annex for annex in store.annexes(row.id)}
    annex = lookups.found(found.get(data_dict["annex"]), tk._("No annex {id!r}").format(id=data_dict["annex"]))
    store.delete_annex(row.id, annex.id)
    model.Session.commit()
    ANNEX_FILES.remove(row.id, annex.id, annex.filename)
    return _draft_dict(store.get(row.id), context)
