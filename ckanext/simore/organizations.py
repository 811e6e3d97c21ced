"""The two kinds of CKAN organization on this portal.

- **State institutions** (CKAN's own type ``organization``): they own the
  records, are assigned recommendations, report actions, answer questions
  and are counted in rounds and compliance; their members are focal points
  and validating authorities (``roles``).
- **Civil society organizations** (type ``civil_society``, the scheming
  schema ``civil_society.yaml``): NGOs, national human rights institutions,
  academia. They own no records and are never counted as institutions; they
  take part through contributions (``participation/``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import model

INSTITUTION = "organization"
CIVIL_SOCIETY = "civil_society"


def institutions_clause() -> Any:
    """The SQL condition on ``model.Group`` for State institutions."""
    return sa.and_(model.Group.is_organization.is_(True), model.Group.type == INSTITUTION)


def is_institution(group: model.Group | None) -> bool:
    return group is not None and bool(group.is_organization) and group.type == INSTITUTION


def is_civil_society(group: model.Group | None) -> bool:
    return group is not None and bool(group.is_organization) and group.type == CIVIL_SOCIETY
