"""ckanext.simore.search_backend: what each choice does to CKAN's search."""

import ckan.lib.search as search
import ckan.lib.search.common as search_common
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
