"""Pure logic: the calendar as an iCalendar feed (RFC 5545), one all-day
event per reporting obligation on its due date, written with the
``icalendar`` library. Imports nothing from CKAN or the database."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar

PRODUCT_ID = "-//SIMORE//Calendar of reporting obligations//EN"


@dataclass(frozen=True)
class Event:
    """What the feed says of one obligation (texts already translated)."""

    uid: str
    summary: str
    due_date: datetime.date
    description: str
    url: str
    modified: datetime.datetime
    done: bool


def ics(name: str, events: Iterable[Event]) -> bytes:
    """The feed named ``name``: an all-day event on each due date; a
    submitted report's event is marked completed (TRANSP: free)."""
    feed = icalendar.Calendar()
    feed.add("prodid", PRODUCT_ID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", event.uid)
        entry.add("dtstamp", event.modified.astimezone(datetime.timezone.utc))
        entry.add("last-modified", event.modified.astimezone(datetime.timezone.utc))
        entry.add("dtstart", event.due_date)
        entry.add("dtend", event.due_date + datetime.timedelta(days=1))
        entry.add("summary", event.summary)
        entry.add("description", event.description)
        entry.add("url", event.url)
        entry.add("transp", "TRANSPARENT")
        entry.add("status", "CONFIRMED")
        if event.done:
            entry.add("categories", ["SUBMITTED"])
        feed.add_component(entry)
    return feed.to_ical()
