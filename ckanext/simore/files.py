"""Files on disk: where the extension keeps uploads (under
``ckan.storage_path``, never elsewhere), the names they are kept under, and
their SHA-256 digest, read in blocks (imported files and backups can be
large)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import ckan.plugins.toolkit as tk


def stored_folder(*parts: str) -> Path:
    """A folder under ``ckan.storage_path``; without that option, a
    ValidationError naming it (a file written anywhere else, such as /tmp,
    would be lost or read by others)."""
    root = tk.config.get("ckan.storage_path")
    if not root:
        raise tk.ValidationError(
            {"ckan.storage_path": [tk._("is not set: this portal cannot keep uploaded files (ask its administrator)")]}
        )
    return Path(root).joinpath("simore", *parts)


def safe_name(filename: str, default: str = "file") -> str:
    """The file's name without folders or characters a path or a header
    could misread."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name).lstrip(".") or default


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
