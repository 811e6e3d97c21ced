"""The fast write path: what ``package_create`` does for one dataset, done
for a batch of datasets with one flush, one index write and one commit.

Per dataset it runs the same steps with CKAN's own functions: the scheming
schema's validation (``plugin_validate``), ``package_dict_save``, the owner
organization's membership, the IPackageController ``create`` /
``after_dataset_create`` hooks, the package_show dicts that CKAN indexes,
``index_package`` and a "new package" activity holding the package_show
dict. What it saves per dataset is the round trips: CKAN commits, indexes
and writes the activity one dataset at a time, and looks the same user,
organization and name up again for each (here: once per batch; ``_save``
takes package_dict_save's steps itself for a record whose name is unused).
The tests compare what both paths write.
"""
from __future__ import annotations

import contextlib
import copy
import datetime
import json
import uuid
from typing import Any, Iterator

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import logic, model
from ckan.lib import plugins as lib_plugins
from ckan.lib import search as search_lib
from ckan.lib.dictization import model_save
from ckan.lib.navl.dictization_functions import validate as navl_validate

from ckanext.simore.records import status_flow
from ckanext.simore.db import tables
from ckanext.simore import keys

def write_context(user_name: str) -> dict[str, Any]:
    """The context of one import's writes (kept for all its batches)."""
    return {
        "model": model,
        "session": model.Session,
        "user": user_name,
        "ignore_auth": True,
        _DERIVATION_KEY: _Derivation(),
    }


# CKAN 2.11 indexes, when the session commits, every dataset the session
# created or whose extras it wrote (its synchronous_search plugin, told by
# the modification observer); 2.12 indexes in the actions instead.
_INDEXED_AT_COMMIT = hasattr(search_lib, "SynchronousSearchPlugin")

# A batch's validation schemas, per dataset type (see ``validate``).
_SCHEMAS_KEY = "simore_validation_schemas"
# An import's reference package_show dicts, per shape of dataset (see
# ``_Derivation``): learned in its first batches, used by all.
_DERIVATION_KEY = "simore_show_derivation"


def batch_context(context: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The write context for validating one batch of new datasets: which of
    their names are free (one query for the batch, instead of one per
    dataset in package_name_validator), a memo of the owner organization
    check (the same user and organization for every dataset) and the
    schemas built for the batch."""
    taken = {name for (name,) in model.Session.query(model.Package.name).filter(
        model.Package.name.in_(names), model.Package.state != model.State.DELETED)}
    return dict(context, **{
        keys.FREE_NAMES: frozenset(names) - taken,
        keys.OWNER_ORGS_CHECKED: {},
        _SCHEMAS_KEY: {},
    })


def validate(data: dict[str, Any], context: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """package_create's validation of one dataset dict: (data, errors). In a
    batch (``batch_context``) the schema of each dataset type is built once."""
    built = context.get(_SCHEMAS_KEY)
    if built is not None and data["type"] in built:
        return navl_validate(data, built[data["type"]], dict(context))
    plugin = lib_plugins.lookup_package_plugin(data["type"])
    schema = plugin.create_package_schema()
    result = lib_plugins.plugin_validate(plugin, dict(context), data, schema, "package_create")
    if built is not None and _schema_reusable(data["type"]):
        # scheming's validate has filled ``schema`` with every field's
        # validators, the part of its work that does not depend on the data
        built[data["type"]] = schema
    return result


def _schema_reusable(dataset_type: str) -> bool:
    # scheming validates repeating subfields with a converter it adds to a
    # copy of the schema, per dataset
    schema = tk.h.scheming_get_dataset_schema(dataset_type) or {}
    fields = schema.get("dataset_fields", []) + schema.get("resource_fields", [])
    return bool(schema) and not any("repeating_subfields" in field for field in fields)


class _Collector:
    """Stands in for the search connection while CKAN builds index
    documents, so that a batch is written in one statement."""

    def __init__(self) -> None:
        self.docs: list[dict[str, Any]] = []

    def add(self, docs: list[dict[str, Any]], commit: bool | None = None, **kwargs: Any) -> str:
        self.docs.extend(docs)
        return ""


@contextlib.contextmanager
def _collected_index_docs() -> Iterator[list[dict[str, Any]]]:
    # index_package opens its connection through this module attribute
    # (which the PostgreSQL backend also replaces): collect, then write once.
    from ckan.lib.search import index as search_index

    collector = _Collector()
    original = search_index.make_connection
    search_index.make_connection = lambda *args, **kwargs: collector
    try:
        yield collector.docs
    finally:
        search_index.make_connection = original


def _show_dicts(package_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(what CKAN indexes, what package_show returns) for a dataset, as
    package_create computes them."""
    context = {"model": model, "session": model.Session, "ignore_auth": True, "use_cache": False}
    if hasattr(logic, "package_show_default_and_custom_schemas"):  # CKAN 2.12
        default, custom = logic.package_show_default_and_custom_schemas(context, package_id)
        return dict(default, with_custom_schema=custom), custom
    # CKAN 2.11 indexes the unvalidated dict and validates it itself
    raw = tk.get_action("package_show")(dict(context, validate=False), {"id": package_id})
    shown = tk.get_action("package_show")(dict(context, for_view=False), {"id": package_id})
    return raw, shown


def create(validated: list[dict[str, Any]], context: dict[str, Any]) -> list[dict[str, Any]]:
    """Write validated datasets (as ``validate`` returned them) in the
    session's transaction; returns their package_show dicts. The caller
    commits."""
    user = model.User.by_name(context["user"])
    unused = _unused_names([data["name"] for data in validated])
    packages = []
    # one flush for the batch: package_dict_save's lookup of each name would
    # otherwise flush the previous dataset on its own
    with model.Session.no_autoflush:
        for data in validated:
            data = dict(data)
            if user is not None:
                data["creator_user_id"] = user.id
            packages.append((_save(data, context, data["name"] in unused), data))
    model.Session.flush()
    now = datetime.datetime.utcnow()
    # what package_owner_org_update does for a new dataset, in one statement:
    # as ORM objects, each membership would cost a query at commit (CKAN's
    # modification observer looks up its "related packages").
    memberships = [
        {"table_id": package.id, "table_name": "package", "group_id": package.owner_org,
         "capacity": "organization", "state": "active"}
        for package, _data in packages if package.owner_org]
    if memberships:
        model.Session.execute(model.member_table.insert(), memberships)
    for package, data in packages:
        data["id"] = package.id
        package.metadata_modified = package.metadata_modified or now
        for plugin in p.PluginImplementations(p.IPackageController):
            plugin.create(package)
            plugin.after_dataset_create(context, data)
    model.Session.flush()

    shown = []
    index = _search_index()
    derive = context.get(_DERIVATION_KEY) or _Derivation()
    with _collected_index_docs() as docs, status_flow.status_events_prefetched([pkg.id for pkg, _ in packages]):
        for package, _data in packages:
            to_index, show = derive.show_dicts(package)
            index.index_package(to_index, defer_commit=True)
            shown.append(show)
    if docs:
        from ckan.lib.search.common import make_connection

        make_connection().add(docs, commit=False)
    if _INDEXED_AT_COMMIT:
        _skip_indexing_at_commit({package.id for package, _data in packages})
    _activities([pkg for pkg, _ in packages], shown, user)
    return shown


def _skip_indexing_at_commit(package_ids: set[str]) -> None:
    """Take the batch's datasets, indexed above in one statement, out of
    what CKAN 2.11 notifies at commit (else each is indexed again, twice,
    one statement each: as new, and as changed through its extras)."""
    cache = getattr(model.Session(), "_object_cache", None)
    if not cache:
        return
    for kind in ("new", "changed"):
        cache[kind] = {
            obj for obj in cache[kind]
            if not (isinstance(obj, model.Package) and obj.id in package_ids
                    or isinstance(obj, model.PackageExtra) and obj.package_id in package_ids)}


# What a dataset may hold besides its own row and fields; datasets holding
# any of them are saved by CKAN's package_dict_save whole.
_RELATED = ("resources", "tags", "groups", "relationships_as_subject", "relationships_as_object")


def _unused_names(names: list[str]) -> set[str]:
    """The names no dataset has, not even a deleted one."""
    used = {name for (name,) in model.Session.query(model.Package.name).filter(model.Package.name.in_(names))}
    return set(names) - used


def _save(data: dict[str, Any], context: dict[str, Any], name_unused: bool) -> model.Package:
    """package_dict_save of a new dataset. For one whose name no dataset has
    and that holds nothing but its fields (an import's record), its steps
    are taken here without its lookup of an existing dataset by name: an ORM
    query that costs as much as the rest of the save."""
    if not name_unused or any(data.get(key) for key in _RELATED):
        saved = model_save.package_dict_save(data, dict(context))
        return saved[0] if isinstance(saved, tuple) else saved  # 2.12 returns (package, change)
    row = {key: value for key, value in data.items() if key not in ("metadata_created", "plugin_data")}
    if tables.PACKAGE_EXTRAS_IN_JSONB:
        row["extras"] = {extra["key"]: extra["value"] for extra in data.get("extras", [])}
    else:
        row.pop("metadata_modified", None)
    package = model.Package()
    package.from_dict(row)
    model.Session.add(package)
    package.id = package.id or str(uuid.uuid4())
    if not tables.PACKAGE_EXTRAS_IN_JSONB:
        model_save.package_extras_save(data.get("extras"), package, dict(context))
    return package


def _package_columns(package: model.Package) -> dict[str, Any]:
    from ckan.lib.dictization import table_dictize

    columns = table_dictize(package, {"model": model, "session": model.Session})
    columns.pop("plugin_data", None)
    columns.pop("extras", None)
    if columns.get("title"):
        columns["title"] = columns["title"].strip()
    return columns


def _stored_extras(package: model.Package) -> dict[str, Any]:
    if tables.PACKAGE_EXTRAS_IN_JSONB:
        return dict(package.extras or {})
    return {key: extra.value for key, extra in package._extras.items() if extra.state == "active"}


class _Derivation:
    """package_show's dicts for new datasets without a query each.

    For the first dataset of each shape (the set of fields it has) in an
    import, CKAN's own functions compute the dicts. The others are derived
    from that one: the same organization, no resources, tags, groups or
    relations; the package columns and stored fields are the dataset's
    own, each field turned into its shown form the way the reference's was
    (as stored, or JSON-decoded). A reference whose dicts cannot be
    reproduced this way makes its whole shape use CKAN's functions. One
    import keeps what it learned for all its batches (each worker process
    its own copy), so the organization's part of the dicts is as it was
    when the shape was learned (an edit of the organization during the
    import reaches these datasets' index entries at their next re-index)."""

    def __init__(self) -> None:
        self.references: dict[tuple, tuple[dict, dict, dict] | None] = {}
        self.checked: set[tuple] = set()

    def show_dicts(self, package: model.Package) -> tuple[dict[str, Any], dict[str, Any]]:
        extras = _stored_extras(package)
        shape = (package.owner_org, package.type, package.private, tuple(sorted(extras)))
        if shape not in self.references:
            real = _show_dicts(package.id)
            # a copy: CKAN 2.11's index_package changes the dict it indexes
            learned = self._learn(package, extras, *copy.deepcopy(real))
            self.references[shape] = learned
            return real
        learned = self.references[shape]
        if learned is None:
            return _show_dicts(package.id)
        derived = self._derive(package, extras, *learned)
        if shape not in self.checked:
            # a second dataset of the shape proves that nothing else differs
            self.checked.add(shape)
            real = _show_dicts(package.id)
            if derived != real:
                self.references[shape] = None
                return real
        return derived

    def _learn(self, package, extras, to_index, shown):
        decoders = {}
        for key, stored in extras.items():
            if shown.get(key) == stored:
                decoders[key] = False
            elif isinstance(stored, str) and _loads(stored) == shown.get(key):
                decoders[key] = True
            else:
                return None
        learned = (to_index, shown, decoders)
        if self._derive(package, extras, *learned) != (to_index, shown):
            return None
        return learned

    @staticmethod
    def _derive(package, extras, to_index, shown, decoders):
        columns = _package_columns(package)
        default = dict(to_index)
        default.pop("with_custom_schema", None)
        default.update(columns)
        if tables.PACKAGE_EXTRAS_IN_JSONB:
            default["extras"] = [{"key": k, "value": v} for k, v in extras.items()]
        else:
            default["extras"] = sorted(
                (_extra_dict(e) for e in package._extras.values() if e.state == "active"),
                key=lambda e: e["key"])
        default["isopen"] = package.isopen()
        custom = dict(shown)
        custom.update(columns)
        custom.update({k: (_loads(v) if decoders[k] else v) for k, v in extras.items()})
        custom["isopen"] = default["isopen"]
        if "with_custom_schema" in to_index:
            return dict(default, with_custom_schema=custom), custom
        return default, custom


def _extra_dict(extra: Any) -> dict[str, Any]:
    from ckan.lib.dictization import table_dictize

    return table_dictize(extra, {"model": model, "session": model.Session})


def _loads(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return None


def _search_index() -> Any:
    return search_lib.index_for("Package")


def _activities(packages: list[model.Package], shown: list[dict[str, Any]], user: model.User | None) -> None:
    """The "new package" activities the activity plugin writes after
    package_create, with the same data and permission labels."""
    if not packages or not p.plugin_loaded("activity") or not tk.config.get("ckan.activity_streams_enabled"):
        return
    from ckanext.activity.model import Activity

    labels = lib_plugins.get_permission_labels()
    now = datetime.datetime.utcnow()
    # one statement with the columns Activity() fills; as ORM objects,
    # the unit of work costs more than the insert itself
    model.Session.execute(Activity.__table__.insert(), [
        {"id": str(uuid.uuid4()), "timestamp": now, "user_id": user.id if user else None,
         "object_id": package.id, "activity_type": "new package",
         "data": {"package": show, "actor": user.name if user else None},
         "permission_labels": labels.get_dataset_labels(package)}
        for package, show in zip(packages, shown)])
