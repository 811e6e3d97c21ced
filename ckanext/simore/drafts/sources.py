"""What a draft is assembled from, read from the database as plain data
(``assembly.Sources``): the recommendations in scope of the obligation and
the published actions that answer them, in the draft's language.

Scope: the recommendations the obligation covers when it names them (a
follow-up selection), else the mechanism's, of its latest review when the
data tells (UPR cycle, else the document's publication date). Only public,
active records: what a draft cites ends up public once submitted.

The approved answers to information requests and the indicators' approved
series join in ``answers`` and ``indicators`` below.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.simore import config, multilingual
from ckanext.simore.db import extras
from ckanext.simore.drafts import assembly
from ckanext.simore.indicators import series as indicator_series
from ckanext.simore.indicators import values as indicator_values
from ckanext.simore.information_requests import answers as information_answers
from ckanext.simore.reporting import obligations
from ckanext.simore.vocabularies import terms as vocabulary
from ckanext.simore.workflow import machine as workflow

# longest recommendation text cited in a paragraph (its derived title's length)
TITLE_CHARS = 180


def _listed(value: Any) -> list[str]:
    """A stored multiple value (a JSON list, or one text) as a list."""
    if not value:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        found = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    return [str(v) for v in found] if isinstance(found, list) else [str(found)]


def _in_language(value: Any, language: str) -> str:
    try:
        texts = multilingual.parse(value) if value else {}
    except multilingual.MultilingualError:
        return str(value)
    return multilingual.pick(texts, [language, *config.languages()])


def _shortened(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _label(vocabulary_name: str, code: str, language: str) -> str:
    try:
        term = vocabulary.get(vocabulary_name).by_code.get(code)
    except KeyError:
        return code
    return term.label_in(language, config.languages()) if term else code


def _institution_ids(names: list[str]) -> tuple[str, ...]:
    groups = [model.Group.get(name) for name in names]
    return tuple(sorted({group.id for group in groups if group is not None}))


def _institution_title(owner_org: str | None, language: str) -> str:
    group = model.Group.get(owner_org) if owner_org else None
    if group is None:
        return ""
    translated = group.extras.get("title_translated")
    return (_in_language(translated, language) if translated else "") or group.title or group.name


def _public_packages(ids: list[str]) -> list[model.Package]:
    if not ids:
        return []
    return (
        model.Session.query(model.Package)
        .filter(model.Package.id.in_(ids), model.Package.state == "active", model.Package.private.is_(False))
        .all()
    )


def scope_ids(obligation_id: str, mechanism_name: str) -> tuple[list[str], bool]:
    """The ids of the recommendations in scope, and whether they are the
    obligation's own selection (else: all of the mechanism's)."""
    covered = obligations.covered
    selected = [
        row.recommendation_id
        for row in model.Session.execute(
            sa.select(covered.c.recommendation_id).where(covered.c.obligation_id == obligation_id)
        )
    ]
    if selected:
        return selected, True
    join, mechanism = extras.value_sql("mechanism")
    rows = model.Session.execute(
        sa.text(
            f"SELECT p.id FROM package p {join} WHERE p.type = 'recommendation' AND p.state = 'active' "
            f"AND NOT p.private AND {mechanism} = :mechanism"
        ),
        {"mechanism": mechanism_name},
    )
    return [row.id for row in rows], False


def recommendations(ids: list[str], language: str, is_upr: bool) -> list[assembly.Recommendation]:
    found = []
    for package in _public_packages(ids):
        stored = package.extras
        review = stored.get("upr_cycle") if is_upr else stored.get("publication_date")
        found.append(
            assembly.Recommendation(
                id=package.id,
                name=package.name,
                title=_shortened(_in_language(stored.get("text_translated"), language) or package.title or ""),
                symbol=stored.get("document_symbol") or "",
                paragraph=stored.get("paragraph") or "",
                themes=tuple(_label("themes", code, language) for code in _listed(stored.get("themes"))),
                # the schema records no treaty article yet: articles fall back to clusters
                article=stored.get("treaty_article") or "",
                review=str(review or ""),
                institutions=_institution_ids(_listed(stored.get("institutions"))),
            )
        )
    return found


def published_actions(names: list[str], language: str) -> list[assembly.Action]:
    """The published actions that answer any of the recommendations
    ``names``, oldest first."""
    if not names:
        return []
    join, referred = extras.value_sql("recommendations")
    rows = model.Session.execute(
        sa.text(f"""
        SELECT DISTINCT p.id FROM package p {join}
        CROSS JOIN LATERAL jsonb_array_elements_text(CAST({referred} AS jsonb)) AS r(name)
        WHERE p.type = 'action' AND p.state = 'active' AND NOT p.private
          AND r.name = ANY(CAST(:names AS text[]))
        """),
        {"names": names},
    )
    packages = _public_packages([row.id for row in rows])
    packages.sort(key=lambda package: (package.metadata_created, package.name))
    return [
        assembly.Action(
            title=_in_language(package.extras.get("title_translated"), language) or package.title or package.name,
            institution=_institution_title(package.owner_org, language),
            recommendations=tuple(_listed(package.extras.get("recommendations"))),
            progress=_label("action_progress", package.extras.get("progress") or "", language),
        )
        for package in packages
        if package.extras.get("workflow_state") == workflow.PUBLISHED
    ]


def _answered_by(answer: dict[str, Any], language: str) -> str:
    """An approved answer in one line: "institution: text"."""
    organization = answer["organization"] or {}
    return "{}: {}".format(
        _institution_title(organization.get("id"), language) or organization.get("title", ""),
        " ".join(answer["text"].split()),
    )


def answers(
    recommendation_ids: list[str], language: str, leaving_out: frozenset[str] = frozenset()
) -> dict[str, tuple[str, ...]]:
    """The approved answers to information requests, by the recommendation
    their question is linked to: each "institution: text (request,
    question)"; those of the requests ``leaving_out`` (ids) left out."""
    wanted = set(recommendation_ids)
    found: dict[str, list[str]] = {}
    for answer in information_answers.approved_answers(recommendation_ids=list(recommendation_ids)):
        if answer["request"]["id"] in leaving_out:
            continue
        line = "{} ({}, {})".format(
            _answered_by(answer, language), answer["request"]["title"], answer["question_label"]
        )
        for recommendation in answer["recommendations"]:
            if recommendation["id"] in wanted:
                found.setdefault(recommendation["id"], []).append(line)
    return {key: tuple(lines) for key, lines in found.items()}


def _figure(value: float) -> str:
    return ("{:.2f}".format(value)).rstrip("0").rstrip(".")


def indicators(
    recommendation_ids: list[str], language: str, no_yes: tuple[str, str] = ("no", "yes")
) -> dict[str, tuple[str, ...]]:
    """The indicators measuring each recommendation, each worded in one
    line: its title in the draft's language and its approved totals by
    period ("Title: 2023: 81.5; 2024: 84"); a yes/no indicator's values
    are ``no_yes``'s words."""
    found: dict[str, list[str]] = {}
    for indicator in indicator_series.series(list(recommendation_ids)):
        points = indicator_series.totals(indicator["values"])
        if not points:
            continue
        title = multilingual.pick(indicator["title"], [language, *config.languages()])
        yes_no = indicator_values.is_yes_no(indicator["unit"])
        line = "{}: {}".format(
            title,
            "; ".join("{}: {}".format(p.period, no_yes[bool(p.value)] if yes_no else _figure(p.value)) for p in points),
        )
        for recommendation_id in indicator["measures"]:
            found.setdefault(recommendation_id, []).append(line)
    return {key: tuple(lines) for key, lines in found.items()}


def issues(obligation_id: str, language: str) -> tuple[list[assembly.Issue], frozenset[str]]:
    """The paragraphs of the Lists of Issues feeding the obligation, with
    their approved answers; and the ids of their requests."""
    found = information_answers.lists_of_issues(obligation_id)
    return (
        [
            assembly.Issue(
                label=entry["label"],
                text=entry["text"],
                answers=tuple(_answered_by(answer, language) for answer in entry["answers"]),
                recommendation_ids=tuple(entry["recommendation_ids"]),
            )
            for entry in found
        ],
        frozenset(entry["request_id"] for entry in found),
    )


def gather(
    obligation_id: str,
    mechanism_name: str,
    family: str,
    language: str,
    no_yes: tuple[str, str] = ("no", "yes"),
    with_issues: bool = False,
) -> assembly.Sources:
    """Everything a draft of the obligation is assembled from (``no_yes``:
    the draft's words for a yes/no indicator's values); ``with_issues``:
    the paragraphs of its Lists of Issues, whose answers then stand there
    rather than beside each recommendation."""
    ids, selected = scope_ids(obligation_id, mechanism_name)
    is_upr = family == "upr"
    found = recommendations(ids, language, is_upr)
    if not selected:
        found = assembly.latest_review(found)
    in_scope = [r.id for r in found]
    paragraphs, requests = issues(obligation_id, language) if with_issues else ([], frozenset())
    return assembly.Sources(
        recommendations=tuple(found),
        actions=tuple(published_actions([r.name for r in found], language)),
        answers=answers(in_scope, language, leaving_out=requests),
        indicators=indicators(in_scope, language, no_yes),
        issues=tuple(paragraphs),
    )
