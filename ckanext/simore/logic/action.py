"""API actions of ckanext-simore."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic import validate

from ckanext.simore import vocabulary
from ckanext.simore.logic import action_imports, action_portal, action_reads, action_workflow, schema
from ckanext.simore.logic.action_imports import *  # noqa: F401,F403 (registered by the blanket)
from ckanext.simore.logic.action_portal import *  # noqa: F401,F403 (registered by the blanket)
from ckanext.simore.logic.action_reads import *  # noqa: F401,F403 (registered by the blanket)
from ckanext.simore.logic.action_workflow import *  # noqa: F401,F403 (registered by the blanket)

__all__ = ["simore_vocabulary_list", "simore_vocabulary_show"] + action_workflow.__all__ + action_imports.__all__ + action_portal.__all__ + action_reads.__all__


def _summary(vocab: vocabulary.Vocabulary) -> dict[str, Any]:
    return {
        "name": vocab.name,
        "version": vocab.version,
        "title": dict(vocab.title),
        "source": vocab.source,
        "term_count": len(vocab.terms),
    }


@tk.side_effect_free
def simore_vocabulary_list(context, data_dict):
    """The controlled vocabularies (themes, affected persons, SDG goals and
    targets, statuses, …) with their titles in every language."""
    tk.check_access("simore_vocabulary_list", context, data_dict)
    return [_summary(vocabulary.get(name)) for name in vocabulary.names()]


@tk.side_effect_free
@validate(schema.vocabulary_show)
def simore_vocabulary_show(context, data_dict):
    """One vocabulary with its terms: ``code``, ``label`` in every language,
    ``parent`` (SDG targets) and the ``aliases`` external sources use.

    :param id: the vocabulary's name, e.g. ``themes``
    """
    tk.check_access("simore_vocabulary_show", context, data_dict)
    try:
        vocab = vocabulary.get(data_dict["id"])
    except KeyError:
        raise tk.ObjectNotFound(
            tk._("No vocabulary called {name!r}; see simore_vocabulary_list").format(
                name=data_dict["id"]
            )
        )
    result = _summary(vocab)
    result["terms"] = [
        {
            "code": term.code,
            "label": dict(term.label),
            "parent": term.parent,
            "aliases": {source: list(labels) for source, labels in term.aliases.items()},
            **dict(term.extra),
        }
        for term in vocab.terms
    ]
    return result


# Every action of the extension, and the dataset and organization writes,
# check their input first and roll back on error (see guard).
from ckanext.simore.logic import guard  # noqa: E402
from ckanext.simore.logic.guard import (  # noqa: E402,F401 (chained by the blanket)
    organization_create, organization_patch, organization_update,
    package_create, package_patch, package_update,
)

guard.guard_all(globals(), __all__)
__all__ += guard.CHAINED
