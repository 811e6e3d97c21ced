"""Query strings into the query model, with Lucene's own boolean rules.
Pure: no CKAN application or database needed."""

import pytest

from ckanext.simore.search import lucene
from ckanext.simore.search.lucene import (
    MUST,
    MUST_NOT,
    SHOULD,
    Bool,
    DisMax,
    Exists,
    MatchAll,
    QueryError,
    QuerySyntaxError,
    Range,
    Term,
    Wildcard,
)


def occurs(query):
    return [(occur, getattr(sub, "value", type(sub).__name__)) for occur, sub in query.clauses]


class TestBooleanRules:
    def test_default_operator_or_makes_plain_terms_optional(self):
        assert occurs(lucene.parse_standard("a b")) == [(SHOULD, "a"), (SHOULD, "b")]

    def test_default_operator_and_makes_plain_terms_required(self):
        assert occurs(lucene.parse_standard("a b", default_operator="AND")) == [(MUST, "a"), (MUST, "b")]

    def test_plus_minus_and_not(self):
        query = lucene.parse_standard("+a -b NOT c d")
        assert occurs(query) == [(MUST, "a"), (MUST_NOT, "b"), (MUST_NOT, "c"), (SHOULD, "d")]

    def test_and_binds_neighbours_left_to_right_as_lucene_does(self):
        # classic QueryParser: "a AND b OR c" is +a +b c (not (a AND b) OR c)
        assert occurs(lucene.parse_standard("a AND b OR c")) == [(MUST, "a"), (MUST, "b"), (SHOULD, "c")]

    def test_or_under_default_and_makes_both_neighbours_optional(self):
        query = lucene.parse_standard("a OR b c", default_operator="AND")
        assert occurs(query) == [(SHOULD, "a"), (SHOULD, "b"), (MUST, "c")]

    def test_c_style_operators(self):
        assert occurs(lucene.parse_standard("a && b")) == [(MUST, "a"), (MUST, "b")]
        assert occurs(lucene.parse_standard("a || b", default_operator="AND")) == [(SHOULD, "a"), (SHOULD, "b")]
        assert occurs(lucene.parse_standard("a !b")) == [(SHOULD, "a"), (MUST_NOT, "b")]

    def test_groups_nest(self):
        query = lucene.parse_standard("+state:(active OR draft) -(tags:x tags:y)")
        (first_occur, first), (second_occur, second) = query.clauses
        assert first_occur == MUST and occurs(first) == [(SHOULD, "active"), (SHOULD, "draft")]
        assert {sub.field for _, sub in first.clauses} == {"state"}
        assert second_occur == MUST_NOT and occurs(second) == [(SHOULD, "x"), (SHOULD, "y")]

    def test_a_lone_negative_clause_stays_a_boolean_query(self):
        query = lucene.parse_standard("-tags:x")
        assert isinstance(query, Bool) and occurs(query) == [(MUST_NOT, "x")]


class TestTerms:
    def test_fields_phrases_and_default_field(self):
        query = lucene.parse_standard('extras_status:"in progress" water', default_field="text")
        assert query.clauses[0][1] == Term("extras_status", "in progress", phrase=True)
        assert query.clauses[1][1] == Term("text", "water")

    def test_match_all(self):
        assert lucene.parse_standard("*:*") == MatchAll()

    def test_existence_and_wildcards(self):
        assert lucene.parse_standard("res_format:*") == Exists("res_format")
        assert lucene.parse_standard("name:agua*") == Wildcard("name", "agua*")

    def test_escaped_characters_are_literal(self):
        assert lucene.parse_standard(r"url:http\://a.b/c") == Term("url", "http://a.b/c")

    def test_ranges_open_and_closed(self):
        assert lucene.parse_standard("metadata_modified:[NOW-1YEAR TO *]") == Range(
            "metadata_modified", "NOW-1YEAR", None
        )
        assert lucene.parse_standard("views_total:{1 TO 5]") == Range("views_total", "1", "5", False, True)
        assert lucene.parse_standard("views_total:>=5") == Range("views_total", "5", None, True, True)

    def test_boost(self):
        assert lucene.parse_standard("title:water^2").boost == 2.0

    def test_unsupported_syntax_is_refused(self):
        for text in ['"a b"~3', "a~2", "/wat.r/", "{!func}x", "a AND"]:
            with pytest.raises(QueryError):
                lucene.parse_standard(text)


DISMAX = lucene.DismaxOptions(
    fields=lucene.parse_boost_fields("name^4 title^4 tags^2 groups^2 text"), min_match="2<-1 5<80%", tie=0.1
)


class TestDismax:
    def test_terms_search_every_qf_field(self):
        query = lucene.parse_dismax("rivers", DISMAX)
        ((occur, term),) = query.clauses
        assert occur == MUST
        assert term == DisMax(
            "rivers", False, [("name", 4.0), ("title", 4.0), ("tags", 2.0), ("groups", 2.0), ("text", 1.0)], 0.1
        )

    def test_minimum_match_follows_mm(self):
        assert lucene.parse_dismax("a b", DISMAX).min_should == 2
        assert lucene.parse_dismax("a b c d", DISMAX).min_should == 3
        assert lucene.parse_dismax("a b c d e f g h i j", DISMAX).min_should == 8

    def test_special_characters_are_literal(self):
        query = lucene.parse_dismax("water (quality) title:x [a] *", DISMAX)
        values = [sub.value for _, sub in query.clauses]
        assert values == ["water", "(quality)", "title:x", "[a]"]  # "*" analyses to nothing

    def test_plus_minus_and_phrases_are_kept(self):
        query = lucene.parse_dismax('+water -dirty "clean lake"', DISMAX)
        assert [(occur, sub.value, sub.phrase) for occur, sub in query.clauses] == [
            (MUST, "water", False),
            (MUST_NOT, "dirty", False),
            (SHOULD, "clean lake", True),
        ]

    def test_unbalanced_quotes_and_illegal_operators_are_stripped_as_solr_does(self):
        assert [sub.value for _, sub in lucene.parse_dismax('"water', DISMAX).clauses] == ["water"]
        assert [sub.value for _, sub in lucene.parse_dismax("water -", DISMAX).clauses] == ["water"]
        assert [sub.value for _, sub in lucene.parse_dismax("water - -x", DISMAX).clauses] == ["water", "x"]

    def test_what_solr_cannot_parse_either_is_a_syntax_error(self):
        with pytest.raises(QuerySyntaxError):
            lucene.parse_dismax("--included", DISMAX)

    def test_edismax_searches_unfielded_terms_in_qf_and_keeps_fields(self):
        query = lucene.parse_standard("water tags:x", default_operator="AND", dismax=DISMAX)
        assert isinstance(query.clauses[0][1], DisMax)
        assert query.clauses[1][1] == Term("tags", "x")


@pytest.mark.parametrize(
    "optional, spec, expected",
    [(optional, "2<-1 5<80%", expected) for optional, expected in [(1, 1), (2, 2), (3, 2), (5, 4), (6, 4), (10, 8)]]
    + [(4, "100%", 4), (4, "0%", 0), (4, "-1", 3), (4, "75%", 3), (4, "-25%", 3), (3, "1", 1), (3, "5", 3)],
)
def test_min_should_match_as_solr_computes_it(optional, spec, expected):
    assert lucene.min_should_match(optional, spec) == expected


def test_invalid_mm_is_refused():
    with pytest.raises(QuerySyntaxError):
        lucene.min_should_match(3, "most")


class TestLocalParameters:
    @pytest.mark.parametrize(
        "text, params, rest",
        [
            ("{!bool must=test}", {"type": ["bool"], "must": ["test"]}, ""),
            (
                "{!bool must='test string with \"quotes\"'}solr",
                {"type": ["bool"], "must": ['test string with "quotes"']},
                "solr",
            ),
            (
                "{!type=lucene df=summary q.op=AND}solr rocks",
                {"type": ["lucene"], "df": ["summary"], "q.op": ["AND"]},
                "solr rocks",
            ),
            ("{!v='lies type= here' type=dismax}", {"v": ["lies type= here"], "type": ["dismax"]}, ""),
            ("{!bool must=a must=b}", {"type": ["bool"], "must": ["a", "b"]}, ""),
        ],
    )
    def test_split(self, text, params, rest):
        assert lucene.split_local_params(text) == (params, rest)

    def test_no_local_parameters(self):
        assert lucene.split_local_params("title:x") is None

    @pytest.mark.parametrize("text", ["{!bool must=x", "{!bool must='x}", "{!a b c}"])
    def test_malformed(self, text):
        with pytest.raises(QuerySyntaxError):
            lucene.split_local_params(text)
