"""The pure assembly of a draft: scope, structure per mechanism, one
paragraph per recommendation citing what it answers, numbering, word
counts and limits, diffs (no CKAN, no database)."""

from __future__ import annotations

import pytest

from ckanext.simore.drafts import assembly, texts
from ckanext.simore.drafts.assembly import Action, Recommendation, Sources

WORDING = assembly.Wording(
    introduction="This report answers {count} recommendations.",
    cluster="{theme}",
    other_themes="Other recommendations",
    article="Article {article}",
    paragraph="Paragraph {paragraph} ({symbol})",
    recommendation="Recommendation: {title}.",
    measures="Measures taken: {measures}.",
    measure="{title} ({institution}; {progress})",
    no_measure="No measure has been published for it yet.",
    answers="Information provided: {answers}",
    indicators="Indicators: {indicators}.",
    citation="({symbol}, para. {paragraph})",
    citation_without_paragraph="({symbol})",
    issue="Reply to paragraph {label} of the list of issues",
    no_answer="No approved answer yet.",
)


def _rec(name, paragraph, themes=(), **fields):
    return Recommendation(
        id="id-" + name,
        name=name,
        title="Adopt a law on " + name,
        symbol=fields.pop("symbol", "A/HRC/48/9"),
        paragraph=paragraph,
        themes=tuple(themes),
        **fields,
    )


def test_upr_is_laid_out_by_thematic_cluster_with_a_cited_paragraph_per_recommendation():
    sources = Sources(
        recommendations=(
            _rec("b", "118.10", ["Women"], institutions=("salud",)),
            _rec("a", "118.2", ["Women"], institutions=("justicia",)),
            _rec("c", "118.3", ["Children"]),
            _rec("d", "118.4"),
        ),
        actions=(Action("Equality plan", "Ministry of Health", ("b", "a"), "In progress"),),
        answers={"id-a": ("The bill was tabled.",)},
        indicators={"id-a": ("Women in parliament: 17% (2020) → 23% (2024)",)},
    )
    sections = assembly.assemble(sources, assembly.BY_CLUSTER, WORDING, "Introduction")
    assert [s.heading for s in sections] == ["Introduction", "Children", "Women", "Other recommendations"]
    assert sections[0].paragraphs == ("This report answers 4 recommendations.",)
    women = sections[2]
    # natural order of paragraph numbers: 118.2 before 118.10
    assert women.recommendations == ("a", "b")
    assert women.institutions == ("justicia", "salud")
    assert women.paragraphs[0] == (
        "Recommendation: Adopt a law on a. Measures taken: Equality plan (Ministry of Health; In progress). "
        "Information provided: The bill was tabled. Indicators: Women in parliament: 17% (2020) → 23% (2024). "
        "(A/HRC/48/9, para. 118.2)"
    )
    assert sections[1].paragraphs[0].endswith("No measure has been published for it yet. (A/HRC/48/9, para. 118.3)")


def test_follow_up_and_list_of_issues_go_per_recommendation_by_paragraph():
    sources = Sources(
        recommendations=(_rec("x", "40", symbol="CEDAW/C/PRY/CO/8"), _rec("y", "12", symbol="CEDAW/C/PRY/CO/8"))
    )
    for structure in (assembly.PER_RECOMMENDATION, assembly.BY_PARAGRAPH):
        sections = assembly.assemble(sources, structure, WORDING, "Introduction")
        assert [s.heading for s in sections[1:]] == [
            "Paragraph 12 (CEDAW/C/PRY/CO/8)",
            "Paragraph 40 (CEDAW/C/PRY/CO/8)",
        ]
        assert sections[1].paragraphs[0].endswith("(CEDAW/C/PRY/CO/8, para. 12)")


def test_articles_when_recorded_else_thematic_clusters():
    with_articles = Sources(recommendations=(_rec("a", "1", article="10"), _rec("b", "2", article="2"), _rec("c", "3")))
    headings = [s.heading for s in assembly.assemble(with_articles, assembly.BY_ARTICLE, WORDING, "I")]
    assert headings == ["I", "Article 2", "Article 10", "Other recommendations"]
    without = Sources(recommendations=(_rec("a", "1", ["Health"]),))
    assert [s.heading for s in assembly.assemble(without, assembly.BY_ARTICLE, WORDING, "I")] == ["I", "Health"]


def test_the_structure_each_mechanism_expects():
    assert assembly.structure_for("upr_national_report", "upr") == assembly.BY_CLUSTER
    assert assembly.structure_for("periodic_report", "treaty_body") == assembly.BY_ARTICLE
    assert assembly.structure_for("list_of_issues_reply", "treaty_body") == assembly.BY_PARAGRAPH
    assert assembly.structure_for("follow_up_report", "treaty_body") == assembly.PER_RECOMMENDATION
    with pytest.raises(ValueError):
        assembly.assemble(Sources(()), "bogus", WORDING, "I")


def test_the_latest_review_when_the_data_tells():
    recs = [_rec("a", "1", review="3"), _rec("b", "2", review="4"), _rec("c", "3")]
    assert [r.name for r in assembly.latest_review(recs)] == ["b"]
    assert len(assembly.latest_review([_rec("a", "1"), _rec("b", "2")])) == 2


def test_a_citation_without_paragraph_or_symbol():
    rec = Recommendation(id="1", name="rec-1", title="T")
    assert assembly.citation(rec, WORDING) == "(rec-1)"


def test_paragraphs_are_numbered_consecutively_across_sections():
    numbered = assembly.numbered([("A", "one\n\ntwo"), ("B", "three\nstill three\n\n\nfour")])
    assert numbered == [("A", [(1, "one"), (2, "two")]), ("B", [(3, "three still three"), (4, "four")])]


def test_word_count_and_limits():
    assert texts.word_count(["The State's follow-up report (CEDAW/C/PRY/CO/8, para. 12)."]) == 11
    limits = texts.parse_word_limits(
        {"kinds": {"periodic_report": 21200}, "mechanisms": {"cedaw": {"periodic_report": 100}}}
    )
    assert texts.word_limit(limits, "CCPR", "periodic_report") == 21200
    assert texts.word_limit(limits, "CEDAW", "periodic_report") == 100
    assert texts.word_limit(limits, "CEDAW", "questionnaire_reply") is None
    assert texts.over_limit(101, 100) and not texts.over_limit(100, 100) and not texts.over_limit(5, None)
    with pytest.raises(ValueError):
        texts.parse_word_limits({"kinds": {"periodic_report": "many"}})


def test_the_shipped_word_limits():
    limits = texts.shipped_word_limits()
    assert texts.word_limit(limits, "UPR", "upr_national_report") == 10700
    assert texts.word_limit(limits, "CCPR", "periodic_report") == 21200


def test_the_diff_between_two_versions():
    lines = texts.diff("Heading\n\nOld text.", "Heading\n\nNew text.", "v1", "v2")
    assert {"kind": "removed", "text": "-Old text."} in lines
    assert {"kind": "added", "text": "+New text."} in lines
    assert lines[0]["kind"] == "hunk"


def test_a_quoted_title_ends_in_one_full_stop():
    """UPR texts end in ";" (they were items of a list); a shortened text
    ends in an ellipsis, with no full stop after it."""
    listed = Recommendation(id="1", name="l", title="Adopt a law (Argentina);", symbol="A/HRC/61/11", paragraph="1")
    shortened = Recommendation(
        id="2", name="s", title="Reduce overcrowding in the…", symbol="A/HRC/61/11", paragraph="2"
    )
    sources = Sources(recommendations=(listed, shortened))
    first, second = (assembly.paragraph_for(r, sources, WORDING) for r in (listed, shortened))
    assert first.startswith("Recommendation: Adopt a law (Argentina). No measure")
    assert second.startswith("Recommendation: Reduce overcrowding in the… No measure")


def test_a_reply_to_a_list_of_issues_goes_by_its_paragraphs_then_the_other_recommendations():
    """Each paragraph of the list: its approved answers, then the
    recommendations it is about, each cited once; a paragraph without an
    approved answer says so; the recommendations no paragraph is about
    follow, one section each."""
    x, y, z = (
        _rec(name, paragraph, symbol="CAT/C/PRY/CO/7") for name, paragraph in (("x", "19"), ("y", "33"), ("z", "40"))
    )
    sources = Sources(
        recommendations=(x, y, z),
        answers={"id-x": ("An answer about x alone.",)},
        issues=(
            assembly.Issue("12", "Health in prisons?", ("Ministry of Health: 40 doctors hired.",), ("id-y", "id-x")),
            assembly.Issue("", "Training?", (), ("id-x", "id-unknown")),
        ),
    )
    sections = assembly.assemble(sources, assembly.BY_PARAGRAPH, WORDING, "Introduction")
    assert [s.heading for s in sections] == [
        "Introduction",
        "Reply to paragraph 12 of the list of issues",
        "Reply to paragraph 2 of the list of issues",
        "Paragraph 40 (CAT/C/PRY/CO/7)",
    ]
    health = sections[1]
    assert health.paragraphs[0] == "Ministry of Health: 40 doctors hired."
    assert health.recommendations == ("y", "x")
    assert health.paragraphs[1].endswith("(CAT/C/PRY/CO/7, para. 33)")
    assert "An answer about x alone." in health.paragraphs[2]  # another request's answer stays beside x
    assert sections[2].paragraphs == ("No approved answer yet.",) and sections[2].recommendations == ()
    assert sections[3].recommendations == ("z",)
    # without paragraphs of a list, by recommendation as before
    plain = assembly.assemble(Sources(recommendations=(x, y, z)), assembly.BY_PARAGRAPH, WORDING, "Introduction")
    assert [s.recommendations for s in plain[1:]] == [("x",), ("y",), ("z",)]
