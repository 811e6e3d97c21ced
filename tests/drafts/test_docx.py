"""The draft as a Word document: the title page line, headings, paragraphs
numbered consecutively across sections, the citations; in the draft's
language."""

from __future__ import annotations

import io

import docx
from ckan.tests import helpers
from drafts.conftest import COORDINATOR

from ckanext.simore.drafts import document


def test_the_docx_has_headings_numbered_paragraphs_and_citations():
    data = document.docx_bytes(
        "Follow-up report — CEDAW",
        "CEDAW — CEDAW/C/PRY/FCO/8",
        "en",
        [("Introduction", "One.\n\nTwo."), ("Paragraph 12 (CEDAW/C/PRY/CO/8)", "Three (CEDAW/C/PRY/CO/8, para. 12)")],
    )
    opened = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in opened.paragraphs]
    assert paragraphs == [
        ("Normal", "CEDAW — CEDAW/C/PRY/FCO/8"),
        ("Heading 1", "Follow-up report — CEDAW"),
        ("Heading 2", "Introduction"),
        ("Normal", "1.\tOne."),
        ("Normal", "2.\tTwo."),
        ("Heading 2", "Paragraph 12 (CEDAW/C/PRY/CO/8)"),
        ("Normal", "3.\tThree (CEDAW/C/PRY/CO/8, para. 12)"),
    ]
    assert opened.core_properties.language == "en"


def test_a_draft_downloads_in_its_language(app, reports):
    made = helpers.call_action(
        "simore_draft_create", context=dict(COORDINATOR), obligation=reports["follow_up"]["id"], language="es"
    )
    # labels in the draft's language, whatever the interface's
    assert made["title"] == "Informe de seguimiento — CEDAW"
    from ckan.tests import factories

    headers = {"Authorization": factories.APIToken(user="coordinadora")["token"]}
    opened = docx.Document(io.BytesIO(app.get("/drafts/{}/report.docx".format(made["id"]), headers=headers).data))
    texts = [p.text for p in opened.paragraphs]
    assert texts[0] == "CEDAW" and texts[1] == made["title"]
    assert any(
        "Adoptar una ley de igualdad." in text
        and text.endswith(("(CEDAW/C/PRY/CO/8, para. 12)", "(CEDAW/C/PRY/CO/8, párr. 12)"))
        for text in texts
    )
    assert any(text.startswith("3.\t") for text in texts)
