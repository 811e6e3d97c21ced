"""Counts as someone sees them: ``package_search`` with facets (``rows=0``)
in a viewer's, an anonymous visitor's or the site's context, kept in the
counts cache until a dataset of the counted types changes. Public figures
are always counted as an anonymous visitor, so an unpublished record never
changes a public number."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.simore import memo, roles
from ckanext.simore.portal import counts_cache
from ckanext.simore.records import loaders


def package_search(context: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """package_search; facet values stay codes (labelled where shown). The
    user's record is looked up once per request, not by every search's
    access check."""
    context = dict(context)
    if context.get("user") and not context.get("auth_user_obj"):
        context["auth_user_obj"] = roles.user_named(context["user"])
    return tk.get_action("package_search")(context, dict(params, ext_simore_codes="1"))


def site_context() -> dict[str, Any]:
    """The site user's context (for counts that are not the viewer's),
    looked up once per request."""
    return dict(memo.per_request(("site user context",), loaders.site_user_context))


def _types_in(fq: str) -> list[str]:
    """The dataset types a search filter is limited to (all if none)."""
    found = [kind for kind in counts_cache.DATASET_KINDS if "dataset_type:" + kind in fq]
    return found or list(counts_cache.KINDS)


def counts(context: dict[str, Any], fq: str, fields: list[str], **extra: Any) -> dict[str, Any]:
    """The number of datasets ``fq`` selects and their facet counts, as the
    context's user sees them; kept until a dataset of those types changes."""
    params = {
        "q": "",
        "fq": fq,
        "rows": 0,
        "facet.field": json.dumps(fields),
        "facet.limit": -1,
        "facet.mincount": 1,
        **extra,
    }
    if not fields:
        params.pop("facet.field")

    def compute() -> dict[str, Any]:
        result = package_search(context, params)
        return {"count": result["count"], "facets": result.get("facets") or {}}

    return counts_cache.cached("counts", [params, labels_of(context)], compute, depends_on=_types_in(fq))


def labels_of(context: dict[str, Any]) -> list[str]:
    """The permission labels a search in this context is filtered by
    (looked up once per request and user: permission_labels.user_labels)."""
    from ckan.lib.plugins import get_permission_labels

    if context.get("ignore_auth"):
        return ["*"]
    user = roles.user_named(context["user"]) if context.get("user") else None
    if user is not None and user.sysadmin:
        return ["*"]
    return sorted(get_permission_labels().get_user_dataset_labels(user))


def anonymous() -> dict[str, Any]:
    return {"user": "", "auth_user_obj": None, "ignore_auth": False}


def viewer(context: dict[str, Any]) -> dict[str, Any]:
    return {"user": context.get("user") or ""}


def facet_counts(context: dict[str, Any], fq: str, fields: list[str]) -> tuple[int, dict[str, dict[str, int]]]:
    result = counts(context, fq, fields, include_private=True, include_drafts=True)
    return result["count"], result["facets"]


def latest(context: dict[str, Any], fq: str, rows: int = 10) -> dict[str, Any]:
    result = package_search(
        context,
        {
            "q": "",
            "fq": fq,
            "rows": rows,
            "include_private": True,
            "include_drafts": True,
            "sort": "metadata_modified desc",
        },
    )
    return {"count": result["count"], "results": result["results"]}
