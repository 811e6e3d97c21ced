"""Input schemas of the extension's API actions."""
from __future__ import annotations

from ckan.logic.schema import validator_args


@validator_args
def vocabulary_show(not_empty, unicode_safe, ignore_missing):
    return {"id": [not_empty, unicode_safe], "lang": [ignore_missing, unicode_safe]}
