"""Pure assembly of a report's draft: the recommendations in scope, with
the published actions, approved answers and indicator series that answer
them, laid out in the structure the mechanism expects, one paragraph per
recommendation citing what it answers ("(CEDAW/C/PRY/CO/8, para. 12)").

Everything comes in as plain data (``Sources``, gathered by ``sources.py``)
and every sentence's wording as ``Wording`` (translated by the caller into
the draft's language), so this module imports nothing from CKAN and is
tested without the app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# How a draft is laid out.
BY_CLUSTER = "clusters"  # UPR: thematic clusters of recommendations
BY_ARTICLE = "articles"  # treaty bodies: by article of the treaty
BY_PARAGRAPH = "paragraphs"  # reply to a List of Issues: by its paragraphs
PER_RECOMMENDATION = "recommendations"  # follow-up: each selected one
STRUCTURES = (BY_CLUSTER, BY_ARTICLE, BY_PARAGRAPH, PER_RECOMMENDATION)


@dataclass(frozen=True)
class Recommendation:
    id: str
    name: str
    title: str
    symbol: str = ""
    paragraph: str = ""
    themes: tuple[str, ...] = ()  # theme labels, in the draft's language
    article: str = ""  # the treaty's article, when the data records one
    review: str = ""  # what tells its review apart (UPR cycle, publication date)
    institutions: tuple[str, ...] = ()  # ids of the institutions assigned


@dataclass(frozen=True)
class Action:
    """A published action and the recommendations (names) it answers."""

    title: str
    institution: str
    recommendations: tuple[str, ...]
    progress: str = ""  # its progress, labelled in the draft's language


@dataclass(frozen=True)
class Issue:
    """A paragraph of a List of Issues that feeds the report (a question of
    an information request), its approved answers worded in one line each
    ("Institution: text"), and the recommendations it is about (ids)."""

    label: str
    text: str
    answers: tuple[str, ...] = ()
    recommendation_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sources:
    """What a draft is assembled from. ``answers`` (approved answers to
    information requests) and ``indicators`` (indicator series, already
    worded) are by recommendation id; empty until their features join
    (see ``sources.py``)."""

    recommendations: tuple[Recommendation, ...]
    actions: tuple[Action, ...] = ()
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    indicators: dict[str, tuple[str, ...]] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()  # the List of Issues' paragraphs, in order


@dataclass(frozen=True)
class Wording:
    """The sentences of a draft, in its language; each a format string."""

    introduction: str  # {count}: how many recommendations
    cluster: str  # {theme}
    other_themes: str
    article: str  # {article}
    paragraph: str  # {paragraph}, {symbol}
    recommendation: str  # {title}
    measures: str  # {measures}: the actions, joined
    measure: str  # {title}, {institution}, {progress}
    no_measure: str
    answers: str  # {answers}
    indicators: str  # {indicators}
    citation: str  # {symbol}, {paragraph}
    citation_without_paragraph: str  # {symbol}
    issue: str  # {label}: a paragraph of the List of Issues
    no_answer: str


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    recommendations: tuple[str, ...]  # names cited
    institutions: tuple[str, ...]  # ids concerned

    @property
    def body(self) -> str:
        return join_paragraphs(self.paragraphs)


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """A section's body: its paragraphs separated by blank lines."""
    return "\n\n".join(paragraph.strip() for paragraph in paragraphs if paragraph.strip())


def paragraphs_of(body: str) -> list[str]:
    """The paragraphs of a section's body (blank lines separate them)."""
    blocks, current = [], []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return blocks


def structure_for(kind: str, family: str) -> str:
    """The structure a mechanism expects for a kind of report: the UPR by
    thematic cluster, a reply to a List of Issues by its paragraphs, a
    follow-up (or compliance) report per recommendation, a treaty body's
    periodic report by article."""
    if kind in ("follow_up_report", "compliance_report"):
        return PER_RECOMMENDATION
    if kind == "list_of_issues_reply":
        return BY_PARAGRAPH
    if family == "upr" or kind.startswith("upr_"):
        return BY_CLUSTER
    if family == "treaty_body" and kind == "periodic_report":
        return BY_ARTICLE
    return BY_CLUSTER


def latest_review(recommendations: Iterable[Recommendation]) -> list[Recommendation]:
    """Those of the latest review when the data tells (``review``: the UPR
    cycle, else the document's publication date); all when none says."""
    recommendations = list(recommendations)
    reviews = [r.review for r in recommendations if r.review]
    if not reviews:
        return recommendations
    last = max(reviews, key=_sort_key)
    return [r for r in recommendations if r.review == last]


def _sort_key(value: str) -> tuple[Any, ...]:
    """Natural order: "118.2" before "118.10", "9" before "10"."""
    parts = []
    for part in value.replace("-", ".").split("."):
        parts.append((0, int(part), "") if part.strip().isdigit() else (1, 0, part))
    return tuple(parts)


def citation(recommendation: Recommendation, wording: Wording) -> str:
    symbol = recommendation.symbol or recommendation.name
    if recommendation.paragraph:
        return wording.citation.format(symbol=symbol, paragraph=recommendation.paragraph)
    return wording.citation_without_paragraph.format(symbol=symbol)


def _sentence(template: str, title: str) -> str:
    """The sentence quoting a title: no full stop after a shortened one's
    ellipsis."""
    sentence = template.format(title=title)
    return sentence[:-1] if title.endswith("…") and sentence.endswith("….") else sentence


def paragraph_for(recommendation: Recommendation, sources: Sources, wording: Wording) -> str:
    """One paragraph: the recommendation, the measures published for it,
    the answers and indicators, and the citation of what it answers."""
    actions = [action for action in sources.actions if recommendation.name in action.recommendations]
    measures = [
        wording.measure.format(title=action.title, institution=action.institution, progress=action.progress).strip()
        for action in actions
    ]
    sentences = [_sentence(wording.recommendation, recommendation.title.rstrip(".;,: "))]
    sentences.append(wording.measures.format(measures="; ".join(measures)) if measures else wording.no_measure)
    answers = sources.answers.get(recommendation.id)
    if answers:
        sentences.append(wording.answers.format(answers=" ".join(answers)))
    indicators = sources.indicators.get(recommendation.id)
    if indicators:
        sentences.append(wording.indicators.format(indicators="; ".join(indicators)))
    return "{} {}".format(" ".join(sentences), citation(recommendation, wording))


def _groups(recommendations: list[Recommendation], structure: str, wording: Wording) -> list[tuple[str, list]]:
    """(heading, recommendations) in the structure's order."""
    by_paragraph = sorted(recommendations, key=lambda r: (_sort_key(r.symbol), _sort_key(r.paragraph), r.name))
    if structure in (PER_RECOMMENDATION, BY_PARAGRAPH):
        template = wording.paragraph
        return [
            (template.format(paragraph=r.paragraph or r.name, symbol=r.symbol or r.name), [r]) for r in by_paragraph
        ]
    groups: dict[str, list[Recommendation]] = {}
    if structure == BY_ARTICLE and any(r.article for r in recommendations):
        by_article: dict[str, list[Recommendation]] = {}
        for r in by_paragraph:
            by_article.setdefault(r.article, []).append(r)
        # by article number, those without one last
        ordered = sorted(by_article.items(), key=lambda item: (not item[0], _sort_key(item[0])))
        return [
            (wording.article.format(article=article) if article else wording.other_themes, members)
            for article, members in ordered
        ]
    # thematic clusters: by each recommendation's first theme (articles
    # fall back here when the data records none)
    for r in by_paragraph:
        key = wording.cluster.format(theme=r.themes[0]) if r.themes else wording.other_themes
        groups.setdefault(key, []).append(r)
    return sorted(groups.items(), key=lambda item: (item[0] == wording.other_themes, item[0].casefold()))


def assemble(sources: Sources, structure: str, wording: Wording, introduction_heading: str) -> list[Section]:
    """The draft's sections: an introduction, then one per group of the
    structure, each paragraph citing its recommendation."""
    if structure not in STRUCTURES:
        raise ValueError("unknown structure {!r}".format(structure))
    recommendations = list(sources.recommendations)
    sections = [Section(introduction_heading, (wording.introduction.format(count=len(recommendations)),), (), ())]
    if structure == BY_PARAGRAPH and sources.issues:
        sections.extend(_issue_sections(sources, recommendations, wording))
        answered = {name for section in sections for name in section.recommendations}
        recommendations = [r for r in recommendations if r.name not in answered]
    for heading, members in _groups(recommendations, structure, wording):
        sections.append(_section(heading, (), members, sources, wording))
    return sections


def _section(
    heading: str, opening: tuple[str, ...], members: list[Recommendation], sources: Sources, wording: Wording
) -> Section:
    return Section(
        heading,
        opening + tuple(paragraph_for(r, sources, wording) for r in members),
        tuple(r.name for r in members),
        tuple(sorted({i for r in members for i in r.institutions})),
    )


def _issue_sections(sources: Sources, recommendations: list[Recommendation], wording: Wording) -> list[Section]:
    """A reply to a List of Issues: a section per paragraph of the list, its
    approved answers first, then the recommendations it is about (each
    cited once, under the first paragraph about it)."""
    by_id = {r.id: r for r in recommendations}
    cited: set[str] = set()
    sections = []
    for position, issue in enumerate(sources.issues, start=1):
        members = [by_id[i] for i in issue.recommendation_ids if i in by_id and i not in cited]
        cited.update(r.id for r in members)
        opening = issue.answers or (wording.no_answer,)
        sections.append(
            _section(wording.issue.format(label=issue.label or position), opening, members, sources, wording)
        )
    return sections


def numbered(sections: Iterable[tuple[str, str]]) -> list[tuple[str, list[tuple[int, str]]]]:
    """(heading, [(number, paragraph)]) with paragraphs numbered
    consecutively across the report, as UN documents are."""
    number, result = 0, []
    for heading, body in sections:
        entries = []
        for paragraph in paragraphs_of(body):
            number += 1
            entries.append((number, paragraph))
        result.append((heading, entries))
    return result
