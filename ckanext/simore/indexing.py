"""What the extension adds to a dataset before it is indexed (any backend)."""
from __future__ import annotations

from typing import Any


def before_dataset_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    return pkg_dict


def dataset_facets(facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
    return facets_dict
