"""The ckanext-simore plugin: every hook delegates to a module named for
what it does."""

from __future__ import annotations

from importlib import resources
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

# scheming's validation module asks CKAN for every plugin's validators as it
# is imported, and ours import it: loading it first, before CKAN asks for
# ours, keeps either from finding the other half-initialised.
import ckanext.scheming.validation  # noqa: F401

from ckanext.simore import cli, languages, memo, registry, search
from ckanext.simore.participation import voices
from ckanext.simore.portal import counts_cache
from ckanext.simore.portal import search_facets as facets
from ckanext.simore.records import activity_visibility, indexing, licenses, permission_labels, status_flow


@tk.blanket.actions(registry.actions)
@tk.blanket.blueprints(registry.blueprints)
@tk.blanket.auth_functions(registry.auth_functions)
@tk.blanket.helpers(registry.helpers)
@tk.blanket.validators(registry.validators)
@tk.blanket.cli(cli.commands)
@tk.blanket.config_declarations
class SimorePlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.ITranslation)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPermissionLabels)

    # IConfigurer

    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "simore")
        memo.install()
        counts_cache.install()
        search.install(config)
        licenses.install()

    # IPackageController

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return voices.with_civil_society(status_flow.index_status_flow(indexing.before_dataset_index(pkg_dict)))

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        activity_visibility.follow_dataset(pkg_dict["id"])

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        return search.with_language_fields(search_params)

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]):
        return facets.label_facet_items(search_results, search_params)

    # ITranslation

    def i18n_directory(self) -> str:
        return str(resources.files("ckanext.simore.i18n"))

    def i18n_locales(self) -> list[str]:
        return languages.catalogue_locales()

    def i18n_domain(self) -> str:
        return "ckanext-simore"

    # IFacets

    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str):
        return facets.dataset_facets(facets_dict, package_type)

    # IPermissionLabels

    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        return permission_labels.dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        return permission_labels.user_labels(user_obj)
