"""Pages of information requests: the list, a request with its questions,
tracking and approved answers, the coordinators' forms (write, send,
close), and the page where an institution answers a question (text,
files, submission, approval). Every page calls the API actions, so the web
and the API share one set of rules."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.simore import web
from ckanext.simore.information_requests import actions
from ckanext.simore.information_requests import questions as rules
from ckanext.simore.multilingual import N_

__all__ = ["information_requests"]

information_requests = Blueprint("simore_information_requests", __name__)

# the form's fields, naming them in what a refused form is told
LABELS = {
    "title": N_("Title"),
    "kind": N_("Kind of request"),
    "deadline": N_("Deadline"),
    "questions": N_("Questions"),
    "institutions": N_("Institutions that answer"),
    "recommendations": N_("Recommendations concerned"),
    "themes": N_("Themes"),
    "mechanism": N_("Mechanism"),
    "obligation": N_("Report it feeds"),
    "notes": N_("Notes"),
    "text": N_("Answer"),
    "upload": N_("File"),
    "transition": N_("Step"),
    "comment": N_("Comment"),
}
FORM_FIELDS = tuple(key for key in LABELS if key not in ("text", "upload", "transition", "comment"))


@information_requests.route("/information-requests")
def index():
    found = web.run("simore_information_request_list", {"limit": actions.MAX_LISTED})
    return tk.render("simore/information_requests/index.html", {"found": found})


def _form(request: dict[str, Any] | None, data: dict[str, Any], error: str | None):
    return tk.render("simore/information_requests/form.html", {"request_": request, "data": data, "error": error})


def _posted() -> dict[str, Any]:
    """The form's fields (an empty optional reference clears it)."""
    return {key: value for key, value in web.form().items() if key in FORM_FIELDS}


def _for_report(obligation_id: str | None) -> dict[str, Any]:
    """A new request's form: opened from a report in the calendar, it
    feeds that report and asks about its mechanism and recommendations."""
    data = {"kind": "own"}
    if obligation_id:
        obligation = web.run("simore_obligation_show", {"id": obligation_id})
        data.update(
            obligation=obligation["id"],
            mechanism=obligation["mechanism"]["name"],
            recommendations="\n".join(record["name"] for record in obligation["recommendations"]),
        )
    return data


@information_requests.route("/information-requests/new", methods=["GET", "POST"])
def new():
    refused = web.refused("simore_information_request_create")
    if refused is not None:
        return refused
    data, error = _for_report(tk.request.args.get("obligation")), None
    if tk.request.method == "POST":
        data = _posted()
        created, error = web.call("simore_information_request_create", data, LABELS)
        if created:
            tk.h.flash_success(tk._("The request was saved as a draft."))
            return tk.redirect_to("simore_information_requests.read", id=created["id"])
    return _form(None, data, error)


@information_requests.route("/information-requests/<id>")
def read(id: str):
    return tk.render(
        "simore/information_requests/read.html", {"request_": web.run("simore_information_request_show", {"id": id})}
    )


def _as_form(request: dict[str, Any]) -> dict[str, Any]:
    questions = request["questions"]
    return {
        "title": request["title"],
        "kind": request["kind"],
        "deadline": request["deadline"],
        "notes": request["notes"],
        "mechanism": request["mechanism"]["name"] if request["mechanism"] else "",
        "obligation": request["obligation_id"] or "",
        "questions": rules.as_text(rules.Question(q["label"], q["text"]) for q in questions),
        "institutions": "\n".join(dict.fromkeys(a["name"] for q in questions for a in q["assignments"])),
        "recommendations": "\n".join(dict.fromkeys(r["name"] for q in questions for r in q["recommendations"])),
        "themes": "\n".join(dict.fromkeys(t["code"] for q in questions for t in q["themes"])),
    }


@information_requests.route("/information-requests/<id>/edit", methods=["GET", "POST"])
def edit(id: str):
    refused = web.refused("simore_information_request_update")
    if refused is not None:
        return refused
    request = web.run("simore_information_request_show", {"id": id})
    data, error = _as_form(request), None
    if tk.request.method == "POST":
        data = _posted()
        if request["state"] != rules.DRAFT:  # a sent request keeps its questions
            data = {key: value for key, value in data.items() if key not in _RESHAPING}
        updated, error = web.call("simore_information_request_update", dict(data, id=id), LABELS)
        if updated:
            tk.h.flash_success(tk._("The request was updated."))
            return tk.redirect_to("simore_information_requests.read", id=id)
    return _form(request, data, error)


_RESHAPING = ("questions", "institutions", "recommendations", "themes")


@information_requests.route("/information-requests/<id>/send", methods=["POST"])
def send(id: str):
    sent = tk._("The request was sent to the institutions.")
    return web.button("simore_information_request_send", {"id": id}, sent, "simore_information_requests.read", id=id)


@information_requests.route("/information-requests/<id>/ask", methods=["POST"])
def ask(id: str):
    """Ask more institutions some questions (those ticked; none: all)."""
    posted = tk.request.form
    data = {
        "id": id,
        "institutions": posted.getlist("institutions"),
        "questions": posted.getlist("questions"),
        "deadline": posted.get("deadline", ""),
    }
    asked = tk._("The institutions were asked.")
    return web.button(
        "simore_information_request_ask", data, asked, "simore_information_requests.read", labels=LABELS, id=id
    )


@information_requests.route("/information-requests/<id>/close", methods=["POST"])
def close(id: str):
    closed = tk._("The request was closed.")
    return web.button("simore_information_request_close", {"id": id}, closed, "simore_information_requests.read", id=id)


def _question_of(request: dict[str, Any], question_id: str, organization: str) -> tuple[dict, dict, dict | None]:
    """The question, the institution asked and its answer the reader may
    see; a 404 when the question is not asked of the institution."""
    question = next((q for q in request["questions"] if q["id"] == question_id), None)
    asked = next((a for a in (question or {}).get("assignments", []) if organization in (a["name"], a["id"])), None)
    if question is None or asked is None:
        return tk.abort(404, tk._("No such question for this institution"))
    answer = next((a for a in question["answers"] if a["organization"]["id"] == asked["id"]), None)
    return question, asked, answer


@information_requests.route(
    "/information-requests/<id>/questions/<question_id>/<organization>", methods=["GET", "POST"]
)
def answer(id: str, question_id: str, organization: str):
    request = web.run("simore_information_request_show", {"id": id})
    question, asked, shown = _question_of(request, question_id, organization)
    error, text = None, None
    if tk.request.method == "POST":
        refused = web.refused("simore_answer_save", {"organization": asked["id"]})
        if refused is not None:
            return refused
        text = web.form().get("text", "")
        saved, error = web.call(
            "simore_answer_save", {"question": question_id, "organization": asked["id"], "text": text}, LABELS
        )
        upload = tk.request.files.get("upload")
        if saved and upload is not None and upload.filename:
            saved, error = web.call("simore_answer_attachment_add", {"id": saved["id"], "upload": upload}, LABELS)
        if saved:
            tk.h.flash_success(tk._("The answer was saved."))
            return tk.redirect_to(
                "simore_information_requests.answer", id=id, question_id=question_id, organization=asked["name"]
            )
    full = web.run("simore_answer_show", {"id": shown["id"]}) if shown else None
    return tk.render(
        "simore/information_requests/answer.html",
        {
            "request_": request,
            "question": question,
            "asked": asked,
            "answer": full,
            "text": text if text is not None else (full or {}).get("text", ""),
            "error": error,
            "can_write": asked["name"] in request["viewer_institutions"]
            and request["state"] == rules.SENT
            and (full is None or full["state"] in ("draft", "returned")),
        },
    )


def _back_to(answer: dict[str, Any]) -> Any:
    return tk.redirect_to(
        "simore_information_requests.answer",
        id=answer["request_id"],
        question_id=answer["question_id"],
        organization=answer["organization"]["name"],
    )


@information_requests.route("/information-requests/answers/<id>/transition", methods=["POST"])
def transition(id: str):
    answer = web.run("simore_answer_show", {"id": id})
    form = web.form()
    refused = web.refused("simore_answer_transition", {"id": id})
    if refused is not None:
        return refused
    web.submit(
        "simore_answer_transition",
        {"id": id, "transition": form.get("transition", ""), "comment": form.get("comment", "")},
        tk._("The answer moved on."),
    )
    return _back_to(answer)


@information_requests.route("/information-requests/answers/<id>/files/<attachment>/delete", methods=["POST"])
def delete_attachment(id: str, attachment: str):
    answer = web.run("simore_answer_show", {"id": id})
    refused = web.refused("simore_answer_attachment_delete", {"id": id})
    if refused is not None:
        return refused
    web.submit("simore_answer_attachment_delete", {"id": id, "attachment": attachment}, tk._("The file was removed."))
    return _back_to(answer)


@information_requests.route("/information-requests/answers/<id>/files/<attachment>")
def download(id: str, attachment: str):
    """A file of an answer the reader may see, always as an attachment
    that no browser runs."""
    answer = web.run("simore_answer_show", {"id": id})
    return actions.ANSWER_FILES.download(id, next((a for a in answer["attachments"] if a["id"] == attachment), None))
