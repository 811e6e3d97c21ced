"""Keeping exported text from being run as a spreadsheet formula.

Excel, LibreOffice and Google Sheets treat a CSV cell that begins with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) as a
formula, so a recommendation's text could run a formula on the reader's
machine. A CSV cell that begins so gets a leading apostrophe, which
spreadsheets read as "this is text"; an Excel cell is written as a typed
text cell instead, so it keeps its exact value.

Pure logic: nothing here imports CKAN.
"""

from __future__ import annotations

from typing import Any

# What spreadsheets read as the start of a formula (the full-width forms
# too: some spreadsheet programs fold them to the ASCII ones).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
QUOTE = "'"


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS)


def _needs_quote(value: Any) -> bool:
    # a text that already begins with apostrophes before a formula gets one
    # more, so that ``restored`` can tell it from a neutralised one
    return isinstance(value, str) and is_formula_like(value.lstrip(QUOTE))


def neutralised(value: Any) -> Any:
    """A CSV cell's value that no spreadsheet runs as a formula."""
    return QUOTE + value if _needs_quote(value) else value


def restored(value: Any) -> Any:
    """The value ``neutralised`` was given (for reading the portal's own
    CSV exports back)."""
    if isinstance(value, str) and value.startswith(QUOTE) and _needs_quote(value):
        return value[1:]
    return value
