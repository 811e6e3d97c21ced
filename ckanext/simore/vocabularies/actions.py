"""API actions of the controlled vocabularies: public reference data."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.logic.schema import validator_args

from ckanext.simore.vocabularies import terms as vocabulary

__all__ = ["simore_vocabulary_list", "simore_vocabulary_show"]


@validator_args
def _show_schema(not_empty, unicode_safe, ignore_missing):
    return {"id": [not_empty, unicode_safe], "lang": [ignore_missing, unicode_safe]}


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
@validate(_show_schema)
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
            tk._("No vocabulary called {name!r}; see simore_vocabulary_list").format(name=data_dict["id"])
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
