"""Search backends. ``install(config)`` is called from the plugin's
``update_config``; the PostgreSQL backend is being written (issue 3)."""
from __future__ import annotations

from typing import Any


def install(config: Any) -> None:
    """Select the search backend named by ``ckanext.simore.search_backend``."""
