"""An indicator value checked against its indicator: the number in the
indicator's unit, the period, the disaggregation.

Pure logic: nothing here imports CKAN. Each check returns the clean value
or raises ``ValueProblem`` with a message marked N_ (translated by the
caller) and the field it concerns.
"""

from __future__ import annotations

import datetime
import decimal
import json
import re
from collections.abc import Mapping
from typing import Any

from ckanext.simore.indicators import definitions
from ckanext.simore.multilingual import N_

# beyond this, a value is a typing mistake (and a chart's scale breaks)
LARGEST = decimal.Decimal("1e15")
# the digits kept after the decimal point
PLACES = 6
# a value for a year, a month or a day
PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MAX_DISAGGREGATION_TEXT = 100

YES = ("yes", "true", "1", "sí", "si", "oui")
NO = ("no", "false", "0", "non")


class ValueProblem(ValueError):
    def __init__(self, field: str, message: str, **params: Any):
        super().__init__(message.format(**params))
        self.field = field
        self.message = message
        self.params = params


def _decimal(raw: Any) -> decimal.Decimal:
    if isinstance(raw, bool) or raw is None:
        raise ValueProblem("value", N_("expected a number"))
    if isinstance(raw, (int, float)):
        raw = str(raw)
    if not isinstance(raw, str):
        raise ValueProblem("value", N_("expected a number"))
    text = raw.strip().replace(" ", "")
    # a decimal comma, as Spanish and French write it, unless it separates thousands too
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValueProblem("value", N_("expected a number"))
    if not number.is_finite():
        raise ValueProblem("value", N_("expected a number"))
    if abs(number) >= LARGEST:
        raise ValueProblem("value", N_("the number is too large"))
    return number


def _boolean(raw: Any) -> decimal.Decimal:
    if isinstance(raw, bool):
        return decimal.Decimal(int(raw))
    text = str(raw).strip().lower() if isinstance(raw, (str, int)) else ""
    if text in YES:
        return decimal.Decimal(1)
    if text in NO:
        return decimal.Decimal(0)
    raise ValueProblem("value", N_("this indicator is answered yes or no"))


def number_in_unit(unit: str, raw: Any) -> decimal.Decimal:
    """The value ``raw`` as the indicator's ``unit`` allows it: yes/no
    (stored 1 or 0), a whole number, or a decimal within the unit's bounds
    (a percentage from 0 to 100)."""
    term = definitions.shipped(definitions.UNITS).by_code.get(unit)
    if term is None:
        raise ValueProblem("value", N_("unknown unit {unit!r}"), unit=unit)
    kind = term.extra.get("value")
    if kind == "boolean":
        return _boolean(raw)
    number = _decimal(raw)
    if kind == "integer" and number != number.to_integral_value():
        raise ValueProblem("value", N_("expected a whole number"))
    low, high = term.extra.get("min"), term.extra.get("max")
    if low is not None and number < decimal.Decimal(str(low)):
        raise ValueProblem("value", N_("expected a number of at least {low}"), low=low)
    if high is not None and number > decimal.Decimal(str(high)):
        raise ValueProblem("value", N_("expected a number of at most {high}"), high=high)
    if number == number.to_integral_value():
        return number.quantize(decimal.Decimal(1))
    return round(number, PLACES).normalize()


def as_number(stored: decimal.Decimal) -> int | float:
    """A stored value as JSON writes it: a whole number without ".0"."""
    return int(stored) if stored == stored.to_integral_value() else float(stored)


def is_yes_no(unit: str) -> bool:
    term = definitions.shipped(definitions.UNITS).by_code.get(unit)
    return bool(term and term.extra.get("value") == "boolean")


def period(raw: Any) -> tuple[str, datetime.date]:
    """A period written YYYY, YYYY-MM or YYYY-MM-DD: the text and the day
    it starts (by which values are ordered)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    match = PERIOD.match(raw.strip()) if isinstance(raw, str) else None
    if match is None:
        raise ValueProblem("period", N_("expected a year (YYYY), a month (YYYY-MM) or a day (YYYY-MM-DD)"))
    year, month, day = match.groups()
    try:
        start = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueProblem("period", N_("expected a year (YYYY), a month (YYYY-MM) or a day (YYYY-MM-DD)"))
    if start.year < 1900:
        raise ValueProblem("period", N_("expected a year from 1900"))
    return match.group(0), start


def disaggregation(raw: Any, allowed: list[str]) -> tuple[dict[str, str], str]:
    """A breakdown of the value (``{"sex": "female"}``; empty for the
    total) by the indicator's ``allowed`` dimensions: the clean breakdown
    and its key (the same for the same breakdown, whatever the order)."""
    if raw is None or raw == "":
        return {}, ""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ValueProblem("disaggregation", N_('expected an object such as {{"sex": "female"}}'))
    if not isinstance(raw, Mapping):
        raise ValueProblem("disaggregation", N_('expected an object such as {{"sex": "female"}}'))
    clean: dict[str, str] = {}
    for dimension, value in raw.items():
        if value is None or value == "":
            continue
        if dimension not in allowed:
            raise ValueProblem(
                "disaggregation", N_("this indicator is not broken down by {dimension!r}"), dimension=str(dimension)
            )
        if not isinstance(value, str) or len(value.strip()) > MAX_DISAGGREGATION_TEXT:
            raise ValueProblem(
                "disaggregation",
                N_("the {dimension} must be a text of at most {limit} characters"),
                dimension=dimension,
                limit=MAX_DISAGGREGATION_TEXT,
            )
        closed = definitions.dimension_values(dimension)
        if closed and value.strip() not in closed:
            raise ValueProblem(
                "disaggregation",
                N_("unknown {dimension} {value!r} (expected one of: {values})"),
                dimension=dimension,
                value=value,
                values=", ".join(closed),
            )
        clean[dimension] = value.strip()
    ordered = dict(sorted(clean.items()))
    return ordered, json.dumps(ordered, ensure_ascii=False, sort_keys=True) if ordered else ""
