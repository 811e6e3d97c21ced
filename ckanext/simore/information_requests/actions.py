"""API actions of information requests: the coordinators write, send and
close requests of questions to institutions; the institutions' focal
points answer, their validating authority approves or returns (the action
reports' state machine); the public reads a sent request's questions and
its approved answers only."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate

from ckanext.simore import clock, config, organizations, roles
from ckanext.simore.attachments import Attachments
from ckanext.simore.information_requests import answers, input_schemas, mail, store
from ckanext.simore.information_requests import questions as rules
from ckanext.simore.portal.labels import Labels
from ckanext.simore.records import lookups
from ckanext.simore.reporting import obligations
from ckanext.simore.security import guard
from ckanext.simore.validation import validate_with_objects
from ckanext.simore.vocabularies import terms
from ckanext.simore.workflow import history
from ckanext.simore.workflow import machine as workflow

__all__ = [
    "simore_information_request_create",
    "simore_information_request_update",
    "simore_information_request_send",
    "simore_information_request_ask",
    "simore_information_request_close",
    "simore_information_request_show",
    "simore_information_request_list",
    "simore_information_request_reminders_send",
    "simore_information_request_owed",
    "simore_answer_save",
    "simore_answer_transition",
    "simore_answer_show",
    "simore_answer_attachment_add",
    "simore_answer_attachment_delete",
]

# the most requests one list answers
MAX_LISTED = 1000
# the most questions one request holds
MAX_QUESTIONS = 500
# the files attached to answers
ANSWER_FILES = Attachments("answers")


def _user_name(context) -> str:
    return context.get("user") or ""


def _user_id(context) -> str | None:
    user = lookups.user_of(context)
    return user.id if user else None


def _coordinator(context) -> bool:
    return bool(context.get("ignore_auth")) or roles.is_coordinator(context.get("user"))


# -- what a request is made of ------------------------------------------------------


def _organization_ids(refs: list[str], field: str = "institutions") -> list[str]:
    groups = {ref: model.Group.get(ref) for ref in refs}
    unknown = [ref for ref, g in groups.items() if not organizations.is_institution(g) or g.state != "active"]
    if unknown:
        raise tk.ValidationError({field: [tk._("unknown institution(s): {refs}").format(refs=", ".join(unknown[:10]))]})
    return [group.id for group in groups.values() if group is not None]


def _themes(codes: list[str], field: str = "themes") -> list[str]:
    vocabulary = terms.get("themes")
    unknown = [code for code in codes if code not in vocabulary]
    if unknown:
        raise tk.ValidationError({field: [tk._("unknown theme(s): {codes}").format(codes=", ".join(unknown[:10]))]})
    return codes


def _references(value: Any, field: str) -> list[str]:
    """A question's own list of ids, names or codes."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise tk.ValidationError({field: [tk._("expected a list of ids or names")]})
    return [item.strip() for item in value if item.strip()]


def _question_entries(given: Any, defaults: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The questions to store, from a text (one paragraph a line) or a list
    of objects (``label``, ``text``, and their own ``recommendations``,
    ``themes``, ``institutions``, ``deadline``); what a question does not
    say is the request's."""
    if isinstance(given, str):
        given = [{"label": q.label, "text": q.text} for q in rules.parse(given)]
    if not isinstance(given, list) or not all(isinstance(entry, dict) for entry in given):
        raise tk.ValidationError({"questions": [tk._("expected a text, one question a line, or a list of objects")]})
    if len(given) > MAX_QUESTIONS:
        raise tk.ValidationError({"questions": [tk._("at most {limit} questions").format(limit=MAX_QUESTIONS)]})
    entries = []
    for entry in given:
        label, text = entry.get("label", ""), entry.get("text")
        if not isinstance(label, str) or not isinstance(text, str) or not text.strip():
            raise tk.ValidationError({"questions": [tk._("each question needs a text (and a label, as text)")]})
        if len(text) > config.max_text_chars() or len(label) > config.max_title_chars():
            raise tk.ValidationError({"questions": [tk._("a question is too long")]})
        deadline = entry.get("deadline")
        try:
            deadline = tk.get_validator("simore_day")(deadline)
        except tk.Invalid as error:
            raise tk.ValidationError({"questions": [error.error]})
        entries.append(
            {
                "label": label.strip(),
                "text": text.strip(),
                "recommendation_ids": lookups.recommendation_ids(
                    _references(entry["recommendations"], "questions"), "questions"
                )
                if "recommendations" in entry
                else defaults["recommendation_ids"],
                "themes": _themes(_references(entry["themes"], "questions"), "questions")
                if "themes" in entry
                else defaults["themes"],
                "organization_ids": _organization_ids(_references(entry["institutions"], "questions"), "questions")
                if "institutions" in entry
                else defaults["organization_ids"],
                "deadline": deadline,
            }
        )
    return entries


def _union(current: list[dict[str, Any]], key: str) -> list[str]:
    return list(dict.fromkeys(value for entry in current for value in entry[key]))


def _links(data_dict: dict[str, Any], current: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The request-wide institutions, recommendations and themes: those
    given, or those of the current questions."""
    return {
        "organization_ids": _organization_ids(data_dict["institutions"])
        if "institutions" in data_dict
        else _union([{"o": [a["organization_id"] for a in q["assignments"]]} for q in current], "o"),
        "recommendation_ids": lookups.recommendation_ids(data_dict["recommendations"])
        if "recommendations" in data_dict
        else _union(current, "recommendation_ids"),
        "themes": _themes(data_dict["themes"]) if "themes" in data_dict else _union(current, "themes"),
    }


def _references_of_request(data_dict: dict[str, Any], values: dict[str, Any]) -> None:
    """The title, stripped; the mechanism and the reporting obligation, by
    reference."""
    if "title" in data_dict:
        values["title"] = data_dict["title"].strip()
        if not values["title"]:
            raise tk.ValidationError({"title": [tk._("Missing value")]})
    for key in ("mechanism", "obligation"):
        if key in data_dict:
            data_dict[key] = data_dict[key].strip()
    if "mechanism" in data_dict:
        mechanism = lookups.active_of_type(data_dict["mechanism"], "mechanism") if data_dict["mechanism"] else None
        if data_dict["mechanism"] and mechanism is None:
            raise tk.ValidationError(
                {"mechanism": [tk._("unknown mechanism {ref!r}").format(ref=data_dict["mechanism"])]}
            )
        values["mechanism_id"] = mechanism.id if mechanism else None
    if "obligation" in data_dict:
        if data_dict["obligation"] and obligations.get(data_dict["obligation"]) is None:
            raise tk.ValidationError(
                {"obligation": [tk._("No reporting obligation {id!r}").format(id=data_dict["obligation"])]}
            )
        values["obligation_id"] = data_dict["obligation"] or None


# -- how a request is read -----------------------------------------------------------


def _request_or_404(context, ref: str, for_update: bool = False):
    """The request; a draft is the coordinators' only (a 404 for others)."""
    row = store.get(ref, for_update=for_update)
    if row is not None and row.state == rules.DRAFT and not _coordinator(context):
        row = None
    return lookups.found(row, tk._("No information request {id!r}").format(id=ref))


def _summary(row) -> dict[str, Any]:
    mechanism = model.Package.get(row.mechanism_id) if row.mechanism_id else None
    return {
        "id": row.id,
        "title": row.title,
        "kind": row.kind,
        "kind_label": tk._(rules.KINDS[row.kind]),
        "state": row.state,
        "state_label": tk._(rules.STATES[row.state]),
        "deadline": row.deadline.isoformat(),
        "mechanism": {"id": mechanism.id, "name": mechanism.name, "title": Labels.current().mechanism(mechanism.name)}
        if mechanism and mechanism.state == "active" and not mechanism.private
        else None,
        "obligation_id": row.obligation_id,
        "notes": row.notes,
        "created": row.created.isoformat(),
        "sent": row.sent.isoformat() if row.sent else None,
    }


def _tracking(row, user: str, coordinator: bool) -> list[dict[str, Any]]:
    owed = [rules.Owed(item.organization_id, item.deadline, item.state) for item in store.owed(request_ids=[row.id])]
    figures = rules.tracking(owed, clock.today())
    entries = []
    for organization_id, counts in figures.items():
        entry = {**answers.institution(organization_id), **counts}
        if not (coordinator or answers.is_staff(user, organization_id)):
            entry.pop("in_progress")  # what is begun is the staff's to know
        entries.append(entry)
    return sorted(entries, key=lambda entry: entry["title"] or "")


def _request_dict(row, context) -> dict[str, Any]:
    user, coordinator = _user_name(context), _coordinator(context)
    result = _summary(row)
    shown = [a for a in store.answers(request_id=row.id) if coordinator or answers.visible(a, user)]
    files = store.attachments_of([a.id for a in shown])
    by_question: dict[str, list[dict[str, Any]]] = {}
    for a in shown:
        staff = coordinator or answers.is_staff(user, a.organization_id)
        by_question.setdefault(a.question_id, []).append(answers.answer_dict(a, files.get(a.id, []), staff))
    labels = Labels.current()
    result["questions"] = [
        {
            "id": q["id"],
            "label": q["label"],
            "text": q["text"],
            "recommendations": answers.recommendations(q["recommendation_ids"], coordinator),
            "themes": [{"code": code, "label": labels.vocabulary_label("themes", code)} for code in q["themes"]],
            "assignments": [
                {**answers.institution(a["organization_id"]), "deadline": (a["deadline"] or row.deadline).isoformat()}
                for a in q["assignments"]
            ],
            "answers": by_question.get(q["id"], []),
        }
        for q in store.questions_of(row.id)
    ]
    result["tracking"] = _tracking(row, user, coordinator)
    # the assigned institutions the reader answers for
    result["viewer_institutions"] = sorted(
        {
            a["name"]
            for q in result["questions"]
            for a in q["assignments"]
            if workflow.FOCAL_POINT in roles.institution_roles(user, a["id"])
        }
    )
    return result


# -- requests -------------------------------------------------------------------------


@validate_with_objects(input_schemas.request_create, "questions")
def simore_information_request_create(context, data_dict):
    """Write a request of questions to institutions (a draft until sent).

    :param title: its title
    :param kind: ``list_of_issues``, ``questionnaire`` or ``own``
    :param deadline: YYYY-MM-DD, the answers' deadline (a question may have
        its own)
    :param questions: a text, one question a line ("12. text" is labelled
        "12"), or a list of objects with ``text``, ``label`` and,
        optionally, their own ``recommendations``, ``themes``,
        ``institutions`` and ``deadline``
    :param institutions: the institutions that answer (ids or names)
    :param recommendations: the recommendations the questions are about
    :param themes: the themes the questions are about (codes of ``themes``)
    :param mechanism: the mechanism that asks (optional: code, name or id)
    :param obligation: the report it feeds (optional: an obligation's id)
    :param notes: optional
    :returns: the request, as ``simore_information_request_show``
    """
    tk.check_access("simore_information_request_create", context, data_dict)
    values = dict(data_dict)
    _references_of_request(data_dict, values)
    entries = _question_entries(data_dict.get("questions") or [], _links(data_dict, []))
    request_id = store.create(values, _user_id(context))
    store.set_questions(request_id, entries)
    model.Session.commit()
    return _request_dict(store.get(request_id), context)


@validate_with_objects(input_schemas.request_update, "questions")
def simore_information_request_update(context, data_dict):
    """Change a request: only the parameters given change (those of
    ``simore_information_request_create``). The questions, institutions,
    recommendations and themes change while it is a draft only; given
    without ``questions``, the others apply to every current question.

    :param id: the request's id
    """
    tk.check_access("simore_information_request_update", context, data_dict)
    row = _request_or_404(context, data_dict["id"], for_update=True)
    values = {key: value for key, value in data_dict.items() if key in store.FIELDS}
    _references_of_request(data_dict, values)
    reshaped = [key for key in ("questions", "institutions", "recommendations", "themes") if key in data_dict]
    if reshaped and row.state != rules.DRAFT:
        raise tk.ValidationError({reshaped[0]: [tk._("The questions of a sent request cannot change")]})
    if reshaped:
        current = store.questions_of(row.id)
        given = data_dict.get("questions", [{"label": q["label"], "text": q["text"]} for q in current])
        entries = _question_entries(given or [], _links(data_dict, current))
        store.set_questions(row.id, entries)
    store.update(row.id, values)
    model.Session.commit()
    return _request_dict(store.get(row.id), context)


def simore_information_request_send(context, data_dict):
    """Send a draft request: its questions become public, and the focal
    points of the institutions that answer are told by mail.

    :param id: the request's id
    :returns: the request, with ``mailed`` (how many mails were sent)
    """
    tk.check_access("simore_information_request_send", context, data_dict)
    row = _request_or_404(context, guard.text_ref(data_dict, "id"), for_update=True)
    if row.state != rules.DRAFT:
        raise tk.ValidationError({"id": [tk._("Only a draft request is sent")]})
    owed = store.owed(request_ids=[row.id])
    if not owed:
        raise tk.ValidationError({"questions": [tk._("Add questions and the institutions that answer them first")]})
    store.set_state(row.id, rules.SENT)
    model.Session.commit()
    mailed = mail.announce(store.get(row.id), sorted({item.organization_id for item in owed}))
    return dict(_request_dict(store.get(row.id), context), mailed=mailed)


@validate(input_schemas.request_ask)
def simore_information_request_ask(context, data_dict):
    """Ask more institutions some of a request's questions (or all), by
    their own deadline if given: a draft's or a sent request's (whose new
    institutions are told by mail). An institution already asked a question
    keeps what it wrote; given a deadline, its deadline moves.

    :param id: the request's id
    :param institutions: the institutions to ask (ids or names)
    :param questions: the questions (ids; default: every question)
    :param deadline: optional YYYY-MM-DD (default: the request's deadline)
    :returns: the request, with ``mailed`` (how many mails were sent)
    """
    tk.check_access("simore_information_request_ask", context, data_dict)
    row = _request_or_404(context, data_dict["id"], for_update=True)
    if row.state == rules.CLOSED:
        raise tk.ValidationError({"id": [tk._("The request is closed")]})
    current = {q["id"]: q for q in store.questions_of(row.id)}
    chosen = data_dict.get("questions") or list(current)
    unknown = [ref for ref in chosen if ref not in current]
    if unknown:
        raise tk.ValidationError(
            {"questions": [tk._("not questions of this request: {refs}").format(refs=", ".join(unknown[:10]))]}
        )
    if not chosen:
        raise tk.ValidationError({"questions": [tk._("The request has no question yet")]})
    organization_ids = _organization_ids(data_dict["institutions"])
    deadline = data_dict.get("deadline")
    if deadline is not None and deadline < row.created.date():
        raise tk.ValidationError({"deadline": [tk._("The deadline is before the request was written")]})
    asked_before = {a["organization_id"] for q in current.values() for a in q["assignments"]}
    store.assign(chosen, organization_ids, deadline)
    model.Session.commit()
    newcomers = [o for o in dict.fromkeys(organization_ids) if o not in asked_before]
    mailed = mail.announce(store.get(row.id), newcomers) if row.state == rules.SENT and newcomers else 0
    return dict(_request_dict(store.get(row.id), context), mailed=mailed)


def simore_information_request_close(context, data_dict):
    """Close a sent request: no more answers are written or moved.

    :param id: the request's id
    """
    tk.check_access("simore_information_request_close", context, data_dict)
    row = _request_or_404(context, guard.text_ref(data_dict, "id"), for_update=True)
    if row.state != rules.SENT:
        raise tk.ValidationError({"id": [tk._("Only a sent request is closed")]})
    store.set_state(row.id, rules.CLOSED)
    model.Session.commit()
    return _request_dict(store.get(row.id), context)


@tk.side_effect_free
def simore_information_request_show(context, data_dict):
    """A request with its questions, the institutions that answer each and
    by when, the answers the reader may see (everyone: the approved ones;
    an institution's staff: its own in progress too; the coordinators:
    all) and the tracking per institution (``owed``, ``answered`` i.e.
    approved, ``overdue``; ``in_progress`` for the staff). A draft is the
    coordinators' only.

    :param id: the request's id
    """
    tk.check_access("simore_information_request_show", context, data_dict)
    return _request_dict(_request_or_404(context, guard.text_ref(data_dict, "id")), context)


@tk.side_effect_free
@validate(input_schemas.request_list)
def simore_information_request_list(context, data_dict):
    """Information requests, latest deadline first (drafts: the
    coordinators' only).

    :param state: only those ``draft``, ``sent`` or ``closed``
    :param limit: how many (default 100, at most 1000)
    :param offset: from which one (default 0)
    :returns: ``count`` and ``requests``
    """
    tk.check_access("simore_information_request_list", context, data_dict)
    limit = guard.bounded_int(data_dict, "limit", 100, MAX_LISTED)
    offset = guard.bounded_int(data_dict, "offset", 0, config.max_search_start())
    states = [state for state in rules.STATES if state != rules.DRAFT or _coordinator(context)]
    if data_dict.get("state"):
        states = [state for state in states if state == data_dict["state"]]
    count, rows = store.listed(states, limit, offset)
    return {"count": count, "requests": [_summary(row) for row in rows]}


def simore_information_request_reminders_send(context, data_dict):
    """Remind the institutions of the questions they owe in sent requests:
    once when a deadline is near (``ckanext.simore.reminder_days_before``),
    once when it has passed.

    :param today: optional YYYY-MM-DD, the day to compute from
    """
    tk.check_access("simore_information_request_reminders_send", context, data_dict)
    today = guard.optional_day(data_dict, "today")
    return {"sent": mail.send_reminders(today or clock.today())}


@tk.side_effect_free
def simore_information_request_owed(context, data_dict):
    """The questions an institution still owes in sent requests (not
    approved), soonest deadline first: for its staff and the coordinators
    (the institution's dashboard).

    :param id: the institution's id or name
    :returns: ``count``, ``overdue`` and ``questions`` (request id and
        title, question id and label, ``deadline``, ``state`` of the answer
        or None, ``overdue``)
    """
    ref = guard.text_ref(data_dict, "id")
    tk.check_access("simore_information_request_owed", context, data_dict)
    organization = model.Group.get(ref)
    if not organizations.is_institution(organization):
        raise tk.ObjectNotFound(tk._("No institution {name!r}").format(name=ref))
    today = clock.today()
    titles = {row.id: row.title for row in store.sent_requests()}
    owed = [
        {
            "request_id": item.request_id,
            "request_title": titles[item.request_id],
            "question_id": item.question_id,
            "label": item.label,
            "deadline": item.deadline.isoformat(),
            "state": item.state,
            "overdue": rules.is_overdue(item.deadline, item.state, today),
        }
        for item in store.owed(request_ids=list(titles), organization_ids=[organization.id])
        if item.state != workflow.APPROVED
    ]
    owed.sort(key=lambda entry: entry["deadline"])
    return {"count": len(owed), "overdue": sum(entry["overdue"] for entry in owed), "questions": owed}


# -- answers --------------------------------------------------------------------------


def _answer_or_404(context, ref: str, for_update: bool = False):
    """The answer, if the reader may see it (a 404 otherwise: an answer in
    progress is its institution's and the coordinators')."""
    row = store.get_answer(ref, for_update=for_update)
    if row is not None and not (_coordinator(context) or answers.visible(row, _user_name(context))):
        row = None
    return lookups.found(row, tk._("No answer {id!r}").format(id=ref))


def _answer_result(row, context) -> dict[str, Any]:
    staff = _coordinator(context) or answers.is_staff(_user_name(context), row.organization_id)
    result = answers.answer_dict(row, store.attachments_of([row.id]).get(row.id, []), staff)
    if staff:
        result["history"] = [
            {
                "transition": e.transition,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "comment": e.comment,
                "user": (model.User.get(e.user_id or "") or model.User()).name,
                "created": e.created.isoformat(),
            }
            for e in store.events_of(row.id)
        ]
        result["transitions"] = [
            t.name
            for t in workflow.allowed(row.state, roles.institution_roles(_user_name(context), row.organization_id))
            if t.name in rules.ANSWER_TRANSITIONS
        ]
    return result


def _writable(answer_row) -> None:
    """Refuse changing an answer that is not its institution's to change:
    submitted or approved, or of a request not open for answers."""
    request_row = store.get(answer_row.request_id)
    if request_row.state != rules.SENT:
        raise tk.ValidationError({"id": [tk._("The request is not open for answers")]})
    if answer_row.state not in workflow.EDITABLE_STATES:
        raise tk.ValidationError({"id": [tk._("A submitted or approved answer cannot change")]})


@validate(input_schemas.answer_save)
def simore_answer_save(context, data_dict):
    """Write (or rewrite) an institution's answer to a question, as a draft
    or a returned answer.

    :param question: the question's id
    :param organization: the answering institution's id or name
    :param text: the answer
    :returns: the answer, as ``simore_answer_show``
    """
    tk.check_access("simore_answer_save", context, data_dict)
    question_row = store.get_question(data_dict["question"])
    organization = model.Group.get(data_dict["organization"])
    request_row = store.get(question_row.request_id, for_update=True) if question_row else None
    if request_row is None or (request_row.state == rules.DRAFT and not _coordinator(context)):
        raise tk.ObjectNotFound(tk._("No question {id!r}").format(id=data_dict["question"]))
    if organization is None or store.deadline_of(question_row.id, organization.id) is None:
        raise tk.ValidationError({"organization": [tk._("This question is not asked of this institution")]})
    if request_row.state != rules.SENT:
        raise tk.ValidationError({"question": [tk._("The request is not open for answers")]})
    existing = store.answer_for(question_row.id, organization.id)
    if existing is None:
        answer_id = store.create_answer(question_row.id, organization.id, data_dict.get("text", ""), _user_id(context))
    else:
        _writable(existing)
        answer_id = existing.id
        store.update_answer(answer_id, text=data_dict.get("text", existing.text))
    model.Session.commit()
    return _answer_result(store.get_answer(answer_id), context)


@validate(input_schemas.answer_transition)
def simore_answer_transition(context, data_dict):
    """Move an answer along the action reports' workflow: ``submit`` (its
    focal points), ``approve`` (its validating authority), ``return`` with
    a ``comment`` (its validating authority or the coordinators). Only an
    approved answer is public.

    :param id: the answer's id
    :param transition: ``submit``, ``approve`` or ``return``
    :param comment: why (required to return)
    :returns: the answer's new state and the recorded event
    """
    tk.check_access("simore_answer_transition", context, data_dict)
    row = _answer_or_404(context, data_dict["id"], for_update=True)
    if store.get(row.request_id).state != rules.SENT:
        raise tk.ValidationError({"id": [tk._("The request is not open for answers")]})
    comment = data_dict.get("comment", "")
    if data_dict["transition"] == "submit" and not row.text.strip():
        raise tk.ValidationError({"text": [tk._("Write the answer before submitting it")]})
    target, event_id = history.transition(
        store.event,
        {"answer_id": row.id},
        row.state,
        data_dict["transition"],
        roles.institution_roles(_user_name(context), row.organization_id),
        _user_id(context),
        comment,
    )
    store.update_answer(row.id, state=target)
    model.Session.commit()
    return {"id": row.id, "from_state": row.state, "state": target, "event_id": event_id}


@tk.side_effect_free
def simore_answer_show(context, data_dict):
    """An answer with its attachments: an approved one for everyone, one
    in progress for its institution's staff and the coordinators (who also
    see its history and the transitions they may make).

    :param id: the answer's id
    """
    tk.check_access("simore_answer_show", context, data_dict)
    return _answer_result(_answer_or_404(context, guard.text_ref(data_dict, "id")), context)


def simore_answer_attachment_add(context, data_dict):
    """Attach a file to an answer being written (a document, a table or an
    image: the types of ``ckanext.simore.evidence_file_types``).

    :param id: the answer's id
    :param upload: the file (a multipart upload)
    :returns: the answer, as ``simore_answer_show``
    """
    ref = guard.text_ref(data_dict, "id")
    tk.check_access("simore_answer_attachment_add", context, data_dict)
    row = _answer_or_404(context, ref, for_update=True)
    _writable(row)
    with ANSWER_FILES.kept(data_dict.get("upload"), row.id) as kept:
        store.add_attachment(kept.id, row.id, kept.filename, kept.size, _user_id(context))
        model.Session.commit()
    return _answer_result(store.get_answer(row.id), context)


@validate(input_schemas.attachment_delete)
def simore_answer_attachment_delete(context, data_dict):
    """Remove a file from an answer being written.

    :param id: the answer's id
    :param attachment: the attachment's id
    """
    tk.check_access("simore_answer_attachment_delete", context, data_dict)
    row = _answer_or_404(context, data_dict["id"], for_update=True)
    _writable(row)
    found = {item["id"]: item for item in store.attachments_of([row.id]).get(row.id, [])}
    item = lookups.found(
        found.get(data_dict["attachment"]), tk._("No attachment {id!r}").format(id=data_dict["attachment"])
    )
    store.delete_attachment(item["id"])
    model.Session.commit()
    ANSWER_FILES.remove(row.id, item["id"], item["filename"])
    return _answer_result(store.get_answer(row.id), context)
