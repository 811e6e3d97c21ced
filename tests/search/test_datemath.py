"""Solr date math. Pure."""

import datetime as dt

import pytest

from ckanext.simore.search.datemath import DateMathError, parse_date

NOW = dt.datetime(2026, 3, 31, 15, 45, 12, 345678, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NOW", NOW),
        ("NOW-1YEAR", NOW.replace(year=2025)),
        ("NOW/DAY", dt.datetime(2026, 3, 31, tzinfo=dt.timezone.utc)),
        ("NOW/DAY+1DAY", dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc)),
        ("NOW-1MONTH/MONTH", dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc)),
        ("NOW+1MONTH", NOW.replace(month=4, day=30)),  # clamped to the month's end
        ("NOW-2HOURS/HOUR", dt.datetime(2026, 3, 31, 13, tzinfo=dt.timezone.utc)),
        ("2020-01-01T00:00:00Z", dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)),
        ("2020-01-31T10:00:00.5Z+1MONTH", dt.datetime(2020, 2, 29, 10, 0, 0, 500000, tzinfo=dt.timezone.utc)),
        ("2020-01-01", dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)),
    ],
)
def test_dates_and_date_math(text, expected):
    assert parse_date(text, NOW) == expected


@pytest.mark.parametrize("text", ["yesterday", "NOW-1FORTNIGHT", "NOW-YEAR", "2020-13-01T00:00:00Z"])
def test_invalid_dates_are_refused(text):
    with pytest.raises(DateMathError):
        parse_date(text, NOW)
