"""What an indicator may be, as shipped data (``kinds.yaml``,
``units.yaml``, ``periodicities.yaml``, ``disaggregations.yaml``, in the
vocabularies' format so that each label is in every portal language), and
the checks of an indicator's code.

Pure logic: nothing here imports CKAN.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import yaml

from ckanext.simore.multilingual import N_
from ckanext.simore.vocabularies import terms

KINDS, UNITS, PERIODICITIES, DISAGGREGATIONS = "kinds", "units", "periodicities", "disaggregations"

# url-safe, lower case: the indicator's page is /indicators/<code>
CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
# the names of the indicator pages that are not an indicator's
RESERVED_CODES = frozenset({"new"})

BAD_CODE = N_("a code of letters a-z, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)")
RESERVED_CODE = N_("{code!r} is reserved")


@functools.cache
def shipped(name: str) -> terms.Vocabulary:
    """One of the shipped lists (``KINDS``, ``UNITS``, …)."""
    text = (resources.files("ckanext.simore.indicators") / "{}.yaml".format(name)).read_text(encoding="utf-8")
    return terms.parse(yaml.safe_load(text))


def code_problem(code: str) -> str | None:
    """Why ``code`` (already lower-cased) cannot be an indicator's code, or
    None."""
    if not CODE.match(code):
        return BAD_CODE
    if code in RESERVED_CODES:
        return RESERVED_CODE
    return None


def dimension_values(dimension: str) -> dict[str, dict[str, str]]:
    """The closed list of a disaggregation's values, code → labels (empty:
    free text)."""
    term = shipped(DISAGGREGATIONS).by_code.get(dimension)
    values = term.extra.get("values") if term else None
    return {str(entry["code"]): dict(entry["label"]) for entry in values or []}  # type: ignore[attr-defined]
