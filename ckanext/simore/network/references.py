"""This portal's names as the URIs ckanext-dcat gives them, and back: the
:class:`~ckanext.simore.network.records_rdf.References` of the portal's
own records (``<catalog>/dataset/<id>``, ``<catalog>/organization/<id>``,
a mechanism by its code in the network's namespace).

A record only becomes a URI for a reader who may read it, as its page
shows a reference (``records/readable``).
"""

from __future__ import annotations

from collections.abc import Iterable

from ckan import model
from ckanext.dcat.utils import catalog_uri

from ckanext.simore import memo, multilingual, roles
from ckanext.simore.db import extras
from ckanext.simore.records import readable


def _prefix(kind: str) -> str:
    return "{}/{}/".format(catalog_uri().rstrip("/"), kind)


def _local_id(uri: str, kind: str) -> str | None:
    prefix = _prefix(kind)
    return uri[len(prefix) :] if uri.startswith(prefix) else None


def _mechanism_codes() -> dict[str, str]:
    """name → code of every mechanism (one query per request)."""

    def compute() -> dict[str, str]:
        stored = extras.stored_by_name("mechanism", ["code"])
        return {name: row["code"] for name, row in stored.items() if row.get("code") and row["state"] == "active"}

    return memo.per_request(("network", "mechanism_codes"), compute)


class PortalReferences:
    """References between this portal's records, as the current user may
    read them."""

    def __init__(self, user_name: str | None = None):
        self.user_name = roles.current_user_name() if user_name is None else user_name

    def record_uris(self, names: Iterable[str]) -> dict[str, str]:
        found = readable.readable(names, self.user_name)
        return {name: _prefix("dataset") + package.id for name, package in found.items()}

    def record_names(self, uris: Iterable[str]) -> dict[str, str]:
        ids = {uri: _local_id(uri, "dataset") for uri in uris}
        found = readable.readable([one for one in ids.values() if one], self.user_name)
        return {uri: found[one].name for uri, one in ids.items() if one in found}

    def institution_uri(self, name: str) -> str | None:
        group = model.Group.get(name)
        return _prefix("organization") + group.id if group is not None and group.state == "active" else None

    def institution_name(self, uri: str) -> str | None:
        local = _local_id(uri, "organization")
        group = model.Group.get(local) if local else None
        return group.name if group is not None and group.state == "active" else None

    def institution_titles(self, name: str) -> dict[str, str]:
        """Its title in each language ("" for its plain title when it has
        none in any)."""
        group = model.Group.get(name)
        if group is None:
            return {}
        try:
            titles = multilingual.parse(group.extras.get("title_translated") or "{}")
        except multilingual.MultilingualError:
            titles = {}
        return {lang: title for lang, title in titles.items() if title} or {"": group.title}

    def mechanism_code(self, name: str) -> str | None:
        return _mechanism_codes().get(name)

    def mechanism_name(self, code: str) -> str | None:
        by_code = {stored: name for name, stored in _mechanism_codes().items()}
        return by_code.get(code)
