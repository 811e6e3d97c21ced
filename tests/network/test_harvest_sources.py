"""ckanext-harvest on a SIMORE portal: its sources are datasets of type
``harvest`` in this extension's search, and a source runs again and again
(ckanext-harvest 1.6.3 alone, on CKAN 2.12, fails its second run)."""

import builders
import pytest
from ckan.tests import helpers

PLUGINS = "simore scheming_datasets scheming_organizations activity dcat structured_data harvest ckan_harvester"

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config("ckanext.simore.other_dataset_types", ["harvest"]),
    pytest.mark.usefixtures("with_plugins"),
]


@pytest.fixture
def source(clean_db, migrate_db_for):
    migrate_db_for("harvest")
    builders.network()
    return helpers.call_action(
        "harvest_source_create",
        context={"user": "coordinadora", "ignore_auth": False},
        name="peer",
        title="Peer portal",
        url="http://127.0.0.1:9/",  # nothing answers: every gather fails
        source_type="ckan",
        owner_org="coordinacion",
        frequency="MANUAL",
    )


def test_a_source_is_shown_edited_and_run_again_and_again(source):
    from ckanext.harvest import utils

    context = {"user": "coordinadora", "ignore_auth": False}
    helpers.call_action("harvest_source_patch", context=dict(context), id=source["id"], title="Peer portal (PRY)")
    for _run in range(3):
        utils.run_test_harvester("peer", False)
        shown = helpers.call_action("harvest_source_show", context=dict(context), id="peer")
        assert shown["source_type"] == "ckan"
        assert shown["title"] == "Peer portal (PRY)"
    jobs = helpers.call_action("harvest_job_list", context=dict(context), source_id=source["id"])
    assert len(jobs) == 3
    assert all(job["status"] == "Finished" for job in jobs)


def test_sources_stay_out_of_the_records_search_but_are_found_as_sources(source):
    assert helpers.call_action("package_search", q="*:*")["count"] == 0
    found = helpers.call_action("package_search", fq="dataset_type:harvest", include_private=True)
    assert [result["name"] for result in found["results"]] == ["peer"]


def test_a_focal_point_may_not_create_a_source(source):
    from ckan.logic import NotAuthorized

    with pytest.raises(NotAuthorized):
        helpers.call_action(
            "harvest_source_create",
            context={"user": "focal-salud", "ignore_auth": False},
            name="mine",
            url="http://127.0.0.1:9/other",
            source_type="ckan",
            owner_org="salud",
        )
