"""Where this CKAN keeps a dataset's extras: a JSONB column on CKAN 2.12,
``package_extra`` rows on 2.11; the SQL that reads them either way."""
from __future__ import annotations

from ckanext.simore.db import tables


def extra_sql(key: str) -> tuple[str, str]:
    """(join, value): SQL reading the dataset field ``key`` of package ``p``
    (a literal key of the schema), wherever this CKAN keeps extras."""
    if tables.PACKAGE_EXTRAS_IN_JSONB:
        return "", f"p.extras->>'{key}'"
    return (f"LEFT JOIN package_extra e ON e.package_id = p.id AND e.key = '{key}' "
            "AND e.state = 'active'", "e.value")



# Package ``p`` has no institution: the predicates of migration 006's
# partial indexes (on the JSONB column; on package_extra, the datasets that
# have one), so that the planner uses them.
WITHOUT_INSTITUTION = (
    "coalesce(p.extras->>'institutions', '') IN ('', '[]')" if tables.PACKAGE_EXTRAS_IN_JSONB else
    "NOT EXISTS (SELECT 1 FROM package_extra e WHERE e.package_id = p.id AND e.key = 'institutions' "
    "AND e.state = 'active' AND e.value NOT IN ('', '[]'))")
