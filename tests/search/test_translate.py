"""Solr parameters into SQL plans. Pure: no CKAN application or database."""

import pytest
from golden import NOW, inline, render

from ckanext.simore.search import translate
from ckanext.simore.search.lucene import QueryError, QuerySyntaxError, UnsupportedQueryError

PUBLIC_PAGE = {
    "q": "*:*",
    "fq": [
        "+dataset_type:recommendation +state:(active)",
        '+site_id:"default"',
        '+permission_labels:("public" OR "member-o1")',
    ],
    "facet": "true",
    "facet.field": ["themes", "mechanism"],
    "facet.limit": 50,
    "facet.mincount": 1,
    "rows": 21,
    "sort": "score desc, metadata_modified desc",
}


def plan(**params):
    return translate.plan_search(params, ["es", "en", "fr"], now=NOW)


class TestPartitions:
    def test_an_unfiltered_page_selects_whole_partitions(self):
        partition = plan(**PUBLIC_PAGE).partition
        assert partition.values == {"dataset_type": {"recommendation"}, "state": {"active"}, "site_id": {"default"}}
        assert partition.label_sets == [{"public", "member-o1"}]

    def test_state_alternatives_and_entity_type(self):
        partition = plan(q="*:*", fq=["+state:(active OR draft) +entity_type:package"]).partition
        assert partition.values == {"state": {"active", "draft"}}

    def test_one_value_of_a_pivot_field_selects_its_kept_counts(self):
        partition = plan(**dict(PUBLIC_PAGE, fq=PUBLIC_PAGE["fq"] + ['+institutions:"salud"'])).partition
        assert partition.pivot == "institutions=salud"
        assert partition.values == {"dataset_type": {"recommendation"}, "state": {"active"}, "site_id": {"default"}}
        assert partition.label_sets == [{"public", "member-o1"}]
        fq = ['+dataset_type:recommendation +mechanism:"upr" +mechanism:"upr"']  # the same value twice
        assert plan(q="*:*", fq=fq).partition.pivot == "mechanism=upr"
        assert plan(**PUBLIC_PAGE).partition.pivot is None

    @pytest.mark.parametrize(
        "change",
        [
            {"q": "water"},
            {"fq": PUBLIC_PAGE["fq"] + ['themes:"women"']},  # not a pivot field
            {"fq": PUBLIC_PAGE["fq"] + ['mechanism:"upr" +institutions:"salud"']},  # two pivots
            {"fq": PUBLIC_PAGE["fq"] + ['mechanism:("upr" OR "cedaw")']},
            {"fq": PUBLIC_PAGE["fq"] + ['-mechanism:"upr"']},
            {"fq": PUBLIC_PAGE["fq"] + ["mechanism:up*"]},
            {"fq": PUBLIC_PAGE["fq"] + ['institutions:"{}"'.format("w" * 201)]},  # indexed by digest
            {"fq": PUBLIC_PAGE["fq"] + ["-state:deleted"]},
            {"fq": PUBLIC_PAGE["fq"] + ["+entity_type:resource"]},
        ],
    )
    def test_anything_finer_is_counted_live(self, change):
        assert plan(**dict(PUBLIC_PAGE, **change)).partition is None


class TestConditions:
    def test_required_exact_terms_are_one_array_containment(self):
        where = inline(plan(q="*:*", fq=["+tags:a +groups:b"]).where, plan(q="*:*", fq=["+tags:a +groups:b"]).params)
        assert where == "((d.terms @> ARRAY['tags=a', 'groups=b']::text[]))"

    def test_alternatives_of_exact_terms_are_one_overlap(self):
        built = plan(q="tags:a OR tags:b OR groups:c")
        assert inline(built.where, built.params) == "(((d.terms && ARRAY['tags=a', 'tags=b', 'groups=c']::text[])))"

    def test_partition_fields_and_names_are_read_from_their_columns(self):
        built = plan(q='permission_labels:("public" OR "creator-u")')
        assert inline(built.where, built.params) == "(((d.labels && ARRAY['public', 'creator-u']::text[])))"
        built = plan(q="*:*", fq=["+dataset_type:recommendation +state:(active OR draft) +site_id:x -name:y"])
        assert inline(built.where, built.params) == (
            "((d.dataset_type = 'recommendation') AND (d.site_id = 'x') AND "
            "(((d.state = ANY(ARRAY['active', 'draft']::text[])))) AND (NOT coalesce((d.name = 'y'), false)))"
        )

    def test_prohibited_terms(self):
        built = plan(q="*:*", fq=["-tags:x -tags:y"])
        assert (
            inline(built.where, built.params)
            == "((NOT coalesce((d.terms && ARRAY['tags=x', 'tags=y']::text[]), false)))"
        )

    def test_text_fields_use_text_search_in_their_forms(self):
        built = plan(q="text:agua")
        assert "d.tsv @@ simore_search_query(''" in inline(built.where, built.params)
        assert "'simore_es', 'spanish'" in inline(built.where, built.params)
        built = plan(q="notes:agua")
        assert "d.ftsv @@ simore_search_query('notes:', CAST(ARRAY['simore_simple']" in inline(
            built.where, built.params
        )
        built = plan(q="text_fr:eau")
        assert "d.ltsv @@ simore_search_query('text_fr:', CAST(ARRAY['simore_fr', 'french']" in inline(
            built.where, built.params
        )

    def test_dismax_matches_on_text_when_every_qf_field_is_copied_there(self):
        built = plan(q="agua", defType="dismax", qf="name^4 title^4 tags^2 groups^2 text", mm="2<-1 5<80%", tie="0.1")
        where = inline(built.where, built.params)
        assert where.count("simore_search_query") == 1 and "d.tsv @@" in where
        # qf boosts as the weights of text's copies: {D, C, B, A}, ranked on the record's own words
        score = inline(built.score, built.params)
        assert "ts_rank(CAST('{0.25,0.25,0.5,1}' AS float4[]), coalesce(d.rank_tsv, d.tsv)" in score

    def test_text_clauses_combine_into_one_tsquery(self):
        built = plan(q="text:a AND text:b", **{"q.op": "AND"})
        assert inline(built.where, built.params).count("d.tsv @@") == 1 and " && " in built.where
        built = plan(q="a b c", defType="dismax", qf="text", mm="2")  # at least 2 of 3
        where = inline(built.where, built.params)
        assert where.count("d.tsv @@") == 1 and where.count(" && ") == 3 and where.count(" || ") == 2

    def test_dismax_on_fields_not_in_text_matches_each_field(self):
        built = plan(q="agua", defType="dismax", qf="name^2 notes")
        where = inline(built.where, built.params)
        assert "d.name = 'agua'" in where and "'notes:'" in where

    def test_date_ranges_resolve_date_math(self):
        built = plan(q="metadata_modified:[NOW-1YEAR TO NOW/DAY+1DAY}")
        assert inline(built.where, built.params) == (
            "(d.metadata_modified >= '2025-11-23T12:30:00+00:00' AND d.metadata_modified < '2026-11-24T00:00:00+00:00')"
        )
        built = plan(q="due_date:[* TO 2026-01-01T00:00:00Z]")
        assert "((d.vals->>'due_date')::timestamptz <= '2026-01-01T00:00:00+00:00')" == inline(
            built.where, built.params
        )

    def test_ngram_fields_match_substrings_of_two_to_ten_characters(self):
        built = plan(q='title_ngram:"Agu"')
        assert inline(built.where, built.params) == "(lower(d.title) LIKE '%agu%')"
        assert plan(q='title_ngram:"averyveryverylongword"').where == "(FALSE)"

    def test_wildcards(self):
        built = plan(q="name:ag?a*")
        assert inline(built.where, built.params) == "(d.name LIKE 'ag_a%')"
        built = plan(q="res_format:cs*")
        assert "t LIKE 'res\\_format=cs%'" in inline(built.where, built.params)
        # a field with a column of its values (migration 010): through its trigram index
        built = plan(q="document_symbol:A\\/HRC\\/1_*")
        assert inline(built.where, built.params) == (
            "((d.document_symbols IS NOT NULL AND d.document_symbols LIKE '%\nA/HRC/1\\_%'))"
        )
        built = plan(q="title:disc*")
        assert "simore_search_query('title:', CAST(ARRAY['simore_simple'] AS text[]), 'disc', 'prefix')" in inline(
            built.where, built.params
        )
        with pytest.raises(UnsupportedQueryError):
            plan(q="title:d*sc")

    def test_terms_that_analyse_to_nothing_are_dropped(self):
        built = plan(q="text:agua text:&", **{"q.op": "AND"})
        assert inline(built.where, built.params).count("simore_search_query") == 1
        assert plan(q="text:&").where == "(FALSE)"

    def test_pure_negative_queries_match_everything_else(self):
        built = plan(q="-tags:x")
        assert inline(built.where, built.params) == "((NOT coalesce((d.terms @> ARRAY['tags=x']), false)))"


class TestRequest:
    def test_sort(self):
        built = plan(q="*:*", sort="score desc, title_string asc, metadata_created desc")
        assert built.order == ['d.title_string COLLATE "C" ASC NULLS LAST', "d.metadata_created DESC ", "d.seq ASC"]
        with pytest.raises(QuerySyntaxError, match="Sort Order"):
            plan(q="*:*", sort="metadata_modified")
        with pytest.raises(QuerySyntaxError):
            plan(q="*:*", sort="tags asc")

    def test_sort_on_other_fields_is_skipped_when_no_document_has_them(self):
        built = plan(q="*:*", sort="view_recent desc")
        assert "CASE WHEN EXISTS (SELECT 1 FROM simore_search_doc WHERE terms @> ARRAY[:p" in built.order[0]

    def test_fields(self):
        assert (plan(fl="id validated_data_dict").fields, plan(fl="id").with_score) == (
            ["id", "validated_data_dict"],
            False,
        )
        assert (plan(fl="name,title,score").fields, plan(fl="name,title,score").with_score) == (["name", "title"], True)
        assert plan(fl="* score").fields is None and plan().fields is None

    def test_facets(self):
        built = plan(**{"facet": "true", "facet.field": ["tags"], "facet.limit": "-1"})
        assert (built.facets.limit, built.facets.mincount, built.facets.sort) == (-1, 0, "index")
        assert plan(**{"facet": "false", "facet.field": ["tags"]}).facets is None
        with pytest.raises(UnsupportedQueryError):
            plan(**{"facet": "true", "facet.field": ["title"]})

    @pytest.mark.parametrize(
        "params",
        [
            {"bf": "recip(ms(NOW,metadata_modified),1,1,1)"},
            {"facet.pivot": "tags,groups"},
            {"facet.query": "tags:a"},
            {"f.tags.facet.limit": "5"},
            {"defType": "func"},
            {"rows": "-1"},
            {"q": "{!knn f=vector topK=10}[1,2]"},
        ],
    )
    def test_what_the_backend_cannot_answer_is_refused(self, params):
        with pytest.raises(QueryError):
            plan(**params)

    def test_local_parameters_for_the_parsers_it_answers(self):
        built = plan(q="{!bool must=bees must_not='tags:x'}", df="text")
        where = inline(built.where, built.params)
        assert "'bees', 'phrase'" in where and "NOT coalesce((d.terms @> ARRAY['tags=x'])" in where
        built = plan(q="*:*", fq="{!lucene q.op=AND}bees butterflies")
        assert " && " in built.where and " || " not in built.where
        built = plan(q="*:*", fq="{!lucene q.op=OR}bees butterflies")
        assert " || " in built.where and " && " not in built.where
        built = plan(q="{!dismax qf=title v=$term}", term="rivers")
        assert "'title:'" in inline(built.where, built.params)
        with pytest.raises(UnsupportedQueryError):
            plan(q="{!knn f=vector topK=3}[1, 2]")

    def test_parameters_solr_ignores_are_ignored(self):
        assert plan(q="*:*", wt="json", fq_list=["tags:a"], extras={}).where == "TRUE"


def test_render_inlines_parameters():
    assert render({"q": "tags:a"})["where"] == "(d.terms @> ARRAY['tags=a'])"
