"""Who may create, edit and delete each kind of record: the portal's
governance by type and role.

Pure logic: nothing here imports CKAN. The auth functions
(``logic/auth_governance.py``) gather the facts about the user and the
record and ask :func:`refusal`; CKAN's own checks (organization
membership, frozen actions) still apply on top.

- recommendations, mechanisms and good practices (what the network's
  national mechanisms did that worked): the coordinating body only;
- actions: the staff (focal points and validating authority) of the
  institution that owns them; born private drafts, published only through
  the workflow;
- plain CKAN datasets: nobody, unless the portal allows them, and then
  the coordinating body only; types this portal does not define: nobody,
  except types a portal adds on purpose (``other_types``), for coordinators;
- institutions (organizations) and groups: created and deleted by the
  coordinating body only.
"""

from __future__ import annotations

from dataclasses import dataclass

from ckanext.simore.multilingual import N_

COORDINATED_TYPES = frozenset({"recommendation", "mechanism", "practice"})
INSTITUTION_TYPES = frozenset({"action"})
PLAIN_TYPE = "dataset"

CREATE, UPDATE, DELETE = "create", "update", "delete"


@dataclass(frozen=True)
class Actor:
    """What the auth layer found out about the user."""

    sysadmin: bool = False
    coordinator: bool = False
    # staff (focal point or validating authority) of the record's institution
    institution_staff: bool = False


@dataclass(frozen=True)
class Portal:
    """What the portal's configuration allows."""

    plain_datasets: bool = False
    other_types: frozenset[str] = frozenset()


def refusal(dataset_type: str, operation: str, actor: Actor, portal: Portal) -> str | None:
    """None when ``actor`` may do ``operation`` to a record of
    ``dataset_type``, else why not (untranslated)."""
    if dataset_type in COORDINATED_TYPES:
        return (
            None
            if actor.coordinator or actor.sysadmin
            else N_("Only the coordinating body records recommendations, mechanisms and good practices")
        )
    if dataset_type in INSTITUTION_TYPES:
        return (
            None
            if actor.institution_staff or actor.sysadmin
            else N_("Only the staff of the reporting institution write its actions")
        )
    if dataset_type == PLAIN_TYPE and not portal.plain_datasets:
        return N_("This portal records recommendations, mechanisms, actions and good practices only")
    if dataset_type != PLAIN_TYPE and dataset_type not in portal.other_types:
        return N_("This portal has no records of that type")
    return None if actor.coordinator or actor.sysadmin else N_("Only the coordinating body records other datasets")


def organization_refusal(actor: Actor) -> str | None:
    """Creating or deleting an institution (or a group)."""
    return (
        None
        if actor.coordinator or actor.sysadmin
        else N_("Only the coordinating body creates and removes institutions")
    )
