"""Dates as the reader writes them, in the interface language: "3 de
diciembre de 2026", "3 décembre 2026", "December 3, 2026" (Unicode CLDR's
long date, through Babel). A moment is shown in the portal's display
timezone; a date without a time (a due date, a publication date) is shown
as it is, never shifted by a timezone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from babel import dates as babel_dates
from flask import has_request_context


def parse(value: Any) -> dt.date | dt.datetime | None:
    """A date (no time given) or a moment (UTC unless it says otherwise)
    from a date, a datetime or an ISO 8601 string; None if it is none."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return value if isinstance(value, dt.date) else None


def long_date(value: Any, with_hours: bool = False) -> str:
    """``value`` as the reader writes a date (and the time, ``with_hours``),
    or "" when it is no date."""
    when = parse(value)
    if when is None:
        return ""
    # a mail sent by a command has no request: the portal's default language
    locale = (tk.h.lang() if has_request_context() else None) or tk.config.get("ckan.locale_default") or "en"
    if not isinstance(when, dt.datetime):
        return babel_dates.format_date(when, "long", locale=locale)
    local = when.astimezone(tk.h.get_display_timezone())
    shown = babel_dates.format_date(local.date(), "long", locale=locale)
    if with_hours:
        shown = "{}, {}".format(shown, babel_dates.format_time(local, "short", locale=locale))
    return shown
