"""The fast write path: what ``package_create`` does for one dataset, done
for a batch of datasets with one flush, one index write and one commit.

Per dataset it runs the same steps with CKAN's own functions: the scheming
schema's validation (``plugin_validate``), ``package_dict_save``, the owner
organization's membership, the IPackageController ``create`` /
``after_dataset_create`` hooks, the package_show dicts that CKAN indexes,
``index_package`` and a "new package" activity holding the package_show
dict. What it saves per dataset is the round trips: CKAN commits, indexes
and writes the activity one dataset at a time, and looks the same user,
organization and name up again for each (here: once per batch; ``save_new_package``
takes package_dict_save's steps itself for a record whose name is unused). The tests compare what both paths
write. The steps that reach into CKAN's internals are in ``ckan_internals``
and where the extras are stored in ``db/extras``.
"""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import plugins as lib_plugins
from ckan.lib.navl.dictization_functions import validate as navl_validate

from ckanext.simore import ckan_internals, keys
from ckanext.simore.db import extras
from ckanext.simore.records import status_flow


def write_context(user_name: str) -> dict[str, Any]:
    """The context of one import's writes (kept for all its batches)."""
    return {
        "model": model,
        "session": model.Session,
        "user": user_name,
        "ignore_auth": True,
        _DERIVATION_KEY: _Derivation(),
    }


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
    taken = {
        name
        for (name,) in model.Session.query(model.Package.name).filter(
            model.Package.name.in_(names), model.Package.state != model.State.DELETED
        )
    }
    return dict(context, **{keys.FREE_NAMES: frozenset(names) - taken, keys.OWNER_ORGS_CHECKED: {}, _SCHEMAS_KEY: {}})


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


def save_new_package(data: dict[str, Any], context: dict[str, Any], name_unused: bool) -> model.Package:
    """package_dict_save of a new dataset (validated dict ``data``), in the
    session, unflushed: its steps taken here for one whose name no dataset
    has and that holds nothing but its fields (an import's record)."""
    if not name_unused or ckan_internals.holds_related(data):
        return ckan_internals.package_dict_save(data, context)
    row = {key: value for key, value in data.items() if key not in ("metadata_created", "plugin_data")}
    package = ckan_internals.add_new_package(extras.new_package_row(row, data.get("extras", [])))
    extras.save_new_package_extras(package, data.get("extras"), context)
    return package


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
            packages.append((save_new_package(data, context, data["name"] in unused), data))
    model.Session.flush()
    now = datetime.datetime.utcnow()
    ckan_internals.add_owner_memberships(package for package, _data in packages)
    for package, data in packages:
        data["id"] = package.id
        package.metadata_modified = package.metadata_modified or now
        for plugin in p.PluginImplementations(p.IPackageController):
            plugin.create(package)
            plugin.after_dataset_create(context, data)
    model.Session.flush()

    shown = []
    index = ckan_internals.package_index()
    derive = context.get(_DERIVATION_KEY) or _Derivation()
    # the batch's index documents, collected and written in one statement
    with (
        ckan_internals.index_documents_collected() as docs,
        status_flow.status_events_prefetched([pkg.id for pkg, _ in packages]),
    ):
        for package, _data in packages:
            to_index, show = derive.show_dicts(package)
            index.index_package(to_index, defer_commit=True)
            shown.append(show)
    if docs:
        ckan_internals.write_index_documents(docs)
    # indexed above: not again, one by one, when the session commits (2.11)
    ckan_internals.skip_indexing_at_commit({package.id for package, _data in packages})
    ckan_internals.add_new_package_activities([pkg for pkg, _ in packages], shown, user)
    return shown


def _unused_names(names: list[str]) -> set[str]:
    """The names no dataset has, not even a deleted one."""
    used = {name for (name,) in model.Session.query(model.Package.name).filter(model.Package.name.in_(names))}
    return set(names) - used


def _package_columns(package: model.Package) -> dict[str, Any]:
    from ckan.lib.dictization import table_dictize

    columns = table_dictize(package, {"model": model, "session": model.Session})
    columns.pop("plugin_data", None)
    columns.pop("extras", None)
    if columns.get("title"):
        columns["title"] = columns["title"].strip()
    return columns


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
        stored = extras.stored(package)
        shape = (package.owner_org, package.type, package.private, tuple(sorted(stored)))
        if shape not in self.references:
            real = ckan_internals.package_show_dicts(package.id)
            # a copy: CKAN 2.11's index_package changes the dict it indexes
            learned = self._learn(package, stored, *copy.deepcopy(real))
            self.references[shape] = learned
            return real
        learned = self.references[shape]
        if learned is None:
            return ckan_internals.package_show_dicts(package.id)
        derived = self._derive(package, stored, *learned)
        if shape not in self.checked:
            # a second dataset of the shape proves that nothing else differs
            self.checked.add(shape)
            real = ckan_internals.package_show_dicts(package.id)
            if derived != real:
                self.references[shape] = None
                return real
        return derived

    def _learn(self, package, stored, to_index, shown):
        decoders = {}
        for key, value in stored.items():
            if shown.get(key) == value:
                decoders[key] = False
            elif isinstance(value, str) and _loads(value) == shown.get(key):
                decoders[key] = True
            else:
                return None
        learned = (to_index, shown, decoders)
        if self._derive(package, stored, *learned) != (to_index, shown):
            return None
        return learned

    @staticmethod
    def _derive(package, stored, to_index, shown, decoders):
        columns = _package_columns(package)
        default = dict(to_index)
        default.pop("with_custom_schema", None)
        default.update(columns)
        default["extras"] = extras.dictized(package, stored)
        default["isopen"] = package.isopen()
        custom = dict(shown)
        custom.update(columns)
        custom.update({k: (_loads(v) if decoders[k] else v) for k, v in stored.items()})
        custom["isopen"] = default["isopen"]
        if "with_custom_schema" in to_index:
            return dict(default, with_custom_schema=custom), custom
        return default, custom


def _loads(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return None
