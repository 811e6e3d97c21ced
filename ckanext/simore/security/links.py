"""Which links and uploaded files the portal accepts and renders: pure
rules, no CKAN. A link is safe to put in an ``href`` only if a browser
cannot run it (``javascript:``, ``data:``, ``vbscript:`` ... can), and a
redirect target only if it stays on the portal."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})
MAIL_SCHEMES = WEB_SCHEMES | {"mailto"}

# Browsers drop control characters (tabs, newlines) inside URLs, and read
# "\" as "/": "java\tscript:", "/\t/evil.example" or "/\\evil.example" are
# not what they seem.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UNSAFE_IN_PATH = re.compile(r"[\x00-\x20\x7f\\]")


def web_link(value: object, schemes: frozenset[str] = WEB_SCHEMES) -> str | None:
    """``value`` when it is an absolute link with one of ``schemes`` (and a
    host, except for mailto:), else None."""
    if not isinstance(value, str) or _CONTROL.search(value):
        return None
    value = value.strip(" ")
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. "http://[" (an unclosed IPv6 host)
        return None
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        return None
    if scheme == "mailto":
        return value if parts.path else None
    return value if parts.netloc and parts.hostname else None


def local_path(value: object) -> str | None:
    """``value`` when it is a path on this site ("/rounds/x?y"), else None:
    no scheme, no host, nothing a browser would read as another site."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return None
    if _UNSAFE_IN_PATH.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if not parts.scheme and not parts.netloc else None


def file_extension(filename: str) -> str:
    """The extension of a file name, lower case and without the dot."""
    return posixpath.splitext(filename.rsplit("\\", 1)[-1])[1].lstrip(".").lower()


def file_type_allowed(filename: str, allowed: list[str]) -> bool:
    return file_extension(filename) in {extension.lower().lstrip(".") for extension in allowed}
