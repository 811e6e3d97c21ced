"""What civil society says in public of each recommendation: the statuses
its organizations give it (each one's latest published assessment) and
the organizations that contributed. Both are in the recommendation's
search document (facets and filters of the search page and of
``package_search``) and in the exports, and follow every publication: a
contribution published, taken down, edited or withdrawn indexes its
record again."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from ckan.lib import search as search_lib

from ckanext.simore.participation import store

STATUS_FIELD = "civil_society_status"
ORGANIZATIONS_FIELD = "civil_society_organizations"
# the records whose voices are read in one query, in an export
BATCH = 500


def with_civil_society(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """A recommendation's search document, with what civil society says."""
    if pkg_dict.get("type") != "recommendation" or not pkg_dict.get("id"):
        return pkg_dict
    statuses, organizations = store.public_voices([pkg_dict["id"]]).get(pkg_dict["id"], ([], []))
    if statuses:
        pkg_dict[STATUS_FIELD] = statuses
    if organizations:
        pkg_dict[ORGANIZATIONS_FIELD] = organizations
    return pkg_dict


def joined(datasets: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each dataset with what civil society says of it (empty lists when
    nothing), read a batch of datasets at a time."""
    iterator = iter(datasets)
    while batch := list(itertools.islice(iterator, BATCH)):
        voices = store.public_voices(dataset["id"] for dataset in batch)
        for dataset in batch:
            statuses, organizations = voices.get(dataset["id"], ([], []))
            yield {**dataset, STATUS_FIELD: statuses, ORGANIZATIONS_FIELD: organizations}


def reindex_if_shown_changed(package_id: str | None, was_published: bool, is_published: bool) -> None:
    """Index the record again when what the public sees of civil society
    on it changed (a contribution published, or no longer)."""
    if package_id and (was_published or is_published):
        search_lib.rebuild(package_id)
