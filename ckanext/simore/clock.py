"""Today's date, in one place: the rounds' deadlines, the dashboards and
the statistics ask it here, so that a test can move the clock."""

from __future__ import annotations

import datetime


def today() -> datetime.date:
    return datetime.date.today()


def now() -> datetime.datetime:
    """The present moment, in UTC."""
    return datetime.datetime.now(datetime.timezone.utc)
