"""What the plugin registers with CKAN, collected from the feature
packages.

Each feature package (``records``, ``workflow``, …) may have the modules
``actions``, ``auth``, ``validators``, ``helpers`` and ``views``; each lists
what it registers in its own ``__all__`` (API actions, auth functions,
validators, template helpers, blueprints), and nothing is listed anywhere
else. A name registered by two features is an error at start-up. Names a
module registers only beside another CKAN plugin (chained to its actions)
are listed in its ``BESIDE_PLUGINS``, by plugin.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType
from typing import Any

import ckan.plugins as p
from flask import Blueprint

# In the order they are loaded.
FEATURES = (
    "vocabularies",
    "records",
    "workflow",
    "focal_points",
    "dashboards",
    "portal",
    "imports",
    "exports",
    "reporting",
    "indicators",
    "information_requests",
    "drafts",
    "participation",
    "network",
    "deployment",
    "security",
)


def _modules(kind: str) -> list[ModuleType]:
    names = ["ckanext.simore.{}.{}".format(feature, kind) for feature in FEATURES]
    return [importlib.import_module(name) for name in names if importlib.util.find_spec(name)]


def _without_plugin(module: ModuleType) -> set[str]:
    beside: dict[str, list[str]] = getattr(module, "BESIDE_PLUGINS", {})
    return {name for plugin, names in beside.items() if not p.plugin_loaded(plugin) for name in names}


def _registered(kind: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for module in _modules(kind):
        left_out = _without_plugin(module)
        for name in (name for name in module.__all__ if name not in left_out):
            if name in found:
                raise RuntimeError("{} is registered twice (again in {})".format(name, module.__name__))
            found[name] = getattr(module, name)
    return found


def actions() -> dict[str, Any]:
    """Every API action; the extension's own check their input first and
    roll back on error (``security.guard``), chained ones do it themselves."""
    from ckanext.simore.security import guard

    return {
        name: action if getattr(action, "chained_action", False) else guard.guarded(action)
        for name, action in _registered("actions").items()
    }


def auth_functions() -> dict[str, Any]:
    return _registered("auth")


def validators() -> dict[str, Any]:
    return _registered("validators")


def helpers() -> dict[str, Any]:
    return _registered("helpers")


def blueprints() -> list[Blueprint]:
    return list(_registered("views").values())
