"""ckanext.simore.search_backend: what each choice does to CKAN's search."""

import ckan.lib.search as search
import ckan.lib.search.common as search_common
import ckan.plugins as plugins
import pytest

pytestmark = pytest.mark.usefixtures("with_plugins")


class TestBackendChoice:
    @pytest.mark.ckan_config("ckanext.simore.search_backend", "solr")
    def test_solr_leaves_ckan_connection_untouched(self):
        import pysolr

        from ckanext.simore.search import patch

        try:
            assert isinstance(search_common.make_connection(), pysolr.Solr)
            assert search.index.make_connection is search_common.make_connection
            assert not getattr(search.check_solr_schema_version, "simore_search", False)
        finally:  # the plugin is unloaded after the test, not re-installed
            patch.use_postgres(["es", "en", "fr"])
        assert not isinstance(search_common.make_connection(), pysolr.Solr)

    def test_postgres_replaces_every_reference_and_the_schema_check(self):
        from ckanext.simore.search.connection import PostgresSearchConnection

        for module in (search, search_common, search.index, search.query):
            assert isinstance(module.make_connection(), PostgresSearchConnection)
        assert search.check_solr_schema_version() is True

    @pytest.mark.ckan_config("ckanext.simore.search_backend", "solr")
    @pytest.mark.ckan_config("ckanext.simore.languages", ["es", "en"])
    def test_solr_searches_name_the_language_fields_solr_does_not_copy_into_text(self):
        """With Solr, package_search's dismax fields gain text_<lang> and,
        barely weighted, labels_<lang>, unless the caller names its own."""
        plugin = plugins.get_plugin("simore")
        params = plugin.before_dataset_search({"q": "tortura"})
        assert params["qf"] == "name^4 title^4 tags^2 groups^2 text text_es text_en labels_es^0.1 labels_en^0.1"
        assert plugin.before_dataset_search({"q": "x", "qf": "title"})["qf"] == "title"

    def test_postgres_searches_keep_ckans_query_fields(self):
        plugin = plugins.get_plugin("simore")
        assert "qf" not in plugin.before_dataset_search({"q": "tortura"})
