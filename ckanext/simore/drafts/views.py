"""Pages of the report drafts: the list, a draft's page (sections with
numbered paragraphs, the word count against the limit, comments,
downloads, annexes), a section's edit form and its versions with their
diff, and the coordinators' forms (draft a report from the calendar,
annex a file, submit, delete). Every page calls the matching API
action."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, make_response

from ckanext.simore import web
from ckanext.simore.drafts import actions, document
from ckanext.simore.multilingual import N_
from ckanext.simore.participation import consultations, record

__all__ = ["drafts"]

drafts = Blueprint("simore_drafts", __name__)

# the forms' fields, naming them in what a refused form is told
LABELS = {
    "obligation": N_("Report owed"),
    "title": N_("Title"),
    "language": N_("Language"),
    "heading": N_("Heading"),
    "body": N_("Text"),
    "version": N_("Version"),
    "state": N_("State"),
    "text": N_("Comment"),
    "submitted_on": N_("Submission date"),
    "document_symbol": N_("Document symbol"),
    "from": N_("From version"),
    "to": N_("To version"),
    "upload": N_("File"),
}


@drafts.route("/drafts")
def index():
    found = web.run("simore_draft_list", {"limit": actions.MAX_LISTED})
    return tk.render("simore/drafts/index.html", {"found": found})


@drafts.route("/drafts/new", methods=["POST"])
def new():
    refused = web.refused("simore_draft_create")
    if refused is not None:
        return refused
    form = web.form()
    created, error = web.call("simore_draft_create", form, LABELS)
    if created:
        tk.h.flash_success(tk._("The draft was assembled."))
        return tk.redirect_to("simore_drafts.read", id=created["id"])
    tk.h.flash_error(error)
    if form.get("obligation"):
        return tk.redirect_to("simore_calendar.read", id=form["obligation"])
    return tk.redirect_to("simore_calendar.index")


@drafts.route("/drafts/<id>")
def read(id: str):
    return tk.render("simore/drafts/read.html", {"draft": web.run("simore_draft_show", {"id": id})})


@drafts.route("/drafts/<id>/report.<fmt>")
def download(id: str, fmt: str):
    draft = web.run("simore_draft_show", {"id": id})
    if fmt not in draft["formats"]:
        return tk.abort(404, tk._("This draft cannot be downloaded in that format here."))
    title_line = " — ".join(
        part for part in (draft["obligation"]["mechanism_code"], draft["obligation"]["document_symbol"]) if part
    )
    translations = actions.catalogue(draft["language"])
    sections = [(section["heading"], section["body"]) for section in draft["sections"]]
    data = document.docx_bytes(
        draft["title"],
        title_line,
        draft["language"],
        sections + _consultation_records(id, translations),
        annexes=[annex["title"] for annex in draft["annexes"] or []],
        annexes_heading=translations.gettext("Annexes"),
    )
    media_type = document.DOCX_TYPE
    if fmt != "docx":
        data, media_type = document.converted(data, fmt), document.CONVERTED[fmt]
    response = make_response(data)
    response.headers["Content-Type"] = media_type
    response.headers["Content-Disposition"] = 'attachment; filename="report-{}.{}"'.format(id, fmt)
    return response


def _consultation_records(draft_id: str, translations: Any) -> list[tuple[str, str]]:
    """The published records of the draft's consultations of civil
    society, a section each, in the draft's language."""
    responses = dict(consultations.RESPONSES)
    return [
        (
            translations.gettext("Consultation of civil society"),
            record.paragraphs(
                web.run("simore_consultation_show", {"id": entry["id"]}), translations.gettext, responses
            ),
        )
        for entry in web.run("simore_consultation_list", {"draft": draft_id})["consultations"]
        if entry["state"] == consultations.PUBLISHED
    ]


@drafts.route("/drafts/section/<id>/edit", methods=["GET", "POST"])
def edit_section(id: str):
    refused = web.refused("simore_draft_section_update")
    if refused is not None:
        return refused
    versions = web.run("simore_draft_section_versions", {"id": id})
    latest = versions["versions"][0]
    error, data = None, {"heading": latest["heading"], "body": latest["body"], "version": latest["version"]}
    if tk.request.method == "POST":
        data = dict(web.form(), id=id)
        updated, error = web.call("simore_draft_section_update", data, LABELS)
        if updated:
            tk.h.flash_success(tk._("The section was saved (version {version}).").format(version=updated["version"]))
            return tk.redirect_to("simore_drafts.read", id=updated["draft_id"], _anchor="section-" + id)
    return tk.render("simore/drafts/section_form.html", {"section": versions, "data": data, "error": error})


@drafts.route("/drafts/section/<id>/versions")
def versions(id: str):
    refused = web.refused("simore_draft_section_versions")
    if refused is not None:
        return refused
    found = web.run("simore_draft_section_versions", {"id": id})
    diff = None
    if len(found["versions"]) > 1 or tk.request.args.get("to"):
        params = {key: tk.request.args[key] for key in ("from", "to") if tk.request.args.get(key)}
        diff = web.run("simore_draft_section_diff", dict(params, id=id))
    return tk.render("simore/drafts/versions.html", {"section": found, "diff": diff})


@drafts.route("/drafts/section/<id>/comment", methods=["POST"])
def comment(id: str):
    refused = web.refused("simore_draft_comment_create")
    if refused is not None:
        return refused
    added = web.submit("simore_draft_comment_create", dict(web.form(), id=id), tk._("Your comment was added."))
    draft_id = added["draft_id"] if added else tk.request.form.get("draft_id", "")
    if not draft_id:
        return tk.abort(404, tk._("Not found"))
    return tk.redirect_to("simore_drafts.read", id=draft_id, _anchor="section-" + id)


@drafts.route("/drafts/<id>/update", methods=["POST"])
def update(id: str):
    form = dict(web.form(), id=id)
    return web.button("simore_draft_update", form, tk._("The draft was updated."), "simore_drafts.read", id=id)


@drafts.route("/drafts/<id>/submit", methods=["POST"])
def submit(id: str):
    form = dict(web.form(), id=id)
    return web.button(
        "simore_draft_submit", form, tk._("The report was submitted and published."), "simore_drafts.read", id=id
    )


@drafts.route("/drafts/<id>/delete", methods=["POST"])
def delete(id: str):
    return web.delete(
        "simore_draft_delete", id, tk._("The draft was deleted."), "simore_drafts.index", "simore_drafts.read", id=id
    )


@drafts.route("/drafts/<id>/annexes", methods=["POST"])
def add_annex(id: str):
    refused = web.refused("simore_draft_annex_add")
    if refused is not None:
        return refused
    data = {"id": id, "title": web.form().get("title", ""), "upload": tk.request.files.get("upload")}
    added, error = web.call("simore_draft_annex_add", data, LABELS)
    if added:
        tk.h.flash_success(tk._("The annex was added."))
    else:
        tk.h.flash_error(error)
    return tk.redirect_to("simore_drafts.read", id=id, _anchor="annexes")


@drafts.route("/drafts/<id>/annexes/<annex>/delete", methods=["POST"])
def delete_annex(id: str, annex: str):
    removed = tk._("The annex was removed.")
    return web.button(
        "simore_draft_annex_delete", {"id": id, "annex": annex}, removed, "simore_drafts.read", id=id, _anchor="annexes"
    )


@drafts.route("/drafts/<id>/annexes/<annex>")
def download_annex(id: str, annex: str):
    """An annex of a draft the reader may see (the coordinators', or the
    published report's), always as an attachment that no browser runs."""
    draft = web.run("simore_draft_show", {"id": id})
    return actions.ANNEX_FILES.download(id, next((a for a in draft["annexes"] or [] if a["id"] == annex), None))
