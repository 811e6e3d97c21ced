"""The one module that reaches into CKAN's private structures or asks which
CKAN version it runs on. Everything else uses CKAN's actions, plugin
interfaces, toolkit and model, or calls the functions here.

CKAN internals touched (each exercised by tests/internals/test_ckan_internals.py, so
that a CKAN upgrade that changes one fails a test named after it):

- version probes: ``INDEXED_AT_COMMIT`` (``ckan.lib.search.
  SynchronousSearchPlugin``), ``SHOW_DICTS_IN_ONE_CALL`` (``ckan.logic.
  package_show_default_and_custom_schemas``), ``PACKAGE_EXTRA_CLASS`` /
  ``GROUP_EXTRA_CLASS`` (``ckan.model.PackageExtra`` / ``GroupExtra``).
  Where a dataset's extras are stored, and the SQL and writes that depend
  on it, are in ``db/extras.py`` (its probe ``PACKAGE_EXTRAS_IN_JSONB``).
- the search connection: ``make_connection`` in ``ckan.lib.search``,
  ``.common``, ``.index`` and ``.query`` (each holds its own reference), and
  ``ckan.lib.search.check_solr_schema_version``, replaced for the
  PostgreSQL backend (``install_search_connection``) and, for one batch
  of the import, ``ckan.lib.search.index.make_connection`` swapped for a
  collector (``index_documents_collected``).
- the SQLAlchemy session's ``_object_cache``, CKAN 2.11's list of what to
  index at commit (``skip_indexing_at_commit``).
- a 2.11 dataset's ``_extras`` collection of extras rows
  (``package_extra_rows``).
- CKAN's license register (``Package.get_license_register().licenses``),
  extended with one license (``add_license``).
- package_create's steps re-done for a batch: ``package_dict_save``'s
  for a new dataset (``add_new_package``; ``package_dict_save`` itself
  for one holding more than its fields), package_owner_org_update's
  membership rows (``add_owner_memberships``), the dicts package_create
  indexes (``package_show_dicts``) and the activity plugin's "new package"
  rows (``add_new_package_activities``).
"""

from __future__ import annotations

import contextlib
import datetime
import importlib
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import logic, model
from ckan.lib import plugins as lib_plugins
from ckan.lib import search as search_lib

# -- version probes ------------------------------------------------------------------

# CKAN 2.11 indexes, when the session commits, every dataset the session
# created or whose extras it wrote (its synchronous_search plugin, told by
# the modification observer); 2.12 indexes in the actions instead.
INDEXED_AT_COMMIT = hasattr(search_lib, "SynchronousSearchPlugin")

# CKAN 2.12 computes the dict it indexes and package_show's in one call;
# 2.11 indexes the unvalidated package_show dict and validates it itself.
SHOW_DICTS_IN_ONE_CALL = hasattr(logic, "package_show_default_and_custom_schemas")

# CKAN 2.11 keeps extras in rows of their own classes; 2.12 has no such
# classes (db/extras.py says where the extras are instead).
PACKAGE_EXTRA_CLASS = getattr(model, "PackageExtra", None)
GROUP_EXTRA_CLASS = getattr(model, "GroupExtra", None)


# -- the search connection ---------------------------------------------------------------

# Modules that hold their own reference to make_connection (``from .common
# import make_connection``), so each must be given the replacement.
SEARCH_CONNECTION_HOLDERS = (
    "ckan.lib.search.common",
    "ckan.lib.search.index",
    "ckan.lib.search.query",
    "ckan.lib.search",
)
# Marks the objects installed here, so that CKAN's own are the ones kept.
_MARK = "simore_search"
_originals: dict[tuple[str, str], Any] = {}


def _holders() -> list[Any]:
    return [importlib.import_module(name) for name in SEARCH_CONNECTION_HOLDERS]


def _install(module: Any, attribute: str, value: Any) -> None:
    key = (module.__name__, attribute)
    current = getattr(module, attribute)
    if key not in _originals and not getattr(current, _MARK, False):
        _originals[key] = current
    setattr(value, _MARK, True)
    setattr(module, attribute, value)


def install_search_connection(
    make_connection: Callable[..., Any], schema_check: Callable[[Callable[..., bool]], Callable[..., bool]]
) -> None:
    """Have every CKAN search and index write use ``make_connection``, and
    replace CKAN's Solr schema check with ``schema_check(CKAN's check)``.
    CKAN has no plugin point for its search backend."""
    for module in _holders():
        _install(module, "make_connection", make_connection)
    key = (search_lib.__name__, "check_solr_schema_version")
    _install(
        search_lib, "check_solr_schema_version", schema_check(_originals.get(key, search_lib.check_solr_schema_version))
    )


def restore_search_connection() -> None:
    """Give CKAN back its own connection and schema check."""
    for module in _holders():
        for attribute in ("make_connection", "check_solr_schema_version"):
            original = _originals.get((module.__name__, attribute))
            if original is not None:
                setattr(module, attribute, original)


class _Collector:
    """Stands in for the search connection while CKAN builds index
    documents, so that a batch is written in one statement."""

    def __init__(self) -> None:
        self.docs: list[dict[str, Any]] = []

    def add(self, docs: list[dict[str, Any]], commit: bool | None = None, **kwargs: Any) -> str:
        self.docs.extend(docs)
        return ""


@contextlib.contextmanager
def index_documents_collected() -> Iterator[list[dict[str, Any]]]:
    """Within the block, ``index_package`` adds its documents to the list
    yielded instead of writing them (``write_index_documents`` writes them
    once). index_package opens its connection through
    ``ckan.lib.search.index.make_connection``, which is put back after the
    block, whatever it was (CKAN's, or the PostgreSQL backend's)."""
    from ckan.lib.search import index as search_index

    collector = _Collector()
    original = search_index.make_connection
    search_index.make_connection = lambda *args, **kwargs: collector
    try:
        yield collector.docs
    finally:
        search_index.make_connection = original


def write_index_documents(docs: list[dict[str, Any]]) -> None:
    """Write index documents in one call, in the current transaction's
    commit (as ``index_package(..., defer_commit=True)`` does)."""
    from ckan.lib.search.common import make_connection

    make_connection().add(docs, commit=False)


def package_index() -> Any:
    """CKAN's search index of datasets (``index_package``)."""
    return search_lib.index_for("Package")


def skip_indexing_at_commit(package_ids: set[str]) -> int:
    """Take these datasets, and their extras rows, out of what CKAN 2.11
    indexes when the session commits (the session's ``_object_cache``,
    filled at each flush); for datasets already indexed otherwise (else
    each is indexed again, twice, one statement each: as new, and as
    changed through its extras). Returns how many objects were taken out;
    0 on 2.12, which indexes in the actions."""
    if not INDEXED_AT_COMMIT:
        return 0
    cache = getattr(model.Session(), "_object_cache", None)
    if not cache:
        return 0
    removed = 0
    for kind in ("new", "changed"):
        kept = {
            obj
            for obj in cache[kind]
            if not (
                isinstance(obj, model.Package)
                and obj.id in package_ids
                or isinstance(obj, PACKAGE_EXTRA_CLASS)
                and obj.package_id in package_ids
            )
        }
        removed += len(cache[kind]) - len(kept)
        cache[kind] = kept
    return removed


# -- extras rows ---------------------------------------------------------------------------


def package_extra_rows(package: model.Package) -> dict[str, Any]:
    """CKAN 2.11: a loaded dataset's extras rows (PackageExtra, any state)
    by key, from its private ``_extras`` collection: ``package.extras``
    gives values only, not whether a row is deleted. Never called on 2.12."""
    return package._extras


# -- package_create's steps, for a batch -----------------------------------------------

# What a dataset may hold besides its own row and fields; datasets holding
# any of them are saved by CKAN's package_dict_save whole.
_RELATED = ("resources", "tags", "groups", "relationships_as_subject", "relationships_as_object")


def holds_related(data: dict[str, Any]) -> bool:
    """Whether a dataset holds more than its own row and fields (resources,
    tags, groups, relationships): package_dict_save then saves it whole."""
    return any(data.get(key) for key in _RELATED)


def package_dict_save(data: dict[str, Any], context: dict[str, Any]) -> model.Package:
    """CKAN's package_dict_save of a validated dataset, in the session,
    unflushed."""
    from ckan.lib.dictization import model_save

    saved = model_save.package_dict_save(data, dict(context))
    return saved[0] if isinstance(saved, tuple) else saved  # 2.12 returns (package, change)


def add_new_package(row: dict[str, Any]) -> model.Package:
    """A new dataset's row (its columns, as ``Package.from_dict`` takes
    them) added to the session, with an id: package_dict_save's own steps
    for a dataset whose name no dataset has, without its lookup of one by
    name (an ORM query that costs as much as the rest of the save)."""
    package = model.Package()
    package.from_dict(row)
    model.Session.add(package)
    package.id = package.id or str(uuid.uuid4())
    return package


def add_owner_memberships(packages: Iterable[model.Package]) -> None:
    """What package_owner_org_update does for new datasets, in one
    statement: as ORM objects, each membership would cost a query at
    commit (CKAN's modification observer looks up its "related
    packages")."""
    memberships = [
        {
            "table_id": package.id,
            "table_name": "package",
            "group_id": package.owner_org,
            "capacity": "organization",
            "state": "active",
        }
        for package in packages
        if package.owner_org
    ]
    if memberships:
        model.Session.execute(model.member_table.insert(), memberships)


def package_show_dicts(package_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(what CKAN indexes, what package_show returns) for a dataset, as
    package_create computes them."""
    context = {"model": model, "session": model.Session, "ignore_auth": True, "use_cache": False}
    if SHOW_DICTS_IN_ONE_CALL:
        default, custom = logic.package_show_default_and_custom_schemas(context, package_id)
        return dict(default, with_custom_schema=custom), custom
    raw = tk.get_action("package_show")(dict(context, validate=False), {"id": package_id})
    shown = tk.get_action("package_show")(dict(context, for_view=False), {"id": package_id})
    return raw, shown


def add_new_package_activities(
    packages: list[model.Package], shown: list[dict[str, Any]], user: model.User | None
) -> None:
    """The "new package" activities the activity plugin writes after
    package_create, with the same data and permission labels (none when
    the plugin or activity streams are off)."""
    if not packages or not p.plugin_loaded("activity") or not tk.config.get("ckan.activity_streams_enabled"):
        return
    from ckanext.activity.model import Activity

    labels = lib_plugins.get_permission_labels()
    now = datetime.datetime.utcnow()
    # one statement with the columns Activity() fills; as ORM objects,
    # the unit of work costs more than the insert itself
    model.Session.execute(
        Activity.__table__.insert(),
        [
            {
                "id": str(uuid.uuid4()),
                "timestamp": now,
                "user_id": user.id if user else None,
                "object_id": package.id,
                "activity_type": "new package",
                "data": {"package": show, "actor": user.name if user else None},
                "permission_labels": labels.get_dataset_labels(package),
            }
            for package, show in zip(packages, shown)
        ],
    )


def add_license(data: dict[str, Any]) -> None:
    """Offer one more license beside CKAN's (from its defaults or
    ``licenses_group_url``), unless one with its id is there already."""
    from ckan.model.license import License

    register = model.Package.get_license_register()
    if all(known.id != data["id"] for known in register.licenses):
        register.licenses.append(License(dict(data)))


def license_ids() -> list[str]:
    return [known.id for known in model.Package.get_license_register().licenses]
