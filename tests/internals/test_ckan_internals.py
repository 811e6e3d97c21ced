"""CKAN's internals the extension reaches into (``ckan_internals``) and
where a dataset's extras are stored (``db/extras``), each exercised on the
running CKAN: an upgrade that changes one of them fails the test named
after it, instead of an import or a dashboard much later."""

import importlib
import json

import builders
import ckan
import ckan.lib.search as search
import ckan.lib.search.common as search_common
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories, helpers

from ckanext.simore import ckan_internals
from ckanext.simore.db import extras
from ckanext.simore.imports import bulk

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

CKAN_2_12 = tuple(int(part) for part in ckan.__version__.split(".")[:2]) >= (2, 12)
ON_2_11_ONLY = pytest.mark.skipif(CKAN_2_12, reason="CKAN 2.12 has no extras rows")

FIELDS = {"colour": "blue", "shape": '["round", "flat"]', "empty": ""}


def _context():
    return {
        "model": model,
        "session": model.Session,
        "ignore_auth": True,
        "user": helpers.call_action("get_site_user", context={"ignore_auth": True})["name"],
    }


@pytest.fixture
def org():
    return builders.institution()


def _dataset(org, **fields):
    """A dataset of CKAN's own type (no scheming schema) with free extras."""
    return factories.Dataset(owner_org=org["id"], extras=[{"key": k, "value": v} for k, v in fields.items()])


# -- version probes ----------------------------------------------------------------


def test_extras_are_a_jsonb_column_from_ckan_2_12():
    assert extras.PACKAGE_EXTRAS_IN_JSONB is CKAN_2_12
    assert ("extras" in model.group_table.c) is CKAN_2_12


def test_extras_rows_have_classes_and_tables_only_before_ckan_2_12():
    assert (ckan_internals.PACKAGE_EXTRA_CLASS is None) is CKAN_2_12
    assert (ckan_internals.GROUP_EXTRA_CLASS is None) is CKAN_2_12
    existing = sa.inspect(model.meta.engine).get_table_names()
    assert (extras.PACKAGE_EXTRA_TABLE in existing) is not CKAN_2_12
    assert (extras.GROUP_EXTRA_TABLE in existing) is not CKAN_2_12
    if not CKAN_2_12:
        assert sa.inspect(ckan_internals.PACKAGE_EXTRA_CLASS).local_table.name == extras.PACKAGE_EXTRA_TABLE
        assert sa.inspect(ckan_internals.GROUP_EXTRA_CLASS).local_table.name == extras.GROUP_EXTRA_TABLE


def test_ckan_2_11_indexes_at_commit_and_2_12_in_the_actions(org):
    assert ckan_internals.INDEXED_AT_COMMIT is not CKAN_2_12
    dataset = factories.Dataset(title="Before", owner_org=org["id"])
    model.Package.get(dataset["id"]).title = "Changed outside the actions"
    model.Session.commit()
    expected = "Before" if CKAN_2_12 else "Changed outside the actions"
    assert search.show(dataset["name"])["title"] == expected


def test_package_show_dicts_come_in_one_call_from_ckan_2_12():
    assert ckan_internals.SHOW_DICTS_IN_ONE_CALL is CKAN_2_12


# -- the search connection -------------------------------------------------------------


def test_the_search_connection_is_installed_in_every_holder_and_given_back(org):
    installed = search_common.make_connection  # the PostgreSQL backend's
    calls = []

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return installed(*args, **kwargs)

    checked = []

    def schema_check(original):
        checked.append(original)
        return lambda schema_file=None: True

    try:
        ckan_internals.install_search_connection(counting, schema_check)
        for name in ckan_internals.SEARCH_CONNECTION_HOLDERS:
            assert importlib.import_module(name).make_connection is counting, name
        # the check wrapped is CKAN's own, not an earlier replacement
        assert checked[0].__module__ == "ckan.lib.search" and not getattr(checked[0], "simore_search", False)
        assert search.check_solr_schema_version() is True
        # CKAN's index writes and searches open their connection through them
        dataset = factories.Dataset(title="Reached", owner_org=org["id"])
        written = len(calls)
        assert written >= 1
        assert helpers.call_action("package_search", q="Reached")["results"][0]["id"] == dataset["id"]
        assert len(calls) > written

        ckan_internals.restore_search_connection()
        for name in ckan_internals.SEARCH_CONNECTION_HOLDERS:
            module = importlib.import_module(name)
            assert module.make_connection.__module__ == "ckan.lib.search.common", name
            assert not getattr(module.make_connection, "simore_search", False)
        assert search.check_solr_schema_version is checked[0]
    finally:
        from ckanext.simore import search as simore_search

        simore_search.install(tk.config)  # the backend the plugin installed
    assert search_common.make_connection is not counting
    assert getattr(search_common.make_connection, "simore_search", False)


def test_index_documents_are_collected_and_the_connection_put_back(org):
    dataset = _dataset(org, **FIELDS)
    original = search.index.make_connection
    to_index, _shown = ckan_internals.package_show_dicts(dataset["id"])
    with ckan_internals.index_documents_collected() as docs:
        assert search.index.make_connection is not original
        ckan_internals.package_index().index_package(to_index, defer_commit=True)
    assert search.index.make_connection is original
    assert [doc["id"] for doc in docs] == [dataset["id"]]

    with pytest.raises(RuntimeError):
        with ckan_internals.index_documents_collected():
            raise RuntimeError("a failed batch")
    assert search.index.make_connection is original

    search.clear_all()
    ckan_internals.write_index_documents(docs)
    model.Session.commit()
    assert helpers.call_action("package_search", q=dataset["name"])["count"] == 1


def test_package_show_dicts_are_what_ckan_indexes_and_shows(org):
    dataset = _dataset(org, **FIELDS)
    to_index, shown = ckan_internals.package_show_dicts(dataset["id"])
    assert shown == helpers.call_action("package_show", context={"use_cache": False}, id=dataset["id"])
    assert ("with_custom_schema" in to_index) is CKAN_2_12
    with ckan_internals.index_documents_collected() as ours:
        ckan_internals.package_index().index_package(to_index, defer_commit=True)
    with ckan_internals.index_documents_collected() as ckans:
        search.rebuild(package_ids=[dataset["id"]])  # how CKAN indexes it, without a delete

    def comparable(doc):
        return {k: v for k, v in doc.items() if k != "indexed_ts"}

    assert [comparable(doc) for doc in ours] == [comparable(doc) for doc in ckans]


def test_skip_indexing_at_commit_edits_the_session_object_cache(org):
    dataset = factories.Dataset(title="Before", owner_org=org["id"])
    package = model.Package.get(dataset["id"])
    package.title = "Changed"
    model.Session.flush()
    if ckan_internals.INDEXED_AT_COMMIT:
        assert package in model.Session()._object_cache["changed"]
    removed = ckan_internals.skip_indexing_at_commit({dataset["id"]})
    model.Session.commit()
    assert removed == (0 if CKAN_2_12 else 1)
    assert search.show(dataset["name"])["title"] == "Before"


# -- extras rows and where extras are stored -------------------------------------


@ON_2_11_ONLY
def test_package_extra_rows_are_the_datasets_extras_rows(org):
    dataset = _dataset(org, **FIELDS)
    rows = ckan_internals.package_extra_rows(model.Package.get(dataset["id"]))
    assert {key: row.value for key, row in rows.items()} == FIELDS
    assert all(isinstance(row, ckan_internals.PACKAGE_EXTRA_CLASS) and row.state == "active" for row in rows.values())


def test_stored_extras_read_back_what_package_create_wrote(org):
    dataset = _dataset(org, **FIELDS)
    package = model.Package.get(dataset["id"])
    stored = extras.stored(package)
    assert stored == FIELDS
    raw = helpers.call_action("package_show", context={"validate": False, "use_cache": False}, id=dataset["id"])
    assert sorted(extras.dictized(package, stored), key=lambda e: e["key"]) == sorted(
        raw["extras"], key=lambda e: e["key"]
    )


def test_stored_by_name_reads_the_fields_of_every_dataset_of_a_type(org):
    titles = {"es": "Comité", "en": "Committee", "fr": "Comité"}
    mechanism = builders.mechanism(org["id"], code="CRC", title_translated=titles)
    helpers.call_action("package_delete", context=_context(), id=builders.mechanism(org["id"], code="GONE")["id"])
    found = extras.stored_by_name("mechanism", ["code", "title_translated", "not_a_field"])
    stored = dict(found[mechanism["name"]])
    assert json.loads(stored.pop("title_translated")) == titles  # as stored: JSON text
    assert stored == {"id": mechanism["id"], "name": mechanism["name"], "state": "active", "code": "CRC"}
    assert sorted(stored["state"] for stored in found.values()) == ["active", "deleted"]
    assert extras.stored_by_name("no_such_type", ["code"]) == {}


def test_value_sql_and_empty_sql_read_one_field_in_raw_sql(org):
    datasets = {
        "two": _dataset(org, institutions='["salud", "justicia"]', other="x"),
        "empty-list": _dataset(org, institutions="[]"),
        "empty-text": _dataset(org, institutions=""),
        "none": _dataset(org, other="y"),
    }
    names = {dataset["name"]: label for label, dataset in datasets.items()}
    join, value = extras.value_sql("institutions")
    rows = model.Session.execute(
        sa.text(f"SELECT p.name, {value} AS value FROM package p {join} WHERE p.name = ANY(CAST(:names AS text[]))"),
        {"names": list(names)},
    )
    assert {names[row.name]: row.value for row in rows} == {
        "two": '["salud", "justicia"]',
        "empty-list": "[]",
        "empty-text": "",
        "none": None,
    }
    rows = model.Session.execute(
        sa.text(
            f"SELECT p.name FROM package p WHERE {extras.empty_sql('institutions')} "
            "AND p.name = ANY(CAST(:names AS text[]))"
        ),
        {"names": list(names)},
    )
    assert sorted(names[row.name] for row in rows) == ["empty-list", "empty-text", "none"]


# -- package_create's steps, for a batch -----------------------------------------------


def test_the_fast_save_of_a_new_dataset_writes_what_package_dict_save_writes(org):
    data = {
        "type": "dataset",
        "title": "Twin",
        "notes": "Same fields",
        "owner_org": org["id"],
        "private": False,
        "state": "active",
        "extras": [{"key": k, "value": v} for k, v in FIELDS.items()],
    }
    context = _context()
    with model.Session.no_autoflush:
        fast = bulk.save_new_package(dict(data, name="fast-twin"), context, name_unused=True)
        full = bulk.save_new_package(dict(data, name="ckan-twin"), context, name_unused=False)
    model.Session.flush()
    ckan_internals.add_owner_memberships([fast])
    model.Session.commit()
    model.Session.remove()

    fast, full = model.Package.get("fast-twin"), model.Package.get("ckan-twin")
    ignored = {"id", "name", "metadata_created", "metadata_modified", "extras"}

    def columns(package):
        return {c.name: getattr(package, c.name) for c in model.package_table.c if c.name not in ignored}

    assert columns(fast) == columns(full)
    assert extras.stored(fast) == extras.stored(full) == FIELDS
    member = model.Session.query(model.Member).filter_by(table_id=fast.id).one()
    assert (member.table_name, member.group_id, member.capacity, member.state) == (
        "package",
        org["id"],
        "organization",
        "active",
    )


def test_new_package_activities_are_the_activity_plugins_rows(org):
    from ckanext.activity.model import Activity

    # not the site user: package_activity_list hides its activities
    context = dict(_context(), user=factories.Sysadmin()["name"])
    dataset = helpers.call_action("package_create", context=dict(context), name="with-activity", owner_org=org["id"])
    ckans = model.Session.query(Activity).filter_by(object_id=dataset["id"], activity_type="new package").one()
    _to_index, shown = ckan_internals.package_show_dicts(dataset["id"])
    package = model.Package.get(dataset["id"])
    ckan_internals.add_new_package_activities([package], [shown], model.User.get(context["user"]))
    model.Session.commit()
    ours = (
        model.Session.query(Activity)
        .filter_by(object_id=dataset["id"], activity_type="new package")
        .filter(Activity.id != ckans.id)
        .one()
    )
    for column in ("user_id", "object_id", "activity_type", "permission_labels"):
        assert getattr(ours, column) == getattr(ckans, column), column
    assert set(ours.data) == set(ckans.data)
    assert ours.data["package"]["id"] == ckans.data["package"]["id"] == dataset["id"]
    listed = helpers.call_action("package_activity_list", context=dict(context), id=dataset["id"])
    assert {activity["id"] for activity in listed} == {ours.id, ckans.id}


def test_a_license_is_added_to_ckans_register_once():
    ckan_internals.add_license({"id": "simore-test-license", "title": "Test", "url": "https://example.org/l"})
    ckan_internals.add_license({"id": "simore-test-license", "title": "Test", "url": "https://example.org/l"})
    assert ckan_internals.license_ids().count("simore-test-license") == 1
    assert "cc-by" in ckan_internals.license_ids()  # CKAN's own stay
    assert ("Test", "simore-test-license") in model.Package.get_license_options()
    assert helpers.call_action("license_list")[-1]["id"] == "simore-test-license"
