"""Solr date values and date math (``NOW-1YEAR``, ``NOW/DAY+1DAY``,
``2020-01-01T00:00:00Z+6MONTHS``) resolved to UTC datetimes.

Pure: imports nothing from CKAN.
"""

from __future__ import annotations

import calendar
import datetime as dt

_UNITS = {
    "YEAR": "year",
    "YEARS": "year",
    "MONTH": "month",
    "MONTHS": "month",
    "DAY": "day",
    "DAYS": "day",
    "DATE": "day",
    "HOUR": "hour",
    "HOURS": "hour",
    "MINUTE": "minute",
    "MINUTES": "minute",
    "SECOND": "second",
    "SECONDS": "second",
    "MILLI": "millisecond",
    "MILLIS": "millisecond",
    "MILLISECOND": "millisecond",
    "MILLISECONDS": "millisecond",
}


class DateMathError(ValueError):
    pass


def parse_date(value: str, now: dt.datetime | None = None) -> dt.datetime:
    """A Solr date expression as an aware UTC datetime."""
    text = value.strip()
    if text.startswith("NOW"):
        base = now or dt.datetime.now(dt.timezone.utc)
        math = text[3:]
    else:
        end = _end_of_literal(text)
        base = _parse_literal(text[:end])
        math = text[end:]
        if math.startswith("||"):  # Solr's explicit separator
            math = math[2:]
    return _apply_math(base.astimezone(dt.timezone.utc), math, value)


def _end_of_literal(text: str) -> int:
    """Where an ISO literal (ending in Z) stops and its date math starts."""
    zulu = text.find("Z")
    if zulu >= 0:
        return zulu + 1
    # no Z: a bare date (2020-01-01) or datetime; math can only follow Z
    return len(text)


def _parse_literal(text: str) -> dt.datetime:
    candidate = text[:-1] + "+00:00" if text.endswith("Z") else text
    try:
        parsed = dt.datetime.fromisoformat(candidate)
    except ValueError:
        raise DateMathError(f"Invalid date: {text!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed


def _apply_math(when: dt.datetime, math: str, original: str) -> dt.datetime:
    position = 0
    while position < len(math):
        operator = math[position]
        position += 1
        if operator == "/":
            unit, position = _read_unit(math, position, original)
            when = _round_down(when, unit)
        elif operator in "+-":
            start = position
            while position < len(math) and math[position].isdigit():
                position += 1
            if start == position:
                raise DateMathError(f"Invalid date math: {original!r}")
            amount = int(math[start:position])
            unit, position = _read_unit(math, position, original)
            try:
                when = _add(when, unit, amount if operator == "+" else -amount)
            except (OverflowError, ValueError):
                # beyond the years 1-9999 a datetime can hold
                raise DateMathError(f"Date math out of range: {original!r}") from None
        else:
            raise DateMathError(f"Invalid date math: {original!r}")
    return when


def _read_unit(math: str, position: int, original: str) -> tuple[str, int]:
    start = position
    while position < len(math) and math[position].isalpha():
        position += 1
    unit = _UNITS.get(math[start:position].upper())
    if unit is None:
        raise DateMathError(f"Invalid date math unit in {original!r}")
    return unit, position


def _round_down(when: dt.datetime, unit: str) -> dt.datetime:
    if unit == "year":
        return when.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if unit == "month":
        return when.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if unit == "day":
        return when.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "hour":
        return when.replace(minute=0, second=0, microsecond=0)
    if unit == "minute":
        return when.replace(second=0, microsecond=0)
    if unit == "second":
        return when.replace(microsecond=0)
    return when.replace(microsecond=when.microsecond // 1000 * 1000)


def _add(when: dt.datetime, unit: str, amount: int) -> dt.datetime:
    if unit in ("year", "month"):
        months = when.month - 1 + amount * (12 if unit == "year" else 1)
        year = when.year + months // 12
        month = months % 12 + 1
        day = min(when.day, calendar.monthrange(year, month)[1])
        return when.replace(year=year, month=month, day=day)
    if unit == "millisecond":
        return when + dt.timedelta(milliseconds=amount)
    return when + dt.timedelta(**{unit + "s": amount})
