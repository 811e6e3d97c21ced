"""A consultation's record: who took part, what was said on each section
and how the coordinating body considered it, as rows (the CSV) and as
paragraphs (the report's DOCX).

Pure logic: nothing here imports CKAN; the texts come translated."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CSV_HEADER = ("section", "organization", "author", "comment", "response", "why", "published", "responded")


def csv_rows(consultation: dict[str, Any]) -> list[list[str]]:
    """One row per published comment, by section."""
    rows: list[list[str]] = [list(CSV_HEADER)]
    for section in consultation["sections"]:
        for comment in section["comments"]:
            if comment["state"] != "published":
                continue
            rows.append(
                [
                    section["heading"],
                    (comment["organization"] or {}).get("title", ""),
                    comment["author"] or "",
                    comment["body"],
                    comment.get("response") or "",
                    comment.get("response_text") or "",
                    comment["published"] or "",
                    comment.get("responded") or "",
                ]
            )
    return rows


def paragraphs(consultation: dict[str, Any], gettext: Callable[[str], str], responses: dict[str, str]) -> str:
    """The record as the text of one section of the report, a paragraph a
    line: the organizations that took part, then each comment with its
    response."""
    lines = [
        gettext("Civil society was consulted on this draft from {opens} to {closes}.").format(
            opens=consultation["opens"], closes=consultation["closes"]
        ),
        gettext("Organizations that took part: {names}.").format(names=", ".join(consultation["participants"]) or "—"),
    ]
    for section in consultation["sections"]:
        for comment in section["comments"]:
            if comment["state"] != "published":
                continue
            response = responses.get(comment.get("response") or "", "")
            why = comment.get("response_text") or ""
            lines.append(
                "{section} — {organization}: {comment} {considered}".format(
                    section=section["heading"],
                    organization=(comment["organization"] or {}).get("title", ""),
                    comment=" ".join(comment["body"].split()),
                    considered="[{}{}]".format(gettext(response), ": " + " ".join(why.split()) if why else ""),
                )
            )
    return "\n\n".join(lines)
