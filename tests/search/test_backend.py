"""The PostgreSQL backend inside CKAN: indexing in the write's transaction,
CKAN's searches, facets, sorting, the search-index commands and fixtures."""

import json
import pathlib

import builders
import ckan.lib.search as search
import ckan.lib.search.common as search_common
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib.search.common import SearchQueryError
from ckan.tests import factories, helpers
from golden import request_of

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def index_rows():
    return model.Session.execute(sa.text("SELECT count(*) FROM simore_search_doc")).scalar()


def names(result):
    return [dataset["name"] for dataset in result["results"]]


def connection_with(docs, dataset_type):
    """The search connection, with public documents named by ``docs``'
    keys and holding their fields."""
    conn = search_common.make_connection()
    conn.add(
        [
            dict(
                fields,
                index_id=name,
                id=name,
                name=name,
                site_id="default",
                state="active",
                entity_type="package",
                dataset_type=dataset_type,
                capacity="public",
                permission_labels=["public"],
            )
            for name, fields in docs.items()
        ]
    )
    return conn


@pytest.fixture(autouse=True)
def repeatable_fake_data(request):
    """Faker's random notes could contain the words searched for."""
    import zlib

    factories.fake.seed_instance(zlib.crc32(request.node.nodeid.encode("utf-8")))


@pytest.fixture
def org():
    return builders.institution()


class TestIndexingInTheWriteTransaction:
    def test_a_created_dataset_is_searchable_at_once(self, org):
        dataset = factories.Dataset(name="rivers", title="Rivers", owner_org=org["id"])
        result = helpers.call_action("package_search", q="rivers")
        assert names(result) == ["rivers"] and result["results"][0]["id"] == dataset["id"]

    def test_a_write_that_fails_after_indexing_leaves_no_index_row(self, org, monkeypatch):
        from ckanext.simore.search.connection import PostgresSearchConnection

        indexed = PostgresSearchConnection.add
        seen = []

        def add_then_fail(self, docs, **kwargs):
            indexed(self, docs, **kwargs)
            seen.append(index_rows())  # the row exists inside the transaction
            raise search_common.SearchIndexError("the write fails after indexing")

        monkeypatch.setattr(PostgresSearchConnection, "add", add_then_fail)
        with pytest.raises(Exception):  # noqa: B017 (whatever CKAN makes of the index error)
            factories.Dataset(name="never", owner_org=org["id"])
        model.Session.rollback()
        monkeypatch.undo()
        assert seen == [1]
        assert index_rows() == 0
        assert model.Package.get("never") is None

    def test_a_failed_index_write_fails_the_dataset_write(self, org, monkeypatch):
        def broken(*args, **kwargs):
            raise search_common.SearchIndexError("index unavailable")

        monkeypatch.setattr("ckanext.simore.search.writer.add", broken)
        with pytest.raises(Exception):  # noqa: B017 (whatever CKAN makes of the index error)
            factories.Dataset(name="unindexed", owner_org=org["id"])
        model.Session.rollback()
        monkeypatch.undo()
        assert model.Package.get("unindexed") is None

    def test_updates_and_deletions_follow_the_dataset(self, org):
        dataset = factories.Dataset(name="lakes", title="Lakes", owner_org=org["id"])
        context = {"user": factories.Sysadmin()["name"]}
        helpers.call_action("package_patch", context=context, id=dataset["id"], title="Mountain lakes")
        assert names(helpers.call_action("package_search", q="mountain")) == ["lakes"]
        assert index_rows() == 1
        helpers.call_action("package_delete", context=dict(context), id=dataset["id"])
        assert helpers.call_action("package_search", q="lakes")["count"] == 0

    def test_the_package_show_cache_reads_the_stored_document(self, org):
        dataset = factories.Dataset(name="cached", owner_org=org["id"])
        indexed = search.show("cached")
        assert indexed["id"] == dataset["id"]
        assert json.loads(indexed["validated_data_dict"])["name"] == "cached"
        assert "permission_labels" not in indexed  # not stored in Solr's schema either


class TestSearchIndexCommands:
    def test_rebuild_clear_and_show(self, org, cli):
        from ckan.cli.cli import ckan as ckan_command

        factories.Dataset(name="one", owner_org=org["id"])
        factories.Dataset(name="two", owner_org=org["id"])
        search.clear_all()
        assert index_rows() == 0
        result = cli.invoke(ckan_command, ["search-index", "rebuild", "--quiet"])
        assert result.exit_code == 0, result.output
        model.Session.remove()
        assert index_rows() == 2
        result = cli.invoke(ckan_command, ["search-index", "show", "one"])
        assert result.exit_code == 0 and "'name': 'one'" in result.output
        result = cli.invoke(ckan_command, ["search-index", "clear", "one"])
        assert result.exit_code == 0
        model.Session.remove()
        assert names(helpers.call_action("package_search")) == ["two"]
        result = cli.invoke(ckan_command, ["search-index", "clear"])
        assert result.exit_code == 0
        model.Session.remove()
        assert index_rows() == 0

    def test_the_clean_index_fixture_empties_the_index(self, org, reset_index):
        factories.Dataset(owner_org=org["id"])
        reset_index()
        assert helpers.call_action("package_search")["count"] == 0


class TestSearching:
    @pytest.fixture
    def datasets(self, org):
        group = factories.Group(name="water")

        def dataset(name, title, tag, **more):
            return factories.Dataset(
                name=name, title=title, notes="", owner_org=org["id"], tags=[{"name": tag}], **more
            )

        made = [
            dataset(
                "a-rivers",
                "Rivers",
                "agua",
                groups=[{"id": group["id"]}],
                extras=[{"key": "status", "value": "in progress"}],
            ),
            dataset("b-lakes", "lakes and rivers", "agua"),
            dataset(
                "c-seas",
                "Seas",
                "mar",
                resources=[{"url": "http://x.org/s.csv", "format": "CSV", "name": "Sea levels"}],
            ),
        ]
        return made

    def test_text_query_matches_and_ranks_titles_first(self, datasets, org):
        factories.Dataset(name="d-notes", title="Deltas", notes="rivers and deltas", owner_org=org["id"])
        result = helpers.call_action("package_search", q="rivers")
        assert names(result)[-1] == "d-notes"  # title^4 beats text
        assert sorted(names(result)) == ["a-rivers", "b-lakes", "d-notes"]

    def test_filters_and_lucene_syntax(self, datasets):
        def search_(**kw):
            return names(helpers.call_action("package_search", sort="name asc", **kw))

        assert search_(fq="tags:agua") == ["a-rivers", "b-lakes"]
        assert search_(fq="-tags:agua") == ["c-seas"]
        assert search_(q="tags:agua AND -title:lakes") == ["a-rivers"]
        assert search_(q='extras_status:"in progress"') == ["a-rivers"]
        assert search_(q="res_format:CSV OR groups:water") == ["a-rivers", "c-seas"]
        assert search_(q="res_name:levels") == ["c-seas"]
        assert search_(q="name:b-*") == ["b-lakes"]
        assert search_(q="res_format:*") == ["c-seas"]
        assert search_(q="metadata_created:[NOW-1DAY TO NOW+1DAY]") == ["a-rivers", "b-lakes", "c-seas"]
        assert search_(q="metadata_created:[* TO NOW-1YEAR]") == []
        assert search_(q="title:riv*") == ["a-rivers", "b-lakes"]

    def test_sort_rows_start_and_fields(self, datasets):
        result = helpers.call_action("package_search", sort="name desc", rows=2, start=1, fl="name,title")
        assert result["count"] == 3
        assert result["results"] == [
            {"name": "b-lakes", "title": "lakes and rivers"},
            {"name": "a-rivers", "title": "Rivers"},
        ]
        result = helpers.call_action("package_search", sort="title_string asc")
        assert names(result) == ["a-rivers", "c-seas", "b-lakes"]  # byte order, as Solr: "S" < "l"

    def test_facets_as_ckan_shapes_them(self, datasets):
        result = helpers.call_action("package_search", **{"facet.field": ["tags", "res_format"], "facet.limit": 1})
        assert result["facets"] == {"tags": {"agua": 2}, "res_format": {"CSV": 1}}
        result = helpers.call_action("package_search", q="seas", **{"facet.field": ["tags"]})
        assert result["facets"] == {"tags": {"mar": 1}}

    def test_precomputed_counts_equal_counted_ones(self, datasets, org):
        factories.Dataset(owner_org=org["id"], private=True, tags=[{"name": "agua"}])
        conn = search_common.make_connection()
        params = {
            "q": "*:*",
            "fq": ['+site_id:"default"', "+state:active"],
            "rows": 0,
            "facet": "true",
            "facet.field": ["tags", "groups", "organization", "res_format"],
            "facet.mincount": 1,
            "facet.limit": -1,
        }
        precomputed = conn.search(**params)
        counted = conn.search(**dict(params, fq=params["fq"] + ["name:*"]))  # not a whole partition
        assert precomputed.hits == counted.hits == 4
        assert precomputed.facets == counted.facets
        assert precomputed.facets["facet_fields"]["tags"] == ["agua", 3, "mar", 1]

    def test_autocomplete(self, datasets):
        result = helpers.call_action("package_autocomplete", q="ake")
        assert [item["name"] for item in result] == ["b-lakes"]

    def test_organization_counts(self, datasets, org):
        listed = helpers.call_action("organization_list", all_fields=True)
        assert [item["package_count"] for item in listed if item["id"] == org["id"]] == [3]

    def test_unanswerable_queries_are_refused(self, datasets):
        with pytest.raises(SearchQueryError):
            helpers.call_action("package_search", q='title:"rivers lakes"~3')
        with pytest.raises(search_common.SearchError):
            helpers.call_action("package_search", sort="metadata_modified")


class TestPermissions:
    """package_search shows private datasets and drafts only to those CKAN's
    permission labels allow, as with Solr."""

    @pytest.fixture
    def world(self):
        member = factories.User()
        outsider = factories.User()
        own = builders.institution(users=[{"name": member["name"], "capacity": "editor"}])
        other = builders.institution(users=[{"name": outsider["name"], "capacity": "editor"}])
        factories.Dataset(name="public", owner_org=own["id"])
        factories.Dataset(name="own-private", owner_org=own["id"], private=True)
        factories.Dataset(name="other-private", owner_org=other["id"], private=True)
        factories.Dataset(name="own-draft", owner_org=own["id"], state="draft", user=member)
        return {"member": member, "outsider": outsider, "sysadmin": factories.Sysadmin()}

    def visible(self, user=None, **params):
        context = {"ignore_auth": False, "user": user["name"] if user else ""}
        params.setdefault("include_private", True)
        return sorted(names(helpers.call_action("package_search", context=context, **params)))

    def test_anonymous_sees_public_datasets_only(self, world):
        assert self.visible() == ["public"]

    def test_a_member_sees_their_organization_private_datasets(self, world):
        assert self.visible(world["member"]) == ["own-private", "public"]
        assert self.visible(world["member"], include_drafts=True) == ["own-draft", "own-private", "public"]

    def test_someone_from_another_organization_does_not(self, world):
        assert self.visible(world["outsider"]) == ["other-private", "public"]
        assert self.visible(world["outsider"], include_drafts=True) == ["other-private", "public"]

    def test_a_sysadmin_sees_everything(self, world):
        assert self.visible(world["sysadmin"], include_drafts=True) == [
            "other-private",
            "own-draft",
            "own-private",
            "public",
        ]

    def test_private_datasets_stay_hidden_without_include_private(self, world):
        assert self.visible(world["member"], include_private=False) == ["public"]

    def test_facet_counts_respect_permissions(self, world):
        def count(user):
            context = {"ignore_auth": False, "user": user["name"] if user else ""}
            result = helpers.call_action(
                "package_search", context=context, include_private=True, **{"facet.field": ["owner_org"]}
            )
            return result["count"], sum(result["facets"]["owner_org"].values())

        assert count(None) == (1, 1)
        assert count(world["member"]) == (2, 2)
        assert count(world["sysadmin"]) == (3, 3)


class TestMultilingualText:
    """``text_<lang>`` is stemmed in its language with accents folded;
    ``q`` and ``text:`` match a document when any language form matches."""

    DOCS = {
        "es-accent": {"text_es": ["Ley contra la discriminación racial"]},
        "es-plain": {"text_es": ["Ley contra la discriminacion"]},
        "es-plural": {"text_es": ["Casos de discriminaciones múltiples"]},
        "en": {"text_en": ["Protect the rights of women"]},
        "fr": {"text_fr": ["Protéger les droits des enfants"]},
        "neutral": {"notes": "Ríos y lagos"},
    }

    @pytest.fixture
    def conn(self):
        return connection_with(self.DOCS, "dataset")

    def found(self, conn, q, **params):
        params.setdefault("defType", "dismax")
        params.setdefault("qf", "name^4 title^4 tags^2 groups^2 text")
        result = conn.search(q=q, fl="id", rows=100, **params)
        return sorted(doc["id"] for doc in result.docs)

    def test_spanish_stems_and_folds_accents_both_ways(self, conn):
        assert self.found(conn, "discriminación") == ["es-accent", "es-plain", "es-plural"]
        assert self.found(conn, "discriminaciones") == ["es-accent", "es-plain", "es-plural"]
        # typed without the accent the stemmer needs, and as Spanish writes it
        assert self.found(conn, "discriminacion") == ["es-accent", "es-plain", "es-plural"]
        assert self.found(conn, "text_es:discriminacion", defType="lucene") == ["es-accent", "es-plain", "es-plural"]
        assert self.found(conn, '"discriminacion racial"') == ["es-accent"]

    def test_english_and_french_stems(self, conn):
        assert self.found(conn, "right") == ["en"]
        assert self.found(conn, "droit") == ["fr"]
        assert self.found(conn, "proteger enfant") == ["fr"]

    def test_language_neutral_text_folds_accents(self, conn):
        assert self.found(conn, "rios") == ["neutral"]
        assert self.found(conn, "text:Ríos", defType="lucene") == ["neutral"]

    def test_text_field_queries_and_language_fields(self, conn):
        assert self.found(conn, "text:discriminaciones", defType="lucene") == ["es-accent", "es-plain", "es-plural"]
        assert self.found(conn, "text_es:discriminación", defType="lucene") == ["es-accent", "es-plain", "es-plural"]
        assert self.found(conn, "text_en:discriminación", defType="lucene") == []
        assert self.found(conn, 'text_es:"discriminación racial"', defType="lucene") == ["es-accent"]

    @pytest.mark.ckan_config("ckanext.simore.languages", ["es", "en", "fr", "ar", "zh", "ru", "pt"])
    def test_the_other_un_languages_and_portuguese_stem(self):
        docs = {
            "ar": {"text_ar": ["حماية حقوق المرأة"]},
            "ru": {"text_ru": ["Защита прав женщин"]},
            "pt": {"text_pt": ["Proteger os direitos das crianças"]},
        }
        conn = connection_with(docs, "dataset")
        assert self.found(conn, "الحقوق") == ["ar"]  # the article and the stem
        assert self.found(conn, "правами") == ["ru"]
        assert self.found(conn, "criança") == ["pt"]
        assert self.found(conn, "text_pt:crianca", defType="lucene") == ["pt"]
        plural = connection_with({"pt-plural": {"text_pt": ["Recomendações sobre a educação"]}}, "dataset")
        assert self.found(plural, "recomendacao") == ["pt-plural"]  # "-ção" is what the stemmer knows

    @pytest.mark.ckan_config("ckanext.simore.languages", ["es", "en", "fr", "ar", "zh", "ru", "pt"])
    def test_chinese_is_found_by_any_run_of_its_characters_in_order(self):
        """PostgreSQL has no Chinese segmenter: each ideograph is a word,
        and a query of several is a phrase (see search/ideographs.py)."""
        docs = {
            "zh": {"text_zh": ["禁止酷刑和其他残忍、不人道或有辱人格的待遇"]},
            "zh-title": {"title": "消除对妇女歧视委员会"},
            "en": {"text_en": ["Torture and ill-treatment"]},
        }
        conn = connection_with(docs, "dataset")
        assert self.found(conn, "酷刑") == ["zh"]
        assert self.found(conn, "不人道") == ["zh"]
        assert self.found(conn, "刑酷") == []  # the same characters, not in that order
        assert self.found(conn, "妇女歧视") == ["zh-title"]
        assert self.found(conn, "text_zh:酷刑", defType="lucene") == ["zh"]
        assert self.found(conn, "酷刑 不人道") == ["zh"]
        assert self.found(conn, "torture") == ["en"]

    def test_vocabulary_labels_find_records_but_their_own_words_rank_them(self):
        """``labels_<lang>`` (the labels of a record's codes) is matched as
        its texts are but kept out of the ranking vector: a record saying
        "tortura" itself comes before one that is only classified so, however
        short that one's text."""
        docs = {
            "own": {"text_es": ["Prevenir la tortura y los malos tratos en las cárceles y los centros de detención"]},
            "labelled": {"text_es": ["Ratificar el protocolo"], "labels_es": ["Prohibición de la tortura"]},
        }
        conn = connection_with(docs, "dataset")
        ranked = conn.search(q="tortura", defType="dismax", qf="text", fl="id", sort="score desc", rows=10)
        assert [doc["id"] for doc in ranked.docs] == ["own", "labelled"]
        assert self.found(conn, "labels_es:tortura", defType="lucene") == ["labelled"]
        assert self.found(conn, "text_es:tortura", defType="lucene") == ["own"]
        vectors = dict(
            model.Session.execute(sa.text("SELECT index_id, CAST(rank_tsv AS text) FROM simore_search_doc")).all()
        )
        assert "tortur" in vectors["own"] and "tortur" not in vectors["labelled"]
        assert "ratific" in vectors["labelled"]

    def test_one_analysis_gives_the_vectors_of_two(self):
        """simore_search_vector skips the unfolded stemmer for a text without
        accents, and a language text's vector serves its field and ``text``:
        the vectors equal those of analysing everything in full."""
        texts = [
            "Ley contra la discriminación racial",
            "Ley contra la discriminacion",
            "Protect the rights of women",
            "Protéger les droits des enfants",
            "naïve café",
            "",
        ]
        full = """
            SELECT f || ts_delete(unaccent(to_tsvector(CAST(:plain AS regconfig), :body)::text)::tsvector,
                                  tsvector_to_array(f))
            FROM (SELECT to_tsvector(CAST(:folded AS regconfig), :body) AS f) AS first_form"""
        for body in texts:
            for folded, plain in (("simore_es", "spanish"), ("simore_en", "english"), ("simore_fr", "french")):
                params = {"form": f"{folded}|{plain}", "folded": folded, "plain": plain, "body": body}
                once = model.Session.execute(sa.text("SELECT CAST(simore_search_vector(:form, :body) AS text)"), params)
                twice = model.Session.execute(sa.text(f"SELECT CAST(({full}) AS text)"), params)
                assert once.scalar() == twice.scalar(), (body, folded)
        languages = model.Session.execute(
            sa.text(
                "SELECT CAST(fielded AS text), CAST(plain AS text) FROM simore_search_language_vectors("
                "ARRAY['text_es', 'text_en'], ARRAY['simore_es|spanish', 'simore_en|english'], "
                "ARRAY['Ríos y lagos', 'Rivers and lakes'])"
            )
        ).one()
        fielded = model.Session.execute(
            sa.text(
                "SELECT CAST(simore_search_field_vectors(ARRAY['text_es', 'text_en'], "
                "ARRAY['simore_es|spanish', 'simore_en|english'], ARRAY['Ríos y lagos', 'Rivers and lakes']) AS text)"
            )
        )
        plain = model.Session.execute(
            sa.text(
                "SELECT CAST(simore_search_vectors(ARRAY['simore_es|spanish', 'simore_en|english'], "
                "ARRAY['Ríos y lagos', 'Rivers and lakes'], ARRAY['D', 'D']) AS text)"
            )
        )
        assert languages == (fielded.scalar(), plain.scalar())


DATA = pathlib.Path(__file__).parent / "data" / "ckan_queries.json"


class TestPrefixesOfIndexedValues:
    """A prefix of a field with a column of its values (``document_symbol``,
    migration 010) finds what the same prefix finds on a field without one
    (here ``symbol_copy``, the same values)."""

    SYMBOLS = {
        "upr": ["A/HRC/17/18"],
        "upr-other": ["A/HRC/170/2"],
        "visit": ["A/HRC/17/41/Add.2"],
        "two": ["CAT/C/PRY/CO/7", "A/HRC/17/9"],
        "newline": ["note\nA/HRC/17/1"],
        "backslash": ["A\\B/1"],
        "like-characters": ["A_B%/1"],
        "none": [],
    }

    @pytest.fixture
    def conn(self):
        docs = {
            name: {"document_symbol": values, "symbol_copy": values} if values else {}
            for name, values in self.SYMBOLS.items()
        }
        return connection_with(docs, "recommendation")

    def found(self, conn, q):
        return sorted(doc["id"] for doc in conn.search(q=q, fl="id", rows=100).docs)

    @pytest.mark.parametrize(
        ("prefix", "expected"),
        [
            ("A\\/HRC\\/17", ["two", "upr", "upr-other", "visit"]),
            ("A\\/HRC\\/17\\/", ["two", "upr", "visit"]),
            ("CAT\\/C", ["two"]),
            ("A\\\\B", ["backslash"]),
            ("A_B%", ["like-characters"]),
            ("A\\/HRC\\/17\\/1", ["upr"]),
            ("note", ["newline"]),
            ("B", []),
        ],
    )
    def test_the_same_matches_as_without_the_column(self, conn, prefix, expected):
        assert self.found(conn, f"document_symbol:{prefix}*") == expected
        assert self.found(conn, f"symbol_copy:{prefix}*") == expected

    def test_other_wildcards_on_the_field_still_answer(self, conn):
        assert self.found(conn, "document_symbol:*Add*") == ["visit"]
        assert self.found(conn, "document_symbol:A?B*") == ["backslash", "like-characters"]


def test_the_terms_have_finer_statistics():
    """Migration 009: an absent value is estimated rare enough for the GIN
    index to be read, not the whole table walked in date order."""
    target = model.Session.execute(
        sa.text(
            "SELECT attstattarget FROM pg_attribute"
            " WHERE attrelid = 'simore_search_doc'::regclass AND attname = 'terms'"
        )
    ).scalar()
    assert target == 1000


def test_every_captured_ckan_query_runs_on_postgresql(org):
    factories.Dataset(owner_org=org["id"], tags=[{"name": "agua"}])
    conn = search_common.make_connection()
    for entry in json.loads(DATA.read_text(encoding="utf-8")):
        conn.search(**request_of(entry))
